"""Inquiry handling: forward (e-mails the agency), answer, spam; response time recorded and shown."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from haidian.core.models import MessageStatus
from listings import services
from listings.models import Inquiry, InquiryStatus
from tests import factories

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:listings_inquiry_changelist")


def test_forward_action_emails_the_agency(
    admin_client, admin_user, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ittc.example/"  # configured with its slash: the link gets one
    inquiry = factories.InquiryFactory(message="请报价 / please quote")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "forward_selected", "_selected_action": [inquiry.pk]}, follow=True
        )
    assert "1 inquiry queued for its agency." in response.content.decode()
    inquiry.refresh_from_db()
    assert (
        inquiry.status == InquiryStatus.FORWARDED
        and inquiry.forwarded_at
        and inquiry.handled_by == admin_user
    )
    (message,) = mail.outbox
    assert message.to == [inquiry.technology.agency.inquiry_email]
    assert message.reply_to == [inquiry.email]
    assert "请报价 / please quote" in message.body
    # The staff's forward has no listing page address of its own: the mail links the site's.
    assert f"https://ittc.example{inquiry.technology.get_absolute_url()}" in message.body
    assert f"by {timezone.localtime(inquiry.response_due):%Y-%m-%d %H:%M}." in message.body  # the target
    assert inquiry.history.first().history_change_reason.startswith("Forwarded")


def test_forward_without_an_agency_address_is_refused():
    inquiry = factories.InquiryFactory(
        technology__agency__inquiry_email="", technology__agency__contact_email=""
    )
    with pytest.raises(services.TransitionError):
        services.inquiry_forward(inquiry=inquiry, by=None)
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW
    assert mail.outbox == []


def test_forward_of_a_listing_without_an_agency_is_refused():
    inquiry = factories.InquiryFactory(technology__agency=None)
    with pytest.raises(services.TransitionError) as refused:
        services.inquiry_forward(inquiry=inquiry, by=None)
    assert refused.value.code == "no_recipient"
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW
    assert mail.outbox == []


def test_answer_records_the_response_time_and_the_list_shows_it(admin_client):
    inquiry = factories.InquiryFactory()
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=timezone.now() - timedelta(days=2, hours=3))
    admin_client.post(CHANGELIST, {"action": "answer_selected", "_selected_action": [inquiry.pk]})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert timedelta(days=2) < inquiry.response_time < timedelta(days=2, hours=4)
    html = admin_client.get(CHANGELIST).content.decode()
    assert "2\xa0days, 3\xa0hours" in html


def test_open_inquiry_shows_how_long_it_waits(admin_client):
    inquiry = factories.InquiryFactory()
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=timezone.now() - timedelta(days=4))
    html = admin_client.get(CHANGELIST).content.decode()
    assert "waiting 4\xa0days" in html


def test_spam_and_no_second_answer(admin_client):
    spam, answered = factories.InquiryFactory(), factories.InquiryFactory()
    services.inquiry_answer(inquiry=answered, by=None)
    response = admin_client.post(
        CHANGELIST, {"action": "mark_selected_spam", "_selected_action": [spam.pk, answered.pk]}, follow=True
    )
    assert Inquiry.objects.get(pk=spam.pk).status == InquiryStatus.SPAM
    assert Inquiry.objects.get(pk=answered.pk).status == InquiryStatus.ANSWERED
    assert "1 record was left unchanged" in response.content.decode()


def test_change_form_buttons_and_visitor_data_read_only(admin_client):
    inquiry = factories.InquiryFactory()
    url = reverse("admin:listings_inquiry_change", args=[inquiry.pk])
    page = admin_client.get(url)
    # The main step (reply), the others, the follow-through steps (tests/follow covers them), then
    # the negative ones apart.
    assert [(b.name, b.style) for b in page.context["workflow_buttons"]] == [
        ("reply", "default"),
        ("forward", ""),
        ("answer", ""),
        ("introduction", ""),
        ("negotiation", ""),
        ("contract", ""),
        ("spam", "negative"),
        ("decline", "negative"),
    ]
    assert set(page.context["adminform"].form.fields) == {
        "internal_notes",
        "change_reason",
        "concurrency_token",
    }
    admin_client.post(
        reverse("admin:listings_inquiry_workflow", args=[inquiry.pk]),
        {"workflow": "answer", "concurrency_token": page.context["workflow_token"]},
    )
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.ANSWERED


def test_inquiries_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:listings_inquiry_add")).status_code == 403


def test_a_step_not_open_to_an_inquiry_is_refused_with_a_message_naming_it():
    inquiry = factories.InquiryFactory(status=InquiryStatus.SPAM)
    with pytest.raises(services.TransitionError) as refused:
        services.inquiry_answer(inquiry=inquiry, by=None)
    assert refused.value.code == "invalid_transition"
    assert refused.value.message == f"The inquiry from {inquiry.name} is spam: it cannot be answered."


def mail_about(object_id, *, kind="inquiry", status=MessageStatus.SENT):
    to = ["a@example.com", "b@example.com"]
    return SimpleNamespace(kind=kind, object_id=object_id, status=status, sent_at=timezone.now(), to=to)


def test_only_the_inquirys_own_delivered_mail_moves_it_and_never_after_a_staff_decision():
    """Another kind of message with the same object id, a deleted inquiry, an inquiry already
    answered or marked as spam: the delivery changes nothing."""
    waiting = factories.InquiryFactory(status=InquiryStatus.QUEUED)
    spam = factories.InquiryFactory(status=InquiryStatus.SPAM)
    services.inquiry_mail_changed(None, message=mail_about(waiting.pk, kind="alert_confirmation"))
    services.inquiry_mail_changed(None, message=mail_about(spam.pk))
    services.inquiry_mail_changed(None, message=mail_about(spam.pk + 1000))
    services.inquiry_mail_changed(None, message=mail_about(waiting.pk, status=MessageStatus.SENDING))
    assert Inquiry.objects.get(pk=waiting.pk).status == InquiryStatus.QUEUED
    assert Inquiry.objects.get(pk=spam.pk).status == InquiryStatus.SPAM
    services.inquiry_mail_changed(None, message=mail_about(waiting.pk))
    delivered = Inquiry.objects.get(pk=waiting.pk)
    assert delivered.status == InquiryStatus.FORWARDED
    assert delivered.history.first().history_change_reason.endswith(": a@example.com, b@example.com")


def test_forwarding_reads_the_inquiry_with_its_listing_and_agency_in_one_locked_query(
    admin_user, django_assert_num_queries
):
    inquiry = factories.InquiryFactory()
    with django_assert_num_queries(8):
        services.inquiry_forward(inquiry=inquiry, by=admin_user)
