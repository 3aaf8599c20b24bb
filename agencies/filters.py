"""The agency directory's FilterSet, shared by the directory page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, ServiceKind
from haidian.core.api.filter_base import (
    CountriesFilter,
    DateFilter,
    ListFilterSet,
    SearchFilter,
    SectorsFilter,
)

SEARCH_FIELDS = ["name", "description", "address"]


class AgencyFilter(ListFilterSet):
    service = django_filters.MultipleChoiceFilter(
        field_name="services",
        choices=ServiceKind.choices,
        distinct=True,
        label=_("Service"),
        help_text="Offers any of these services.",
    )
    sector = SectorsFilter(
        label=_("Sector"), help_text="Works in these sectors (a parent includes its children)."
    )
    country = CountriesFilter(
        field_name="countries",
        label=_("Country or region served"),
        help_text="Serves these countries or regions (ISO codes).",
    )
    joined_since = DateFilter(
        field_name="joined_on", lookup_expr="gte", help_text="Joined the center on or after."
    )
    search = SearchFilter(fields=SEARCH_FIELDS, help_text="Words in name, description or address.")
    # The directory page's search box: every word, in either language (PITFALLS 2).
    q = SearchFilter(
        fields=SEARCH_FIELDS, label=_("Search"), help_text="The directory page's name of `search`."
    )

    class Meta:
        model = Agency
        fields = []
