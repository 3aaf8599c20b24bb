"""Counts of a queryset's rows by several columns at once, in one query.

A list page's facets count the same filtered rows by kind, TRL, country and so on: a query per
column reads the rows once per column. ``grouped_counts`` reads them once: ``GROUP BY GROUPING
SETS`` on PostgreSQL (one scan, one hash table per column); on SQLite, which has no grouping sets,
the rows go into a common table expression that the per-column ``GROUP BY``s read in one
statement (``UNION ALL``).

A chosen facet counts its siblings without its own filter: ``conditions`` gives such a column its
filter as a condition, and the rows are read once, unfiltered by it; each column then counts the
rows that meet every condition but its own (``COUNT(*) FILTER (WHERE ...)``).

Facets kept in link tables (a listing's sectors, target countries) would need a join per listing
and table: instead ``postings`` reads, once, which rows hold each value, as bitsets, and
``posting_counts`` intersects them with the filtered rows' ids, read in one query.
"""

from collections.abc import Mapping, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Aggregate, BooleanField, ExpressionWrapper, TextField


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


class JoinedIds(Aggregate):
    """A group's values as one text, comma separated (``string_agg`` on PostgreSQL,
    ``group_concat`` on SQLite): one row per group, however many values it holds."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "%(function)s((%(expressions)s)::text, ',')"
        return self.as_sql(compiler, connection, function="STRING_AGG", template=template, **extra_context)


def bitset(ids: Sequence[int]) -> int:
    """The set ``ids`` (non-negative integers) as an ``int`` with bit ``id`` set: two sets of
    100,000 ids intersect (``&``) and count (``int.bit_count``) in microseconds. It takes
    ``max(ids) / 8`` bytes: meant for ids from a table's sequence (12.5 kB per 100,000 rows)."""
    if not ids:
        return 0
    bits = bytearray((max(ids) >> 3) + 1)
    for id_ in ids:
        bits[id_ >> 3] |= 1 << (id_ & 7)
    return int.from_bytes(bits, "little")


def postings(queryset, value, key: str) -> dict:
    """An inverted index of ``queryset``'s rows: ``{value: bitset of key}``, one row per value read
    from the database (``JoinedIds``). ``value`` is an expression, ``key`` an integer column; e.g.
    the listings holding each target country, from the link table."""
    rows = queryset.order_by().values(value=value).annotate(ids=JoinedIds(key)).values_list("value", "ids")
    return {group: joined_bitset(ids) for group, ids in rows}


def joined_bitset(joined: str | None) -> int:
    """The ``bitset`` of ids that ``JoinedIds`` joined into one text (None: no rows), split in C:
    tens of thousands of rows, each through the ORM's row iterators, cost more than the query."""
    return bitset(list(map(int, joined.split(",")))) if joined else 0


def posting_counts(rows, postings_by_name: Mapping[str, Mapping]) -> dict[str, dict]:
    """How many of ``rows`` (a queryset; one query reads its primary keys) each posting holds:
    ``{name: {value: n}}`` for ``postings_by_name``'s ``{name: {value: bitset}}``; values that hold
    none of the rows are left out. Counting a list's many-to-many facets this way costs one read
    of the filtered ids and no join, whatever the number of facets and values."""
    selected = joined_bitset(rows.order_by().aggregate(ids=JoinedIds("pk"))["ids"])
    return {
        name: {value: n for value, bits in group.items() if (n := (bits & selected).bit_count())}
        for name, group in postings_by_name.items()
    }
