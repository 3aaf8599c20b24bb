"""A technology's sectors, target countries and transaction types without a query per relation.

The three are small tables that only a change of content changes. Their keys come from the link
tables in one query (``haidian.core.api.related.attach_keys``): the API's list rows serialise
the keys; the detail page (``detail_relations``) looks the rows up in the tables held per
content version in each process, instead of three prefetches (one query each).
"""

from haidian.core.api.related import attach_keys
from haidian.core.cache import process_value
from haidian.core.models import Country, Sector
from haidian.core.sectors import sectors_by_pk

from .models import Technology, TransactionType

# What a list row shows of its many-to-many relations, as its serializer's SectorBriefsField and
# CodesField read them.
TECHNOLOGY_KEYS = [
    ("sector_ids", Technology.sectors),
    ("target_country_codes", Technology.target_countries),
    ("transaction_type_codes", Technology.transaction_types),
]


def attach_relations(technologies: list[Technology]) -> None:
    """Sector ids, target country codes and transaction type codes of each listing (one query)."""
    attach_keys(technologies, TECHNOLOGY_KEYS)


def _reference_rows() -> tuple[dict[str, Country], dict[str, TransactionType]]:
    """Every country and transaction type by code, once per content version in each process: both
    languages' columns are on the rows, so one copy serves every language."""
    return process_value(
        "listing-reference-rows",
        compute=lambda: (
            {country.pk: country for country in Country.objects.order_by()},
            {kind.pk: kind for kind in TransactionType.objects.order_by()},
        ),
    )


def _rows(held: dict, keys: list, queryset) -> list:
    """The rows of ``keys``, from the ``held`` table; a row it lacks (added by a change that sent
    no signal, so the content version did not move: a bulk insert, a data migration) is read."""
    if missing := [key for key in keys if key not in held]:
        held = {**held, **queryset.in_bulk(missing)}
    return [held[key] for key in keys]


def detail_relations(technology: Technology) -> dict[str, list]:
    """What the detail page shows of the listing's relations, in the order a prefetch gives them
    (sectors by position and slug, countries and types by code): one query."""
    attach_relations([technology])
    countries, kinds = _reference_rows()
    sectors = _rows(sectors_by_pk(), technology.sector_ids, Sector.objects.select_related("parent"))
    target_countries = _rows(countries, technology.target_country_codes, Country.objects)
    return {
        "sectors": sorted(sectors, key=lambda sector: (sector.position, sector.slug)),
        "target_countries": target_countries,
        "export_markets": technology.export_markets(target_countries),
        "transaction_types": _rows(kinds, technology.transaction_type_codes, TransactionType.objects),
    }
