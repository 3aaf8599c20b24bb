from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup, restore, the restore drill, the health check."""

    name = "haidian.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from django.core import checks

        from haidian.ops.checks import shared_cache_check

        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
