"""Agency scoping and the field policy as rules on their own (haidian.backoffice.scoping,
field_policy): stand-in users and records, no database, so mutation testing can run them often.
The admin's paths are tested end to end in tests/admin."""

from types import SimpleNamespace

import pytest

from haidian.backoffice import scoping
from haidian.backoffice.field_policy import AGENCY_EDITOR, CENTER, LENDER_STAFF, FieldPolicy, role_of, without


class Rows:
    """A stand-in for a related manager: ``filter(...).exists()`` and ``values_list(...).first()``."""

    def __init__(self, groups=(), agency_ids=()):
        self.groups, self.agency_ids, self.asked = list(groups), list(agency_ids), []

    def filter(self, **lookup):
        self.asked.append(lookup)
        return SimpleNamespace(exists=lambda: lookup.get("name") in self.groups)

    def values_list(self, *fields, flat=False):
        self.asked.append((fields, flat))
        return SimpleNamespace(first=lambda: self.agency_ids[0] if self.agency_ids else None)


def user(*, authenticated=True, active=True, superuser=False, groups=(), agency_ids=(), lender_ids=()):
    rows = Rows(groups, agency_ids)
    return SimpleNamespace(
        is_authenticated=authenticated,
        is_active=active,
        is_superuser=superuser,
        groups=rows,
        agency_memberships=rows,
        lender_memberships=Rows(groups, lender_ids),
    )


# Each user is made inside the test: agency_scope caches its answer on the user object.
@pytest.mark.parametrize(
    ("kind", "unrestricted", "agency_id"),
    [
        ({"superuser": True}, True, None),
        ({"groups": [scoping.CENTER_ADMIN_GROUP]}, True, None),
        ({"groups": [scoping.AGENCY_EDITOR_GROUP], "agency_ids": [7]}, False, 7),
        ({"groups": ["Some other group"], "agency_ids": [7]}, False, 7),
        # Fail closed: no membership, signed out or deactivated sees no agency's records.
        ({"groups": [scoping.AGENCY_EDITOR_GROUP]}, False, None),
        ({"authenticated": False, "superuser": True, "groups": [scoping.CENTER_ADMIN_GROUP]}, False, None),
        ({"active": False, "superuser": True, "agency_ids": [7]}, False, None),
    ],
)
def test_agency_scope_of_each_kind_of_user(kind, unrestricted, agency_id):
    someone = user(**kind)
    scope = scoping.agency_scope(someone)
    assert scope == scoping.AgencyScope(unrestricted=unrestricted, agency_id=agency_id)
    assert scoping.is_center_staff(someone) is unrestricted
    assert scoping.user_agency_id(someone) == agency_id


def test_agency_scope_asks_the_database_once_per_user():
    editor = user(agency_ids=[7])
    scoping.agency_scope(editor)
    asked = list(editor.groups.asked)
    assert asked == [{"name": scoping.CENTER_ADMIN_GROUP}, (("agency_id",), True)]
    assert scoping.agency_scope(editor).agency_id == 7
    assert editor.groups.asked == asked


class Query:
    def __init__(self):
        self.calls = []

    def none(self):
        self.calls.append("none")
        return self

    def filter(self, **lookup):
        self.calls.append(lookup)
        return self


@pytest.mark.parametrize(
    ("kind", "calls"),
    [
        ({"superuser": True}, []),
        ({"agency_ids": [7]}, [{"technology__agency": 7}]),
        ({}, ["none"]),
    ],
)
def test_scope_queryset_narrows_to_the_users_agency(kind, calls):
    query = Query()
    assert scoping.scope_queryset(query, user(**kind), "technology__agency") is query
    assert query.calls == calls


def test_object_agency_id_follows_the_lookup():
    agency = SimpleNamespace(pk=3)
    technology = SimpleNamespace(agency_id=3, agency=agency)
    attachment = SimpleNamespace(technology=technology)
    assert scoping.object_agency_id(agency, "pk") == 3
    assert scoping.object_agency_id(technology, "agency") == 3
    assert scoping.object_agency_id(attachment, "technology__agency") == 3
    assert scoping.object_agency_id(SimpleNamespace(technology=None), "technology__agency") is None
    assert scoping.object_agency_id(SimpleNamespace(), "technology__agency") is None  # no such step
    assert scoping.object_agency_id(SimpleNamespace(), "agency") is None


def test_in_scope_only_for_the_users_own_agency_or_center_staff():
    ours, theirs = SimpleNamespace(agency_id=7), SimpleNamespace(agency_id=8)
    editor = user(agency_ids=[7])
    assert scoping.in_scope(editor, ours, "agency") is True
    assert scoping.in_scope(editor, theirs, "agency") is False
    assert scoping.in_scope(user(superuser=True), theirs, "agency") is True
    # An unattached user matches no record, not even one without an agency.
    assert scoping.in_scope(user(), SimpleNamespace(agency_id=None), "agency") is False


def test_role_of_a_user():
    assert role_of(user(superuser=True)) == CENTER
    assert role_of(user(groups=[scoping.CENTER_ADMIN_GROUP])) == CENTER
    assert role_of(user(agency_ids=[7])) == AGENCY_EDITOR
    assert role_of(user(lender_ids=[3])) == LENDER_STAFF
    assert role_of(user(groups=[scoping.LENDER_STAFF_GROUP])) == LENDER_STAFF


