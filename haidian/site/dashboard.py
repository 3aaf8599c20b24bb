"""The admin index's dashboard: the center at a glance, or an agency editor's own agency.

Every figure is one aggregate query over a scoped QuerySet (agency editors see their agency's
listings, inquiries and contracts), so the page costs the same few queries at any data size.
"""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.conf import settings
from django.db.models import Count, F, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from haidian.backoffice.scoping import agency_scope, scope_queryset
from haidian.core.models import MessageStatus, OutboundMessage
from listings.models import Contract, Inquiry, InquiryStatus, Technology, TechnologyStatus
from listings.models.inquiries import OPEN_INQUIRY

BAR_WIDTH = 200  # px of the longest bar in the SVG charts
BAR_X = 110  # px left of the bars, for their labels
ROW_HEIGHT = 24
RESPONSE_SAMPLE = 500  # answered inquiries the typical response time is computed from
OVERDUE_SHOWN = 10  # listings overdue for verification named on the dashboard


@dataclass
class Bar:
    label: str
    value: float
    display: str
    url: str = ""
    css: str = ""
    width: float = 0.0
    y: int = 0
    text_x: float = 0.0


@dataclass
class Chart:
    bars: list[Bar]
    height: int


def bars(items: list[Bar], *, maximum=None) -> Chart:
    """A horizontal bar chart: each bar's width relative to ``maximum`` (or the largest value)."""
    top = maximum if maximum is not None else max((item.value for item in items), default=0)
    for index, item in enumerate(items):
        item.width = round(BAR_WIDTH * min(item.value / top, 1), 1) if top else 0
        item.y = index * ROW_HEIGHT
        # The figure sits inside a long bar, after a short one.
        item.text_x = BAR_X + 4 if item.width > BAR_WIDTH * 0.7 else BAR_X + item.width + 4
    return Chart(items, len(items) * ROW_HEIGHT)


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def listings_figures(user, now):
    qs = scope_queryset(Technology.objects.all(), user, "agency")
    counts = qs.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in TechnologyStatus},
        expired=Count("pk", filter=Q(status=TechnologyStatus.PUBLISHED, expires_at__lte=now)),
        stale=Count(
            "pk",
            filter=Q(status=TechnologyStatus.PUBLISHED)
            & (
                Q(last_verified_at__isnull=True)
                | Q(last_verified_at__lt=now - timedelta(days=settings.LISTING_STALE_DAYS))
            ),
        ),
    )
    return {
        "bars": bars(
            [
                Bar(
                    str(status.label),
                    counts[status.value],
                    str(counts[status.value]),
                    _changelist(Technology, status__exact=status.value),
                )
                for status in TechnologyStatus
            ]
        ),
        "in_review": counts[TechnologyStatus.IN_REVIEW],
        "expired": counts["expired"],
        "stale": counts["stale"],
        "stale_days": settings.LISTING_STALE_DAYS,
        "stale_url": _changelist(Technology, verification="stale"),
        "review_url": _changelist(Technology, status__exact=TechnologyStatus.IN_REVIEW),
        "overdue": overdue_listings(qs, now) if counts["stale"] else [],
    }


def overdue_listings(qs, now) -> list[dict]:
    """The user's own listings most overdue for verification (never verified first), with links."""
    rows = (
        qs.stale(settings.LISTING_STALE_DAYS, now=now)
        .order_by(F("last_verified_at").asc(nulls_first=True), "pk")
        .only("pk", "title_en", "title_zh_hans", "last_verified_at")[:OVERDUE_SHOWN]
    )
    return [
        {
            "title": str(listing),
            "verified": listing.last_verified_at,
            "url": reverse("admin:listings_technology_change", args=[listing.pk]),
        }
        for listing in rows
    ]


def inquiry_figures(user, now):
    qs = scope_queryset(Inquiry.objects.all(), user, "technology__agency")
    target = timedelta(hours=settings.INQUIRY_RESPONSE_HOURS)
    open_ = qs.open().aggregate(
        waiting=Count("pk"),
        new=Count("pk", filter=Q(status=InquiryStatus.NEW)),
        mail_failed=Count("pk", filter=Q(status=InquiryStatus.MAIL_FAILED)),
        past_target=Count("pk", filter=Q(created_at__lt=now - target)),
        oldest=Min("created_at"),
    )
    answered = list(
        qs.filter(status=InquiryStatus.ANSWERED, answered_at__gte=now - timedelta(days=90))
        .order_by("-answered_at")
        .values_list("created_at", "answered_at")[:RESPONSE_SAMPLE]
    )
    typical = timedelta(seconds=median((a - c).total_seconds() for c, a in answered)) if answered else None
    in_time = sum(1 for c, a in answered if a - c <= target)
    return {
        "waiting": open_["waiting"],
        "new": open_["new"],
        "mail_failed": open_["mail_failed"],
        "mail_failed_url": _changelist(Inquiry, status=InquiryStatus.MAIL_FAILED),
        "oldest_age": now - open_["oldest"] if open_["oldest"] else None,
        "oldest_since": open_["oldest"],
        "typical_response": timesince(now - typical, now, depth=2) if typical is not None else "",
        "answered_count": len(answered),
        "past_target": open_["past_target"],
        "past_target_url": _changelist(Inquiry, response="overdue"),
        "in_time_pct": round(100 * in_time / len(answered)) if answered else None,
        "target_hours": settings.INQUIRY_RESPONSE_HOURS,
        "conversion": qs.conversion(now),
        "url": _changelist(Inquiry, status__in=",".join(sorted(OPEN_INQUIRY)), o="6"),
    }


