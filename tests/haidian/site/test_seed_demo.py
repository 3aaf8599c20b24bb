"""``manage.py seed_demo``: the announced facts, a coherent bilingual data set, and idempotence."""

import hashlib
import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from modeltranslation.translator import translator

from agencies.models import Agency, AgencyStatus
from financing.models import FinancingNeed, FinancingProduct, NeedStatus
from haidian.core.models import Article, KeyFigure, Organization, Page, Sector
from listings.models import BenefitClaim, Contract, IPStatus, Technology, TechnologyKind, TechnologyStatus
from listings.search import search_technologies

DEMO_MODELS = [
    Sector,
    Organization,
    Agency,
    Technology,
    BenefitClaim,
    Contract,
    FinancingProduct,
    FinancingNeed,
    KeyFigure,
    Page,
    Article,
]
SECTORS = {
    "biomedicine",
    "integrated-circuits",
    "navigation-services",
    "next-generation-internet",
    "genome-sequencing",
    "supercomputing",
}


def latest(key):
    return KeyFigure.objects.published().filter(key=key).latest("period_end")


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The data set loaded once for the read-only tests of a class, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


class TestDemoDataSet:
    """Read-only checks on one loaded data set."""

    def test_summary_names_the_figures(self, demo_db):
        assert "21 active agencies" in demo_db
        assert "11 contracts worth 53,000,000,000 CNY" in demo_db
        assert re.search(r"\d+ rows created, 0 updated, 0 unchanged", demo_db)

    def test_twenty_one_active_agencies_spread_over_the_years(self, demo_db):
        agencies = Agency.objects.prefetch_related("services", "sectors", "countries")
        assert Agency.objects.active().count() == agencies.count() == 21
        for agency in agencies:
            assert agency.status == AgencyStatus.ACTIVE
            assert agency.services.all() and agency.sectors.all() and agency.countries.all(), agency.slug
            assert agency.contact_email.endswith(".example.org") and agency.inquiry_email.endswith(
                ".example.org"
            )
            assert agency.joined_on < timezone.localdate()
        assert len({agency.joined_on.year for agency in agencies}) >= 4  # a growth chart, not one step
        served = {code for agency in agencies for code in agency.countries.values_list("code", flat=True)}
        assert {"JP", "SE", "HK"} <= served

    def test_eleven_contracts_worth_exactly_53_billion_yuan(self, demo_db):
        contracts = list(Contract.objects.select_related("seller", "buyer").prefetch_related("sectors"))
        assert len(contracts) == 11
        assert Contract.objects.aggregate(total=Sum("value_cny"))["total"] == Decimal("53000000000")
        assert {"JP", "SE", "HK"} <= {c.destination_country_id for c in contracts}
        assert {"JPY", "SEK", "HKD", "CNY"} <= {c.currency for c in contracts}
        # value and value_cny agree at a plausible rate of the day
        plausible = {"CNY": (1, 1), "JPY": (0.04, 0.06), "SEK": (0.6, 0.75), "HKD": (0.85, 0.95)}
        for contract in contracts:
            low, high = plausible[contract.currency]
            assert low <= contract.value_cny / contract.value <= high, contract.reference
            assert (
                contract.seller.country_id == "CN"
                and contract.buyer.country_id == contract.destination_country_id
            )
            assert contract.agency_id and contract.sectors.all()
            assert contract.signed_on <= timezone.localdate()
        assert 1 <= sum(not c.value_is_public for c in contracts) <= 2
        assert Contract.objects.published().count() == 11

    def test_contracts_from_listings_are_signed_after_publication(self, demo_db):
        for contract in Contract.objects.filter(technology__isnull=False).select_related("technology"):
            assert contract.technology.published_at.date() < contract.signed_on
        closed = Technology.objects.get(status=TechnologyStatus.CLOSED)
        assert closed.contracts.exists() and closed.closed_at is not None

    def test_six_growing_sectors_with_children(self, demo_db):
        roots = Sector.objects.roots().prefetch_related("children")
        assert {sector.slug for sector in roots} == SECTORS
        for root in roots:
            assert 2 <= len(root.children.all()) <= 4, root.slug
        assert Sector.objects.filter(parent__parent__isnull=False).count() == 0  # two levels only

    def test_technologies_offers_and_needs_in_every_status(self, demo_db):
        technologies = Technology.objects.all()
        total = technologies.count()
        assert total >= 60
        assert technologies.offers().exists() and technologies.needs().exists()
        assert set(technologies.values_list("status", flat=True)) == set(TechnologyStatus.values)
        published = Technology.objects.published()
        assert published.count() >= 0.75 * total
        assert published.needs().count() >= 10
        assert published.filter(expires_at__gt=timezone.now()).count() >= 5
        assert Technology.objects.expired().count() == 0
        for technology in technologies.prefetch_related("sectors", "transaction_types"):
            assert technology.sectors.all() and technology.transaction_types.all(), technology.slug
            assert technology.price_negotiable == (technology.price_cny is None)
            assert 1 <= technology.trl <= 9
            if technology.published_at:
                assert technology.published_at < timezone.now()
                assert technology.last_verified_at >= technology.published_at
            if technology.ip_status == IPStatus.GRANTED_PATENT:
                assert re.fullmatch(r"ZL\d{12}\.[\dX](, ZL\d{12}\.[\dX])*", technology.patent_numbers)
            if technology.kind == TechnologyKind.OFFER and technology.status == TechnologyStatus.PUBLISHED:
                assert technology.agency_id, technology.slug
        assert (
            Technology.objects.published()
            .filter(sectors__in=Sector.objects.with_descendants(Sector.objects.filter(slug="supercomputing")))
            .exists()
        )

    def test_search_documents_are_built(self, demo_db):
        assert not Technology.objects.filter(search_document="").exists()
        document = Technology.objects.get(slug="risc-v-sensor-hub-core").search_document
        assert "risc" in document and "传感器" in document

    def test_listings_carry_bilingual_benefit_claims_that_search_finds(self, demo_db):
        with_claims = Technology.objects.published().filter(benefits__isnull=False).distinct()
        assert with_claims.count() >= 5
        for claim in BenefitClaim.objects.all():
            assert claim.metric_en and claim.metric_zh_hans
        assert BenefitClaim.objects.exclude(machine_translated=[]).exists()  # the reader's marker shows
        sepsis = Technology.objects.get(slug="microfluidic-sepsis-test")
        assert sepsis in search_technologies("灵敏度")
        assert sepsis in search_technologies("blood culture")

    def test_financing_products_and_needs(self, demo_db):
        assert FinancingProduct.objects.active().count() >= 20
        assert FinancingProduct.objects.count() > FinancingProduct.objects.active().count()  # one withdrawn
        assert len(set(FinancingProduct.objects.values_list("product_type", flat=True))) == 7
        assert not FinancingProduct.objects.exclude(
            lender__kind__in=["lender", "investor", "government"]
        ).exists()
        needs = FinancingNeed.objects.all()
        assert needs.count() >= 30
        assert needs.open().count() > needs.count() / 2
        assert {NeedStatus.MATCHED, NeedStatus.FUNDED, NeedStatus.WITHDRAWN, NeedStatus.DRAFT} <= set(
            needs.values_list("status", flat=True)
        )
        products = list(FinancingProduct.objects.active())

        def covered(need):
            return any(
                p.product_type == need.financing_type
                and p.amount_min_cny <= need.amount_cny <= p.amount_max_cny
                for p in products
            )

        open_needs = list(needs.open())
        assert sum(map(covered, open_needs)) >= 10
        assert sum(not covered(need) for need in open_needs) >= 2  # larger than any product

    def test_key_figures_carry_the_announced_facts(self, demo_db):
        announced = {
            "technology-companies": "16000",
            "high-tech-companies": "4100",
            "partner-colleges": "33",
            "state-level-labs": "50",
            "service-agencies-target": "100",
            "high-tech-revenue": "877000000000",
            "innovation-investment": "18500000000",
        }
        for key, value in announced.items():
            assert latest(key).value == Decimal(value), key
        assert latest("high-tech-revenue").in_yuan and latest("innovation-investment").in_yuan
        investment = latest("innovation-investment")
        reading = investment.reading(earlier=KeyFigure.objects.filter(key="innovation-investment"))
        assert round(reading.change) == 24 and reading.previous_illustrative
        assert (investment.period_end - investment.period_start).days in range(180, 185)
        assert latest("high-tech-revenue").period_end.year == timezone.localdate().year - 1
        for figure in KeyFigure.objects.all():
            assert figure.period_start <= figure.period_end
            assert figure.source_en and figure.source_zh_hans
            assert figure.illustrative == figure.source_en.startswith("Illustrative")

    def test_register_figures_are_computed_not_stored(self, demo_db):
        today = timezone.localdate()
        for key in ("service-agencies", "signed-contracts", "contract-value"):
            figure = latest(key)
            assert figure.value is None, key
            assert (figure.period_start, figure.period_end) == (
                date(today.year, 1, 1),
                date(today.year, 12, 31),
            )
        signed = Contract.objects.filter(signed_on__year=today.year)
        assert latest("signed-contracts").current.value == signed.count()
        public = sum(signed.filter(value_is_public=True).values_list("value_cny", flat=True), Decimal(0))
        assert latest("contract-value").current.value == public
        assert latest("contract-value").current.withheld == signed.filter(value_is_public=False).count()
        assert latest("service-agencies").current.value == Agency.objects.active().count() == 21

    def test_news_and_pages(self, demo_db):
        assert Article.objects.published().count() >= 4
        assert Article.objects.exclude(pk__in=Article.objects.published()).exists()  # a draft
        pages = set(Page.objects.published().values_list("slug", flat=True))
        assert {"about", "how-to-list-a-technology", "about-demo-data"} <= pages
        demo_page = Page.objects.get(slug="about-demo-data")
        assert "fictional" in demo_page.body_en and "虚构" in demo_page.body_zh_hans
        assert timezone.localdate().isoformat() in demo_page.body_en

    def test_organizations_are_marked_fictional(self, demo_db):
        for organization in Organization.objects.all():
            assert organization.description_en.startswith("Fictional organization (demo data).")
            assert organization.description_zh_hans.startswith("虚构机构（演示数据）。")
            assert ".example.com" in organization.website
        kinds = set(Organization.objects.values_list("kind", flat=True))
        assert {"company", "university", "state_lab", "institute", "lender", "investor"} <= kinds

    def test_every_translated_column_is_filled_in_both_languages(self, demo_db):
        # No demo article has an image; a ratio such as PUE has no unit, nor has an amount of yuan
        # (its figure is formatted as money).
        optional = {(Article, "image_alt"), (BenefitClaim, "unit"), (KeyFigure, "unit")}
        for model in DEMO_MODELS:
            for field in translator.get_options_for_model(model).fields:
                if (model, field) in optional:
                    continue
                for lang in ("en", "zh_hans"):
                    column = f"{field}_{lang}"
                    empty = model.objects.filter(**{f"{column}__isnull": True}) | model.objects.filter(
                        **{column: ""}
                    )
                    assert not empty.exists(), f"{model.__name__}.{column}"
        chinese = re.compile(r"[\u4e00-\u9fff]")
        assert all(
            chinese.search(title) for title in Technology.objects.values_list("title_zh_hans", flat=True)
        )

    def test_creates_no_users(self, demo_db):
        assert not get_user_model().objects.exists()


