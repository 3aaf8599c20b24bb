"""The back-office dashboard's panels of listings, inquiries and contracts (registered in apps.py)."""

from datetime import timedelta
from statistics import median

from django.conf import settings
from django.db.models import Count, F, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from haidian.backoffice.dashboard import Bar, bars, changelist_url
from haidian.backoffice.scoping import agency_scope, scope_queryset
from haidian.core.matching import format_cny
from listings.models import Contract, Inquiry, InquiryStatus, Technology, TechnologyStatus
from listings.models.inquiries import OPEN_INQUIRY

RESPONSE_SAMPLE = 500  # answered inquiries the typical response time is computed from
OVERDUE_SHOWN = 10  # listings overdue for verification named on the dashboard


def listings_panel(user, now):
    if not user.has_perm("listings.view_technology"):
        return None
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
                    changelist_url(Technology, status__exact=status.value),
                )
                for status in TechnologyStatus
            ]
        ),
        "in_review": counts[TechnologyStatus.IN_REVIEW],
        "expired": counts["expired"],
        "stale": counts["stale"],
        "stale_days": settings.LISTING_STALE_DAYS,
        "stale_url": changelist_url(Technology, verification="stale"),
        "review_url": changelist_url(Technology, status__exact=TechnologyStatus.IN_REVIEW),
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


def own_work_panel(user, now):
    """An agency editor's to-do list, first on their dashboard: inquiries past the response target
    (oldest first), their drafts and listings waiting for the center's review, and inquiries
    declined in the last 90 days. Center staff have the center's panels instead."""
    scope = agency_scope(user)
    if scope.unrestricted or scope.agency_id is None:
        return None
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
        "late_url": changelist_url(Inquiry, response="overdue"),
        "target_hours": settings.INQUIRY_RESPONSE_HOURS,
        "drafts": counts["drafts"],
        "drafts_url": changelist_url(Technology, status__exact=TechnologyStatus.DRAFT),
        "in_review": counts["in_review"],
        "in_review_url": changelist_url(Technology, status__exact=TechnologyStatus.IN_REVIEW),
        "declined": inquiries.filter(declined_at__gte=now - timedelta(days=90)).count(),
        "declined_url": changelist_url(Inquiry, stage__exact="declined"),
    }


def inquiries_panel(user, now):
    if not user.has_perm("listings.view_inquiry"):
        return None
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
        "mail_failed_url": changelist_url(Inquiry, status=InquiryStatus.MAIL_FAILED),
        "oldest_age": now - open_["oldest"] if open_["oldest"] else None,
        "oldest_since": open_["oldest"],
        "typical_response": timesince(now - typical, now, depth=2) if typical is not None else "",
        "answered_count": len(answered),
        "past_target": open_["past_target"],
        "past_target_url": changelist_url(Inquiry, response="overdue"),
        "in_time_pct": round(100 * in_time / len(answered)) if answered else None,
        "target_hours": settings.INQUIRY_RESPONSE_HOURS,
        "conversion": qs.conversion(now),
        "url": changelist_url(Inquiry, status__in=",".join(sorted(OPEN_INQUIRY)), o="6"),
    }


def contracts_panel(user, now):
    if not user.has_perm("listings.view_contract"):
        return None
    today = timezone.localdate(now)
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
                    changelist_url(Contract, signed_on__year=this),
                ),
                Bar(
                    str(last),
                    totals["last_count"],
                    str(totals["last_count"]),
                    changelist_url(Contract, signed_on__year=last),
                    "previous",
                ),
            ]
        ),
        "value_bars": bars(
            [
                Bar(str(this), float(this_value), format_cny(this_value)),
                Bar(str(last), float(last_value), format_cny(last_value), css="previous"),
            ]
        ),
    }


def _same_day_last_year(today):
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)
