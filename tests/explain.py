"""Reading PostgreSQL query plans in tests."""

from django.db import connection


def plan(queryset) -> str:
    """The plan with sequential scans and explicit sorts priced out. On a few test rows the planner
    would rightly prefer a scan and a sort, and which one it picks then depends on the table's
    statistics at that moment (other tests' rows, autovacuum). What we check is that an index *can*
    serve the query in its order."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_sort")
