"""A URLconf with a view that fails, to test the 500 handler."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from haidian.urls import handler404, handler500  # noqa: F401
from haidian.urls import urlpatterns as site_patterns


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [*site_patterns, *i18n_patterns(path("boom/", boom))]
