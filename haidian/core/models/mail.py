from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundMessageQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(status=MessageStatus.FAILED)

    def waiting(self):
        """Not delivered yet and not given up on: what the worker still has to do."""
        return self.filter(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])


class OutboundMessage(models.Model):
    """One e-mail, rendered and stored before it is sent, so that none is lost.

    The worker (:func:`haidian.core.emails.deliver`) moves it from *queued* to *sent*, or back to
    *queued* with a later ``next_attempt_at`` after a transient failure, or to *failed* after a
    permanent one (or too many attempts); the back office sends a failed one again.
    """

    kind = models.CharField(_("kind"), max_length=40, help_text=_("The e-mail template it was made from."))
    key = models.CharField(
        _("key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("One message per key: a job run again does not send the same message twice."),
    )
    object_id = models.PositiveBigIntegerField(
        _("object"), null=True, blank=True, help_text=_("The record the message is about, if any.")
    )
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail message")
        verbose_name_plural = _("e-mail messages")
        indexes = [
            # The back office's list by status and the dashboard's count of failed messages.
            models.Index(fields=["status", "created_at"], name="outbound_status_created_idx"),
            # The inquiry's messages, when a delivery updates the inquiry.
            models.Index(fields=["kind", "object_id"], name="outbound_kind_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
