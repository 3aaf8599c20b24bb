"""Moderation workflow: services, admin actions, change-form buttons, expiry command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from listings import services
from listings.models import Technology, TechnologyStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db
S = TechnologyStatus
CHANGELIST = reverse("admin:listings_technology_changelist")


def workflow_url(technology):
    return reverse("admin:listings_technology_workflow", args=[technology.pk])


def change_url(technology):
    return reverse("admin:listings_technology_change", args=[technology.pk])


def test_full_path_records_who_and_why(admin_user):
    listing = factories.TechnologyFactory(status=S.DRAFT, published_at=None)

    services.technology_submit(technology=listing, by=admin_user)
    services.technology_publish(technology=listing, by=admin_user, reason="checked both languages")
    closed = services.technology_close(technology=listing, by=admin_user)

    assert closed.status == S.CLOSED and closed.closed_at and closed.published_at and closed.submitted_at
    reasons = list(listing.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-3:] == [
        "Submitted for review",
        "Published: checked both languages",
        "Closed (transferred)",
    ]
    assert {h.history_user for h in listing.history.all()[:3]} == {admin_user}


@pytest.mark.parametrize(
    ("status", "service", "refusal"),
    [
        (S.DRAFT, services.technology_publish, "is draft: it cannot be published from that status."),
        (S.DRAFT, services.technology_close, "is draft: it cannot be closed (transferred) from that status."),
        (
            S.PUBLISHED,
            services.technology_submit,
            "is published: it cannot be submitted for review from that status.",
        ),
        (
            S.CLOSED,
            services.technology_withdraw,
            "is closed (transferred): it cannot be withdrawn from that status.",
        ),
        (S.WITHDRAWN, services.technology_publish, "is withdrawn: it cannot be published from that status."),
    ],
)
def test_invalid_transition_is_refused_and_changes_nothing(admin_user, status, service, refusal):
    listing = factories.TechnologyFactory(status=status)
    history_before = listing.history.count()
    with pytest.raises(services.TransitionError) as refused:
        service(technology=listing, by=admin_user)
    # The message names the listing, its status and the step, as the admin shows it.
    assert refused.value.code == "invalid_transition"
    assert refused.value.message == f"“{listing}” {refusal}"
    listing.refresh_from_db()
    assert listing.status == status
    assert listing.history.count() == history_before


def test_rejection_returns_to_draft_with_reason(admin_user):
    listing = factories.TechnologyFactory(status=S.IN_REVIEW, published_at=None)
    services.technology_return_to_draft(technology=listing, by=admin_user, reason="Chinese summary missing")
    listing.refresh_from_db()
    assert listing.status == S.DRAFT
    assert listing.history.first().history_change_reason == "Returned to draft: Chinese summary missing"


def test_publish_action_publishes_only_listings_in_review(admin_client):
    in_review = factories.TechnologyFactory(status=S.IN_REVIEW, published_at=None)
    draft = factories.TechnologyFactory(status=S.DRAFT, published_at=None)
    response = admin_client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [in_review.pk, draft.pk]},
        follow=True,
    )
    in_review.refresh_from_db()
    draft.refresh_from_db()
    assert in_review.status == S.PUBLISHED and in_review.is_public
    assert draft.status == S.DRAFT
    text = response.content.decode()
    assert "1 listing: published." in text
    assert "1 record was left unchanged" in text
    assert in_review.history.first().history_change_reason == "Published"


def test_change_form_buttons_follow_the_status(admin_client):
    listing = factories.TechnologyFactory(status=S.IN_REVIEW, published_at=None)
    html = admin_client.get(change_url(listing)).content.decode()
    assert 'value="publish"' in html and 'value="return_to_draft"' in html and 'value="withdraw"' in html
    assert 'value="submit"' not in html and 'value="close"' not in html


def test_change_form_button_runs_the_service_with_a_reason(admin_client, admin_user):
    listing = factories.TechnologyFactory(status=S.IN_REVIEW, published_at=None)
    page = admin_client.get(change_url(listing))
    token = page.context["workflow_token"]
    response = admin_client.post(
        workflow_url(listing),
        {"workflow": "publish", "reason": "approved", "concurrency_token": token},
        follow=True,
    )
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED
    assert "is now published" in response.content.decode()
    latest = listing.history.first()
    assert latest.history_change_reason == "Published: approved" and latest.history_user == admin_user


def test_button_for_a_step_not_open_is_refused(admin_client):
    listing = factories.TechnologyFactory(status=S.DRAFT, published_at=None)
    token = admin_client.get(change_url(listing)).context["workflow_token"]
    response = admin_client.post(
        workflow_url(listing), {"workflow": "close", "concurrency_token": token}, follow=True
    )
    listing.refresh_from_db()
    assert listing.status == S.DRAFT
    assert "That step is not open to you" in response.content.decode()


def test_agency_editor_submits_but_cannot_publish(make_editor):
    listing = factories.TechnologyFactory(status=S.DRAFT, published_at=None)
    client = login(make_editor(listing.agency))
    page = client.get(change_url(listing))
    assert [b.name for b in page.context["workflow_buttons"]] == ["submit", "withdraw", "verify"]
    client.post(
        workflow_url(listing), {"workflow": "submit", "concurrency_token": page.context["workflow_token"]}
    )
    listing.refresh_from_db()
    assert listing.status == S.IN_REVIEW

    token = client.get(change_url(listing)).context["workflow_token"]
    client.post(workflow_url(listing), {"workflow": "publish", "concurrency_token": token})
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [listing.pk]})
    listing.refresh_from_db()
    assert listing.status == S.IN_REVIEW


def test_verify_action_renews_last_verified(admin_client):
    old = timezone.now() - timedelta(days=400)
    listing = factories.TechnologyFactory(last_verified_at=old)
    admin_client.post(CHANGELIST, {"action": "verify_selected", "_selected_action": [listing.pk]})
    listing.refresh_from_db()
    assert listing.last_verified_at > timezone.now() - timedelta(minutes=1)
    assert listing.history.first().history_change_reason == "Verified as current"


def test_expired_listing_leaves_the_public_site_and_the_command_withdraws_it():
    now = timezone.now()
    expired = factories.TechnologyFactory(
        published_at=now - timedelta(days=30), expires_at=now - timedelta(days=1)
    )
    stale = factories.TechnologyFactory(last_verified_at=now - timedelta(days=400), title_en="Old gene chip")
    current = factories.TechnologyFactory(expires_at=now + timedelta(days=30))
    assert set(Technology.objects.published()) == {stale, current}

    out = StringIO()
    call_command("expire_listings", "--stale-days", "180", stdout=out)
    text = out.getvalue()
    assert "Stale listings (published, not verified for 180 days): 1" in text
    assert "Old gene chip" in text
    assert "Expired listings withdrawn: 1" in text
    expired.refresh_from_db()
    assert expired.status == S.WITHDRAWN
    assert expired.history.first().history_change_reason.startswith("Withdrawn: expired on")
    current.refresh_from_db()
    assert current.status == S.PUBLISHED


def test_expire_command_dry_run_changes_nothing():
    now = timezone.now()
    expired = factories.TechnologyFactory(
        published_at=now - timedelta(days=30), expires_at=now - timedelta(days=1)
    )
    out = StringIO()
    call_command("expire_listings", "--dry-run", stdout=out)
    assert "would be withdrawn: 1" in out.getvalue()
    expired.refresh_from_db()
    assert expired.status == S.PUBLISHED
