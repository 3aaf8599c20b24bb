"""The base of every public endpoint: read-only, anonymous, strict about its query parameters,
in the request's language, cacheable (ETag + Cache-Control, conditional GET answers 304)."""

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from haidian.core.api.exceptions import QueryParameterError
from haidian.core.api.filter_base import ListFilterSet
from haidian.core.api.language import activate_request_language
from haidian.core.api.ordering import StrictOrderingFilter
from haidian.core.api.pagination import StandardPagination
from haidian.core.api.throttling import AnonymousRateThrottle
from haidian.core.cache import CachedReadMixin

# No query parameter value may be longer: search words, slugs and numbers are all far shorter.
MAX_PARAMETER_LENGTH = 500
# Parameters that may be given empty (no words, the default order); any other empty value is an error.
MAY_BE_EMPTY = {"search", "ordering"}

# ETag from a hash of the rendered body (DRF responses render lazily: the decorator waits for it),
# and If-None-Match / If-Modified-Since answered with 304.
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def check_query_parameters(request) -> None:
    """NUL bytes crash PostgreSQL queries and huge values waste work: refuse them up front."""
    for name, values in request.query_params.lists():
        if "\x00" in name:
            raise QueryParameterError("query", _("Parameter names may not contain NUL characters."))
        for value in values:
            if "\x00" in value:
                raise QueryParameterError(name, _("NUL characters are not allowed."))
            if value == "" and name not in MAY_BE_EMPTY:
                raise QueryParameterError(name, _("This parameter may not be empty."))
            if len(value) > MAX_PARAMETER_LENGTH:
                raise QueryParameterError(
                    name,
                    _("Ensure this value has at most %(max)d characters.") % {"max": MAX_PARAMETER_LENGTH},
                )


class PublicAPIMixin:
    """For any APIView: throttling, parameter checks, language, caching headers."""

    throttle_classes = [AnonymousRateThrottle]
    authentication_classes: list = []

    @classmethod
    def as_view(cls, *args, **kwargs):
        return conditional_get(super().as_view(*args, **kwargs))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query_parameters(request)
        activate_request_language(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        return response


# CachedReadMixin: list and detail data cached under the content version (haidian/core/cache.py), fresh after every save.
class PublicReadOnlyViewSet(CachedReadMixin, PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of public records. Subclasses start ``get_queryset`` from a visibility
    method (``published()``, ``active()``) and name their ``select_related`` / ``prefetch_related``.
    """

    pagination_class = StandardPagination
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    # {"api name": "model field"}; see StrictOrderingFilter.
    ordering_fields: dict[str, str] = {}

    def filter_queryset(self, queryset):
        filterset_class = getattr(self, "filterset_class", None)
        if (
            self.action == "list"
            and isinstance(filterset_class, type)
            and issubclass(filterset_class, ListFilterSet)
            and not filterset_class.named_in(self.request.query_params)
        ):
            # No filter named: the filter set would change nothing (``unfiltered``), and building it
            # (its filters and form, copied per request) cost more than a page's query.
            queryset = filterset_class.unfiltered(queryset)
            for backend in self.filter_backends:
                if backend is not DjangoFilterBackend:
                    queryset = backend().filter_queryset(self.request, queryset, self)
            return queryset
        return super().filter_queryset(queryset)
