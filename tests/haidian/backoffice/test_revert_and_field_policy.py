"""History revert is a write path, history and filters are read paths: both follow the field policy.

Revert needs change permission, never restores a field the role may not change (read-only, hidden,
or the workflow's own), and saves through the same save_model as the change form. History lists,
diffs and version pages show only the fields the role may see; changelists accept only their own
filters.
"""

import pytest
from django.urls import reverse

from agencies.models import AgencyStatus
from listings import services
from listings.models import InquiryStatus, TechnologyStatus
from tests import factories
from tests.admin_forms import _field_data
from tests.admin_users import login

pytestmark = pytest.mark.django_db


def version_url(obj, version):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id]
    )


def revert(client, obj, version):
    """Open the version page and press "Revert", as a browser would."""
    url = version_url(obj, version)
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, _field_data(page.context["adminform"].form))


def change(obj, reason="Center's change", **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj._change_reason = reason
    obj.save()


# --- Revert needs change permission --------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field", "first", "later"),
    [
        (factories.FinancingProductFactory, "name_en", "Tech Loan", "Renamed Loan"),
        (factories.FinancingNeedFactory, "title_en", "Working capital", "Renamed need"),
        (factories.SectorFactory, "name_en", "Genomics", "Renamed sector"),
    ],
)
def test_a_user_who_may_only_view_cannot_revert(make_editor, admin_client, make, field, first, later):
    obj = make(**{field: first})
    version = obj.history.first()
    change(obj, **{field: later})
    url = version_url(obj, version)
    # What a user who may change the record would post back from the same page.
    data = _field_data(admin_client.get(url).context["adminform"].form)
    editor = login(make_editor())

    page = editor.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # no Revert button
    assert editor.post(url, data).status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) == later


# --- Revert keeps what the role may not change -----------------------------------------------------


def test_editor_revert_leaves_a_listing_the_center_returned_to_draft_in_draft(make_editor, center_admin):
    agency = factories.AgencyFactory()
    listing = factories.TechnologyFactory(
        agency=agency,
        title_en="Gene chip",
        status=TechnologyStatus.PUBLISHED,
        sectors=[factories.SectorFactory()],
    )
    published = listing.history.first()
    services.technology_return_to_draft(technology=listing, by=center_admin, reason="Claims unproven")
    listing.refresh_from_db()
    published_at = listing.published_at
    change(listing, title_en="Gene chip (draft)")

    response = revert(login(make_editor(agency)), listing, published)

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == TechnologyStatus.DRAFT
    assert listing.published_at == published_at
    assert listing.title_en == "Gene chip"  # what the editor may change is restored


def test_editor_revert_leaves_a_suspended_agency_suspended_with_the_centers_note(make_editor):
    agency = factories.AgencyFactory(description_en="<p>Original</p>", internal_notes="")
    active = agency.history.first()
    change(agency, status=AgencyStatus.SUSPENDED, internal_notes="Suspended: complaint 2026-14")
    change(agency, description_en="<p>Edited</p>")
    client = login(make_editor(agency))

    page = client.get(version_url(agency, active))
    assert "Suspended: complaint" not in page.content.decode()
    response = revert(client, agency, active)

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.SUSPENDED
    assert agency.internal_notes == "Suspended: complaint 2026-14"
    assert agency.description_en == "<p>Original</p>"


def test_editor_revert_does_not_undo_spam(make_editor, center_admin):
    inquiry = factories.InquiryFactory()
    new = inquiry.history.first()
    services.inquiry_mark_spam(inquiry=inquiry, by=center_admin)

    response = revert(login(make_editor(inquiry.technology.agency)), inquiry, new)

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SPAM


def test_center_revert_restores_content_through_save_model_but_not_the_status(center_admin, center_client):
    agency = factories.AgencyFactory(name_en="Original Agency", internal_notes="first note")
    first = agency.history.first()
    change(agency, name_en="Renamed Agency", internal_notes="second note", status=AgencyStatus.SUSPENDED)

    response = revert(center_client, agency, first)

    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.name_en, agency.internal_notes) == ("Original Agency", "first note")
    assert agency.status == AgencyStatus.SUSPENDED  # suspending and reinstating is not a revert
    assert agency.updated_by == center_admin  # AuditedAdminMixin.save_model stamped it
    latest = agency.history.first()
    assert latest.history_user == center_admin
    assert latest.history_change_reason.startswith("Reverted to the version of")


