from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from haidian.core.api.mixins import PublicReadOnlyViewSet
from haidian.core.api.pagination import CappedCountPagination
from haidian.core.models import Sector
from listings.matching import comparable_contracts, match_needs_for_offer, match_offers_for_need
from listings.models import Attachment, Contract, Technology, TechnologyKind

from . import serializers
from .filters import ContractFilter, TechnologyFilter

# Columns a list never shows: left out of the SELECT.
LIST_DEFERRED = [
    "search_document",
    "internal_notes",
    "description_en",
    "description_zh_hans",
    "patent_numbers",
]


@extend_schema_view(
    list=extend_schema(
        summary="Technologies: offers and needs",
        description=(
            "Published listings that have not expired, newest first; with `search`, most relevant first. "
            "`count` is capped (see `count_is_exact`): narrow with filters to go deeper."
        ),
    ),
    retrieve=extend_schema(
        summary="A technology by slug",
        description="With description, quantified benefits and public attachments.",
    ),
)
class TechnologyViewSet(PublicReadOnlyViewSet):
    filterset_class = TechnologyFilter
    pagination_class = CappedCountPagination
    ordering_fields = {
        "published_at": "published_at",
        "trl": "trl",
        "price_cny": "price_cny",
        "expires_at": "expires_at",
        "title": "title_{lang}",
    }

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.TechnologyDetailSerializer
        return serializers.TechnologySerializer

    @staticmethod
    def rows():
        """Listings with what the serializers show of them, newest first; no visibility filter."""
        return (
            Technology.objects.select_related("owner", "agency")
            .prefetch_related(
                Prefetch("sectors", Sector.objects.select_related("parent")),
                "target_countries",
                "transaction_types",
            )
            .order_by("-published_at", "-id")
        )

    def page_rows(self):
        """A list page's rows, whatever the filters: the paginator reads them by id (CappedPaginator)."""
        return self.rows().defer(*LIST_DEFERRED)

    def get_queryset(self):
        # Queries of a list: the capped count; the page (the page's ids in a subquery, owner and
        # agency joined); then one each for the page's sectors (with parents), target countries
        # and transaction types.
        queryset = self.rows().published()
        if self.action == "list":
            return queryset.defer(*LIST_DEFERRED)
        if self.action == "retrieve":
            # ... and one more each for the quantified benefits and the public attachments. (A list
            # leaves the benefits out: one more query a page for a detail; ``has_benefits`` finds them.)
            return queryset.prefetch_related(
                "benefits",
                Prefetch(
                    "attachments", Attachment.objects.filter(is_public=True), to_attr="public_attachments"
                ),
            )
        return queryset

    @extend_schema(
        summary="Matches of a technology",
        description=(
            "For a need: the published offers that best answer it; for an offer: the published needs it "
            "could answer. Ranked, best first (at most 20), each with the reasons met and unmet."
        ),
        responses=serializers.TechnologyMatchesSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def matches(self, request, slug=None):
        technology = self.get_object()
        if technology.kind == TechnologyKind.NEED:
            found = match_offers_for_need(technology, limit=20)
        else:
            found = match_needs_for_offer(technology, limit=20)
        # Whatever the service loaded, the serializer's relations cost one query each, not one per row.
        prefetch_related_objects(
            [match.technology for match in found],
            "owner",
            Prefetch("sectors", Sector.objects.select_related("parent")),
        )
        data = {"technology": technology.slug, "kind": technology.kind, "results": found}
        return Response(
            serializers.TechnologyMatchesSerializer(data, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Comparable contracts of a technology",
        description=(
            "Published contracts in the listing's sectors and of its transaction types, newest first "
            "(at most 10): price discovery. Confidential values are null."
        ),
        responses=serializers.ComparableContractsSerializer,
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="comparable-contracts",
        url_name="comparable-contracts",
        filter_backends=[],
        pagination_class=None,
    )
    def comparable_contracts(self, request, slug=None):
        technology = self.get_object()
        found = comparable_contracts(technology, limit=10)
        data = {"technology": technology.slug, "results": found}
        return Response(
            serializers.ComparableContractsSerializer(data, context=self.get_serializer_context()).data
        )


def _name(row, prefix):
    """A bucket's name in the response language, else the other one."""
    first, second = ("zh_hans", "en") if (get_language() or "en").startswith("zh") else ("en", "zh_hans")
    return row.get(f"{prefix}_{first}") or row.get(f"{prefix}_{second}")


@extend_schema_view(
    list=extend_schema(
        summary="Transfer contracts",
        description="Published contracts, most recently signed first. A confidential contract's value is null.",
    ),
    retrieve=extend_schema(summary="A contract by reference"),
)
class ContractViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.ContractSerializer
    filterset_class = ContractFilter
    lookup_field = "reference"
    ordering_fields = {"signed_on": "signed_on", "value_cny": "public_value_cny", "reference": "reference"}
    default_ordering_description = "most recently signed first"

    def base_queryset(self):
        # Value filters and ordering see only public values: a confidential value can be neither
        # found by bisection nor ranked.
        return Contract.objects.published().annotate(
            public_value_cny=Case(
                When(value_is_public=True, then=F("value_cny")), default=None, output_field=DecimalField()
            )
        )

    def get_queryset(self):
        # Queries of a list: the count; the page (seller, buyer, agency, destination joined, the
        # listing's slug while it is public as a subquery); the page's sectors with parents.
        public_listing = (
            Technology.objects.published().filter(pk=OuterRef("technology_id")).values("slug")[:1]
        )
        return (
            self.base_queryset()
            .annotate(public_technology_slug=Subquery(public_listing))
            .select_related("seller", "buyer", "agency", "destination_country")
            .prefetch_related(Prefetch("sectors", Sector.objects.select_related("parent")))
            .order_by("-signed_on", "-id")
        )

    @extend_schema(
        summary="Contract statistics",
        description=(
            "Count and CNY value of published contracts in total and by year, sector, destination "
            "country and agency, for the contracts the filters select (the list's filters). "
            "Counts include confidential contracts. Values include them too - only a single contract's "
            "value is confidential, the center publishes its totals - except in a bucket holding exactly "
            "one confidential contract, whose value is withheld (null) because it would follow from the "
            "bucket total minus the public values. A contract in two sectors counts in both."
        ),
        responses={200: serializers.ContractStatsSerializer},
    )
    @action(detail=False, methods=["get"], filter_backends=[DjangoFilterBackend], pagination_class=None)
    def stats(self, request):
        # Queries: the total, then one per dimension (year, sector, country, agency).
        selected = self.filter_queryset(self.base_queryset())
        contracts = Contract.objects.filter(pk__in=selected.values("pk")).order_by()
        measures = {
            "count": Count("id", distinct=True),
            "confidential_count": Count("id", filter=Q(value_is_public=False), distinct=True),
            "value_cny": Sum("value_cny"),
        }
        total = contracts.aggregate(**measures)
        data = {
            "total": {
                "count": total["count"],
                "confidential_count": total["confidential_count"],
                "value_cny": total["value_cny"] or 0,
            },
            "by_year": self._buckets(
                contracts.annotate(year=ExtractYear("signed_on"))
                .values("year")
                .annotate(**measures)
                .order_by("-year"),
                key=lambda row: str(row["year"]),
                name=lambda row: str(row["year"]),
            ),
            "by_sector": self._grouped(contracts, "sectors", "slug", measures),
            "by_country": self._grouped(contracts, "destination_country", "code", measures),
            "by_agency": self._grouped(contracts, "agency", "slug", measures),
        }
        return Response(serializers.ContractStatsSerializer(data).data)

    def _grouped(self, contracts, relation, key_field, measures):
        rows = (
            contracts.values(f"{relation}__{key_field}", f"{relation}__name_en", f"{relation}__name_zh_hans")
            .annotate(**measures)
            .order_by("-count", f"{relation}__{key_field}")
        )
        return self._buckets(
            rows,
            key=lambda row: row[f"{relation}__{key_field}"],
            name=lambda row: _name(row, f"{relation}__name"),
        )

    @staticmethod
    def _buckets(rows, *, key, name):
        buckets = []
        for row in rows:
            withheld = row["confidential_count"] == 1
            buckets.append(
                {
                    "key": key(row),
                    "name": name(row),
                    "count": row["count"],
                    "confidential_count": row["confidential_count"],
                    "value_cny": None if withheld else (row["value_cny"] or 0),
                    "value_withheld": withheld,
                }
            )
        return buckets
