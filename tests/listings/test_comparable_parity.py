"""The API's ``/comparable-contracts/`` and the technology's page read the same stored choice
(issue 20): the same contracts in the same order and the same figures; a contract withdrawn or made
confidential after the choice was stored leaves both at once, before any recompute; a confidential
value is null in the API and in no figure; nothing is computed per request."""

import re
from datetime import date
from decimal import Decimal

import pytest

from listings import price_discovery
from listings.models import StoredComparable
from tests import factories
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db

M = Decimal("1000000")
SECRET = Decimal("6123457")  # the confidential value: never in a response, never in a figure
FIGURES = ("count", "disclosed_count", "outlier_count")
AMOUNTS = ("asking_price_cny", "median_cny", "min_cny", "max_cny")


@pytest.fixture
def market(db):
    """An offer asking ¥10 M with twelve comparable licences signed a month apart (oldest first:
    ¥1 M to ¥12 M, the sixth confidential, the twelfth 2,000 times the price, an outlier), and two
    contracts that are not comparable (another type, another sector)."""
    sector = factories.SectorFactory(name_en="Genomics", name_zh_hans="基因组学")
    offer = factories.TechnologyFactory(sectors=[sector], transaction_types=["licence"], price_cny=10 * M)
    values = [1, 2, 3, 4, 5, None, 7, 8, 9, 11, 12, 20_000]
    contracts = [
        factories.ContractFactory(
            sectors=[sector],
            contract_type="licence",
            value=SECRET if value is None else value * M,
            value_is_public=value is not None,
            signed_on=date(2025, month, 1),
            title_en=f"Licence {month}",
            title_zh_hans=f"许可合同{month}",
        )
        for month, value in enumerate(values, start=1)
    ]
    factories.ContractFactory(sectors=[sector], contract_type="equity", value=9 * M)
    factories.ContractFactory(sectors=[factories.SectorFactory()], contract_type="licence", value=9 * M)
    return offer, contracts[::-1]  # newest first


