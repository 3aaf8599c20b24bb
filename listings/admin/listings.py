from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from haidian.backoffice.base import (
    FORM_ONLY_FIELDS,
    BackOfficeForm,
    BackOfficeFormMixin,
    ContentAdmin,
    ContentInline,
    ImportExportBase,
    WorkflowAdminMixin,
    WorkflowButton,
    match_rows,
)
from haidian.backoffice.field_policy import AGENCY_EDITOR, FieldPolicy
from haidian.backoffice.inquiries import (
    DECLINE_FIELDS,
    HANDLING_FIELDS,
    VISITOR_FIELDS,
    ResponseTargetFilter,
    run_bulk,
)
from haidian.backoffice.scoping import AgencyScopedAdminMixin, is_center_staff, user_agency_id
from haidian.core import workflow

from .. import services
from ..matching import stored_matches, technology_matches
from ..models import (
    Attachment,
    Availability,
    Contract,
    Inquiry,
    Technology,
    TechnologyKind,
    TechnologyStatus,
)
from ..resources import ContractResource, TechnologyResource
from ..search import search_technologies
from .benefits import BenefitClaimInline
from .delete import WithdrawNotDeleteMixin
from .follow_through import FollowThroughAdminMixin, follow_through_summary


class AttachmentInline(ContentInline):
    model = Attachment
    fields = ("title", "file", "is_public", "position", "machine_translated")


