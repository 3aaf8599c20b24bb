from django import forms
from django.utils.translation import gettext_lazy as _

from haidian.core.forms import InquiryFormBase
from haidian.core.text import validate_single_line


class FinancingInquiryForm(InquiryFormBase):
    """A structured inquiry: who, their organization and e-mail, the amount and term, a message."""

    field_order = [
        "name",
        "organization_name",
        "email",
        "phone",
        "amount_cny",
        "term_months",
        "message",
        "consent",
    ]

    organization_name = forms.CharField(
        label=_("Organization"), max_length=200, validators=[validate_single_line]
    )
    amount_cny = forms.DecimalField(
        label=_("Amount (CNY)"),
        required=False,
        min_value=1,
        max_digits=16,
        decimal_places=2,
        localize=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "any"}),
    )
    term_months = forms.IntegerField(label=_("Term (months)"), required=False, min_value=1, max_value=600)
    consent = forms.BooleanField(
        label=_("I agree that the center passes my inquiry and contact details to the other party."),
    )

    def __init__(self, *args, amount_help="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_cny"].help_text = amount_help
