"""Quantified benefits in the back office: an inline on the listing, and a list of every claim
(scoped to an agency editor's own listings, like attachments)."""

from django.contrib import admin

from haidian.backoffice.base import ContentAdmin, ContentInline
from haidian.backoffice.scoping import AgencyScopedAdminMixin

from ..models import BenefitClaim


class BenefitClaimInline(ContentInline):
    model = BenefitClaim
    fields = ("metric", "value", "unit", "compared_with", "position", "machine_translated")


@admin.register(BenefitClaim)
class BenefitClaimAdmin(AgencyScopedAdminMixin, ContentAdmin):
    agency_lookup = "technology__agency"
    list_display = ("metric", "value", "unit", "compared_with", "technology", "position")
    list_select_related = ("technology",)
    search_fields = (
        "metric_en",
        "metric_zh_hans",
        "compared_with_en",
        "compared_with_zh_hans",
        "technology__title_en",
        "technology__title_zh_hans",
    )
    autocomplete_fields = ("technology",)
    show_full_result_count = False
