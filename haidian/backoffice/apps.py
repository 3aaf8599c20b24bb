from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackOfficeConfig(AppConfig):
    """The admin framework: base admin classes, agency scoping, the field policy, the translation
    admin, the admin's CSP and login lockout, and the admin of the core models."""

    name = "haidian.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self):
        from .dashboard import mail_panel, register_panel, translations_panel

        register_panel("mail", "admin/haidian/dashboard/mail.html", mail_panel, position=20)
        register_panel(
            "translations", "admin/haidian/dashboard/translations.html", translations_panel, position=90
        )
