"""No escalation through the account admin: superusers grant anything; a center administrator manages
agency staff accounts within its own rights; an agency editor manages no account at all."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from agencies.admin_accounts import AccountAdmin
from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP, CENTER_ADMIN_GROUP
from tests import factories
from tests.admin_forms import change_form_data
from tests.admin_users import login

pytestmark = pytest.mark.django_db
User = get_user_model()


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def post_change(client, user, **changes):
    page = client.get(change_url(user))
    assert page.status_code == 200
    return client.post(change_url(user), {**change_form_data(page), **changes})


def group(name):
    return Group.objects.get(name=name)


def test_a_center_administrator_cannot_make_itself_superuser(center_client, center_admin):
    assert center_client.get(change_url(center_admin)).context["has_change_permission"] is False  # read-only
    data = {"username": center_admin.username, "is_superuser": "on", "is_staff": "on", "is_active": "on"}
    assert center_client.post(change_url(center_admin), data).status_code == 403
    center_admin.refresh_from_db()
    assert not center_admin.is_superuser


def test_a_center_administrator_cannot_grant_superuser_status_or_single_permissions(
    center_client, make_editor
):
    editor = make_editor()
    delete_users = Permission.objects.get(codename="delete_user")
    form = center_client.get(change_url(editor)).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    response = post_change(center_client, editor, is_superuser="on", user_permissions=[delete_users.pk])
    assert response.status_code == 302  # saved, without what the form does not offer
    editor.refresh_from_db()
    assert not editor.is_superuser and not editor.user_permissions.exists()


def test_a_center_administrator_cannot_grant_the_center_group_or_a_stronger_one(center_client, make_editor):
    editor = make_editor()
    auditor = Group.objects.create(name="Auditor")
    auditor.permissions.add(Permission.objects.get(codename="delete_user"))
    for stronger in (group(CENTER_ADMIN_GROUP), auditor):
        response = post_change(center_client, editor, groups=[group(AGENCY_EDITOR_GROUP).pk, stronger.pk])
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["groups"]
    assert list(editor.groups.values_list("name", flat=True)) == [AGENCY_EDITOR_GROUP]


def test_saving_refuses_an_escalation_the_form_let_through(center_client, make_editor, monkeypatch):
    """Defence in depth: with the groups field left wide open, the save is still refused and undone."""
    monkeypatch.setattr(AccountAdmin, "formfield_for_manytomany", UserAdmin.formfield_for_manytomany)
    editor = make_editor()
    response = post_change(center_client, editor, groups=[group(CENTER_ADMIN_GROUP).pk], first_name="Changed")
    assert response.status_code == 403
    editor.refresh_from_db()
    assert list(editor.groups.values_list("name", flat=True)) == [AGENCY_EDITOR_GROUP]
    assert editor.first_name != "Changed"


def test_a_center_administrator_sets_up_an_agency_editor_account(center_client):
    response = center_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new-editor",
            "usable_password": "true",
            "password1": "Xk3!vq9#Lm2",
            "password2": "Xk3!vq9#Lm2",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="new-editor")
    response = post_change(center_client, account, is_staff="on", groups=[group(AGENCY_EDITOR_GROUP).pk])
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_staff and not account.is_superuser
    assert list(account.groups.values_list("name", flat=True)) == [AGENCY_EDITOR_GROUP]
    factories.AgencyMemberFactory(user=account)  # the membership is set on the agency's page


def test_a_center_administrator_resets_an_agency_editors_password_only(
    center_client, make_editor, admin_user
):
    editor = make_editor()
    password = {"password1": "Xk3!vq9#Lm2", "password2": "Xk3!vq9#Lm2"}
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    assert center_client.post(url, password).status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("Xk3!vq9#Lm2")
    other_center_admin = factories.StaffUserFactory(username="other-center-admin")
    other_center_admin.groups.add(group(CENTER_ADMIN_GROUP))
    for protected in (admin_user, other_center_admin):
        url = reverse("admin:auth_user_password_change", args=[protected.pk])
        assert center_client.post(url, password).status_code == 403
        assert center_client.get(change_url(protected)).context["has_change_permission"] is False
        assert center_client.post(change_url(protected), {"username": "renamed"}).status_code == 403
        protected.refresh_from_db()
        assert not protected.check_password("Xk3!vq9#Lm2")


def test_a_center_administrator_cannot_reactivate_a_stronger_account(center_client):
    """An inactive account holds no permissions for Django; its groups still count here."""
    dormant = factories.StaffUserFactory(username="dormant", is_active=False)
    dormant.groups.add(group(CENTER_ADMIN_GROUP))
    data = {"username": "dormant", "is_active": "on", "is_staff": "on"}
    assert center_client.post(change_url(dormant), data).status_code == 403
    dormant.refresh_from_db()
    assert not dormant.is_active


def test_groups_are_the_superusers_to_define(center_client, admin_client):
    editors = group(AGENCY_EDITOR_GROUP)
    url = reverse("admin:auth_group_change", args=[editors.pk])
    everything = list(Permission.objects.values_list("pk", flat=True))
    assert center_client.get(url).status_code == 200  # may look
    assert center_client.post(url, {"name": editors.name, "permissions": everything}).status_code == 403
    assert editors.permissions.count() < len(everything)
    assert center_client.post(reverse("admin:auth_group_add"), {"name": "Mine"}).status_code == 403
    response = admin_client.post(url, {"name": editors.name, "permissions": everything})
    assert response.status_code == 302 and editors.permissions.count() == len(everything)


def test_a_superuser_grants_superuser_status(admin_client, make_editor):
    editor = make_editor()
    assert post_change(admin_client, editor, is_superuser="on").status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser


def test_an_agency_editor_manages_no_account(make_editor):
    editor = make_editor()
    client = login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(change_url(editor)).status_code == 403
    assert (
        client.post(change_url(editor), {"username": editor.username, "is_superuser": "on"}).status_code
        == 403
    )
    editor.refresh_from_db()
    assert not editor.is_superuser
