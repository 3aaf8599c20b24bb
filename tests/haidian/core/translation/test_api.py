"""The API says which returned texts are machine-made, for the language of the response."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing():
    owner = factories.OrganizationFactory(name_zh_hans="机译公司", machine_translated=["name_zh_hans"])
    return factories.TechnologyFactory(
        slug="furnace",
        owner=owner,
        title_en="Furnace",
        title_zh_hans="熔炉",
        summary_en="English summary",
        summary_zh_hans="",
        machine_translated=["title_zh_hans", "summary_en"],
    )


def test_english_names_the_fields_whose_english_text_is_machine_made(client, listing):
    body = client.get("/api/v1/technologies/furnace/").json()
    assert body["machine_translated"] == ["summary"]
    assert body["owner"]["machine_translated"] == []


def test_chinese_follows_the_fallback_to_the_text_actually_returned(client, listing):
    body = client.get("/api/v1/technologies/furnace/", {"lang": "zh-hans"}).json()
    # The Chinese title is machine-made; the summary falls back to English, machine-made too.
    assert body["summary"] == "English summary"
    assert body["machine_translated"] == ["title", "summary"]
    assert body["owner"]["machine_translated"] == ["name"]


def test_lang_all_gives_the_raw_columns(client, listing):
    body = client.get("/api/v1/technologies/furnace/", {"lang": "all"}).json()
    assert body["machine_translated"] == ["title_zh_hans", "summary_en"]


def test_lists_say_it_too_without_extra_queries(client, listing, django_assert_num_queries):
    # The first list of a content version: the unfiltered count and the sectors' briefs (each once
    # per content version), the page, its relations; as in tests/haidian/site/api/test_query_counts.py.
    with django_assert_num_queries(4):
        rows = client.get("/api/v1/technologies/", {"lang": "zh-hans"}).json()["results"]
    assert rows[0]["machine_translated"] == ["title", "summary"]


def test_the_schema_documents_the_field(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    technology = schema["components"]["schemas"]["TechnologyDetail"]["properties"]
    assert technology["machine_translated"]["type"] == "array"
    assert "benefits" in technology
