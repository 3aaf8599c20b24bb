"""The QuerySet methods that name the site's visibility questions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from agencies.models import Agency, AgencyMember, AgencyStatus
from financing.models import (
    FinancingInquiry,
    FinancingNeed,
    FinancingProduct,
    FinancingType,
    NeedStatus,
    ProductStatus,
)
from haidian.core.models import Article, KeyFigure, Page, PublicationStatus, Sector
from listings.filters import TechnologyFilter
from listings.models import Contract, Inquiry, InquiryStatus, Technology, TechnologyStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_technology_published_excludes_drafts_future_and_expired():
    now = timezone.now()
    visible = factories.TechnologyFactory()
    visible_until_later = factories.TechnologyFactory(expires_at=now + timedelta(days=3))
    factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None)
    factories.TechnologyFactory(status=TechnologyStatus.IN_REVIEW, published_at=None)
    factories.TechnologyFactory(status=TechnologyStatus.WITHDRAWN)
    factories.TechnologyFactory(status=TechnologyStatus.CLOSED)
    factories.TechnologyFactory(published_at=now + timedelta(days=1))
    expired = factories.TechnologyFactory(
        published_at=now - timedelta(days=10), expires_at=now - timedelta(days=1)
    )
    # Past its expiry date but already withdrawn: nothing left for the cron command to do.
    factories.TechnologyFactory(
        status=TechnologyStatus.WITHDRAWN,
        published_at=now - timedelta(days=10),
        expires_at=now - timedelta(days=1),
    )

    assert set(Technology.objects.published()) == {visible, visible_until_later}
    assert list(Technology.objects.expired()) == [expired]
    assert visible.is_public and not expired.is_public


def test_transferred_means_closed_after_being_published():
    """Success stories: a closed listing that was live once; one closed before it was ever
    published is not a transfer, and a live one is not closed."""
    transferred = factories.TechnologyFactory(status=TechnologyStatus.CLOSED)
    factories.TechnologyFactory(status=TechnologyStatus.CLOSED, published_at=None)
    factories.TechnologyFactory()
    assert list(Technology.objects.transferred()) == [transferred]


def test_a_listing_has_a_public_page_while_published_and_after_its_transfer():
    """``visible()``: live listings, and closed ones that were live once (the success stories);
    one closed before it was ever published never had a page."""
    now = timezone.now()
    live = factories.TechnologyFactory()
    transferred = factories.TechnologyFactory(status=TechnologyStatus.CLOSED)
    factories.TechnologyFactory(status=TechnologyStatus.CLOSED, published_at=None)
    factories.TechnologyFactory(published_at=now - timedelta(days=10), expires_at=now - timedelta(days=1))
    factories.TechnologyFactory(status=TechnologyStatus.WITHDRAWN)
    assert set(Technology.objects.visible()) == {live, transferred}


def test_ever_published_is_live_closed_or_once_live():
    """What the public may have seen (so it is withdrawn, never deleted): published or closed
    whatever the date, or any status once its publication date has passed."""
    now = timezone.now()
    seen = {
        factories.TechnologyFactory(),
        factories.TechnologyFactory(status=TechnologyStatus.CLOSED, published_at=None),
        factories.TechnologyFactory(status=TechnologyStatus.WITHDRAWN),
        factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=now - timedelta(days=1)),
    }
    scheduled = factories.TechnologyFactory(
        status=TechnologyStatus.DRAFT, published_at=now + timedelta(days=3)
    )
    factories.TechnologyFactory(status=TechnologyStatus.IN_REVIEW, published_at=None)
    assert set(Technology.objects.ever_published()) == seen
    # Asked as of a later moment, the scheduled listing has been live by then.
    assert set(Technology.objects.ever_published(now=now + timedelta(days=4))) == {*seen, scheduled}


def test_technology_kinds_and_agency():
    agency = factories.AgencyFactory()
    offer = factories.TechnologyFactory(agency=agency)
    need = factories.TechnologyFactory(kind="need")
    assert list(Technology.objects.offers()) == [offer]
    assert list(Technology.objects.needs()) == [need]
    assert list(Technology.objects.for_agency(agency)) == [offer]


def test_technology_in_parent_sector_includes_children():
    parent = factories.SectorFactory()
    child = factories.SectorFactory(parent=parent)
    other = factories.SectorFactory()
    in_child = factories.TechnologyFactory(sectors=[child])
    in_parent = factories.TechnologyFactory(sectors=[parent, child])
    factories.TechnologyFactory(sectors=[other])

    # The one home of the rule for every list: the sector filter the pages and the API share.
    in_parent_sector = TechnologyFilter(
        QueryDict(f"sector={parent.slug}"), queryset=Technology.objects.all()
    ).qs
    assert set(in_parent_sector) == {in_child, in_parent}
    assert in_parent_sector.count() == 2
    assert set(Sector.objects.with_descendants([parent])) == {parent, child}


def test_agency_active():
    active = factories.AgencyFactory()
    factories.AgencyFactory(status=AgencyStatus.SUSPENDED)
    assert list(Agency.objects.active()) == [active]
    assert list(Agency.objects.for_agency(active)) == [active]


def test_agency_members_for_agency():
    member = factories.AgencyMemberFactory()
    factories.AgencyMemberFactory()
    assert list(AgencyMember.objects.for_agency(member.agency)) == [member]


def test_financing_inquiries_for_lender():
    ours = factories.FinancingInquiryFactory()
    factories.FinancingInquiryFactory()
    assert list(FinancingInquiry.objects.for_lender(ours.lender_id)) == [ours]


def test_contracts_published_and_for_agency():
    agency = factories.AgencyFactory()
    public = factories.ContractFactory(agency=agency)
    factories.ContractFactory(is_published=False, agency=agency)
    assert list(Contract.objects.published()) == [public]
    assert Contract.objects.for_agency(agency).count() == 2


def test_inquiries_open_and_for_agency():
    agency = factories.AgencyFactory()
    technology = factories.TechnologyFactory(agency=agency)
    new = factories.InquiryFactory(technology=technology)
    forwarded = factories.InquiryFactory(technology=technology, status=InquiryStatus.FORWARDED)
    factories.InquiryFactory(status=InquiryStatus.SPAM)
    factories.InquiryFactory(status=InquiryStatus.ANSWERED, answered_at=timezone.now() + timedelta(minutes=1))
    assert set(Inquiry.objects.open()) == {new, forwarded, *Inquiry.objects.filter(status="new")}
    assert set(Inquiry.objects.for_agency(agency)) == {new, forwarded}


def test_financing_products_active_and_needs_published_open():
    active = factories.FinancingProductFactory()
    factories.FinancingProductFactory(status=ProductStatus.INACTIVE)
    assert list(FinancingProduct.objects.active()) == [active]

    open_need = factories.FinancingNeedFactory()
    past_deadline = factories.FinancingNeedFactory(deadline=timezone.localdate() - timedelta(days=1))
    funded = factories.FinancingNeedFactory(status=NeedStatus.FUNDED)
    factories.FinancingNeedFactory(status=NeedStatus.DRAFT)
    factories.FinancingNeedFactory(status=NeedStatus.WITHDRAWN)
    assert list(FinancingNeed.objects.open()) == [open_need]
    assert set(FinancingNeed.objects.published()) == {open_need, past_deadline, funded}


def test_needs_fundable_by_a_lender_are_open_of_a_type_and_amount_an_active_product_serves():
    product = factories.FinancingProductFactory(
        amount_min_cny=Decimal("1000000"), amount_max_cny=Decimal("10000000")
    )
    factories.FinancingProductFactory(
        lender=product.lender, status=ProductStatus.INACTIVE, product_type=FinancingType.EQUITY
    )
    factories.FinancingProductFactory(amount_min_cny=Decimal("1"), amount_max_cny=Decimal("1000000000"))
    fundable = {
        factories.FinancingNeedFactory(amount_cny=Decimal(amount))
        for amount in ("1000000", "5000000", "10000000")
    }
    for amount in ("999999.99", "10000000.01"):
        factories.FinancingNeedFactory(amount_cny=Decimal(amount))
    factories.FinancingNeedFactory(financing_type=FinancingType.EQUITY)
    factories.FinancingNeedFactory(status=NeedStatus.WITHDRAWN)
    assert set(FinancingNeed.objects.fundable_by(product.lender_id)) == fundable


def test_cms_published():
    page = factories.PageFactory()
    factories.PageFactory(status=PublicationStatus.DRAFT)
    article = factories.ArticleFactory()
    factories.ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    factories.ArticleFactory(status=PublicationStatus.DRAFT, published_at=None)
    assert list(Page.objects.published()) == [page]
    assert list(Article.objects.published()) == [article]


def test_cms_content_taken_back_to_draft_is_not_published_though_it_keeps_its_date():
    """Unpublishing keeps ``published_at`` (the date it first went out): only the status hides it."""
    last_week = timezone.now() - timedelta(days=7)
    factories.PageFactory(status=PublicationStatus.DRAFT, published_at=last_week)
    factories.ArticleFactory(status=PublicationStatus.DRAFT, published_at=last_week)
    assert not Page.objects.published().exists()
    assert not Article.objects.published().exists()


def test_publishing_a_page_sets_its_date():
    page = factories.PageFactory(status=PublicationStatus.DRAFT)
    page.status = PublicationStatus.PUBLISHED
    page.save()
    assert page.published_at is not None


def test_a_page_saved_with_named_fields_writes_those_only():
    """The publication date's hook passes ``update_fields`` on: a concurrent edit of another field stays."""
    page = factories.PageFactory(title_en="Before")
    Page.objects.filter(pk=page.pk).update(title_en="Edited meanwhile")
    page.body_en = "<p>Not part of this save.</p>"
    page.status = PublicationStatus.DRAFT
    page.save(update_fields=["status"])
    page.refresh_from_db()
    assert (page.status, page.title_en) == (PublicationStatus.DRAFT, "Edited meanwhile")
    assert page.body_en != "<p>Not part of this save.</p>"


