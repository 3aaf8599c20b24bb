"""The statistics page (haidian/site/views.py, listings/statistics.py): years and ranges of years,
top-level sectors with drill-down, each chart's table as CSV and JSON with the page's filters, in
both languages; confidential values withheld in the downloads as on the page."""

import csv
import json
from datetime import date
from decimal import Decimal

import pytest

from listings.filters import ContractFilter
from tests import factories as f

pytestmark = pytest.mark.django_db

TABLES = ["by-year", "by-sector", "by-country", "by-agency"]


@pytest.fixture
def register():
    biomedicine = f.SectorFactory(slug="biomedicine", name_en="Biomedicine", name_zh_hans="生物医药")
    genomics = f.SectorFactory(
        slug="genomics", name_en="Genomics", name_zh_hans="基因组学", parent=biomedicine
    )
    vaccines = f.SectorFactory(slug="vaccines", name_en="Vaccines", name_zh_hans="疫苗", parent=biomedicine)
    chips = f.SectorFactory(slug="chips", name_en="Integrated circuits", name_zh_hans="集成电路")
    north = f.AgencyFactory(slug="north", name_en="North Agency", name_zh_hans="北方机构")
    # In two sub-sectors of one top-level sector: counted (and its value added) once there.
    f.ContractFactory(
        reference="HD-2024-001",
        signed_on=date(2024, 3, 1),
        sectors=[genomics, vaccines],
        agency=north,
        value=Decimal("1000000000"),
    )
    f.ContractFactory(
        reference="HD-2025-001",
        signed_on=date(2025, 3, 1),
        sectors=[genomics, chips],
        agency=north,
        destination_country=f.country("SE"),
        value=Decimal("200000000"),
    )
    # Confidential: counted, never summed.
    f.ContractFactory(
        reference="HD-2026-001",
        signed_on=date(2026, 3, 1),
        sectors=[chips],
        agency=north,
        value=Decimal("3723000000"),
        value_is_public=False,
    )
    return locals()


def rows_of(context, name):
    return [(row["key"], row["count"], row["withheld_count"], row["value_cny"]) for row in context[name]]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_year_and_a_range_of_years(client, register, lang):
    url = f"/{lang}/contracts/statistics/"
    one = client.get(url, {"year": "2025"})
    assert one.status_code == 200 and one.context["total"]["count"] == 1
    both = client.get(url, {"year_from": "2025", "year_to": "2026"})
    assert both.status_code == 200
    assert rows_of(both.context, "by_year") == [
        ("2025", 1, 0, Decimal("200000000.00")),
        ("2026", 1, 1, Decimal(0)),
    ]
    since = client.get(url, {"year_from": "2025"})
    assert since.context["total"]["count"] == 2
    until = client.get(url, {"year_to": "2024"})
    assert until.context["total"]["count"] == 1
    # The form shows the chosen range.
    html = both.content.decode()
    assert '<option value="2025" selected>' in html and '<option value="2026" selected>' in html
    # A reversed range selects nothing, and says so.
    empty = client.get(url, {"year_from": "2026", "year_to": "2024"})
    assert empty.status_code == 200 and empty.context["total"]["count"] == 0


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("name", ["year_from", "year_to"])
@pytest.mark.parametrize("value", ["0000", "abc", "２０２５x", "99999999999999999999", "2025\x00"])
def test_a_bad_year_of_a_range_is_a_400_naming_it(client, register, lang, name, value):
    response = client.get(f"/{lang}/contracts/statistics/", {name: value})
    assert response.status_code == 400
    assert f"<code>{name}</code>" in response.content.decode()
    assert response.context["total"]["count"] == 0
    api = client.get("/api/v1/contracts/stats/", {name: value})
    assert api.status_code == 400 and name in api.json()["errors"]
    download = client.get(f"/{lang}/contracts/statistics/by-year.csv", {name: value})
    assert download.status_code == 400 and name in download.json()["errors"]


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ("Biomedicine", "Integrated circuits", "Genomics")),
        ("zh-hans", ("生物医药", "集成电路", "基因组学")),
    ],
)
def test_sectors_roll_up_to_the_top_level_with_a_drill_down(client, register, lang, names):
    url = f"/{lang}/contracts/statistics/"
    response = client.get(url)
    # Top-level sectors only, each contract once in each: biomedicine holds 1.0 bn + 0.2 bn.
    assert rows_of(response.context, "by_sector") == [
        ("biomedicine", 2, 0, Decimal("1200000000.00")),
        ("chips", 2, 1, Decimal("200000000.00")),
    ]
    assert [row["bar"].label for row in response.context["by_sector"]] == list(names[:2])
    assert response.context["by_sub_sector"] == []
    html = response.content.decode()
    assert 'href="?sector=biomedicine#by-sub-sector"' in html and names[2] not in html
    # The drill-down: the sub-sectors of the chosen top-level sector; the other filters kept.
    drilled = client.get(url, {"sector": "biomedicine", "year_from": "2024"})
    assert drilled.context["drill_down"] == "biomedicine"
    assert rows_of(drilled.context, "by_sub_sector") == [
        ("genomics", 2, 0, Decimal("1200000000.00")),
        ("vaccines", 1, 0, Decimal("1000000000.00")),
    ]
    html = drilled.content.decode()
    assert names[2] in html and 'id="by-sub-sector"' in html
    assert 'href="?year_from=2024#by-sector"' in html  # back to all sectors, the years kept
    # A sub-sector chosen is no drill-down.
    assert client.get(url, {"sector": "genomics"}).context["drill_down"] is None


