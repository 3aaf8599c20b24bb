"""Template helpers of the public site: bilingual content with a visible fallback marker, amounts,
query strings for facet links, and the server-rendered charts."""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from haidian.core import charts, provenance
from haidian.core.i18n import column_suffixes
from haidian.core.matching import format_cny
from haidian.core.richtext import plain_text

register = template.Library()

# The language of each modeltranslation column suffix, as HTML writes it, and its autonym.
HTML_LANG = {"en": "en", "zh_hans": "zh-Hans"}
AUTONYM = {"en": "English", "zh_hans": "中文"}


def _columns() -> list[str]:
    """The column suffixes to try, the active language first."""
    return column_suffixes()


def _read(obj, name: str):
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _localized_column(obj, field: str) -> tuple[str, str | None, bool]:
    """(text, the suffix of the column it was read from, whether that is a fallback)."""
    columns = _columns()
    for index, suffix in enumerate(columns):
        value = _read(obj, f"{field}_{suffix}")
        if value:
            return str(value), suffix, bool(index)
    return "", None, False


def localized_text(obj, field: str) -> tuple[str, str | None]:
    """The text of ``field`` in the active language, or the other one: (text, fallback suffix).

    The fallback suffix is None when the text is in the active language. ``obj`` is a model
    instance or a ``values()`` row with ``<field>_en`` / ``<field>_zh_hans`` keys.
    """
    text, suffix, fallback = _localized_column(obj, field)
    return text, (suffix if fallback else None)


def fallback_badge(suffix: str) -> str:
    return format_html(
        ' <span class="fallback-badge" lang="{}" title="{}">({})</span>',
        HTML_LANG[suffix],
        _("Not yet translated: shown in the original language"),
        AUTONYM[suffix],
    )


def machine_badge() -> str:
    return format_html(
        ' <span class="machine-badge" title="{}">{}</span>',
        provenance.MACHINE_TRANSLATION_TITLE,
        provenance.MACHINE_TRANSLATION_LABEL,
    )


@register.simple_tag
def localized(obj, field, rich=False, badge=True):
    """``{% localized technology "title" %}``: the text in the active language; when only the
    other language has it, that text marked with its ``lang`` and a small "(中文)" / "(English)"
    badge; when the text shown is machine-made (``machine_translated``), a "Machine translation"
    badge. ``rich=True`` for sanitised rich text (stored through nh3, see haidian.core.fields)."""
    text, suffix, is_fallback = _localized_column(obj, field)
    if not text:
        return ""
    badges = ""
    if badge and is_fallback:
        badges += fallback_badge(suffix)
    if badge and provenance.machine_made(obj, f"{field}_{suffix}"):
        badges += machine_badge()
    if rich:
        # Rich text is sanitised when it is saved (RichTextField.pre_save).
        body = mark_safe(text)  # noqa: S308
        if not badges and not is_fallback:
            return body
        note = format_html('<p class="fallback-note">{}</p>', mark_safe(badges)) if badges else ""  # noqa: S308
        if not is_fallback:
            return format_html("{}{}", note, body)
        return format_html('{}<div lang="{}">{}</div>', note, HTML_LANG[suffix], body)
    shown = (
        format_html('<span lang="{}">{}</span>', HTML_LANG[suffix], text)
        if is_fallback
        else conditional_escape(text)
    )
    return mark_safe(shown + badges)  # noqa: S308


@register.simple_tag
def plain(obj, field):
    """The text only (for titles, attributes and meta tags), with the same fallback."""
    return localized_text(obj, field)[0]


@register.filter
def cny(amount):
    """An amount of yuan in the reader's convention (``format_cny``): "CN¥5 M" / "500万元"."""
    if amount in (None, ""):
        return ""
    return format_cny(Decimal(amount))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (None or "" removes one); the page
    number is dropped unless it is one of the changes, so a new filter starts on page 1."""
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def bar_chart(rows, title, description="", orientation="horizontal", unit=""):
    return charts.bar_chart(rows, title=title, description=description, orientation=orientation, unit=unit)


@register.simple_tag
def progress_bar(value, maximum, label):
    return charts.progress_bar(value, maximum, label=label)


@register.filter
def percent_of(value, maximum):
    try:
        return round(100 * Decimal(value) / Decimal(maximum))
    except (ArithmeticError, TypeError, ValueError):
        return 0


@register.filter
def map_bars(rows):
    """The chart bars of the statistics rows ({"bar": Bar, ...})."""
    return [row["bar"] for row in rows]


@register.simple_tag(takes_context=True)
def query_set(context, name, value=None):
    """The current query string with ``name`` set to ``value`` (removed when value is None);
    back to page 1."""
    return query_with(context, **{name: value})


class QueryLinks:
    """Links that each change one parameter of a query string (``request.GET``), back to page 1:
    a facet's options. The other parameters are encoded once for all the links, not copied and
    encoded again per link; the strings are those of ``query_toggle`` and ``query_set``."""

    def __init__(self, query):
        self.lists = {key: values for key, values in query.lists() if key != "page"}
        self.encoded = {
            key: [urlencode({key: value}) for value in values] for key, values in self.lists.items()
        }

    def _with(self, name, values) -> str:
        """``name`` given ``values`` (None: left out), in its place or last."""
        changed = [] if values is None else [urlencode({name: value}) for value in values]
        parts = []
        for key, encoded in self.encoded.items():
            parts.extend(changed if key == name else encoded)
        if name not in self.encoded:
            parts.extend(changed)
        return f"?{'&'.join(parts)}" if parts else "?"

    def toggle(self, name, value) -> str:
        """``value`` added to the values of ``name``, or taken out when it is one of them (a facet
        that takes several values; values may also be separated by commas)."""
        value = str(value)
        values = [item.strip() for raw in self.lists.get(name, ()) for item in raw.split(",") if item.strip()]
        kept = [item for item in values if item.casefold() != value.casefold()]
        return self._with(name, kept if len(kept) < len(values) else [*values, value])

    def set(self, name, value=None) -> str:
        """``name`` set to ``value``, or left out when ``value`` is None or empty."""
        return self._with(name, None if value is None or value == "" else [str(value)])


@register.simple_tag(takes_context=True)
def query_toggle(context, name, value):
    """The current query string with ``value`` added to the values of ``name``, or taken out when it
    is one of them (a facet that takes several values); back to page 1."""
    return QueryLinks(context["request"].GET).toggle(name, value)


@register.filter
def number(value):
    """A figure with grouped thousands and no trailing zeros: 16,000 · 18.5 · 0.35."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@register.simple_tag
def describe(obj, length=160):
    """A page's description: its summary, or the start of its body as plain text."""
    summary = localized_text(obj, "summary")[0]
    if summary:
        return summary
    return Truncator(plain_text(localized_text(obj, "body")[0])).chars(length)


@register.filter
def machine_datetime(value):
    """A date and time for <time datetime>, to the second: HTML allows at most three digits of a
    fraction of a second, and Django's "c" format writes six."""
    if not value:
        return ""
    return value.isoformat(timespec="seconds")
