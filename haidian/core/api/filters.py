"""FilterSets of the site-wide models."""

import django_filters

from haidian.core.api.filter_base import (
    BeforeFilter,
    CountriesFilter,
    DateFilter,
    SearchFilter,
    SinceFilter,
    SlugsFilter,
    StrictBooleanFilter,
)
from haidian.core.models import Article, Country, KeyFigure, Organization, OrganizationKind, Page, Sector


class CountryFilter(django_filters.FilterSet):
    search = SearchFilter(fields=["name"], help_text="Words in the name, in either language.")

    class Meta:
        model = Country
        fields = []


class SectorFilter(django_filters.FilterSet):
    parent = SlugsFilter(field_name="parent__slug", help_text="Children of these top-level sectors.")
    top_level = StrictBooleanFilter(
        field_name="parent",
        lookup_expr="isnull",
        help_text="true: top-level sectors only; false: children only.",
    )
    search = SearchFilter(fields=["name", "description"], help_text="Words in name or description.")

    class Meta:
        model = Sector
        fields = []


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=OrganizationKind.choices, help_text="Kinds of organization."
    )
    country = CountriesFilter(field_name="country_id", help_text="ISO country or region codes, e.g. CN, HK.")
    is_high_tech = StrictBooleanFilter(help_text="Holds the national high-tech enterprise certificate.")
    search = SearchFilter(
        fields=["name", "city", "description"], help_text="Words in name, city or description."
    )

    class Meta:
        model = Organization
        fields = []


class ArticleFilter(django_filters.FilterSet):
    published_since = SinceFilter(field_name="published_at", help_text="Published on or after this date.")
    published_before = BeforeFilter(field_name="published_at", help_text="Published before this date.")
    search = SearchFilter(fields=["title", "summary", "body"], help_text="Words in title, summary or body.")

    class Meta:
        model = Article
        fields = []


class PageFilter(django_filters.FilterSet):
    search = SearchFilter(fields=["title", "summary", "body"], help_text="Words in title, summary or body.")

    class Meta:
        model = Page
        fields = []


class KeyFigureFilter(django_filters.FilterSet):
    key = SlugsFilter(field_name="key", help_text="Figure keys, e.g. tech-companies.")
    latest = StrictBooleanFilter(
        method="filter_latest", help_text="true: only the newest period of each figure."
    )
    period_end_after = DateFilter(
        field_name="period_end", lookup_expr="gte", help_text="Periods ending on or after."
    )
    period_end_before = DateFilter(
        field_name="period_end", lookup_expr="lte", help_text="Periods ending on or before."
    )

    class Meta:
        model = KeyFigure
        fields = []

    def filter_latest(self, queryset, name, value):
        return queryset.latest_per_key() if value else queryset
