"""Deletes the back office refuses, explained in words a clerk understands.

Contracts, listings and financing records refer to agencies and organizations with ``PROTECT``:
the database refuses the delete, and Django's page lists the "protected related objects". These
admins say instead that the record cannot be deleted because of the records listed, and what to do
instead (``protected_advice``), on the single delete page and for the "delete selected" action.
"""

from django.contrib.admin.actions import delete_selected
from django.template.response import TemplateResponse


def delete_selected_explained(modeladmin, request, queryset):
    """Django's "delete selected" action, whose refusal page carries the admin's advice."""
    response = delete_selected(modeladmin, request, queryset)
    if isinstance(response, TemplateResponse):
        response.context_data["protected_advice"] = modeladmin.protected_advice
    return response


delete_selected_explained.allowed_permissions = delete_selected.allowed_permissions
delete_selected_explained.short_description = delete_selected.short_description


class ProtectedDeleteMixin:
    """A model admin whose refused deletes explain themselves; ``protected_advice`` says what to do instead."""

    protected_advice = ""
    delete_confirmation_template = "admin/haidian/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/haidian/delete_selected_confirmation.html"

    def render_delete_form(self, request, context):
        context["protected_advice"] = self.protected_advice
        return super().render_delete_form(request, context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_explained, name, description)
        return actions
