"""Language of the fields, HTTP caching, contract statistics, matches."""

from decimal import Decimal

import pytest

from tests import factories as f
from tests.listings.stored import store_matches

DETAIL = "/api/v1/technologies/gene-sequencer/"


def test_default_language_is_english(world, get):
    response = get(DETAIL)
    assert response.json()["title"] == "Portable gene sequencer"
    assert response["Content-Language"] == "en"
    assert "translations" not in response.json()


def test_accept_language_picks_chinese(world, get):
    response = get(DETAIL, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    body = response.json()
    assert body["title"] == "便携式基因测序仪"
    assert body["sectors"][0]["name"] == "基因组学"
    assert response["Content-Language"] == "zh-hans"
    assert "Accept-Language" in response["Vary"]


def test_lang_parameter_wins_over_accept_language(world, get):
    assert (
        get(DETAIL, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["title"]
        == "Portable gene sequencer"
    )
    assert get(DETAIL, {"lang": "zh-hans"}).json()["title"] == "便携式基因测序仪"
    assert get(DETAIL, {"lang": "zh-Hans"}).json()["title"] == "便携式基因测序仪"


def test_lang_all_gives_both_languages_everywhere(world, get):
    body = get(DETAIL, {"lang": "all"}).json()
    assert body["title"] == "Portable gene sequencer"
    assert body["translations"]["zh-hans"]["title"] == "便携式基因测序仪"
    assert body["translations"]["en"]["keywords"] == "sequencing, genome"
    assert body["owner"]["translations"]["zh-hans"]["name"] == "清华大学"
    assert body["sectors"][0]["translations"] == {"en": {"name": "Genomics"}, "zh-hans": {"name": "基因组学"}}


def test_missing_translation_falls_back_to_english(world, get):
    world.chip.title_zh_hans = ""
    world.chip.save()
    assert (
        get("/api/v1/technologies/chip-design/", {"lang": "zh-hans"}).json()["title"]
        == "Low-power chip design"
    )


def test_missing_english_falls_back_to_chinese(world, get):
    world.chip.title_en = ""
    world.chip.save()
    assert get("/api/v1/technologies/chip-design/").json()["title"] == world.chip.title_zh_hans


def test_text_blank_in_both_languages_is_an_empty_string(world, get):
    agency = world.offer.agency
    agency.address_en = agency.address_zh_hans = None
    agency.save()
    for lang in ("en", "zh-hans"):
        assert get(f"/api/v1/agencies/{agency.slug}/", {"lang": lang}).json()["address"] == ""


def test_match_reasons_follow_the_language(world, get):
    reasons = get("/api/v1/financing/needs/pilot-line/matches/", {"lang": "zh-hans"}).json()["results"][0][
        "reasons"
    ]
    assert any("万元" in reason["text"] for reason in reasons)


@pytest.mark.parametrize(
    "path", ["/api/v1/technologies/", DETAIL, "/api/v1/contracts/stats/", "/api/v1/sectors/", "/api/v1/"]
)
def test_conditional_get_answers_304(world, client, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_with_the_content_and_the_language(world, client):
    english = client.get(DETAIL)["ETag"]
    assert client.get(DETAIL, {"lang": "zh-hans"})["ETag"] != english
    world.offer.title_en = "Portable gene sequencer, second generation"
    world.offer.save()
    changed = client.get(DETAIL, HTTP_IF_NONE_MATCH=english)
    assert changed.status_code == 200
    assert changed["ETag"] != english


def test_errors_are_not_cacheable(world, client):
    assert client.get("/api/v1/technologies/draft-tech/")["Cache-Control"] == "no-store"
    assert client.get("/api/v1/technologies/", {"trl_min": "x"})["Cache-Control"] == "no-store"


def test_cors_allows_reads_from_any_origin(world, client):
    response = client.get("/api/v1/sectors/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/sectors/", HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_stats_count_and_value_published_contracts(world, get):
    f.ContractFactory(
        reference="HD-2025-010", value=Decimal("500000000"), signed_on=world.public_contract.signed_on
    )
    body = get("/api/v1/contracts/stats/").json()
    # The hidden contract is left out; the confidential one is counted, its value is not.
    assert body["total"] == {"count": 3, "withheld_count": 1, "value_cny": "3500000000.00"}
    years = {row["key"]: row for row in body["by_year"]}
    assert years["2025"]["count"] == 2
    assert years["2025"]["value_cny"] == "3500000000.00"
    assert years["2024"] == {
        "key": "2024",
        "name": "2024",
        "count": 1,
        "withheld_count": 1,
        "value_cny": "0.00",
    }
    countries = {row["key"]: row for row in body["by_country"]}
    assert countries["JP"]["name"] == "Japan"
    assert countries["JP"]["count"] == 2
    agencies = {row["key"]: row for row in body["by_agency"]}
    assert agencies["zgc-transfer"]["count"] == 2
    assert agencies["zgc-transfer"]["withheld_count"] == 1
    # Sub-sectors roll up to their top-level sector; the drill-down names them.
    sectors = {row["key"]: row for row in body["by_sector"]}
    assert sectors["biomedicine"]["value_cny"] == "3000000000.00" and "genomics" not in sectors
    assert sectors[None]["count"] == 1  # a contract without sector
    assert body["by_sub_sector"] == []
    drilled = get("/api/v1/contracts/stats/", {"sector": "biomedicine"}).json()
    assert [(row["key"], row["value_cny"]) for row in drilled["by_sub_sector"]] == [
        ("genomics", "3000000000.00")
    ]


def test_stats_never_sum_confidential_values(world, get):
    f.ContractFactory(
        reference="HD-2024-020",
        agency=world.agency,
        value=Decimal("1000000000"),
        value_is_public=False,
        signed_on=world.confidential.signed_on,
    )
    years = {row["key"]: row for row in get("/api/v1/contracts/stats/").json()["by_year"]}
    assert years["2024"]["value_cny"] == "0.00"
    assert years["2024"]["withheld_count"] == 2


def test_stats_follow_the_filters_and_the_language(world, get):
    body = get("/api/v1/contracts/stats/", {"year": 2025, "lang": "zh-hans"}).json()
    assert body["total"]["count"] == 1
    assert body["by_sector"][0]["name"] == "生物医药"  # genomics, rolled up
    assert body["by_country"][0]["name"] == "日本"


def test_technology_matches_in_both_directions(world, get):
    # The sequencer's fixed price (¥5 M) is above the need's budget (¥2 M): a hard rule unmet, so
    # a near miss either way round, never a match. (The API reads what the worker stored.)
    store_matches()
    body = get("/api/v1/technologies/need-sequencing/matches/").json()
    assert body["kind"] == "need"
    assert body["results"] == []
    assert [row["technology"]["slug"] for row in body["near_misses"]] == ["gene-sequencer"]
    reasons = body["near_misses"][0]["reasons"]
    assert {"met", "hard", "text"} == set(reasons[0])
    assert [r["text"] for r in reasons if not r["met"]] == ["price CN¥5 M above the budget of CN¥2 M"]
    reverse = get("/api/v1/technologies/gene-sequencer/matches/").json()
    assert reverse["results"] == []
    assert [row["technology"]["slug"] for row in reverse["near_misses"]] == ["need-sequencing"]


def test_comparable_contracts_hide_confidential_values(world, get):
    f.ContractFactory(reference="HD-2025-030", sectors=[world.genomics], value_is_public=False)
    store_matches()  # the worker's choice, which the API reads
    rows = get("/api/v1/technologies/gene-sequencer/comparable-contracts/").json()["results"]
    values = {row["reference"]: row["value_cny"] for row in rows}
    assert values == {"HD-2025-001": "3000000000.00", "HD-2025-030": None}


def test_financing_matches(world, get):
    body = get("/api/v1/financing/needs/pilot-line/matches/").json()
    assert body["results"][0]["product"]["slug"] == "ip-loan"
    assert body["results"][0]["fits"] is True
    body = get("/api/v1/financing/products/ip-loan/matches/").json()
    assert [row["need"]["slug"] for row in body["results"]] == ["pilot-line"]


def test_root_lists_the_endpoints(world, get):
    body = get("/api/v1/").json()
    assert body["technologies"] == "http://testserver/api/v1/technologies/"
    assert body["docs"] == "http://testserver/api/docs/"