def checksum() -> str:
    """Every column of every demo row and M2M link, plus the history row counts."""
    digest = hashlib.sha256()
    for model in DEMO_MODELS:
        digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
        digest.update(str(model.history.count()).encode())
        for field in model._meta.many_to_many:
            digest.update(
                repr(list(field.remote_field.through.objects.order_by("pk").values_list())).encode()
            )
    return digest.hexdigest()


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    seed()
    counts = {model: model.objects.count() for model in DEMO_MODELS}
    before = checksum()

    output = seed()

    assert {model: model.objects.count() for model in DEMO_MODELS} == counts
    assert checksum() == before  # same values, same updated_at, no new history
    assert re.search(r"0 rows created, 0 updated, \d+ unchanged", output)

    # An edit in the admin is put back, and only that row is written.
    Agency.objects.filter(slug="bluebridge-transfer").update(name_en="Renamed")
    output = seed()
    assert Agency.objects.get(slug="bluebridge-transfer").name_en == "Bluebridge Technology Transfer"
    assert "0 rows created, 1 updated" in output


@pytest.mark.django_db
def test_missing_reference_rows_give_a_clear_error():
    from django.core.management.base import CommandError

    from haidian.core.models import Country

    Country.objects.filter(code="SE").delete()
    with pytest.raises(CommandError, match="Country rows missing: SE"):
        seed()
    assert not Agency.objects.exists()  # nothing half-loaded
    assert connection.in_atomic_block  # the test's own transaction is intact
