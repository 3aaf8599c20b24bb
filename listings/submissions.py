"""Technology offers and needs posted from the public site (see ``haidian.core.submissions``).

The public form takes the listing's text in the submitter's language, in that language's columns;
the other language stays empty for the editor (the back office lists records missing a
translation; the pages fall back to the language there is). What a submitter may set is the
form's fields and nothing else: status, dates, verification and internal notes are the workflow's.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from haidian.core import submissions
from haidian.core.forms import HoneypotForm
from haidian.core.i18n import column
from haidian.core.models import Country, Organization, OrganizationKind, Sector
from haidian.core.text import validate_single_line

from . import services
from .forms import ListSelect
from .models import Attachment, IPStatus, Technology, TechnologyKind, TechnologyStatus, TechnologySubmission

#: The kinds of organization that post technologies.
SUBMITTER_KINDS = [
    (kind.value, kind.label)
    for kind in (
        OrganizationKind.COMPANY,
        OrganizationKind.UNIVERSITY,
        OrganizationKind.INSTITUTE,
        OrganizationKind.STATE_LAB,
        OrganizationKind.OTHER,
    )
]


#: What the e-mails call a submission of each kind (lazy: rendered in the submitter's language).
WHAT = {TechnologyKind.OFFER: _("a technology offer"), TechnologyKind.NEED: _("a technology need")}


class TechnologyDetailsForm(forms.Form):
    """The listing's fields a submitter may set; validated when posted and again on confirmation."""

    organization_kind = forms.ChoiceField(label=_("Kind of organization"), choices=SUBMITTER_KINDS)
    country = forms.ModelChoiceField(
        label=_("Country or region"),
        queryset=Country.objects.none(),
        to_field_name="code",
        empty_label=_("Choose…"),
        widget=ListSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=250, validators=[validate_single_line])
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        validators=[validate_single_line],
        help_text=_("One or two sentences."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level"),
        coerce=int,
        choices=[(level, str(level)) for level in range(1, 10)],
        help_text=_("1 (basic principles observed) to 9 (proven in operation)."),
    )
    ip_status = forms.ChoiceField(label=_("IP status"), choices=IPStatus.choices, initial=IPStatus.NONE)
    patent_numbers = forms.CharField(
        label=_("Patent numbers"), max_length=300, required=False, validators=[validate_single_line]
    )
    price_cny = forms.DecimalField(
        label=_("Price or budget (CNY)"), max_digits=16, decimal_places=2, min_value=0, required=False
    )
    price_negotiable = forms.BooleanField(label=_("Price negotiable"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by(column("name"), "code")
        self.fields["sectors"].queryset = Sector.objects.order_by("position", "slug")

    def clean(self):
        data = super().clean()
        if data.get("price_cny") is None and not data.get("price_negotiable"):
            self.add_error("price_cny", _("Give a price or budget, or tick “Price negotiable”."))
        return data


class TechnologySubmissionForm(HoneypotForm, TechnologyDetailsForm, forms.ModelForm):
    """The public form: the submitter, the chosen agency, an attachment and the listing's fields."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the center stores these details to review and publish the listing, and passes "
            "them to the agency I chose."
        )
    )

    class Meta:
        model = TechnologySubmission
        fields = ["contact_name", "email", "organization_name", "agency", "attachment"]
        labels = {"contact_name": _("Your name"), "organization_name": _("Company or institution")}
        help_texts = {
            "attachment": _(
                "Optional: a brochure or patent document. PDF, Office document or image, at most 10 MB."
            )
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        self.fields["agency"].queryset = Agency.objects.active().order_by(column("name"), "pk")
        self.fields["agency"].empty_label = _("The center")
        self.fields["agency"].label = _("Who should handle it")

    def save(self, *, language: str, ip_address) -> TechnologySubmission:
        submission = self.instance
        submission.language = language
        submission.ip_address = ip_address
        submission.data = {name: self.data.getlist(name) for name in TechnologyDetailsForm.base_fields}
        with transaction.atomic():
            submission.save()
            submissions.send_confirmation(submission, what=WHAT[submission.kind])
        return submission


@transaction.atomic
def submission_confirm(*, submission) -> TechnologySubmission:
    """The submitter confirmed their address: the listing is created as a draft and submitted for
    review, in the chosen agency's (or the center's) queue. Confirming again changes nothing."""
    submission = TechnologySubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.confirmed_at is not None or submission.withdrawn_at is not None:
        return submission
    form = TechnologyDetailsForm(submission.posted())
    if not form.is_valid():
        raise ValidationError(gettext("The submission is no longer valid: please post it again."))
    data = form.cleaned_data
    language = submission.language
    owner = Organization(
        slug=submissions.unique_slug(submission.organization_name),
        kind=data["organization_kind"],
        country=data["country"],
        contact_email=submission.email,
        **{column("name", language): submission.organization_name},
    )
    owner.save()
    technology = Technology(
        kind=submission.kind,
        slug=submissions.unique_slug(data["title"]),
        owner=owner,
        agency=submission.agency,
        origin_country=data["country"],
        trl=data["trl"],
        ip_status=data["ip_status"],
        patent_numbers=data["patent_numbers"],
        price_cny=data["price_cny"],
        price_negotiable=data["price_negotiable"],
        status=TechnologyStatus.DRAFT,
        **{
            column("title", language): data["title"],
            column("summary", language): data["summary"],
            column("description", language): submissions.as_html(data["description"]),
        },
    )
    technology.save()
    technology.sectors.set(data["sectors"])
    if submission.attachment:
        Attachment.objects.create(
            technology=technology,
            title=submission.original_name[:200] or gettext("Attachment"),
            file=submission.attachment.name,
            is_public=False,
            original_name=submission.original_name,
            content_type=submission.content_type,
            size=submission.size,
        )
    services.technology_submit(
        technology=technology,
        by=None,
        reason=gettext("from the public form, %(email)s") % {"email": submission.email},
    )
    submission.technology = technology
    submission.confirmed_at = timezone.now()
    submission.save(update_fields=["technology", "confirmed_at"])
    return submission


@transaction.atomic
def submission_withdraw(*, submission) -> TechnologySubmission:
    """The submitter withdrew: the listing leaves the queue or the public site (withdrawn, kept for
    the staff to see, with the reason in its history). Withdrawing again changes nothing."""
    submission = TechnologySubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.withdrawn_at is not None:
        return submission
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["withdrawn_at"])
    technology = submission.technology
    if technology is not None and technology.status not in (
        TechnologyStatus.WITHDRAWN,
        TechnologyStatus.CLOSED,
    ):
        services.technology_withdraw(technology=technology, by=None, reason=gettext("by the submitter"))
    return submission


def tell_submitter(technology, *, name: str, reason: str) -> None:
    """After a workflow transition (``listings.services``): see ``submissions.after_transition``."""
    submissions.after_transition(
        TechnologySubmission.objects.filter(technology=technology).first(),
        name=name,
        what=WHAT[technology.kind],
        record=technology,
        reason=reason,
    )
