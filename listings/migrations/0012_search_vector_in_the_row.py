"""PostgreSQL keeps each listing's search vector in its row (``STORAGE MAIN``).

A search reads the vector of every listing it walks: the newest listings are tested against the
query until ``RANKED`` + 1 match, and those are ranked (``listings.search.ranked_matches``). The
vector is about 2 kB, so by default PostgreSQL moved it out of the row (TOAST), and each read was
a lookup in the TOAST table's index and one or two chunks: 7,729 buffers and 21 ms for "battery"
at 100,000 listings. With ``MAIN`` the row keeps the vector, compressed where that helps; the long
texts (descriptions, the search document) leave the row first. The same search then reads 817
buffers in 5 ms (docs/performance.md, item 23).

The storage setting applies to rows written from now on; the UPDATE writes every existing row again
so that they all follow it (a second or so per 1,000 listings; the vector is generated from the
document, so writing the document writes the vector). SQLite has no such setting: nothing to do.
"""

from django.db import migrations


def keep_vectors_in_the_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE listings_technology ALTER COLUMN search_vector SET STORAGE MAIN")
    schema_editor.execute("UPDATE listings_technology SET search_document = search_document")


def move_vectors_out_of_the_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Rows written from now on only: the existing ones are correct either way.
    schema_editor.execute("ALTER TABLE listings_technology ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("listings", "0011_technology_submissions")]

    operations = [migrations.RunPython(keep_vectors_in_the_row, move_vectors_out_of_the_row)]
