"""Price discovery: a listing's comparable past contracts, as a distribution with its price marked.

Comparable: published, in the listing's sectors (or their children), of a contract type among its
transaction types (any type when it names none). Confidential values never enter a figure: the
count, median and range are computed from ``public_value_cny`` only, and the page says how many of
the contracts disclose a value. See docs/matching.md.

The choice is made in the worker (``store_comparables``, called by the task
``refresh_stored_matches``); the page and the API read it (``stored_price_discovery``).
"""

import math
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef

from haidian.core.models import Sector

from .models import Contract, StoredComparable, Technology

PRICE_SAMPLE = 50  # the newest comparable contracts the distribution is drawn from
OUTLIER_FACTOR = 1000  # a contract this many times the asking price (or its 1/1000) is an outlier
# What the detail page and the API show of a comparable contract: its reference, title (either
# language, and which is machine-made), type, destination, date and value (public only:
# ``public_value_cny``).
SHOWN_COLUMNS = (
    "reference",
    "destination_country",
    "value_is_public",
    "title_en",
    "title_zh_hans",
    "machine_translated",
    "contract_type",
    "signed_on",
    "value",
    "currency",
    "value_cny",
)


def comparable_contracts(technology: Technology, *, limit: int = PRICE_SAMPLE) -> list[Contract]:
    """Published contracts in the listing's sectors (or their children) and of a contract type
    among its transaction types (any type when it names none), most recent first: the choice
    ``store_comparables`` stores. No figure is computed from these rows (``stored_price_discovery``
    reads the public values when it is shown)."""
    sector_ids = [sector.pk for sector in technology.sectors.all()]
    if not sector_ids:
        return []
    # EXISTS rather than a join: no DISTINCT, and the newest contracts are read first, stopping
    # at ``limit`` (a join or an IN list reads every contract in the sectors, then sorts them).
    in_sectors = Contract.sectors.through.objects.filter(
        contract_id=OuterRef("pk"), sector__in=Sector.objects.with_descendants(sector_ids)
    )
    contracts = Contract.objects.published().filter(Exists(in_sectors))
    types = [t.code for t in technology.transaction_types.all()]
    if types:
        contracts = contracts.filter(contract_type__in=types)
    return list(contracts.order_by("-signed_on", "-id")[:limit])


@dataclass(frozen=True)
class PriceDiscovery:
    """Comparable contracts of a listing as a distribution, with the listing's price marked.

    Every figure comes from public values only (``public_value_cny``). A contract whose value is
    at least ``OUTLIER_FACTOR`` times the asking price, or at most its ``1/OUTLIER_FACTOR``, is
    kept in the list, marked ``is_outlier``, and left out of every figure.
    """

    asking_price_cny: Decimal | None
    contracts: list[Contract]  # the newest comparables shown, each with ``is_outlier``
    count: int  # comparable contracts in the sample, outliers left out
    disclosed: int  # of those, how many disclose their value
    outliers: int
    median_cny: Decimal | None
    min_cny: Decimal | None
    max_cny: Decimal | None
    values: list[Decimal]  # the disclosed values counted, ascending

    def position(self, value: Decimal) -> float:
        """Where ``value`` sits on the strip, 0-100 on a log scale spanning the values and the price."""
        points = [v for v in [*self.values, self.asking_price_cny] if v]
        low, high = min(points), max(points)
        if value <= 0 or high == low:
            return 50.0
        share = (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
        return round(4 + 92 * share, 1)  # a margin so the end marks show whole

    @property
    def strip(self) -> dict | None:
        """Positions for the page's strip (percentages), or None when there is nothing to draw."""
        if not self.values:
            return None
        return {
            "dots": [self.position(v) for v in self.values],
            "low": self.position(self.min_cny),
            "high": self.position(self.max_cny),
            "median": self.position(self.median_cny),
            "price": self.position(self.asking_price_cny) if self.asking_price_cny else None,
        }

    @property
    def price_against_median(self) -> str | None:
        """ "above", "below" or "at": the asking price against the median."""
        if self.asking_price_cny is None or self.median_cny is None:
            return None
        if self.asking_price_cny > self.median_cny:
            return "above"
        return "below" if self.asking_price_cny < self.median_cny else "at"


def store_comparables(technology: Technology) -> int:
    """Store the choice of ``technology``'s comparable contracts (the task that stores its matches
    calls this), replacing the rows stored before."""
    rows = [
        StoredComparable(listing=technology, contract=contract, position=position)
        for position, contract in enumerate(comparable_contracts(technology))
    ]
    with transaction.atomic():
        StoredComparable.objects.filter(listing=technology).delete()
        StoredComparable.objects.bulk_create(rows)
    return len(rows)


def stored_price_discovery(technology: Technology, *, shown: int = 5) -> PriceDiscovery:
    """The stored comparable contracts of ``technology`` (the newest ``PRICE_SAMPLE`` when the
    worker last ran) as a distribution, the newest ``shown`` listed: one query, for the detail page
    (5 listed) and the API (10). Neither shows a party of a contract (the API's destination is the
    country code column), so none is joined, and only the columns they show are read. Published and
    public value are read now: a contract
    withdrawn or made confidential since leaves the figures at once."""
    contracts = (
        Contract.objects.published()
        .with_public_value()
        .filter(stored_comparables__listing=technology)
        .only(*SHOWN_COLUMNS)
        .order_by("stored_comparables__position")
    )
    return _distribution(technology, list(contracts), shown=shown)


def _distribution(technology: Technology, contracts: list[Contract], *, shown: int) -> PriceDiscovery:
    price = technology.price_cny if technology.price_cny else None
    for contract in contracts:
        contract.is_outlier = _is_outlier(contract.public_value_cny, price)
    counted = [c for c in contracts if not c.is_outlier]
    values = sorted(c.public_value_cny for c in counted if c.public_value_cny is not None)
    return PriceDiscovery(
        asking_price_cny=price,
        contracts=contracts[:shown],
        count=len(counted),
        disclosed=len(values),
        outliers=len(contracts) - len(counted),
        median_cny=_median(values),
        min_cny=values[0] if values else None,
        max_cny=values[-1] if values else None,
        values=values,
    )


def _is_outlier(value: Decimal | None, price: Decimal | None) -> bool:
    """Three orders of magnitude from the asking price, either way (only public values are tested)."""
    if value is None or not price:
        return False
    return value >= price * OUTLIER_FACTOR or value * OUTLIER_FACTOR <= price


def _median(values: list[Decimal]) -> Decimal | None:
    return statistics.median(values) if values else None
