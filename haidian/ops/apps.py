from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup, restore, the restore drill, the health check."""

    name = "haidian.ops"
    label = "ops"
    verbose_name = _("Operations")
