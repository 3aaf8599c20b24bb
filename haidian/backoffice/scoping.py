"""Who sees what in the back office: center staff see everything, agency editors their own agency.

A user is *center staff* when they are a superuser or in the "Center administrator" group.
Any other staff user is scoped to the agency of their ``AgencyMember`` row; a staff user who is
neither (no membership, no center group) sees no agency-owned record at all (fail closed).
"""

from dataclasses import dataclass

from django.contrib.admin.utils import unquote
from django.http import Http404

CENTER_ADMIN_GROUP = "Center administrator"
AGENCY_EDITOR_GROUP = "Agency editor"

_CACHE_ATTR = "_haidian_agency_scope"


@dataclass(frozen=True)
class AgencyScope:
    """``unrestricted`` for center staff; otherwise the one agency (or none) the user works for."""

    unrestricted: bool
    agency_id: int | None = None


def agency_scope(user) -> AgencyScope:
    """The scope of ``user``, computed once per user object (at most two small queries)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = AgencyScope(unrestricted=False)
    elif user.is_superuser or user.groups.filter(name=CENTER_ADMIN_GROUP).exists():
        scope = AgencyScope(unrestricted=True)
    else:
        agency_id = user.agency_memberships.values_list("agency_id", flat=True).first()
        scope = AgencyScope(unrestricted=False, agency_id=agency_id)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def is_center_staff(user) -> bool:
    return agency_scope(user).unrestricted


def user_agency_id(user) -> int | None:
    """The agency an agency editor works for; ``None`` for center staff and unattached users."""
    return agency_scope(user).agency_id


def scope_queryset(queryset, user, agency_lookup: str):
    """``queryset`` narrowed to what ``user`` may see; ``agency_lookup`` leads from the model to its agency id
    (``"agency"``, ``"technology__agency"``, ``"pk"`` for the agency itself)."""
    scope = agency_scope(user)
    if scope.unrestricted:
        return queryset
    if scope.agency_id is None:
        return queryset.none()
    return queryset.filter(**{agency_lookup: scope.agency_id})


def object_agency_id(obj, agency_lookup: str):
    """Follow ``agency_lookup`` on an instance (``technology__agency`` -> obj.technology.agency_id)."""
    if agency_lookup == "pk":
        return obj.pk
    *path, last = agency_lookup.split("__")
    for step in path:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def in_scope(user, obj, agency_lookup: str) -> bool:
    scope = agency_scope(user)
    if scope.unrestricted:
        return True
    return scope.agency_id is not None and object_agency_id(obj, agency_lookup) == scope.agency_id


class AgencyScopedAdminMixin:
    """Admin mixin for agency-owned models.

    Narrows the changelist, autocomplete results (they use the remote admin's ``get_queryset``),
    foreign-key and many-to-many choices pointing at other scoped models, object permissions,
    and answers 404 for another agency's change, delete and history URLs. Which of its fields an
    agency editor may see and change is the admin's ``field_policy`` (haidian.backoffice.field_policy).
    """

    agency_lookup = "agency"

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, self.agency_lookup)

    def _related_scoped_admin(self, db_field):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if isinstance(related_admin, AgencyScopedAdminMixin):
            return related_admin
        return None

    def get_field_queryset(self, db, db_field, request):
        related_admin = self._related_scoped_admin(db_field)
        if related_admin is not None and not is_center_staff(request.user):
            return related_admin.get_queryset(request)
        return super().get_field_queryset(db, db_field, request)

    def _object_in_scope(self, request, obj) -> bool:
        return obj is None or in_scope(request.user, obj, self.agency_lookup)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._object_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._object_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._object_in_scope(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Another agency's record and a missing one look the same: 404, not the admin's redirect.
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        # The history of another agency's record (or of one deleted since) is a 404 too; the
        # version pages look the record up through get_object, scoped like the change form.
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if is_center_staff(request.user):
            return columns
        # An agency editor's records all belong to their own agency: the column would say nothing.
        return [column for column in columns if column != "agency"]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if is_center_staff(request.user):
            return filters
        # An agency editor filtering by agency would only see other agencies' names.
        return [f for f in filters if (f[0] if isinstance(f, tuple | list) else f) != "agency"]
