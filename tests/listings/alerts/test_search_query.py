"""A search is stored as the list page's filter parameters, normalised: equal searches, equal strings."""

from django.http import QueryDict

from listings.filters import TechnologyFilter


def normalised(query: str) -> str:
    return TechnologyFilter(QueryDict(query)).query_string()


def test_only_known_filters_sorted_without_empty_page_or_sort():
    assert (
        normalised("trl=6&q=gene+kit&sort=title&page=3&kind=&utm_source=mail&sector=genomics")
        == "q=gene+kit&sector=genomics&trl=6"
    )


def test_invalid_values_are_dropped_as_on_the_list_page():
    assert normalised("trl=12&country=japan&kind=offer&q=%00") == "kind=offer"


def test_the_same_search_written_differently_gives_the_same_string():
    assert normalised("sector=genomics&kind=need") == normalised("kind=need&sector=genomics&page=2")


def test_no_filter_is_the_empty_string():
    assert normalised("page=2&sort=newest") == ""