def read_csv(response) -> list[dict]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(response.content.decode("utf-8-sig").splitlines()))


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_each_chart_downloads_exactly_its_table(client, register, lang):
    params = {"year_from": "2025", "sector": "chips"}
    page = client.get(f"/{lang}/contracts/statistics/", params)
    html = page.content.decode()
    for table in TABLES:
        key = table.replace("-", "_")
        shown = [
            {
                "key": row["key"],
                "name": row["bar"].label if row["key"] is not None else None,
                "count": row["count"],
                "value_cny": row["value_cny"],
                "withheld_count": row["withheld_count"],
            }
            for row in page.context[key]
        ]
        assert shown, table
        for fmt in ("csv", "json"):
            link = f"/{lang}/contracts/statistics/{table}.{fmt}?sector=chips&amp;year_from=2025"
            assert f'href="{link}"' in html, (table, fmt)
            response = client.get(link.replace("&amp;", "&"))
            assert response.status_code == 200, (table, fmt)
            assert f"contract-statistics-{table}.{fmt}" in response["Content-Disposition"]
            if fmt == "json":
                got = json.loads(response.content, parse_float=Decimal)
                assert got == [row | {"value_cny": Decimal(row["value_cny"])} for row in shown], table
                assert b'"value_cny": 200000000.00' in response.content  # a number, every digit
            else:
                got = read_csv(response)
                assert got == [
                    {name: "" if value is None else str(value) for name, value in row.items()}
                    for row in shown
                ], table
            # The confidential 3 723 000 000 is counted, never summed.
            assert b"3723" not in response.content


def test_the_chinese_download_names_in_chinese(client, register):
    rows = read_csv(client.get("/zh-hans/contracts/statistics/by-sector.csv"))
    assert [(row["key"], row["name"]) for row in rows] == [("biomedicine", "生物医药"), ("chips", "集成电路")]
    rows = json.loads(client.get("/zh-hans/contracts/statistics/by-agency.json").content)
    assert rows == [
        {"key": "north", "name": "北方机构", "count": 3, "value_cny": 1200000000.0, "withheld_count": 1}
    ]


def test_an_unknown_table_or_format_is_a_404(client, register):
    assert client.get("/en/contracts/statistics/by-planet.csv").status_code == 404
    assert client.get("/en/contracts/statistics/by-year.xlsx").status_code == 404


def test_the_stats_api_documents_every_filter_it_accepts(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/contracts/stats/"]["get"]["parameters"]
    }
    assert set(parameters) == set(ContractFilter.base_filters) | {"lang"}
    assert {"year", "year_from", "year_to", "sector", "agency", "country"} <= set(parameters)
    for name in ContractFilter.base_filters:
        assert parameters[name]["in"] == "query" and parameters[name]["description"], name
    assert parameters["year_from"]["schema"] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    fields = schema["components"]["schemas"]["ContractStats"]["properties"]
    assert {"total", "by_year", "by_sector", "by_sub_sector", "by_country", "by_agency"} <= set(fields)


