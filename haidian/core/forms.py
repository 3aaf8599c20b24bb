"""Form pieces shared by the public forms of every app."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from haidian.core.text import validate_single_line


class HoneypotForm(forms.Form):
    """A public form with a honeypot: a field hidden from people (CSS and aria-hidden) that bots
    fill in. The view answers a bot as if all went well and stores nothing."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class InquiryFormBase(HoneypotForm):
    """What every inquiry form asks (who, their organization, e-mail and phone, the message), with
    its idempotency token. Subclasses add what they are about and the consent, and order the fields
    (``field_order``)."""

    # Checked here as well as by the model, so the visitor sees the error on the form.
    name = forms.CharField(label=_("Your name"), max_length=120, validators=[validate_single_line])
    organization_name = forms.CharField(
        label=_("Organization"), max_length=200, required=False, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[validate_single_line]
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would like to know or propose (at least 20 characters)."),
    )
    # Idempotency: one token per form shown, so a double click or a retry stores one inquiry.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    autocomplete = {"name": "name", "organization_name": "organization", "email": "email", "phone": "tel"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
        for name, value in self.autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
