"""Counts of a queryset's rows by several columns at once, in one query.

A list page's facets count the same filtered rows by kind, TRL, country and so on: a query per
column reads the rows once per column. ``grouped_counts`` reads them once: ``GROUP BY GROUPING
SETS`` on PostgreSQL (one scan, one hash table per column); on SQLite, which has no grouping sets,
the rows go into a common table expression that the per-column ``GROUP BY``s read in one
statement (``UNION ALL``).
"""

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections


def grouped_counts(queryset, columns: Sequence[str]) -> dict[str, dict]:
    """``{column: {value: number of rows}}`` for each of ``columns`` (the model's column names, e.g.
    ``origin_country_id``) over the rows of ``queryset``; a NULL value counts under ``None``."""
    counts: dict[str, dict] = {column: {} for column in columns}
    if not columns:
        return counts
    try:
        sql, params = queryset.order_by().values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # ``none()``, or a filter that can match nothing: no query needed
        return counts
    connection = connections[queryset.db]
    names = [connection.ops.quote_name(column) for column in columns]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            flags = ", ".join(f"GROUPING({name})" for name in names)
            sets = ", ".join(f"({name})" for name in names)
            cursor.execute(
                # Quoted column names around Django's compiled SQL; the values stay parameters.
                f"SELECT {flags}, {', '.join(names)}, COUNT(*) FROM ({sql}) AS rows_ "  # noqa: S608
                f"GROUP BY GROUPING SETS ({sets})",
                params,
            )
            for row in cursor.fetchall():
                index = row.index(0)  # the one column this row is grouped by (its GROUPING() is 0)
                counts[columns[index]][row[len(columns) + index]] = row[-1]
        else:
            arms = " UNION ALL ".join(
                f"SELECT {index}, {name}, COUNT(*) FROM rows_ GROUP BY {name}"  # noqa: S608
                for index, name in enumerate(names)
            )
            cursor.execute(f"WITH rows_ AS MATERIALIZED ({sql}) {arms}", params)
            for index, value, count in cursor.fetchall():
                counts[columns[index]][value] = count
    return counts
