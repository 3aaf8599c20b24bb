from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HaidianConfig(AppConfig):
    name = "haidian"
    verbose_name = _("Center")

    def ready(self):
        # Public pages and API answers are cached under a content version bumped on every change.
        from . import cache

        cache.connect_signals()
