from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        from haidian.core import opendata, sitemaps
        from haidian.core.cache import register_content_models

        from . import key_figures
        from . import opendata as agency_datasets
        from .models import Agency, Service
        from .sitemaps import AgencySitemap

        register_content_models(Agency, Service)
        opendata.register(agency_datasets.datasets, position=10)
        sitemaps.register("agencies", AgencySitemap, position=20)
        from haidian.backoffice.dashboard import register_panel

        from .dashboard import agencies_panel

        register_panel("agencies", "admin/agencies/dashboard/agencies.html", agencies_panel, position=40)

        key_figures.register()
