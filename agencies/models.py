from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haidian.core.fields import RichTextField
from haidian.core.models import AuditedModel, Country, Sector, TranslationProvenance


class ServiceKind(models.TextChoices):
    BROKERAGE = "brokerage", _("Technology brokerage")
    IP_LEGAL = "ip_legal", _("IP and legal services")
    EVALUATION = "evaluation", _("Technology evaluation")
    CONSULTING = "consulting", _("Consulting")
    FINANCING = "financing", _("Financing advisory")
    INCUBATION = "incubation", _("Incubation")
    INTERNATIONAL = "international", _("International liaison")


class Service(models.Model):
    """One of the fixed services an agency can offer; rows are created by a migration."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=ServiceKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return str(ServiceKind(self.code).label)


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=AgencyStatus.ACTIVE)

    def for_agency(self, agency):
        return self.filter(pk=agency.pk)


class Agency(TranslationProvenance, AuditedModel):
    """An accredited service agency that brokers technology transfers."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = RichTextField(_("description"), blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services"), blank=True, related_name="agencies"
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="agencies")
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries served"), blank=True, related_name="agencies"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    contact_phone = models.CharField(_("public contact phone"), max_length=40, blank=True)
    inquiry_email = models.EmailField(
        _("inquiry e-mail"), blank=True, help_text=_("Internal: where visitors' inquiries are sent.")
    )
    website = models.URLField(_("website"), blank=True)
    joined_on = models.DateField(_("joined the center on"))
    status = models.CharField(
        _("status"), max_length=12, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("service agency")
        verbose_name_plural = _("service agencies")
        indexes = [
            # Directory and growth chart: active agencies by joining date.
            models.Index(fields=["status", "joined_on"], name="agency_status_joined_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", kwargs={"slug": self.slug})


class MemberRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")


class AgencyMemberQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)


class AgencyMember(AuditedModel):
    """A staff user working for one agency; agency staff edit only their own agency's records."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.EDITOR)
    title = models.CharField(_("job title"), max_length=120, blank=True)

    objects = AgencyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "user"]
        verbose_name = _("agency member")
        verbose_name_plural = _("agency members")
        constraints = [
            # A user works for one agency; that is the agency whose records they may edit.
            models.UniqueConstraint(fields=["user"], name="agencymember_one_agency_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency}"