def test_key_figure_readings_are_the_newest_of_each_key_by_position_then_key():
    """The home page's order: the editors' position, then the key; each figure's newest period."""

    def figure(key, position, year):
        return factories.KeyFigureFactory(
            key=key, position=position, period_start=f"{year}-01-01", period_end=f"{year}-12-31"
        )

    first = figure("b-figure", 1, 2025)
    figure("b-figure", 1, 2024)
    second = figure("a-figure", 2, 2024)
    figure("c-figure", 2, 2024)  # the older period stored first, as b's newer one is
    third = figure("c-figure", 2, 2025)
    assert [latest for latest, _reading in KeyFigure.objects.readings()] == [first, second, third]


def test_a_computed_key_figure_reads_the_register_as_it_stood_on_the_day_asked():
    factories.ContractFactory(signed_on=date(2026, 6, 1))
    figure = factories.KeyFigureFactory(
        key="signed-contracts", value=None, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )
    assert figure.reading(today=date(2026, 3, 31)).value == 0
    assert figure.reading(today=date(2026, 6, 30)).value == 1
    assert figure.reading(today=date(2025, 12, 31)).value is None  # the period had not started
    (as_of_march,) = KeyFigure.objects.filter(pk=figure.pk).readings(today=date(2026, 3, 31))
    assert as_of_march[1].value == 0


def test_key_figures_latest_per_key_and_previous():
    older = factories.KeyFigureFactory(key="investment", period_start="2024-01-01", period_end="2024-06-30")
    newer = factories.KeyFigureFactory(key="investment", period_start="2025-01-01", period_end="2025-06-30")
    single = factories.KeyFigureFactory(key="agencies")
    factories.KeyFigureFactory(key="hidden", is_published=False)
    assert set(KeyFigure.objects.published().latest_per_key()) == {newer, single}
    assert newer.previous() == older
    assert older.previous() is None
