"""Stored matches and comparable contracts (``StoredMatch``, ``StoredComparable``), kept current by
a task on the queue so the detail page only reads them.

What makes rows stale, and what is recomputed (``stale_listings``):

- a listing saved, or its sectors, target countries or transaction types changed: the listing
  itself, the listings that store it as a match, and the listings it matched (matching is mutual
  in practice: a need's offers usually list the need), so a new or changed listing enters the
  lists of the listings it answers;
- a contract saved: the listings that store it as comparable, and its own listing.

A listing that no saves touch keeps its rows; ``manage.py refresh_stored_matches`` recomputes every
published listing (after an import or a bulk update, which send no signals).
"""

import threading
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone

from haidian.core.sectors import sectors_by_pk
from haidian.core.tasks import task

from .facets import facet_index
from .matching import store_matches
from .models import Contract, StoredMatch, Technology
from .price_discovery import store_comparables


@task()
def refresh_stored_matches(listing_ids: list[int]) -> int:
    """Recompute the stored matches and comparables of these listings; returns how many rows."""
    stored = 0
    listings = (
        Technology.objects.filter(pk__in=listing_ids)
        .select_related("owner")
        .prefetch_related("sectors", "target_countries", "transaction_types")
    )
    for listing in listings:
        stored += store_matches(listing) + store_comparables(listing)
    return stored


@task()
def refresh_facet_index() -> None:
    """The list page's facet index of the current version of the listings (``listings.facets``),
    computed into the shared cache once a listing has changed: the first visitor after the save
    reads it instead of computing it (0.5-0.8 s at 100,000 listings). After a contract's save it
    is there already."""
    facet_index(sectors_by_pk(), timezone.now())


def stale_listings(listing_id: int) -> list[int]:
    """``listing_id`` first, then the listings whose stored matches name it or that it matched."""
    pairs = StoredMatch.objects.filter(Q(listing_id=listing_id) | Q(candidate_id=listing_id)).values_list(
        "listing_id", "candidate_id"
    )
    return list(dict.fromkeys([listing_id, *(pk for pair in pairs for pk in pair)]))


class _Batch:
    """The saves of one transaction, handed to the worker as one task once it commits."""

    def __init__(self):
        self.stale: list[Callable[[], list[int]]] = []
        self.handed = False

    def hand_over(self) -> None:
        self.handed = True
        if listing_ids := list(dict.fromkeys(pk for names in self.stale for pk in names())):
            refresh_stored_matches.enqueue(listing_ids)
        refresh_facet_index.enqueue()


#: Each thread's (each connection's) batch of saves.
_pending = threading.local()


def enqueue_refresh(stale: Callable[[], list[int]]) -> None:
    """Once the current transaction commits, hand the listings ``stale()`` names to the worker,
    and the facet index of the new content version: the save itself reads nothing more. All the
    saves of a transaction make one task (the demo data, an import of a thousand rows; with a
    task for each save, the demo took 20 s instead of 6 with tasks run at once). ``robust``: a
    queue that refuses the task must not fail the save (the rows stay as they were; the first
    visitor computes the index)."""
    # A save joins the batch whose hand-over waits for this transaction's commit; without one (the
    # last was handed over, or discarded with a rollback) it starts a new batch. Outside a
    # transaction the hand-over runs at once.
    batch = getattr(_pending, "batch", None)
    waiting = transaction.get_connection().run_on_commit
    if batch is None or batch.handed or not any(callback == batch.hand_over for _s, callback, _r in waiting):
        batch = _pending.batch = _Batch()
        batch.stale.append(stale)
        transaction.on_commit(batch.hand_over, robust=True)
    else:
        batch.stale.append(stale)


@receiver(post_save, sender=Technology, dispatch_uid="listings_stored_matches_listing")
def _listing_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_refresh(partial(stale_listings, instance.pk))


@receiver(m2m_changed, sender=Technology.sectors.through, dispatch_uid="listings_stored_matches_sectors")
@receiver(
    m2m_changed, sender=Technology.target_countries.through, dispatch_uid="listings_stored_matches_targets"
)
@receiver(
    m2m_changed, sender=Technology.transaction_types.through, dispatch_uid="listings_stored_matches_types"
)
def _listing_relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    ids = sorted(pk_set or []) if reverse else [instance.pk]
    enqueue_refresh(
        lambda: list(dict.fromkeys(pk for listing_id in ids for pk in stale_listings(listing_id)))
    )


@receiver(post_save, sender=Contract, dispatch_uid="listings_stored_matches_contract")
def _contract_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return

    def stale():
        ids = set(instance.stored_comparables.values_list("listing_id", flat=True))
        return sorted(ids | {instance.technology_id} - {None})

    enqueue_refresh(stale)
