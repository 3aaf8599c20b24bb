"""The technology search of the list page as a function of its GET parameters: the list page, the
search feeds and the search alerts all call it, so a search gives the same listings everywhere."""

from urllib.parse import urlencode

from django.http import QueryDict

from .forms import TechnologySearchForm
from .models import Technology
from .search import search_technologies

# The parameters that choose listings (``sort`` and ``page`` only arrange them).
FILTERS = ("q", *TechnologySearchForm.FACETS)


def apply_facet(queryset, name, value, sectors_by_slug):
    if name == "kind":
        return queryset.filter(kind=value)
    if name == "sector":
        sector = sectors_by_slug.get(value)
        if sector is None:
            return queryset.none()
        # The sector and its children come from the sectors in memory, so the through table alone
        # says which listings are in them: no join back to the listings, no DISTINCT.
        ids = [s.pk for s in sectors_by_slug.values() if sector.pk in (s.pk, s.parent_id)]
        in_sectors = Technology.sectors.through.objects.filter(sector_id__in=ids)
        return queryset.filter(pk__in=in_sectors.values("technology_id"))
    if name == "country":
        return queryset.filter(origin_country_id=value)
    if name == "trl":
        return queryset.filter(trl=value)
    if name == "ip":
        return queryset.filter(ip_status=value)
    if name == "transaction":
        return queryset.filter(transaction_types__code=value)
    if name == "agency":
        return queryset.filter(agency__slug=value)
    return queryset


def filter_technologies(base, values, sectors_by_slug, *, skip=None):
    """``base`` narrowed by every chosen facet in ``values`` (but ``skip``, for a facet's own counts)."""
    queryset = base
    for name in TechnologySearchForm.FACETS:
        if name != skip and name in values:
            queryset = apply_facet(queryset, name, values[name], sectors_by_slug)
    return queryset


def technology_search(values, queryset, sectors_by_slug):
    """``(matched, results)``: the listings of ``queryset`` matching the words of ``values["q"]``
    (ranked; all of them without words), and of those the ones in every chosen facet."""
    query = values.get("q", "")
    matched = search_technologies(query, queryset) if query else queryset
    return matched, filter_technologies(matched, values, sectors_by_slug)


def search_values(data) -> dict:
    """The valid search parameters of ``data`` (a QueryDict or a query string); invalid ones are
    dropped, as on the list page."""
    if isinstance(data, str):
        data = QueryDict(data)
    return TechnologySearchForm(data).values()


def search_query_string(values: dict) -> str:
    """The normalised query string of a search: the parameters that choose listings, sorted by
    name, without empty ones, ``sort`` or ``page``. Equal searches give equal strings (how a
    search alert is stored and told apart)."""
    return urlencode(sorted((name, values[name]) for name in FILTERS if name in values))
