from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from haidian.backoffice.base import (
    AuditedAdminMixin,
    BackOfficeFormMixin,
    ContentAdmin,
    ImportExportBase,
    WorkflowAdminMixin,
    match_rows,
)
from haidian.backoffice.field_policy import AGENCY_EDITOR, LENDER_STAFF, FieldPolicy
from haidian.backoffice.inquiries import (
    DECLINE_FIELDS,
    HANDLING_FIELDS,
    VISITOR_FIELDS,
    InquiryAdminMixin,
    ResponseTargetFilter,
)
from haidian.backoffice.scoping import LenderScopedAdminMixin, is_center_staff, lender_scope
from haidian.backoffice.submissions import SubmissionAdmin
from haidian.core.inquiries import InquiryStage
from haidian.core.matching import format_cny

from . import inquiries, services
from .models import FinancingInquiry, FinancingNeed, FinancingNeedSubmission, FinancingProduct, LenderMember
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
class FinancingProductAdmin(LenderScopedAdminMixin, MatchesAdminMixin, ImportExportBase, ContentAdmin):
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
    # A lender's staff keep their own lender's products: the lender is theirs, set on save.
    field_policy = FieldPolicy(workflow=("status",), readonly={LENDER_STAFF: ("lender",)})

    def get_matches(self, obj):
        return services.match_needs_for_product(obj, limit=20)

    def has_import_permission(self, request):
        # An import matches rows on slug, whoever's product it is: a lender's staff edit theirs
        # on the change form (and export them), the center imports.
        return lender_scope(request.user).unrestricted and super().has_import_permission(request)

    def save_model(self, request, obj, form, change):
        scope = lender_scope(request.user)
        if not scope.unrestricted:
            obj.lender_id = scope.lender_id
        super().save_model(request, obj, form, change)

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
    # The center's own notes on the company; agency editors read needs to find clients, a lender's
    # staff the open needs their products could fund (read only: they have the view permission).
    field_policy = FieldPolicy(
        hidden={AGENCY_EDITOR: ("internal_notes",), LENDER_STAFF: ("internal_notes",)}, workflow=("status",)
    )

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

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = lender_scope(request.user)
        if scope.unrestricted:
            return queryset
        if scope.lender_id is None:
            return queryset.none()  # lender staff without a lender: fail closed
        return queryset.filter(pk__in=FinancingNeed.objects.fundable_by(scope.lender_id).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not lender_scope(request.user).unrestricted:
            raise Http404  # a need outside the lender's matches looks like a missing one
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

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


@admin.register(LenderMember)
class LenderMemberAdmin(LenderScopedAdminMixin, BackOfficeFormMixin, AuditedAdminMixin, SimpleHistoryAdmin):
    """Who works for which lender: the center adds a lender's staff (their group is "Lender staff")."""

    list_display = ("user", "lender", "title")
    list_select_related = ("user", "lender")
    search_fields = ("user__username", "user__email", "lender__name_en", "lender__name_zh_hans", "title")
    autocomplete_fields = ("user", "lender")
    field_policy = FieldPolicy(readonly={LENDER_STAFF: ("user", "lender")})


@admin.register(FinancingInquiry)
class FinancingInquiryAdmin(
    InquiryAdminMixin,
    LenderScopedAdminMixin,
    WorkflowAdminMixin,
    BackOfficeFormMixin,
    SimpleHistoryAdmin,
):
    """Inquiries from the financing pages: the same queue, stepper and steps as technology inquiries."""

    forward_service = staticmethod(inquiries.inquiry_forward)
    answer_service = staticmethod(inquiries.inquiry_answer)
    spam_service = staticmethod(inquiries.inquiry_mark_spam)
    advance_service = staticmethod(inquiries.inquiry_advance)
    decline_service = staticmethod(inquiries.inquiry_decline)
    # A financing agreement is not in the contract register: it is recorded with one click.
    one_click_stages = {
        **InquiryAdminMixin.one_click_stages,
        InquiryStage.CONTRACT: _("Agreement signed"),
    }
    forward_label = _("Send the e-mail again")
    list_display = (
        "status",
        "created_at",
        "response_time",
        "stage",
        "visitor",
        "about",
        "amount",
        "lender",
        "handled_by",
    )
    list_display_links = ("visitor",)
    list_filter = ("status", "stage", ResponseTargetFilter, "decline_reason", "created_at", "lender")
    list_select_related = ("product", "need", "lender", "handled_by")
    search_fields = (
        "name",
        "organization_name",
        "email",
        "message",
        "product__name_en",
        "product__name_zh_hans",
        "need__title_en",
        "need__title_zh_hans",
    )
    autocomplete_fields = ("lender",)
    readonly_fields = (
        "product",
        "need",
        *VISITOR_FIELDS,
        "amount",
        "term_months",
        *HANDLING_FIELDS,
        *DECLINE_FIELDS,
    )
    fields = (*readonly_fields, "lender", "internal_notes")
    # The center names the lender of an offer to fund a need; a lender's staff do not move an
    # inquiry to another lender. The sender's network address is for the center's abuse handling.
    field_policy = FieldPolicy(
        workflow=("status", "stage"),
        readonly={LENDER_STAFF: ("lender",)},
        hidden={LENDER_STAFF: ("ip_address",)},
    )
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(description=_("amount (CNY)"), ordering="amount_cny")
    def amount(self, obj):
        return format_cny(obj.amount_cny) if obj.amount_cny is not None else "—"

    @admin.display(description=_("about"))
    def about(self, obj):
        kind = _("product") if obj.product_id else _("need")
        return format_html('{}<div class="list-detail">{}</div>', obj.subject, kind)
