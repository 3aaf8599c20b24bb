"""Form pieces shared by the public forms of every app."""

import uuid

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from haidian.core.text import validate_single_line


def flat_attrs(attrs: dict) -> str:
    """Attributes as ``django/forms/widgets/attrs.html`` writes them: in order, ``True`` as a bare
    name, ``False`` left out, every name and value escaped."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{flat_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{flat_attrs(widget["attrs"])}>\n{value}</textarea>'


class PublicFormRenderer(DjangoTemplates):
    """Django's form renderer, with the plain inputs and the text area written in Python: the same
    HTML as Django's templates for them (``django/forms/widgets/input.html`` and the templates that
    include it, ``textarea.html``). Through the template engine the inquiry form's seven fields
    cost a tenth of the technology detail page (docs/performance.md). Other templates render
    as usual."""

    writers = {
        **dict.fromkeys(
            (
                f"django/forms/widgets/{kind}.html"
                for kind in ("input", "text", "email", "hidden", "checkbox")
            ),
            _input,
        ),
        "django/forms/widgets/textarea.html": _textarea,
    }

    def render(self, template_name, context, request=None):
        write = self.writers.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return mark_safe(write(context["widget"]))  # noqa: S308 (every value is escaped)


PUBLIC_FORM_RENDERER = PublicFormRenderer()


class HoneypotForm(forms.Form):
    """A public form with a honeypot: a field hidden from people (CSS and aria-hidden) that bots
    fill in. The view answers a bot as if all went well and stores nothing."""

    default_renderer = PUBLIC_FORM_RENDERER

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
