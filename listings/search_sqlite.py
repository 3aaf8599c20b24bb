"""Search on SQLite: an FTS5 index of ``search_document``, kept current by triggers.

The index is an external-content FTS5 table (it stores only the index, not a second copy of the
text) over ``listings_technology.search_document``; the tokens in the document are already
analysed by ``listings.text``, so FTS5 only has to split on spaces. Triggers keep it current on
every insert, update of the document and delete, whatever writes the row (``save()``,
``bulk_create``, ``update()``, raw SQL).

Created after every ``migrate`` (``post_migrate``), not in a migration: SQLite rebuilds a table
to alter it, which drops its triggers, so they are re-created (and the index rebuilt) whenever
they are missing. Without FTS5 in the SQLite library, search falls back to ``LIKE`` scans.
"""

import sqlite3
from functools import cache

FTS_TABLE = "listings_technology_fts"
TRIGGERS = {
    "listings_technology_fts_ai": """
        CREATE TRIGGER IF NOT EXISTS listings_technology_fts_ai AFTER INSERT ON listings_technology BEGIN
            INSERT INTO listings_technology_fts(rowid, search_document) VALUES (new.id, new.search_document);
        END""",
    "listings_technology_fts_ad": """
        CREATE TRIGGER IF NOT EXISTS listings_technology_fts_ad AFTER DELETE ON listings_technology BEGIN
            INSERT INTO listings_technology_fts(listings_technology_fts, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
        END""",
    "listings_technology_fts_au": """
        CREATE TRIGGER IF NOT EXISTS listings_technology_fts_au
        AFTER UPDATE OF search_document ON listings_technology BEGIN
            INSERT INTO listings_technology_fts(listings_technology_fts, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
            INSERT INTO listings_technology_fts(rowid, search_document) VALUES (new.id, new.search_document);
        END""",
}
MATCH_SQL = "SELECT rowid FROM listings_technology_fts WHERE listings_technology_fts MATCH %s"


@cache
def fts5_available() -> bool:
    """Whether the SQLite library Python uses was built with FTS5 (nearly always)."""
    try:
        connection = sqlite3.connect(":memory:")
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        connection.close()
    except sqlite3.OperationalError:
        return False
    return True


def ensure_fts(connection) -> bool:
    """Create the FTS table and its triggers where missing; rebuild the index if anything was."""
    if connection.vendor != "sqlite" or not fts5_available():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if "listings_technology" not in _tables(cursor):
            return False
        missing = FTS_TABLE not in present or any(name not in present for name in TRIGGERS)
        if not missing:
            return False
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS listings_technology_fts USING fts5("
            "search_document, content='listings_technology', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        for statement in TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute("INSERT INTO listings_technology_fts(listings_technology_fts) VALUES ('rebuild')")
    return True


def _tables(cursor) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in cursor.fetchall()}


def match_expression(terms: list[tuple[str, ...]], *, prefix_last: bool, any_term: bool = False) -> str:
    """An FTS5 query: every term (or any, for matching), a long Chinese word or all its bigrams,
    the last term as a prefix when ``prefix_last``."""

    def quote(token: str) -> str:
        return '"' + token.replace('"', '""') + '"'

    parts = []
    for index, (word, *bigrams) in enumerate(terms):
        if bigrams:
            parts.append(f"({quote(word)} OR ({' AND '.join(quote(b) for b in bigrams)}))")
        elif prefix_last and index == len(terms) - 1:
            parts.append(quote(word) + "*")
        else:
            parts.append(quote(word))
    return (" OR " if any_term else " AND ").join(parts)