def api(client, listing, language="en", **params):
    response = client.get(
        f"/api/v1/technologies/{listing.slug}/comparable-contracts/", params, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.json()


def api_figures(data):
    return (
        tuple(data[key] for key in FIGURES),
        tuple(None if data[key] is None else Decimal(data[key]) for key in AMOUNTS),
    )


def page(client, listing, language="en"):
    """The page's price discovery (its context) and the contracts' titles as the page lists them."""
    response = client.get(f"/{language}/technologies/{listing.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="contracts-title"') :]
    section = section[: section.index("</section>")]
    return response.context["prices"], re.findall(r'<th scope="row">([^<]+)</th>', section), section


def page_figures(prices):
    return (
        (prices.count, prices.disclosed, prices.outliers),
        (prices.asking_price_cny, prices.median_cny, prices.min_cny, prices.max_cny),
    )


def refs(contracts):
    return [contract.reference for contract in contracts]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_and_the_api_show_the_same_contracts_and_figures(client, market, language):
    offer, newest = market
    store_matches(offer)
    data = api(client, offer, language)
    # The newest 10 of the stored choice, newest first; the outlier marked, the secret counted once.
    assert [row["reference"] for row in data["results"]] == refs(newest[:10])
    assert [row["outlier"] for row in data["results"]] == [True] + [False] * 9
    # 11 counted (the outlier left out), 10 disclose: median of 1..5, 7, 8, 9, 11, 12 is (5 + 7) / 2.
    assert api_figures(data) == ((11, 10, 1), (10 * M, 6 * M, 1 * M, 12 * M))
    prices, titles, _section = page(client, offer, language)
    assert page_figures(prices) == api_figures(data)
    assert refs(prices.contracts) == [row["reference"] for row in data["results"][:5]]
    assert titles == [row["title"] for row in data["results"][:5]]
    assert titles[0] == ("Licence 12" if language == "en" else "许可合同12")


def test_a_listing_whose_choice_is_not_stored_yet_has_none_on_the_page_and_in_the_api(client, market):
    offer, _newest = market
    data = api(client, offer)
    assert (data["results"], api_figures(data)) == ([], ((0, 0, 0), (10 * M, None, None, None)))
    prices, titles, section = page(client, offer)
    assert (prices.contracts, titles) == ([], [])
    assert "No comparable contracts yet." in section


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_contract_withdrawn_or_made_confidential_after_storing_leaves_both_at_once(
    client, market, language
):
    offer, newest = market
    store_matches(offer)
    withdrawn, hidden = newest[1], newest[3]  # ¥12 M and ¥9 M, both listed on the page
    withdrawn.is_published = False
    withdrawn.save()
    hidden.value_is_public = False
    hidden.save()
    # No recompute has run (the test's transaction never commits): both are still stored.
    assert StoredComparable.objects.filter(listing=offer, contract__in=[withdrawn, hidden]).count() == 2
    data = api(client, offer, language)
    rest = [contract for contract in newest if contract != withdrawn]
    assert [row["reference"] for row in data["results"]] == refs(rest[:10])
    row = next(row for row in data["results"] if row["reference"] == hidden.reference)
    assert (row["value"], row["value_cny"], row["value_is_public"]) == (None, None, False)
    # 10 counted, 8 disclose (1..5, 7, 8, 11): median (4 + 5) / 2, range 1 to 11.
    assert api_figures(data) == ((10, 8, 1), (10 * M, Decimal("4.5") * M, 1 * M, 11 * M))
    prices, titles, section = page(client, offer, language)
    assert page_figures(prices) == api_figures(data)
    assert titles == [row["title"] for row in data["results"][:5]]
    assert withdrawn.title_en not in section and withdrawn.title_zh_hans not in section
    confidential = "confidential" if language == "en" else "保密"
    assert section.count(confidential) >= 1


@pytest.mark.parametrize("params", [{}, {"lang": "all"}])
def test_a_confidential_value_is_null_in_the_api_and_in_no_figure(client, market, params):
    offer, newest = market
    store_matches(offer)
    body = api(client, offer, **params)
    secret = next(row for row in body["results"] if row["reference"] == newest[6].reference)
    assert (secret["value"], secret["value_cny"], secret["value_is_public"]) == (None, None, False)
    assert all(row["value_cny"] is not None for row in body["results"] if row is not secret)
    assert "6123457" not in str(body) and "6.12" not in str(body)
    # Whatever the secret value, the figures stay: it enters none of them.
    before = api_figures(body)
    for value in (Decimal("1"), 9_000 * M, 10 * M):
        newest[6].value = newest[6].value_cny = value
        newest[6].save()
        assert api_figures(api(client, offer, **params)) == before


def test_the_api_computes_nothing_and_its_queries_are_fixed(
    client, market, monkeypatch, django_assert_num_queries
):
    offer, newest = market
    store_matches(offer)

    def never(*args, **kwargs):
        raise AssertionError("the API chose comparable contracts per request")

    monkeypatch.setattr(price_discovery, "comparable_contracts", never)
    # The listing (published, by slug; no relation prefetched); its stored comparable contracts
    # (still published, public value annotated, in stored order; no party joined: the serializer
    # shows none, and the destination is the country code column).
    with django_assert_num_queries(2):
        data = api(client, offer)
    assert len(data["results"]) == 10
    # ... whatever the number of contracts stored.
    for month in range(1, 13):
        factories.ContractFactory(sectors=offer.sectors.all(), signed_on=date(2026, month, 1))
    monkeypatch.undo()
    store_matches(offer)
    monkeypatch.setattr(price_discovery, "comparable_contracts", never)
    with django_assert_num_queries(2):
        data = api(client, offer, lang="all")
    assert (data["count"], data["outlier_count"]) == (23, 1)  # 24 stored, the outlier left out
