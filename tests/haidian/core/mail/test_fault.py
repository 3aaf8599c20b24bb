"""A mail server that is down or slow never costs a visitor's inquiry: the real SMTP backend
against a real SMTP server on loopback (aiosmtpd), the database queue and its worker."""

import logging
import time
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError

from haidian.core import emails
from haidian.core.models import MessageStatus, OutboundMessage
from listings.models import Inquiry, InquiryStatus
from tests import factories

from .conftest import run_worker

# serialized_rollback: the countries of the data migration are back for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FORM = {
    "name": "Kenji Sato",
    "organization_name": "Minato Semiconductor",
    "email": "kenji@minato.example",
    "country": "",
    "message": "We would like to discuss a licence for our Osaka fab.",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def listing():
    return factories.TechnologyFactory(title_en="Wafer inspection optics")


def post(client, listing, token):
    started = time.monotonic()
    response = client.post(f"/en/technologies/{listing.slug}/", {**FORM, "token": token})
    return response, time.monotonic() - started


def test_server_down_then_back_delivers_the_inquiry_exactly_once(client, listing, smtp_server):
    token = str(uuid.uuid4())
    response, _seconds = post(client, listing, token)
    assert response.status_code == 302 and response.url.endswith("/inquiry-sent/")
    inquiry = Inquiry.objects.get()
    assert inquiry.status == InquiryStatus.QUEUED and inquiry.forwarded_at is None
    (message,) = OutboundMessage.objects.all()
    assert message.status == MessageStatus.QUEUED

    run_worker()  # the server is down: the attempt fails and waits for its backoff
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    assert "Connection refused" in message.last_error or "ConnectionRefused" in message.last_error
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.QUEUED and inquiry.forwarded_at is None

    # The visitor, unsure, sends the same form again: the thank-you page, nothing stored twice.
    response, _seconds = post(client, listing, token)
    assert response.status_code == 302 and response.url.endswith("/inquiry-sent/")
    assert Inquiry.objects.count() == 1 and OutboundMessage.objects.count() == 1

    smtp_server.start()
    time.sleep(1.2)  # EMAIL_RETRY_BACKOFF (1 s) after the first attempt
    run_worker()
    run_worker()
    assert len(smtp_server.handler.messages) == 1
    recipients, content = smtp_server.handler.messages[0]
    assert recipients == [listing.agency.inquiry_email]
    assert b"Osaka fab" in content
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.FORWARDED and inquiry.forwarded_at == message.sent_at


def test_a_slow_server_does_not_slow_the_visitor_and_the_worker_gives_up_in_time(
    client, listing, smtp_server
):
    smtp_server.start(delay=5)  # every SMTP command answers after 5 seconds
    response, seconds = post(client, listing, str(uuid.uuid4()))
    assert response.status_code == 302 and seconds < 1
    started = time.monotonic()
    run_worker()
    assert time.monotonic() - started < 4  # EMAIL_TIMEOUT (1 s), not the server's pace
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.QUEUED and "timed out" in message.last_error
    assert Inquiry.objects.get().status == InquiryStatus.QUEUED


def test_a_refused_recipient_is_recorded_as_failed_and_the_inquiry_says_so(client, listing, smtp_server):
    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox"

    smtp_server.handler.handle_RCPT = refuse
    smtp_server.start()
    post(client, listing, str(uuid.uuid4()))
    run_worker()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.FAILED and message.attempts == 1
    assert "550" in message.last_error
    assert Inquiry.objects.get().status == InquiryStatus.MAIL_FAILED


def test_a_queue_that_refuses_the_task_after_the_commit_still_thanks_the_visitor(
    client, listing, smtp_server, monkeypatch, caplog
):
    """The connection can drop between the inquiry's commit and its task's insert (``make faults``
    found it): the inquiry is stored, so the visitor is thanked, the failure is logged, and
    ``mail_queue --requeue`` hands the waiting message over later."""

    class RefusingTask:
        def enqueue(self, *args):
            raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(emails, "deliver", RefusingTask())
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        response, _seconds = post(client, listing, str(uuid.uuid4()))
    assert response.status_code == 302 and response.url.endswith("/inquiry-sent/")
    assert Inquiry.objects.get().status == InquiryStatus.QUEUED
    (message,) = OutboundMessage.objects.all()
    assert message.status == MessageStatus.QUEUED
    assert "enqueue_delivery in on_commit()" in caplog.text and "administrator command" in caplog.text

    monkeypatch.undo()
    smtp_server.start()
    call_command("mail_queue", "--requeue", stdout=StringIO())
    run_worker()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and len(smtp_server.handler.messages) == 1
