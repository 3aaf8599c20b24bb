"""Login lockout, the admin in Chinese, the role groups from the data migration, the admin's CSP."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP, CENTER_ADMIN_GROUP
from tests import factories

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")
User = get_user_model()


def test_axes_locks_out_repeated_failures(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    factories.StaffUserFactory(username="clerk")  # password: correct horse battery staple
    for _ in range(3):
        client.post(LOGIN, {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    locked = client.post(
        LOGIN, {"username": "clerk", "password": "correct horse battery staple"}, REMOTE_ADDR="198.51.100.7"
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_correct_password_logs_in_before_the_limit(client, settings):
    settings.AXES_ENABLED = True
    factories.StaffUserFactory(username="clerk2")
    client.post(LOGIN, {"username": "clerk2", "password": "wrong"}, REMOTE_ADDR="198.51.100.8")
    # The admin's login form posts `next` (the admin index) with the credentials.
    form = {"username": "clerk2", "password": "correct horse battery staple", "next": reverse("admin:index")}
    response = client.post(LOGIN, form, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.session["_auth_user_id"] == str(User.objects.get(username="clerk2").pk)


def test_admin_works_in_chinese(admin_client):
    html = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="zh-hans"' in html
    assert "注销" in html  # Django's own "Log out"


def test_groups_have_sensible_permissions():
    center = set(Group.objects.get(name=CENTER_ADMIN_GROUP).permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name=AGENCY_EDITOR_GROUP).permissions.values_list("codename", flat=True))
    assert {"add_agency", "delete_technology", "change_financingproduct", "add_user"} <= center
    assert {"change_technology", "add_contract", "change_inquiry", "change_agency"} <= editor
    assert (
        not {"add_agency", "delete_agency", "delete_technology", "add_inquiry", "change_financingproduct"}
        & editor
    )


def test_admin_has_its_own_policy_and_the_public_site_keeps_the_strict_one(admin_client, client):
    admin_policy = admin_client.get(reverse("admin:index"))["Content-Security-Policy"]
    assert "default-src 'self'" in admin_policy and "frame-ancestors 'self'" in admin_policy
    assert "http" not in admin_policy  # no outside origin, no CDN
    for path in ("/en/", "/no-such-page/"):
        public_policy = client.get(path)["Content-Security-Policy"]  # KeyError when a page has none
        assert "default-src 'self'" in public_policy, path
        assert "script-src 'self'" in public_policy and "'unsafe-inline'" not in public_policy, path
        assert public_policy != admin_policy, path


def test_rich_text_editor_assets_are_ours(admin_client):
    html = admin_client.get(reverse("admin:listings_technology_add")).content.decode()
    assert "django_prose_editor" in html or "prose-editor" in html
    assert "cdn" not in html.lower() and "googleapis" not in html
