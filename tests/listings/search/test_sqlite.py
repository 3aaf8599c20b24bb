"""On SQLite, search is served by an FTS5 index that triggers keep current."""

import pytest
from django.db import connection

from listings.models import Technology
from listings.search import search_technologies
from listings.search_sqlite import FTS_TABLE, MATCH_SQL, TRIGGERS, ensure_fts, fts5_available
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only: PostgreSQL has its own indexes"),
    pytest.mark.skipif(
        not fts5_available(), reason="this SQLite library has no FTS5; LIKE scans serve search"
    ),
]


def test_search_goes_through_the_fts_index():
    factories.TechnologyFactory(title_en="Chip design")
    assert f"{FTS_TABLE} MATCH" in str(search_technologies("chip").query)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + MATCH_SQL, ["chip"])
        assert "VIRTUAL TABLE INDEX" in " ".join(str(row) for row in cursor.fetchall())


def test_index_follows_inserts_updates_deletes_and_raw_updates():
    technology = factories.TechnologyFactory(summary_en="Laser welding")
    assert list(search_technologies("weld")) == [technology]
    Technology.objects.filter(pk=technology.pk).update(search_document=" plasma \n \n \n ")
    assert list(search_technologies("weld")) == []
    assert list(search_technologies("plasma")) == [technology]
    technology.delete()
    assert list(search_technologies("plasma")) == []


def test_missing_triggers_are_recreated_and_the_index_rebuilt():
    """SQLite rebuilds a table to alter it, dropping its triggers; post_migrate restores them."""
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    technology = factories.TechnologyFactory(summary_en="Laser welding")  # not indexed: no trigger
    assert list(search_technologies("welding")) == []
    assert ensure_fts(connection) is True
    assert list(search_technologies("welding")) == [technology]
    assert ensure_fts(connection) is False  # nothing missing any more
