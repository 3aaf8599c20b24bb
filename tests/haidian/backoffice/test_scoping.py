"""Agency editors see and change only their own agency's records; center staff see everything."""

import pytest
from django.urls import reverse

from listings.models import Attachment, Inquiry, InquiryStatus, Technology, TechnologyStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db

# model admin name -> how to make one record owned by ``agency``
OWNED = {
    "agencies_agency": lambda agency: agency,
    "agencies_agencymember": lambda agency: factories.AgencyMemberFactory(agency=agency),
    "listings_technology": lambda agency: factories.TechnologyFactory(agency=agency),
    "listings_attachment": lambda agency: factories.AttachmentFactory(technology__agency=agency),
    "listings_inquiry": lambda agency: factories.InquiryFactory(technology__agency=agency),
    "listings_contract": lambda agency: factories.ContractFactory(agency=agency),
}


@pytest.fixture
def two_agencies(make_editor):
    ours, theirs = factories.AgencyFactory(), factories.AgencyFactory()
    return ours, theirs, login(make_editor(ours))


@pytest.mark.parametrize("name", OWNED)
def test_changelist_shows_only_own_agency(two_agencies, name):
    ours, theirs, client = two_agencies
    mine, other = OWNED[name](ours), OWNED[name](theirs)
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert mine.pk in shown
    assert other.pk not in shown


# What an agency editor gets on the delete page of their own agency's record: 403 where the role
# may not delete that kind of record (listings are withdrawn by the center, never deleted by an
# agency: tests/data_safety), 200 (the confirmation) otherwise.
OWN_DELETE_STATUS = {
    "agencies_agency": 403,
    "agencies_agencymember": 403,
    "listings_technology": 403,
    "listings_attachment": 200,
    "listings_inquiry": 403,
    "listings_contract": 403,
}


@pytest.mark.parametrize("name", OWNED)
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_other_agency_urls_answer_404_and_own_ones_answer_as_the_role_allows(two_agencies, name, view):
    ours, theirs, client = two_agencies
    mine, other = OWNED[name](ours), OWNED[name](theirs)
    assert client.get(reverse(f"admin:{name}_{view}", args=[other.pk])).status_code == 404
    own_status = client.get(reverse(f"admin:{name}_{view}", args=[mine.pk])).status_code
    # The editor's own record always opens (change and history); a 403 there is a scoping bug.
    assert own_status == (OWN_DELETE_STATUS[name] if view == "delete" else 200), (name, view)


@pytest.mark.parametrize("name", OWNED)
def test_other_agency_history_version_answers_404(two_agencies, name):
    ours, theirs, client = two_agencies
    other = OWNED[name](theirs)
    version = other.history.first()
    url = reverse(f"admin:{name}_simple_history", args=[other.pk, version.history_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", OWNED)
def test_center_administrator_sees_every_agency(center_client, name):
    records = [OWNED[name](factories.AgencyFactory()) for _ in range(2)]
    response = center_client.get(reverse(f"admin:{name}_changelist"))
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert {r.pk for r in records} <= shown
    assert center_client.get(reverse(f"admin:{name}_change", args=[records[0].pk])).status_code == 200


def test_staff_user_without_agency_or_group_sees_nothing():
    user = factories.StaffUserFactory(is_superuser=False)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_technology"))
    factories.TechnologyFactory()
    response = login(user).get(reverse("admin:listings_technology_changelist"))
    assert list(response.context["cl"].result_list) == []


def autocomplete(client, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "listings", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {int(item["id"]) for item in response.json()["results"]}


def test_autocomplete_offers_only_own_listings_and_agency(two_agencies):
    ours, theirs, client = two_agencies
    mine, other = factories.TechnologyFactory(agency=ours), factories.TechnologyFactory(agency=theirs)
    assert autocomplete(client, "attachment", "technology") == {mine.pk}
    assert autocomplete(client, "contract", "technology", "Technology") == {mine.pk}
    assert autocomplete(client, "technology", "agency") == {ours.pk}
    assert other.pk not in autocomplete(client, "inquiry", "technology")


def test_foreign_key_choices_and_posted_ids_are_limited(two_agencies):
    ours, theirs, client = two_agencies
    mine, other = factories.TechnologyFactory(agency=ours), factories.TechnologyFactory(agency=theirs)
    url = reverse("admin:listings_attachment_add")
    form = client.get(url).context["adminform"].form
    assert set(form.fields["technology"].queryset) == {mine}

    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url,
        {
            "technology": other.pk,
            "title_en": "Sneaky",
            "title_zh_hans": "",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
            "is_public": "on",
            "position": 0,
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "technology" in response.context["adminform"].form.errors
    assert not Attachment.objects.filter(title_en="Sneaky").exists()


def test_listing_created_by_an_editor_belongs_to_their_agency(two_agencies):
    ours, theirs, client = two_agencies
    owner = factories.OrganizationFactory()
    sector = factories.SectorFactory()
    response = client.post(
        reverse("admin:listings_technology_add"),
        {
            "kind": "offer",
            "slug": "new-chip",
            "title_en": "New chip",
            "title_zh_hans": "新芯片",
            "summary_en": "A chip.",
            "summary_zh_hans": "芯片。",
            "description_en": "",
            "description_zh_hans": "",
            "keywords_en": "",
            "keywords_zh_hans": "",
            "sectors": [sector.pk],
            "owner": owner.pk,
            "agency": theirs.pk,  # ignored: the field is read-only for editors
            "origin_country": "CN",
            "trl": 5,
            "ip_status": "none",
            "patent_numbers": "",
            "price_negotiable": "on",
            "availability": "available",
            "expires_at_0": "",
            "expires_at_1": "",
            "internal_notes": "",
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
            "benefits-TOTAL_FORMS": 0,
            "benefits-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Technology.objects.get(slug="new-chip")
    assert created.agency == ours
    assert created.status == TechnologyStatus.DRAFT


def test_bulk_actions_with_other_agency_ids_change_nothing(two_agencies):
    ours, theirs, client = two_agencies
    other = factories.TechnologyFactory(agency=theirs)
    other_inquiry = factories.InquiryFactory(technology=other)
    other_attachment = factories.AttachmentFactory(technology=other)

    client.post(
        reverse("admin:listings_technology_changelist"),
        {"action": "withdraw_selected", "_selected_action": [other.pk]},
    )
    client.post(
        reverse("admin:listings_inquiry_changelist"),
        {"action": "mark_selected_spam", "_selected_action": [other_inquiry.pk]},
    )
    client.post(
        reverse("admin:listings_attachment_changelist"),
        {"action": "delete_selected", "_selected_action": [other_attachment.pk], "post": "yes"},
    )
    other.refresh_from_db()
    assert other.status == TechnologyStatus.PUBLISHED
    assert Inquiry.objects.get(pk=other_inquiry.pk).status == InquiryStatus.NEW
    assert Attachment.objects.filter(pk=other_attachment.pk).exists()


def test_editor_cannot_change_agency_status_or_read_internal_notes(two_agencies):
    ours, _theirs, client = two_agencies
    response = client.get(reverse("admin:agencies_agency_change", args=[ours.pk]))
    form = response.context["adminform"].form
    assert "internal_notes" not in form.fields
    assert "status" not in form.fields  # shown read-only
    assert "joined_on" not in form.fields


def test_editor_list_filters_do_not_name_other_agencies(two_agencies):
    ours, theirs, client = two_agencies
    factories.TechnologyFactory(agency=theirs)
    html = client.get(reverse("admin:listings_technology_changelist")).content.decode()
    assert theirs.name_en not in html
