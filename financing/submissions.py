"""Financing needs posted from the public site (see ``haidian.core.submissions``).

The need's text is taken in the company's language, in that language's columns; the other stays
for the editor. A confirmed submission becomes a draft need in the center's queue (financing
knows no agencies), published or declined through the need's workflow (``services``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haidian.core import submissions
from haidian.core.forms import HoneypotForm
from haidian.core.i18n import column
from haidian.core.models import Country, Organization, OrganizationKind, Sector
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
        label=_("Sectors"), queryset=Sector.objects.none(), widget=forms.CheckboxSelectMultiple
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


class NeedSubmissionForm(HoneypotForm, NeedDetailsForm, forms.ModelForm):
    """The public form: the company's contact and the need's fields."""

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

    def save(self, *, language: str, ip_address) -> FinancingNeedSubmission:
        submission = self.instance
        submission.language = language
        submission.ip_address = ip_address
        submission.data = {name: self.data.getlist(name) for name in NeedDetailsForm.base_fields}
        with transaction.atomic():
            submission.save()
            submissions.send_confirmation(submission, what=WHAT)
        return submission


@transaction.atomic
def submission_confirm(*, submission) -> FinancingNeedSubmission:
    """The company confirmed its address: the need is created as a draft, in the center's queue.
    Confirming again changes nothing."""
    submission = FinancingNeedSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.confirmed_at is not None or submission.withdrawn_at is not None:
        return submission
    form = NeedDetailsForm(submission.posted())
    if not form.is_valid():
        raise ValidationError(gettext("The submission is no longer valid: please post it again."))
    data = form.cleaned_data
    language = submission.language
    company = Organization.objects.create(
        slug=submissions.unique_slug(submission.organization_name),
        kind=OrganizationKind.COMPANY,
        country=data["country"],
        contact_email=submission.email,
        **{column("name", language): submission.organization_name},
    )
    need = FinancingNeed.objects.create(
        slug=submissions.unique_slug(data["title"]),
        company=company,
        financing_type=data["financing_type"],
        amount_cny=data["amount_cny"],
        term_months=data["term_months"],
        stage=data["stage"],
        deadline=data["deadline"],
        status=NeedStatus.DRAFT,
        **{column("title", language): data["title"], column("purpose", language): data["purpose"]},
    )
    need.sectors.set(data["sectors"])
    submission.need = need
    submission.confirmed_at = timezone.now()
    submission.save(update_fields=["need", "confirmed_at"])
    return submission


@transaction.atomic
def submission_withdraw(*, submission) -> FinancingNeedSubmission:
    """The company withdrew: the need leaves the queue or the public site (withdrawn, kept for the
    staff to see, with the reason in its history). Withdrawing again changes nothing."""
    submission = FinancingNeedSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.withdrawn_at is not None:
        return submission
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["withdrawn_at"])
    need = submission.need
    if need is not None and need.status != NeedStatus.WITHDRAWN and need.status != NeedStatus.FUNDED:
        services.need_withdraw(need=need, by=None, reason=gettext("by the submitter"))
    return submission


def tell_submitter(need, *, name: str, reason: str) -> None:
    """After a workflow transition (``services``): see ``submissions.after_transition``."""
    submissions.after_transition(
        FinancingNeedSubmission.objects.filter(need=need).first(),
        name=name,
        what=WHAT,
        record=need,
        reason=reason,
    )
