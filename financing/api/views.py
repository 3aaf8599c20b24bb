from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from financing.filters import FinancingNeedFilter, FinancingProductFilter
from financing.models import FinancingNeed, FinancingProduct
from financing.services import financing_matches_for_need, financing_matches_for_product
from haidian.core.api.mixins import PublicReadOnlyViewSet
from haidian.core.models import Sector

from . import serializers

SECTORS = Prefetch("sectors", Sector.objects.select_related("parent"))


@extend_schema_view(
    list=extend_schema(summary="Financing products", description="Active products of lenders and investors."),
    retrieve=extend_schema(summary="A financing product by slug"),
)
class FinancingProductViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.FinancingProductSerializer
    filterset_class = FinancingProductFilter
    ordering_fields = {
        "name": "name_{lang}",
        "amount_min_cny": "amount_min_cny",
        "amount_max_cny": "amount_max_cny",
        "rate_min_pct": "rate_min_pct",
    }
    default_ordering_description = "slug"

    def get_queryset(self):
        # Queries of a list: the count; the page with its lender; the page's sectors; its stages.
        if self.action == "matches":  # the matching service loads what it needs
            return FinancingProduct.objects.active()
        return (
            FinancingProduct.objects.active()
            .select_related("lender")
            .prefetch_related(SECTORS, "stages")
            .order_by("slug")
        )

    @extend_schema(
        summary="Needs that fit a product",
        description=(
            "Open needs of the product's type. `results`: the matches, meeting every rule, best first (at "
            "most 20); `near_misses` (at most 5): needs missing exactly one rule (amount, term, sector or "
            "stage), never of another type and never matched, funded or closed. Each with its reasons. "
            "Semantics: docs/matching.md."
        ),
        responses=serializers.NeedMatchesSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def matches(self, request, slug=None):
        product = self.get_object()
        found = financing_matches_for_product(product, limit=20, near_misses=5)
        # Whatever the service loaded, the serializer's relations cost one query each, not one per row.
        prefetch_related_objects(
            [match.need for match in [*found.matches, *found.near_misses]], "company", SECTORS
        )
        data = {"product": product.slug, "results": found.matches, "near_misses": found.near_misses}
        return Response(serializers.NeedMatchesSerializer(data, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        summary="Financing needs",
        description="Companies' needs: open, matched and funded ones, newest first.",
    ),
    retrieve=extend_schema(summary="A financing need by slug"),
)
class FinancingNeedViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.FinancingNeedSerializer
    filterset_class = FinancingNeedFilter
    ordering_fields = {"created_at": "created_at", "amount_cny": "amount_cny", "deadline": "deadline"}

    def get_queryset(self):
        # Queries of a list: the count; the page with its company; the page's sectors.
        if self.action == "matches":  # the matching service loads what it needs
            return FinancingNeed.objects.published()
        return (
            FinancingNeed.objects.published()
            .select_related("company")
            .prefetch_related(SECTORS)
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        summary="Products that fit a need",
        description=(
            "Active products of the type wanted. `results`: the matches, meeting every rule, best first "
            "(at most 20); `near_misses` (at most 5): products missing exactly one rule (amount, term, "
            "sector or stage), never of another type. Both are empty once the need is matched, funded "
            "or closed. Each with its reasons. Semantics: docs/matching.md."
        ),
        responses=serializers.ProductMatchesSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def matches(self, request, slug=None):
        need = self.get_object()
        found = financing_matches_for_need(need, limit=20, near_misses=5)
        # Whatever the service loaded, the serializer's relations cost one query each, not one per row.
        prefetch_related_objects(
            [match.product for match in [*found.matches, *found.near_misses]], "lender", SECTORS, "stages"
        )
        data = {"need": need.slug, "results": found.matches, "near_misses": found.near_misses}
        return Response(
            serializers.ProductMatchesSerializer(data, context=self.get_serializer_context()).data
        )
