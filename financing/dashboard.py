"""The back-office dashboard's financing panel (registered in apps.py).

For a lender's staff, first on their dashboard: the inquiries about their products and from them
waiting for an answer (newest first, those past the response-time target marked), and the open
needs their products could fund. Center staff see the inquiries of every lender. Every figure is
one query over the lender-scoped QuerySets, whatever the data size.
"""

from django.db.models import Count, Min, Q
from django.urls import reverse

from haidian.backoffice.dashboard import changelist_url
from haidian.backoffice.scoping import lender_scope, scope_lender_queryset
from haidian.core.inquiries import OPEN_INQUIRY, response_target

from .models import FinancingInquiry, FinancingNeed

SHOWN = 5  # inquiries and needs named on the panel


def lender_panel(user, now):
    if not user.has_perm("financing.view_financinginquiry"):
        return None
    qs = scope_lender_queryset(FinancingInquiry.objects.all(), user, "lender")
    cutoff = now - response_target()
    counts = qs.open().aggregate(
        waiting=Count("pk"),
        past_target=Count("pk", filter=Q(created_at__lt=cutoff)),
        oldest=Min("created_at"),
    )
    newest = qs.open().select_related("product", "need").order_by("-created_at", "-id")[:SHOWN]
    scope = lender_scope(user)
    panel = {
        "is_lender": not scope.unrestricted,
        "waiting": counts["waiting"],
        "past_target": counts["past_target"],
        "oldest_since": counts["oldest"],
        "target_hours": int(response_target().total_seconds() // 3600),
        "url": changelist_url(FinancingInquiry, status__in=",".join(sorted(OPEN_INQUIRY))),
        "past_target_url": changelist_url(FinancingInquiry, response="overdue"),
        "inquiries": [
            {
                "inquiry": inquiry,
                "late": inquiry.created_at < cutoff,
                "url": reverse("admin:financing_financinginquiry_change", args=[inquiry.pk]),
            }
            for inquiry in newest
        ],
        "conversion": qs.conversion(now),
    }
    if not scope.unrestricted and user.has_perm("financing.view_financingneed"):
        needs = (
            FinancingNeed.objects.fundable_by(scope.lender_id)
            if scope.lender_id
            else FinancingNeed.objects.none()
        )
        panel["needs_count"] = needs.count()
        panel["needs"] = [
            {"need": need, "url": reverse("admin:financing_financingneed_change", args=[need.pk])}
            for need in needs.select_related("company").order_by("-created_at", "-id")[:SHOWN]
        ]
        panel["needs_url"] = changelist_url(FinancingNeed)
    return panel
