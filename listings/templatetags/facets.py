"""The technology list's facet options, written in Python.

A facet list has about 140 options on every list page; as a template loop they took 10-20 ms of
the page (docs/performance.md, item 23), for markup that has no logic beyond a few flags. This is
the same HTML, escaped the same way (``format_html``)."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def facet_options(options) -> str:
    """The ``<li>`` items of one facet: each option a link that adds or removes it, with its count;
    a chosen one marked (✓, ``aria-current``), a label in the other language marked by a badge."""
    remove = gettext("(selected, select to remove)")
    return format_html_join("", "{}", ((_option(option, remove),) for option in options))


def _option(option, remove: str) -> str:
    label = option["label"]
    if option.get("fallback"):
        language = "English" if option["fallback"] == "en" else "中文"
        label = format_html('{} <span class="fallback-badge">({})</span>', label, language)
    item = '<li class="facet-child">' if option.get("child") else "<li>"
    if option["selected"]:
        return format_html(
            item + '<a class="facet-option selected" aria-current="true" href="{}"><span class="facet-label">'
            '<span class="check" aria-hidden="true">✓</span> {}</span> <span class="count">{}</span>'
            '<span class="visually-hidden">{}</span></a></li>',
            option["href"],
            label,
            localize(option["count"]),
            remove,
        )
    return format_html(
        item + '<a class="facet-option" href="{}"><span class="facet-label">{}</span> '
        '<span class="count">{}</span></a></li>',
        option["href"],
        label,
        localize(option["count"]),
    )
