"""The base every content admin in the back office shares: translation tabs, history, audit fields."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models, router, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from haidian.backoffice.field_policy_admin import FieldPolicyAdminMixin, FieldPolicyFieldsMixin, parse_id
from haidian.backoffice.import_admin import ImportTemplateMixin
from haidian.backoffice.missing_translations import MissingTranslationAdminMixin
from haidian.backoffice.scoping import is_center_staff
from haidian.backoffice.widgets import UnlabelledHiddenInput
from haidian.core import provenance

METADATA_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")
CONCURRENCY_FIELD = "concurrency_token"
REASON_FIELD = "change_reason"
FORM_ONLY_FIELDS = (REASON_FIELD, CONCURRENCY_FIELD)


def concurrency_token_for(updated_at) -> str:
    """The version a form was opened at: the row's ``updated_at`` to the microsecond."""
    return updated_at.isoformat() if updated_at else ""


class BackOfficeForm(forms.ModelForm):
    """Every back-office form: a reason for the change (kept in the history) and a concurrency check.

    The hidden token carries the ``updated_at`` the record had when the form was opened; saving
    is refused when the row changed since (another editor, an action, an import). The check locks the
    row (``SELECT ... FOR UPDATE`` where the database supports it) inside the admin's transaction, so
    two saves racing each other cannot both pass.
    """

    change_reason = forms.CharField(
        label=_("Reason for change"),
        required=False,
        max_length=100,
        help_text=_("Kept in the history with your name, e.g. “Corrected the Chinese title”."),
    )
    concurrency_token = forms.CharField(widget=UnlabelledHiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._tracks_version():
            self.fields[CONCURRENCY_FIELD].initial = concurrency_token_for(self.instance.updated_at)

    def _tracks_version(self) -> bool:
        return (
            hasattr(self.instance, "updated_at")
            and self.instance.pk is not None
            and not self.instance._state.adding
        )

    def clean(self):
        cleaned_data = super().clean()
        if self._tracks_version():
            if self.add_prefix(CONCURRENCY_FIELD) not in self.data:
                # Every admin form sends it; a post without it (a script, a stale page) cannot prove
                # that it saw the current version.
                raise ValidationError(
                    _(
                        "This form was sent without its version: open the record again and save from the form."
                    ),
                    code="missing_version",
                )
            self._check_version(cleaned_data.get(CONCURRENCY_FIELD) or "")
        return cleaned_data

    def _check_version(self, posted: str) -> None:
        model = type(self.instance)
        rows = model._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.values_list("updated_at", flat=True).first()
        if current is None or posted == concurrency_token_for(current):
            return
        editor = ""
        if hasattr(model, "updated_by"):
            editor = (
                model._base_manager.filter(pk=self.instance.pk)
                .values_list("updated_by__username", flat=True)
                .first()
            ) or ""
        when = formats.date_format(timezone.localtime(current), "DATETIME_FORMAT")
        if editor:
            message = _(
                "%(user)s changed this record at %(when)s, after you opened it. Your changes were not "
                "saved: open the record again to see the current version, then make your changes again."
            ) % {"user": editor, "when": when}
        else:
            message = _(
                "This record was changed at %(when)s, after you opened it. Your changes were not "
                "saved: open the record again to see the current version, then make your changes again."
            ) % {"when": when}
        raise ValidationError(message, code="concurrent_edit")


class BackOfficeFormMixin(FieldPolicyAdminMixin):
    """Uses :class:`BackOfficeForm`: the reason goes to the history, the token guards against overwrites.

    The reason field sits at the end of the form; a revert through the history page records
    "Reverted to the version of …" when no reason is given.

    **Revert** (the history version page) is the change form again, not a second way in:

    - saving needs change permission on the current record; a user who may only view sees the
      version read-only, with no button;
    - the form is built with the same ``get_fieldsets``, ``get_readonly_fields`` and field policy
      as the change form, plus the policy's ``workflow`` fields as read-only, so a status changes
      only through the workflow services;
    - its instance is the *current* row with the version's values copied only into the fields
      the form edits: every read-only, hidden or workflow field keeps its current value;
    - it saves through ``save_form``, ``save_model`` (audit stamps, scoping, the change reason),
      ``save_related`` and the concurrency check, inside one transaction, like the change form.
    """

    form = BackOfficeForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in FORM_ONLY_FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [
            *[(name, options) for name, options in fieldsets if options["fields"]],
            (_("Reason for change"), {"fields": list(FORM_ONLY_FIELDS)}),
        ]

    def get_changelist_form(self, request, **kwargs):
        # List-editable rows carry the version token too (rendered by change_list_results.html).
        kwargs.setdefault("form", BackOfficeForm)
        return super().get_changelist_form(request, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.current_app = self.admin_site.name
        current = self.get_object(request, parse_id(self.model, object_id))
        if current is None:
            raise Http404
        version = get_object_or_404(
            current.history.all(), history_id=parse_id(current.history.model, version_id)
        )
        if not self.has_view_or_change_permission(request, current):
            raise PermissionDenied
        may_revert = self.has_change_permission(request, current)
        if request.method == "POST" and not may_revert:
            raise PermissionDenied
        request._haidian_reverting = True
        request._reverting_version = version
        with transaction.atomic(using=router.db_for_write(self.model)):
            return self._revert_form(request, current, version, may_revert, extra_context)

    def _revert_form(self, request, current, version, may_revert, extra_context):
        fieldsets = self.get_fieldsets(request, current)
        form_class = self.get_form(request, current, change=True, fields=flatten_fieldsets(fieldsets))
        if may_revert:
            instance = current
            for name in form_class.base_fields:
                field = _concrete_field(self.model, name)
                if field is not None:
                    setattr(instance, field.attname, getattr(version, field.attname))
            readonly = self.get_readonly_fields(request, current)
        else:
            instance = version.instance
            readonly = flatten_fieldsets(fieldsets)
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, instance=instance)
            if form.is_valid():
                new_object = self.save_form(request, form, change=True)
                self.save_model(request, new_object, form, change=True)
                self.save_related(request, form, [], change=True)
                self.log_change(request, new_object, self.construct_change_message(request, form, []))
                return self.response_change(request, new_object)
        else:
            form = form_class(instance=instance)
        admin_form = helpers.AdminForm(
            form,
            fieldsets,
            self.get_prepopulated_fields(request, current) if may_revert else {},
            readonly,
            model_admin=self,
        )
        opts = self.opts
        prefix = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": (_("Revert %s") if may_revert else _("View %s")) % current,
            "adminform": admin_form,
            "object_id": current.pk,
            "original": current,
            "is_popup": False,
            "media": self.media + admin_form.media,
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "changelist_url": reverse(f"{prefix}_changelist"),
            "change_url": reverse(f"{prefix}_change", args=(quote(current.pk),)),
            "history_url": reverse(f"{prefix}_history", args=(quote(current.pk),)),
            "change_history": False,
            "revert_disabled": not may_revert,
            "add": False,
            "change": True,
            "has_add_permission": self.has_add_permission(request),
            "has_view_permission": True,
            "has_change_permission": may_revert,
            "has_delete_permission": False,
            "has_editable_inline_admin_formsets": False,
            "has_file_field": True,
            "has_absolute_url": False,
            "form_url": "",
            "opts": version._meta,
            "content_type_id": ContentType.objects.get_for_model(self.model).id,
            "save_as": False,
            "save_on_top": self.save_on_top,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_form_template, context)

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get(REASON_FIELD, "") if hasattr(form, "cleaned_data") else ""
        version = getattr(request, "_reverting_version", None)
        if not reason and version is not None:
            when = formats.date_format(timezone.localtime(version.history_date), "DATETIME_FORMAT")
            reason = str(_("Reverted to the version of %(when)s")) % {"when": when}
        if reason:
            obj._change_reason = reason[:100]
        super().save_model(request, obj, form, change)


