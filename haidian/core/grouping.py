"""Counts of a queryset's rows by several columns at once, in one query.

A list page's facets count the same filtered rows by kind, TRL, country and so on: a query per
column reads the rows once per column. ``grouped_counts`` reads them once: ``GROUP BY GROUPING
SETS`` on PostgreSQL (one scan, one hash table per column); on SQLite, which has no grouping sets,
the rows go into a common table expression that the per-column ``GROUP BY``s read in one
statement (``UNION ALL``).

A chosen facet counts its siblings without its own filter: ``conditions`` gives such a column its
filter as a condition, and the rows are read once, unfiltered by it; each column then counts the
rows that meet every condition but its own (``COUNT(*) FILTER (WHERE ...)``).
"""

from collections.abc import Callable, Mapping, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper
from django.db.models.expressions import RawSQL


def grouped_counts(queryset, columns: Sequence[str], conditions: Mapping | None = None) -> dict[str, dict]:
    """``{column: {value: number of rows}}`` for each of ``columns`` (the model's column names, e.g.
    ``origin_country_id``) over the rows of ``queryset``; a NULL value counts under ``None``.

    ``conditions``: ``{column: condition}`` (a ``Q`` or another boolean expression on the
    queryset's model): ``column`` is counted over the rows that meet every other condition, the
    other columns over the rows that meet all of them. Values no row counts for are left out."""
    counts: dict[str, dict] = {column: {} for column in columns}
    if not columns:
        return counts
    conditions = dict(conditions or {})
    flags = {column: f"hd_when_{index}" for index, column in enumerate(conditions)}
    queryset = queryset.order_by()
    if conditions:
        queryset = queryset.annotate(
            **{
                flags[column]: ExpressionWrapper(condition, output_field=BooleanField())
                for column, condition in conditions.items()
            }
        )
    try:
        sql, params = queryset.values_list(*columns, *flags.values()).query.sql_with_params()
    except EmptyResultSet:  # ``none()``, or a filter that can match nothing: no query needed
        return counts
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    names = [quote(column) for column in columns]

    def counted(column):
        """The aggregate that counts ``column``: the rows meeting every condition but its own."""
        tests = [quote(flag) for other, flag in flags.items() if other != column]
        return f"COUNT(*) FILTER (WHERE {' AND '.join(tests)})" if tests else "COUNT(*)"

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            grouping = ", ".join(f"GROUPING({name})" for name in names)
            sets = ", ".join(f"({name})" for name in names)
            # One aggregate per distinct set of conditions (all of them; all but one column's).
            aggregates = list(dict.fromkeys(counted(column) for column in columns))
            position = {column: aggregates.index(counted(column)) for column in columns}
            cursor.execute(
                # Quoted column names around Django's compiled SQL; the values stay parameters.
                f"SELECT {grouping}, {', '.join(names)}, {', '.join(aggregates)} "  # noqa: S608
                f"FROM ({sql}) AS rows_ GROUP BY GROUPING SETS ({sets})",
                params,
            )
            first = 2 * len(columns)
            for row in cursor.fetchall():
                index = row.index(0)  # the one column this row is grouped by (its GROUPING() is 0)
                column = columns[index]
                if number := row[first + position[column]]:
                    counts[column][row[len(columns) + index]] = number
        else:
            arms = " UNION ALL ".join(
                f"SELECT {index}, {name}, {counted(column)} FROM rows_ GROUP BY {name}"  # noqa: S608
                for index, (column, name) in enumerate(zip(columns, names, strict=True))
            )
            cursor.execute(f"WITH rows_ AS MATERIALIZED ({sql}) {arms}", params)
            for index, value, number in cursor.fetchall():
                if number:
                    counts[columns[index]][value] = number
    return counts


def shared_counts(ids, arms: Mapping[str, Callable]) -> dict[str, dict]:
    """Counts over the same rows in related tables (a list's many-to-many facets), in one statement
    that selects the rows once: ``ids`` (a queryset) becomes a materialised common table expression
    that every arm reads.

    ``arms``: ``{name: arm}``; ``arm(ids)`` gets an expression for ``__in`` (the CTE's ids) and
    returns ``values_list("value", "n")`` rows, e.g. ``Through.objects.filter(technology_id__in=ids)
    .values(value=F("country_id")).annotate(n=Count("*")).values_list("value", "n")``.
    Returns ``{name: {value: n}}``."""
    counts: dict[str, dict] = {name: {} for name in arms}
    if not arms:
        return counts
    try:
        ids_sql, ids_params = ids.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return counts
    connection = connections[ids.db]
    quote = connection.ops.quote_name
    cte, pk = quote("hd_ids"), quote("pk")
    selected = RawSQL(f"SELECT {pk} FROM {cte}", ())  # noqa: S608, S611 - quoted names, no values
    names = list(arms)
    parts, params = [], list(ids_params)
    for index, name in enumerate(names):
        try:
            arm_sql, arm_params = arms[name](selected).query.sql_with_params()
        except EmptyResultSet:
            continue
        # Each arm's value in a column of its own: the arms' values need not share a type.
        values = ", ".join(
            f"arm_{index}.{quote('value')}" if other == index else "NULL" for other in range(len(names))
        )
        parts.append(f"SELECT {index}, {values}, arm_{index}.{quote('n')} FROM ({arm_sql}) AS arm_{index}")  # noqa: S608
        params.extend(arm_params)
    if not parts:
        return counts
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {cte} AS MATERIALIZED ({ids_sql}) {' UNION ALL '.join(parts)}", params)  # noqa: S608
        for row in cursor.fetchall():
            index = row[0]
            counts[names[index]][row[1 + index]] = row[-1]
    return counts
