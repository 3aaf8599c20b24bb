"""On PostgreSQL, search is served by its GIN indexes (and the database can segment trigrams)."""

import pytest
from django.db import connection

from listings.models import Technology
from listings.search import ranked_matches, search_technologies
from listings.text import query_terms
from tests import factories
from tests.explain import plan

from .conftest import on_postgresql

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, on_postgresql]


def test_database_has_a_utf8_ctype_for_chinese_trigrams():
    """PITFALLS 11: with ctype C, Chinese yields no trigrams."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('芯片专利')")
        assert cursor.fetchone()[0] != []


def match_plan(query: str, typos: str = "") -> str:
    """The plan of the query that finds the ranked matches (``search_technologies`` reads them
    first, then the listings by id), with sequential and plain index scans priced out. They are
    read newest first, through the primary key when a word is common (listings.search.RANKED);
    this shows that the match itself can be served by the search indexes, as it is for a rare
    word. ``typos``: the query as the typo-tolerant pass adds it."""
    matches = ranked_matches(Technology.objects.all(), query_terms(query), typos)
    return plan(matches, off=("seqscan", "indexscan"))


def test_chinese_query_uses_the_search_vector_index():
    factories.TechnologyFactory(title_zh_hans="芯片设计")
    assert "tech_search_vector_idx" in match_plan("芯片")


def test_english_query_uses_vector_and_trigram_indexes():
    factories.TechnologyFactory(title_en="Chip design")
    text = match_plan("licensing", typos="licensing")
    assert "tech_search_vector_idx" in text
    assert "tech_title_en_trgm_idx" in text
    assert "tech_keywords_en_trgm_idx" in text


def test_search_inside_a_subquery_uses_the_inner_table():
    technology = factories.TechnologyFactory(title_en="Chip design")
    inner = search_technologies("chip").values("pk")
    assert list(Technology.objects.filter(pk__in=inner)) == [technology]


def test_chinese_title_icontains_uses_the_trigram_index():
    factories.TechnologyFactory(title_zh_hans="芯片设计")
    # Unordered: on a handful of rows the planner would rather walk the newest-first index.
    matches = Technology.objects.filter(title_zh_hans__contains="芯片设").order_by()
    assert "tech_title_zh_trgm_idx" in plan(matches)


def test_the_search_vector_is_kept_in_the_row():
    """A search reads the vector of every listing it walks: kept in the row (STORAGE MAIN, migration
    0012), not in the TOAST table where a 2 kB value goes by default."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'listings_technology'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)
