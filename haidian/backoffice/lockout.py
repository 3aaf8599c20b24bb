"""The page a locked-out sign-in gets (django-axes' ``AXES_LOCKOUT_CALLABLE``).

Axes' own answer is a bare English line; this one is the admin's page, in the admin's language,
with the status axes sets (429) and how long the lock lasts.
"""

from axes.conf import settings as axes_settings
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-in locked"),
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "admin/lockout.html", context, status=axes_settings.AXES_HTTP_RESPONSE_CODE)
