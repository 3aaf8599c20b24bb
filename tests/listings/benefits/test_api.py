"""Quantified benefits in the API: on the detail, filterable with ``has_benefits``."""

from decimal import Decimal

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing():
    technology = factories.TechnologyFactory(slug="furnace")
    factories.BenefitClaimFactory(technology=technology, position=1, value=Decimal("-35"))
    factories.BenefitClaimFactory(
        technology=technology,
        position=0,
        metric_en="Yield",
        metric_zh_hans="收率",
        value=Decimal("2.5"),
        unit_en="percentage points",
        unit_zh_hans="个百分点",
        compared_with_en="",
        compared_with_zh_hans="",
    )
    return technology


def test_the_detail_lists_the_claims_in_order_with_plain_values(client, listing):
    body = client.get("/api/v1/technologies/furnace/").json()
    assert body["benefits"] == [
        {
            "metric": "Yield",
            "value": "2.5",
            "unit": "percentage points",
            "compared_with": "",
            "machine_translated": [],
        },
        {
            "metric": "Energy use",
            "value": "-35",
            "unit": "%",
            "compared_with": "conventional furnaces",
            "machine_translated": [],
        },
    ]


def test_the_claims_come_in_the_requested_language(client, listing):
    body = client.get("/api/v1/technologies/furnace/", {"lang": "zh-hans"}).json()
    assert [claim["metric"] for claim in body["benefits"]] == ["收率", "能耗"]
    everything = client.get("/api/v1/technologies/furnace/", {"lang": "all"}).json()
    assert everything["benefits"][1]["translations"]["zh-hans"]["compared_with"] == "传统熔炉"


def test_the_list_leaves_the_claims_to_the_detail(client, listing):
    row = client.get("/api/v1/technologies/").json()["results"][0]
    assert "benefits" not in row


@pytest.mark.parametrize(
    ("value", "expected"), [("true", ["furnace"]), ("false", ["plain"]), ("1", ["furnace"])]
)
def test_has_benefits_filter(client, listing, value, expected):
    factories.TechnologyFactory(slug="plain")
    body = client.get("/api/v1/technologies/", {"has_benefits": value}).json()
    assert [row["slug"] for row in body["results"]] == expected


def test_a_bad_has_benefits_value_is_a_400_naming_it(client, listing):
    response = client.get("/api/v1/technologies/", {"has_benefits": "maybe"})
    assert response.status_code == 400
    assert "has_benefits" in response.content.decode()
