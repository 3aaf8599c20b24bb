"""What the worker does after a save, for tests: the ``db`` fixture's transaction never commits,
so the ``on_commit`` that enqueues ``refresh_stored_matches`` never runs there."""

from listings.models import Technology
from listings.tasks import refresh_stored_matches


def store_matches(*listings: Technology) -> None:
    """Store the matches and comparables of ``listings`` (default: every listing)."""
    ids = [listing.pk for listing in listings] or list(Technology.objects.values_list("pk", flat=True))
    refresh_stored_matches.call(ids)
