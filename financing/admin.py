from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from haidian.backoffice.base import ContentAdmin, ImportExportBase, WorkflowAdminMixin, match_rows
from haidian.backoffice.field_policy import AGENCY_EDITOR, FieldPolicy
from haidian.backoffice.scoping import is_center_staff
from haidian.backoffice.submissions import SubmissionAdmin

from . import services
from .models import FinancingNeed, FinancingNeedSubmission, FinancingProduct
from .resources import FinancingNeedResource, FinancingProductResource

MATCHES_TEMPLATE = "admin/haidian/workflow_change_form.html"


class MatchesAdminMixin:
    """Shows the matching service's ranked matches, with their reasons, under the change form."""

    change_form_template = MATCHES_TEMPLATE
    matches_title = ""
    matches_attribute = ""

    def get_matches(self, obj):
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        matches = self.get_matches(obj) if change and obj is not None else None
        if matches is not None:
            context.update(
                {
                    "matches_template": "admin/haidian/matches.html",
                    "matches_title": self.matches_title,
                    "matches": match_rows(request, matches, self.matches_attribute),
                }
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(FinancingProduct)
class FinancingProductAdmin(MatchesAdminMixin, ImportExportBase, ContentAdmin):
    resource_classes = [FinancingProductResource]
    matches_title = _("Financing needs this product could serve")
    matches_attribute = "need"
    list_display = ("name", "lender", "product_type", "amount_min_cny", "amount_max_cny", "status")
    list_filter = ("product_type", "status", "stages")
    list_select_related = ("lender",)
    search_fields = ("name_en", "name_zh_hans", "slug", "lender__name_en", "lender__name_zh_hans")
    checkbox_fields = ("stages",)
    autocomplete_fields = ("lender", "sectors")
    prepopulated_fields = {"slug": ("name_en",)}
    field_policy = FieldPolicy(workflow=("status",))

    def get_matches(self, obj):
        return services.match_needs_for_product(obj, limit=20)

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("sectors", "stages")


@admin.register(FinancingNeed)
class FinancingNeedAdmin(MatchesAdminMixin, WorkflowAdminMixin, ImportExportBase, ContentAdmin):
    resource_classes = [FinancingNeedResource]
    transition_services = services.NEED_TRANSITION_SERVICES
    matches_title = _("Financing products that could meet this need")
    matches_attribute = "product"
    list_display = ("title", "company", "financing_type", "amount_cny", "stage", "deadline", "status")
    list_filter = ("status", "financing_type", "stage")
    list_select_related = ("company",)
    search_fields = ("title_en", "title_zh_hans", "slug", "company__name_en", "company__name_zh_hans")
    autocomplete_fields = ("company", "sectors")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "deadline"
    show_full_result_count = False
    # The status changes through the need's declared workflow (the buttons above the form) alone.
    readonly_fields = ("status",)
    # The center's own notes on the company; agency editors read needs to find clients.
    field_policy = FieldPolicy(hidden={AGENCY_EDITOR: ("internal_notes",)}, workflow=("status",))

    def get_matches(self, obj):
        return services.match_products_for_need(obj, limit=20)

    def get_workflow_buttons(self, request, obj):
        return self.declared_buttons(request, obj)

    def run_workflow(self, request, obj, name, reason):
        need = self.transition_services[name](need=obj, by=request.user, reason=reason)
        return _("“%(title)s” is now %(status)s.") % {
            "title": need,
            "status": need.get_status_display().lower(),
        }

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("sectors")


@admin.register(FinancingNeedSubmission)
class FinancingNeedSubmissionAdmin(SubmissionAdmin):
    """The moderation queue of financing needs posted from the public site: the center's alone
    (financing knows no agencies), so agency editors do not see the companies' contacts."""

    def has_module_permission(self, request):
        return is_center_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_center_staff(request.user)
