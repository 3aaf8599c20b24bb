"""Issue 18 item 4 on the financing lists: types, sectors, stages and statuses take several values
(OR within one, AND across), as check boxes on the page; the page and the API list the same rows."""

import re
from decimal import Decimal

import pytest

from tests import factories
from tests.haidian.site.test_filter_parity import api_ids, page_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    bio = factories.SectorFactory(slug="bio", name_en="Biomedicine", name_zh_hans="生物医药")
    chips = factories.SectorFactory(slug="chips", name_en="Chip design", name_zh_hans="芯片设计")
    factories.FinancingProductFactory(
        slug="bio-loan", sectors=[bio], product_type="bank_loan", stages=["seed"]
    )
    factories.FinancingProductFactory(
        slug="bio-equity", sectors=[bio], product_type="equity", stages=["growth"]
    )
    factories.FinancingProductFactory(
        slug="chip-lease", sectors=[chips], product_type="leasing", stages=["growth"]
    )
    factories.FinancingNeedFactory(slug="bio-seed", sectors=[bio], stage="seed", financing_type="equity")
    factories.FinancingNeedFactory(
        slug="chip-growth", sectors=[chips], stage="growth", financing_type="leasing"
    )
    factories.FinancingNeedFactory(
        slug="chip-funded",
        sectors=[chips],
        status="funded",
        financing_type="bank_loan",
        amount_cny=Decimal(9e6),
    )


CASES = [
    ("/{lang}/financing/products/", "/api/v1/financing/products/", {"type": ["equity", "leasing"]}),
    (
        "/{lang}/financing/products/",
        "/api/v1/financing/products/",
        {"type": ["equity", "leasing"], "stage": "growth"},
    ),
    (
        "/{lang}/financing/products/",
        "/api/v1/financing/products/",
        {"sector": ["bio", "chips"], "type": "bank_loan"},
    ),
    (
        "/{lang}/financing/needs/",
        "/api/v1/financing/needs/",
        {"status": ["open", "funded"], "sector": "chips"},
    ),
    ("/{lang}/financing/needs/", "/api/v1/financing/needs/", {"stage": ["seed", "growth"]}),
    (
        "/{lang}/financing/needs/",
        "/api/v1/financing/needs/",
        {"type": ["equity", "bank_loan"], "sector": ["bio", "chips"]},
    ),
]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("page", "api", "params"), CASES)
def test_the_page_and_the_api_list_the_same_rows(client, world, page, api, params, lang):
    assert page_ids(client, page.format(lang=lang), params) == api_ids(client, api, params, "slug")


def test_two_types_list_either_and_both_boxes_stay_ticked(client, world):
    params = {"type": ["equity", "leasing"]}
    assert page_ids(client, "/en/financing/products/", params) == {"bio-equity", "chip-lease"}
    assert page_ids(client, "/en/financing/products/", {**params, "sector": "bio"}) == {"bio-equity"}
    html = client.get("/en/financing/products/", params).content.decode()
    ticked = set(re.findall(r'name="type" value="([^"]+)" checked', html))
    assert ticked == {"equity", "leasing"}
    assert '<fieldset class="field checks"><legend>Type</legend>' in html


def test_the_boxes_are_labelled_in_chinese(client, world):
    html = client.get("/zh-hans/financing/needs/", {"status": "funded"}).content.decode()
    assert "<legend>行业</legend>" in html and "生物医药</label>" in html
    assert set(re.findall(r'name="status" value="([^"]+)" checked', html)) == {"funded"}
    assert page_ids(client, "/zh-hans/financing/needs/", {"status": "funded"}) == {"chip-funded"}
