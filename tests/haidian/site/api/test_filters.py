"""Every documented filter narrows the list as its description says."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories as f


def keys(get, path, params, key="slug"):
    response = get(path, {**params, "page_size": 100})
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


TECH = "/api/v1/technologies/"
ALL_TECH = {"gene-sequencer", "need-sequencing", "chip-design"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "need"}, {"need-sequencing"}),
        ({"kind": "offer"}, {"gene-sequencer", "chip-design"}),
        # A parent sector includes its children.
        ({"sector": "biomedicine"}, {"gene-sequencer", "need-sequencing"}),
        ({"sector": "genomics"}, {"gene-sequencer", "need-sequencing"}),
        ({"sector": ["genomics", "ic-design"]}, ALL_TECH),
        ({"sector": "genomics,ic-design"}, ALL_TECH),
        ({"sector": "unknown-sector"}, set()),
        ({"country": "SE"}, {"chip-design"}),
        ({"country": "se"}, {"chip-design"}),
        ({"target_country": "JP"}, {"gene-sequencer"}),
        ({"trl_min": 5}, {"gene-sequencer", "need-sequencing"}),
        ({"trl_max": 5}, {"need-sequencing", "chip-design"}),
        ({"trl_min": 5, "trl_max": 6}, {"need-sequencing"}),
        ({"ip_status": "pending_patent"}, {"chip-design"}),
        ({"ip_status": ["pending_patent", "granted_patent"]}, ALL_TECH),
        ({"transaction_type": "licence"}, {"gene-sequencer"}),
        ({"agency": "zgc-transfer"}, {"gene-sequencer", "need-sequencing"}),
        ({"owner": "tsinghua"}, {"gene-sequencer"}),
        ({"price_min": "3000000"}, {"gene-sequencer"}),
        ({"price_max": "3000000.5"}, {"need-sequencing"}),
        ({"published_since": (timezone.localdate() - timedelta(days=3)).isoformat()}, ALL_TECH),
        ({"published_since": (timezone.localdate() + timedelta(days=1)).isoformat()}, set()),
    ],
)
def test_technology_filters(world, get, params, expected):
    assert keys(get, TECH, params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"service": "brokerage"}, {"zgc-transfer"}),
        ({"sector": "genomics"}, set()),  # the agency works in the parent sector only
        ({"sector": "biomedicine"}, {"zgc-transfer"}),
        ({"search": "中关村"}, {"zgc-transfer"}),
        ({"search": "zgc transfer"}, {"zgc-transfer"}),
    ],
)
def test_agency_filters(world, get, params, expected):
    assert keys(get, "/api/v1/agencies/", params) == expected


def test_agency_country_and_joined_since_filters(world, get):
    world.agency.countries.set([f.country("HK")])
    world.agency.joined_on = date(2025, 5, 1)
    world.agency.save()
    assert keys(get, "/api/v1/agencies/", {"country": "HK"}) == {"zgc-transfer"}
    assert keys(get, "/api/v1/agencies/", {"joined_since": "2025-01-01"}) == {"zgc-transfer"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": 2025}, {"HD-2025-001"}),
        ({"year": 2024}, {"HD-2024-002"}),
        ({"signed_after": "2025-01-01"}, {"HD-2025-001"}),
        ({"signed_before": "2024-12-31"}, {"HD-2024-002"}),
        ({"sector": "biomedicine"}, {"HD-2025-001"}),
        ({"country": "SE"}, {"HD-2024-002"}),
        ({"agency": "zgc-transfer"}, {"HD-2025-001", "HD-2024-002"}),
        ({"contract_type": "licence"}, {"HD-2025-001", "HD-2024-002"}),
        ({"contract_type": "equity"}, set()),
        # A confidential value never matches a value filter (no bisection of secrets).
        ({"value_min": "1000000000"}, {"HD-2025-001"}),
        ({"value_max": "2500000000"}, set()),
        ({"search": "合同"}, {"HD-2025-001", "HD-2024-002"}),
    ],
)
def test_contract_filters(world, get, params, expected):
    assert keys(get, "/api/v1/contracts/", params, key="reference") == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"product_type": "ip_pledge"}, {"ip-loan", "open-loan"}),
        ({"product_type": "bank_loan"}, set()),
        ({"amount": "5000000"}, {"ip-loan", "open-loan"}),
        ({"amount": "50000000"}, set()),
        # Eligible for a child sector: the product names its parent; open-loan names no sector.
        ({"sector": "genomics"}, {"ip-loan", "open-loan"}),
        ({"sector": "ic-design"}, {"open-loan"}),
        ({"stage": "growth"}, {"ip-loan", "open-loan"}),
        ({"stage": "seed"}, {"open-loan"}),
        ({"term": 12}, {"ip-loan", "open-loan"}),
        ({"term": 48}, {"open-loan"}),
        ({"lender": "bank-of-beijing"}, {"ip-loan"}),
        ({"search": "科技贷"}, {"ip-loan", "open-loan"}),
    ],
)
def test_product_filters(world, get, params, expected):
    f.FinancingProductFactory(
        slug="open-loan", product_type="ip_pledge", term_min_months=None, term_max_months=None
    )
    assert keys(get, "/api/v1/financing/products/", params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"financing_type": "ip_pledge"}, {"pilot-line"}),
        ({"financing_type": "equity"}, {"funded-need"}),
        ({"amount_min": "6000000"}, {"funded-need"}),
        ({"amount_max": "6000000"}, {"pilot-line"}),
        ({"sector": "biomedicine"}, {"pilot-line"}),
        ({"stage": "seed"}, {"funded-need"}),
        ({"status": "funded"}, {"funded-need"}),
        ({"status": ["open", "funded"]}, {"pilot-line", "funded-need"}),
        ({"open": "true"}, {"pilot-line"}),
        ({"open": "false"}, {"funded-need"}),
        ({"company": "acme"}, {"funded-need"}),
        ({"deadline_after": (timezone.localdate() + timedelta(days=30)).isoformat()}, {"pilot-line"}),
        ({"deadline_before": (timezone.localdate() + timedelta(days=30)).isoformat()}, set()),
        ({"search": "中试线"}, {"pilot-line"}),
    ],
)
def test_need_filters(world, get, params, expected):
    f.FinancingNeedFactory(
        slug="funded-need",
        company=f.OrganizationFactory(slug="acme"),
        financing_type="equity",
        amount_cny=Decimal("9000000"),
        stage="seed",
        status="funded",
        deadline=None,
        title_zh_hans="扩产融资",
    )
    assert keys(get, "/api/v1/financing/needs/", params) == expected


def test_need_status_filter_refuses_hidden_statuses(world, get):
    response = get("/api/v1/financing/needs/", {"status": "draft"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/api/v1/sectors/", {"parent": "biomedicine"}, {"genomics"}),
        ("/api/v1/sectors/", {"top_level": "true"}, {"biomedicine", "ic-design"}),
        ("/api/v1/sectors/", {"search": "基因"}, {"genomics"}),
        ("/api/v1/articles/", {"search": "启动"}, {"launch"}),
        ("/api/v1/articles/", {"published_since": "2999-01-01"}, set()),
        ("/api/v1/articles/", {"published_before": "2999-01-01"}, {"launch"}),
        ("/api/v1/pages/", {"search": "About"}, {"about"}),
    ],
)
def test_site_filters(world, get, path, params, expected):
    assert keys(get, path, params) == expected


def test_organization_filters(world, get):
    assert "bank-of-beijing" in keys(get, "/api/v1/organizations/", {"kind": "lender"})
    assert keys(get, "/api/v1/organizations/", {"search": "清华"}) == {"tsinghua"}
    assert keys(get, "/api/v1/organizations/", {"country": "JP"}) == set()
    assert keys(get, "/api/v1/organizations/", {"is_high_tech": "true"}) == set()


def test_key_figure_filters(world, get):
    f.KeyFigureFactory(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=Decimal("16500"))
    path = "/api/v1/key-figures/"
    assert [r["period_end"] for r in get(path, {"latest": "true"}).json()["results"]] == ["2025-12-31"]
    assert len(get(path, {"key": "tech-companies"}).json()["results"]) == 2
    assert [r["period_end"] for r in get(path, {"period_end_before": "2025-01-01"}).json()["results"]] == [
        "2024-12-31"
    ]
    assert [r["period_end"] for r in get(path, {"period_end_after": "2025-01-01"}).json()["results"]] == [
        "2025-12-31"
    ]
