"""What the open data export holds: one dataset per public table, its fields described.

Each field has a Frictionless type and a description in both languages. Lists (sectors,
countries, ...) are codes or slugs separated by ``;``, in CSV and JSON alike; decimals are
written as numbers with every digit kept (``store.py`` writes them); rich text is exported as plain
text.

A model's public fields are also named by its API serializer and its import/export resource:
``tests/haidian/site/test_public_fields.py`` checks that the three agree, and lists each deliberate difference.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from haidian.core.i18n import column_suffix, language_codes
from haidian.core.richtext import plain_text

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless table schema type: string, integer, number, boolean, date, datetime
    description: Any  # lazy translation
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Any
    description: Any
    fields: list[Field]
    queryset: Callable[[], Any]
    primary_key: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, dataset, its field)

    def rows(self):
        for obj in self.queryset().iterator(chunk_size=500):
            yield {field.name: _value(field.get(obj)) for field in self.fields}


def _value(value):
    if value is None or isinstance(value, (bool, int, str, Decimal)):
        return value  # a Decimal stays a number: written with every digit, never escaped as text
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# --- Field makers --------------------------------------------------------------------------------


def attr(name, type_, description, path=None):
    """A column read from the record (``path``: dotted attributes, default ``name``)."""
    steps = (path or name).split(".")

    def get(obj):
        for step in steps:
            obj = getattr(obj, step, None)
            if obj is None:
                return None
        return obj

    return Field(name, type_, description, get)


def bilingual(name, description, *, rich=False):
    """One column per language (``title_en``, ``title_zh_hans``); rich text as plain text."""

    def getter(column):
        def get(obj):
            value = getattr(obj, column, "") or ""
            return plain_text(value) if rich else value

        return get

    return [
        Field(f"{name}_{lang}", "string", format_lazy("{} ({})", description, lang), getter(f"{name}_{lang}"))
        for lang in map(column_suffix, language_codes())
    ]


def listed(name, description, relation, key):
    def get(obj):
        return LIST_SEPARATOR.join(sorted(str(getattr(item, key)) for item in getattr(obj, relation).all()))

    return Field(name, "string", description, get)


def url():
    def get(obj):
        from django.utils import translation

        with translation.override("en"):
            return f"{settings.SITE_URL.rstrip('/')}{obj.get_absolute_url()}"

    return Field("url", "string", _("Address of the record's public page (English)."), get)


def machine_translated():
    return Field(
        "machine_translated",
        "string",
        _("Columns whose text was machine-translated, separated by ';' (empty: all by people)."),
        lambda obj: LIST_SEPARATOR.join(getattr(obj, "machine_translated", None) or []),
    )


# --- The registry --------------------------------------------------------------------------------
# The apps register their datasets from their AppConfig.ready(): the ground never names the apps above it.

_PROVIDERS: list[tuple[int, Callable[[], list[Dataset]]]] = []
_ORGANIZATION_REFERENCES: list[Callable[[], Any]] = []


def register(provider: Callable[[], list[Dataset]], *, position: int) -> None:
    """Add the datasets ``provider()`` returns to every export, ordered by ``position`` after the
    core tables (sectors, organizations)."""
    if all(existing is not provider for _position, existing in _PROVIDERS):
        _PROVIDERS.append((position, provider))
        _PROVIDERS.sort(key=lambda item: item[0])


def register_organization_references(ids: Callable[[], Any]) -> None:
    """``ids()`` gives the ids of the organizations that an app's public records name (a queryset of
    ids): the organizations table exports those, and no others."""
    if ids not in _ORGANIZATION_REFERENCES:
        _ORGANIZATION_REFERENCES.append(ids)


def _named_organization_ids() -> set:
    named: set = set()
    for ids in _ORGANIZATION_REFERENCES:
        named |= set(ids())
    return named


# --- The datasets --------------------------------------------------------------------------------


def datasets() -> list[Dataset]:
    """The exported tables, in the order of the data package: the core's, then the apps' in order."""
    from haidian.core.models import Organization, Sector

    organization_ids = _named_organization_ids()
    sets = [
        Dataset(
            name="sectors",
            title=_("Sectors"),
            description=_(
                "The two-level tree of sectors that listings, agencies and contracts are filed under."
            ),
            queryset=lambda: Sector.objects.select_related("parent").order_by("position", "slug"),
            primary_key="slug",
            foreign_keys=(("parent", "sectors", "slug"),),
            fields=[
                attr("slug", "string", _("Identifier of the sector.")),
                attr(
                    "parent",
                    "string",
                    _("Slug of the parent sector (empty for a top-level sector)."),
                    "parent.slug",
                ),
                *bilingual("name", _("Name")),
                *bilingual("description", _("Description")),
                attr("position", "integer", _("Order among its siblings.")),
                machine_translated(),
            ],
        ),
        Dataset(
            name="organizations",
            title=_("Organizations"),
            description=_(
                "Companies, universities, laboratories, lenders and public bodies named by the other tables "
                "(public fields only)."
            ),
            queryset=lambda: Organization.objects.filter(pk__in=organization_ids).order_by("slug"),
            primary_key="slug",
            fields=[
                attr("slug", "string", _("Identifier of the organization.")),
                *bilingual("name", _("Name")),
                attr(
                    "kind", "string", _("Kind: company, university, lab, institute, lender, government, ...")
                ),
                attr("country", "string", _("ISO 3166-1 code of its country or region."), "country_id"),
                *bilingual("city", _("City")),
                attr("website", "string", _("Website.")),
                *bilingual("description", _("Description")),
                attr("is_high_tech", "boolean", _("Holds the national high-tech enterprise certificate.")),
                attr("high_tech_certified_until", "date", _("The certificate is valid until this date.")),
                machine_translated(),
            ],
        ),
    ]
    for _position, provider in _PROVIDERS:
        sets += provider()
    return sets
