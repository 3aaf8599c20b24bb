"""Back-office accounts and groups, under the rule of ``agencies.accounts``: no one grants more than
they hold. Enforced twice: the forms offer only what the user may grant (superuser status and single
permissions read-only, groups limited), and saving checks the account as saved, so a crafted POST
is refused and rolled back (the admin saves in one transaction). The user admin has no bulk action
a center administrator may run (deleting accounts is the superusers'), no list_editable, no history.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from .accounts import assignable_groups, may_manage_account

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(UserAdmin):
    #: What only a superuser may set.
    superuser_only_fields = ("is_superuser", "user_permissions")

    def _may_manage(self, request, obj) -> bool:
        return obj is None or may_manage_account(request.user, obj)

    def has_change_permission(self, request, obj=None):
        # Also guards the password change page, which asks for the same permission.
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + self.superuser_only_fields

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = assignable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The account as saved, groups included: whatever the form let through, nothing above the
        # granter's own rights is kept (PermissionDenied rolls the whole change back).
        if not may_manage_account(request.user, User.objects.get(pk=form.instance.pk)):
            raise PermissionDenied


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Groups are the roles: only superusers define them; center administrators may look."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
