"""The moderation queue of public submissions (``haidian.core.submissions``): who sent what, and
where the record it became stands. Read-only: the record itself is edited, published or declined
on its own change form, through its workflow; only the submitter's links withdraw."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

SUBMISSION_FIELDS = (
    "contact_name",
    "email",
    "organization_name",
    "language",
    "created_at",
    "confirmed_at",
    "withdrawn_at",
    "outcome",
    "outcome_reason",
)


class SubmissionAdmin(admin.ModelAdmin):
    """The queue of one app's submission model (its ``record_field`` links the record)."""

    list_display = ("organization_name", "email", "record", "state", "created_at", "confirmed_at")
    list_filter = ("outcome", "language")
    search_fields = ("organization_name", "email", "contact_name")
    date_hierarchy = "confirmed_at"
    show_full_result_count = False

    def get_queryset(self, request):
        # Unconfirmed submissions are nobody's to moderate: an address may have been typed by anyone.
        return super().get_queryset(request).confirmed().select_related(self.model.record_field)

    def get_fields(self, request, obj=None):
        return (*SUBMISSION_FIELDS, "record")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the submitter's own words; the record they became is edited instead

    def has_delete_permission(self, request, obj=None):
        return False  # the record's history names the submission; a withdrawal keeps both

    @admin.display(description=_("record"))
    def record(self, obj):
        record = getattr(obj, obj.record_field)
        if record is None:
            return "—"
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a> ({})', url, record, record.get_status_display())

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.withdrawn_at:
            return _("Withdrawn by the submitter")
        if obj.outcome:
            return obj.get_outcome_display()
        return _("Awaiting review")