def _concrete_field(model, name):
    """The model's own column behind form field ``name``; None for many-to-many and form-only fields."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete and not field.many_to_many and not field.primary_key else None


class AuditedAdminMixin:
    """Shows who created and changed a record in a read-only "Metadata" fieldset and records them on save."""

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *METADATA_FIELDS)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in METADATA_FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None:
            fieldsets.append((_("Metadata"), {"classes": ["collapse"], "fields": METADATA_FIELDS}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if hasattr(instance, "stamp") and inline_form.has_changed():
                instance.stamp(request.user)
        super().save_formset(request, form, formset, change)


class EstimatedCountPaginator(Paginator):
    """The changelist's paginator without ``COUNT(*)`` over a whole big table.

    An unfiltered list takes the database's own row estimate when it is above ``ESTIMATE_ABOVE``:
    on PostgreSQL the planner's ``pg_class.reltuples`` (kept current by autovacuum), on SQLite the
    row count that ``ANALYZE`` leaves in ``sqlite_stat1``. A filtered list, a small table or a
    database without statistics counts exactly.
    """

    ESTIMATE_ABOVE = 50_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if isinstance(queryset, models.QuerySet) and not queryset.query.where:
            estimate = estimated_rows(connections[queryset.db], queryset.model._meta.db_table)
            if estimate is not None and estimate > self.ESTIMATE_ABOVE:
                return estimate
        return super().count


def estimated_rows(connection, table: str) -> int | None:
    """The database's statistics' row count of ``table``, or None where it keeps none."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        elif connection.vendor == "sqlite":
            # sqlite_stat1 exists once ANALYZE has run; its ``stat`` starts with the table's row count.
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return None
            cursor.execute("SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        else:
            return None
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else None


class MachineTranslatedField(forms.MultipleChoiceField):
    """``machine_translated`` as one check box per language column: "title (简体中文)"."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, model, **kwargs):
        kwargs.setdefault("label", _("Machine-translated"))
        kwargs.setdefault(
            "help_text",
            _(
                "Tick each text that came from machine translation and has not been checked by a person: "
                "readers see a “Machine translation” marker beside it."
            ),
        )
        super().__init__(choices=provenance.column_choices(model), required=False, **kwargs)


class TranslationProvenanceAdminMixin:
    """Every admin and inline of a translated model edits its provenance with check boxes; a
    change form shows them in their own fieldset, after the content."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == provenance.FIELD and provenance.has_provenance(self.model):
            return MachineTranslatedField(model=self.model)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if isinstance(self, InlineModelAdmin) or not any(
            provenance.FIELD in options["fields"] for _name, options in fieldsets
        ):
            return fieldsets
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != provenance.FIELD]})
            for name, options in fieldsets
        ]
        return [
            *[(name, options) for name, options in fieldsets if options["fields"]],
            (_("Translation provenance"), {"fields": [provenance.FIELD]}),
        ]


