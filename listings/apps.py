from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self):
        # Signals that keep the search documents current (sectors, owner and sector names).
        from . import search  # noqa: F401
