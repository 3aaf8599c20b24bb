"""Translation parity in the back office: a "Translation" filter on every changelist of a translated
model, and a report of the records that miss a translation, linked from the dashboard.

The report is built from the admin site's own registry: each translated model's admin answers
who may see it and which of its rows (``get_queryset`` is scoped to an agency editor's agency), so
the report shows an editor the same records their changelists do, and links to pages they may open.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haidian.core import provenance
from haidian.core.i18n import language_codes

REPORT_ROWS = 20  # records listed per model; the changelist filter shows them all
FILTER_PARAMETER = "translation"
MISSING, MACHINE = "missing", "machine"


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


class TranslationFilter(admin.SimpleListFilter):
    """Records missing a translation (in any language or one), or with machine-made text."""

    title = _("translation")
    parameter_name = FILTER_PARAMETER

    def lookups(self, request, model_admin):
        names = _language_names()
        return [
            (MISSING, _("Missing a translation")),
            *[
                (f"{MISSING}_{code}", _("No %(language)s text") % {"language": names[code]})
                for code in language_codes()
            ],
            *(
                [(MACHINE, _("Has machine translation"))]
                if provenance.has_provenance(model_admin.model)
                else []
            ),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == MISSING:
            return queryset.filter(provenance.missing_translation_q(queryset.model))
        if value == MACHINE and provenance.has_provenance(queryset.model):
            return queryset.exclude(**{provenance.FIELD: []})
        for code in language_codes():
            if value == f"{MISSING}_{code}":
                return queryset.filter(provenance.missing_translation_q(queryset.model, code))
        return queryset


class MissingTranslationAdminMixin:
    """Adds :class:`TranslationFilter` to the changelist of a translated model."""

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if provenance.translated_fields(self.model) and TranslationFilter not in filters:
            filters.append(TranslationFilter)
        return filters


def _change_url(model_admin, obj) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


def missing_translation_sections(request, site=admin.site) -> list[dict]:
    """Per translated model the user may view: how many records miss a translation, the first
    ``REPORT_ROWS`` of them with what they miss and a link, and the filtered changelist.

    Two queries per model (the count, the rows), whatever the size of the tables.
    """
    sections = []
    for model, model_admin in sorted(
        site._registry.items(), key=lambda item: str(item[0]._meta.verbose_name_plural)
    ):
        if not provenance.translated_fields(model) or not model_admin.has_view_or_change_permission(request):
            continue
        missing = model_admin.get_queryset(request).filter(provenance.missing_translation_q(model))
        count = missing.count()
        if isinstance(model_admin.list_select_related, list | tuple):  # what the rows' names read
            missing = missing.select_related(*model_admin.list_select_related)
        if not count:
            continue
        labels = dict(provenance.column_choices(model))
        rows = [
            {
                "object": obj,
                "url": _change_url(model_admin, obj),
                "missing": [labels.get(column, column) for column in provenance.missing_columns(obj)],
            }
            for obj in missing.order_by("-pk")[:REPORT_ROWS]
        ]
        opts = model._meta
        sections.append(
            {
                "name": opts.verbose_name_plural,
                "count": count,
                "rows": rows,
                "changelist_url": (
                    f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{FILTER_PARAMETER}={MISSING}"
                ),
            }
        )
    return sections


def missing_translations_view(request):
    """The report: records with a translated field filled in one language and blank in the other."""
    context = {
        **admin.site.each_context(request),
        "title": _("Missing translations"),
        "sections": missing_translation_sections(request),
        "shown": REPORT_ROWS,
    }
    return TemplateResponse(request, "admin/haidian/missing_translations.html", context)
