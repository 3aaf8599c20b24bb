"""Technology offers and needs posted from the public site (see ``haidian.core.submissions``).

The public form takes the listing's text in the submitter's language, in that language's columns;
the other language stays empty for the editor (the back office lists records missing a
translation; the pages fall back to the language there is). What a submitter may set is the
form's fields and nothing else: status, dates, verification and internal notes are the workflow's.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from haidian.core import submissions
from haidian.core.forms import HoneypotForm
from haidian.core.i18n import column
from haidian.core.models import Country, OrganizationKind, Sector
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
        label=_("Sectors"),
        queryset=Sector.objects.none(),
        # By slug, not id: a posted id beyond 64 bits would overflow SQLite's integer (PITFALLS 14).
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
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


class TechnologySubmissionForm(
    submissions.SubmissionForm, HoneypotForm, TechnologyDetailsForm, forms.ModelForm
):
    """The public form: the submitter, the chosen agency, an attachment and the listing's fields."""

    details_form = TechnologyDetailsForm
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
        self.what = WHAT[kind]
        self.fields["agency"].queryset = Agency.objects.active().order_by(column("name"), "pk")
        self.fields["agency"].to_field_name = "slug"  # as the sectors: no posted id reaches the database
        self.fields["agency"].empty_label = _("The center")
        self.fields["agency"].label = _("Who should handle it")


def _build_listing(submission, data) -> Technology:
    """The listing, in the submitter's language columns, submitted for review to the chosen agency
    (or the center); an attachment stays private until staff make it public."""
    language = submission.language
    technology = Technology(
        kind=submission.kind,
        slug=submissions.unique_slug(data["title"]),
        owner=submissions.submitter_organization(
            submission, kind=data["organization_kind"], country=data["country"]
        ),
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
    reason = gettext("from the public form, %(email)s") % {"email": submission.email}
    return services.technology_submit(technology=technology, by=None, reason=reason)


def submission_confirm(*, submission) -> TechnologySubmission:
    """The submitter confirmed their address: the listing enters the review queue."""
    return submissions.confirm(submission, details_form=TechnologyDetailsForm, build=_build_listing)


def _withdraw_listing(technology) -> None:
    if technology.status not in (TechnologyStatus.WITHDRAWN, TechnologyStatus.CLOSED):
        services.technology_withdraw(technology=technology, by=None, reason=gettext("by the submitter"))


def submission_withdraw(*, submission) -> TechnologySubmission:
    """The submitter withdrew: the listing leaves the queue or the site (withdrawn, kept for staff)."""
    return submissions.withdraw(submission, withdraw_record=_withdraw_listing)


def tell_submitter(technology, *, name: str, reason: str) -> None:
    """After a workflow transition (``listings.services``): see ``submissions.after_transition``."""
    submissions.after_transition(
        TechnologySubmission, technology, name=name, what=WHAT[technology.kind], reason=reason
    )
