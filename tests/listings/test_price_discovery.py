"""Price discovery: comparable contracts as a distribution (count, median, range) with the asking
price marked, outliers labelled and left out, confidential values in no figure; the page in both
languages and the API. The choice is stored by the worker (``store_matches`` does its part here) and
read by every path (``stored_price_discovery``)."""

from decimal import Decimal

import pytest

from listings.models import Contract
from listings.price_discovery import stored_price_discovery
from tests import factories
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db

M = Decimal("1000000")


def price_discovery(listing, *, shown=5):
    """What the page and the API show of ``listing`` once the worker has stored its choice."""
    store_matches(listing)
    return stored_price_discovery(listing, shown=shown)


@pytest.fixture
def priced(db):
    """An offer asking ¥10 M with its comparables: four public values, one confidential, one
    outlier (1500 times the price); and contracts of another type or sector, not comparable."""
    sector = factories.SectorFactory(name_en="Genomics", name_zh_hans="基因组学")
    other = factories.SectorFactory()
    offer = factories.TechnologyFactory(sectors=[sector], transaction_types=["licence"], price_cny=10 * M)

    def contract(value, title, **extra):
        extra.setdefault("sectors", [sector])
        return factories.ContractFactory(value=value, title_en=title, contract_type="licence", **extra)

    made = {
        "5": contract(5 * M, "Five", signed_on="2025-01-01"),
        "8": contract(8 * M, "Eight", signed_on="2025-02-01"),
        "12": contract(12 * M, "Twelve", signed_on="2025-03-01"),
        "20": contract(20 * M, "Twenty", signed_on="2025-04-01"),
        "secret": contract(Decimal("9876543"), "Secret", signed_on="2025-05-01", value_is_public=False),
        "huge": contract(15_000 * M, "Huge", signed_on="2025-06-01"),
        "equity": factories.ContractFactory(value=9 * M, sectors=[sector], contract_type="equity"),
        "elsewhere": contract(9 * M, "Elsewhere", sectors=[other]),
    }
    return offer, made


def test_distribution_from_public_values_with_outlier_left_out(priced):
    offer, made = priced
    prices = price_discovery(offer, shown=10)
    assert [c.title_en for c in prices.contracts] == ["Huge", "Secret", "Twenty", "Twelve", "Eight", "Five"]
    assert [c.is_outlier for c in prices.contracts] == [True, False, False, False, False, False]
    assert (prices.count, prices.disclosed, prices.outliers) == (5, 4, 1)
    assert (prices.median_cny, prices.min_cny, prices.max_cny) == (10 * M, 5 * M, 20 * M)
    assert prices.price_against_median == "at"
    strip = prices.strip
    assert strip["low"] == 4.0 and strip["high"] == 96.0  # the lowest and highest values span the strip
    assert strip["low"] < strip["median"] == strip["price"] < strip["high"]


def test_a_confidential_value_changes_no_figure(priced):
    offer, made = priced
    before = price_discovery(offer)
    for value in (Decimal("1"), 500 * M, 10 * M):
        Contract.objects.filter(pk=made["secret"].pk).update(value=value, value_cny=value)
        after = price_discovery(offer)  # chosen again: the same choice, the same figures
        assert (after.count, after.disclosed, after.median_cny, after.min_cny, after.max_cny) == (
            before.count,
            before.disclosed,
            before.median_cny,
            before.min_cny,
            before.max_cny,
        )
        assert after.values == before.values


@pytest.mark.parametrize(
    ("value", "outlier"),
    [
        (10_000 * M, True),  # exactly 1000 times ¥10 M
        (Decimal("9999") * M, False),
        (Decimal("10000"), True),  # exactly 1/1000
        (Decimal("10001"), False),
    ],
)
def test_outlier_is_three_orders_of_magnitude_either_way(value, outlier):
    sector = factories.SectorFactory()
    offer = factories.TechnologyFactory(sectors=[sector], price_cny=10 * M)
    factories.ContractFactory(value=value, sectors=[sector])
    prices = price_discovery(offer)
    assert prices.contracts[0].is_outlier is outlier
    assert (prices.count, prices.outliers) == ((0, 1) if outlier else (1, 0))


