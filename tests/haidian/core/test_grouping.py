"""postings: which rows hold each value, as bitsets of their ids, read in one query."""

import pytest

from haidian.core.grouping import bitset, joined_bitset, postings
from listings.models import Technology, TechnologyKind
from tests import factories

pytestmark = pytest.mark.django_db


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
        held = postings(Technology.target_countries.through.objects, "country_id", "technology_id")
    assert held == {"JP": bitset([offer.pk, other.pk]), "SE": bitset([offer.pk])}


def test_postings_of_a_models_own_column_hold_every_row_of_each_value(django_assert_num_queries):
    # One row per value, not per listing: the column is grouped alone.
    offers = [factories.TechnologyFactory(kind=TechnologyKind.OFFER) for _ in range(3)]
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED)
    with django_assert_num_queries(1):
        held = postings(Technology.objects.all(), "kind", "pk")
    assert held == {"offer": bitset([offer.pk for offer in offers]), "need": bitset([need.pk])}


def test_joined_ids_become_a_bitset():
    assert joined_bitset("3,1,200") == bitset([1, 3, 200])
    assert joined_bitset(None) == joined_bitset("") == 0