@pytest.mark.parametrize(
    ("kind", "unrestricted", "lender_id"),
    [
        ({"superuser": True, "lender_ids": [3]}, True, None),
        ({"groups": [scoping.CENTER_ADMIN_GROUP]}, True, None),
        # Not lender staff: not narrowed by the lender scope (their permissions decide).
        ({"groups": [scoping.AGENCY_EDITOR_GROUP], "agency_ids": [7]}, True, None),
        ({"groups": [scoping.LENDER_STAFF_GROUP], "lender_ids": [3]}, False, 3),
        ({"lender_ids": [3]}, False, 3),
        # Fail closed: in the group without a membership, signed out or deactivated.
        ({"groups": [scoping.LENDER_STAFF_GROUP]}, False, None),
        ({"authenticated": False, "lender_ids": [3]}, False, None),
        ({"active": False, "lender_ids": [3]}, False, None),
    ],
)
def test_lender_scope_of_each_kind_of_user(kind, unrestricted, lender_id):
    someone = user(**kind)
    scope = scoping.lender_scope(someone)
    assert (scope.unrestricted, scope.lender_id) == (unrestricted, lender_id)
    assert scoping.is_lender_staff(someone) is not unrestricted
    assert scoping.user_lender_id(someone) == lender_id
    assert scoping.lender_scope(someone) is scope  # computed once per user object


def test_field_policy_per_role_and_without():
    policy = FieldPolicy(
        readonly={AGENCY_EDITOR: ["status", "published_at"]}, hidden={AGENCY_EDITOR: ["internal_notes"]}
    )
    assert policy.readonly_for(AGENCY_EDITOR) == ("status", "published_at")
    assert policy.hidden_for(AGENCY_EDITOR) == ("internal_notes",)
    assert policy.readonly_for(CENTER) == () and policy.hidden_for(CENTER) == ()
    assert FieldPolicy().workflow == ()
    names = ["title", "internal_notes", "internal_notes__startswith", "status__in", "notes"]
    assert without(names, ["internal_notes", "status"]) == ["title", "notes"]
    assert without(iter(names), iter(["title"])) == names[1:]
    # A lookup through a relation is matched on its first part too: hiding the owner hides its name.
    assert without(["owner__name_en__icontains", "title"], ["owner"]) == ["title"]


class Filters:
    def get_list_filter(self, request):
        return ["status", ("agency", "AgencyListFilter"), ("sectors", "SectorFilter"), "agency"]


class ScopedFilters(scoping.AgencyScopedAdminMixin, Filters):
    pass


def test_an_agency_editor_gets_no_agency_filter_in_either_form():
    editor, center = SimpleNamespace(user=user(agency_ids=[7])), SimpleNamespace(user=user(superuser=True))
    assert ScopedFilters().get_list_filter(editor) == ["status", ("sectors", "SectorFilter")]
    assert ScopedFilters().get_list_filter(center) == Filters().get_list_filter(center)


class Columns:
    def get_list_display(self, request):
        return ["title", "agency", "status"]


class ScopedColumns(scoping.AgencyScopedAdminMixin, Columns):
    pass


def test_an_agency_editor_gets_every_column_but_the_agency():
    """Every record in an editor's list is their own agency's: that column would say nothing."""
    editor, center = SimpleNamespace(user=user(agency_ids=[7])), SimpleNamespace(user=user(superuser=True))
    assert ScopedColumns().get_list_display(editor) == ["title", "status"]
    assert ScopedColumns().get_list_display(center) == ["title", "agency", "status"]


class Permissions:
    """The admin's own answer: the role's permission, and a record-level rule of its own (``locked``)."""

    def __init__(self, allowed=True):
        self.allowed = allowed

    def _answer(self, obj):
        return self.allowed and not getattr(obj, "locked", False)

    def has_view_permission(self, request, obj=None):
        return self._answer(obj)

    def has_change_permission(self, request, obj=None):
        return self._answer(obj)

    def has_delete_permission(self, request, obj=None):
        return self._answer(obj)


class ScopedPermissions(scoping.AgencyScopedAdminMixin, Permissions):
    pass


@pytest.mark.parametrize("action", ["view", "change", "delete"])
def test_object_permissions_need_both_the_admins_answer_and_the_agency_scope(action):
    """Defence in depth: the changelist and get_object already leave other agencies' records out, so
    only a direct check shows the permission itself holds the rule."""
    request = SimpleNamespace(user=user(agency_ids=[7]))
    ours, theirs = SimpleNamespace(agency_id=7), SimpleNamespace(agency_id=8)
    locked = SimpleNamespace(agency_id=7, locked=True)

    def may(admin, obj=None):
        return getattr(admin, f"has_{action}_permission")(request, obj)

    assert may(ScopedPermissions(), ours) is True
    assert may(ScopedPermissions()) is True  # the list, no record
    assert may(ScopedPermissions(), theirs) is False  # out of scope
    assert may(ScopedPermissions(), locked) is False  # the admin's own record rule still holds
    assert may(ScopedPermissions(allowed=False), ours) is False  # the role lacks the permission
