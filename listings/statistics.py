"""Contract statistics: counts and CNY values of published contracts, in total and by year, sector,
destination country and agency. The statistics page, the home page, the API and the key figures all
compute them here; nothing else sums contract values for the public.

The rule for confidential values (``value_is_public`` false), and the one home of it:

- **Counts** include every contract the caller selects, confidential ones too.
- **Values** (``value_cny``) only ever sum *public* values. A confidential value is never added to
  any total or bucket, so no combination of filters, buckets and subtractions can reveal it: every
  value published anywhere is a sum of values that are published one by one anyway.
- **withheld_count** says how many of the counted contracts have a value left out of ``value_cny``.

A contract in two sectors counts (and adds its public value) in both sector buckets.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from haidian.core.templatetags.site import localized_text

from .models import Contract

MEASURES = {
    "count": Count("id", distinct=True),
    "withheld_count": Count("id", filter=Q(value_is_public=False), distinct=True),
    "value_cny": Sum("value_cny", filter=Q(value_is_public=True)),
}

# Dimension: (the column a bucket's key comes from, the prefix of its bilingual name columns).
DIMENSIONS = {
    "sector": ("sectors__slug", "sectors__name"),
    "country": ("destination_country__code", "destination_country__name"),
    "agency": ("agency__slug", "agency__name"),
}


def _measured(row) -> dict:
    return {
        "count": row["count"],
        "withheld_count": row["withheld_count"],
        "value_cny": row["value_cny"] or Decimal(0),
    }


def _selected(contracts):
    """The contracts ``contracts`` selects, without its joins or ordering (a filter on sectors
    would otherwise repeat a contract in the sums)."""
    return Contract.objects.filter(pk__in=contracts.values("pk")).order_by()


def totals(contracts) -> dict:
    """``{"count", "withheld_count", "value_cny"}`` of ``contracts`` (one query)."""
    return _measured(_selected(contracts).aggregate(**MEASURES))


def by_year(contracts) -> list[dict]:
    """A bucket per year of signing, newest first (one query)."""
    rows = (
        _selected(contracts)
        .annotate(year=ExtractYear("signed_on"))
        .values("year")
        .annotate(**MEASURES)
        .order_by("-year")
    )
    return [{"key": str(row["year"]), "name": str(row["year"]), **_measured(row)} for row in rows]


def by_dimension(contracts, dimension: str) -> list[dict]:
    """A bucket per sector, destination country or agency (``dimension``), most contracts first;
    the bucket of contracts without one has key and name None (one query)."""
    key, names = DIMENSIONS[dimension]
    rows = (
        _selected(contracts)
        .values(key, f"{names}_en", f"{names}_zh_hans")
        .annotate(**MEASURES)
        .order_by("-count", key)
    )
    return [
        {"key": row[key], "name": localized_text(row, names)[0] or None, **_measured(row)} for row in rows
    ]


def contract_statistics(contracts) -> dict:
    """Everything the statistics page and the API's ``stats`` show for ``contracts`` (a queryset of
    published contracts, filtered as the caller likes): five queries."""
    return {
        "total": totals(contracts),
        "by_year": by_year(contracts),
        **{f"by_{dimension}": by_dimension(contracts, dimension) for dimension in DIMENSIONS},
    }
