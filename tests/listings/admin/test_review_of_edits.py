"""Review of edits (issue 19 item 5): an agency editor's change to a published listing goes live, is
flagged for the center to check, and the editor is told so; the center sees the flag, filters by it and
clears it."""

import pytest
from django.urls import reverse

from listings.models import Technology, TechnologyStatus
from tests import factories
from tests.admin_forms import change_form_data
from tests.admin_users import login

pytestmark = pytest.mark.django_db


def change_url(technology):
    return reverse("admin:listings_technology_change", args=[technology.pk])


def save(client, technology, **changes):
    page = client.get(change_url(technology))
    assert page.status_code == 200
    response = client.post(change_url(technology), {**change_form_data(page), **changes}, follow=True)
    form = response.context.get("adminform")
    assert form is None or not form.form.errors, form.form.errors
    for inline in response.context.get("inline_admin_formsets") or []:
        assert not any(inline.formset.errors), inline.formset.errors
    return response


def listing(**kwargs):
    technology = factories.TechnologyFactory(**kwargs)
    technology.sectors.add(factories.SectorFactory())  # the form requires one
    return technology


@pytest.fixture
def published():
    return listing(status=TechnologyStatus.PUBLISHED, title_en="Chip cooler")


def test_an_editors_change_to_a_published_listing_is_live_flagged_and_told(make_editor, published):
    editor = login(make_editor(published.agency))
    response = save(editor, published, title_en="Chip cooler, second generation")
    assert response.status_code == 200
    listing = Technology.objects.get(pk=published.pk)
    assert listing.title_en == "Chip cooler, second generation"  # live at once
    assert listing.status == TechnologyStatus.PUBLISHED and listing.agency_edited_at is not None
    messages = [str(m) for m in response.context["messages"]]
    assert any("The center has been asked to check them" in m for m in messages)


def test_saving_without_a_change_is_not_flagged(make_editor, published):
    save(login(make_editor(published.agency)), published)
    assert Technology.objects.get(pk=published.pk).agency_edited_at is None


def test_a_change_to_a_draft_is_not_flagged(make_editor, published):
    draft = listing(agency=published.agency, status=TechnologyStatus.DRAFT, published_at=None)
    save(login(make_editor(published.agency)), draft, title_en="Still a draft")
    assert Technology.objects.get(pk=draft.pk).title_en == "Still a draft"
    assert Technology.objects.get(pk=draft.pk).agency_edited_at is None


def test_the_centers_own_change_is_not_flagged(center_client, published):
    save(center_client, published, title_en="Edited by the center")
    assert Technology.objects.get(pk=published.pk).agency_edited_at is None


def test_the_center_filters_the_flagged_and_clears_the_flag(center_client, make_editor, published):
    save(login(make_editor(published.agency)), published, title_en="Chip cooler v2")
    other = factories.TechnologyFactory(status=TechnologyStatus.PUBLISHED)
    listed = center_client.get(reverse("admin:listings_technology_changelist") + "?verification=edited")
    assert list(listed.context["cl"].result_list) == [Technology.objects.get(pk=published.pk)]
    assert other not in listed.context["cl"].result_list
    page = center_client.get(change_url(published))
    assert "edits_checked" in [b.name for b in page.context["workflow_buttons"]]
    center_client.post(
        reverse("admin:listings_technology_workflow", args=[published.pk]),
        {"workflow": "edits_checked", "concurrency_token": page.context["workflow_token"]},
    )
    listing = Technology.objects.get(pk=published.pk)
    assert listing.agency_edited_at is None
    assert listing.history.first().history_change_reason == "Agency changes checked"


def test_an_editor_cannot_clear_the_flag(make_editor, published):
    editor = login(make_editor(published.agency))
    save(editor, published, title_en="Chip cooler v3")
    page = editor.get(change_url(published))
    assert "edits_checked" not in [b.name for b in page.context["workflow_buttons"]]
    editor.post(
        reverse("admin:listings_technology_workflow", args=[published.pk]),
        {"workflow": "edits_checked", "concurrency_token": page.context["workflow_token"]},
    )
    assert Technology.objects.get(pk=published.pk).agency_edited_at is not None
