"""Reading PostgreSQL query plans in tests."""

from django.db import connection


def plan(queryset) -> str:
    """The plan with sequential scans priced out: on a few test rows the planner would rightly
    prefer them, and what we check is that an index *can* serve the query."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")
