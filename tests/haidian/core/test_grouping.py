"""grouped_counts: the counts of several columns from one query; postings and posting_counts: the
counts of values kept in link tables, from bitsets. On SQLite and PostgreSQL alike."""

import pytest
from django.db.models import F, Q

from haidian.core.grouping import bitset, grouped_counts, posting_counts, postings
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


def test_a_column_with_a_condition_counts_the_rows_meeting_the_other_conditions(django_assert_num_queries):
    factories.TechnologyFactory(kind=TechnologyKind.OFFER, trl=3)
    factories.TechnologyFactory(kind=TechnologyKind.OFFER, trl=5)
    factories.TechnologyFactory(kind=TechnologyKind.NEED, trl=5)
    factories.TechnologyFactory(kind=TechnologyKind.NEED, trl=9)
    conditions = {"kind": Q(kind=TechnologyKind.NEED), "trl": Q(trl__gte=5)}
    with django_assert_num_queries(1):
        counts = grouped_counts(Technology.objects.all(), ["kind", "trl", "ip_status"], conditions)
    assert counts == {
        "kind": {"offer": 1, "need": 2},  # TRL 5 or more, any kind
        "trl": {5: 1, 9: 1},  # needs, any level
        "ip_status": {"granted_patent": 2},  # both conditions; values no row counts for are left out
    }


def test_a_bitset_holds_exactly_its_ids():
    ids = [0, 7, 8, 9, 1000, 100_003]
    bits = bitset(ids)
    assert [i for i in range(100_010) if bits >> i & 1] == ids
    assert bits.bit_count() == len(ids)
    assert bitset([]) == 0


def test_postings_read_which_rows_hold_each_value_in_one_query(django_assert_num_queries):
    offer = factories.TechnologyFactory(target_countries=["JP", "SE"])
    other = factories.TechnologyFactory(target_countries=["JP"])
    factories.TechnologyFactory(target_countries=[])
    with django_assert_num_queries(1):
        held = postings(Technology.target_countries.through.objects, F("country_id"), "technology_id")
    assert held == {"JP": bitset([offer.pk, other.pk]), "SE": bitset([offer.pk])}


def test_posting_counts_count_the_rows_each_value_holds_with_one_query(django_assert_num_queries):
    offer = factories.TechnologyFactory(transaction_types=["licence"], target_countries=["JP", "SE"])
    factories.TechnologyFactory(transaction_types=["licence", "assignment"], target_countries=["JP"])
    factories.TechnologyFactory(
        kind=TechnologyKind.NEED, transaction_types=["licence"], target_countries=["DE"]
    )
    held = {
        "transaction": postings(
            Technology.transaction_types.through.objects, F("transactiontype_id"), "technology_id"
        ),
        "country": postings(Technology.target_countries.through.objects, F("country_id"), "technology_id"),
    }
    with django_assert_num_queries(1):
        counts = posting_counts(Technology.objects.filter(kind=TechnologyKind.OFFER), held)
    # DE's one listing is a need: a value holding none of the rows is left out.
    assert counts == {"transaction": {"licence": 2, "assignment": 1}, "country": {"JP": 2, "SE": 1}}
    with django_assert_num_queries(0):
        assert posting_counts(Technology.objects.filter(pk=offer.pk).none(), held) == {
            "transaction": {},
            "country": {},
        }
    with django_assert_num_queries(1):  # a query that selects no row: no ids, nothing counted
        assert posting_counts(Technology.objects.filter(kind=TechnologyKind.NEED, pk=offer.pk), held) == {
            "transaction": {},
            "country": {},
        }
