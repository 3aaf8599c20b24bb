"""The site's URLs plus the floor views under ``/bench/floor/`` (benchmark settings only)."""

from django.urls import path

from . import floor

try:
    from haidian.urls import handler404, handler500  # noqa: F401 - the site's error pages (503 included)
    from haidian.urls import urlpatterns as site_urlpatterns
except ImportError as error:  # the public pages half-landed: still measure the API and the admin
    import sys

    from django.contrib import admin
    from django.urls import include

    print(f"bench.urls: site URLs unavailable ({error}); measuring the API and admin only", file=sys.stderr)
    site_urlpatterns = [path("admin/", admin.site.urls), path("api/", include("haidian.site.api_urls"))]

urlpatterns = [
    path("bench/floor/technologies/", floor.technologies, name="bench-floor-technologies"),
    path("bench/floor/technologies/<slug:slug>/", floor.technology, name="bench-floor-technology"),
    path("bench/floor/home/", floor.home, name="bench-floor-home"),
    path("bench/floor/contracts/", floor.contracts, name="bench-floor-contracts"),
    *site_urlpatterns,
]
