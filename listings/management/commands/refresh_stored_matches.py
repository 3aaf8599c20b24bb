"""Recompute the stored matches and comparable contracts of every published listing (or of the
given slugs), e.g. after an import or a bulk update, which send no signals (see listings.tasks)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from listings.models import Technology
from listings.tasks import refresh_stored_matches

BATCH = 200


class Command(BaseCommand):
    help = _("Recompute the stored matches of all published listings (or of the given slugs).")

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help=_("Only these listings."))

    def handle(self, *args, slugs=(), **options):
        listings = Technology.objects.filter(slug__in=slugs) if slugs else Technology.objects.published()
        ids = list(listings.order_by("pk").values_list("pk", flat=True))
        rows = 0
        for start in range(0, len(ids), BATCH):
            rows += refresh_stored_matches.call(ids[start : start + BATCH])
        self.stdout.write(
            _("%(listings)d listings refreshed, %(rows)d rows stored.") % {"listings": len(ids), "rows": rows}
        )
