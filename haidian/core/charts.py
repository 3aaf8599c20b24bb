"""Server-rendered SVG charts: no JavaScript, and safe under the strict CSP (presentation through
classes of the site's stylesheet and attributes, never ``style="..."``).

Horizontal positions are percentages and text keeps its size, so a chart reads as well at
375 px as at 1280 px. Every chart has a <title> and <desc>; pages put a data table beside it.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float | None  # None: withheld (shown as such, drawn as no bar)
    display: str  # the value as the reader sees it, e.g. "CN¥1.2 bn" or "12"


def _id(*parts) -> str:
    return "chart-" + hashlib.blake2b(repr(parts).encode(), digest_size=5).hexdigest()


def _pct(value, maximum) -> float:
    if not value or not maximum:
        return 0.0
    return round(float(value) / float(maximum) * 100, 2)


def bar_chart(
    rows: Iterable[Bar], *, title: str, description: str = "", orientation: str = "horizontal", unit: str = ""
) -> SafeString:
    rows = list(rows)
    if not rows:
        return mark_safe("")  # noqa: S308
    chart_id = _id(title, [(r.label, r.display) for r in rows])
    maximum = max((r.value for r in rows if r.value is not None), default=0)
    head = format_html(
        '<title id="{0}-t">{1}</title><desc id="{0}-d">{2}</desc>', chart_id, title, description or title
    )
    if orientation == "vertical":
        body, height = _columns(rows, maximum)
    else:
        body, height = _bars(rows, maximum)
    return format_html(
        '<svg class="chart chart-{}" width="100%" height="{}" role="img" aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg">{}{}</svg>',
        orientation,
        height,
        chart_id,
        chart_id,
        head,
        body,
    )


ROW = 46  # px per horizontal bar: the label line, then the bar


def _bars(rows: list[Bar], maximum) -> tuple[SafeString, int]:
    items = []
    for index, row in enumerate(rows):
        top = index * ROW
        width = _pct(row.value, maximum) * 0.78  # room for the value after the longest bar
        items.append(
            (
                top + 15,
                row.label,
                top + 21,
                f"{width}%",
                "chart-bar" if row.value is not None else "chart-bar chart-bar-withheld",
                f"{width + 1.5}%",
                top + 34,
                row.display,
            )
        )
    body = format_html_join(
        "",
        '<g class="chart-row"><text class="chart-label" x="0" y="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="16" rx="2" class="{}"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text></g>',
        items,
    )
    return body, len(rows) * ROW


PLOT = 180  # px of the plotting area of a column chart


def _columns(rows: list[Bar], maximum) -> tuple[SafeString, int]:
    slot = 100 / len(rows)
    items = []
    for index, row in enumerate(rows):
        share = _pct(row.value, maximum) / 100
        bar_height = round(share * (PLOT - 24), 1)
        centre = slot * index + slot / 2
        items.append(
            (
                f"{slot * index + slot * 0.2:.2f}%",
                PLOT - bar_height,
                f"{slot * 0.6:.2f}%",
                bar_height,
                "chart-bar" if row.value is not None else "chart-bar chart-bar-withheld",
                f"{centre:.2f}%",
                PLOT - bar_height - 6,
                row.display,
                f"{centre:.2f}%",
                PLOT + 20,
                row.label,
            )
        )
    axis = format_html('<line class="chart-axis" x1="0" x2="100%" y1="{0}" y2="{0}"></line>', PLOT)
    body = format_html_join(
        "",
        '<g class="chart-column"><rect x="{}" y="{}" width="{}" height="{}" rx="2" class="{}"></rect>'
        '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text></g>',
        items,
    )
    return mark_safe(axis + body), PLOT + 30  # noqa: S308


def progress_bar(value, maximum, *, label: str) -> SafeString:
    """A bar of ``value`` out of ``maximum`` (e.g. agencies toward the target of 100)."""
    width = min(_pct(value, maximum), 100)
    return format_html(
        '<svg class="progress" width="100%" height="14" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><rect class="progress-track" x="0" y="0" width="100%" '
        'height="14" rx="7"></rect><rect class="progress-fill" x="0" y="0" width="{}%" height="14" '
        'rx="7"></rect></svg>',
        label,
        width,
    )
