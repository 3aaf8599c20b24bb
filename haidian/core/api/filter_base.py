"""Building blocks of the FilterSets every public list shares between its page and the API.

Each filter validates its value strictly (a bad value is a 400 naming the parameter) and states
the same rules in the OpenAPI schema (types, bounds, patterns), so that a client - or schemathesis
- that follows the schema is never refused and one that does not is always told why.
References to other objects are by slug or code; an unknown one simply matches nothing.
"""

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from haidian.core.models import Sector

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
COUNTRY_PATTERN = r"^[A-Za-z]{2}$"
SEARCH_MAX_LENGTH = 200
MAX_AMOUNT = Decimal("10000000000000")  # ten trillion yuan: far above any listing or contract
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or ``1``/``0``); anything else is an error, not a silent "no filter"."""

    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.values[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Enter true or false."), code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class SlugListField(forms.Field):
    """One or more slugs (repeat the parameter or separate with commas)."""

    widget = django_filters.widgets.QueryArrayWidget

    def __init__(self, *args, pattern=SLUG_PATTERN, max_length=120, lower=False, **kwargs):
        self.pattern, self.max_length, self.lower = pattern, max_length, lower
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        items = [item.strip() for raw in values for item in str(raw).split(",") if item.strip()]
        for item in items:
            if len(item) > self.max_length or not re.fullmatch(self.pattern, item):
                raise forms.ValidationError(_("%(value)s is not a valid code."), params={"value": item[:40]})
        return [
            item.upper() if self.lower is None else item.lower() if self.lower else item for item in items
        ]


def _schema(schema):
    return extend_schema_field(schema)


def related_to_any(qs, field_name: str, values):
    """Rows whose ``field_name`` (a field or a ``__`` path) is any of ``values``, each row once.

    Through a many-to-many field, an EXISTS on the relation's own table rather than a join with
    DISTINCT: DISTINCT compares every selected column, so the capped count and the page would read
    every matching table row (0.2 s at 100,000 listings); EXISTS probes the relation's unique index
    once per row, in the list's order, so a page stops after 20 rows.
    """
    first = qs.model._meta.get_field(field_name.split(LOOKUP_SEP)[0])
    if first.many_to_many and LOOKUP_SEP not in field_name and hasattr(first, "m2m_field_name"):
        links = first.remote_field.through.objects.filter(
            **{first.m2m_field_name(): OuterRef("pk"), f"{first.m2m_reverse_field_name()}__in": values}
        )
        return qs.filter(Exists(links))
    matching = qs.filter(**{f"{field_name}__in": values})
    return matching.distinct() if first.many_to_many or first.one_to_many else matching


@_schema({"type": "array", "items": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120}})
class SlugsFilter(django_filters.Filter):
    """Objects related to any of the given slugs (``?sector=a&sector=b`` or ``?sector=a,b``)."""

    field_class = SlugListField

    def __init__(self, *args, field_name=None, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.method:  # handled by the FilterSet method
            return qs
        return related_to_any(qs, self.field_name, value)


class SectorsFilter(SlugsFilter):
    """Objects in any of the given sectors (slugs); a parent sector includes its children."""

    def __init__(self, *args, field_name="sectors", **kwargs):
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        sectors = Sector.objects.with_descendants(Sector.objects.filter(slug__in=value))
        return related_to_any(qs, self.field_name, sectors)


@_schema({"type": "array", "items": {"type": "string", "pattern": COUNTRY_PATTERN}})
class CountriesFilter(SlugsFilter):
    """ISO 3166-1 alpha-2 codes, e.g. ``CN``, ``JP``, ``HK`` (case-insensitive)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra.update(pattern=COUNTRY_PATTERN, max_length=2, lower=None)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    def filter(self, qs, value):
        if not value:
            return qs
        return related_to_any(qs, self.field_name, value)


def choices_filter(choices, field_name, **kwargs):
    """One or more of ``choices`` (repeat the parameter)."""
    return ChoicesFilter(field_name=field_name, choices=choices, **kwargs)


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def int_filter(field_name, lookup_expr, minimum, maximum, **kwargs):
    """A whole number from ``minimum`` to ``maximum`` (bounds in the schema too)."""
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    return _schema(schema)(
        IntegerFilter(
            field_name=field_name, lookup_expr=lookup_expr, min_value=minimum, max_value=maximum, **kwargs
        )
    )


