"""Confidential contract values never leave the server (listings/statistics.py states the rule).

For every filter the statistics page and the API accept, alone and in pairs, every total and every
bucket is compared with the contracts the filter selects, worked out here from the test's own data:
the count includes confidential contracts, ``withheld_count`` counts them, and ``value_cny`` minus
the sum of the public values is zero - so no filter, bucket or subtraction reveals a confidential
value. The pages that list contracts show a confidential value nowhere either.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from itertools import combinations

import pytest

from haidian.core.matching import format_cny
from haidian.core.models import Sector
from listings.models import Contract, TransactionType
from tests import factories as f
from tests.fixtures import module_rows
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db

# reference, signed, sectors, agency, destination, type, value (CNY), public?
CONTRACTS = [
    ("HD-2024-001", date(2024, 3, 1), ["genomics"], "north", "JP", "licence", "1000000000", True),
    ("HD-2024-002", date(2024, 9, 1), ["genomics"], "north", "JP", "licence", "3723000000", False),
    ("HD-2025-001", date(2025, 2, 1), ["clinical-genomics"], "south", "SE", "assignment", "700000000", False),
    (
        "HD-2025-002",
        date(2025, 5, 1),
        ["clinical-genomics", "chips"],
        "south",
        "HK",
        "licence",
        "250000000",
        True,
    ),
    ("HD-2025-003", date(2025, 8, 1), ["chips"], "north", "SE", "equity", "90000000", True),
    ("HD-2026-001", date(2026, 1, 5), [], None, "HK", "assignment", "4100000000", False),
    ("HD-2026-002", date(2026, 4, 5), ["biomedicine"], "south", "JP", "licence", "33000000", True),
    ("HD-2026-003", date(2026, 6, 5), ["chips", "genomics"], "north", "HK", "equity", "1234000000", False),
]
CONFIDENTIAL = [Decimal(c[6]) for c in CONTRACTS if not c[7]]
PARENT = {"genomics": "biomedicine", "clinical-genomics": "biomedicine"}


def build_register():
    biomedicine = f.SectorFactory(slug="biomedicine", name_en="Biomedicine")
    sectors = {
        "biomedicine": biomedicine,
        "genomics": f.SectorFactory(slug="genomics", name_en="Genomics", parent=biomedicine),
        "clinical-genomics": f.SectorFactory(
            slug="clinical-genomics", name_en="Clinical", parent=biomedicine
        ),
        "chips": f.SectorFactory(slug="chips", name_en="Chips"),
    }
    agencies = {slug: f.AgencyFactory(slug=slug) for slug in ("north", "south")}
    for reference, signed, slugs, agency, country, kind, value, public in CONTRACTS:
        f.ContractFactory(
            reference=reference,
            signed_on=signed,
            sectors=[sectors[s] for s in slugs],
            agency=agencies.get(agency),
            destination_country=f.country(country),
            contract_type=kind,
            value=Decimal(value),
            value_is_public=public,
        )
    f.ContractFactory(reference="HD-2026-099", value=Decimal("555000000"), is_published=False)


#: Built once for the module: every filter below is its own test, so that the workers share them out.
register = module_rows("register", build_register)


def _selected(params):
    """The contracts ``params`` select, by the filters' documented meaning."""

    def matches(contract):
        _ref, signed, slugs, agency, country, kind, value, public = contract
        in_sectors = set(slugs) | {PARENT[s] for s in slugs if s in PARENT}
        return all(
            {
                "year": lambda v: signed.year == int(v),
                "year_from": lambda v: signed.year >= int(v),
                "year_to": lambda v: signed.year <= int(v),
                "signed_after": lambda v: signed >= date.fromisoformat(v),
                "sector": lambda v: bool(in_sectors & set(v.split(","))),
                "agency": lambda v: agency == v,
                "country": lambda v: country == v,
                "contract_type": lambda v: kind == v,
                "value_min": lambda v: public and Decimal(value) >= Decimal(v),
            }[name](v)
            for name, v in params.items()
        )

    return [c for c in CONTRACTS if matches(c)]


