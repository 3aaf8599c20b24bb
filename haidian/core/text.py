"""Single-line text: what titles, names and e-mail subjects may hold.

A line break in a title ends up in an e-mail header, where Django refuses it (BadHeaderError) after
the inquiry is already stored. Line breaks are refused where text is written
(``haidian.core.models.SingleLineCharFields``, the public forms) and collapsed where a subject is built,
so that a value stored before the rule can never break mail.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every character str.splitlines() breaks on: a mail client or a spreadsheet may break there too.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def validate_single_line(value) -> None:
    if isinstance(value, str) and not LINE_BREAKS.isdisjoint(value):
        raise ValidationError(_("Enter a single line: line breaks are not allowed here."), code="line_break")


def single_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, collapsed to one space."""
    return " ".join(str(text).split())
