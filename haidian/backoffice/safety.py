"""Deletes the back office refuses, explained in words a clerk understands; out-of-range numbers
in back-office addresses answered as the client's error.

Contracts, listings and financing records refer to agencies and organizations with ``PROTECT``:
the database refuses the delete, and Django's page lists the "protected related objects". These
admins say instead that the record cannot be deleted because of the records listed, and what to do
instead (``protected_advice``), on the single delete page and for the "delete selected" action.
"""

from django.contrib.admin.actions import delete_selected
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext


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


class AdminOutOfRangeMiddleware:
    """A back-office URL whose filter holds a number the database cannot store answers 400, not 500.

    SQLite raises ``OverflowError`` when the query runs for integers beyond 64 bits; Django guards
    an integer field's own lookups but not a foreign key's (``?agency__exact=99999999999999999999``),
    and the changelist runs its query only after every filter accepted the value. Such a value is
    always the client's mistake, on every admin list, ours and Django's (users, groups).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError) and request.path.startswith(reverse("admin:index")):
            return HttpResponseBadRequest(gettext("A number in this address is out of range."))
        return None
