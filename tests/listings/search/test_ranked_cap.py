"""A search ranks its newest ``RANKED`` matches only (listings.search): the API's count stops there
and says so (``count_is_exact``), and an older match beyond them is not returned, on either database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from listings import search
from listings.api import views as api_views
from listings.search import search_technologies
from tests import factories

from .conftest import on_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def batteries(db):
    """Four listings about batteries, the oldest with the word in its title (the best rank)."""
    now = timezone.now()
    oldest = factories.TechnologyFactory(title_en="Battery", published_at=now - timedelta(days=30))
    newer = [
        factories.TechnologyFactory(
            summary_en="A battery for storage.", published_at=now - timedelta(days=days)
        )
        for days in (1, 2, 3)
    ]
    return oldest, newer


def test_api_count_stops_at_the_ranked_matches(client, batteries, monkeypatch):
    monkeypatch.setattr(api_views, "RANKED", 2)
    body = client.get("/api/v1/technologies/", {"search": "battery"}).json()
    assert (body["count"], body["count_is_exact"], len(body["results"])) == (2, False, 2)
    assert (
        client.get("/api/v1/technologies/", {"search": "battery", "page_size": 1, "page": 3}).status_code
        == 404
    )


def test_api_without_search_keeps_the_list_cap(client, batteries, monkeypatch):
    monkeypatch.setattr(api_views, "RANKED", 2)
    body = client.get("/api/v1/technologies/").json()
    assert (body["count"], body["count_is_exact"]) == (4, True)


def test_filters_apply_before_the_cap(client, batteries, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 1)
    need = factories.TechnologyFactory(
        kind="need", summary_en="A battery wanted.", published_at=timezone.now()
    )
    factories.TechnologyFactory(summary_en="The newest battery.", published_at=timezone.now())
    body = client.get("/api/v1/technologies/", {"search": "battery", "kind": "need"}).json()
    assert [row["slug"] for row in body["results"]] == [need.slug]


def test_only_the_newest_matches_are_ranked(batteries, monkeypatch):
    oldest, newer = batteries
    monkeypatch.setattr(search, "RANKED", 2)
    # RANKED + 1 newest (the one more tells the count there are more), ranked among themselves.
    assert list(search_technologies("battery")) == newer
    monkeypatch.setattr(search, "RANKED", 10)
    assert list(search_technologies("battery"))[0] == oldest  # the title match ranks first


@pytest.mark.postgres
@on_postgresql
def test_one_query_ranks_the_same(batteries, django_assert_num_queries):
    """The floor's form (the matches found and ranked inside the page's query) gives the same
    listings in the same order, with the same rank, as the matches read first."""
    read_first = list(search_technologies("battery"))
    with django_assert_num_queries(2):  # the LIMITed count of exact matches (typos?); the listings
        inline = list(search_technologies("battery", one_query=True))
    assert inline == read_first
    assert [row.search_rank for row in inline] == pytest.approx([row.search_rank for row in read_first])
