"""Every e-mail the site sends: rendered from templates, stored, and delivered by a worker.

``send()`` renders ``emails/<name>-subject.html``, ``-body-text.html`` and ``-body-html.html`` in
the recipient's language, stores the result as an :class:`OutboundMessage` and, once the caller's
transaction commits, enqueues :func:`deliver` on Django's tasks API. The request (or cron job)
that sends never talks to the mail server, so a mail server that is down or slow cannot fail it.

The worker's :func:`deliver` claims the message, sends it, and records the outcome: a transient
failure is tried again later with backoff, a permanent one (a 5xx answer) is recorded as failed
and shown in the back office, which can send it again. The :data:`message_changed` signal tells
the app that sent a message what became of it (an inquiry is *forwarded* once its e-mail is
delivered).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from haidian.core.models import MessageStatus, OutboundMessage
from haidian.core.tasks import default_task_backend, task

logger = logging.getLogger(__name__)

#: Sent with ``message`` whenever a message is queued again, sent or failed.
message_changed = Signal()

#: The longest wait between two attempts.
MAX_BACKOFF = timedelta(hours=1)


def _render_plain(template_name: str, context: dict) -> str:
    # Subjects and plain-text bodies are not HTML: nothing in them is escaped.
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send(
    name: str,
    *,
    to: list[str],
    context: dict,
    language: str,
    reply_to: list[str] | None = None,
    headers: dict | None = None,
    key: str | None = None,
    object_id: int | None = None,
) -> OutboundMessage:
    """Render the e-mail ``name`` in ``language`` and queue it; returns the stored message.

    ``key`` names the logical message (e.g. ``"stale-reminder:<agency>:<date>"``): a message with
    the same key is stored and sent once, however often a job runs. ``object_id``: the record the
    message is about, for :data:`message_changed` receivers.
    """
    if key and (existing := OutboundMessage.objects.filter(key=key).first()):
        return existing
    with translation.override(language):
        # One line, whatever the template's whitespace: a line break would start a new header.
        subject = " ".join(_render_plain(f"emails/{name}-subject.html", context).split())
        body_text = _render_plain(f"emails/{name}-body-text.html", context)
        body_html = render_to_string(f"emails/{name}-body-html.html", context)
    message = OutboundMessage(
        kind=name,
        key=key or None,
        object_id=object_id,
        to=list(to),
        reply_to=list(reply_to or []),
        headers=dict(headers or {}),
        language=language,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if key is None:
            raise
        return OutboundMessage.objects.get(key=key)  # a concurrent run stored it first
    enqueue(message)
    return message


def enqueue(message: OutboundMessage, *, run_after=None) -> None:
    """Hand the message to the worker once the current transaction commits.

    ``robust``: a queue that refuses the task must not fail the visitor's request; the message
    is stored as queued and ``manage.py mail_queue --requeue`` hands it over again. The callback is
    a named function, not a ``functools.partial``: Django logs a robust callback's failure by its
    ``__qualname__``, which a partial lacks, and that ``AttributeError`` was the request's 500
    (``make faults``, a connection dropped between the inquiry's commit and its task).
    """
    message_id = message.pk

    def enqueue_delivery() -> None:
        task_ = deliver
        if run_after is not None:
            if not default_task_backend.supports_defer:
                return  # left queued with its next_attempt_at: `mail_queue --requeue` picks it up
            task_ = deliver.using(run_after=run_after)
        task_.enqueue(message_id)

    transaction.on_commit(enqueue_delivery, robust=True)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer will not change by trying again; anything else (the server down, slow or
    answering 4xx) may."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: EMAIL_RETRY_BACKOFF, doubling."""
    return min(timedelta(seconds=settings.EMAIL_RETRY_BACKOFF * 2 ** (attempts - 1)), MAX_BACKOFF)


def _as_email(message: OutboundMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=message.to,
        reply_to=message.reply_to,
        headers=message.headers,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


@task()
def deliver(message_id: int) -> str:
    """Send one stored message (the worker runs this); returns its status afterwards."""
    # Claimed with one conditional update, so a message is sent once even if two tasks name it.
    claimed = OutboundMessage.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    message = OutboundMessage.objects.get(pk=message_id)
    try:
        _as_email(message).send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the message
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if is_permanent(error) or message.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
            message.next_attempt_at = None
            logger.error("E-mail %s failed for good: %s", message.pk, message.last_error)
        else:
            message.status = MessageStatus.QUEUED
            message.next_attempt_at = timezone.now() + backoff(message.attempts)
            logger.warning("E-mail %s failed, tried again later: %s", message.pk, message.last_error)
    else:
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
    with transaction.atomic():
        message.save(update_fields=["status", "last_error", "next_attempt_at", "sent_at", "updated_at"])
        if message.status == MessageStatus.QUEUED:
            enqueue(message, run_after=message.next_attempt_at)
        message_changed.send(sender=OutboundMessage, message=message)
    return message.status


@transaction.atomic
def send_again(message: OutboundMessage) -> bool:
    """Queue a failed message again (the back office's action); False if it was not failed."""
    requeued = OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
        status=MessageStatus.QUEUED, attempts=0, next_attempt_at=None, updated_at=timezone.now()
    )
    if requeued:
        message.refresh_from_db()
        enqueue(message)
        message_changed.send(sender=OutboundMessage, message=message)
    return bool(requeued)


def requeue_waiting(*, stuck_after: timedelta = timedelta(hours=1), now=None) -> int:
    """Hand every queued message that is due to the worker again, and put back in the queue the
    messages left *sending* for longer than ``stuck_after`` (a worker killed in the middle of a
    delivery: the message may go out twice, rather than never). The number handed over."""
    now = now or timezone.now()
    OutboundMessage.objects.filter(status=MessageStatus.SENDING, updated_at__lt=now - stuck_after).update(
        status=MessageStatus.QUEUED, updated_at=now
    )
    due = OutboundMessage.objects.filter(status=MessageStatus.QUEUED).exclude(next_attempt_at__gt=now)
    count = 0
    with transaction.atomic():
        for message in due.only("pk"):
            enqueue(message)
            count += 1
    return count
