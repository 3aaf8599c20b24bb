from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from haidian.backoffice.missing_translations import missing_translations_view
from haidian.ops.health import healthz
from haidian.site import views as site_views
from haidian.site.sitemaps import sitemaps

urlpatterns = [
    path(
        "admin/translations/missing/",
        admin.site.admin_view(missing_translations_view),
        name="admin_missing_translations",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("haidian.site.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", site_views.security_txt, name="security_txt"),
]
# The public site: /en/... and /zh-hans/...; "/" redirects by the language cookie or Accept-Language.
urlpatterns += i18n_patterns(path("", include("haidian.site.urls")), prefix_default_language=True)

handler404 = "haidian.site.views.page_not_found"
handler500 = "haidian.site.views.server_error"

if settings.DEBUG:
    # Article images only: attachments are served by listings.downloads, which checks publication.
    urlpatterns += static(f"{settings.MEDIA_URL}articles/", document_root=f"{settings.MEDIA_ROOT}/articles")
