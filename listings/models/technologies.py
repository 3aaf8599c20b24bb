from datetime import timedelta

from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from agencies.models import Agency
from haidian.backoffice.scoping import is_center_staff
from haidian.core.fields import RichTextField
from haidian.core.models import AuditedModel, Country, Organization, Sector, TranslationProvenance
from haidian.core.uploads import DOCUMENT_TYPES, MAX_UPLOAD_BYTES, CheckedUploadsMixin
from haidian.core.workflow import StateField, TransitionError
from listings.uploads import attachment_upload_to


class TechnologyKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class TechnologyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed (transferred)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Availability(models.TextChoices):
    """Where a listing stands in the deal, shown to readers beside when it was last verified."""

    AVAILABLE = "available", _("Available")
    UNDER_NEGOTIATION = "under_negotiation", _("Under negotiation")
    TRANSFERRED = "transferred", _("Transferred")


class IPStatus(models.TextChoices):
    GRANTED_PATENT = "granted_patent", _("Granted patent")
    PENDING_PATENT = "pending_patent", _("Patent pending")
    SOFTWARE_COPYRIGHT = "software_copyright", _("Software copyright")
    KNOW_HOW = "know_how", _("Know-how")
    NONE = "none", _("No registered IP")


class TransactionTypeKind(models.TextChoices):
    LICENCE = "licence", _("Licence")
    ASSIGNMENT = "assignment", _("Assignment")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    EQUITY = "equity", _("Equity investment")
    TECHNICAL_SERVICE = "technical_service", _("Technical service")


class TransactionType(models.Model):
    """One of the fixed ways a technology changes hands; rows are created by a migration."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=TransactionTypeKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("transaction type")
        verbose_name_plural = _("transaction types")

    def __str__(self) -> str:
        return str(TransactionTypeKind(self.code).label)


class TechnologyQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published, already live and not expired."""
        now = timezone.now()
        return self.filter(status=TechnologyStatus.PUBLISHED, published_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def transferred(self):
        """Closed (transferred) listings that were published: success stories, which keep their page
        but leave lists and search unless asked for (``TechnologyFilter``'s ``transferred``)."""
        return self.filter(status=TechnologyStatus.CLOSED, published_at__isnull=False)

    def visible(self):
        """Listings with a public page: published (``published()``) or transferred."""
        now = timezone.now()
        return self.filter(
            Q(status=TechnologyStatus.PUBLISHED, published_at__lte=now)
            & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            | Q(status=TechnologyStatus.CLOSED, published_at__isnull=False)
        )

    def expired(self, now=None):
        """Still marked published but past their expiry date: the cron command withdraws them."""
        return self.filter(status=TechnologyStatus.PUBLISHED, expires_at__lte=now or timezone.now())

    def stale(self, days: int, now=None):
        """Published listings nobody has confirmed as current for ``days`` days (or ever)."""
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.filter(status=TechnologyStatus.PUBLISHED).filter(
            Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff)
        )

    def ever_published(self, now=None):
        """Listings the public has seen (published now, closed, or live once and since withdrawn or
        returned to draft): they may be cited and linked, so they are withdrawn, never deleted."""
        return self.filter(
            Q(status__in=[TechnologyStatus.PUBLISHED, TechnologyStatus.CLOSED])
            | Q(published_at__lte=now or timezone.now())
        )

    def offers(self):
        return self.filter(kind=TechnologyKind.OFFER)

    def needs(self):
        return self.filter(kind=TechnologyKind.NEED)

    def for_agency(self, agency):
        return self.filter(agency=agency)


S = TechnologyStatus


def _moderator(technology, user) -> bool:
    """The moderator's decisions (publish, return to draft) are the center's, not the agencies'."""
    return is_center_staff(user)


