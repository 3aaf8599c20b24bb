"""Widgets of the back-office forms."""

from django import forms


class UnlabelledHiddenInput(forms.HiddenInput):
    """A hidden input no <label> points at. The admin renders a label for every field of a
    fieldset, hidden ones included; a label for an input nobody sees names nothing and confuses
    assistive technology (docs/accessibility.md)."""

    def id_for_label(self, id_):
        return ""
