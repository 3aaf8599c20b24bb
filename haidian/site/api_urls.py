"""``/api/``: version 1 of the public read API, its OpenAPI schema and its documentation.

The app routers are composed here, as the root urls compose the apps' pages.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from agencies.api.urls import router as agencies_router
from financing.api.urls import router as financing_router
from haidian.core.api import views
from haidian.core.api.docs import RedocView, SchemaView, SwaggerView
from haidian.core.api.exceptions import not_found_body
from haidian.core.api.mixins import PublicAPIMixin
from haidian.core.api.routers import Router
from listings.api.urls import router as listings_router

app_name = "api"

router = Router()
router.register("countries", views.CountryViewSet, basename="country")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("pages", views.PageViewSet, basename="page")
router.register("key-figures", views.KeyFigureViewSet, basename="key-figure")

ROOT_ENDPOINTS = [
    ("technologies", "technology-list"),
    ("agencies", "agency-list"),
    ("contracts", "contract-list"),
    ("contract_stats", "contract-stats"),
    ("financing_products", "financing-product-list"),
    ("financing_needs", "financing-need-list"),
    ("organizations", "organization-list"),
    ("sectors", "sector-list"),
    ("countries", "country-list"),
    ("articles", "article-list"),
    ("pages", "page-list"),
    ("key_figures", "key-figure-list"),
    ("schema", "schema"),
    ("docs", "docs"),
]


@extend_schema(exclude=True)
class RootView(PublicAPIMixin, APIView):
    """The entry point: a link to every collection, the schema and the docs."""

    def get(self, request):
        return Response(
            {name: reverse(f"api:{url_name}", request=request) for name, url_name in ROOT_ENDPOINTS}
        )


def not_found(request, *args, **kwargs):
    """Anything else under /api/ answers a JSON 404, not the site's HTML page."""
    response = JsonResponse(not_found_body(), status=404)
    response["Cache-Control"] = "no-store"
    return response


v1_patterns = [
    path("", RootView.as_view(), name="root"),
    *router.urls,
    *agencies_router.urls,
    *listings_router.urls,
    *financing_router.urls,
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^", not_found),
]
