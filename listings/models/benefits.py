from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from haidian.core.models import AuditedModel, TranslationProvenance

from .technologies import Technology


def format_benefit_value(value: Decimal | None) -> str:
    """A claim's value as plain digits without trailing zeros or an exponent: 35, 0.5, 1200."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


class BenefitClaim(TranslationProvenance, AuditedModel):
    """A quantified benefit of a technology: metric, value and unit, compared with what."""

    technology = models.ForeignKey(
        Technology, verbose_name=_("technology"), on_delete=models.CASCADE, related_name="benefits"
    )
    metric = models.CharField(_("metric"), max_length=120, help_text=_("e.g. energy use, yield, error rate."))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. %, kWh/t, days."))
    compared_with = models.CharField(
        _("compared with"),
        max_length=200,
        blank=True,
        help_text=_("The baseline the value is measured against, e.g. conventional furnaces."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("quantified benefit")
        verbose_name_plural = _("quantified benefits")

    def __str__(self) -> str:
        return f"{self.metric}: {format_benefit_value(self.value)} {self.unit}".strip()
