"""Search on PostgreSQL: pg_trgm, a stored weighted tsvector generated from ``search_document``
with a GIN index, and trigram GIN indexes for typo-tolerant and substring title/keyword search.

Only PostgreSQL runs the DDL (``schema_editor.connection.vendor``); on SQLite the steps do nothing
and ``listings.search`` uses its fallback. Then every existing listing gets its document.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

VECTOR_SQL = " || ".join(
    f"setweight(to_tsvector('simple'::regconfig, split_part(search_document, E'\\n', {line})), '{weight}')"
    for line, weight in ((1, "A"), (2, "B"), (3, "C"), (4, "D"))
)

FORWARD = [
    # listings.search.SearchVectorColumn: the weighted vector of the analysed document.
    f"ALTER TABLE listings_technology ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR_SQL}) STORED",
    # search_technologies(): search_vector @@ to_tsquery(...)
    "CREATE INDEX tech_search_vector_idx ON listings_technology USING gin (search_vector)",
    # search_technologies() typo tolerance: title_en %> 'query'; also speeds up title icontains.
    "CREATE INDEX tech_title_en_trgm_idx ON listings_technology USING gin (title_en gin_trgm_ops)",
    # search_technologies() typo tolerance: keywords_en %> 'query'.
    "CREATE INDEX tech_keywords_en_trgm_idx ON listings_technology USING gin (keywords_en gin_trgm_ops)",
    # icontains on the Chinese title (API and admin filters): LIKE '%芯片%' through trigrams.
    "CREATE INDEX tech_title_zh_trgm_idx ON listings_technology USING gin (title_zh_hans gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS tech_title_zh_trgm_idx",
    "DROP INDEX IF EXISTS tech_keywords_en_trgm_idx",
    "DROP INDEX IF EXISTS tech_title_en_trgm_idx",
    "DROP INDEX IF EXISTS tech_search_vector_idx",
    "ALTER TABLE listings_technology DROP COLUMN IF EXISTS search_vector",
]


def create_postgresql_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def drop_postgresql_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


def build_documents(apps, schema_editor):
    """Listings created before this migration get their document (uses the current analyser)."""
    from listings.search import build_search_document

    Technology = apps.get_model("listings", "Technology")
    for technology in Technology.objects.select_related("owner").prefetch_related("sectors__parent").iterator(
        chunk_size=500
    ):
        # No benefit claims yet: the historical model at this point has no such relation.
        document = build_search_document(technology, sectors=technology.sectors.all(), benefits=())
        Technology.objects.filter(pk=technology.pk).update(search_document=document)


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's CreateExtension skips other databases going forwards only: backwards it queries
    pg_extension on SQLite too, so this migration could not be unapplied there."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("listings", "0002_transaction_types")]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(create_postgresql_search, drop_postgresql_search, elidable=False),
        migrations.RunPython(build_documents, migrations.RunPython.noop, elidable=True),
    ]
