import django_filters

from agencies.models import Agency, ServiceKind
from haidian.core.api.filter_base import CountriesFilter, DateFilter, SearchFilter, SectorsFilter


class AgencyFilter(django_filters.FilterSet):
    service = django_filters.MultipleChoiceFilter(
        field_name="services",
        choices=ServiceKind.choices,
        distinct=True,
        help_text="Offers any of these services.",
    )
    sector = SectorsFilter(help_text="Works in these sectors (a parent includes its children).")
    country = CountriesFilter(
        field_name="countries", help_text="Serves these countries or regions (ISO codes)."
    )
    joined_since = DateFilter(
        field_name="joined_on", lookup_expr="gte", help_text="Joined the center on or after."
    )
    search = SearchFilter(
        fields=["name", "description", "address"], help_text="Words in name, description or address."
    )

    class Meta:
        model = Agency
        fields = []
