from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackOfficeConfig(AppConfig):
    """The admin framework: base admin classes, agency scoping, the field policy, the translation
    admin, the admin's CSP and login lockout, and the admin of the core models."""

    name = "haidian.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")
