"""The e-mail helper and queue: templates in the recipient's language, one line of subject,
retries with backoff, permanent failures recorded, "Send again", and jobs safe to run again."""

import smtplib
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from haidian.core import emails
from haidian.core.models import MessageStatus, OutboundMessage
from listings.models import Inquiry, InquiryStatus
from tests import factories

pytestmark = pytest.mark.django_db


def fail_with(monkeypatch, error):
    def send_messages(self, messages):
        raise error

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


def test_a_message_is_rendered_in_the_recipient_s_language_with_both_bodies(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        emails.send(
            "alert-confirm",
            to=["li@example.cn"],
            context={"search": [], "search_url": "https://x/s", "confirm_url": "https://x/c?a=1&b=<2>"},
            language="zh-hans",
        )
    (mail,) = mailoutbox
    assert mail.subject == "请确认您的新技术邮件提醒"
    assert "https://x/c?a=1&b=<2>" in mail.body  # plain text: nothing escaped
    html, mime = mail.alternatives[0]
    assert mime == "text/html" and "&lt;2&gt;" in html and 'lang="zh-hans"' in html
    assert OutboundMessage.objects.get().status == MessageStatus.SENT


def test_a_subject_is_one_line_whatever_the_data(mailoutbox, django_capture_on_commit_callbacks):
    technology = factories.TechnologyFactory(title_en="Optics\r\nBcc: victim@example.com")
    inquiry = factories.InquiryFactory(technology=technology)
    with django_capture_on_commit_callbacks(execute=True):
        emails.send(
            "inquiry",
            to=["desk@example.com"],
            language="en",
            context={
                "inquiry": inquiry,
                "technology": technology,
                "url": "/",
                "response_hours": 48,
                "due": "",
            },
        )
    (mail,) = mailoutbox
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert mail.bcc == []


def test_a_transient_failure_is_retried_with_backoff(
    monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_RETRY_BACKOFF = 60
    fail_with(monkeypatch, smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    with django_capture_on_commit_callbacks(execute=True):
        message = emails.send("alert-confirm", to=["a@example.org"], context={"search": []}, language="en")
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    assert timedelta(seconds=55) < message.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    assert emails.backoff(2) == timedelta(seconds=120) and emails.backoff(20) == timedelta(hours=1)


def test_too_many_attempts_and_permanent_failures_end_as_failed(
    monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_MAX_ATTEMPTS = 1
    fail_with(monkeypatch, OSError("Connection refused"))
    with django_capture_on_commit_callbacks(execute=True):
        tired = emails.send("alert-confirm", to=["a@example.org"], context={"search": []}, language="en")
    fail_with(monkeypatch, smtplib.SMTPRecipientsRefused({"b@example.org": (550, b"No such user")}))
    settings.EMAIL_MAX_ATTEMPTS = 10
    with django_capture_on_commit_callbacks(execute=True):
        refused = emails.send("alert-confirm", to=["b@example.org"], context={"search": []}, language="en")
    for message in (tired, refused):
        message.refresh_from_db()
        assert message.status == MessageStatus.FAILED and message.attempts == 1
    assert emails.is_permanent(smtplib.SMTPRecipientsRefused({"c@example.org": (450, b"try later")})) is False


def test_the_back_office_lists_failed_messages_sends_them_again_and_the_dashboard_counts_them(
    admin_client, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    fail_with(monkeypatch, smtplib.SMTPDataError(554, b"Rejected"))
    inquiry = factories.InquiryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:listings_inquiry_changelist"),
            {"action": "forward_selected", "_selected_action": [inquiry.pk]},
        )
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.FAILED
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.MAIL_FAILED and inquiry.forwarded_at is None
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="dashboard-mail"' in index and "?status=failed" in index
    changelist = reverse("admin:haidian_outboundmessage_changelist")
    page = admin_client.get(changelist, {"status": "failed"}).content.decode()
    assert message.subject in page and "SMTPDataError" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            changelist, {"action": "send_again", "_selected_action": [message.pk]}, follow=True
        )
    assert "1 message queued again." in response.content.decode()
    (mail,) = mailoutbox
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.FORWARDED and inquiry.forwarded_at == message.sent_at


def test_agency_staff_do_not_see_the_mail_queue(client):
    member = factories.AgencyMemberFactory()
    client.force_login(member.user)
    assert client.get(reverse("admin:haidian_outboundmessage_changelist")).status_code == 403
    assert 'id="dashboard-mail"' not in client.get(reverse("admin:index")).content.decode()


def test_the_same_form_sent_twice_stores_one_inquiry(client, mailoutbox, django_capture_on_commit_callbacks):
    listing = factories.TechnologyFactory()
    page = client.get(f"/en/technologies/{listing.slug}/").content.decode()
    assert 'name="token"' in page and 'type="hidden"' in page
    form = {
        "name": "Ana",
        "email": "ana@example.pt",
        "message": "We would like to license this for Lisbon.",
        "consent": "on",
        "token": str(uuid.uuid4()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/en/technologies/{listing.slug}/", form)
        second = client.post(f"/en/technologies/{listing.slug}/", form)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Inquiry.objects.count() == 1 and len(mailoutbox) == 1


def test_the_reminder_job_run_again_after_a_crash_sends_no_reminder_twice(
    monkeypatch, django_capture_on_commit_callbacks
):
    stale = timezone.now() - timedelta(days=400)
    for _agency in range(3):
        factories.TechnologyFactory(last_verified_at=stale)
    real_send = emails.send
    calls = []

    def crash_on_the_second(*args, **kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            raise RuntimeError("killed halfway")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(emails, "send", crash_on_the_second)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        call_command("remind_stale_listings", stdout=StringIO())
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_stale_listings", stdout=StringIO())
        call_command("remind_stale_listings", stdout=StringIO())
    recipients = [message.to[0] for message in OutboundMessage.objects.filter(kind="stale-reminder")]
    assert len(recipients) == len(set(recipients)) == 3
    assert calls[0][0] in recipients  # the one queued before the crash, not queued again


def test_a_decline_notice_is_queued_once(django_capture_on_commit_callbacks):
    from listings.follow_through import inquiry_decline

    inquiry = factories.InquiryFactory(technology__owner__contact_email="owner@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_decline(inquiry=inquiry, reason="too_early", by=None)
    (message,) = OutboundMessage.objects.filter(kind="inquiry-declined")
    assert message.key == f"inquiry-declined:{inquiry.pk}" and message.status == MessageStatus.SENT


def test_center_administrators_see_the_mail_queue_and_its_failures(client):
    from django.contrib.auth.models import Group

    from haidian.backoffice.scoping import CENTER_ADMIN_GROUP

    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    client.force_login(user)
    assert client.get(reverse("admin:haidian_outboundmessage_changelist")).status_code == 200
    assert 'id="dashboard-mail"' in client.get(reverse("admin:index")).content.decode()
