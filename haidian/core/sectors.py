"""Sector look-ups shared by the lists, searches, feeds and matching of every app: the whole tree is
a small table, read once per content version."""

from haidian.core.cache import versioned_value
from haidian.core.models import Sector


def sectors_by_pk() -> dict[int, Sector]:
    """Every sector with its parent, once per content version (even when pages are not cached:
    every list page, search and match needs the tree)."""
    return versioned_value(
        "sectors", compute=lambda: {s.pk: s for s in Sector.objects.select_related("parent").order_by()}
    )


def sectors_by_slug(by_pk: dict[int, Sector] | None = None) -> dict[str, Sector]:
    """The cached sectors (or ``by_pk``, when the caller already holds them) by slug: how searches
    name them."""
    return {sector.slug: sector for sector in (by_pk or sectors_by_pk()).values()}
