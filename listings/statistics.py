"""Contract statistics: counts and CNY values of published contracts, in total and by year, sector,
destination country and agency. The statistics page, the home page, the API and the key figures all
compute them here; nothing else sums contract values for the public.

The rule for confidential values (``value_is_public`` false), and the one home of it:

- **Counts** include every contract the caller selects, confidential ones too.
- **Values** (``value_cny``) only ever sum *public* values. A confidential value is never added to
  any total or bucket, so no combination of filters, buckets and subtractions can reveal it: every
  value published anywhere is a sum of values that are published one by one anyway.
- **withheld_count** says how many of the counted contracts have a value left out of ``value_cny``.

Sectors roll up to the top-level sectors: a contract counts once under a top-level sector, however
many of its sub-sectors it is filed under, and (as in every other breakdown) in each of its
top-level sectors. The drill-down into one top-level sector gives a bucket per sub-sector; a contract
in two of them counts in both.

``TABLES`` names each table the statistics page draws (and offers as CSV and JSON), with the order
of its rows: the page, its downloads and the API show the same rows.
"""

from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from haidian.core.models import Sector
from haidian.core.templatetags.site import localized_text

from .models import Contract

CENT = Decimal("0.01")


def _measures(contract=""):
    """Count, withheld count and public value of the contracts (``contract``: the path to them)."""
    return {
        "count": Count(f"{contract}id", distinct=True),
        "withheld_count": Count(
            f"{contract}id", filter=Q(**{f"{contract}value_is_public": False}), distinct=True
        ),
        "value_cny": Sum(f"{contract}value_cny", filter=Q(**{f"{contract}value_is_public": True})),
    }


MEASURES = _measures()

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
        # In yuan and fen whatever the database returns (SQLite drops trailing zeros).
        "value_cny": (row["value_cny"] or Decimal(0)).quantize(CENT),
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


def _sector_buckets(rows) -> list[dict]:
    return [
        {"key": row["key"], "name": localized_text(row, "sector_name")[0] or None, **_measured(row)}
        for row in rows
    ]


def _names(prefix):
    """The bilingual names of the grouped rows' sector (``prefix``: a path, or a list of paths to
    coalesce), as aggregates: a subquery or plain column would join the GROUP BY."""
    paths = prefix if isinstance(prefix, list) else [prefix]
    return {
        f"sector_name_{lang}": Max(Coalesce(*[f"{path}__name_{lang}" for path in paths]))
        if len(paths) > 1
        else Max(f"{paths[0]}__name_{lang}")
        for lang in ("en", "zh_hans")
    }


def by_top_sector(contracts) -> list[dict]:
    """A bucket per top-level sector, a contract counted once in each top-level sector it is filed
    under (directly or through sub-sectors), most contracts first; then the bucket of contracts in
    no sector (key and name None), if any (two queries)."""
    through = Contract.sectors.through
    # One filing per contract and top-level sector: a later filing under the same top-level sector
    # is left out, so the contract's value is added once.
    earlier = through.objects.filter(contract_id=OuterRef("contract_id"), pk__lt=OuterRef("pk")).filter(
        Q(sector__slug=OuterRef("key")) | Q(sector__parent__slug=OuterRef("key"))
    )
    rows = (
        through.objects.filter(contract_id__in=contracts.values("pk"))
        .annotate(key=Coalesce("sector__parent__slug", "sector__slug"))
        .exclude(Exists(earlier))
        .values("key")
        .annotate(**_measures("contract__"), **_names(["sector__parent", "sector"]))
        .order_by("-count", "key")
    )
    buckets = _sector_buckets(rows)
    unfiled = _measured(_selected(contracts).filter(sectors__isnull=True).aggregate(**MEASURES))
    if unfiled["count"]:
        buckets.append({"key": None, "name": None, **unfiled})
    return buckets


def by_sub_sector(contracts, sector: str) -> list[dict]:
    """The drill-down into the top-level sector ``sector`` (a slug): a bucket per sub-sector (and
    one for the top-level sector itself, for contracts filed under it alone), most contracts first
    (one query)."""
    rows = (
        Contract.sectors.through.objects.filter(contract_id__in=contracts.values("pk"))
        .filter(Q(sector__slug=sector) | Q(sector__parent__slug=sector))
        .annotate(key=F("sector__slug"))
        .values("key")
        .annotate(**_measures("contract__"), **_names("sector"))
        .order_by("-count", "key")
    )
    return _sector_buckets(rows)


def drill_down_sector(slugs) -> str | None:
    """The top-level sector the statistics drill into: the one chosen, when exactly one sector is
    chosen and it is a top-level one (``slugs``: the ``sector`` filter's value)."""
    if not slugs or len(slugs) != 1:
        return None
    return slugs[0] if Sector.objects.filter(slug=slugs[0], parent__isnull=True).exists() else None


# The tables of the statistics page: name -> (the statistics key, how its rows are ordered).
TABLES = {
    "by-year": ("by_year", "chronological"),
    "by-sector": ("by_sector", "value"),
    "by-sub-sector": ("by_sub_sector", "value"),
    "by-country": ("by_country", "value"),
    "by-agency": ("by_agency", "count"),
}


def ordered(buckets: list[dict], order: str) -> list[dict]:
    """The buckets in a table's order: years oldest first; the largest public value first (the
    bucket of contracts without one last); or as computed, most contracts first."""
    if order == "chronological":
        return sorted(buckets, key=lambda bucket: bucket["key"])
    if order == "value":
        return sorted(buckets, key=lambda bucket: (bucket["key"] is None, -bucket["value_cny"]))
    return buckets


def table(contracts, name: str, *, sector: str | None = None) -> list[dict]:
    """The rows of one table of ``TABLES`` (the download of a chart): one or two queries."""
    key, order = TABLES[name]
    compute = {
        "by_year": by_year,
        "by_sector": by_top_sector,
        "by_sub_sector": lambda contracts: by_sub_sector(contracts, sector) if sector else [],
        "by_country": lambda contracts: by_dimension(contracts, "country"),
        "by_agency": lambda contracts: by_dimension(contracts, "agency"),
    }[key]
    return ordered(compute(contracts), order)


def contract_statistics(contracts, *, sector: str | None = None) -> dict:
    """Everything the statistics page and the API's ``stats`` show for ``contracts`` (a queryset of
    published contracts, filtered as the caller likes), each table in its order; with ``sector`` (a
    top-level sector's slug, see ``drill_down_sector``) its sub-sectors too. Six queries, seven with
    the drill-down."""
    return {
        "total": totals(contracts),
        **{key: table(contracts, name, sector=sector) for name, (key, _order) in TABLES.items()},
    }
