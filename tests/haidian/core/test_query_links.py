"""QueryLinks: a facet option's link, the query string with one parameter changed, built from the
query encoded once; the same string as copying the QueryDict and encoding it again."""

import pytest
from django.http import QueryDict

from haidian.core.templatetags.site import QueryLinks


def toggled(query: QueryDict, name, value) -> str:
    params = query.copy()
    params.pop("page", None)
    values = [item.strip() for raw in params.getlist(name) for item in raw.split(",") if item.strip()]
    kept = [item for item in values if item.casefold() != value.casefold()]
    params.setlist(name, kept if len(kept) < len(values) else [*values, value])
    return f"?{params.urlencode()}" if params.urlencode() else "?"


def set_to(query: QueryDict, name, value) -> str:
    params = query.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        params[name] = value
    return f"?{params.urlencode()}" if params.urlencode() else "?"


QUERIES = [
    "",
    "page=3",
    "kind=need&trl=6&page=2",
    "country=CN&country=hk&sort=title",
    "q=芯片 电池&country=CN,HK&ip=know_how",
    "sector=bio&kind=offer&sector=chips&page=9&q=a%26b",
]
CHANGES = [("country", "HK"), ("country", "JP"), ("kind", "offer"), ("sector", "bio"), ("q", "x y")]


@pytest.mark.parametrize("raw", QUERIES)
def test_the_links_are_those_of_a_copied_query(raw):
    query = QueryDict(raw)
    links = QueryLinks(query)
    for name, value in CHANGES:
        assert links.toggle(name, value) == toggled(query, name, value)
        assert links.set(name, value) == set_to(query, name, value)
        assert links.set(name) == set_to(query, name, None)


@pytest.mark.parametrize("raw", QUERIES)
def test_setting_a_parameter_to_nothing_leaves_it_out(raw):
    """An empty choice (a select's "any" option) is no parameter at all, not ``kind=``."""
    query = QueryDict(raw)
    assert QueryLinks(query).set("kind", "") == set_to(query, "kind", None)