class AmountField(forms.DecimalField):
    """A yuan amount from 0 to ten trillion, rounded to the fen."""

    def __init__(self, *args, **kwargs):
        kwargs.update(min_value=Decimal(0), max_value=MAX_AMOUNT)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@_schema({"type": "number", "minimum": 0, "maximum": float(MAX_AMOUNT)})
class AmountFilter(django_filters.NumberFilter):
    field_class = AmountField


class BoundedDateField(forms.DateField):
    """An ISO date (YYYY-MM-DD); dates before 1900 or after 2999 are treated as those bounds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else min(max(value, EARLIEST_DATE), LATEST_DATE)


class DateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class SinceFilter(DateFilter):
    """A date compared with a date-time column: from the start of that day (Beijing time)."""

    def filter(self, qs, value):
        if value is None:
            return qs
        start = timezone.make_aware(datetime.combine(value, time.min))
        return qs.filter(**{f"{self.field_name}__gte": start})


@_schema({"type": "string", "maxLength": SEARCH_MAX_LENGTH})
class SearchFilter(django_filters.CharFilter):
    """Words to look for in both languages (``*_en`` and ``*_zh_hans`` columns), all of them."""

    def __init__(self, *args, fields=(), **kwargs):
        self.search_fields = fields
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("label", "search")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        words = (value or "").split()[:10]
        for word in words:
            condition = Q()
            for field in self.search_fields:
                for suffix in ("en", "zh_hans"):
                    condition |= Q(**{f"{field}_{suffix}__icontains": word})
            qs = qs.filter(condition)
        return qs


class BeforeFilter(DateFilter):
    """A date compared with a date-time column: strictly before that day (Beijing time)."""

    def filter(self, qs, value):
        if value is None:
            return qs
        start = timezone.make_aware(datetime.combine(value, time.min))
        return qs.filter(**{f"{self.field_name}__lt": start})


class ListFilterSet(django_filters.FilterSet):
    """The FilterSet of a public list, shared by its HTML page (``filterset.qs``: a parameter that
    does not validate is left out and named on the page) and its API view (``filterset_class``:
    the same parameter is a 400 naming it)."""

    @classmethod
    def named_in(cls, params) -> bool:
        """Whether the query parameters name any filter (``page``, ``ordering``, ``lang`` are none)."""
        return any(name in params for name in cls.base_filters)

    @classmethod
    def unfiltered(cls, queryset):
        """What the filter set gives when no filter is named: ``queryset`` itself (a filter with no
        value changes nothing). A filter set that applies a rule even then says so here."""
        return queryset

    # Form classes by filter set class and language: see get_form_class.
    _form_classes: dict[tuple[type, str | None], type] = {}

    def get_form_class(self):
        """The form class, built once per filter set class and language instead of per request: its
        fields come from the filters' declarations alone (the labels worked out from the model are
        in the active language). Building 20-odd form fields cost a list request more than its
        page's query. Each form still gets copies of the fields (Django's ``BaseForm``)."""
        key = (type(self), translation.get_language())
        form_class = self._form_classes.get(key)
        if form_class is None:
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class

    def apply(self, queryset, *, only=None, skip=()):
        """``queryset`` narrowed by the valid chosen filters (those in ``only``, but ``skip``): how
        a page scopes a facet's counts. An invalid parameter is left out, as in ``qs``."""
        self.is_valid()
        for name, value in self.form.cleaned_data.items():
            if name not in skip and (only is None or name in only):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def chosen(self) -> dict:
        """The valid, non-empty parameters as given: ``{name: [raw values]}``, in declaration order."""
        self.is_valid()
        cleaned = self.form.cleaned_data
        return {
            name: [value for value in self.data.getlist(name) if value.strip()]
            for name in self.filters
            if cleaned.get(name) not in (None, "", [], ())
        }

    def values(self) -> dict:
        """The first given value of each valid parameter: what a page's filter form shows."""
        return {name: values[0] for name, values in self.chosen().items() if values}

    def query_string(self) -> str:
        """The normalised query string: the valid parameters sorted by name (``sort``, ``page``
        and unknown ones left out). Equal searches give equal strings."""
        return urlencode(sorted((name, value) for name, values in self.chosen().items() for value in values))
