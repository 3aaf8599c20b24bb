import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from haidian.core.forms import HoneypotForm
from haidian.core.i18n import column
from haidian.core.models import Country
from haidian.core.text import validate_single_line

SORTS = {
    "relevance": _("Best match"),
    "newest": _("Newest first"),
    "title": _("Title (A–Z)"),
    "trl": _("Most mature first (TRL)"),
    "price": _("Lowest price first"),
}


class ListSelect(forms.Select):
    """Django's select includes a template per option, which for the 250 countries costs more
    than the rest of the inquiry form; this one writes the options in one loop (same HTML)."""

    template_name = "listings/widgets/select.html"


class InquiryForm(HoneypotForm):
    # Checked here as well as by the model, so the visitor sees the error on the form.
    name = forms.CharField(label=_("Your name"), max_length=120, validators=[validate_single_line])
    organization_name = forms.CharField(
        label=_("Organization"), max_length=200, required=False, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[validate_single_line]
    )
    country = forms.ModelChoiceField(
        label=_("Country or region"),
        queryset=Country.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Choose…"),
        widget=ListSelect,
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would like to know or propose (at least 20 characters)."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the center passes my inquiry and contact details to the brokering agency."),
    )
    # Idempotency: one token per form shown, so a double click or a retry stores one inquiry.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
        self.fields["country"].queryset = Country.objects.order_by(column("name"), "code")
        autocomplete = {
            "name": "name",
            "organization_name": "organization",
            "email": "email",
            "phone": "tel",
            "country": "country",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value

    def without_database(self) -> "InquiryForm":
        """This bound form, renderable and valid-checkable without the database (which the country
        list needs): the country stays as posted, in a hidden field."""
        self.fields["country"] = forms.CharField(required=False, widget=forms.HiddenInput)
        return self


class SearchAlertForm(HoneypotForm):
    """E-mail me new listings for this search: the address alone (the search is the page's)."""

    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
