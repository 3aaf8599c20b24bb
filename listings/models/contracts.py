from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from haidian.core.matching import format_cny
from haidian.core.models import AuditedModel, Country, Organization, Sector, TranslationProvenance

from .technologies import Technology, TransactionTypeKind


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")
    JPY = "JPY", _("Japanese yen")
    SEK = "SEK", _("Swedish krona")
    HKD = "HKD", _("Hong Kong dollar")
    GBP = "GBP", _("Pound sterling")


class ContractQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_agency(self, agency):
        return self.filter(agency=agency)

    def with_public_value(self):
        """Annotated with ``public_value_cny``: the CNY value, or None when it is confidential. Value
        filters and ordering use it, so a confidential value can be neither found by bisection nor
        ranked."""
        return self.annotate(
            public_value_cny=models.Case(
                models.When(value_is_public=True, then=models.F("value_cny")),
                default=None,
                output_field=models.DecimalField(),
            )
        )


class Contract(TranslationProvenance, AuditedModel):
    """A signed technology transfer contract; the statistics are computed from these rows."""

    reference = models.SlugField(_("reference"), max_length=40, unique=True, help_text=_("e.g. HD-2025-007"))
    title = models.CharField(_("title"), max_length=250)
    technology = models.ForeignKey(
        Technology,
        verbose_name=_("listing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
    )
    seller = models.ForeignKey(
        Organization, verbose_name=_("seller"), on_delete=models.PROTECT, related_name="contracts_sold"
    )
    buyer = models.ForeignKey(
        Organization, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="contracts_bought"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("brokering agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    contract_type = models.CharField(_("contract type"), max_length=20, choices=TransactionTypeKind.choices)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="contracts")
    destination_country = models.ForeignKey(
        Country,
        verbose_name=_("destination country or region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the technology goes."),
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    value_cny = models.DecimalField(
        _("value in CNY"),
        max_digits=18,
        decimal_places=2,
        help_text=_("At the exchange rate of the signing date."),
    )
    value_is_public = models.BooleanField(
        _("value may be shown publicly"), default=True, help_text=_("Untick for a confidential value.")
    )
    signed_on = models.DateField(_("signed on"))
    summary = models.TextField(_("summary"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("transfer contract")
        verbose_name_plural = _("transfer contracts")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
            models.CheckConstraint(condition=Q(value_cny__gte=0), name="contract_value_cny_not_negative"),
            models.CheckConstraint(condition=Q(currency__in=Currency.values), name="contract_currency_known"),
            models.CheckConstraint(condition=~Q(seller=models.F("buyer")), name="contract_seller_not_buyer"),
        ]
        indexes = [
            # Contract list and statistics by year: published contracts by signing date.
            models.Index(fields=["is_published", "-signed_on"], name="contract_pub_signed_idx"),
            # Contract list (API, website, admin), most recently signed first: read in index order and
            # stopped after a page (SQLite uses no index for the bare boolean test of published()).
            models.Index(fields=["-signed_on", "-id"], name="contract_signed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def value_text(self) -> str:
        """The CNY value as the reader expects it, with the original currency, amount and rate of
        the signing day when it was converted. Callers show it only when ``value_is_public``."""
        return format_cny(self.value_cny, original=self.value, currency=self.currency, on=self.signed_on)
