from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedModel(models.Model):
    """When and by whom a record was created and last changed; set by the admin and services."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def stamp(self, user) -> None:
        """Record ``user`` as the author of the change about to be saved."""
        if user is not None and not user.is_authenticated:
            user = None
        if self._state.adding and self.created_by_id is None:
            self.created_by = user
        self.updated_by = user


class TranslationProvenance(models.Model):
    """Which translated columns were machine-made (the rest are by a person); readers are told."""

    machine_translated = models.JSONField(
        _("machine-translated fields"),
        default=list,
        blank=True,
        help_text=_("Language columns whose text came from machine translation, e.g. title_zh_hans."),
    )

    class Meta:
        abstract = True
