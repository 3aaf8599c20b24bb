"""Import/export resources: the base every resource shares, and the organization directory.

Rows are matched on their slug (or reference), foreign keys and many-to-many fields are written
as slugs or codes so a sheet exported here imports back unchanged. Every imported row is validated
with ``full_clean`` (``clean_model_instances``), rich text is sanitised by the field on save, and
the whole file runs in one transaction: one bad row and nothing is imported. Every bad cell is
reported, with its row, column and value (:mod:`haidian.backoffice.import_cells`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from import_export import fields, resources, widgets
from import_export.results import Error

from haidian.backoffice.import_cells import (
    CellValueError,
    StrictBooleanWidget,
    UnknownColumn,
    cell_report,
    plain_message,
    sheet_row,
)
from haidian.backoffice.scoping import agency_scope
from haidian.core.models import Country, Organization


class KeyForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as a slug or code; an unknown one is a row error that names it."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise CellValueError(
                gettext("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class KeyManyToManyWidget(widgets.ManyToManyWidget):
    """Many-to-many as comma-separated slugs or codes; unknown ones are a row error, not silently dropped."""

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        wanted = {v.strip() for v in str(value or "").split(self.separator) if v.strip()}
        known = {str(key) for key in found.values_list(self.field, flat=True)} if wanted else set()
        if unknown := sorted(wanted - known):
            raise CellValueError(
                gettext("Unknown %(model)s: %(values)s.")
                % {"model": self.model._meta.verbose_name_plural, "values": ", ".join(unknown)}
            )
        return found


def fk(model, field="slug", column=None):
    return fields.Field(attribute=column, column_name=column, widget=KeyForeignKeyWidget(model, field))


def m2m(model, column, field="slug"):
    return fields.Field(
        attribute=column, column_name=column, widget=KeyManyToManyWidget(model, separator=",", field=field)
    )


class ColumnListWidget(widgets.Widget):
    """``machine_translated`` as comma-separated language columns ("title_zh_hans, summary_zh_hans");
    the model's ``full_clean`` refuses a name that is not one of its columns."""

    def clean(self, value, row=None, **kwargs):
        return [item.strip() for item in str(value or "").replace("，", ",").split(",") if item.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


def provenance_column():
    """The import/export column of ``TranslationProvenance.machine_translated``."""
    return fields.Field(
        attribute="machine_translated", column_name="machine_translated", widget=ColumnListWidget()
    )


class BackOfficeResource(resources.ModelResource):
    """Knows who imports (``user``), records "Imported" as the history reason, validates every row.

    The admin passes the field policy of the user's role (haidian.backoffice.field_policy): ``locked_fields``
    may not be changed by import, ``hidden_fields`` are not exported.

    Subclasses write ``class Meta(BackOfficeResource.Meta)`` and name ``model``, ``import_id_fields``
    and ``fields``; the columns are exported in the order of ``fields``.
    """

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, user=None, locked_fields=(), hidden_fields=(), **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.locked_fields = frozenset(locked_fields)
        self.hidden_fields = frozenset(hidden_fields)

    def get_export_fields(self, selected_fields=None):
        return [
            field
            for field in super().get_export_fields(selected_fields)
            if field.attribute not in self.hidden_fields
        ]

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.BooleanField):
            return StrictBooleanWidget
        return super().widget_from_django_field(f, default)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._rows_by_key = {}  # import id -> the sheet row that first named it
        known = {field.column_name for field in self.fields.values()}
        self._unknown_columns = [header for header in dataset.headers or () if header and header not in known]

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self.row_errors = {}  # attribute -> message, for checks made before the cells are read

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """A cell that cannot be read is a :class:`CellValueError` with a plain message.

        A column the role may not change keeps the record's value: left empty or unchanged it is
        skipped, a different value is an error on that cell."""
        if field.attribute not in self.locked_fields or field.column_name not in row:
            try:
                return super().import_field(field, instance, row, is_m2m, **kwargs)
            except CellValueError:
                raise
            except Exception:  # noqa: BLE001 - the widget's own exception names a Python class
                raise CellValueError(plain_message(field.widget)) from None
        if is_m2m or row[field.column_name] in (None, ""):
            return None
        if field.widget.render(field.clean(row)) != field.export(instance):
            raise CellValueError(
                gettext("You cannot change “%(column)s” by import; leave it empty or as exported.")
                % {"column": field.column_name}
            )
        return None

    def import_instance(self, instance, row, **kwargs):
        """Every cell is read, whatever fails first: plain fields (the library), many-to-many cells
        (which it reads only after saving), repeated import ids and the row checks made earlier."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.message_dict)
        errors.update(self.row_errors)  # "not your agency" says more than "you cannot change it"
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.attribute not in errors:
                if message := self._m2m_cell_error(field, instance, row):
                    errors[field.attribute] = message
        key_column = self._meta.import_id_fields[0]
        key = str(row.get(key_column) or "").strip()
        if key and key in self._rows_by_key:
            errors.setdefault(
                key_column,
                gettext("“%(key)s” is already on row %(row)s of this file.")
                % {"key": key, "row": self._rows_by_key[key]},
            )
        elif key:
            self._rows_by_key[key] = sheet_row(kwargs["row_number"])
        if errors:
            raise ValidationError(errors)

    def _m2m_cell_error(self, field, instance, row) -> str | None:
        if field.column_name not in row or field.attribute in self.locked_fields:
            return None
        try:
            found = field.clean(row)
        except CellValueError as error:
            return str(error)
        required = not instance._meta.get_field(field.attribute).blank
        if required and instance.pk is None and not found:
            return gettext("This field cannot be blank.")
        return None

    def import_columns(self) -> dict[str, str]:
        """Attribute -> column name of the columns an import reads."""
        return {field.attribute: field.column_name for field in self.get_import_fields() if field.attribute}

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        for column in self._unknown_columns:
            # An error, not a warning: a misspelt "titel_en" would import every row without its title.
            result.append_base_error(Error(UnknownColumn(column)))
        # The import page shows this table instead of the library's rows of Python exceptions.
        result.cell_errors = cell_report(result, self.import_columns(), self._meta.import_id_fields[0])

    def before_save_instance(self, instance, row, **kwargs):
        if hasattr(instance, "stamp") and self.user is not None:
            instance.stamp(self.user)
        if self.user is not None and self.user.is_authenticated:
            instance._history_user = self.user
        instance._change_reason = gettext("Imported from a file")
        super().before_save_instance(instance, row, **kwargs)


class AgencyOwnedResource(BackOfficeResource):
    """Rows of a model brokered by an agency: an agency editor imports only into their own agency.

    The row's ``agency`` column is filled with the editor's agency (another agency's slug is an
    error on that cell), and a row matching an existing record of another agency is refused before
    any of its cells is read into that record.
    """

    def _check_agency_row(self, row, *, own_slug, agency_id):
        id_field = self._meta.import_id_fields[0]
        key = str(row.get(id_field) or "").strip()
        existing = self._meta.model._default_manager.filter(**{id_field: key}).values_list(
            "agency_id", flat=True
        )
        if key and existing.exists() and agency_id not in list(existing):
            raise ValidationError(
                {
                    id_field: gettext("“%(key)s” belongs to another agency: you cannot change it.")
                    % {"key": key}
                }
            )
        given = str(row.get("agency") or "").strip()
        if given and given != own_slug:
            self.row_errors["agency"] = gettext(
                "This row is for agency “%(given)s”: you can import only into your own agency (%(own)s)."
            ) % {"given": given, "own": own_slug}
        else:
            row["agency"] = own_slug

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        scope = agency_scope(self.user) if self.user is not None else None
        if new and scope is not None and not scope.unrestricted:
            # The agency is read-only to its editors: their new records are their agency's.
            instance.agency_id = scope.agency_id

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        scope = agency_scope(self.user) if self.user is not None else None
        if scope is None or scope.unrestricted:
            return
        if scope.agency_id is None:
            raise ValidationError(
                gettext("You do not work for an agency, so you cannot import these records.")
            )
        own_slug = (
            self.user.agency_memberships.filter(agency_id=scope.agency_id)
            .values_list("agency__slug", flat=True)
            .first()
        )
        self._check_agency_row(row, own_slug=own_slug, agency_id=scope.agency_id)


class OrganizationResource(BackOfficeResource):
    country = fk(Country, field="code", column="country")
    machine_translated = provenance_column()

    def before_save_instance(self, instance, row, **kwargs):
        # Only rows that change something get here (skip_unchanged): an agency editor may re-import
        # an export that lists shared organizations, but not change them (Organization.editable_by).
        if instance.pk is not None and self.user is not None:
            editable = Organization.objects.editable_by(agency_scope(self.user))
            if not editable.filter(pk=instance.pk).exists():
                raise ValidationError(
                    gettext(
                        "“%(slug)s” is named on other agencies' or the center's records: only the center "
                        "can change it."
                    )
                    % {"slug": instance.slug}
                )
        super().before_save_instance(instance, row, **kwargs)

    class Meta(BackOfficeResource.Meta):
        model = Organization
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_en",
            "name_zh_hans",
            "kind",
            "country",
            "city_en",
            "city_zh_hans",
            "website",
            "is_high_tech",
            "high_tech_certified_until",
            "description_en",
            "description_zh_hans",
            "machine_translated",
        )
