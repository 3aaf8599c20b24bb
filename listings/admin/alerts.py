"""The back office of search alerts: visitors' e-mail addresses, so center staff only (agency
editors never see them), read-only, with an unsubscribe action and an export for a visitor's
data-protection request."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haidian.backoffice.scoping import is_center_staff
from haidian.core.csv_export import csv_bytes

from ..alerts import alert_unsubscribe
from ..models import SearchSubscription

EXPORT_FIELDS = [
    "email",
    "query",
    "language",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
    "last_sent_at",
    "ip_address",
]


class AlertStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("Awaiting confirmation")),
            ("active", _("Active")),
            ("unsubscribed", _("Unsubscribed")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True)
        if self.value() == "active":
            return queryset.active()
        if self.value() == "unsubscribed":
            return queryset.filter(unsubscribed_at__isnull=False)
        return queryset


@admin.register(SearchSubscription)
class SearchSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "search", "language", "state", "created_at", "confirmed_at", "last_sent_at")
    list_filter = (AlertStateFilter, "language")
    search_fields = ("email",)
    date_hierarchy = "created_at"
    # Everything is read-only: an alert is the visitor's, changed only by their own links.
    readonly_fields = EXPORT_FIELDS
    fields = readonly_fields
    actions = ("unsubscribe", "export_csv")
    show_full_result_count = False

    # Personal data: center staff only, whatever model permissions an agency editor was given.
    def has_module_permission(self, request):
        return is_center_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_center_staff(request.user)

    def has_change_permission(self, request, obj=None):
        # Needed by the actions; every field is read-only.
        return is_center_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        # A visitor may ask for their data to be erased.
        return is_center_staff(request.user)

    def has_add_permission(self, request):
        return False  # only a visitor's own confirmed subscription may start an alert

    @admin.display(description=_("search"), ordering="query")
    def search(self, obj):
        return obj.query or _("(every listing)")

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.unsubscribed_at:
            return _("Unsubscribed")
        if obj.confirmed_at:
            return _("Active")
        return _("Awaiting confirmation")

    @admin.action(description=_("Unsubscribe the selected alerts"))
    def unsubscribe(self, request, queryset):
        count = 0
        for subscription in queryset.filter(unsubscribed_at__isnull=True):
            alert_unsubscribe(subscription=subscription)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d alert unsubscribed.", "%(count)d alerts unsubscribed.", count)
            % {"count": count},
        )

    @admin.action(description=_("Export the selected alerts (CSV, for a data-protection request)"))
    def export_csv(self, request, queryset):
        rows = queryset.order_by("email", "pk").values(*EXPORT_FIELDS)
        response = HttpResponse(csv_bytes(EXPORT_FIELDS, rows), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="search-alerts-{stamp}.csv"'
        return response
