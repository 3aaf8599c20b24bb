"""The public forms' widgets written in Python (``PublicFormRenderer``, ``ListSelect``) give the
same HTML as Django's templates for them, for empty, bound and hostile values."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from haidian.core.forms import PUBLIC_FORM_RENDERER, HoneypotForm
from listings.forms import InquiryForm, ListSelect

pytestmark = pytest.mark.django_db

HOSTILE = "\"><script>alert(1)</script>&amp; 'x'"


class EveryWidget(HoneypotForm):
    text = forms.CharField(max_length=10, required=False, widget=forms.TextInput(attrs={"data-x": HOSTILE}))
    email = forms.EmailField()
    number = forms.CharField(widget=forms.HiddenInput, required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "disabled": False}))
    box = forms.BooleanField(required=False)


def rendered(form) -> dict[str, str]:
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": HOSTILE, "email": "a@b", "number": "5", "area": f"line\n{HOSTILE}", "box": "on"},
        {"text": "", "email": "", "area": "", "website": "x"},
    ],
    ids=["unbound", "hostile", "empty"],
)
def test_inputs_and_text_area_match_djangos_templates(data):
    args = () if data is None else (data,)
    form = EveryWidget(*args)
    if data is not None:
        form.is_valid()  # errors add aria-invalid to the attributes
    assert form.renderer is PUBLIC_FORM_RENDERER
    expected = EveryWidget(*args, renderer=DjangoTemplates())
    if data is not None:
        expected.is_valid()
    assert rendered(form) == rendered(expected)


def test_select_matches_its_template():
    choices = [
        ("", "Choose…"),
        ("JP", "Japan"),
        ("X&", HOSTILE),
        ("SE", "Sweden"),
        ("LZ", gettext_lazy("Country or region")),  # a lazy label is read, then escaped
        ("SF", mark_safe("<b>Safe</b>")),  # noqa: S308 - a label marked safe is kept as it is
    ]
    widget = ListSelect(choices=choices, attrs={"autocomplete": "country"})
    for value in (None, "", "X&", "SE", "nowhere", ["JP"]):
        attrs = {"id": "id_country", "required": True, "aria-invalid": "true"}
        python = widget.render("country", value, attrs=attrs)
        template = forms.Select.render(widget, "country", value, attrs=attrs)
        assert python == template, value


def test_grouped_choices_use_the_template():
    widget = ListSelect(choices=[("Asia", [("JP", "Japan"), ("CN", "China")]), ("SE", "Sweden")])
    assert widget.render("c", "CN") == forms.Select.render(widget, "c", "CN")
    assert "<optgroup" in widget.render("c", "CN")


@pytest.mark.parametrize(
    "data", [None, {"country": "JP"}, {"country": HOSTILE}], ids=["unbound", "chosen", "hostile"]
)
def test_the_inquiry_forms_country_select_is_unchanged(data, monkeypatch):
    """The country options, read once per content version, as the template writes them."""
    args = () if data is None else (data,)
    python = InquiryForm(*args)
    if data:
        python.is_valid()
    shown = str(python["country"])
    assert shown.count("<option") > 200
    monkeypatch.setattr(ListSelect, "render", forms.Select.render)
    template = InquiryForm(*args)
    if data:
        template.is_valid()
    assert shown == str(template["country"])
