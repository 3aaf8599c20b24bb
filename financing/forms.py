import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from haidian.core.forms import HoneypotForm
from haidian.core.text import validate_single_line


class FinancingInquiryForm(HoneypotForm):
    """A structured inquiry: who, their organization and e-mail, the amount and term, a message."""

    name = forms.CharField(label=_("Your name"), max_length=120, validators=[validate_single_line])
    organization_name = forms.CharField(
        label=_("Organization"), max_length=200, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[validate_single_line]
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
    message = forms.CharField(
        label=_("Your message"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would like to know or propose (at least 20 characters)."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the center passes my inquiry and contact details to the other party."),
    )
    # Idempotency: one token per form shown, so a double click or a retry stores one inquiry.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, amount_help="", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
        self.fields["amount_cny"].help_text = amount_help
        autocomplete = {"name": "name", "organization_name": "organization", "email": "email", "phone": "tel"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
