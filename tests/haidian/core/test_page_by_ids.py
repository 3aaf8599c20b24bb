"""A list page read by its ids (haidian.core.web.page_by_ids): the same rows in the same order as
the page itself, the related objects joined to the page's rows only, and an order it cannot
compute again left alone."""

import pytest
from django.db import connection
from django.db.models import Case, F, IntegerField, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.test.utils import CaptureQueriesContext

from haidian.core.web import page_by_ids
from listings.models import Technology
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(db):
    owners = [f.OrganizationFactory(name_en=f"Owner {n}") for n in range(3)]
    return [f.TechnologyFactory(owner=owners[n % 3], trl=1 + n % 9) for n in range(25)]


def scored(queryset):
    """An order computed from the row itself, as a search's rank is: TRL 4 to 6 first."""
    score = Case(When(trl__range=(4, 6), then=Value(2)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(score=score).order_by("-score", "-id")


def test_a_page_read_by_its_ids_has_the_page_rows_in_the_page_order(listings, django_assert_num_queries):
    page = scored(Technology.objects.all())[5:15]
    expected = [(row.pk, row.score) for row in page]
    rows = Technology.objects.select_related("owner")
    with django_assert_num_queries(1):  # the owners come with the rows
        read = [(row.pk, row.score, row.owner.name_en) for row in page_by_ids(page, rows)]
    assert [(pk, score) for pk, score, _owner in read] == expected
    assert {score for _pk, score, _owner in read} == {1, 2}  # the page spans both scores
    owners = dict(Technology.objects.values_list("pk", "owner__name_en"))
    assert [owner for _pk, _score, owner in read] == [owners[pk] for pk, _score in expected]


def test_the_ids_come_from_a_limited_subquery_and_the_owner_is_joined_outside_it(listings):
    page = scored(Technology.objects.filter(trl__gte=2))[5:10]
    with CaptureQueriesContext(connection) as queries:
        list(page_by_ids(page, Technology.objects.select_related("owner")))
    (sql,) = [query["sql"] for query in queries.captured_queries]
    outer, inner = sql.split("IN (SELECT", 1)
    assert "haidian_organization" in outer and "haidian_organization" not in inner
    assert "LIMIT 5" in inner and "OFFSET 5" in inner
    assert '"trl" >=' in inner and '"trl" >=' not in outer  # the filters stay inside


@pytest.mark.parametrize(
    "annotation",
    [
        pytest.param(F("owner__name_en"), id="a joined column"),
        pytest.param(RawSQL("%s", (1,)), id="raw SQL"),
        pytest.param(Window(RowNumber(), order_by=F("trl").desc()), id="a window over other rows"),
    ],
)
def test_an_order_it_cannot_compute_again_keeps_the_page_as_it_is(listings, annotation):
    page = Technology.objects.annotate(key=annotation).order_by("key", "id")[:5]
    assert page_by_ids(page, Technology.objects.select_related("owner")) is page


def test_an_empty_page_reads_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(page_by_ids(Technology.objects.order_by("id")[0:0], Technology.objects.all())) == []
