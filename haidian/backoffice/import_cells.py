"""Cell-level import validation: every bad cell of a file is reported at once, with its row as the
spreadsheet shows it, its column, the value given and a plain message in the user's language.

django-import-export reports a widget's own exception (``decimal.ConversionSyntax`` for "12k") as a
row error with the exception's class, and its boolean widget reads any unknown word as "no". Here a
cell that cannot be read is a :class:`CellValueError` with a plain message; the base resource
(:class:`haidian.backoffice.resources.BackOfficeResource`) collects them with the model's own
validation and builds the report (:func:`cell_report`) the import page shows.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext
from import_export import widgets
from modeltranslation.utils import build_localized_fieldname


class CellValueError(ValueError):
    """A cell that cannot be read; its message is for the person who filled in the sheet."""


class UnknownColumn(CellValueError):
    """A header the import does not read: its cells would be dropped without a word."""

    def __init__(self, column: str):
        self.column = column
        super().__init__(
            gettext("“%(column)s” is not a column of this import: check its spelling against the template.")
            % {"column": column}
        )


TRUE_WORDS = frozenset({"1", "true", "yes", "y", "是", "真"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "否", "假"})


class StrictBooleanWidget(widgets.BooleanWidget):
    """Yes or no, in either language; an empty cell keeps the model's default. Any other word is
    an error: the stock widget reads "maybe" as no."""

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        if word == "":
            return None
        raise CellValueError(gettext("Enter yes or no (1 or 0)."))


def plain_message(widget) -> str:
    """What to tell the user when ``widget`` cannot read a cell (the widget's exception is not for them)."""
    if isinstance(widget, widgets.IntegerWidget):
        return gettext("Enter a whole number.")
    if isinstance(widget, widgets.DecimalWidget | widgets.FloatWidget):
        return gettext("Enter a number.")
    if isinstance(widget, widgets.DateTimeWidget):
        return gettext("Enter a valid date and time, such as 2026-02-10 09:30.")
    if isinstance(widget, widgets.DateWidget):
        return gettext("Enter a valid date, such as 2026-02-10.")
    return gettext("Enter a valid value.")


def sheet_row(number: int) -> int:
    """The row as a spreadsheet shows it: django-import-export counts data rows from 1, below the header."""
    return number + 1


@dataclass(frozen=True)
class CellError:
    row: int | None  # None: the whole file
    column: str
    value: str
    message: str
    record: str = ""  # the row's import id (slug or reference), to find it in a long file

    def __str__(self):
        if self.row is None:
            return self.message
        if not self.column:
            return gettext("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return gettext("Row %(row)s, column %(column)s, value “%(value)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


def _columns_of(key: str, columns: dict[str, str], headers) -> list[str]:
    """The file's column an error keyed ``key`` is about: the column of that attribute, or for a
    translated field (``title`` when every language is empty) its first language column in the file,
    the default language's, which the template marks as required."""
    if key in columns:
        return [columns[key]]
    localized = [build_localized_fieldname(key, language) for language in settings.MODELTRANSLATION_LANGUAGES]
    return [name for name in localized if name in headers and name in columns.values()][:1]


def _text(value) -> str:
    return "" if value is None else str(value)


def cell_report(result, columns: dict[str, str], key_column: str) -> list[CellError]:
    """Every cell error of ``result``, in row then column order.

    ``columns`` maps a resource field's attribute to its column name; ``key_column`` is the import
    id's column. Errors that name no column (a rule across fields) are reported on the row alone.
    """
    headers = list(result.diff_headers)  # the order of an invalid row's values
    report = []
    for error in result.base_errors:
        column = getattr(error.error, "column", "")
        report.append(CellError(1 if column else None, column, column, str(error.error)))
    for invalid in result.invalid_rows:
        values = dict(zip(headers, invalid.values, strict=False))
        row, record = sheet_row(invalid.number), _text(values.get(key_column))
        for key, messages in invalid.error_dict.items():
            found = [] if key == NON_FIELD_ERRORS else _columns_of(key, columns, headers)
            for message in messages:
                if not found:
                    report.append(CellError(row, "", "", message, record))
                for column in found:
                    report.append(CellError(row, column, _text(values.get(column)), message, record))
    for number, errors in result.row_errors():
        for error in errors:
            reason = gettext("This row could not be saved (%(reason)s).") % {"reason": error.error}
            report.append(
                CellError(sheet_row(number), "", "", reason, _text((error.row or {}).get(key_column)))
            )
    order = {header: index for index, header in enumerate(headers)}
    # A translated field's own check repeats its language column's ("at most 500 characters").
    unique = dict.fromkeys(report)
    return sorted(unique, key=lambda error: (error.row or 0, order.get(error.column, -1)))
