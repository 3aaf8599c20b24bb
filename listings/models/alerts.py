from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchSubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed by the visitor and not unsubscribed: these receive digests."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class SearchSubscription(models.Model):
    """A visitor's e-mail alert for one technology search; no account, double opt-in."""

    email = models.EmailField(_("e-mail"))
    query = models.CharField(
        _("search"), max_length=1000, blank=True, help_text=_("The list page's query string, normalised.")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True, editable=False)
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)

    objects = SearchSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("search alert")
        verbose_name_plural = _("search alerts")
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="subscription_email_query_unique"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(confirmed_at__gte=models.F("created_at")),
                name="subscription_confirmed_after_created",
            ),
        ]
        indexes = [
            # The digest command: confirmed, still subscribed alerts.
            models.Index(fields=["confirmed_at", "unsubscribed_at"], name="subscription_active_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.query or '*'}"