@pytest.mark.parametrize(("lang", "word"), [("en", "confidential"), ("zh-hans", "保密")])
def test_a_bar_whose_every_value_is_confidential_says_so(client, register, lang, word):
    # 2026 holds one contract, confidential: its bar reads "confidential", never a value of zero.
    response = client.get(f"/{lang}/contracts/statistics/")
    labels = {str(row["key"]): row["bar"].display for row in response.context["by_year"]}
    assert labels["2026"] == word
    assert labels["2025"] != word


def test_a_drill_down_lists_the_sub_sectors_with_most_contracts_first():
    """Most contracts first, whatever the names' order; the key breaks a tie."""
    from listings.models import Contract
    from listings.statistics import by_sub_sector

    top = f.SectorFactory(slug="energy")
    wind, solar = f.SectorFactory(slug="wind", parent=top), f.SectorFactory(slug="solar", parent=top)
    f.ContractFactory.create_batch(2, sectors=[wind])
    f.ContractFactory(sectors=[solar])
    assert [row["key"] for row in by_sub_sector(Contract.objects.all(), "energy")] == ["wind", "solar"]


def test_sectors_and_agencies_list_the_one_with_most_contracts_first():
    """Most contracts first, though the keys sort the other way; the key breaks a tie."""
    from listings.models import Contract
    from listings.statistics import by_dimension, by_top_sector

    energy, water = f.SectorFactory(slug="energy"), f.SectorFactory(slug="water")
    solar = f.SectorFactory(slug="solar", parent=energy)
    early, later = f.AgencyFactory(slug="a-agency"), f.AgencyFactory(slug="z-agency")
    f.ContractFactory(sectors=[energy], agency=early)
    f.ContractFactory.create_batch(3, sectors=[water], agency=later)
    f.ContractFactory(sectors=[solar], agency=f.AgencyFactory(slug="m-agency"))
    contracts = Contract.objects.all()
    assert [(row["key"], row["count"]) for row in by_top_sector(contracts)] == [("water", 3), ("energy", 2)]
    assert [(row["key"], row["count"]) for row in by_dimension(contracts, "agency")] == [
        ("z-agency", 3),
        ("a-agency", 1),
        ("m-agency", 1),
    ]


def test_a_contract_filed_under_a_top_level_sector_and_its_sub_sector_counts_there_once():
    """Filed under the top-level sector first and its sub-sector after: still one contract, one value."""
    from listings.models import Contract
    from listings.statistics import by_top_sector

    energy = f.SectorFactory(slug="energy")
    solar = f.SectorFactory(slug="solar", parent=energy)
    contract = f.ContractFactory(value=Decimal("5000000"))
    # One add() per sector: add() stores a batch in set order, which is not the order given.
    contract.sectors.add(energy)
    contract.sectors.add(solar)
    filings = Contract.sectors.through.objects.filter(contract=contract).order_by("pk")
    assert [filing.sector_id for filing in filings] == [energy.pk, solar.pk]
    assert rows_of({"rows": by_top_sector(Contract.objects.all())}, "rows") == [
        ("energy", 1, 0, Decimal("5000000.00"))
    ]


def test_the_statistics_drill_into_a_sector_only_when_one_top_level_sector_is_chosen(register):
    from listings.statistics import drill_down_sector

    assert drill_down_sector(["biomedicine"]) == "biomedicine"
    assert drill_down_sector(["biomedicine", "chips"]) is None  # two top-level sectors
    assert drill_down_sector(["genomics"]) is None  # a sub-sector
    assert drill_down_sector([]) is None


def test_each_table_orders_its_rows_its_own_way():
    """By value: the largest public value first, the bucket without a key last; by count: as
    computed (most contracts first); chronological: the oldest year first."""
    from listings.statistics import ordered

    buckets = [
        {"key": "b", "value_cny": Decimal(5)},
        {"key": None, "value_cny": Decimal(9)},
        {"key": "a", "value_cny": Decimal(7)},
    ]
    assert [bucket["key"] for bucket in ordered(buckets, "value")] == ["a", "b", None]
    assert [bucket["key"] for bucket in ordered(buckets, "count")] == ["b", None, "a"]
    years = [{"key": "2025"}, {"key": "2023"}, {"key": "2024"}]
    assert [bucket["key"] for bucket in ordered(years, "chronological")] == ["2023", "2024", "2025"]
