"""The listings' part of the agency pages (registered with ``agencies.pages`` from ``ListingsConfig.ready``):
the agency's published listings, its published contracts and how its inquiries progressed."""

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from agencies.pages import DetailSection

from .models import Contract, Inquiry, Technology

LISTINGS_SHOWN = 12
CONTRACTS_SHOWN = 10


def list_annotations() -> dict:
    listings = (
        Technology.objects.published()
        .filter(agency=OuterRef("pk"))
        .order_by()
        .values("agency")
        .annotate(n=Count("id"))
        .values("n")
    )
    return {"listing_count": Coalesce(Subquery(listings), 0)}


def detail_context(agency) -> dict:
    # Queries: its listings (+ sectors); its contracts (parties and destination joined); contract
    # count; listing count; inquiry figures.
    published = Technology.objects.published().for_agency(agency)
    contracts = Contract.objects.published().for_agency(agency)
    return {
        "listings": list(
            published.select_related("owner", "origin_country").prefetch_related("sectors")[:LISTINGS_SHOWN]
        ),
        "contracts": list(
            contracts.select_related("seller", "buyer", "destination_country").order_by("-signed_on", "-id")[
                :CONTRACTS_SHOWN
            ]
        ),
        "contract_count": contracts.aggregate(count=Count("id"))["count"],
        "listing_count": published.count(),
        # How its inquiries progressed and how fast it answers: aggregate figures, one query.
        "conversion": Inquiry.objects.for_agency(agency).conversion(),
        "response_hours": settings.INQUIRY_RESPONSE_HOURS,
    }


DETAIL_SECTION = DetailSection(template="listings/includes/agency_section.html", context=detail_context)
