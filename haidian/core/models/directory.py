from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haidian.core.models.common import AuditedModel, SingleLineCharFields, TranslationProvenance


class Country(SingleLineCharFields):
    """A country or region by ISO 3166-1 alpha-2 code (Hong Kong, HK, is its own region)."""

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country or region")
        verbose_name_plural = _("countries and regions")

    def __str__(self) -> str:
        return self.name or self.code


class SectorQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)

    def with_descendants(self, sectors):
        """The given sectors (a queryset, instances or ids) and their children.

        Filtering by a parent sector includes its children everywhere on the site.
        """
        if not isinstance(sectors, models.QuerySet):
            sectors = [getattr(sector, "pk", sector) for sector in sectors]
        return self.filter(Q(pk__in=sectors) | Q(parent__in=sectors))


class Sector(TranslationProvenance, AuditedModel):
    """A two-level tree of industry sectors, e.g. Biomedicine > Genomics."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a top-level sector. Sectors have two levels."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="sector_not_own_parent"),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent} > {self.name}"
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Sectors have two levels: choose a top-level sector.")})
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError({"parent": _("A sector with children must stay at the top level.")})


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("College or university")
    STATE_LAB = "state_lab", _("State key laboratory")
    INSTITUTE = "institute", _("Research institute")
    LENDER = "lender", _("Bank or lender")
    INVESTOR = "investor", _("Investor")
    GOVERNMENT = "government", _("Government body")
    OTHER = "other", _("Other")


class OrganizationQuerySet(models.QuerySet):
    def editable_by(self, scope):
        """The organizations a back-office user may change; ``scope`` is their agency scope
        (``unrestricted`` and ``agency_id``, as ``haidian.backoffice.scoping.agency_scope`` gives it).

        An organization is shared: several agencies' listings and contracts, and the center's
        financing records, may name it. Center staff change any. An agency's editor changes only
        those that no record outside their agency names, so they can correct what only they use
        and add new ones, but not rename another agency's seller or a lender. A record belongs to
        an agency through a field named ``agency``; a record with none (financing products and
        needs, a contract no agency brokered) is the center's. The referring models are found
        through the model's relations, so the core names no feature app and a new one is covered.
        One home for the rule: the change form, the pop-up, revert and import all ask here.
        """
        if scope.unrestricted:
            return self
        if scope.agency_id is None:
            return self.none()
        editable = self
        for relation in self.model._meta.related_objects:
            model = relation.related_model
            referring = model._base_manager.filter(**{relation.field.name: models.OuterRef("pk")})
            if any(field.name == "agency" for field in model._meta.get_fields()):
                # exclude() keeps the rows with no agency: those are the center's.
                referring = referring.exclude(agency=scope.agency_id)
            editable = editable.exclude(models.Exists(referring))
        return editable


class Organization(TranslationProvenance, AuditedModel):
    """Companies, colleges, labs, lenders and public bodies that own, buy or fund technology."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country or region"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Private. Receives the owner's report on its listings: inquiries, declines, conversion."),
    )
    description = models.TextField(_("description"), blank=True)
    is_high_tech = models.BooleanField(
        _("high-tech certified"),
        default=False,
        help_text=_("Holds the national high-tech enterprise certificate."),
    )
    high_tech_certified_until = models.DateField(_("certificate valid until"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            # Directory and admin filters: organizations of a kind in a country.
            models.Index(fields=["kind", "country"], name="org_kind_country_idx"),
        ]

    def __str__(self) -> str:
        return self.name
