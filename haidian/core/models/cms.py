from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from haidian.core import key_figures
from haidian.core.fields import RichTextField
from haidian.core.models.common import AuditedModel, TranslationProvenance
from haidian.core.uploads import IMAGE_TYPES, CheckedUploadsMixin


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())


class Publishable(TranslationProvenance, AuditedModel):
    status = models.CharField(
        _("status"), max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)


def published_has_date(prefix: str) -> models.CheckConstraint:
    # Built once, at import (a model's Meta), where mutmut cannot apply a mutant: a change to the
    # constraint fails `makemigrations --check` instead (docs/mutants.md).
    # pragma: no mutate block
    return models.CheckConstraint(
        condition=~Q(status=PublicationStatus.PUBLISHED) | Q(published_at__isnull=False),
        name=f"{prefix}_published_has_date",
    )


class Page(Publishable):
    """A static page of the site, e.g. About the center, How to list a technology."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [published_has_date("page")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:detail", kwargs={"slug": self.slug})


class ArticleQuerySet(PublishableQuerySet):
    pass


class Article(CheckedUploadsMixin, Publishable):
    """A news item of the center; its image is checked by content and stored under a random name."""

    checked_uploads = {"image": IMAGE_TYPES}

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = RichTextField(_("body"), blank=True)
    image = models.ImageField(_("image"), upload_to="articles/%Y/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        constraints = [published_has_date("article")]
        indexes = [
            # News list and feed: published articles, newest first.
            models.Index(fields=["status", "-published_at", "-id"], name="article_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})


class KeyFigureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def latest_per_key(self):
        """The newest period of each figure: what the home page shows."""
        newer = self.model.objects.filter(
            key=models.OuterRef("key"), period_end__gt=models.OuterRef("period_end")
        )
        return self.exclude(models.Exists(newer))

    def readings(self, today=None) -> list[tuple["KeyFigure", key_figures.Reading]]:
        """The newest period of each figure with its reading (computed or typed in, and the same
        period a year earlier): what the home page shows. One query, plus the computed figures'
        measurements (cached per content version)."""
        by_key: dict[str, list[KeyFigure]] = {}
        for figure in self.order_by("position", "key", "-period_end"):
            by_key.setdefault(figure.key, []).append(figure)
        return [(latest, latest.reading(earlier=rest, today=today)) for latest, *rest in by_key.values()]


class KeyFigure(TranslationProvenance, AuditedModel):
    """An indicator of the center for one period, with its source, so a trend can be shown."""

    key = models.SlugField(
        _("key"), max_length=60, help_text=_("The same key for every period of one figure.")
    )
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(
        _("value"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Empty for a figure computed from the register (signed contracts, their value, agencies, "
            "listings, financing): it is counted for its period on every read."
        ),
    )
    in_yuan = models.BooleanField(
        _("amount in yuan"),
        default=False,
        db_default=False,
        help_text=_("The value is an amount of yuan, shown as CN¥ in English and with 万/亿元 in Chinese."),
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source link"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative value"),
        default=False,
        db_default=False,
        help_text=_("An illustrative or demo value, not a measured one: the page says so beside it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key", "-period_end"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.UniqueConstraint(fields=["key", "period_end"], name="keyfigure_unique_key_period"),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")), name="keyfigure_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.period_end:%Y-%m})"

    def clean(self):
        super().clean()
        if key_figures.is_computed(self.key):
            if self.value is not None:
                raise ValidationError(
                    {"value": _("This figure is computed from the register: leave the value empty.")}
                )
        elif self.value is None:
            raise ValidationError({"value": _("Enter the value, with its source and date.")})

    def reading(self, *, earlier=None, today=None) -> key_figures.Reading:
        """The value shown for this figure: computed from the register for its period up to today,
        or the value typed in, with the same period a year earlier for the trend."""
        return key_figures.read(self, earlier=earlier, today=today)

    @cached_property
    def current(self) -> key_figures.Reading:
        """``reading()`` today, once per instance (the API's value, period end and notes)."""
        return self.reading()

    def previous(self):
        """The same figure for the period before, for the trend."""
        return (
            KeyFigure.objects.filter(key=self.key, period_end__lt=self.period_end)
            .order_by("-period_end")
            .first()
        )
