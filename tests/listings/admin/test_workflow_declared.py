"""Every declared transition, from every status: done where it is declared, refused elsewhere; the
admin's buttons are the declared transitions open to the user."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listings import services
from listings.models import InquiryStatus, TechnologyStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db
S = TechnologyStatus
I = InquiryStatus  # noqa: E741

#: The technology workflow: transition -> (the statuses it starts from, the status it ends in).
TECHNOLOGY = {
    "submit": ({S.DRAFT}, S.IN_REVIEW),
    "publish": ({S.IN_REVIEW}, S.PUBLISHED),
    "return_to_draft": ({S.IN_REVIEW, S.PUBLISHED, S.WITHDRAWN}, S.DRAFT),
    "close": ({S.PUBLISHED}, S.CLOSED),
    "withdraw": ({S.DRAFT, S.IN_REVIEW, S.PUBLISHED}, S.WITHDRAWN),
}
MODERATOR_ONLY = {"publish", "return_to_draft"}
OPEN = {I.NEW, I.QUEUED, I.FORWARDED, I.MAIL_FAILED}


def inquiry_in(status):
    # The database requires an answered inquiry to have its answer date, after it was received.
    answered_at = timezone.now() + timedelta(minutes=1) if status == I.ANSWERED else None
    return factories.InquiryFactory(status=status, answered_at=answered_at)


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("name", TECHNOLOGY)
def test_technology_transition_from_each_status(admin_user, name, status):
    sources, target = TECHNOLOGY[name]
    listing = factories.TechnologyFactory(status=status, expires_at=timezone.now() + timedelta(days=30))
    service = services.TRANSITION_SERVICES[name]
    if status in sources:
        assert service(technology=listing, by=admin_user).status == target
    else:
        with pytest.raises(services.TransitionError, match="cannot be .* from that status"):
            service(technology=listing, by=admin_user)
    listing.refresh_from_db()
    assert listing.status == (target if status in sources else status)


@pytest.mark.parametrize("status", S.values)
def test_buttons_are_the_declared_transitions_open_to_the_user(make_editor, center_client, status):
    listing = factories.TechnologyFactory(status=status)
    change_url = reverse("admin:listings_technology_change", args=[listing.pk])
    declared = {name for name, (sources, _target) in TECHNOLOGY.items() if status in sources}

    center = {b.name for b in center_client.get(change_url).context["workflow_buttons"]} - {"verify"}
    editor_page = login(make_editor(listing.agency)).get(change_url)
    editor = {b.name for b in editor_page.context["workflow_buttons"]} - {"verify"}

    assert center == declared
    assert editor == declared - MODERATOR_ONLY


@pytest.mark.parametrize("name", sorted(MODERATOR_ONLY))
def test_bulk_moderator_transitions_are_refused_to_agency_editors(make_editor, name):
    listing = factories.TechnologyFactory(status=S.IN_REVIEW)
    action = {"publish": "publish_selected", "return_to_draft": "return_selected_to_draft"}[name]
    response = login(make_editor(listing.agency)).post(
        reverse("admin:listings_technology_changelist"),
        {"action": action, "_selected_action": [listing.pk]},
        follow=True,
    )
    listing.refresh_from_db()
    assert listing.status == S.IN_REVIEW
    assert "Only center administrators can do that." in response.content.decode()


@pytest.mark.parametrize("status", I.values)
@pytest.mark.parametrize(
    ("service", "target"),
    [(services.inquiry_answer, I.ANSWERED), (services.inquiry_mark_spam, I.SPAM)],
)
def test_inquiry_transition_from_each_status(admin_user, service, target, status):
    inquiry = inquiry_in(status)
    if status in OPEN:
        assert service(inquiry=inquiry, by=admin_user).status == target
    else:
        with pytest.raises(services.TransitionError, match="it cannot be"):
            service(inquiry=inquiry, by=admin_user)
    inquiry.refresh_from_db()
    assert inquiry.status == (target if status in OPEN else status)


@pytest.mark.parametrize("status", I.values)
def test_inquiry_forward_from_each_status(admin_user, status):
    inquiry = inquiry_in(status)
    if status in OPEN - {I.QUEUED}:
        assert services.inquiry_forward(inquiry=inquiry, by=admin_user).status == I.QUEUED
    else:
        with pytest.raises(services.TransitionError):
            services.inquiry_forward(inquiry=inquiry, by=admin_user)
        inquiry.refresh_from_db()
        assert inquiry.status == status
