"""Endpoints of the site-wide models: countries, sectors, organizations, news, pages, key figures."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from haidian.core.api import filters, serializers
from haidian.core.api.mixins import PublicReadOnlyViewSet
from haidian.core.models import Article, Country, KeyFigure, Organization, Page, Sector


@extend_schema_view(
    list=extend_schema(
        summary="Countries and regions", description="ISO 3166-1 codes; Hong Kong (HK) is its own region."
    ),
    retrieve=extend_schema(summary="A country or region by its ISO code (upper case)"),
)
class CountryViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.CountrySerializer
    filterset_class = filters.CountryFilter
    lookup_field = "code"
    lookup_value_regex = r"[A-Z]{2}"
    ordering_fields = {"code": "code", "name": "name_{lang}"}
    default_ordering_description = "code"

    def get_queryset(self):
        # One query: the countries (no relations).
        return Country.objects.order_by("code")


@extend_schema_view(
    list=extend_schema(
        summary="Sectors", description="A two-level tree; `parent` is the slug of the top-level sector."
    ),
    retrieve=extend_schema(summary="A sector by slug"),
)
class SectorViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.SectorSerializer
    filterset_class = filters.SectorFilter
    ordering_fields = {"position": "position", "slug": "slug", "name": "name_{lang}"}
    default_ordering_description = "position, slug"

    def get_queryset(self):
        return Sector.objects.select_related("parent").order_by("position", "slug")


@extend_schema_view(
    list=extend_schema(
        summary="Organizations", description="Companies, universities, labs, lenders and public bodies."
    ),
    retrieve=extend_schema(summary="An organization by slug"),
)
class OrganizationViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter
    ordering_fields = {"name": "name_{lang}", "slug": "slug"}
    default_ordering_description = "slug"

    def get_queryset(self):
        # The directory of organizations is public as a whole (no visibility state).
        return Organization.objects.select_related("country").order_by("slug")


@extend_schema_view(
    list=extend_schema(summary="News articles", description="Published articles, newest first."),
    retrieve=extend_schema(summary="A news article by slug"),
)
class ArticleViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    ordering_fields = {"published_at": "published_at"}

    def get_queryset(self):
        return Article.objects.published().order_by("-published_at", "-id")


@extend_schema_view(
    list=extend_schema(
        summary="Pages", description="Published static pages (about the center, how to list...)."
    ),
    retrieve=extend_schema(summary="A page by slug"),
)
class PageViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.PageSerializer
    filterset_class = filters.PageFilter
    ordering_fields = {"slug": "slug", "published_at": "published_at"}
    default_ordering_description = "slug"

    def get_queryset(self):
        return Page.objects.published().order_by("slug")


@extend_schema_view(
    list=extend_schema(
        summary="Key figures",
        description="Indicators of the center, one row per period; `latest=true` keeps the newest of each.",
    ),
    retrieve=extend_schema(summary="A key figure by id"),
)
class KeyFigureViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.KeyFigureSerializer
    filterset_class = filters.KeyFigureFilter
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]{1,18}"
    ordering_fields = {"position": "position", "key": "key", "period_end": "period_end"}
    default_ordering_description = "position, key, newest period first"

    def get_queryset(self):
        return KeyFigure.objects.published().order_by("position", "key", "-period_end", "-id")