def _expected(contracts, drill_down=None):
    """(count, withheld count, sum of public values) in total and per bucket of each dimension:
    sectors rolled up to the top level; with ``drill_down`` (a top-level sector) its sub-sectors."""

    def measure(rows):
        return (
            len(rows),
            sum(not c[7] for c in rows),
            sum((Decimal(c[6]) for c in rows if c[7]), Decimal(0)),
        )

    buckets = {"by_year": defaultdict(list), "by_sector": defaultdict(list)}
    buckets |= {"by_country": defaultdict(list), "by_agency": defaultdict(list)}
    buckets["by_sub_sector"] = defaultdict(list)
    for c in contracts:
        buckets["by_year"][str(c[1].year)].append(c)
        for root in {PARENT.get(slug, slug) for slug in c[2]} or [None]:
            buckets["by_sector"][root].append(c)
        for slug in c[2]:
            if drill_down is not None and PARENT.get(slug, slug) == drill_down:
                buckets["by_sub_sector"][slug].append(c)
        buckets["by_country"][c[4]].append(c)
        buckets["by_agency"][c[3]].append(c)
    return measure(contracts), {
        name: {key: measure(rows) for key, rows in groups.items()} for name, groups in buckets.items()
    }


SINGLE = [
    *({"year": y} for y in ("2024", "2025", "2026")),
    *({"sector": s} for s in ("biomedicine", "genomics", "clinical-genomics", "chips", "genomics,chips")),
    *({"agency": a} for a in ("north", "south")),
    *({"country": c} for c in ("JP", "SE", "HK")),
    *({"contract_type": t} for t in ("licence", "assignment", "equity")),
    {"signed_after": "2025-03-01"},
    {"value_min": "1"},
    {"year_from": "2025"},
    {"year_to": "2025"},
]
TOP_LEVEL = {"biomedicine", "chips"}
PAIRS = [a | b for a, b in combinations(SINGLE, 2) if not set(a) & set(b)]
FILTERS = [{}, *SINGLE, *PAIRS]


@pytest.mark.parametrize(
    "params", FILTERS, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items())
)
def test_every_total_and_bucket_sums_public_values_only(client, register, params):
    drill_down = params.get("sector") if params.get("sector") in TOP_LEVEL else None
    total, buckets = _expected(_selected(params), drill_down)
    body = client.get("/api/v1/contracts/stats/", params).json()
    # The total minus the public values it should hold: zero, whatever the filter.
    assert Decimal(body["total"]["value_cny"]) - total[2] == 0, params
    assert (body["total"]["count"], body["total"]["withheld_count"]) == total[:2], params
    for name, expected in buckets.items():
        got = {
            row["key"]: (row["count"], row["withheld_count"], Decimal(row["value_cny"])) for row in body[name]
        }
        assert got == expected, (params, name)

    # The statistics page takes the same filters and shows the same figures.
    page = client.get("/en/contracts/statistics/", params)
    assert page.status_code == 200, params
    shown = page.context["total"]
    assert (shown["count"], shown["withheld_count"], shown["value_cny"]) == total, params
    for name, expected in buckets.items():
        value = "count" if name == "by_agency" else "value"
        rows = [(row["count"], row["withheld_count"], row["value_cny"]) for row in page.context[name]]
        assert sorted(rows) == sorted(expected.values()), (params, name)
        rows = sorted((row["count"], row["withheld_count"], row["bar"].value) for row in page.context[name])
        assert rows == sorted((m[0], m[1], m[0] if value == "count" else m[2]) for m in expected.values())


def test_no_page_shows_a_confidential_value(client, register):
    # A listing whose comparable contracts (same sector and type) include confidential ones.
    technology = f.TechnologyFactory(
        sectors=[Sector.objects.get(slug="genomics")],
        transaction_types=[TransactionType.objects.get(code="licence")],
    )
    confidential = Contract.objects.get(reference="HD-2024-002")
    store_matches(technology)
    paths = {
        "/en/": None,
        "/en/contracts/": confidential,
        "/en/contracts/statistics/": None,
        "/en/agencies/north/": confidential,
        technology.get_absolute_url(): confidential,
    }
    for path, listed in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        if listed is not None:  # the contract is there, its value is not
            assert listed.title_en in html, path
        for value in CONFIDENTIAL:
            for shown in (f"{value:,}", format_cny(value)):
                assert shown not in html, (path, shown)
