from django import forms
from django.utils.translation import gettext_lazy as _

from haidian.core.cache import versioned_value
from haidian.core.forms import HoneypotForm, InquiryFormBase
from haidian.core.i18n import column
from haidian.core.models import Country

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


class InquiryForm(InquiryFormBase):
    field_order = ["name", "organization_name", "email", "phone", "country", "message", "consent"]
    autocomplete = {**InquiryFormBase.autocomplete, "country": "country"}

    country = forms.ModelChoiceField(
        label=_("Country or region"),
        queryset=Country.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Choose…"),
        widget=ListSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree that the center passes my inquiry and contact details to the brokering agency."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = self.fields["country"]
        countries.queryset = Country.objects.order_by(column("name"), "code")
        # The options once per content version and language: building the 250 countries as model
        # instances on every detail page cost more than the rest of the page (docs/performance.md).
        # Validation still looks the posted code up in the queryset.
        # A callable: read when the form is rendered, so that a form bound while the database is
        # down (``without_database``) is built without it.
        countries.choices = lambda: [
            ("", countries.empty_label),
            *versioned_value(
                "inquiry-country-options",
                compute=lambda: [(country.code, str(country)) for country in countries.queryset],
            ),
        ]

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
