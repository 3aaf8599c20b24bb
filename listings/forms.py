import html

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from haidian.core.cache import versioned_value
from haidian.core.forms import HoneypotForm, InquiryFormBase, flat_attrs
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
    than the rest of the inquiry form. This one writes the same HTML as its template
    (``listings/widgets/select.html``) in Python: even one template loop over the options took a
    third of the detail page's rendering (docs/performance.md). Grouped choices use the template."""

    template_name = "listings/widgets/select.html"

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        found = False
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in chosen
            found |= selected
            mark = " selected" if selected else ""
            # The standard library's escape, which Django's wraps (the same output): Django's
            # checks every argument for a lazy string first, which for 250 options cost more than
            # the escaping.
            text = label if hasattr(label, "__html__") else html.escape(str(label))
            options.append(f'\n  <option value="{html.escape(option_value)}"{mark}>{text}</option>\n')
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 (every value above is escaped)
            f'<select name="{escape(name)}"{flat_attrs(final_attrs)}>{"".join(options)}\n</select>'
        )


class _CountryOptions(BaseChoiceIterator):
    """The country field's options, read when the form is rendered (so that a form bound while the
    database is down, ``without_database``, is built without it): the empty choice, then the
    countries once per content version and language. Its own iterator, not a callable, so Django
    does not normalise the 250 choices each time the widget reads them (twice a render)."""

    def __init__(self, field: forms.ModelChoiceField):
        self.field = field

    def __iter__(self):
        yield ("", self.field.empty_label)
        yield from versioned_value(
            "inquiry-country-options",
            compute=lambda: [(country.code, str(country)) for country in self.field.queryset],
        )


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
        countries.choices = _CountryOptions(countries)

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
