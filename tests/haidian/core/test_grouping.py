"""grouped_counts: the counts of several columns from one query, on SQLite and PostgreSQL alike."""

import pytest

from haidian.core.grouping import grouped_counts
from listings.models import Technology, TechnologyKind
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_column_is_counted_over_the_filtered_rows_in_one_query(django_assert_num_queries):
    agency = factories.AgencyFactory()
    factories.TechnologyFactory(kind=TechnologyKind.OFFER, trl=3, agency=agency)
    factories.TechnologyFactory(kind=TechnologyKind.OFFER, trl=5, agency=None)
    factories.TechnologyFactory(kind=TechnologyKind.NEED, trl=5, agency=agency)
    factories.TechnologyFactory(kind=TechnologyKind.NEED, trl=9, agency=None)
    rows = Technology.objects.exclude(trl=9)
    with django_assert_num_queries(1):
        counts = grouped_counts(rows, ["kind", "trl", "agency_id"])
    assert counts == {
        "kind": {"offer": 2, "need": 1},
        "trl": {3: 1, 5: 2},
        "agency_id": {agency.pk: 2, None: 1},  # a NULL counts under None
    }


def test_no_rows_and_no_columns():
    assert grouped_counts(Technology.objects.none().filter(pk=0), ["kind"]) == {"kind": {}}
    assert grouped_counts(Technology.objects.all(), []) == {}
