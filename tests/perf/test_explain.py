"""On PostgreSQL, the main list queries are served by an index (read from EXPLAIN)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from financing.models import FinancingNeed, FinancingType, NeedStatus
from haidian.backoffice.base import EstimatedCountPaginator
from listings.models import Contract, Technology, TechnologyKind
from tests import factories as f
from tests.explain import plan

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans are PostgreSQL's (set DATABASE_URL=postgres://...; CI runs the suite on PostgreSQL too)",
)
pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(db):
    f.TechnologyFactory.create_batch(3)
    f.TechnologyFactory(kind=TechnologyKind.NEED)
    f.ContractFactory.create_batch(2)
    f.FinancingNeedFactory.create_batch(2)


LIST_QUERIES = {
    "published technologies, newest first": (
        lambda: Technology.objects.published().order_by("-published_at", "-id")[:20],
        {"tech_status_pub_idx"},
    ),
    "published technologies of one kind": (
        lambda: Technology.objects.published().needs().order_by("-published_at", "-id")[:20],
        {"tech_kind_status_pub_idx", "tech_status_pub_idx"},
    ),
    "published contracts by signing date": (
        lambda: Contract.objects.published().order_by("-signed_on", "-id")[:20],
        {"contract_signed_idx", "contract_pub_signed_idx"},
    ),
    # The needs page filtered by status and type (financing/views.py), newest first.
    "public financing needs of a status and type": (
        lambda: (
            FinancingNeed.objects.published()
            .filter(status=NeedStatus.OPEN, financing_type=FinancingType.BANK_LOAN)
            .order_by("-created_at")[:20]
        ),
        {"need_status_type_idx"},
    ),
    "public financing needs, newest first": (
        lambda: FinancingNeed.objects.published().order_by("-created_at", "-id")[:20],
        {"need_created_idx", "need_status_type_idx"},
    ),
    "admin technologies, newest first": (
        lambda: Technology.objects.order_by("-published_at", "-id")[:50],
        {"tech_pub_idx"},
    ),
}


@pytest.mark.postgres
@on_postgresql
@pytest.mark.parametrize("name", LIST_QUERIES)
def test_list_query_is_served_by_an_index(rows, name):
    queryset, indexes = LIST_QUERIES[name]
    text = plan(queryset())
    assert any(index in text for index in indexes), text


@pytest.mark.postgres
@on_postgresql
def test_deep_api_page_walks_the_index_only(rows):
    """The API's deferred join (CappedPaginator.page): the OFFSET runs in an index-only subquery."""
    published = Technology.objects.published().order_by("-published_at", "-id")
    page_ids = published[40:60].values("pk")
    text = plan(published.filter(pk__in=page_ids))
    assert "Index Only Scan using tech_status_pub_idx" in text, text


@pytest.mark.postgres
@on_postgresql
def test_admin_paginator_estimates_an_unfiltered_big_table(rows, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE listings_technology")
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", -1)
    estimated = EstimatedCountPaginator(Technology.objects.all(), 50).count
    assert estimated >= 0  # the planner's figure, whatever it is: no COUNT(*) was run
    assert EstimatedCountPaginator(Technology.objects.needs(), 50).count == 1


def test_admin_paginator_counts_exactly_below_the_threshold(rows, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT COUNT(*) (PostgreSQL: reltuples first, then the count)
        assert EstimatedCountPaginator(Technology.objects.filter(pk__gt=0), 50).count == 4
    assert EstimatedCountPaginator(Technology.objects.all(), 50).count == 4


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="sqlite_stat1 is SQLite's (PostgreSQL: the test above)"
)
def test_admin_paginator_takes_sqlite_statistics_for_an_unfiltered_big_table(rows, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 2)
    assert EstimatedCountPaginator(Technology.objects.all(), 50).count == 4  # no statistics yet: counted
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("UPDATE sqlite_stat1 SET stat = '100000 1' WHERE tbl = 'listings_technology'")
    with CaptureQueriesContext(connection) as queries:
        assert EstimatedCountPaginator(Technology.objects.all(), 50).count == 100_000
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    assert EstimatedCountPaginator(Technology.objects.needs(), 50).count == 1  # filtered: exact
