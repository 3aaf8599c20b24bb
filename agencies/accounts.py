"""Who may grant what on back-office accounts: no one hands out more than they hold.

Superusers manage every account and group. A center administrator (``user.change_user``) manages
the agency staff's accounts within their own rights: they may create and edit accounts whose
permissions are all their own too, give those accounts staff status and groups within their own
permissions, and reset their passwords; they may not grant superuser status, single permissions or
the center administrator group, nor edit a superuser or another center administrator (themselves
included: their own password is changed through "Change password"). Groups are the superusers' to
define. ``agencies.admin_accounts`` enforces this in the forms and again when saving.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from haidian.backoffice.scoping import CENTER_ADMIN_GROUP


def _permissions(user) -> set[int]:
    """The permissions an account holds through its groups and its own, whether it is active or
    not (``get_all_permissions`` is empty for an inactive account, which could then be reactivated)."""
    return set(Permission.objects.filter(Q(user=user) | Q(group__user=user)).values_list("pk", flat=True))


def assignable_groups(granter):
    """The groups ``granter`` may give: all for a superuser; otherwise those whose permissions the
    granter holds too, never the center administrator group."""
    groups = Group.objects.all()
    if granter.is_superuser:
        return groups
    held = _permissions(granter)
    refused = [CENTER_ADMIN_GROUP]
    for group in groups.prefetch_related("permissions"):
        if not {permission.pk for permission in group.permissions.all()} <= held:
            refused.append(group.name)
    return groups.exclude(name__in=refused)


def may_manage_account(granter, account) -> bool:
    """May ``granter`` change ``account`` (its fields, groups, password)?"""
    if granter.is_superuser:
        return True
    if account.is_superuser or account.groups.filter(name=CENTER_ADMIN_GROUP).exists():
        return False
    return _permissions(account) <= _permissions(granter)
