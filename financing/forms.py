from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CompanyStageKind, FinancingType, NeedStatus

MAX_AMOUNT = 10**13  # yuan; larger numbers are typos (and overflow SQLite)


class _Filters(forms.Form):
    def values(self) -> dict:
        """The valid parameters; an invalid one is dropped, the others still apply."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}


class ProductFilterForm(_Filters):
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *FinancingType.choices]
    )
    amount = forms.DecimalField(
        label=_("Amount needed (CNY)"), required=False, min_value=1, max_value=MAX_AMOUNT, decimal_places=0
    )
    sector = forms.SlugField(label=_("Sector"), required=False, max_length=80)
    stage = forms.ChoiceField(
        label=_("Company stage"), required=False, choices=[("", _("Any stage")), *CompanyStageKind.choices]
    )


class NeedFilterForm(_Filters):
    type = forms.ChoiceField(
        label=_("Type wanted"), required=False, choices=[("", _("Any type")), *FinancingType.choices]
    )
    amount_min = forms.DecimalField(
        label=_("Amount from (CNY)"), required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=0
    )
    amount_max = forms.DecimalField(
        label=_("Amount up to (CNY)"), required=False, min_value=0, max_value=MAX_AMOUNT, decimal_places=0
    )
    sector = forms.SlugField(label=_("Sector"), required=False, max_length=80)
    stage = forms.ChoiceField(
        label=_("Company stage"), required=False, choices=[("", _("Any stage")), *CompanyStageKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (NeedStatus.OPEN, NeedStatus.OPEN.label),
            (NeedStatus.MATCHED, NeedStatus.MATCHED.label),
            (NeedStatus.FUNDED, NeedStatus.FUNDED.label),
        ],
    )
