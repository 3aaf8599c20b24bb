"""Reading PostgreSQL query plans in tests."""

from django.db import connection


def plan(queryset, *, off: tuple[str, ...] = ("seqscan", "sort")) -> str:
    """The plan with sequential scans and explicit sorts priced out (or the planner methods in
    ``off``). On a few test rows the planner would rightly prefer a scan and a sort, and which one
    it picks then depends on the table's statistics at that moment (other tests' rows,
    autovacuum). What we check is that an index *can* serve the query in its order."""
    with connection.cursor() as cursor:
        for method in off:
            cursor.execute(f"SET enable_{method} = off")
        try:
            return queryset.explain()
        finally:
            for method in off:
                cursor.execute(f"RESET enable_{method}")
