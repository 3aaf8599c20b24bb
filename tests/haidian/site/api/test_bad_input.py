"""Bad input never gives a 500: a 400 whose JSON names the parameter; writes 405; floods 429."""

import pytest
from django.core.cache import cache

HUGE = "9" * 25  # past 64 bits
LONG = "x" * 10_240

CASES = [
    ("/api/v1/technologies/", "trl_min", "abc"),
    ("/api/v1/technologies/", "trl_min", "0"),
    ("/api/v1/technologies/", "trl_max", HUGE),
    ("/api/v1/technologies/", "trl_min", "1.5"),
    ("/api/v1/technologies/", "price_min", "-1"),
    ("/api/v1/technologies/", "price_max", HUGE),
    ("/api/v1/technologies/", "price_max", "NaN"),
    ("/api/v1/technologies/", "price_min", "Infinity"),
    ("/api/v1/technologies/", "kind", "robot"),
    ("/api/v1/technologies/", "ip_status", "stolen"),
    ("/api/v1/technologies/", "transaction_type", "theft"),
    ("/api/v1/technologies/", "published_since", "2025-13-45"),
    ("/api/v1/technologies/", "published_since", "yesterday"),
    ("/api/v1/technologies/", "sector", "bad slug!"),
    ("/api/v1/technologies/", "country", "CHN"),
    ("/api/v1/technologies/", "search", "gene\x00"),
    ("/api/v1/technologies/", "search", LONG),
    ("/api/v1/technologies/", "sector", "genomics\x00"),
    ("/api/v1/technologies/", "owner", LONG),
    ("/api/v1/technologies/", "ordering", "bogus"),
    ("/api/v1/technologies/", "page", "0"),
    ("/api/v1/technologies/", "page", "-1"),
    ("/api/v1/technologies/", "page", "two"),
    ("/api/v1/technologies/", "page", "1\x00"),
    ("/api/v1/technologies/", "page_size", "0"),
    ("/api/v1/technologies/", "page_size", "-5"),
    ("/api/v1/technologies/", "page_size", "ten"),
    ("/api/v1/technologies/", "lang", "fr"),
    ("/api/v1/technologies/gene-sequencer/", "lang", "klingon"),
    ("/api/v1/contracts/", "year", "twenty"),
    ("/api/v1/contracts/", "year", HUGE),
    ("/api/v1/contracts/", "year", "-2025"),
    ("/api/v1/contracts/", "value_min", "1e400"),
    ("/api/v1/contracts/", "signed_after", "2025-02-30"),
    ("/api/v1/contracts/stats/", "year", "0"),
    ("/api/v1/contracts/stats/", "sector", "a\x00b"),
    ("/api/v1/agencies/", "service", "magic"),
    ("/api/v1/agencies/", "joined_since", "not-a-date"),
    ("/api/v1/financing/products/", "amount", HUGE),
    ("/api/v1/financing/products/", "term", "-3"),
    ("/api/v1/financing/products/", "stage", "unicorn"),
    ("/api/v1/financing/needs/", "open", "maybe"),
    ("/api/v1/financing/needs/", "amount_min", "lots"),
    ("/api/v1/financing/needs/", "status", "withdrawn"),
    ("/api/v1/sectors/", "top_level", "perhaps"),
    ("/api/v1/organizations/", "kind", "alien"),
    ("/api/v1/key-figures/", "latest", "2"),
    ("/api/v1/articles/", "published_since", "0000-00-00"),
]


@pytest.mark.parametrize(("path", "parameter", "value"), CASES, ids=[f"{c[1]}={c[2][:12]!r}" for c in CASES])
def test_bad_parameter_is_a_400_naming_it(world, get, path, parameter, value):
    response = get(path, {parameter: value})
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["status"] == 400
    assert parameter in body["errors"]
    assert response["Content-Type"] == "application/json"


def test_nul_in_a_parameter_name_is_a_400(world, get):
    response = get("/api/v1/technologies/", {"se\x00arch": "x"})
    assert response.status_code == 400
    # The name cannot be echoed (it holds the NUL), so the error names the query string as a whole.
    assert response.json()["errors"] == {"query": ["Parameter names may not contain NUL characters."]}


@pytest.mark.parametrize(
    ("path", "parameter", "keeps_all_at"),
    [
        ("/api/v1/technologies/", "published_since", "0001-01-01"),
        ("/api/v1/articles/", "published_before", "9999-12-31"),
        ("/api/v1/contracts/", "signed_after", "0001-01-01"),
        ("/api/v1/financing/needs/", "deadline_before", "9999-12-31"),
    ],
)
def test_extreme_dates_are_clamped_not_crashing(world, get, path, parameter, keeps_all_at):
    """The first and the last representable day filter like any other: one keeps every record, the
    other none (a 200 with the wrong rows would pass a status check)."""
    everything = get(path).json()["count"]
    assert everything > 0
    keeps_none_at = "9999-12-31" if keeps_all_at == "0001-01-01" else "0001-01-01"
    kept = get(path, {parameter: keeps_all_at})
    assert kept.status_code == 200 and kept.json()["count"] == everything
    none = get(path, {parameter: keeps_none_at})
    assert none.status_code == 200 and none.json()["count"] == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/technologies/",
        "/api/v1/technologies/gene-sequencer/",
        "/api/v1/contracts/stats/",
        "/api/v1/agencies/",
    ],
)
def test_writes_answer_405(world, client, method, path):
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert response.json()["status"] == 405


def test_anonymous_throttling_answers_429_with_retry_after(world, client, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    statuses = [client.get("/api/v1/sectors/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/technologies/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429
    # Another client (address) has its own count.
    assert client.get("/api/v1/sectors/", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.parametrize("parameter", ["trl_min", "published_since", "kind", "sector", "page", "lang"])
def test_empty_parameter_is_a_400_naming_it(world, get, parameter):
    response = get("/api/v1/technologies/", {parameter: ""})
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_empty_search_and_ordering_mean_no_search_and_default_order(world, get):
    assert get("/api/v1/technologies/", {"search": "", "ordering": ""}).json()["count"] == 3
