"""The back-office dashboard's panel of service agencies against the center's target."""

from django.conf import settings
from django.utils.translation import gettext as _

from agencies.models import Agency
from haidian.backoffice.dashboard import Bar, bars, changelist_url
from haidian.backoffice.scoping import is_center_staff


def agencies_panel(user, now):
    """The center's target of active agencies: the center's, so an agency's dashboard leaves it out."""
    if not is_center_staff(user):
        return None
    active = Agency.objects.active().count()
    target = settings.AGENCY_TARGET
    return {
        "active": active,
        "target": target,
        "percent": round(100 * active / target) if target else 0,
        "bars": bars(
            [
                Bar(
                    _("Active agencies"),
                    active,
                    f"{active} / {target}",
                    changelist_url(Agency, status__exact="active"),
                )
            ],
            maximum=target,
        ),
    }
