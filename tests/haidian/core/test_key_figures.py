"""Key figures from the register are computed on read for their period, compared with the same
period a year earlier, and never sum a confidential value; editorial figures keep their source."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haidian.core import key_figures
from tests import factories

pytestmark = pytest.mark.django_db

B = Decimal("1000000000")


@pytest.fixture
def today():
    return timezone.localdate()


def this_year(today):
    return {"period_start": date(today.year, 1, 1), "period_end": date(today.year, 12, 31)}


@pytest.fixture
def register(today):
    """Contracts of this year to date and of last year, in and after the same period."""
    start = date(today.year, 1, 1)
    factories.ContractFactory(signed_on=start, value=3 * B, value_cny=3 * B)
    factories.ContractFactory(signed_on=today, value=Decimal("1.5") * B, value_cny=Decimal("1.5") * B)
    factories.ContractFactory(signed_on=today, value=9 * B, value_cny=9 * B, value_is_public=False)
    factories.ContractFactory(signed_on=start, value=7 * B, value_cny=7 * B, is_published=False)
    factories.ContractFactory(signed_on=date(today.year - 1, 1, 1), value=B, value_cny=B)
    # Last year but after the same day: outside the same period (a running total would count it).
    if (today.month, today.day) != (12, 31):
        later = key_figures.one_year_earlier(today) + timedelta(days=1)
        factories.ContractFactory(signed_on=later, value=5 * B, value_cny=5 * B)
    for key, in_yuan in (("signed-contracts", False), ("contract-value", True)):
        factories.KeyFigureFactory(
            key=key,
            value=None,
            in_yuan=in_yuan,
            source_en="Computed from the contract register",
            source_zh_hans="根据合同登记统计",
            **this_year(today),
        )


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_api_signed_contracts_agree_with_the_register(client, register, today, lang):
    rows = client.get(f"/api/v1/key-figures/?key=signed-contracts&lang={lang}").json()["results"]
    assert len(rows) == 1
    row = rows[0]
    # Three published contracts signed this year to date (the confidential one is counted).
    assert Decimal(row["value"]) == 3
    assert row["computed"] is True and row["value_as_of"] == today.isoformat()
    assert row["period_start"] == f"{today.year}-01-01"


def test_api_contract_value_leaves_confidential_values_out(client, register):
    row = client.get("/api/v1/key-figures/?key=contract-value").json()["results"][0]
    assert Decimal(row["value"]) == Decimal("4.5") * B
    assert row["withheld_count"] == 1 and row["in_yuan"] is True


def test_a_new_contract_shows_at_once(client, register, today):
    """Cached per content version: a save is read back, never a stale figure."""
    path = "/api/v1/key-figures/?key=signed-contracts"
    assert Decimal(client.get(path).json()["results"][0]["value"]) == 3
    factories.ContractFactory(signed_on=today)
    assert Decimal(client.get(path).json()["results"][0]["value"]) == 4


def test_year_on_year_compares_the_same_period(register, today):
    from haidian.core.models import KeyFigure

    reading = KeyFigure.objects.get(key="signed-contracts").reading(today=today)
    # One contract last year to the same day, not the two of the whole of last year.
    assert (reading.value, reading.previous, reading.change) == (3, 1, 200)
    value = KeyFigure.objects.get(key="contract-value").reading(today=today)
    assert (value.value, value.previous, value.withheld) == (Decimal("4.5") * B, B, 1)


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "en",
            [
                "CN¥4.5 bn",
                "1 confidential contract is counted, its value left out",
                "up 200.0% on the same period of",
                "up 350.0% on the same period of",
                "Computed from the contract register",
            ],
        ),
        (
            "zh-hans",
            ["45亿元", "1 项保密合同计入数量，金额未计入", "年同期（1）增长200.0%", "根据合同登记统计"],
        ),
    ],
)
def test_home_page_shows_computed_figures(client, register, today, lang, texts):
    html = client.get("/en/" if lang == "en" else "/zh-hans/").content.decode()
    for text in texts:
        assert text in html, text
    assert f"{today.year}-01-01" in html and today.isoformat() in html


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "en",
            [
                "CN¥877 bn",
                "As of 2025-12-31",
                "Announcement",
                "up 10.7% on the same period of 2024",
                "illustrative",
            ],
        ),
        ("zh-hans", ["8770亿元", "截至2025-12-31", "公告", "较2024年同期（7920亿元）增长10.7%", "示意"]),
    ],
)
def test_editorial_figures_keep_source_date_and_say_when_illustrative(client, lang, texts):
    common = {
        "key": "high-tech-revenue",
        "in_yuan": True,
        "label_en": "Revenue of high-tech companies",
        "label_zh_hans": "高新技术企业总收入",
        "unit_en": "",
        "unit_zh_hans": "",
    }
    factories.KeyFigureFactory(
        **common,
        value=877 * B,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        source_en="Announcement",
        source_zh_hans="公告",
    )
    factories.KeyFigureFactory(
        **common,
        value=792 * B,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        illustrative=True,
        source_en="Illustrative earlier value",
        source_zh_hans="示意性早期数值",
    )
    html = client.get("/en/" if lang == "en" else "/zh-hans/").content.decode()
    for text in texts:
        assert text in html, text


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "Illustrative value (demo data)"), ("zh-hans", "示意性数值（演示数据）")]
)
def test_an_illustrative_figure_says_so_on_the_page(client, lang, text):
    factories.KeyFigureFactory(illustrative=True)
    assert text in client.get("/en/" if lang == "en" else "/zh-hans/").content.decode()
    factories.KeyFigureFactory._meta.model.objects.update(illustrative=False)
    factories.ContractFactory()  # a content change, so the cached page is rendered again
    assert text not in client.get("/en/" if lang == "en" else "/zh-hans/").content.decode()


def test_no_trend_without_the_same_period_a_year_earlier(today):
    stock = factories.KeyFigureFactory(
        key="partner-colleges", value=33, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)
    )
    older = factories.KeyFigureFactory(
        key="partner-colleges", value=29, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)
    )
    assert stock.reading(earlier=[older]).change is None


def test_computed_figures_take_no_typed_value_and_editorial_ones_need_one(today):
    """The editor reads why on the value field: computed from the register, or missing."""
    computed = factories.KeyFigureFactory.build(key="signed-contracts", value=Decimal(11), **this_year(today))
    with pytest.raises(ValidationError) as error:
        computed.full_clean()
    assert error.value.message_dict["value"] == [
        "This figure is computed from the register: leave the value empty."
    ]
    editorial = factories.KeyFigureFactory.build(key="tech-companies", value=None)
    with pytest.raises(ValidationError) as error:
        editorial.full_clean()
    assert error.value.message_dict["value"] == ["Enter the value, with its source and date."]


def test_every_register_figure_is_registered_by_its_app():
    assert set(key_figures.computed_keys()) == {
        "signed-contracts",
        "contract-value",
        "service-agencies",
        "technology-offers",
        "technology-needs",
        "financing-products",
        "financing-needs",
    }


def test_agencies_listings_and_financing_figures(today):
    start, earlier = date(today.year, 1, 1), key_figures.one_year_earlier(today)
    keys = [
        "service-agencies",
        "technology-offers",
        "technology-needs",
        "financing-needs",
        "financing-products",
    ]

    def measured():
        return [key_figures.measure(key, start, today).value for key in keys]

    before = measured()
    earlier_before = key_figures.measure(
        "service-agencies", key_figures.one_year_earlier(start), earlier
    ).value
    factories.AgencyFactory(joined_on=today)
    factories.TechnologyFactory(kind="offer", published_at=timezone.now())
    factories.TechnologyFactory(kind="need", published_at=timezone.now())
    factories.FinancingNeedFactory()
    factories.FinancingProductFactory()
    # The two listings' agencies joined in 2024 (the factory's date): a stock counts them too.
    assert [after - was for after, was in zip(measured(), before, strict=True)] == [3, 1, 1, 1, 1]
    # A stock on the same day last year: the agency that joined today is not in it.
    assert (
        key_figures.measure("service-agencies", key_figures.one_year_earlier(start), earlier).value
        == earlier_before + 2
    )


def test_admin_list_shows_the_value_the_site_shows(admin_client, register):
    html = admin_client.get("/admin/haidian/keyfigure/", headers={"accept-language": "en"}).content.decode()
    assert "CN¥4.5 bn" in html


def test_home_queries_do_not_grow_with_the_register(client, register, today, settings):
    """Without any cache: the home page's seven queries (nine, less the sectors of offers and needs:
    there are none), plus two per computed figure (its period and the same period a year earlier),
    whatever the number of contracts."""
    settings.PUBLIC_CACHE_ENABLED = False

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/").status_code == 200
        return len(captured)

    before = queries()
    for _ in range(10):
        factories.ContractFactory(signed_on=today)
    assert queries() == before == 7 + 2 * 2
