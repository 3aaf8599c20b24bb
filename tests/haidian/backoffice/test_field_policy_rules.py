"""The field policy on the changelist's own paths (haidian.backoffice.field_policy_admin), as rules on
their own: admins on the real models, stand-in users, no database, so mutation testing can run them
often. The admin pages are tested end to end in test_revert_and_field_policy.py."""

from types import SimpleNamespace

import pytest
from django.contrib import admin

from haidian.backoffice.field_policy import AGENCY_EDITOR, FieldPolicy
from haidian.backoffice.field_policy_admin import FieldPolicyAdminMixin
from listings.models import Attachment, Technology
from tests.haidian.backoffice.test_scoping_rules import user


def editor(**attributes):
    return SimpleNamespace(user=user(agency_ids=[7]), **attributes)


def center():
    return SimpleNamespace(user=user(superuser=True))


class TechnologyForm(FieldPolicyAdminMixin, admin.ModelAdmin):
    readonly_fields = ("search_document", "slug")
    exclude = ("keywords",)
    fieldsets = [
        (None, {"fields": ["title", "slug", "internal_notes"], "classes": ["wide"]}),
        ("Dates", {"fields": ["status", "published_at", "expires_at"]}),
    ]
    prepopulated_fields = {"slug": ("title",), "summary": ("title",)}
    field_policy = FieldPolicy(
        readonly={AGENCY_EDITOR: ("slug", "published_at", "summary")},
        hidden={AGENCY_EDITOR: ("internal_notes",)},
        workflow=("status", "published_at"),
    )


def form_admin():
    return TechnologyForm(Technology, admin.AdminSite())


def test_the_change_form_hides_and_locks_what_the_role_may_not_see_or_change():
    assert form_admin().hidden_fields(editor()) == ("internal_notes",)
    assert form_admin().hidden_fields(center()) == ()
    # The admin's own read-only fields first, then the role's, each once.
    assert form_admin().get_readonly_fields(editor()) == (
        "search_document",
        "slug",
        "published_at",
        "summary",
    )
    assert form_admin().get_readonly_fields(center()) == ("search_document", "slug")
    assert form_admin().get_exclude(editor()) == ("keywords", "internal_notes")
    assert form_admin().get_exclude(center()) == ("keywords",)
    assert form_admin().get_fieldsets(editor()) == [
        (None, {"fields": ["title", "slug"], "classes": ["wide"]}),
        ("Dates", {"fields": ["status", "published_at", "expires_at"]}),
    ]
    assert form_admin().get_fieldsets(center()) == TechnologyForm.fieldsets


def test_revert_never_restores_the_workflows_fields_whoever_reverts():
    assert form_admin().get_readonly_fields(editor(_haidian_reverting=True)) == (
        "search_document",
        "slug",
        "published_at",
        "summary",
        "status",
    )
    reverting_center = SimpleNamespace(user=user(superuser=True), _haidian_reverting=True)
    assert form_admin().get_readonly_fields(reverting_center) == (
        "search_document",
        "slug",
        "status",
        "published_at",
    )


def test_an_admin_with_nothing_to_exclude_excludes_nothing():
    assert AttachmentList(Attachment, admin.AdminSite()).get_exclude(center()) is None


def test_a_read_only_or_hidden_field_is_not_prepopulated():
    """A prepopulated field that is not in the form would fail the change page (KeyError)."""
    assert form_admin().get_prepopulated_fields(editor()) == {}
    assert form_admin().get_prepopulated_fields(center()) == {"summary": ("title",)}
    hiding = TechnologyForm(Technology, admin.AdminSite())
    hiding.field_policy = FieldPolicy(hidden={AGENCY_EDITOR: ("summary",)})
    assert hiding.get_prepopulated_fields(editor()) == {}


class AttachmentList(FieldPolicyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "is_public", "position")
    list_editable = ("is_public", "position")
    field_policy = FieldPolicy(readonly={AGENCY_EDITOR: ("is_public",)})


def test_list_editable_never_offers_a_field_the_role_may_not_change():
    """Django builds the changelist formset from the admin's ``list_editable``, not the changelist's:
    only the formset's ``exclude`` keeps a POST from changing a read-only field."""
    attachments = AttachmentList(Attachment, admin.AdminSite())
    assert list(attachments.get_changelist_formset(editor()).form.base_fields) == ["position"]
    assert list(attachments.get_changelist_formset(center()).form.base_fields) == ["is_public", "position"]


class FilteredList(FieldPolicyAdminMixin, admin.ModelAdmin):
    list_filter = ("status", "internal_notes", ("owner__country", admin.RelatedFieldListFilter), "agency")
    field_policy = FieldPolicy(hidden={AGENCY_EDITOR: ("internal_notes", "owner")})


def test_a_role_gets_no_filter_on_a_field_it_may_not_see():
    """A filter lists a field's values: on a hidden field, or through a hidden relation, it would show them."""
    filtered = FilteredList(Technology, admin.AdminSite())
    assert filtered.get_list_filter(editor()) == ["status", "agency"]
    assert filtered.get_list_filter(center()) == list(FilteredList.list_filter)


class TechnologyList(FieldPolicyAdminMixin, admin.ModelAdmin):
    list_filter = ("status", "agency", ("transaction_types", admin.RelatedFieldListFilter))
    date_hierarchy = "published_at"


@pytest.mark.parametrize(
    ("lookup", "allowed"),
    [
        ("status", True),
        ("status__exact", True),
        ("status__in", True),
        ("status__startswith", False),  # a lookup no filter offers
        ("status__exact__in", False),
        ("agency", True),
        ("agency__id", True),
        ("agency__id__exact", True),
        ("agency__pk__exact", True),
        ("agency__id__startswith", False),
        ("agency__name_en__startswith", False),  # a field of the related record, not the filter's
        ("transaction_types__code__exact", True),  # a primary key not named id
        ("transaction_types__pk__in", True),
        ("published_at__year", True),
        ("published_at__year__gte", False),
        ("internal_notes__startswith", False),  # a field no filter offers
    ],
)
def test_a_changelist_accepts_only_its_filters_lookups(lookup, allowed):
    assert TechnologyList(Technology, admin.AdminSite()).lookup_allowed(lookup, "x", center()) is allowed
