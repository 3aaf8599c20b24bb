from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from haidian.core.text import validate_single_line


class SingleLineCharFields(models.Model):
    """Every ``CharField`` holds one line: ``full_clean`` refuses line breaks in any of them.

    One home for the rule on every write path that validates: admin forms, inlines, list_editable
    (all ModelForms), imports (``clean_model_instances``) and services that call ``full_clean``.
    A check here rather than a validator on each field: validators are serialized into migrations,
    so the rule would have meant a migration for every text column of every app, and a field
    added later could forget it; the check covers the language columns modeltranslation adds too.
    Multi-line text belongs in a ``TextField`` or rich text, which are not checked.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (
                not isinstance(field, models.CharField)
                or field.name in (exclude or ())
                or field.name in errors
            ):
                continue
            try:
                validate_single_line(getattr(self, field.attname))
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


class AuditedModel(SingleLineCharFields):
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

    def clean_fields(self, exclude=None):
        """Only the model's own language columns may be listed (forms, imports and ``full_clean``);
        the list is stored once each, in the model's column order."""
        from haidian.core import provenance

        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if provenance.FIELD not in (exclude or ()) and provenance.FIELD not in errors:
            value = self.machine_translated
            unknown = provenance.unknown_columns(type(self), value) if isinstance(value, list) else None
            if unknown is None:
                errors[provenance.FIELD] = [
                    ValidationError(_("Give a list of language columns."), code="invalid")
                ]
            elif unknown:
                errors[provenance.FIELD] = [
                    ValidationError(
                        _("Not a translated column of this record: %(columns)s. Choose from: %(known)s."),
                        code="unknown_column",
                        params={
                            "columns": ", ".join(unknown),
                            "known": ", ".join(provenance.translated_columns(type(self))),
                        },
                    )
                ]
            else:
                self.machine_translated = provenance.normalise(type(self), value)
        if errors:
            raise ValidationError(errors)
