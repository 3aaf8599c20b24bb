"""Who sees what in the back office: center staff see everything, agency editors their own agency,
lender staff their own lender's financing records.

A user is *center staff* when they are a superuser or in the "Center administrator" group.
Any other staff user is scoped to the agency of their ``AgencyMember`` row; a staff user who is
neither (no membership, no center group) sees no agency-owned record at all (fail closed).

Lender-owned records (financing products and the inquiries about them) have a second scope: a
user with a ``LenderMember`` row, or in the "Lender staff" group, sees only their lender's (none
without a membership: fail closed). Other users are not narrowed by it: their permissions decide
(agency editors read financing products to find clients for them).
"""

from dataclasses import dataclass

from django.contrib.admin.utils import unquote
from django.http import Http404

CENTER_ADMIN_GROUP = "Center administrator"
AGENCY_EDITOR_GROUP = "Agency editor"
LENDER_STAFF_GROUP = "Lender staff"

_CACHE_ATTR = "_haidian_agency_scope"
_LENDER_CACHE_ATTR = "_haidian_lender_scope"


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


@dataclass(frozen=True)
class LenderScope:
    """``unrestricted`` for everyone but lender staff; for lender staff the one lender (or none)."""

    unrestricted: bool
    lender_id: int | None = None


def lender_scope(user) -> LenderScope:
    """The lender scope of ``user``, computed once per user object (at most two small queries
    beyond the agency scope)."""
    cached = getattr(user, _LENDER_CACHE_ATTR, None)
    if cached is not None:
        return cached
    if agency_scope(user).unrestricted:
        scope = LenderScope(unrestricted=True)
    elif not user.is_authenticated or not user.is_active:
        scope = LenderScope(unrestricted=False)
    else:
        lender_id = user.lender_memberships.values_list("lender_id", flat=True).first()
        if lender_id is None and not user.groups.filter(name=LENDER_STAFF_GROUP).exists():
            scope = LenderScope(unrestricted=True)
        else:
            scope = LenderScope(unrestricted=False, lender_id=lender_id)
    setattr(user, _LENDER_CACHE_ATTR, scope)
    return scope


def is_lender_staff(user) -> bool:
    return not lender_scope(user).unrestricted


def user_lender_id(user) -> int | None:
    """The lender a lender's staff member works for; ``None`` for everyone else."""
    return lender_scope(user).lender_id


def is_center_staff(user) -> bool:
    return agency_scope(user).unrestricted


def user_agency_id(user) -> int | None:
    """The agency an agency editor works for; ``None`` for center staff and unattached users."""
    return agency_scope(user).agency_id


def _narrow(queryset, scope: tuple[bool, int | None], lookup: str):
    unrestricted, owner_id = scope
    if unrestricted:
        return queryset
    if owner_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: owner_id})


def scope_queryset(queryset, user, agency_lookup: str):
    """``queryset`` narrowed to what ``user`` may see; ``agency_lookup`` leads from the model to its agency id
    (``"agency"``, ``"technology__agency"``, ``"pk"`` for the agency itself)."""
    scope = agency_scope(user)
    return _narrow(queryset, (scope.unrestricted, scope.agency_id), agency_lookup)


def scope_lender_queryset(queryset, user, lender_lookup: str):
    """``queryset`` narrowed to what ``user`` may see of lender-owned records; ``lender_lookup``
    leads from the model to its lender id (``"lender"``, ``"product__lender"``)."""
    scope = lender_scope(user)
    return _narrow(queryset, (scope.unrestricted, scope.lender_id), lender_lookup)


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


class ScopedAdminMixin:
    """Admin mixin for records owned by an agency or a lender (see the subclasses).

    Narrows the changelist, autocomplete results (they use the remote admin's ``get_queryset``),
    foreign-key and many-to-many choices pointing at other scoped models, object permissions, and
    answers 404 for another owner's change, delete and history URLs (the version pages and revert
    look the record up through ``get_object`` too). Bulk actions, list_editable, export and
    import start from ``get_queryset``. Which of its fields a role may see and change is the
    admin's ``field_policy`` (haidian.backoffice.field_policy).
    """

    #: The owner column and filter, which say nothing to a scoped user.
    owner_field = ""

    def owner_scope(self, user) -> tuple[bool, int | None]:
        """(unrestricted, the owner's id) for ``user``."""
        raise NotImplementedError

    def owner_lookup(self) -> str:
        raise NotImplementedError

    def _unrestricted(self, user) -> bool:
        return self.owner_scope(user)[0]

    def get_queryset(self, request):
        return _narrow(super().get_queryset(request), self.owner_scope(request.user), self.owner_lookup())

    def _related_scoped_admin(self, db_field):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if isinstance(related_admin, ScopedAdminMixin):
            return related_admin
        return None

    def get_field_queryset(self, db, db_field, request):
        related_admin = self._related_scoped_admin(db_field)
        if related_admin is not None and not related_admin._unrestricted(request.user):
            return related_admin.get_queryset(request)
        return super().get_field_queryset(db, db_field, request)

    def _object_in_scope(self, request, obj) -> bool:
        if obj is None:
            return True
        unrestricted, owner_id = self.owner_scope(request.user)
        return unrestricted or (
            owner_id is not None and object_agency_id(obj, self.owner_lookup()) == owner_id
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._object_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._object_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._object_in_scope(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Another owner's record and a missing one look the same: 404, not the admin's redirect.
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        # The history of another owner's record (or of one deleted since) is a 404 too; the
        # version pages look the record up through get_object, scoped like the change form.
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if self._unrestricted(request.user):
            return columns
        # A scoped user's records all belong to their own agency or lender: the column would say nothing.
        return [column for column in columns if column != self.owner_field]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if self._unrestricted(request.user):
            return filters
        # Filtering by owner would only show other owners' names.
        return [f for f in filters if (f[0] if isinstance(f, tuple | list) else f) != self.owner_field]


class AgencyScopedAdminMixin(ScopedAdminMixin):
    """For agency-owned models: ``agency_lookup`` leads from the model to its agency."""

    agency_lookup = "agency"
    owner_field = "agency"

    def owner_scope(self, user):
        scope = agency_scope(user)
        return scope.unrestricted, scope.agency_id

    def owner_lookup(self) -> str:
        return self.agency_lookup


class LenderScopedAdminMixin(ScopedAdminMixin):
    """For lender-owned financing records: ``lender_lookup`` leads from the model to its lender."""

    lender_lookup = "lender"
    owner_field = "lender"

    def owner_scope(self, user):
        scope = lender_scope(user)
        return scope.unrestricted, scope.lender_id

    def owner_lookup(self) -> str:
        return self.lender_lookup
