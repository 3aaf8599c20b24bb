from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from haidian.backoffice.base import AuditedAdminMixin, BackOfficeFormMixin, ContentAdmin, ImportExportBase
from haidian.backoffice.field_policy import AGENCY_EDITOR, FieldPolicy
from haidian.backoffice.field_policy_admin import FieldPolicyFieldsMixin
from haidian.backoffice.safety import ProtectedDeleteMixin
from haidian.backoffice.scoping import AgencyScopedAdminMixin, is_center_staff

from . import admin_accounts  # noqa: F401  (registers the user and group admins)
from .models import Agency, AgencyMember
from .resources import AgencyResource


class AgencyMemberInline(FieldPolicyFieldsMixin, admin.TabularInline):
    model = AgencyMember
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "title")
    # Accounts are the center's to create; an agency editor adjusts roles and titles only.
    field_policy = FieldPolicy(readonly={AGENCY_EDITOR: ("user",)})

    def has_add_permission(self, request, obj=None):
        return is_center_staff(request.user) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_center_staff(request.user) and super().has_delete_permission(request, obj)


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdminMixin, ProtectedDeleteMixin, ImportExportBase, ContentAdmin):
    agency_lookup = "pk"
    protected_advice = _(
        "Contracts and listings are the center's record and stay with the agency that brokered them. "
        "To take an agency out of service, set its status to “Suspended” instead."
    )
    resource_classes = [AgencyResource]
    list_display = ("name_en", "name_zh_hans", "status", "joined_on", "contact_email")
    list_filter = ("status", "services", "joined_on")
    search_fields = ("name_en", "name_zh_hans", "slug", "contact_email")
    checkbox_fields = ("services",)
    autocomplete_fields = ("sectors", "countries")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [AgencyMemberInline]
    date_hierarchy = "joined_on"
    # The center suspends and reinstates on the change form; a revert never does.
    field_policy = FieldPolicy(
        readonly={AGENCY_EDITOR: ("slug", "status", "joined_on")},
        hidden={AGENCY_EDITOR: ("internal_notes",)},
        workflow=("status",),
    )

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("services", "sectors", "countries")


@admin.register(AgencyMember)
class AgencyMemberAdmin(AgencyScopedAdminMixin, BackOfficeFormMixin, AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ("user", "agency", "role", "title")
    list_filter = ("role", ("agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "agency")
    search_fields = ("user__username", "user__email", "agency__name_en", "agency__name_zh_hans", "title")
    autocomplete_fields = ("user", "agency")
    field_policy = FieldPolicy(readonly={AGENCY_EDITOR: ("user", "agency")})
