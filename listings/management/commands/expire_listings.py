"""Cron job: withdraw listings past their expiry date and report the stale ones.

    python manage.py expire_listings                 # report stale (180 days), withdraw expired
    python manage.py expire_listings --stale-days 90 --dry-run

Expired listings become *withdrawn* (not *closed*, which means transferred), with the reason
"expired on <date>" in their history. Stale listings (published, not confirmed as current for
``--stale-days``) are only reported: staff confirm them with the "Confirm still current" action.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from listings.models import Technology
from listings.services import expire_stale_listings


class Command(BaseCommand):
    help = "Withdraw listings past their expiry date and report listings not verified for a long time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-days",
            type=int,
            default=settings.LISTING_STALE_DAYS,
            help="Report published listings not verified for this many days (default %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")
        parser.add_argument("--limit", type=int, default=50, help="List at most this many stale listings.")

    def handle(self, *args, stale_days, dry_run, limit, **options):
        now = timezone.now()
        stale = (
            Technology.objects.stale(stale_days, now=now)
            .select_related("agency")
            .order_by("last_verified_at", "pk")
        )
        stale_count = stale.count()
        self.stdout.write(f"Stale listings (published, not verified for {stale_days} days): {stale_count}")
        for listing in stale[:limit]:
            verified = listing.last_verified_at.date().isoformat() if listing.last_verified_at else "never"
            agency = listing.agency.name if listing.agency else "-"
            self.stdout.write(f"  #{listing.pk} {listing.title} | {agency} | last verified {verified}")
        if stale_count > limit:
            self.stdout.write(f"  … and {stale_count - limit} more")

        expired = Technology.objects.expired(now=now).count()
        if dry_run:
            self.stdout.write(f"Expired listings that would be withdrawn: {expired}")
            return
        withdrawn = expire_stale_listings(now=now)
        self.stdout.write(self.style.SUCCESS(f"Expired listings withdrawn: {withdrawn}"))
