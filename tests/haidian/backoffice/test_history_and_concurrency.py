"""History with user and reason, diffs and revert; concurrent edits refused."""

import pytest
from django.urls import reverse

from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db


def organization_form(organization, **changes):
    data = {
        "slug": organization.slug,
        "name_en": organization.name_en,
        "name_zh_hans": organization.name_zh_hans,
        "kind": organization.kind,
        "country": "CN",
        "city_en": "Beijing",
        "city_zh_hans": "北京",
        "website": "",
        "description_en": "",
        "description_zh_hans": "",
        "change_reason": "",
    }
    return {**data, **changes}


def open_form(client, url):
    """The form data a browser would post back: including the hidden version token."""
    form = client.get(url).context["adminform"].form
    return form, form["concurrency_token"].value()


def test_a_post_without_the_version_token_is_refused_and_changes_nothing(admin_client):
    organization = factories.OrganizationFactory(name_en="Original Ltd.")
    url = reverse("admin:haidian_organization_change", args=[organization.pk])

    response = admin_client.post(url, organization_form(organization, name_en="Scripted Ltd."))

    assert response.status_code == 200
    assert "sent without its version" in response.content.decode()
    organization.refresh_from_db()
    assert organization.name_en == "Original Ltd."


def test_reason_and_user_are_recorded_with_the_chinese_change(admin_client, admin_user):
    organization = factories.OrganizationFactory(name_zh_hans="旧名称")
    url = reverse("admin:haidian_organization_change", args=[organization.pk])
    _form, token = open_form(admin_client, url)
    response = admin_client.post(
        url,
        organization_form(
            organization,
            name_zh_hans="新名称",
            change_reason="Corrected the Chinese name",
            concurrency_token=token,
        ),
    )
    assert response.status_code == 302
    latest = organization.history.first()
    assert (latest.name_zh_hans, latest.history_user, latest.history_change_reason) == (
        "新名称",
        admin_user,
        "Corrected the Chinese name",
    )


def test_history_page_shows_the_differences(admin_client):
    technology = factories.TechnologyFactory(title_zh_hans="旧标题")
    technology.title_zh_hans = "新的芯片技术"
    technology._change_reason = "Better title"
    technology.save()
    html = admin_client.get(
        reverse("admin:listings_technology_history", args=[technology.pk])
    ).content.decode()
    assert "Better title" in html
    assert "旧标题" in html and "新的芯片技术" in html


def test_revert_restores_an_earlier_version_and_records_it(admin_client, admin_user):
    organization = factories.OrganizationFactory(name_zh_hans="原来的名称")
    first_version = organization.history.first()
    organization.name_zh_hans = "错误的名称"
    organization.save()

    url = reverse(
        "admin:haidian_organization_simple_history", args=[organization.pk, first_version.history_id]
    )
    form, token = open_form(admin_client, url)
    assert form["name_zh_hans"].value() == "原来的名称"
    response = admin_client.post(
        url, organization_form(organization, name_zh_hans="原来的名称", concurrency_token=token)
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name_zh_hans == "原来的名称"
    latest = organization.history.first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason.startswith("Reverted to the version of")


def test_the_later_of_two_concurrent_saves_is_refused(admin_user):
    other_admin = factories.UserFactory(username="second-admin", is_staff=True, is_superuser=True)
    first, second = login(admin_user), login(other_admin)
    organization = factories.OrganizationFactory(name_en="Original Ltd.")
    url = reverse("admin:haidian_organization_change", args=[organization.pk])
    _, token_first = open_form(first, url)
    _, token_second = open_form(second, url)

    saved = first.post(
        url, organization_form(organization, name_en="First edit Ltd.", concurrency_token=token_first)
    )
    assert saved.status_code == 302
    refused = second.post(
        url, organization_form(organization, name_en="Second edit Ltd.", concurrency_token=token_second)
    )
    assert refused.status_code == 200
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "admin changed this record" in message and "Your changes were not saved" in message
    organization.refresh_from_db()
    assert organization.name_en == "First edit Ltd."


def test_a_workflow_action_in_between_makes_an_open_form_stale(admin_client, admin_user):
    technology = factories.TechnologyFactory()
    url = reverse("admin:listings_technology_change", args=[technology.pk])
    form, token = open_form(admin_client, url)
    admin_client.post(
        reverse("admin:listings_technology_changelist"),
        {"action": "verify_selected", "_selected_action": [technology.pk]},
    )
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"concurrency_token": token, "title_en": "Overwrite", "attachments-TOTAL_FORMS": 0})
    data.update({"attachments-INITIAL_FORMS": 0, "benefits-TOTAL_FORMS": 0, "benefits-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    technology.refresh_from_db()
    assert technology.title_en != "Overwrite"


def test_list_editable_respects_concurrent_edits(admin_client):
    attachment = factories.AttachmentFactory(position=1)
    url = reverse("admin:listings_attachment_changelist")
    page = admin_client.get(url)
    formset = page.context["cl"].formset
    assert 'name="form-0-concurrency_token"' in page.content.decode()
    token = formset.forms[0]["concurrency_token"].value()

    attachment.position = 5
    attachment.save()  # someone else, meanwhile

    response = admin_client.post(
        url,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": attachment.pk,
            "form-0-is_public": "on",
            "form-0-position": 9,
            "form-0-concurrency_token": token,
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    attachment.refresh_from_db()
    assert attachment.position == 5


def test_list_editable_saves_with_a_current_token(admin_client):
    attachment = factories.AttachmentFactory(position=1)
    url = reverse("admin:listings_attachment_changelist")
    token = admin_client.get(url).context["cl"].formset.forms[0]["concurrency_token"].value()
    response = admin_client.post(
        url,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": attachment.pk,
            "form-0-position": 9,
            "form-0-concurrency_token": token,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.position == 9 and attachment.is_public is False


def test_workflow_button_with_a_stale_page_does_nothing(admin_client):
    technology = factories.TechnologyFactory(status="in_review", published_at=None)
    url = reverse("admin:listings_technology_change", args=[technology.pk])
    token = admin_client.get(url).context["workflow_token"]
    technology.title_en = "Edited meanwhile"
    technology.save()
    response = admin_client.post(
        reverse("admin:listings_technology_workflow", args=[technology.pk]),
        {"workflow": "publish", "concurrency_token": token},
        follow=True,
    )
    technology.refresh_from_db()
    assert technology.status == "in_review"
    assert "The record changed after you opened it" in response.content.decode()