class ContentAdmin(
    BackOfficeFormMixin,
    AuditedAdminMixin,
    TranslationProvenanceAdminMixin,
    MissingTranslationAdminMixin,
    SimpleHistoryAdmin,
    TabbedTranslationAdmin,
):
    """Admin of a bilingual content model: tabs per language, history, audit metadata.

    ``checkbox_fields`` names many-to-many fields to a short fixed list (services, stages),
    shown as check boxes rather than a select box.
    """

    list_per_page = 50
    history_list_per_page = 50
    paginator = EstimatedCountPaginator
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    checkbox_fields: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ContentInline(FieldPolicyFieldsMixin, TranslationProvenanceAdminMixin, TranslationStackedInline):
    """Stacked, not tabular: a row of translated fields (two languages each) made the technology form
    1,646 px wide; stacked, each field has its own label and the form fits at 1280 px."""

    extra = 0


@dataclass(frozen=True)
class WorkflowButton:
    name: str
    label: object
    #: "default" for the one main way forward, "" for the others, "negative" for a step that ends or
    #: refuses the record (shown apart, after the others).
    style: str = ""
    #: A step with a page of its own (a form asking for more) is a link there, not a posted button.
    url: str = ""

    @property
    def negative(self) -> bool:
        return self.style == "negative"


