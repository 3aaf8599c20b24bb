from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from haidian.backoffice.scoping import is_center_staff
from haidian.core.fields import RichTextField
from haidian.core.inquiries import AbstractInquiry, InquiryQuerySet
from haidian.core.models import AuditedModel, Organization, Sector, TranslationProvenance
from haidian.core.submissions import Submission
from haidian.core.workflow import StateField


class FinancingType(models.TextChoices):
    BANK_LOAN = "bank_loan", _("Bank loan")
    IP_PLEDGE = "ip_pledge", _("IP-pledge loan")
    EQUITY = "equity", _("Equity investment")
    VENTURE_DEBT = "venture_debt", _("Venture debt")
    GUARANTEE = "guarantee", _("Guarantee")
    LEASING = "leasing", _("Leasing")
    GRANT = "grant", _("Government grant")


class CompanyStageKind(models.TextChoices):
    SEED = "seed", _("Seed")
    STARTUP = "startup", _("Start-up")
    GROWTH = "growth", _("Growth")
    EXPANSION = "expansion", _("Expansion")
    MATURE = "mature", _("Mature")


class CompanyStage(models.Model):
    """One of the fixed company stages a product accepts; rows are created by a migration."""

    code = models.CharField(_("code"), max_length=12, primary_key=True, choices=CompanyStageKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("company stage")
        verbose_name_plural = _("company stages")

    def __str__(self) -> str:
        return str(CompanyStageKind(self.code).label)


class ProductStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class FinancingProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ProductStatus.ACTIVE)


class FinancingProduct(TranslationProvenance, AuditedModel):
    """A financing product that a lender or investor offers to technology companies."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    lender = models.ForeignKey(
        Organization, verbose_name=_("lender"), on_delete=models.PROTECT, related_name="financing_products"
    )
    name = models.CharField(_("name"), max_length=200)
    description = RichTextField(_("description"), blank=True)
    product_type = models.CharField(_("type"), max_length=16, choices=FinancingType.choices)
    amount_min_cny = models.DecimalField(_("minimum amount (CNY)"), max_digits=16, decimal_places=2)
    amount_max_cny = models.DecimalField(_("maximum amount (CNY)"), max_digits=16, decimal_places=2)
    term_min_months = models.PositiveSmallIntegerField(_("minimum term (months)"), null=True, blank=True)
    term_max_months = models.PositiveSmallIntegerField(_("maximum term (months)"), null=True, blank=True)
    rate_min_pct = models.DecimalField(
        _("minimum annual rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rate_max_pct = models.DecimalField(
        _("maximum annual rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    collateral = models.CharField(_("collateral"), max_length=300, blank=True)
    sectors = models.ManyToManyField(
        Sector,
        verbose_name=_("eligible sectors"),
        blank=True,
        related_name="financing_products",
        help_text=_("Leave empty when every sector is eligible."),
    )
    stages = models.ManyToManyField(
        CompanyStage,
        verbose_name=_("eligible company stages"),
        blank=True,
        related_name="financing_products",
        help_text=_("Leave empty when every stage is eligible."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.ACTIVE
    )

    objects = FinancingProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("financing product")
        verbose_name_plural = _("financing products")
        constraints = [
            models.CheckConstraint(condition=Q(amount_min_cny__gte=0), name="product_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_min_cny__lte=F("amount_max_cny")), name="product_amount_range"
            ),
            models.CheckConstraint(
                condition=Q(term_min_months__isnull=True)
                | Q(term_max_months__isnull=True)
                | Q(term_min_months__lte=F("term_max_months")),
                name="product_term_range",
            ),
            models.CheckConstraint(
                condition=Q(rate_min_pct__isnull=True) | Q(rate_min_pct__gte=0),
                name="product_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rate_min_pct__isnull=True)
                | Q(rate_max_pct__isnull=True)
                | Q(rate_min_pct__lte=F("rate_max_pct")),
                name="product_rate_range",
            ),
        ]
        indexes = [
            # Product list and matching: active products of a type covering an amount.
            models.Index(
                fields=["status", "product_type", "amount_min_cny", "amount_max_cny"],
                name="product_match_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("financing:product", kwargs={"slug": self.slug})


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    FUNDED = "funded", _("Funded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_NEED_STATUSES = [NeedStatus.OPEN, NeedStatus.MATCHED, NeedStatus.FUNDED]


class FinancingNeedQuerySet(models.QuerySet):
    def published(self):
        """Needs the public may read: open ones and those already matched or funded."""
        return self.filter(status__in=PUBLIC_NEED_STATUSES)

    def open(self):
        """Needs still looking for money: open and not past their deadline."""
        today = timezone.localdate()
        return self.filter(status=NeedStatus.OPEN).filter(Q(deadline__isnull=True) | Q(deadline__gte=today))

    def fundable_by(self, lender_id):
        """Open needs that an active product of the lender could serve: the type it offers and an
        amount within its range (the tests of financing matching that disqualify; sectors, stage
        and term only rank). What a lender's staff see of the needs in the back office."""
        products = FinancingProduct.objects.active().filter(
            lender_id=lender_id,
            product_type=OuterRef("financing_type"),
            amount_min_cny__lte=OuterRef("amount_cny"),
            amount_max_cny__gte=OuterRef("amount_cny"),
        )
        return self.open().filter(Exists(products))