def test_an_agency_version_page_opens_for_its_own_editor(make_editor):
    # The slug is read-only for editors: it must not be prepopulated (KeyError 'slug').
    agency = factories.AgencyFactory()
    change(agency, name_en="Renamed")
    response = login(make_editor(agency)).get(version_url(agency, agency.history.last()))
    assert response.status_code == 200


# --- History shows only what the role may see ------------------------------------------------------


def test_editors_history_of_their_agency_hides_the_centers_notes(make_editor, center_client):
    agency = factories.AgencyFactory(internal_notes="")
    change(agency, internal_notes="Director: do not renew")
    url = reverse("admin:agencies_agency_history", args=[agency.pk])

    assert "do not renew" not in login(make_editor(agency)).get(url).content.decode()
    assert "do not renew" in center_client.get(url).content.decode()


def test_editors_do_not_see_financing_need_notes_anywhere(make_editor, center_client):
    need = factories.FinancingNeedFactory(internal_notes="")
    change(need, internal_notes="Bank declined: weak cash flow")
    editor = login(make_editor())
    for url in (
        reverse("admin:financing_financingneed_history", args=[need.pk]),
        version_url(need, need.history.first()),
        reverse("admin:financing_financingneed_change", args=[need.pk]),
    ):
        assert "weak cash flow" not in editor.get(url).content.decode(), url
        assert "weak cash flow" in center_client.get(url).content.decode(), url


def test_history_diffs_name_the_related_record_not_its_id(center_client):
    """The diff of a changed relation reads as the records' names (simple-history's
    ``foreign_keys_are_objs``), as the change form shows them."""
    technology = factories.TechnologyFactory(
        owner=factories.OrganizationFactory(name_en="Lotus Phonics Institute")
    )
    change(technology, owner=factories.OrganizationFactory(name_en="Jade River Labs"))
    html = center_client.get(
        reverse("admin:listings_technology_history", args=[technology.pk])
    ).content.decode()
    assert "Lotus Phonics Institute" in html and "Jade River Labs" in html


# --- Changelists accept only their own filters ---------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url_name", "query"),
    [
        ("editor", "agencies_agency_changelist", "internal_notes__startswith=D"),
        ("editor", "financing_financingneed_changelist", "internal_notes__startswith=B"),
        ("center", "listings_technology_changelist", "internal_notes__startswith=D"),
        ("center", "listings_inquiry_changelist", "ip_address__startswith=10"),
        ("center", "listings_technology_changelist", "owner__name_en__startswith=P"),
    ],
)
def test_a_lookup_the_list_does_not_offer_is_refused(make_editor, center_client, role, url_name, query):
    agency = factories.AgencyFactory(internal_notes="Director's note")
    factories.FinancingNeedFactory(internal_notes="Bank declined")
    client = login(make_editor(agency)) if role == "editor" else center_client
    response = client.get(f"{reverse(f'admin:{url_name}')}?{query}")
    # Django answers a refused lookup with 400 (DisallowedModelAdminLookup): no yes-or-no answer.
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("agencies_agency_changelist", "status__exact=active"),
        ("agencies_agency_changelist", "joined_on__year=2024"),
        ("listings_technology_changelist", "sectors__parent__id__exact=1"),
        ("listings_technology_changelist", "published_at__isnull=True"),
        ("listings_inquiry_changelist", "status__in=new,forwarded"),
        ("listings_technology_changelist", "verification=stale"),
    ],
)
def test_the_lists_own_filters_still_work(center_client, url_name, query):
    response = center_client.get(f"{reverse(f'admin:{url_name}')}?{query}")
    assert response.status_code == 200


def test_the_lists_editable_columns_are_the_admins_less_the_locked_ones(center_client, make_editor):
    attachment = factories.AttachmentFactory()
    for client in (center_client, login(make_editor(attachment.technology.agency))):
        changelist = client.get(reverse("admin:listings_attachment_changelist")).context["cl"]
        assert changelist.list_editable == ["is_public", "position"]


def test_the_change_form_keeps_the_fieldsets_that_depend_on_the_record(center_client):
    """The field policy passes the record on: the audit "Metadata" fieldset exists only for one."""
    technology = factories.TechnologyFactory()
    page = center_client.get(reverse("admin:listings_technology_change", args=[technology.pk]))
    assert "Metadata" in [fieldset.name for fieldset in page.context["adminform"]]
