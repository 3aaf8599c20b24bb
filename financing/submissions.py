"""Financing needs posted from the public site (see ``haidian.core.submissions``).

The need's text is taken in the company's language, in that language's columns; the other stays
for the editor. A confirmed submission becomes a draft need in the center's queue (financing
knows no agencies), published or declined through the need's workflow (``services``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haidian.core import submissions
from haidian.core.forms import HoneypotForm
from haidian.core.i18n import column
from haidian.core.models import Country, OrganizationKind, Sector
from haidian.core.text import validate_single_line

from . import services
from .models import CompanyStageKind, FinancingNeed, FinancingNeedSubmission, FinancingType, NeedStatus

#: What the e-mails call the submission (lazy: rendered in the submitter's language).
WHAT = _("a financing need")


class NeedDetailsForm(forms.Form):
    """The need's fields a company may set; validated when posted and again on confirmation."""

    country = forms.ModelChoiceField(
        label=_("Country or region"),
        queryset=Country.objects.none(),
        to_field_name="code",
        empty_label=_("Choose…"),
    )
    title = forms.CharField(label=_("Title"), max_length=250, validators=[validate_single_line])
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the money is for, and what the company has achieved so far."),
    )
    financing_type = forms.ChoiceField(label=_("Type wanted"), choices=FinancingType.choices)
    amount_cny = forms.DecimalField(label=_("Amount (CNY)"), max_digits=16, decimal_places=2, min_value=1)
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=600, required=False)
    stage = forms.ChoiceField(label=_("Company stage"), choices=CompanyStageKind.choices)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.none(),
        # By slug, not id: a posted id beyond 64 bits would overflow SQLite's integer (PITFALLS 14).
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by(column("name"), "code")
        self.fields["sectors"].queryset = Sector.objects.order_by("position", "slug")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline is not None and deadline < timezone.localdate():
            raise ValidationError(_("The deadline is in the past."), code="past")
        return deadline


class NeedSubmissionForm(submissions.SubmissionForm, HoneypotForm, NeedDetailsForm, forms.ModelForm):
    """The public form: the company's contact and the need's fields."""

    details_form = NeedDetailsForm
    what = WHAT
    consent = forms.BooleanField(
        label=_(
            "I agree that the center stores these details to review and publish the need, and shows "
            "it to lenders whose products match."
        )
    )

    class Meta:
        model = FinancingNeedSubmission
        fields = ["contact_name", "email", "organization_name"]
        labels = {"contact_name": _("Your name"), "organization_name": _("Company")}


def _build_need(submission, data) -> FinancingNeed:
    """The need, in the company's language columns, as a draft in the center's queue."""
    language = submission.language
    need = FinancingNeed.objects.create(
        slug=submissions.unique_slug(data["title"]),
        company=submissions.submitter_organization(
            submission, kind=OrganizationKind.COMPANY, country=data["country"]
        ),
        financing_type=data["financing_type"],
        amount_cny=data["amount_cny"],
        term_months=data["term_months"],
        stage=data["stage"],
        deadline=data["deadline"],
        status=NeedStatus.DRAFT,
        **{column("title", language): data["title"], column("purpose", language): data["purpose"]},
    )
    need.sectors.set(data["sectors"])
    return need


def submission_confirm(*, submission) -> FinancingNeedSubmission:
    """The company confirmed its address: the need enters the center's queue as a draft."""
    return submissions.confirm(submission, details_form=NeedDetailsForm, build=_build_need)


def _withdraw_need(need) -> None:
    if need.status not in (NeedStatus.WITHDRAWN, NeedStatus.FUNDED):
        services.need_withdraw(need=need, by=None, reason=gettext("by the submitter"))


def submission_withdraw(*, submission) -> FinancingNeedSubmission:
    """The company withdrew: the need leaves the queue or the site (withdrawn, kept for staff)."""
    return submissions.withdraw(submission, withdraw_record=_withdraw_need)


def tell_submitter(need, *, name: str, reason: str) -> None:
    """After a workflow transition (``services``): see ``submissions.after_transition``."""
    submissions.after_transition(FinancingNeedSubmission, need, name=name, what=WHAT, reason=reason)
