"""Published listings are withdrawn, not deleted.

A listing the public has seen (``Technology.was_published``) may be cited, linked, found in search
engines' caches and named in contracts; deleting it would leave those pointing at nothing and lose
its history. The admin refuses the delete (the single page and the "delete selected" action) and
points to "Withdraw", which takes it off the site and keeps the record. Drafts that were never
published can still be deleted.
"""

from django.contrib import messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import ngettext


def _refusal(listings) -> str:
    titles = [f"“{listing}”" for listing in listings[:5]]
    shown = ", ".join(titles) + ("…" if len(listings) > 5 else "")
    return ngettext(
        "%(titles)s has been published, so it is withdrawn rather than deleted (links to it and its "
        "history stay valid): use “Withdraw”. Nothing was deleted.",
        "%(titles)s have been published, so they are withdrawn rather than deleted (links to them and "
        "their history stay valid): use “Withdraw selected listings”. Nothing was deleted.",
        len(listings),
    ) % {"titles": shown}


def delete_unpublished_selected(modeladmin, request, queryset):
    """Django's "delete selected", refused as a whole when the selection holds a published listing."""
    published = list(queryset.ever_published().order_by("pk")[:6])
    if published:
        modeladmin.message_user(request, _refusal(published), messages.ERROR)
        return None
    return delete_selected(modeladmin, request, queryset)


delete_unpublished_selected.allowed_permissions = delete_selected.allowed_permissions
delete_unpublished_selected.short_description = delete_selected.short_description


class WithdrawNotDeleteMixin:
    """For ``TechnologyAdmin``: only listings never published may be deleted."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.was_published:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        # Someone who could otherwise delete it is told why not and sent to the Withdraw button.
        if obj is not None and obj.was_published and super().has_delete_permission(request, obj):
            self.message_user(request, _refusal([obj]), messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]
                )
            )
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_unpublished_selected, name, description)
        return actions

    def delete_queryset(self, request, queryset):
        # The action refuses first; this holds for any other path that deletes a selection.
        if queryset.ever_published().exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)