class TRLFilter(admin.SimpleListFilter):
    """The nine levels, without the ``SELECT DISTINCT trl`` over the whole table that a plain
    field filter runs on every changelist request (a third of a second at 100,000 listings)."""

    title = _("technology readiness level")
    parameter_name = "trl"
    LEVELS = [str(level) for level in range(1, 10)]  # the model's validators: 1 to 9

    def lookups(self, request, model_admin):
        return [(level, level) for level in self.LEVELS]

    def queryset(self, request, queryset):
        return queryset.filter(trl=int(self.value())) if self.value() in self.LEVELS else queryset


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("stale", _("Not verified for %(days)d days") % {"days": settings.LISTING_STALE_DAYS}),
            ("expired", _("Past expiry, still published")),
            ("edited", _("Changed by the agency since publication, to check")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale(settings.LISTING_STALE_DAYS)
        if self.value() == "expired":
            return queryset.expired()
        if self.value() == "edited":
            return queryset.filter(agency_edited_at__isnull=False)
        return queryset


class TechnologyForm(BackOfficeForm):
    def clean(self):
        cleaned_data = super().clean()
        status = self.instance.status if self.instance.pk else TechnologyStatus.DRAFT
        published_at = cleaned_data.get("published_at", self.instance.published_at)
        expires_at = cleaned_data.get("expires_at", self.instance.expires_at)
        if status == TechnologyStatus.PUBLISHED and "published_at" in self.fields and not published_at:
            self.add_error("published_at", _("A published listing needs its publication date."))
        if published_at and expires_at and expires_at <= published_at:
            self.add_error("expires_at", _("The expiry date must come after the publication date."))
        if not cleaned_data.get("price_negotiable") and cleaned_data.get("price_cny") is None:
            if "price_cny" in self.fields:
                self.add_error("price_cny", _("Give a price or budget, or tick “price negotiable”."))
        self._clean_availability(status, cleaned_data.get("availability"))
        return cleaned_data

    def _clean_availability(self, status, availability) -> None:
        # Staff set "under negotiation" by hand (deals also start off the site); a transfer is
        # recorded by closing the listing, which sets "transferred" and takes it off the public site.
        if "availability" not in self.fields or availability is None:
            return
        if status == TechnologyStatus.CLOSED and availability != Availability.TRANSFERRED:
            self.add_error(
                "availability", _("A closed listing was transferred: its availability stays “Transferred”.")
            )
        elif status != TechnologyStatus.CLOSED and availability == Availability.TRANSFERRED:
            self.add_error(
                "availability",
                _("To record a transfer, use “Close (transferred)”: it also takes the listing off the site."),
            )


@admin.register(Technology)
class TechnologyAdmin(
    AgencyScopedAdminMixin, WithdrawNotDeleteMixin, WorkflowAdminMixin, ImportExportBase, ContentAdmin
):
    form = TechnologyForm
    resource_classes = [TechnologyResource]
    transition_services = services.TRANSITION_SERVICES
    # Status and age first; the kind and owner under the title, so the list fits at 1280 px beside
    # its filters. Agency staff do not get the agency column (AgencyScopedAdminMixin).
    list_display = ("status", "verified", "listing", "trl", "expires_at", "availability", "agency")
    list_display_links = ("listing",)
    list_filter = (
        "kind",
        "status",
        "availability",
        VerificationFilter,
        "ip_status",
        TRLFilter,
        "agency",
        "sectors__parent",
        "published_at",
    )
    list_select_related = ("owner", "agency")
    search_fields = (
        "title_en",
        "title_zh_hans",
        "summary_en",
        "summary_zh_hans",
        "keywords_en",
        "keywords_zh_hans",
        "slug",
        "patent_numbers",
        "owner__name_en",
        "owner__name_zh_hans",
    )
    checkbox_fields = ("transaction_types",)
    autocomplete_fields = ("owner", "agency", "origin_country", "target_countries", "sectors")
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = (
        "status",
        "submitted_at",
        "closed_at",
        "last_verified_at",
        "agency_edited_at",
        "follow_through",
    )
    field_policy = FieldPolicy(
        readonly={AGENCY_EDITOR: ("agency", "published_at")},
        workflow=(
            "status",
            "submitted_at",
            "published_at",
            "closed_at",
            "last_verified_at",
            "agency_edited_at",
        ),
    )
    inlines = [BenefitClaimInline, AttachmentInline]
    # No date_hierarchy: its year list is a DISTINCT over the whole table (0.5 s at 100,000 rows);
    # list_filter offers the same periods at no cost.
    show_full_result_count = False
    actions = [
        "submit_selected",
        "publish_selected",
        "return_selected_to_draft",
        "close_selected",
        "withdraw_selected",
        "verify_selected",
    ]

    @admin.display(description=_("follow-through"))
    def follow_through(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return follow_through_summary(obj)

    @admin.display(description=_("technology"), ordering="title")
    def listing(self, obj):
        return format_html(
            '{}<div class="list-detail">{} · {}</div>', obj.title, obj.get_kind_display(), obj.owner or "—"
        )

    @admin.display(description=_("verified"), ordering="last_verified_at")
    def verified(self, obj):
        if obj.last_verified_at is None:
            return _("never")
        age = timezone.now() - obj.last_verified_at
        text = _("%(time)s ago") % {"time": timesince(obj.last_verified_at, depth=1)}
        if obj.status == TechnologyStatus.PUBLISHED and age > timedelta(days=settings.LISTING_STALE_DAYS):
            return format_html('<span class="errornote-inline" title="{}">⚠ {}</span>', _("stale"), text)
        return text

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return search_technologies(search_term, queryset), False

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("owner", "agency", "origin_country")
            .prefetch_related("sectors", "target_countries", "transaction_types")
        )

    def save_model(self, request, obj, form, change):
        agency_id = user_agency_id(request.user)
        if not is_center_staff(request.user) and agency_id is not None:
            obj.agency_id = agency_id
        edited_live = self._agency_edit_of_published(request, obj, form, change)
        if edited_live:
            obj.agency_edited_at = timezone.now()
        super().save_model(request, obj, form, change)
        if edited_live:
            self.message_user(
                request,
                _(
                    "Your changes to the published listing are live now. The center has been asked to "
                    "check them; it may ask you to correct something."
                ),
                messages.WARNING,
            )

    @staticmethod
    def _agency_edit_of_published(request, obj, form, change) -> bool:
        """An agency editor changed what the public reads on a published listing: the change goes
        live at once and is flagged for the center to check (issue 19: review of edits)."""
        public_change = [name for name in form.changed_data if name not in FORM_ONLY_FIELDS]
        return (
            change
            and not is_center_staff(request.user)
            and obj.status == TechnologyStatus.PUBLISHED
            and bool(public_change)
        )

    # --- Workflow --------------------------------------------------------------------------------

    def get_workflow_buttons(self, request, obj):
        buttons = self.declared_buttons(request, obj)
        if obj.status not in (TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN):
            buttons.append(WorkflowButton("verify", _("Confirm still current")))
        if obj.agency_edited_at and is_center_staff(request.user):
            buttons.append(WorkflowButton("edits_checked", _("Agency changes checked")))
        return buttons

    def run_workflow(self, request, obj, name, reason):
        if name == "edits_checked":
            services.technology_edits_checked(technology=obj, by=request.user)
            return _("The agency's changes to “%(title)s” are marked as checked.") % {"title": obj}
        if name == "verify":
            services.technology_verify(technology=obj, by=request.user)
            return _("“%(title)s” is confirmed as current.") % {"title": obj}
        listing = self.transition_services[name](technology=obj, by=request.user, reason=reason)
        return _("“%(title)s” is now %(status)s.") % {
            "title": listing,
            "status": listing.get_status_display().lower(),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            context.update(self._matches_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _matches_context(self, request, obj):
        """The matches the public sees (the stored rows) for a published listing; for one that is
        not (a draft, in review, expired, closed), which keeps no stored rows, scored now and said so."""
        if obj.is_public:
            found, note = stored_matches(obj, limit=10, near_misses=0), ""
        else:
            found = technology_matches(obj, limit=10, near_misses=0)
            note = _("Computed now: this listing is not published, so its matches are not stored.")
        if obj.kind == TechnologyKind.NEED:
            title = _("Offers that could answer this need")
        else:
            title = _("Open needs this offer could answer")
        return {
            "matches_template": "admin/haidian/matches.html",
            "matches_title": title,
            "matches_note": note,
            "matches": match_rows(request, found.matches, "technology"),
        }

    def _bulk_transition(self, request, queryset, name):
        if not workflow.may(Technology, name, request.user):
            self.message_user(request, _("Only center administrators can do that."), messages.ERROR)
            return
        label = workflow.label(Technology, name)
        run_bulk(
            self,
            request,
            queryset,
            services.TRANSITION_SERVICES[name],
            done=lambda n: (
                ngettext("%(n)d listing: %(what)s.", "%(n)d listings: %(what)s.", n)
                % {"n": n, "what": str(label).lower()}
            ),
        )

    @admin.action(description=_("Submit selected listings for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "submit")

    @admin.action(description=_("Publish selected listings"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "publish")

    @admin.action(description=_("Return selected listings to draft"), permissions=["change"])
    def return_selected_to_draft(self, request, queryset):
        self._bulk_transition(request, queryset, "return_to_draft")

    @admin.action(description=_("Close selected listings (transferred)"), permissions=["change"])
    def close_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "close")

    @admin.action(description=_("Withdraw selected listings"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "withdraw")

    @admin.action(description=_("Confirm selected listings are still current"), permissions=["change"])
    def verify_selected(self, request, queryset):
        run_bulk(
            self,
            request,
            queryset,
            services.technology_verify,
            done=lambda n: (
                ngettext("%(n)d listing confirmed as current.", "%(n)d listings confirmed as current.", n)
                % {"n": n}
            ),
        )


@admin.register(Attachment)
class AttachmentAdmin(AgencyScopedAdminMixin, ContentAdmin):
    agency_lookup = "technology__agency"
    list_display = ("title", "technology", "is_public", "position", "created_at")
    list_editable = ("is_public", "position")
    list_filter = ("is_public",)
    list_select_related = ("technology",)
    search_fields = ("title_en", "title_zh_hans", "technology__title_en", "technology__title_zh_hans")
    autocomplete_fields = ("technology",)
    # What the uploaded file was checked to be (haidian.core.uploads); the download uses the original name.
    readonly_fields = ("original_name", "content_type", "size")
    show_full_result_count = False


@admin.register(Inquiry)
class InquiryAdmin(
    FollowThroughAdminMixin,
    AgencyScopedAdminMixin,
    WorkflowAdminMixin,
    BackOfficeFormMixin,
    SimpleHistoryAdmin,
):
    agency_lookup = "technology__agency"
    # Status and age first (received, and how long it waited); agency staff do not get the agency
    # column (AgencyScopedAdminMixin).
    list_display = (
        "status",
        "created_at",
        "response_time",
        "stage",
        "visitor",
        "technology",
        "agency",
        "handled_by",
    )
    list_display_links = ("visitor",)
    list_filter = ("status", "stage", ResponseTargetFilter, "decline_reason", "created_at", "language")
    list_select_related = ("technology__agency", "handled_by")
    search_fields = (
        "name",
        "organization_name",
        "email",
        "message",
        "technology__title_en",
        "technology__title_zh_hans",
    )
    autocomplete_fields = ("technology", "country")
    # The contract a signed inquiry led to is set by listings.follow_through.
    readonly_fields = (
        "technology",
        *VISITOR_FIELDS,
        "country",
        *HANDLING_FIELDS,
        "contract",
        *DECLINE_FIELDS,
    )
    fields = readonly_fields + ("internal_notes",)
    # The visitor's address on the network is for the center's abuse handling, not the agencies'.
    field_policy = FieldPolicy(workflow=("status", "stage"), hidden={AGENCY_EDITOR: ("ip_address",)})
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(description=_("agency"), ordering="technology__agency__name")
    def agency(self, obj):
        return obj.technology.agency


@admin.register(Contract)
class ContractAdmin(AgencyScopedAdminMixin, ImportExportBase, ContentAdmin):
    resource_classes = [ContractResource]
    # Published and signed first; the parties under the title and the currency beside the value, so
    # the list fits at 1280 px beside its filters.
    list_display = ("is_published", "signed_on", "contract", "amount", "value_cny", "agency")
    list_display_links = ("contract",)
    list_filter = (
        "contract_type",
        "currency",
        "is_published",
        "value_is_public",
        "agency",
        "destination_country",
    )
    list_select_related = ("seller", "buyer", "agency")
    search_fields = (
        "reference",
        "title_en",
        "title_zh_hans",
        "seller__name_en",
        "seller__name_zh_hans",
        "buyer__name_en",
        "buyer__name_zh_hans",
    )
    autocomplete_fields = ("technology", "seller", "buyer", "agency", "destination_country", "sectors")
    field_policy = FieldPolicy(readonly={AGENCY_EDITOR: ("agency",)})
    date_hierarchy = "signed_on"
    show_full_result_count = False

    @admin.display(description=_("contract"), ordering="reference")
    def contract(self, obj):
        return format_html(
            '{} · {}<div class="list-detail">{} → {}</div>', obj.reference, obj.title, obj.seller, obj.buyer
        )

    @admin.display(description=_("value"), ordering="value")
    def amount(self, obj):
        return f"{number_format(obj.value, decimal_pos=0, force_grouping=True)} {obj.currency}"

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("technology", "seller", "buyer", "agency", "destination_country")
            .prefetch_related("sectors")
        )

    def save_model(self, request, obj, form, change):
        agency_id = user_agency_id(request.user)
        if not is_center_staff(request.user) and agency_id is not None:
            obj.agency_id = agency_id
        super().save_model(request, obj, form, change)


# Search alerts: their own module (personal data, center staff only).
