from django.db import models
from django.utils.translation import gettext_lazy as _

from haidian.core import inquiries
from haidian.core.inquiries import (
    OPEN_INQUIRY,
    AbstractInquiry,
    Conversion,
    DeclineReason,
    InquiryStage,
    InquiryStatus,
)
from haidian.core.models import Country

from .technologies import Technology

__all__ = [
    "OPEN_INQUIRY",
    "Conversion",
    "DeclineReason",
    "Inquiry",
    "InquiryQuerySet",
    "InquiryStage",
    "InquiryStatus",
]


class InquiryQuerySet(inquiries.InquiryQuerySet):
    def for_agency(self, agency):
        return self.filter(technology__agency=agency)


class Inquiry(AbstractInquiry):
    """A visitor's expression of interest in a published listing; private, never shown publicly."""

    technology = models.ForeignKey(
        Technology, verbose_name=_("technology"), on_delete=models.CASCADE, related_name="inquiries"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country or region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_note = models.TextField(
        _("decline note"), blank=True, help_text=_("Shown to the listing's owner with the reason.")
    )
    contract = models.ForeignKey(
        "listings.Contract",
        verbose_name=_("contract"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
    )

    objects = InquiryQuerySet.as_manager()

    class Meta(AbstractInquiry.Meta):
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [
            # Admin queue and dashboard: inquiries awaiting an answer, oldest first.
            models.Index(fields=["status", "created_at"], name="inquiry_status_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.technology}"

    def about_title(self) -> str:
        return self.technology.title
