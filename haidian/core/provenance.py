"""Translation parity: which language columns are machine-made, and which records miss a translation.

Every translated content model carries ``machine_translated`` (``TranslationProvenance``): the
language columns (``title_zh_hans``) whose text came from machine translation; the others are by
a person. The column names a model may list come from modeltranslation's registry, so the
back office, imports, the API and the pages agree on them.
"""

from functools import cache

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from haidian.core.i18n import language_codes

FIELD = "machine_translated"
# Each language named in itself, as a bilingual editor looks for it.
LANGUAGE_AUTONYMS = {"en": "English", "zh-hans": "简体中文"}


@cache
def translated_fields(model) -> tuple[str, ...]:
    """The model's translated fields in the model's field order ("title", "summary"); () if none."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    # The registry keeps them in a hash order; the model's own order is stable.
    return tuple(sorted(options.fields, key=lambda name: model._meta.get_field(name).creation_counter))


@cache
def translated_columns(model) -> tuple[str, ...]:
    """Every language column of the model's translated fields: title_en, title_zh_hans, summary_en..."""
    return tuple(
        build_localized_fieldname(field, code)
        for field in translated_fields(model)
        for code in language_codes()
    )


def column_choices(model) -> list[tuple[str, str]]:
    """(column, "title (简体中文)") for each language column, for the back office's check boxes."""
    return [
        (
            build_localized_fieldname(field, code),
            f"{model._meta.get_field(field).verbose_name} ({LANGUAGE_AUTONYMS.get(code, code)})",
        )
        for field in translated_fields(model)
        for code in language_codes()
    ]


def has_provenance(model) -> bool:
    return any(field.name == FIELD for field in model._meta.concrete_fields)


def normalise(model, columns) -> list[str]:
    """``columns`` in the model's column order, each once; unknown names are the caller's error."""
    wanted = set(columns or ())
    return [column for column in translated_columns(model) if column in wanted]


def unknown_columns(model, columns) -> list[str]:
    """The entries of ``columns`` that are not language columns of the model."""
    known = set(translated_columns(model))
    return [str(column) for column in columns if not isinstance(column, str) or column not in known]


def machine_made(instance, column: str) -> bool:
    """Whether the text of ``column`` (``title_zh_hans``) on ``instance`` is machine-made.

    Reads the list only when it is loaded (a deferred one would cost a query per object): an
    instance loaded without it, or a ``values()`` row without the key, reads as human-made.
    """
    if isinstance(instance, dict):
        columns = instance.get(FIELD)
    else:
        columns = instance.__dict__.get(FIELD)
    return bool(columns) and column in columns


def _blank(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_translation_q(model, language: str | None = None) -> Q:
    """Rows with a translated field filled in one language and blank in ``language`` (any language
    when None). One indexed-free scan of the table: for the report and a changelist filter."""
    condition = Q(pk__in=[])
    for field in translated_fields(model):
        for code in language_codes() if language is None else [language]:
            blank = _blank(build_localized_fieldname(field, code))
            filled_elsewhere = Q(pk__in=[])
            for other in language_codes():
                if other != code:
                    filled_elsewhere |= ~_blank(build_localized_fieldname(field, other))
            condition |= blank & filled_elsewhere
    return condition


def missing_columns(instance) -> list[str]:
    """The blank language columns of ``instance`` whose field is filled in another language."""
    missing = []
    for field in translated_fields(type(instance)):
        values = {
            code: getattr(instance, build_localized_fieldname(field, code), None) for code in language_codes()
        }
        if any(values.values()):
            missing += [build_localized_fieldname(field, code) for code, value in values.items() if not value]
    return missing


MACHINE_TRANSLATION_LABEL = _("Machine translation")
MACHINE_TRANSLATION_TITLE = _(
    "This text was translated by machine and not yet checked by a person; the original may differ."
)
