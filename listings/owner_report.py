"""The owner's report of a listing: how its inquiries progressed and why agencies declined them.

The owner organization has no account: the report is reached through a signed link (the listing's
id, signed with a salt of its own and a timestamp, valid ``OWNER_REPORT_LINK_DAYS``) that a
decline e-mails to the owner's contact and the admin shows to staff. It holds aggregate figures
and the decline reasons and notes only, never an inquirer's name, organization or address.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from haidian.core.templatetags.site import localized_text
from haidian.core.web import crumbs, private_page

from .models import DeclineReason, InquiryStage, Technology

SALT = "listings.owner-report"


def owner_report_token(technology) -> str:
    return signing.dumps(technology.pk, salt=SALT)


def owner_report_path(technology) -> str:
    return reverse("technologies:owner_report", kwargs={"token": owner_report_token(technology)})


def owner_report_url(technology) -> str:
    """The absolute link, for e-mails (no request at hand): ``SITE_URL`` + the path."""
    return settings.SITE_URL.rstrip("/") + owner_report_path(technology)


def technology_from_token(token: str):
    """The listing a valid, unexpired token names; ``Http404`` for anything else."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=settings.OWNER_REPORT_LINK_DAYS * 86400)
    except signing.BadSignature:  # also SignatureExpired
        raise Http404 from None
    if not isinstance(pk, int):
        raise Http404
    technology = Technology.objects.select_related("owner", "agency").filter(pk=pk).first()
    if technology is None:
        raise Http404
    return technology


@require_safe
@private_page
def owner_report(request, token):
    # Queries: the listing (owner, agency); the conversion figures; the declines.
    technology = technology_from_token(token)
    declines = [
        {
            "date": row["declined_at"],
            "reason": DeclineReason(row["decline_reason"]).label,
            "note": row["decline_note"],
        }
        for row in technology.inquiries.genuine()
        .filter(stage=InquiryStage.DECLINED)
        .order_by("-declined_at", "-id")
        .values("declined_at", "decline_reason", "decline_note")
    ]
    title = localized_text(technology, "title")[0]
    return render(
        request,
        "listings/owner_report.html",
        {
            "technology": technology,
            "conversion": technology.inquiries.conversion(),
            "declines": declines,
            "response_hours": settings.INQUIRY_RESPONSE_HOURS,
            "link_days": settings.OWNER_REPORT_LINK_DAYS,
            "breadcrumbs": crumbs((_("Owner's report"), None), (title, None)),
        },
    )
