from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition layer: home page, dashboard, sitemap, site URLs and demo data. The only
    package (with the URL modules) that imports every app."""

    name = "haidian.site"
    label = "site"
    verbose_name = _("Public site")
