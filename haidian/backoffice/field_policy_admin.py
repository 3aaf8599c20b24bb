"""The back office reads the field policy (haidian.backoffice.field_policy) on every path a model admin
offers: change forms and inlines, list columns, list_editable, filters and search, the lookups a
changelist accepts, and history diffs. Revert is in :class:`haidian.backoffice.base.BackOfficeFormMixin`."""

from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404

from haidian.backoffice.field_policy import FieldPolicy, role_of, without


def parse_id(model, value):
    """``value`` from a URL as ``model``'s primary key; a malformed one is a 404, never a database error."""
    try:
        return model._meta.pk.to_python(unquote(value))
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None


#: What may follow a filter's field path in a changelist parameter (``status__exact``,
#: ``agency__id__exact``, ``published_at__gte``, ``created_at__year``...).
FILTER_LOOKUPS = {"exact", "iexact", "in", "isnull", "gt", "gte", "lt", "lte", "year", "month", "day"}


class FieldPolicyFieldsMixin:
    """Change forms and inlines read the role's :class:`~haidian.backoffice.field_policy.FieldPolicy`:
    hidden fields are left out, read-only ones shown but not editable (and not prepopulated)."""

    field_policy = FieldPolicy()

    def hidden_fields(self, request) -> tuple[str, ...]:
        return self.field_policy.hidden_for(role_of(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        extra = list(self.field_policy.readonly_for(role_of(request.user)))
        if getattr(request, "_haidian_reverting", False):
            extra += self.field_policy.workflow
        return (*fields, *(f for f in dict.fromkeys(extra) if f not in fields))

    def get_exclude(self, request, obj=None):
        exclude = (*(super().get_exclude(request, obj) or ()), *self.hidden_fields(request))
        return exclude or None

    def get_fields(self, request, obj=None):
        return without(super().get_fields(request, obj), self.hidden_fields(request))

    def get_fieldsets(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [
            (name, {**options, "fields": without(options["fields"], hidden)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only slug is not in the form: prepopulating it would fail (KeyError).
        locked = {*self.get_readonly_fields(request, obj), *self.hidden_fields(request)}
        return {
            name: sources
            for name, sources in super().get_prepopulated_fields(request, obj).items()
            if name not in locked
        }


class FieldPolicyAdminMixin(FieldPolicyFieldsMixin):
    """A model admin reads the field policy on its lists too: columns, list_editable, filters,
    search, the lookups a changelist accepts, and the history diffs."""

    def get_list_display(self, request):
        return without(super().get_list_display(request), self.hidden_fields(request))

    def get_search_fields(self, request):
        return without(super().get_search_fields(request), self.hidden_fields(request))

    def get_list_filter(self, request):
        hidden = set(self.hidden_fields(request))
        return [f for f in super().get_list_filter(request) if _filter_path(f).split("__")[0] not in hidden]

    def locked_fields(self, request) -> list[str]:
        """What the role may not change: the form's read-only fields and the hidden ones."""
        return [*self.get_readonly_fields(request), *self.hidden_fields(request)]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        locked = self.locked_fields(request)
        changelist.list_editable = [name for name in changelist.list_editable if name not in locked]
        return changelist

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("exclude", self.locked_fields(request))
        return super().get_changelist_formset(request, **kwargs)

    def lookup_allowed(self, lookup, value, request=None):
        """Only the list's own filters and date hierarchy: Django lets any lookup on a local field
        through (``?internal_notes__startswith=D``), which answers yes or no about a field the
        list does not show. Parameters that name no field (a custom filter's) are Django's to judge."""
        if not super().lookup_allowed(lookup, value, request):
            return False
        try:
            self.model._meta.get_field(lookup.split("__", 1)[0])
        except FieldDoesNotExist:
            return True
        paths = [_filter_path(f) for f in self.get_list_filter(request)] + [self.date_hierarchy]
        return any(self._lookup_on_path(lookup, path) for path in paths if path)

    def _lookup_on_path(self, lookup: str, path: str) -> bool:
        if lookup == path:
            return True
        if not lookup.startswith(path + "__"):
            return False
        rest = lookup[len(path) + 2 :].split("__")
        target = get_fields_from_path(self.model, path)[-1]
        if target.is_relation and rest[0] in {"id", "pk", target.target_field.name}:
            rest = rest[1:]
        return len(rest) <= 1 and (not rest or rest[0] in FILTER_LOOKUPS)

    def history_view(self, request, object_id, extra_context=None):
        parse_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # simple-history's own loop, less the fields the role may not see.
        hidden = self.hidden_fields(request)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


def _filter_path(list_filter) -> str:
    """The field path of a ``list_filter`` entry; "" for a custom filter class (it names no field)."""
    if isinstance(list_filter, tuple | list):
        return list_filter[0]
    return list_filter if isinstance(list_filter, str) else ""
