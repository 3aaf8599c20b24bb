"""The schema and its readers (Swagger UI, Redoc), from our own static files (no CDN)."""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from haidian.core.api.throttling import AnonymousRateThrottle

# Swagger UI and Redoc set inline styles and Redoc starts a blob: worker; scripts stay 'self'.
docs_csp = method_decorator(
    csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"], "img-src": ["data:"]}),
    name="dispatch",
)


class SchemaView(SpectacularAPIView):
    throttle_classes = [AnonymousRateThrottle]


@docs_csp
class SwaggerView(SpectacularSwaggerSplitView):
    throttle_classes = [AnonymousRateThrottle]


@docs_csp
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
    throttle_classes = [AnonymousRateThrottle]
