"""The back office's view of the e-mail queue: every message with its status, and "Send again"."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haidian.core import emails
from haidian.core.models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = (
        "subject",
        "recipients",
        "kind",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "kind")
    search_fields = ("subject", "to", "key")
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["send_again"]
    # A record of what was sent: nothing in it is edited by hand.
    readonly_fields = (
        "kind",
        "key",
        "object_id",
        "to",
        "reply_to",
        "headers",
        "language",
        "subject",
        "body_text",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "updated_at",
        "sent_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # messages come from the site's own e-mails

    @admin.display(description=_("to"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.action(description=_("Send the selected failed messages again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = sum(emails.send_again(message) for message in queryset)
        self.message_user(
            request,
            ngettext("%(n)d message queued again.", "%(n)d messages queued again.", count) % {"n": count},
            messages.SUCCESS if count else messages.WARNING,
        )
