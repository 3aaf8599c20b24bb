"""The technology list page's facets: each option's count is the number of results choosing it
would give, every other chosen filter kept.

The counts come from a facet index (``facet_index``): for each facet value, which listings with a
public page hold it, as a bitset (``haidian.core.grouping.postings``), read once per version of the
listings (``haidian.core.cache.LISTINGS``: a news item or a financing product leaves it) and hour,
exact at every moment of that hour (listings go live and expire without a signal). A page's
chosen facet values are unions of those bitsets, its results their intersection, and each option's
count the size of an intersection: no query, however broad the filters or large the catalogue. A filter the index does not hold (a search, a price, an owner, a date) adds one
query that reads the ids of the listings it keeps.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import reduce
from operator import and_, or_

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from haidian.core.cache import LISTINGS, cached_value, process_value, versioned_value
from haidian.core.grouping import JoinedIds, bitset, joined_bitset, postings
from haidian.core.i18n import column_suffix
from haidian.core.models import Country
from haidian.core.sectors import sectors_by_slug
from haidian.core.templatetags.site import localized_text

from .filters import TechnologyFilter
from .models import IPStatus, Technology, TechnologyKind, TechnologyStatus, TransactionTypeKind
from .search import RANKED

# The listing columns the index holds: facet name -> column.
COLUMNS = {
    "status": "status",
    "kind": "kind",
    "country": "origin_country_id",
    "trl": "trl",
    "ip": "ip_status",
    "agency": "agency_id",
}


#: How far ahead the facet index reads the publication and expiry times of the listings: it is
#: computed again each period (and when a listing changes), and within one it is exact.
PERIOD = timedelta(hours=1)


@dataclass(frozen=True)
class FacetIndex:
    """Which listings hold each facet value: ``postings[name][value]``, a bitset of primary keys.
    ``status``, ``kind``, ``country``, ``trl``, ``ip`` and ``agency`` hold, by their column, the
    listings with a public page (``Technology.objects.visible()``) when the index was computed and
    the ones that go live before the end of its period; ``sector_id``, ``target_country`` and
    ``transaction`` every listing, by link table, and ``sector`` by top-level sector (its own
    listings and its children's). Intersected with ``published(now) | transferred``, all of them
    describe the rows public at that moment. ``scheduled``: the published listings that go live or
    expire within the period, ``(pk, published_at, expires_at)``."""

    postings: dict[str, dict]
    scheduled: tuple[tuple, ...] = ()

    def published(self, now) -> int:
        """The published listings public at ``now`` (a moment of the index's period)."""
        hidden = bitset([pk for pk, starts, ends in self.scheduled if starts > now or (ends and ends <= now)])
        return self.postings["status"].get(TechnologyStatus.PUBLISHED, 0) & ~hidden

    @property
    def transferred(self) -> int:
        return self.postings["status"].get(TechnologyStatus.CLOSED, 0)

    def any_of(self, name, values) -> int:
        """The listings holding any of ``values`` of ``name``."""
        held = self.postings[name]
        return reduce(or_, (held.get(value, 0) for value in values), 0)


def facet_index(sectors, now) -> FacetIndex:
    """The facet index of the current version of the listings (``LISTINGS``: other content leaves
    it) and of ``now``'s period: ten queries (about 0.6 s at 100,000 listings; the bitsets take
    about 2 MB), kept in each process's memory for the period; the first process to need it
    shares it through the cache for ``CACHE_PAGE_SECONDS`` only, for each version is a new entry
    of that size (21 MB at 1,000,000 listings). ``sectors``: every sector by primary key
    (``sectors_by_pk``)."""
    period = int(now.timestamp() // PERIOD.total_seconds())
    ends = datetime.fromtimestamp((period + 1) * PERIOD.total_seconds(), tz=UTC)

    def compute():
        computed_at = timezone.now()
        scheduled = Technology.objects.filter(
            status=TechnologyStatus.PUBLISHED, published_at__isnull=False
        ).filter(
            Q(published_at__gt=computed_at, published_at__lt=ends)
            | Q(expires_at__gt=computed_at, expires_at__lt=ends)
        )
        listed = Technology.objects.visible() | scheduled
        held = {name: postings(listed, column, "pk") for name, column in COLUMNS.items()}
        held["sector_id"] = postings(Technology.sectors.through.objects, "sector_id", "technology_id")
        held["sector"] = {}
        for pk, listings in held["sector_id"].items():
            top = getattr(sectors.get(pk), "parent_id", None) or pk
            held["sector"][top] = held["sector"].get(top, 0) | listings
        held["target_country"] = postings(
            Technology.target_countries.through.objects, "country_id", "technology_id"
        )
        held["transaction"] = postings(
            Technology.transaction_types.through.objects, "transactiontype_id", "technology_id"
        )
        return FacetIndex(held, tuple(scheduled.values_list("pk", "published_at", "expires_at")))

    return process_value(
        "technology-facet-index",
        period,
        scope=LISTINGS,
        timeout=int(PERIOD.total_seconds()),
        compute=lambda: versioned_value("technology-facet-index", period, scope=LISTINGS, compute=compute),
    )


def _selected(filterset) -> dict:
    """The chosen value(s) of each valid facet, as strings: ``{name: {value, ...}}``."""
    selected = {}
    for name in TechnologyFilter.FACETS:
        value = filterset.form.cleaned_data.get(name)
        if value not in (None, "", []):
            selected[name] = {str(item) for item in (value if isinstance(value, list) else [value])}
    return selected


# The filters the facet index answers, and the postings each reads. A filter named here is applied
# by intersection; any other chosen filter by one query of ids.
INDEXED = {
    "kind": "kind",
    "sector": "sector_id",
    "country": "country",
    "target_country": "target_country",
    "trl": "trl",
    "trl_min": "trl",
    "trl_max": "trl",
    "ip": "ip",
    "ip_status": "ip",
    "transaction": "transaction",
    "transaction_type": "transaction",
    "agency": "agency",
}


def _held_values(name, value, sectors, agencies) -> list:
    """The values of ``INDEXED[name]`` that the filter ``name`` with its cleaned ``value`` keeps, as
    ``TechnologyFilter`` keeps them: a sector with its children (``Sector.objects.with_descendants``),
    an agency by slug, a minimum or maximum level the levels beyond it, several values any of them."""
    if name == "sector":
        parents = {pk: getattr(sectors.get(sector.parent_id), "slug", None) for pk, sector in sectors.items()}
        return [pk for pk, sector in sectors.items() if sector.slug in value or parents[pk] in value]
    if name == "agency":
        return [row["pk"] for row in agencies if row["slug"] in value]
    if name == "trl_min":
        return list(range(value, 10))
    if name == "trl_max":
        return list(range(1, value + 1))
    return value if isinstance(value, list) else [value]


def _chosen_listings(index, published, filterset, sectors, agencies) -> dict[str, int]:
    """The listings each chosen filter of ``INDEXED`` keeps, ``{filter: bitset}``; ``transferred``
    is always there: the ``published`` listings unless it asks for transferred ones."""
    cleaned = filterset.form.cleaned_data
    chosen = {
        name: index.any_of(held, _held_values(name, value, sectors, agencies))
        for name, held in INDEXED.items()
        if (value := cleaned.get(name)) not in (None, "", [])
    }
    chosen["transferred"] = {
        "include": published | index.transferred,
        "only": index.transferred,
    }.get(cleaned.get("transferred"), published)
    return chosen


def _option(value, label, count, selected, fallback=None):
    return {"value": value, "label": label, "count": count, "selected": selected, "fallback": fallback}


def _named_options(rows, counts, facet, value, is_chosen) -> list[dict]:
    """A facet's options from ``values()`` rows of named records (``name_en``/``name_zh_hans``) and
    their counts by ``pk``, most listings first; each option's value is the row's ``value`` column."""
    suffix = column_suffix()
    options = []
    for row in sorted(rows, key=lambda row: (-counts[row["pk"]], row[f"name_{suffix}"])):
        text, fallback = localized_text(row, "name")
        chosen = is_chosen(facet, row[value])
        options.append(_option(row[value], text, counts[row["pk"]], chosen, fallback))
    return options


def _names(model, *fields) -> list[dict]:
    """Every row of ``model`` with its names (and ``fields``), once per content version: the facets
    name the countries and agencies they count without a query each."""
    return versioned_value(
        f"facet-names:{model._meta.label}",
        compute=lambda: list(model.objects.values("pk", *fields, "name_en", "name_zh_hans")),
    )


def _country_options(counts, names, name, is_chosen) -> list[dict]:
    """The options of a country facet from its ``{code: count}``, most listings first."""
    rows = [row for row in names if counts.get(row["pk"])]
    return _named_options(rows, counts, name, "pk", is_chosen)


def _ids(rows) -> int:
    """The primary keys of ``rows`` as a bitset, read in one query."""
    return joined_bitset(rows.order_by().aggregate(ids=JoinedIds("pk"))["ids"])


def _facets(filterset, sectors, searched=None):
    """Each facet's options with counts, and the number of results.

    The counts are intersections of the facet index (``facet_index``); a chosen filter the index
    does not hold adds one query for the ids of the listings it keeps. With a text search,
    ``searched`` is its results: the search ranks the newest ``RANKED`` matches among the listings
    every filter keeps (``TechnologyFilter``, as in the API), and the options count among those
    and among its newest matches with the filters outside the index only (one search and two
    queries of ids more, whatever is chosen). Where a search has more matches than it ranks, an
    option's count is then never more than choosing it gives, nor than ``RANKED``; with fewer,
    every count is exact. The names of the countries and of the agencies are read once per content
    version."""
    now = timezone.now()
    index = facet_index(sectors, now)
    published = index.published(now)
    agencies = _names(Agency, "slug")
    chosen = _selected(filterset)
    listings = _chosen_listings(index, published, filterset, sectors, agencies)

    search = searched is not None

    def capped(n):
        """A search shows its newest RANKED matches, and no count says more (the API's ``count_cap``)."""
        return min(n, RANKED) if search else n

    # The listings the chosen filters outside the index keep, and a search's matches among them:
    # its newest RANKED, as the search ranks them (one search and one query of their ids).
    others = [
        name for name in filterset.chosen() if name not in listings and name not in TechnologyFilter.SEARCH
    ]
    if search or others:
        kept = _ids(filterset.apply(Technology.objects.visible(), only=(*others, *TechnologyFilter.SEARCH)))
    else:
        kept = published | index.transferred
    results = _ids(searched) if search else 0

    def scope(facet=None):
        """What ``facet``'s options count: the listings every chosen filter but its own keeps.
        With a search, the results too: where the search had more matches than it ranks, its
        newest matches with fewer filters can leave out older results."""
        return reduce(and_, (bits for name, bits in listings.items() if name != facet), kept) | results

    def counts(facet, name=None):
        """``{value: n}`` of the values of ``name`` (``facet`` by default) that hold results."""
        within = scope(facet)
        held = index.postings[name or facet].items()
        return {value: capped(n) for value, bits in held if (n := (bits & within).bit_count())}

    def is_chosen(name, value):
        return str(value) in chosen.get(name, ())

    facets = []

    def simple(name, label, choices):
        counted = counts(name)
        options = [
            _option(str(v), str(text), counted[v], is_chosen(name, v))
            for v, text in choices
            if counted.get(v)
        ]
        facets.append({"name": name, "label": label, "options": options})

    simple("kind", _("Offer or need"), TechnologyKind.choices)
    total = scope().bit_count()  # a search's: at most RANKED + 1, which tells there are more

    # Sectors: top-level sectors count their children's listings too; the children of the chosen
    # sector's top level are listed under it (the first, if several).
    by_slug = sectors_by_slug(sectors)
    sector_chosen = next((by_slug[slug] for slug in chosen.get("sector", ()) if slug in by_slug), None)
    root = None if sector_chosen is None else (sector_chosen.parent_id or sector_chosen.pk)
    children = counts("sector", "sector_id") if root is not None else {}

    def in_order(counted):
        return sorted(counted.items(), key=lambda item: (sectors[item[0]].position, sectors[item[0]].slug))

    options = []
    for pk, count in in_order(counts("sector")):
        sector = sectors[pk]
        text, fallback = localized_text(sector, "name")
        options.append(_option(sector.slug, text, count, is_chosen("sector", sector.slug), fallback))
        if pk == root:
            for child_pk, child_count in in_order(
                {pk: n for pk, n in children.items() if sectors[pk].parent_id == root}
            ):
                child = sectors[child_pk]
                text, fallback = localized_text(child, "name")
                option = _option(child.slug, text, child_count, is_chosen("sector", child.slug), fallback)
                option["child"] = True
                options.append(option)
    facets.append({"name": "sector", "label": _("Sector"), "options": options})

    origins, targets = counts("country"), counts("target_country")
    codes = {*origins, *targets}
    countries = [row for row in _names(Country) if row["pk"] in codes]
    facets.append(
        {
            "name": "country",
            "label": _("Origin country or region"),
            "options": _country_options(origins, countries, "country", is_chosen),
        }
    )
    facets.append(
        {
            "name": "target_country",
            "label": _("Target country or region"),
            "options": _country_options(targets, countries, "target_country", is_chosen),
        }
    )

    # A minimum level: each option counts the listings at that level or higher.
    levels = counts("trl_min", "trl")
    options, at_least = [], 0
    for level in range(9, 1, -1):
        at_least += levels.get(level, 0)
        if levels.get(level) or is_chosen("trl_min", level):  # the chosen level shows (and can be removed)
            label = _("TRL %(level)s") if level == 9 else _("TRL %(level)s or higher")
            label %= {"level": level}
            options.append(_option(str(level), label, at_least, is_chosen("trl_min", level)))
    facets.append({"name": "trl_min", "label": _("Technology readiness level"), "options": options})
    simple("ip", _("IP status"), IPStatus.choices)
    simple("transaction", _("Transaction type"), TransactionTypeKind.choices)

    counted = counts("agency")
    rows = [row for row in agencies if row["pk"] in counted]
    options = _named_options(rows, counted, "agency", "slug", is_chosen)
    facets.append({"name": "agency", "label": _("Brokering agency"), "options": options})

    # Transferred listings are left out unless asked for: the options count what they would add.
    statuses = counts("transferred", "status")
    transferred = statuses.get(TechnologyStatus.CLOSED, 0)
    facets.append(
        {
            "name": "transferred",
            "label": _("Transferred listings"),
            "options": [
                _option(
                    "include",
                    _("Include transferred"),
                    capped(sum(statuses.values())),
                    is_chosen("transferred", "include"),
                ),
                _option("only", _("Transferred only"), transferred, is_chosen("transferred", "only")),
            ]
            if transferred
            else [],
        }
    )
    for facet in facets:
        facet["multiple"] = facet["name"] not in TechnologyFilter.SINGLE_VALUE_FACETS
    return facets, total


def technology_facets(filterset, sectors, searched=None):
    """The facets and the result count (``_facets``). Without a text search they depend on the
    chosen filters only, so they are cached with the content version; the unfiltered catalogue's
    are computed once per content version even when pages are not cached. ``searched``: the
    results of a text search; its count is then at most ``RANKED`` + 1, which says there are more
    matches than it shows."""

    def compute():
        return _facets(filterset, sectors, searched)

    if searched is not None:
        return compute()
    chosen = tuple((name, tuple(values)) for name, values in filterset.chosen().items())
    if not chosen:
        return versioned_value("technology-facets", compute=compute)
    return cached_value("technology-facets", chosen, compute=compute)
