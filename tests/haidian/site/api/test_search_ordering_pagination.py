"""Search in both languages, documented ordering only, bounded and deterministic pages."""

from unittest import mock

import pytest

from tests import factories as f

TECH = "/api/v1/technologies/"


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("portable", ["gene-sequencer"]),
        ("sequencing", ["gene-sequencer", "need-sequencing"]),
        ("测序", ["gene-sequencer", "need-sequencing"]),
        ("芯片", ["chip-design"]),
        ("chip", ["chip-design"]),
    ],
)
def test_technology_search_in_both_languages(world, get, query, expected):
    assert sorted(slugs(get(TECH, {"search": query}))) == sorted(expected)


def test_technology_search_uses_the_search_service(world, get):
    from listings import search

    with mock.patch("listings.filters.search_technologies", wraps=search.search_technologies) as spy:
        get(TECH, {"search": "gene", "kind": "offer"})
    assert spy.call_count == 1
    assert spy.call_args.args[0] == "gene"


def test_search_in_chinese_request_finds_english_words(world, get):
    # modeltranslation must not rewrite the lookups to the active language (PITFALLS 2).
    assert slugs(get("/api/v1/agencies/", {"search": "ZGC", "lang": "zh-hans"})) == ["zgc-transfer"]
    assert slugs(get(TECH, {"search": "portable"}, HTTP_ACCEPT_LANGUAGE="zh-hans")) == ["gene-sequencer"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("trl", ["chip-design", "need-sequencing", "gene-sequencer"]),
        ("-trl", ["gene-sequencer", "need-sequencing", "chip-design"]),
        # Empty prices sort last in both directions.
        ("price_cny", ["need-sequencing", "gene-sequencer", "chip-design"]),
        ("-price_cny", ["gene-sequencer", "need-sequencing", "chip-design"]),
        ("title", ["chip-design", "gene-sequencer", "need-sequencing"]),
    ],
)
def test_technology_ordering(world, get, ordering, expected):
    assert slugs(get(TECH, {"ordering": ordering})) == expected


def test_default_order_is_newest_first_with_id_tiebreak(world, get):
    assert slugs(get(TECH)) == ["chip-design", "need-sequencing", "gene-sequencer"]


def test_contract_ordering_by_value_keeps_confidential_values_unranked(world, get):
    f.ContractFactory(reference="HD-2025-003", value=1)
    for ordering in ("value_cny", "-value_cny"):
        refs = [r["reference"] for r in get("/api/v1/contracts/", {"ordering": ordering}).json()["results"]]
        assert refs[-1] == "HD-2024-002"


@pytest.mark.parametrize(
    ("path", "ordering"),
    [
        (TECH, "internal_notes"),
        (TECH, "-created_by"),
        (TECH, "trl,"),
        ("/api/v1/contracts/", "value"),
        ("/api/v1/agencies/", "inquiry_email"),
        ("/api/v1/sectors/", "id; DROP TABLE"),
    ],
)
def test_unknown_ordering_is_a_400_naming_the_parameter(world, get, path, ordering):
    response = get(path, {"ordering": ordering})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ordering"]


@pytest.fixture
def many_articles(db):
    return f.ArticleFactory.create_batch(120)


@pytest.mark.parametrize(
    ("page_size", "expected"),
    [(None, 20), ("1", 1), ("100", 100), ("101", 100), ("1000000000", 100), ("9" * 40, 100)],
)
def test_page_size_is_bounded(many_articles, get, page_size, expected):
    params = {} if page_size is None else {"page_size": page_size}
    body = get("/api/v1/articles/", params).json()
    assert len(body["results"]) == expected
    assert body["count"] == 120


def test_pages_link_to_the_next_and_do_not_overlap(many_articles, get):
    seen, url, pages = [], "/api/v1/articles/?page_size=50", 0
    while url:
        body = get(url).json()
        seen += [row["slug"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 120


def test_page_past_the_end_is_404(many_articles, get):
    assert get("/api/v1/articles/", {"page": 7}).status_code == 404
    assert get("/api/v1/articles/", {"page": "9" * 30}).status_code == 404
    assert get("/api/v1/articles/", {"page": 6}).status_code == 200


def test_technology_count_is_capped(world, get, settings):
    settings.API_COUNT_CAP = 2
    body = get(TECH, {"page_size": 1}).json()
    assert body["count"] == 2
    assert body["count_is_exact"] is False
    assert get(TECH, {"page_size": 1, "page": 2}).status_code == 200
    assert get(TECH, {"page_size": 1, "page": 3}).status_code == 404
    settings.API_COUNT_CAP = 10
    body = get(TECH).json()
    assert (body["count"], body["count_is_exact"]) == (3, True)