class Technology(TranslationProvenance, AuditedModel):
    """A technology offered for transfer, or a technology a company needs."""

    kind = models.CharField(_("kind"), max_length=8, choices=TechnologyKind.choices)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=500, help_text=_("One or two sentences."))
    description = RichTextField(_("description"), blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="technologies")
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="technologies",
        help_text=_("For an offer, who holds the technology; for a need, who is looking for it."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("brokering agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="technologies",
    )
    origin_country = models.ForeignKey(
        Country, verbose_name=_("origin country or region"), on_delete=models.PROTECT, related_name="+"
    )
    target_countries = models.ManyToManyField(
        Country, verbose_name=_("target countries and regions"), blank=True, related_name="+"
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 (basic principles observed) to 9 (proven in operation)."),
    )
    ip_status = models.CharField(
        _("IP status"), max_length=20, choices=IPStatus.choices, default=IPStatus.NONE
    )
    patent_numbers = models.CharField(_("patent numbers"), max_length=300, blank=True)
    transaction_types = models.ManyToManyField(
        TransactionType, verbose_name=_("transaction types"), blank=True, related_name="technologies"
    )
    price_cny = models.DecimalField(
        _("price or budget (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    price_negotiable = models.BooleanField(_("price negotiable"), default=False)
    status = StateField(
        _("status"), max_length=12, choices=TechnologyStatus.choices, default=TechnologyStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed or withdrawn at"), null=True, blank=True, editable=False)
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default=Availability.AVAILABLE
    )
    last_verified_at = models.DateTimeField(
        _("last verified at"),
        null=True,
        blank=True,
        help_text=_("When staff last confirmed the listing is current."),
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    agency_edited_at = models.DateTimeField(
        _("edited by the agency, to check"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When agency staff last changed the published listing; cleared when the center has checked it."
        ),
    )
    # Both languages, segmented into words (jieba for Chinese), kept current on every save:
    # the one document that the search service indexes on every database.
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    objects = TechnologyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        constraints = [
            models.CheckConstraint(condition=Q(trl__gte=1, trl__lte=9), name="technology_trl_1_to_9"),
            models.CheckConstraint(
                condition=Q(price_cny__isnull=True) | Q(price_cny__gte=0),
                name="technology_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(price_negotiable=True) | Q(price_cny__isnull=False),
                name="technology_price_or_negotiable",
            ),
            models.CheckConstraint(
                condition=~Q(status=TechnologyStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="technology_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=models.F("published_at")),
                name="technology_expires_after_published",
            ),
        ]
        indexes = [
            # Public list and API (published(), newest first). Covering: expires_at for the visibility
            # test (the capped count and the API's deferred-join pages read the index alone), and the
            # columns the list page counts facets by (kind, TRL, IP status, country, agency).
            models.Index(
                fields=[
                    *["status", "-published_at", "-id", "expires_at"],
                    *["kind", "trl", "ip_status", "origin_country", "agency"],
                ],
                name="tech_status_pub_idx",
            ),
            # Offers / needs tabs and ?kind=: published listings of one kind, newest first, covering.
            models.Index(
                fields=[
                    *["kind", "status", "-published_at", "-id", "expires_at"],
                    *["trl", "ip_status", "origin_country", "agency"],
                ],
                name="tech_kind_status_pub_idx",
            ),
            # Admin changelist: every listing whatever its status, newest first.
            models.Index(fields=["-published_at", "-id"], name="tech_pub_idx"),
            # Admin moderation queue and the expiry command: by status and expiry date.
            models.Index(fields=["status", "expires_at"], name="tech_status_expires_idx"),
            # TRL range filter on the list and API.
            models.Index(fields=["trl"], name="tech_trl_idx"),
            # Stale-listing report: listings not verified for a long time.
            models.Index(fields=["last_verified_at"], name="tech_verified_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def export_markets(self, target_countries=None) -> list:
        """An offer's target countries other than its owner's own, where it is always available
        (docs/matching.md): of ``target_countries`` when the caller holds them, else of the
        prefetched ones."""
        if target_countries is None:
            target_countries = self.target_countries.all()
        return [country for country in target_countries if country.pk != self.owner.country_id]

    def get_absolute_url(self) -> str:
        return reverse("technologies:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return (
            self.status == TechnologyStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def is_transferred(self) -> bool:
        """Closed (transferred) after being published: see ``TechnologyQuerySet.transferred``."""
        return self.status == TechnologyStatus.CLOSED and self.published_at is not None

    @property
    def is_visible(self) -> bool:
        return self.is_public or self.is_transferred

    def save(self, *args, **kwargs):
        # Keep the search document current; a save of other columns only leaves it alone.
        from listings.search import DOCUMENT_SOURCE_FIELDS, build_search_document

        update_fields = kwargs.get("update_fields")
        if update_fields is None or DOCUMENT_SOURCE_FIELDS.intersection(update_fields):
            self.search_document = build_search_document(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_document"}
        super().save(*args, **kwargs)

    # --- The workflow: draft -> in review -> published -> closed (transferred) / withdrawn ---------
    # Each transition sets its own dates and returns the columns it changed; the services in
    # listings/services.py run them under a row lock and record who did it and why.

    @transition(
        field=status,
        source=S.DRAFT,
        target=S.IN_REVIEW,
        custom={"label": _("Submitted for review"), "button": _("Submit for review"), "primary": True},
    )
    def submit(self, now) -> list[str]:
        """The agency asks the center to publish the listing."""
        self.submitted_at = now
        return ["submitted_at"]

    @transition(
        field=status,
        source=S.IN_REVIEW,
        target=S.PUBLISHED,
        permission=_moderator,
        custom={"label": _("Published"), "button": _("Publish"), "primary": True},
    )
    def publish(self, now) -> list[str]:
        """``published_at`` becomes now unless a later date was scheduled."""
        if self.published_at is None or self.published_at < now:
            self.published_at = now
        if self.expires_at is not None and self.expires_at <= self.published_at:
            raise TransitionError(
                gettext("“%(title)s” expires before it would be published: change its expiry date first.")
                % {"title": self},
                code="expired",
            )
        self.last_verified_at = now
        self.closed_at = None
        return ["published_at", "last_verified_at", "closed_at"]

    @transition(
        field=status,
        source=[S.IN_REVIEW, S.PUBLISHED, S.WITHDRAWN],
        target=S.DRAFT,
        permission=_moderator,
        custom={"label": _("Returned to draft"), "button": _("Return to draft")},
    )
    def return_to_draft(self, now) -> list[str]:
        """A rejected submission, or a published or withdrawn listing taken back for editing."""
        self.closed_at = None
        return ["closed_at"]

    @transition(
        field=status,
        source=S.PUBLISHED,
        target=S.CLOSED,
        custom={"label": _("Closed (transferred)"), "button": _("Close (transferred)")},
    )
    def close(self, now) -> list[str]:
        """The technology was transferred (or the need fulfilled)."""
        self.closed_at = now
        self.availability = Availability.TRANSFERRED
        return ["closed_at", "availability"]

    @transition(
        field=status,
        source=[S.DRAFT, S.IN_REVIEW, S.PUBLISHED],
        target=S.WITHDRAWN,
        custom={"label": _("Withdrawn"), "button": _("Withdraw")},
    )
    def withdraw(self, now) -> list[str]:
        """No longer on offer, without a transfer. Also what expiry does."""
        self.closed_at = now
        return ["closed_at"]

    @property
    def was_published(self) -> bool:
        """The row-level twin of ``TechnologyQuerySet.ever_published``."""
        return self.status in (TechnologyStatus.PUBLISHED, TechnologyStatus.CLOSED) or (
            self.published_at is not None and self.published_at <= timezone.now()
        )

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.replace("，", ",").split(",") if word.strip()]


ATTACHMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "png", "jpg", "jpeg"]
ATTACHMENT_MAX_BYTES = MAX_UPLOAD_BYTES


def validate_attachment_size(file) -> None:
    from django.core.exceptions import ValidationError

    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))


class Attachment(CheckedUploadsMixin, TranslationProvenance, AuditedModel):
    """A document about a technology: brochure, patent certificate, drawing.

    The file is checked by its content (``haidian.core.uploads``) and stored under a random name; the
    public downloads it only through ``listings.downloads`` (never from MEDIA_URL), under its
    original name.
    """

    checked_uploads = {"file": DOCUMENT_TYPES}

    technology = models.ForeignKey(
        Technology, verbose_name=_("technology"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
        help_text=_("PDF, Office document or image, at most 10 MB."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public listing page.")
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("technologies:attachment", kwargs={"slug": self.technology.slug, "pk": self.pk})

    def upload_checked(self, field_name, upload, file_type, original_name):
        self.original_name = original_name
        self.content_type = file_type.content_type
        self.size = upload.size