def own_work(user, now) -> dict:
    """An agency editor's to-do list, first on their dashboard: inquiries past the response target
    (oldest first), their drafts and listings waiting for the center's review, listings overdue for
    verification, and inquiries declined in the last 90 days."""
    inquiries = scope_queryset(Inquiry.objects.all(), user, "technology__agency")
    listings = scope_queryset(Technology.objects.all(), user, "agency")
    late = list(
        inquiries.past_response_target(now)
        .select_related("technology")
        .order_by("created_at", "pk")[:OVERDUE_SHOWN]
    )
    counts = listings.aggregate(
        drafts=Count("pk", filter=Q(status=TechnologyStatus.DRAFT)),
        in_review=Count("pk", filter=Q(status=TechnologyStatus.IN_REVIEW)),
    )
    return {
        "late": [
            {
                "inquiry": inquiry,
                "waited": timesince(inquiry.created_at, now, depth=1),
                "url": reverse("admin:listings_inquiry_change", args=[inquiry.pk]),
            }
            for inquiry in late
        ],
        "late_url": _changelist(Inquiry, response="overdue"),
        "target_hours": settings.INQUIRY_RESPONSE_HOURS,
        "drafts": counts["drafts"],
        "drafts_url": _changelist(Technology, status__exact=TechnologyStatus.DRAFT),
        "in_review": counts["in_review"],
        "in_review_url": _changelist(Technology, status__exact=TechnologyStatus.IN_REVIEW),
        "declined": inquiries.filter(declined_at__gte=now - timedelta(days=90)).count(),
        "declined_url": _changelist(Inquiry, stage__exact="declined"),
    }


def agency_figures():
    active = Agency.objects.active().count()
    target = settings.AGENCY_TARGET
    return {
        "active": active,
        "target": target,
        "percent": round(100 * active / target) if target else 0,
        "bars": bars(
            [
                Bar(
                    str(_("Active agencies")),
                    active,
                    f"{active} / {target}",
                    _changelist(Agency, status__exact="active"),
                )
            ],
            maximum=target,
        ),
    }


def contract_figures(user, today):
    qs = scope_queryset(Contract.objects.all(), user, "agency")
    this, last = today.year, today.year - 1
    totals = qs.aggregate(
        this_count=Count("pk", filter=Q(signed_on__year=this)),
        last_count=Count("pk", filter=Q(signed_on__year=last)),
        this_value=Sum("value_cny", filter=Q(signed_on__year=this)),
        last_value=Sum("value_cny", filter=Q(signed_on__year=last)),
        # Same period last year, so a young year is not compared with a whole one.
        last_to_date_value=Sum(
            "value_cny", filter=Q(signed_on__year=last, signed_on__lte=_same_day_last_year(today))
        ),
    )
    this_value = totals["this_value"] or 0
    last_value = totals["last_value"] or 0
    to_date = totals["last_to_date_value"] or 0
    return {
        "this_year": this,
        "last_year": last,
        "this_count": totals["this_count"],
        "last_count": totals["last_count"],
        "this_value": this_value,
        "last_value": last_value,
        "change_pct": round(100 * (this_value - to_date) / to_date) if to_date else None,
        "count_bars": bars(
            [
                Bar(
                    str(this),
                    totals["this_count"],
                    str(totals["this_count"]),
                    _changelist(Contract, signed_on__year=this),
                ),
                Bar(
                    str(last),
                    totals["last_count"],
                    str(totals["last_count"]),
                    _changelist(Contract, signed_on__year=last),
                    "previous",
                ),
            ]
        ),
        "value_bars": bars(
            [
                Bar(str(this), float(this_value), _yuan(this_value)),
                Bar(str(last), float(last_value), _yuan(last_value), css="previous"),
            ]
        ),
    }


def _same_day_last_year(today):
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _yuan(value) -> str:
    value = float(value or 0)
    if value >= 1_000_000_000:
        return str(_("CNY %(amount).1f bn")) % {"amount": value / 1_000_000_000}
    if value >= 1_000_000:
        return str(_("CNY %(amount).1f M")) % {"amount": value / 1_000_000}
    return str(_("CNY %(amount).0f")) % {"amount": value}


def mail_figures():
    """The e-mail queue: messages that failed for good (to send again) and those still waiting."""
    counts = OutboundMessage.objects.aggregate(
        failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
        waiting=Count("pk", filter=Q(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])),
    )
    return {
        **counts,
        "failed_url": _changelist(OutboundMessage, status=MessageStatus.FAILED),
        "waiting_url": _changelist(OutboundMessage, status=MessageStatus.QUEUED),
    }


def dashboard(request) -> dict:
    user = request.user
    now = timezone.now()
    scope = agency_scope(user)
    context = {"scope_agency": None}
    if scope.unrestricted:
        # The center's targets are the center's: an agency's dashboard shows its own work instead.
        context["agencies"] = agency_figures()
    elif scope.agency_id:
        context["scope_agency"] = Agency.objects.filter(pk=scope.agency_id).first()
        context["own_work"] = own_work(user, now)
    if user.has_perm("listings.view_technology"):
        context["listings"] = listings_figures(user, now)
    if user.has_perm("listings.view_inquiry"):
        context["inquiries"] = inquiry_figures(user, now)
    if user.has_perm("haidian.view_outboundmessage"):
        context["mail"] = mail_figures()
    if user.has_perm("listings.view_contract"):
        context["contracts"] = contract_figures(user, timezone.localdate(now))
    return context