class WorkflowAdminMixin:
    """Status-changing buttons on the change form, each calling one service.

    Subclasses name the buttons open to the user for an object (``get_workflow_buttons``) and run one
    (``run_workflow``, which raises ``ValidationError`` to refuse). The buttons post to
    ``<id>/workflow/`` with the version the page showed, so a button never acts on a record that
    changed since the page was opened.
    """

    change_form_template = "admin/haidian/workflow_change_form.html"
    #: The services of the model's declared status transitions (name -> service), in the order offered.
    transition_services: dict = {}

    def get_workflow_buttons(self, request, obj) -> list[WorkflowButton]:
        return []

    def declared_buttons(self, request, obj) -> list[WorkflowButton]:
        """A button per declared transition open from the status and to this user, in workflow order."""
        order = list(self.transition_services)
        open_transitions = sorted(
            obj.get_available_user_status_transitions(request.user), key=lambda t: order.index(t.name)
        )
        return [
            WorkflowButton(t.name, t.custom["button"], "default" if t.custom.get("primary") else "")
            for t in open_transitions
        ]

    def run_workflow(self, request, obj, name: str, reason: str) -> str:
        raise NotImplementedError

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.has_change_permission(request, obj):
            buttons = self.get_workflow_buttons(request, obj)
            context["workflow_buttons"] = buttons
            context["workflow_negative"] = [button for button in buttons if button.negative]
            context["workflow_url"] = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_workflow",
                args=[quote(obj.pk)],
            )
            context["workflow_token"] = concurrency_token_for(getattr(obj, "updated_at", None))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
        )
        name = request.POST.get("workflow", "")
        if name not in {b.name for b in self.get_workflow_buttons(request, obj) if not b.url}:
            self.message_user(request, _("That step is not open to you for this record."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.POST.get(CONCURRENCY_FIELD, "") != concurrency_token_for(getattr(obj, "updated_at", None)):
            self.message_user(
                request,
                _("The record changed after you opened it; nothing was done. Check it and try again."),
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        reason = request.POST.get("reason", "").strip()[:80]
        try:
            message = self.run_workflow(request, obj, name, reason)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(change_url)


class ImportExportBase(ImportTemplateMixin, ImportExportMixin):
    """CSV and XLSX import (a bilingual template, preview, every bad cell reported) and export in the
    template's columns; CSV is written with a BOM so Excel reads Chinese. Resources receive the
    requesting user (agency editors import only into their own agency) and the fields the user's
    role may not change or see."""

    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    to_encoding = "utf-8-sig"
    from_encoding = "utf-8-sig"

    def get_resource_kwargs(self, request, *args, **kwargs):
        # The field policy goes with the file: a column the role may not change is refused, one
        # it may not see is not exported.
        return {
            **super().get_resource_kwargs(request, *args, **kwargs),
            "user": request.user,
            "locked_fields": self.locked_fields(request),
            "hidden_fields": self.hidden_fields(request),
        }

    def get_import_data_kwargs(self, **kwargs):
        # The confirm step imports for real, and the library rolls back there only on exceptions:
        # a row that fails validation would leave the rows before it saved.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        # A confirmed import that failed part-way was undone whole (IMPORT_EXPORT_USE_TRANSACTIONS):
        # say so, and log no additions or changes for rows that are not there.
        if result.has_errors() or result.has_validation_errors():
            failed = [error.row for error in getattr(result, "cell_errors", ())]
            self.message_user(
                request,
                _(
                    "Nothing was imported: %(count)d row(s) failed (first: row %(row)s), so the whole file "
                    "was undone. Correct the file and import it again."
                )
                % {"count": len(set(failed)) or 1, "row": min(failed) if failed else "—"},
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import")
            )
        return super().process_result(result, request)


def match_rows(request, matches, attribute: str) -> list[dict]:
    """Matches from the matching services as rows for ``admin/haidian/matches.html``.

    Center staff get a link to the record's admin page; an agency editor, who may not open other
    agencies' records, gets the public page instead.
    """
    rows = []
    for match in matches:
        obj = getattr(match, attribute)
        if is_center_staff(request.user):
            url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[quote(obj.pk)])
        else:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        rows.append(
            {
                "object": obj,
                "url": url,
                "score": match.score,
                "fits": getattr(match, "fits", None),
                "reasons": match.reasons,
            }
        )
    return rows
