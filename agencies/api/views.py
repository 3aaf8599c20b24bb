from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from agencies.filters import AgencyFilter
from agencies.models import Agency
from haidian.core.api.mixins import PublicReadOnlyViewSet
from haidian.core.models import Sector

from .serializers import AgencySerializer


@extend_schema_view(
    list=extend_schema(
        summary="Service agencies", description="Active agencies that broker technology transfers."
    ),
    retrieve=extend_schema(summary="An agency by slug"),
)
class AgencyViewSet(PublicReadOnlyViewSet):
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = {"name": "name_{lang}", "joined_on": "joined_on", "slug": "slug"}
    default_ordering_description = "slug"

    def get_queryset(self):
        # Queries: the agencies; their services; their sectors (with parents); their countries.
        return (
            Agency.objects.active()
            .prefetch_related(
                "services", Prefetch("sectors", Sector.objects.select_related("parent")), "countries"
            )
            .order_by("slug")
        )
