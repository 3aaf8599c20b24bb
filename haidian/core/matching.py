"""What every matching service returns: a ranked candidate and the reasons it fits or falls short.

Technology matching (``listings.matching``) and financing matching (``financing.services``) share
``Reason`` and ``MatchResults`` so that the admin, the pages and the API render them one way.
The semantics (hard constraints, soft signals, the threshold, near misses) are in docs/matching.md.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from haidian.core.i18n import is_chinese


@dataclass(frozen=True)
class Reason:
    """One matching rule, met or not; ``text`` is already translated into the active language."""

    met: bool
    text: str
    # A hard constraint disqualifies when unmet; a soft signal only costs points.
    hard: bool = False

    def __str__(self) -> str:
        return self.text

    @property
    def disqualifies(self) -> bool:
        return self.hard and not self.met


def all_met(reasons: list[Reason]) -> bool:
    return all(reason.met for reason in reasons)


def disqualifying(reasons: list[Reason]) -> list[Reason]:
    """The hard constraints ``reasons`` fail: any one keeps a candidate from being a match."""
    return [reason for reason in reasons if reason.disqualifies]


def min_score() -> float:
    """The score (out of 100) a candidate needs to be shown as a match: ``MATCH_MIN_SCORE``."""
    return settings.MATCH_MIN_SCORE


def is_match(score: float, reasons: list[Reason]) -> bool:
    """Shown as a match: no disqualifying reason, and the score reaches the threshold."""
    return not disqualifying(reasons) and score >= min_score()


def is_near_miss(score: float, reasons: list[Reason]) -> bool:
    """Not a match, but short of one by a single rule at most: one reason unmet (a disqualifying
    one, or a soft one that leaves the score under the threshold), or none and the score under the
    threshold. Callers exclude beforehand what may never be a near miss (a funded need, the wrong
    financing type)."""
    return not is_match(score, reasons) and sum(not reason.met for reason in reasons) <= 1


@dataclass(frozen=True)
class MatchResults:
    """Matches (shown as such) and near misses (shown apart, labelled), each best first."""

    matches: list = field(default_factory=list)
    near_misses: list = field(default_factory=list)


def format_cny(amount, *, original=None, currency: str = "CNY", on=None) -> str:
    """An amount of yuan the way a reader of the active language expects it: the one home of money
    formatting (the ``cny`` template filter, charts, e-mails and the admin dashboard all call it).

    English: "CN¥500,000", "CN¥5 M", "CN¥1.2 bn" (never a bare "¥", which also means yen);
    Chinese: "50万元", "500万元", "12亿元".

    A value converted from another currency names the original amount, the rate and its date:
    ``format_cny(7.2e9, original=150e9, currency="JPY", on=date(2025, 3, 31))`` reads
    "CN¥7.2 bn (JPY 150 bn at 0.048, 2025-03-31)" / "72亿元（JPY 1500亿，汇率 0.048，2025-03-31）".
    """
    if amount is None:
        return ""
    value = Decimal(amount)
    if is_chinese():
        text = f"{_chinese_number(value)}元"
    elif value >= Decimal("1000000000"):
        text = _("CN¥%(amount)s bn") % {"amount": _trim(value / Decimal("1000000000"))}
    elif value >= Decimal("1000000"):
        text = _("CN¥%(amount)s M") % {"amount": _trim(value / Decimal("1000000"))}
    else:
        text = _("CN¥%(amount)s") % {"amount": f"{value.quantize(Decimal('1')):,}"}
    if original is None or currency == "CNY" or not original:
        return text
    original = Decimal(original)
    rate = f"{value / original:.4g}"
    foreign = f"{currency} {_chinese_number(original) if is_chinese() else _english_number(original)}"
    day = on.isoformat() if on else ""
    if is_chinese():
        return f"{text}（{foreign}，汇率 {rate}，{day}）" if day else f"{text}（{foreign}，汇率 {rate}）"
    details = {"amount": text, "original": foreign, "rate": rate, "date": day}
    if day:
        return _("%(amount)s (%(original)s at %(rate)s, %(date)s)") % details
    return _("%(amount)s (%(original)s at %(rate)s)") % details


def _chinese_number(value: Decimal) -> str:
    """Chinese counts in 万 (10^4) and 亿 (10^8): already the Chinese form, nothing to translate."""
    if value >= Decimal("100000000"):
        return f"{_trim(value / Decimal('100000000'))}亿"
    if value >= Decimal("10000"):
        return f"{_trim(value / Decimal('10000'))}万"
    return _trim(value)


def _english_number(value: Decimal) -> str:
    if value >= Decimal("1000000000"):
        return f"{_trim(value / Decimal('1000000000'))} bn"
    if value >= Decimal("1000000"):
        return f"{_trim(value / Decimal('1000000'))} M"
    return f"{value.quantize(Decimal('1')):,}"


def _trim(value: Decimal) -> str:
    """At most two decimals and no trailing zeros: 5, 1.2, 0.35."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
