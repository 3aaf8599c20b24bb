"""The FilterSets of the financing lists, shared by the product and need pages and the API."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from financing.models import (
    PUBLIC_NEED_STATUSES,
    CompanyStageKind,
    FinancingNeed,
    FinancingProduct,
    FinancingType,
)
from haidian.core.api.filter_base import (
    AmountFilter,
    DateFilter,
    ListFilterSet,
    SearchFilter,
    SectorsFilter,
    SlugsFilter,
    StrictBooleanFilter,
    choices_filter,
    int_filter,
)
from haidian.core.models import Sector


def _with_family(slugs):
    """The sectors named, their children (a parent includes its children) and their parents (a
    product open to a whole parent sector serves its children): who is eligible for a sector."""
    named = Sector.objects.filter(slug__in=slugs)
    return Sector.objects.with_descendants(named) | Sector.objects.filter(children__in=named)


class FinancingProductFilter(ListFilterSet):
    product_type = choices_filter(FinancingType.choices, "product_type", help_text="Any of these types.")
    type = choices_filter(
        FinancingType.choices, "product_type", label=_("Type"), help_text="The page's name of `product_type`."
    )
    amount = AmountFilter(
        method="filter_amount",
        label=_("Amount needed (CNY)"),
        help_text="An amount (CNY) the product must cover.",
    )
    sector = SlugsFilter(
        method="filter_sector",
        label=_("Sector"),
        help_text="Open to these sectors: products naming the sector, its parent or a child, or no sector.",
    )
    stage = choices_filter(
        CompanyStageKind.choices,
        "stages",
        method="filter_stage",
        label=_("Company stage"),
        help_text="Open to these company stages.",
    )
    term = int_filter(
        None, "exact", 1, 600, method="filter_term", help_text="A term in months the product offers."
    )
    lender = SlugsFilter(field_name="lender__slug", help_text="Offered by these lenders (slugs).")
    search = SearchFilter(
        fields=["name", "description"], help_text="Words in name or description, either language."
    )

    class Meta:
        model = FinancingProduct
        fields = []

    def filter_amount(self, queryset, name, value):
        return queryset.filter(amount_min_cny__lte=value, amount_max_cny__gte=value)

    def filter_sector(self, queryset, name, value):
        eligible = Q(sectors__in=_with_family(value)) | Q(sectors__isnull=True)
        return queryset.filter(pk__in=FinancingProduct.objects.filter(eligible).values("pk"))

    def filter_stage(self, queryset, name, value):
        eligible = Q(stages__code__in=value) | Q(stages__isnull=True)
        return queryset.filter(pk__in=FinancingProduct.objects.filter(eligible).values("pk"))

    def filter_term(self, queryset, name, value):
        return queryset.filter(
            Q(term_min_months__isnull=True) | Q(term_min_months__lte=value),
            Q(term_max_months__isnull=True) | Q(term_max_months__gte=value),
        )


class FinancingNeedFilter(ListFilterSet):
    financing_type = choices_filter(FinancingType.choices, "financing_type", help_text="Any of these types.")
    type = choices_filter(
        FinancingType.choices,
        "financing_type",
        label=_("Type wanted"),
        help_text="The page's name of `financing_type`.",
    )
    amount_min = AmountFilter(
        field_name="amount_cny",
        lookup_expr="gte",
        label=_("Amount from (CNY)"),
        help_text="Amount at least (CNY).",
    )
    amount_max = AmountFilter(
        field_name="amount_cny",
        lookup_expr="lte",
        label=_("Amount up to (CNY)"),
        help_text="Amount at most (CNY).",
    )
    sector = SectorsFilter(label=_("Sector"), help_text="In these sectors (a parent includes its children).")
    stage = choices_filter(
        CompanyStageKind.choices, "stage", label=_("Company stage"), help_text="Company stages."
    )
    status = choices_filter(
        [(status.value, status.label) for status in PUBLIC_NEED_STATUSES],
        "status",
        label=_("Status"),
        help_text="Any of these statuses.",
    )
    open = StrictBooleanFilter(method="filter_open", help_text="true: open and not past the deadline.")
    company = SlugsFilter(field_name="company__slug", help_text="Needs of these companies (slugs).")
    deadline_after = DateFilter(field_name="deadline", lookup_expr="gte", help_text="Deadline on or after.")
    deadline_before = DateFilter(field_name="deadline", lookup_expr="lte", help_text="Deadline on or before.")
    search = SearchFilter(
        fields=["title", "purpose"], help_text="Words in title or purpose, either language."
    )

    class Meta:
        model = FinancingNeed
        fields = []

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        open_needs = FinancingNeed.objects.open().values("pk")
        return queryset.filter(pk__in=open_needs) if value else queryset.exclude(pk__in=open_needs)
