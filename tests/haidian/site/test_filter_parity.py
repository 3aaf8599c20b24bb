"""Each list page and its API list run the same FilterSet: the same parameters give the same rows.

The pages mark each result with ``data-id`` (the slug, or a contract's reference: what the API
names it by). Fewer rows than a page holds, and the API asked for its largest page, so both show
every result.
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    parent = factories.SectorFactory(slug="biomedicine", name_en="Biomedicine")
    child = factories.SectorFactory(slug="genomics", name_en="Genomics", parent=parent)
    other = factories.SectorFactory(slug="chips", name_en="Chip design")
    japan_agency = factories.AgencyFactory(
        slug="tokyo-bridge", name_en="Tokyo Bridge Transfer", services=["brokerage"]
    )
    japan_agency.sectors.set([child])
    japan_agency.countries.set(["JP"])
    factories.AgencyFactory(
        slug="ip-house", name_en="IP House", services=["ip_legal", "evaluation"]
    ).sectors.set([other])
    factories.AgencyFactory(
        slug="bio-hub", name_en="Bio Hub Agency", name_zh_hans="生物服务机构", services=["incubation"]
    ).sectors.set([parent])

    factories.TechnologyFactory(slug="sequencer", title_en="Gene sequencer", sectors=[child], trl=7)
    factories.TechnologyFactory(
        slug="vaccine", title_en="Vaccine platform", sectors=[parent], ip_status="pending_patent", trl=5
    )
    factories.TechnologyFactory(
        slug="chip-tool",
        title_en="Chip layout tool",
        sectors=[other],
        kind="need",
        agency=japan_agency,
        transaction_types=["licence"],
    )
    factories.TechnologyFactory(slug="draft", sectors=[child], status="draft")

    factories.ContractFactory(reference="C-1", title_en="Sequencer licence", sectors=[child])
    factories.ContractFactory(
        reference="C-2", sectors=[other], signed_on=date(2024, 3, 1), contract_type="assignment"
    )
    factories.ContractFactory(
        reference="C-3", sectors=[parent], value_cny=Decimal("5000000"), agency=japan_agency
    )

    factories.FinancingProductFactory(slug="gene-loan", sectors=[child], stages=["growth"])
    factories.FinancingProductFactory(slug="bio-fund", sectors=[parent], product_type="equity")
    factories.FinancingProductFactory(
        slug="any-sector", amount_min_cny=Decimal("20000000"), amount_max_cny=Decimal("90000000")
    )
    factories.FinancingProductFactory(
        slug="chip-lease", sectors=[other], product_type="leasing", stages=["seed"]
    )

    factories.FinancingNeedFactory(slug="lab-need", sectors=[child], amount_cny=Decimal("3000000"))
    factories.FinancingNeedFactory(slug="bio-need", sectors=[parent], stage="seed", financing_type="equity")
    factories.FinancingNeedFactory(
        slug="fab-need", sectors=[other], status="funded", amount_cny=Decimal("80000000")
    )


CASES = {
    ("/en/technologies/", "/api/v1/technologies/", "slug"): [
        {},
        {"sector": "biomedicine"},
        {"sector": "genomics"},
        {"kind": "need"},
        {"trl": "7"},
        {"ip": "pending_patent"},
        {"ip_status": "pending_patent"},
        {"transaction": "licence"},
        {"agency": "tokyo-bridge"},
        {"country": "cn"},
        {"q": "sequencer"},
        {"search": "chip"},
        {"sector": "biomedicine", "trl_min": "6"},
        {"sector": "biomedicine", "kind": "offer", "price_max": "2000000"},
    ],
    ("/en/agencies/", "/api/v1/agencies/", "slug"): [
        {},
        {"sector": "biomedicine"},
        {"service": "evaluation"},
        {"country": "JP"},
        {"q": "transfer tokyo"},
        {"search": "agency hub"},
        {"q": "Brokers"},
        {"sector": "genomics", "service": "brokerage"},
    ],
    ("/en/contracts/", "/api/v1/contracts/", "reference"): [
        {},
        {"year": "2024"},
        {"sector": "biomedicine"},
        {"contract_type": "assignment"},
        {"agency": "tokyo-bridge"},
        {"value_min": "2000000"},
        {"search": "sequencer"},
    ],
    ("/en/financing/products/", "/api/v1/financing/products/", "slug"): [
        {},
        {"sector": "biomedicine"},
        {"sector": "genomics"},
        {"type": "equity"},
        {"product_type": "leasing"},
        {"amount": "50000000"},
        {"stage": "growth"},
        {"sector": "chips", "stage": "seed"},
    ],
    ("/en/financing/needs/", "/api/v1/financing/needs/", "slug"): [
        {},
        {"sector": "biomedicine"},
        {"sector": "genomics"},
        {"type": "equity"},
        {"financing_type": "bank_loan"},
        {"amount_min": "4000000"},
        {"stage": "seed"},
        {"status": "funded"},
    ],
}


def page_ids(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, params)
    return set(re.findall(r'data-id="([^"]+)"', response.content.decode()))


def api_ids(client, path, params, key):
    response = client.get(path, {**params, "page_size": 100})
    assert response.status_code == 200, (path, params, response.content)
    return {row[key] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("page", "api", "key", "params"),
    [(page, api, key, params) for (page, api, key), cases in CASES.items() for params in cases],
    ids=lambda value: value if isinstance(value, str) else "&".join(f"{k}={v}" for k, v in value.items()),
)
def test_the_page_and_the_api_list_the_same_rows(client, world, page, api, key, params):
    on_page = page_ids(client, page, params)
    assert on_page == api_ids(client, api, params, key)
    if not params:
        assert on_page, "the sample lists something"


def test_a_parent_sector_includes_the_financing_products_of_its_children(client, world):
    # The page once took products naming the sector or its parent, and missed the children.
    assert {"gene-loan", "bio-fund", "any-sector"} <= page_ids(
        client, "/en/financing/products/", {"sector": "biomedicine"}
    )


def test_the_agency_search_takes_each_word_in_either_language(client, world):
    # The page once matched the whole string against the name only.
    assert page_ids(client, "/en/agencies/", {"q": "tokyo transfer"}) == {"tokyo-bridge"}
    assert page_ids(client, "/en/agencies/", {"q": "服务机构 hub"}) == {"bio-hub"}


def test_an_invalid_parameter_is_named_and_left_out_on_the_page_and_refused_by_the_api(client, world):
    html = client.get("/en/financing/needs/", {"amount_min": "lots", "stage": "seed"}).content.decode()
    assert "<code>amount_min</code>" in html
    assert set(re.findall(r'data-id="([^"]+)"', html)) == {"bio-need"}
    response = client.get("/api/v1/financing/needs/", {"amount_min": "lots"})
    assert response.status_code == 400 and "amount_min" in response.content.decode()
