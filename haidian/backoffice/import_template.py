"""The blank file an import page offers: the import's columns, each explained in English and Chinese
with the values it accepts.

The columns are the resource's import columns less those the user's role may not change (the field
policy), so a template never asks for what the import would refuse. The XLSX has three sheets: the
data sheet (its header row is the column names, each header with a comment giving both labels, and
a drop-down on columns with one value from a list), "columns" (what each column means and what it
accepts) and "values" (every allowed value, with its labels in both languages). Export writes the
same column names, so export → edit → import round-trips.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core import validators
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from import_export import widgets
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from haidian.core import provenance

LANGUAGES = ("en", "zh-hans")
#: Related tables up to this size are listed value by value; larger ones (organizations) are named.
LISTED_ROWS = 400


def both(text) -> tuple[str, str]:
    """``text`` (lazy or a callable of no arguments) in English and in Chinese."""
    out = []
    for language in LANGUAGES:
        with translation.override(language):
            out.append(str(text()) if callable(text) else str(text or ""))
    return out[0], out[1]


@dataclass
class Column:
    name: str
    label: tuple[str, str]
    required: bool
    meaning: tuple[str, str]
    accepts: tuple[str, str]
    values: list[tuple[str, str, str]] = field(default_factory=list)  # value, English, Chinese
    several: bool = False

    def _local(self, pair: tuple[str, str]) -> str:
        return pair[1] if (translation.get_language() or "").startswith("zh") else pair[0]

    @property
    def local_label(self) -> str:
        return self._local(self.label)

    @property
    def local_accepts(self) -> str:
        return self._local(self.accepts)


def _label(model_field) -> tuple[str, str]:
    base = getattr(model_field, "translated_field", None)
    if base is None:
        return both(model_field.verbose_name)
    language = both(lambda: gettext("English") if model_field.language == "en" else gettext("Chinese"))
    name = both(base.verbose_name)
    return tuple(f"{n} ({lang})" for n, lang in zip(name, language, strict=True))


def _range(model_field) -> tuple[int | None, int | None]:
    low = high = None
    for validator in model_field.validators:
        if isinstance(validator, validators.MinValueValidator):
            low = validator.limit_value
        if isinstance(validator, validators.MaxValueValidator):
            high = validator.limit_value
    return low, high


def _related_values(widget, list_values: bool) -> list[tuple[str, str, str]] | None:
    manager = widget.model._default_manager
    if manager.count() > LISTED_ROWS:
        return None
    if not list_values:
        return []
    rows = []
    for obj in manager.all():
        english, chinese = both(lambda obj=obj: str(obj))
        rows.append((str(getattr(obj, widget.field)), english, chinese))
    return rows


def _accepts(model, resource_field, model_field, list_values) -> tuple[tuple[str, str], list, bool]:
    """What a cell accepts, in both languages, the listed values and whether it takes several."""
    widget = resource_field.widget
    if isinstance(widget, widgets.ManyToManyWidget | widgets.ForeignKeyWidget):
        several = isinstance(widget, widgets.ManyToManyWidget)
        values = _related_values(widget, list_values)
        key = widget.field
        if values is None:
            text = both(
                lambda: (
                    gettext("The %(key)s of a %(model)s, as exported from its list.")
                    % {"key": key, "model": widget.model._meta.verbose_name}
                )
            )
        elif several:
            text = both(lambda: gettext("One or more codes from the “values” sheet, separated by commas."))
        else:
            text = both(lambda: gettext("One code from the “values” sheet."))
        return text, values or [], several
    if resource_field.attribute == "machine_translated":
        columns = provenance.translated_columns(model)
        text = both(lambda: gettext("Language columns, separated by commas."))
        return text, [(c, c, c) for c in columns], True
    if model_field is None:
        return both(lambda: gettext("Text.")), [], False
    if model_field.choices:
        values = []
        for value, label in model_field.flatchoices:
            english, chinese = both(label)
            values.append((str(value), english, chinese))
        return both(lambda: gettext("One code from the “values” sheet.")), values, False
    if isinstance(model_field, models.BooleanField):
        yes, no = both(lambda: gettext("yes")), both(lambda: gettext("no"))
        values = [("1", *yes), ("0", *no)]
        return both(lambda: gettext("1 for yes, 0 for no.")), values, False
    if isinstance(model_field, models.IntegerField):
        low, high = _range(model_field)
        if low is not None and high is not None:
            text = both(
                lambda: gettext("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
            )
            return (
                text,
                [(str(n), str(n), str(n)) for n in range(low, high + 1)] if high - low < 20 else [],
                False,
            )
        return both(lambda: gettext("A whole number.")), [], False
    if isinstance(model_field, models.DecimalField):
        return (
            both(
                lambda: (
                    gettext("A number with at most %(places)s decimal places, without units or commas.")
                    % {"places": model_field.decimal_places}
                )
            ),
            [],
            False,
        )
    if isinstance(model_field, models.DateTimeField):
        return both(lambda: gettext("A date and time: YYYY-MM-DD HH:MM.")), [], False
    if isinstance(model_field, models.DateField):
        return both(lambda: gettext("A date: YYYY-MM-DD.")), [], False
    if isinstance(model_field, models.URLField | models.EmailField):
        return (
            both(
                lambda: gettext("A full address (at most %(n)s characters).") % {"n": model_field.max_length}
            ),
            [],
            False,
        )
    if getattr(model_field, "max_length", None):
        return (
            both(lambda: gettext("Text, at most %(n)s characters.") % {"n": model_field.max_length}),
            [],
            False,
        )
    return both(lambda: gettext("Text.")), [], False


def template_columns(resource, *, list_values=True) -> list[Column]:
    """The columns the resource's user may fill in, in the resource's order; ``list_values=False``
    leaves out the rows of related tables (the import page needs only what each column accepts)."""
    model = resource._meta.model
    key_columns = set(resource._meta.import_id_fields)
    columns = []
    for resource_field in resource.get_import_fields():
        if not resource_field.attribute or resource_field.attribute in resource.locked_fields:
            continue
        try:
            model_field = model._meta.get_field(resource_field.attribute)
        except models.FieldDoesNotExist:
            model_field = None
        base = getattr(model_field, "translated_field", None)
        required = resource_field.attribute in key_columns or (
            model_field is not None
            and not (base or model_field).blank
            and not (base is not None and model_field.language != "en")
            and not model_field.has_default()
        )
        accepts, values, several = _accepts(model, resource_field, model_field, list_values)
        if resource_field.attribute in key_columns:
            meaning = both(
                lambda: gettext("Identifies the record: an existing one is updated, a new one is created.")
            )
        else:
            meaning = both(getattr(model_field, "help_text", "") if model_field is not None else "")
        columns.append(
            Column(
                name=resource_field.column_name,
                label=_label(model_field) if model_field is not None else (resource_field.column_name,) * 2,
                required=required,
                meaning=meaning,
                accepts=accepts,
                values=values,
                several=several,
            )
        )
    return columns


def xlsx_template(resource) -> bytes:
    columns = template_columns(resource)
    book = Workbook()
    data = book.active
    data.title = "data"
    guide = book.create_sheet("columns")
    values = book.create_sheet("values")
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    guide.append(
        [
            "column / 列",
            "label",
            "标签",
            "required / 必填",
            "meaning",
            "说明",
            "accepts",
            "允许的值",
        ]
    )
    values.append(["column / 列", "value / 值", "English", "中文"])
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.name)
        cell.font = bold
        cell.comment = Comment(f"{column.label[0]}\n{column.label[1]}", "Haidian ITTC")
        data.column_dimensions[letter].width = max(14, len(column.name) + 4)
        required = "yes / 是" if column.required else "no / 否"
        guide.append([column.name, *column.label, required, *column.meaning, *column.accepts])
        first = values.max_row + 1
        for value in column.values:
            values.append([column.name, *value])
        if column.values and not column.several:
            # A drop-down on the column's cells: the values sheet holds the list.
            choice = DataValidation(
                type="list", formula1=f"=values!$B${first}:$B${values.max_row}", allow_blank=True
            )
            choice.add(f"{letter}2:{letter}2000")
            data.add_data_validation(choice)
    data.freeze_panes = "A2"
    for sheet, widths in ((guide, (22, 24, 16, 14, 40, 30, 40, 30)), (values, (22, 24, 36, 24))):
        for cell in sheet[1]:
            cell.font = bold
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_template(resource) -> bytes:
    """The header row alone, UTF-8 with a BOM so Excel reads it (the XLSX explains the columns)."""
    out = io.StringIO()
    csv.writer(out).writerow([column.name for column in template_columns(resource)])
    return out.getvalue().encode("utf-8-sig")