class FinancingNeed(TranslationProvenance, AuditedModel):
    """A company's need for financing."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    company = models.ForeignKey(
        Organization, verbose_name=_("company"), on_delete=models.PROTECT, related_name="financing_needs"
    )
    title = models.CharField(_("title"), max_length=250)
    purpose = models.TextField(_("purpose"), blank=True)
    financing_type = models.CharField(_("type wanted"), max_length=16, choices=FinancingType.choices)
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    stage = models.CharField(_("company stage"), max_length=12, choices=CompanyStageKind.choices)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="financing_needs"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = StateField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    internal_notes = models.TextField(_("internal notes"), blank=True)

    objects = FinancingNeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("financing need")
        verbose_name_plural = _("financing needs")
        constraints = [
            models.CheckConstraint(condition=Q(amount_cny__gt=0), name="need_amount_positive"),
        ]
        indexes = [
            # Needs list and reverse matching: needs by status and type, newest first.
            models.Index(fields=["status", "financing_type", "-created_at"], name="need_status_type_idx"),
            # Amount range filter on the needs list.
            models.Index(fields=["amount_cny"], name="need_amount_idx"),
            # Needs list (API, website, admin), newest first: read in index order, stopped after a page.
            models.Index(fields=["-created_at", "-id"], name="need_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("financing:need", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        """Still looking for money: the test of ``FinancingNeedQuerySet.open()``, on one need."""
        return self.status == NeedStatus.OPEN and (
            self.deadline is None or self.deadline >= timezone.localdate()
        )

    # --- The workflow of a need posted from the public site: a draft until the center publishes it
    # (open); withdrawn by the center (declined) or by the company. financing/services.py runs them.

    @transition(
        field=status,
        source=NeedStatus.DRAFT,
        target=NeedStatus.OPEN,
        permission=lambda need, user: is_center_staff(user),
        custom={"label": _("Published"), "button": _("Publish"), "primary": True},
    )
    def publish(self, now) -> list[str]:
        return []

    @transition(
        field=status,
        source=[NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.MATCHED],
        target=NeedStatus.WITHDRAWN,
        custom={"label": _("Withdrawn"), "button": _("Withdraw")},
    )
    def withdraw(self, now) -> list[str]:
        return []


class FinancingNeedSubmission(Submission):
    """A financing need posted from the public site (see ``haidian.core.submissions``); the need
    exists once the company confirms its address, as a draft in the center's queue."""

    confirm_url_name = "financing:submission_confirm"
    withdraw_url_name = "financing:submission_withdraw"
    record_field = "need"

    need = models.OneToOneField(
        FinancingNeed,
        verbose_name=_("financing need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="submission",
    )

    class Meta(Submission.Meta):
        verbose_name = _("financing need submission")
        verbose_name_plural = _("financing need submissions")
        indexes = [
            # The clean-up of unconfirmed submissions and the moderation queue (confirmed, newest first).
            models.Index(fields=["confirmed_at", "created_at"], name="need_submission_confirmed_idx"),
        ]


class LenderMember(AuditedModel):
    """A staff user working for one lender: they keep its financing products in the back office,
    see the needs those products match and handle the inquiries about them."""

    lender = models.ForeignKey(
        Organization, verbose_name=_("lender"), on_delete=models.CASCADE, related_name="lender_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="lender_memberships",
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        ordering = ["lender", "user"]
        verbose_name = _("lender staff member")
        verbose_name_plural = _("lender staff")
        constraints = [
            # A user works for one lender; that is the lender whose records they may see and edit.
            models.UniqueConstraint(fields=["user"], name="lendermember_one_lender_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.lender}"


class FinancingInquiryQuerySet(InquiryQuerySet):
    def for_lender(self, lender_id):
        return self.filter(lender_id=lender_id)


class FinancingInquiry(AbstractInquiry):
    """A structured inquiry from a financing page: a company asking a lender about a product, or a
    lender offering to fund a company's need. It follows the same path, response-time target and
    decline codes as a technology inquiry (haidian.core.inquiries)."""

    product = models.ForeignKey(
        FinancingProduct,
        verbose_name=_("financing product"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    need = models.ForeignKey(
        FinancingNeed,
        verbose_name=_("financing need"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    lender = models.ForeignKey(
        Organization,
        verbose_name=_("lender"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="financing_inquiries",
        help_text=_(
            "The product's lender; for an offer to fund a need, the lender who made it once the center "
            "knows it. Its staff see the inquiry in the back office."
        ),
    )
    amount_cny = models.DecimalField(
        _("amount (CNY)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    objects = FinancingInquiryQuerySet.as_manager()

    class Meta(AbstractInquiry.Meta):
        verbose_name = _("financing inquiry")
        verbose_name_plural = _("financing inquiries")
        constraints = [
            *AbstractInquiry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(product__isnull=False, need__isnull=True)
                | Q(product__isnull=True, need__isnull=False),
                name="financinginquiry_product_or_need",
            ),
        ]
        indexes = [
            # Admin queue and dashboard: inquiries awaiting an answer, oldest first.
            models.Index(fields=["status", "created_at"], name="fininquiry_status_created_idx"),
            # A lender's inquiries, newest first (its staff's list and dashboard panel).
            models.Index(fields=["lender", "-created_at"], name="fininquiry_lender_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.subject}"

    @property
    def subject(self):
        """What the inquiry is about: the product or the need."""
        return self.product if self.product_id else self.need

    def about_title(self) -> str:
        return str(self.subject)
