"""The FilterSets of the technology and contract lists, shared by the pages and the API: a
parameter means the same on the list page, its feeds and search alerts, and in ``/api/v1/``."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from haidian.core.api.filter_base import (
    AmountFilter,
    CountriesFilter,
    DateFilter,
    ListFilterSet,
    SearchFilter,
    SectorsFilter,
    SinceFilter,
    SlugsFilter,
    StrictBooleanFilter,
    choices_filter,
    int_filter,
)
from listings.models import (
    Availability,
    BenefitClaim,
    Contract,
    IPStatus,
    Technology,
    TechnologyKind,
    TransactionTypeKind,
)
from listings.search import search_technologies


class TechnologyFilter(ListFilterSet):
    """The technology list's filters. The list page's facets and search box use ``q``, ``trl``,
    ``ip`` and ``transaction`` (in its links, feeds and stored search alerts); the API documented
    ``search``, ``trl_min``/``trl_max``, ``ip_status`` and ``transaction_type`` first. Both names
    are accepted everywhere and mean the same."""

    q = SearchFilter(
        method="filter_search",
        label=_("Search"),
        help_text="Words in English or Chinese, ranked by relevance (the list page's name of `search`).",
    )
    kind = django_filters.ChoiceFilter(
        choices=TechnologyKind.choices, label=_("Offer or need"), help_text="offer or need."
    )
    sector = SectorsFilter(label=_("Sector"), help_text="In these sectors (a parent includes its children).")
    country = CountriesFilter(
        field_name="origin_country", label=_("Origin"), help_text="Origin country or region (ISO codes)."
    )
    target_country = CountriesFilter(
        field_name="target_countries",
        label=_("Target country or region"),
        help_text="May go to these countries or regions.",
    )
    trl = int_filter(
        "trl", "exact", 1, 9, label=_("Technology readiness level"), help_text="Technology readiness level."
    )
    trl_min = int_filter(
        "trl",
        "gte",
        1,
        9,
        label=_("Minimum readiness level"),
        help_text="Technology readiness level at least.",
    )
    trl_max = int_filter("trl", "lte", 1, 9, help_text="Technology readiness level at most.")
    ip_status = choices_filter(IPStatus.choices, "ip_status", help_text="Any of these IP statuses.")
    ip = choices_filter(
        IPStatus.choices, "ip_status", label=_("IP status"), help_text="The list page's name of `ip_status`."
    )
    transaction_type = choices_filter(
        TransactionTypeKind.choices,
        "transaction_types",
        help_text="Open to any of these transactions.",
    )
    transaction = choices_filter(
        TransactionTypeKind.choices,
        "transaction_types",
        label=_("Transaction type"),
        help_text="The list page's name of `transaction_type`.",
    )
    agency = SlugsFilter(
        field_name="agency__slug", label=_("Agency"), help_text="Brokered by these agencies (slugs)."
    )
    owner = SlugsFilter(
        field_name="owner__slug", help_text="Owned (offers) or wanted (needs) by these organizations."
    )
    price_min = AmountFilter(
        field_name="price_cny", lookup_expr="gte", help_text="Price or budget at least (CNY)."
    )
    price_max = AmountFilter(
        field_name="price_cny", lookup_expr="lte", help_text="Price or budget at most (CNY)."
    )
    published_since = SinceFilter(field_name="published_at", help_text="Published on or after this date.")
    availability = choices_filter(
        Availability.choices, "availability", help_text="Any of these: available, under_negotiation."
    )
    verified_since = SinceFilter(
        field_name="last_verified_at", help_text="Confirmed as current by staff on or after this date."
    )
    has_benefits = StrictBooleanFilter(
        method="filter_has_benefits",
        help_text="true: only listings with quantified benefits (metric, value, baseline); false: only without.",
    )
    search = SearchFilter(
        method="filter_search",
        help_text="Words in English or Chinese, ranked by relevance (unless `ordering` is given).",
    )
    transferred = django_filters.ChoiceFilter(
        choices=[("include", _("Include transferred")), ("only", _("Transferred only"))],
        method="filter_transferred",
        label=_("Transferred listings"),
        help_text=(
            "Transferred (closed) listings keep their page but are left out of lists and search unless "
            "asked for: include: with them; only: them alone."
        ),
    )

    class Meta:
        model = Technology
        fields = []

    # The full-text search: applied once, before the facets are counted (``apply``).
    SEARCH = ("q", "search")
    # The list page's facets, each counted with every other chosen filter applied.
    FACETS = (
        "kind",
        "sector",
        "country",
        "target_country",
        "trl_min",
        "ip",
        "transaction",
        "agency",
        "transferred",
    )
    # Facets that take one value (choosing another replaces it); the others take several, any of which
    # may match (OR), while different facets all apply (AND).
    SINGLE_VALUE_FACETS = ("kind", "trl_min", "transferred")
    # Filters on one column of the listing table. A list filtered by one value of one of them and
    # nothing else has, as its count, one of the whole collection's facet counts: the API counts it
    # once per content version, as it counts the unfiltered list (TechnologyViewSet.count_memo).
    COLUMN_FACETS = ("kind", "trl", "trl_min", "trl_max", "ip_status", "ip")

    @staticmethod
    def public_rows(queryset, transferred=None):
        """The public rows of a list: published listings (``published()``), transferred ones only
        when ``transferred`` asks for them (``visible()``, ``transferred()``). Applied to whatever
        ``queryset`` is given, a list is never wider than ``visible()``. The API's list gives every
        listing, so that its condition is ``published()``'s alone, which the status-led indexes
        serve (an index range, read in date order); narrowing ``visible()``'s OR would be a filter
        on every row."""
        if transferred == "include":
            return queryset.visible()
        if transferred == "only":
            return queryset.transferred()
        return queryset.published()

    @classmethod
    def unfiltered(cls, queryset):
        return cls.public_rows(queryset)

    def scope(self, queryset):
        """``public_rows`` for the valid ``transferred`` choice (applied also when the parameter is
        absent: ``filter_queryset`` and ``apply`` call it)."""
        choice = (
            self.form.cleaned_data.get("transferred") if self.is_valid() or self.form.cleaned_data else None
        )
        return self.public_rows(queryset, choice)

    def filter_transferred(self, queryset, name, value):
        return queryset  # ``scope`` applies it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A search keeps the newest matches of the rows it is given (listings.search.RANKED): it
        # runs after every other filter, which would otherwise narrow an already capped set.
        for name in ("q", "search"):
            self.filters[name] = self.filters.pop(name)

    def filter_queryset(self, queryset):
        return super().filter_queryset(self.scope(queryset))

    def apply(self, queryset, *, only=None, skip=()):
        if "transferred" not in skip and (only is None or "transferred" in only):
            queryset = self.scope(queryset)
        return super().apply(queryset, only=only, skip=skip)

    def filter_search(self, queryset, name, value):
        return search_technologies(value, queryset)

    def filter_has_benefits(self, queryset, name, value):
        if value is None:
            return queryset
        claims = Exists(BenefitClaim.objects.filter(technology_id=OuterRef("pk")))
        return queryset.filter(claims if value else ~claims)


class ContractFilter(ListFilterSet):
    """The contract register's filters (the list page, the statistics page and the API)."""

    year = int_filter("signed_on", "year", 1900, 2100, help_text="Signed in this year.")
    year_from = int_filter(
        "signed_on", "year__gte", 1900, 2100, help_text="Signed in this year or later (a range of years)."
    )
    year_to = int_filter(
        "signed_on",
        "year__lte",
        1900,
        2100,
        help_text="Signed in this year or earlier (a range of years; before `year_from`, it selects nothing).",
    )
    signed_after = DateFilter(
        field_name="signed_on", lookup_expr="gte", help_text="Signed on or after this date."
    )
    signed_before = DateFilter(
        field_name="signed_on", lookup_expr="lte", help_text="Signed on or before this date."
    )
    sector = SectorsFilter(help_text="In these sectors (a parent includes its children).")
    country = CountriesFilter(
        field_name="destination_country", help_text="Destination country or region (ISO codes)."
    )
    agency = SlugsFilter(field_name="agency__slug", help_text="Brokered by these agencies (slugs).")
    reference = SlugsFilter(
        field_name="reference", help_text="These contracts (references, e.g. HD-2025-007)."
    )
    contract_type = choices_filter(
        TransactionTypeKind.choices, "contract_type", help_text="Any of these types."
    )
    value_min = AmountFilter(
        field_name="public_value_cny",
        lookup_expr="gte",
        help_text="Value at least (CNY). Contracts with a confidential value never match a value filter.",
    )
    value_max = AmountFilter(
        field_name="public_value_cny", lookup_expr="lte", help_text="Value at most (CNY)."
    )
    search = SearchFilter(
        fields=["title", "summary"], help_text="Words in title or summary, in either language."
    )

    class Meta:
        model = Contract
        fields = []
