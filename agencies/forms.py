from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ServiceKind


class AgencyFilterForm(forms.Form):
    """Directory filters (GET); an invalid value is dropped, the others still apply."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=[("", _("Any service")), *ServiceKind.choices]
    )
    sector = forms.SlugField(label=_("Sector"), required=False, max_length=80)
    country = forms.RegexField(label=_("Country or region served"), required=False, regex=r"^[A-Z]{2}$")

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}
