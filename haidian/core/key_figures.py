"""Key figures computed from the register, and the registry that lets the ground compute them.

A ``KeyFigure`` row states a figure: its label, unit, period, source and place on the home page. A
figure whose key is registered here (``register_key_figure("signed-contracts", compute)``, from the
app's ``AppConfig.ready()``) takes its value from the register on every read, for its stated period
up to today, cached under the content version; any other figure is editorial and keeps the value,
source and date typed in.

Year-on-year change always compares a period with the same period one year earlier (a year to date
with the previous year to the same day), never a running total with an older one.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from haidian.core.cache import cached_value


@dataclass(frozen=True)
class Measured:
    """A value computed from the register. ``withheld``: items counted whose amount is left out of
    ``value`` (confidential contract values), so the page can say so."""

    value: Decimal
    withheld: int = 0


Compute = Callable[[date, date], Measured]

_computations: dict[str, Compute] = {}


def register_key_figure(key: str, compute: Compute) -> None:
    """Called from an app's ``AppConfig.ready()``: ``compute(start, end)`` measures the figure
    ``key`` over the days from ``start`` to ``end`` inclusive (a stock is counted on ``end``)."""
    _computations[key] = compute


def is_computed(key: str) -> bool:
    return key in _computations


def computed_keys() -> list[str]:
    return sorted(_computations)


def one_year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Reading:
    """A figure as shown: its value for ``start``..``end`` (``end`` is today for a period still
    running), and the value for the same period a year earlier when one can be compared."""

    value: Decimal | None
    start: date
    end: date
    computed: bool
    withheld: int = 0
    previous: Decimal | None = None
    previous_illustrative: bool = False

    @property
    def change(self) -> Decimal | None:
        """Year-on-year change in percent, or None without a comparable earlier value."""
        if self.value is None or not self.previous:
            return None
        return (self.value - self.previous) / self.previous * 100


def measure(key: str, start: date, end: date) -> Measured:
    """The registered figure ``key`` over ``start``..``end``, cached per content version."""
    compute = _computations[key]
    return cached_value("key-figure", key, start, end, compute=lambda: compute(start, end))


def read(figure, *, earlier=None, today: date | None = None) -> Reading:
    """The reading of ``figure`` (a ``KeyFigure``). ``earlier``: the rows of the same key, for an
    editorial figure's previous year (the row of the same period shifted by one year)."""
    today = today or timezone.localdate()
    start = figure.period_start
    if not is_computed(figure.key):
        end = figure.period_end
        shifted = (one_year_earlier(start), one_year_earlier(end))
        previous = next(
            (
                row
                for row in earlier or ()
                if (row.period_start, row.period_end) == shifted and row.value is not None
            ),
            None,
        )
        return Reading(
            value=figure.value,
            start=start,
            end=end,
            computed=False,
            previous=previous.value if previous else None,
            previous_illustrative=bool(previous and previous.illustrative),
        )
    if start > today:
        return Reading(value=None, start=start, end=figure.period_end, computed=True)
    end = min(figure.period_end, today)
    current = measure(figure.key, start, end)
    previous = measure(figure.key, one_year_earlier(start), one_year_earlier(end))
    return Reading(
        value=current.value,
        start=start,
        end=end,
        computed=True,
        withheld=current.withheld,
        previous=previous.value,
    )
