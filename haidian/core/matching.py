"""What every matching service returns: a ranked candidate and the reasons it fits or falls short.

Technology matching (``listings.matching``) and financing matching (``financing.services``) share
``Reason`` so that the admin, the pages and the API render reasons one way.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from haidian.core.i18n import is_chinese


@dataclass(frozen=True)
class Reason:
    """One matching rule, met or not; ``text`` is already translated into the active language."""

    met: bool
    text: str

    def __str__(self) -> str:
        return self.text


def all_met(reasons: list[Reason]) -> bool:
    return all(reason.met for reason in reasons)


def format_cny(amount) -> str:
    """An amount of yuan the way a reader of the active language expects it.

    English: "¥500,000", "¥5 M", "¥1.2 bn"; Chinese: "50万元", "500万元", "12亿元".
    """
    if amount is None:
        return ""
    value = Decimal(amount)
    if is_chinese():
        # Chinese counts in 万 (10^4) and 亿 (10^8): already the Chinese form, nothing to translate.
        if value >= Decimal("100000000"):
            return f"{_trim(value / Decimal('100000000'))}亿元"
        if value >= Decimal("10000"):
            return f"{_trim(value / Decimal('10000'))}万元"
        return f"{_trim(value)}元"
    if value >= Decimal("1000000000"):
        return _("¥%(amount)s bn") % {"amount": _trim(value / Decimal("1000000000"))}
    if value >= Decimal("1000000"):
        return _("¥%(amount)s M") % {"amount": _trim(value / Decimal("1000000"))}
    return _("¥%(amount)s") % {"amount": f"{value.quantize(Decimal('1')):,}"}


def _trim(value: Decimal) -> str:
    """At most two decimals and no trailing zeros: 5, 1.2, 0.35."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
