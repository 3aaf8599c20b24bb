"""The language of an API response.

One scheme everywhere: translatable fields (titles, names, summaries, bodies...) are plain strings
in the request's language. The language is ``?lang=`` when given (``en`` or ``zh-hans``), else the
``Accept-Language`` header, else English. A field without a translation falls back to the other
language. ``?lang=all`` renders the fields in English and adds to every object (nested ones too)
a ``translations`` object with both languages: ``{"en": {"title": ...}, "zh-hans": {"title": ...}}``.
An unknown ``lang`` is a 400 naming the parameter.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from modeltranslation import settings as modeltranslation_settings
from modeltranslation.utils import build_localized_fieldname, resolution_order
from rest_framework import serializers

from haidian.core.api.exceptions import QueryParameterError
from haidian.core.i18n import language_codes

LANG_PARAMETER = "lang"
ALL_LANGUAGES = "all"


def lang_choices() -> list[str]:
    """What ``?lang=`` accepts: the site's languages (read from settings when asked), and ``all``."""
    return [*language_codes(), ALL_LANGUAGES]


def lang_openapi_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        LANG_PARAMETER,
        str,
        OpenApiParameter.QUERY,
        enum=lang_choices(),
        description=(
            "Language of translatable fields: `en` or `zh-hans` (wins over `Accept-Language`); "
            "`all` adds a `translations` object with both languages to every object."
        ),
    )


def activate_request_language(request) -> None:
    """Apply ``?lang=`` to this request (``Accept-Language`` was applied by LocaleMiddleware)."""
    request.api_all_languages = False
    value = request.query_params.get(LANG_PARAMETER)
    if value is None:
        return
    value = value.strip().lower().replace("_", "-")
    choices = lang_choices()
    if value not in choices:
        raise QueryParameterError(
            LANG_PARAMETER,
            _("Unknown language; choose one of: %(choices)s.") % {"choices": ", ".join(choices)},
        )
    if value == ALL_LANGUAGES:
        request.api_all_languages = True
        value = settings.LANGUAGE_CODE
    translation.activate(value)
    request.LANGUAGE_CODE = value


class TranslationsField(serializers.Field):
    """``{"en": {field: value}, "zh-hans": {field: value}}`` for the serializer's translated fields."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        fields = getattr(self.parent.Meta, "translated_fields", ())
        return {
            code: {name: getattr(instance, build_localized_fieldname(name, code), None) for name in fields}
            for code in language_codes()
        }


class TranslationsFieldSchema(OpenApiSerializerFieldExtension):
    """The schema of ``translations``, built when the schema is (the languages come from settings)."""

    target_class = TranslationsField

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "Only with `?lang=all`: the translatable fields in each language.",
            "properties": {
                code: {"type": "object", "additionalProperties": {"type": "string", "nullable": True}}
                for code in language_codes()
            },
        }


MACHINE_TRANSLATED_SCHEMA = {
    "type": "array",
    "items": {"type": "string"},
    "description": (
        "Which returned texts were translated by machine and not checked by a person: the names of "
        'the translatable fields whose text in this response is machine-made (e.g. `["title"]`). '
        'With `?lang=all`, the machine-made language columns instead (e.g. `["title_zh_hans"]`). '
        "Empty: every text is by a person."
    ),
}


@extend_schema_field(MACHINE_TRANSLATED_SCHEMA)
class MachineTranslatedField(serializers.Field):
    """The provenance of the serializer's translated fields in the response's language.

    Reads the row's ``machine_translated`` list (no query); each field's column is the one its
    text is read from, in modeltranslation's fallback order, worked out once per serializer.
    """

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)
        self._columns: dict[str, list[str]] | None = None

    def to_representation(self, instance):
        machine = instance.__dict__.get("machine_translated") or ()
        if not machine:
            return []
        fields = getattr(self.parent.Meta, "translated_fields", ())
        request = self.context.get("request")
        if getattr(request, "api_all_languages", False):
            wanted = {build_localized_fieldname(name, code) for name in fields for code in language_codes()}
            return [column for column in machine if column in wanted]
        if self._columns is None:
            languages = resolution_order(
                translation.get_language(), modeltranslation_settings.FALLBACK_LANGUAGES
            )
            self._columns = {
                name: [build_localized_fieldname(name, code) for code in languages] for name in fields
            }
        made = []
        for name, columns in self._columns.items():
            shown = next((column for column in columns if getattr(instance, column, None)), None)
            if shown in machine:
                made.append(name)
        return made


class TranslatedCharField(serializers.CharField):
    """A translatable text field, read from its language columns in modeltranslation's fallback order.

    The same value as the model's translated attribute, whose descriptor works out the language
    and its fallbacks on every read (a fifth of a list's serialization time). The field lives as
    long as its serializer, one request in one language, so it works out the columns once.
    """

    _columns: list[str] | None = None
    _default = None

    def get_attribute(self, instance):
        if self._columns is None:
            languages = resolution_order(
                translation.get_language(), modeltranslation_settings.FALLBACK_LANGUAGES
            )
            self._columns = [build_localized_fieldname(self.source, code) for code in languages]
            # What the descriptor gives when no language has a value (a blank field's "", not None).
            self._default = instance._meta.get_field(self.source).get_default()
        for column in self._columns:
            value = getattr(instance, column)
            if value:
                return value
        return self._default


class TranslatedSerializerMixin:
    """Languages in a model serializer: the ``Meta.translated_fields`` that DRF maps to text become
    ``TranslatedCharField``; ``translations`` (declared in ``Meta.fields``) stays only when the
    request asks for ``lang=all``.

    The field is dropped once per serializer rather than rendered and removed per object: a list
    row holds half a dozen translated objects. Without a request (the OpenAPI schema) it stays.
    """

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if field_class is serializers.CharField and field_name in getattr(self.Meta, "translated_fields", ()):
            field_class = TranslatedCharField
        return field_class, field_kwargs

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and not getattr(request, "api_all_languages", False):
            fields.pop("translations", None)
        return fields


def drop_translations_from_required(result, generator, request, public):
    """drf-spectacular post-processing hook: ``translations`` is optional (only with ``lang=all``)."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        required = schema.get("required")
        if required and "translations" in required:
            required.remove("translations")
            if not required:
                del schema["required"]
    return result
