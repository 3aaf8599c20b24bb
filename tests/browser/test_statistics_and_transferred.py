"""The statistics page (years, top-level sectors and a drill-down, downloads) and a transferred
listing, in both languages at 375 and 1280 px: drawn without overflow or CSP problems, screenshotted."""

import pytest
from django.utils import timezone

from listings.models import Availability, Contract, Technology, TechnologyStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_statistics_and_a_transferred_listing_at_both_widths(visit, demo):
    contract = Contract.objects.published().filter(value_is_public=True).order_by("signed_on").first()
    listing = Technology.objects.published().offers().order_by("slug").first()
    Technology.objects.filter(pk=listing.pk).update(
        status=TechnologyStatus.CLOSED, availability=Availability.TRANSFERRED, closed_at=timezone.now()
    )
    Contract.objects.filter(pk=contract.pk).update(technology=listing)
    top = (
        Contract.sectors.through.objects.filter(sector__parent__isnull=False)
        .values_list("sector__parent__slug", flat=True)
        .first()
    )
    for lang in ("en", "zh-hans"):
        for width in (375, 1280):
            visitor = visit(width=width)
            visitor.goto(f"/{lang}/contracts/statistics/?sector={top}")
            assert visitor.page.locator("#by-sub-sector svg.chart").count() == 1
            assert visitor.page.locator(".chart-block .downloads a").count() == 2 * 5
            assert visitor.horizontal_overflow() <= 0
            visitor.screenshot(f"statistics-drill-down-{lang}-{width}")
            visitor.goto(f"/{lang}/contracts/statistics/?year_from=2024&year_to=2025")
            assert visitor.page.locator(".chart-block").count() == 4
            visitor.screenshot(f"statistics-years-{lang}-{width}")
            visitor.goto(f"/{lang}/technologies/{listing.slug}/")
            assert visitor.page.locator(".transferred-notice a").count() >= 1
            assert visitor.page.locator("#inquiry").count() == 0
            assert visitor.horizontal_overflow() <= 0
            visitor.screenshot(f"technology-transferred-{lang}-{width}")
            assert visitor.problems == []