def test_without_an_asking_price_nothing_is_an_outlier():
    sector = factories.SectorFactory()
    offer = factories.TechnologyFactory(sectors=[sector], price_cny=None, price_negotiable=True)
    factories.ContractFactory(value=1 * M, sectors=[sector])
    factories.ContractFactory(value=90_000 * M, sectors=[sector])
    prices = price_discovery(offer)
    assert (prices.count, prices.outliers, prices.price_against_median) == (2, 0, None)
    assert prices.strip["price"] is None


def test_page_in_english(client, priced):
    offer, made = priced
    store_matches(offer)
    html = client.get(f"/en/technologies/{offer.slug}/").content.decode()
    section = html[html.index('id="contracts-title"') :]
    assert "4 of 5 comparable contracts disclose a value." in section
    assert "Median CN¥10 M; range CN¥5 M to CN¥20 M." in section
    assert "This listing’s price, CN¥10 M, is at the median." in section
    assert (
        "1 contract at least 1,000 times above or below this listing’s price is listed as an outlier"
        in section
    )
    assert "outlier, not counted" in section
    assert 'role="img" aria-labelledby="price-summary"' in section
    assert section.count('class="strip-dot"') == 4
    assert "9.88 M" not in html and "9,876,543" not in html  # the confidential value


def test_page_in_chinese(client, priced):
    offer, made = priced
    store_matches(offer)
    html = client.get(f"/zh-hans/technologies/{offer.slug}/").content.decode()
    section = html[html.index('id="contracts-title"') :]
    assert "5 份可比合同中，4 份公开了金额。" in section
    assert "中位数1000万元；范围500万元至2000万元。" in section
    assert "本项目的价格1000万元等于中位数。" in section
    assert "异常值，未计入" in section
    assert "987.65万元" not in html and "9,876,543" not in html


def test_api(client, priced):
    offer, made = priced
    store_matches(offer)
    data = client.get(f"/api/v1/technologies/{offer.slug}/comparable-contracts/").json()
    assert {key: data[key] for key in ("count", "disclosed_count", "outlier_count")} == {
        "count": 5,
        "disclosed_count": 4,
        "outlier_count": 1,
    }
    assert [Decimal(data[key]) for key in ("asking_price_cny", "median_cny", "min_cny", "max_cny")] == [
        10 * M,
        10 * M,
        5 * M,
        20 * M,
    ]
    rows = {row["reference"]: row for row in data["results"]}
    assert rows[made["huge"].reference]["outlier"] is True
    assert rows[made["secret"].reference]["value_cny"] is None
    assert "9876543" not in str(data)


def test_api_schema_documents_the_figures(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    component = schema["components"]["schemas"]["ComparableContracts"]["properties"]
    for field in ("count", "disclosed_count", "outlier_count", "median_cny", "min_cny", "max_cny"):
        assert component[field]["description"], field
    operation = schema["paths"]["/api/v1/technologies/{slug}/comparable-contracts/"]["get"]
    assert "1000" in operation["description"] and "public" in operation["description"]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "en",
            [
                "1 of 1 comparable contract discloses a value.",
                "The one value disclosed: CN¥40 M.",
                "This need’s budget, CN¥2 M, is below the median.",
            ],
        ),
        (
            "zh-hans",
            [
                "1 份可比合同中，1 份公开了金额。",
                "唯一公开的金额：4000万元。",
                "本需求的预算200万元低于中位数。",
            ],
        ),
    ],
)
def test_a_need_with_one_disclosed_value(client, language, texts):
    sector = factories.SectorFactory()
    need = factories.TechnologyFactory(kind="need", sectors=[sector], price_cny=2 * M)
    factories.ContractFactory(value=40 * M, sectors=[sector])
    store_matches(need)
    html = client.get(f"/{language}/technologies/{need.slug}/").content.decode()
    for text in texts:
        assert text in html
    assert "Median" not in html and "中位数4000万元" not in html  # no median of a single value
