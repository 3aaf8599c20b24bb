"""Cron job: queue an e-mail to each agency with the list of its published listings overdue for verification.

    python manage.py remind_stale_listings               # LISTING_STALE_DAYS (180)
    python manage.py remind_stale_listings --stale-days 90 --dry-run

One e-mail per agency (to its inquiry address, else its contact address), naming each overdue
listing with the date it was last verified and its admin page; staff confirm them with "Confirm
still current". Listings without an agency are the center's: they are listed on the dashboard.
At most one reminder per agency and day: a run that stops halfway can run again.
"""

from itertools import groupby

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from haidian.core import emails
from listings.models import Technology


class Command(BaseCommand):
    help = "Queue an e-mail to each agency with its published listings not verified for --stale-days days."

    def add_arguments(self, parser):
        parser.add_argument("--stale-days", type=int, default=settings.LISTING_STALE_DAYS)
        parser.add_argument("--dry-run", action="store_true", help="Report only; send nothing.")

    def handle(self, *args, stale_days, dry_run, **options):
        stale = (
            Technology.objects.stale(stale_days)
            .filter(agency__isnull=False)
            .select_related("agency")
            .order_by("agency_id", "last_verified_at", "pk")
        )
        sent = 0
        for _agency_id, listings in groupby(stale.iterator(), key=lambda listing: listing.agency_id):
            listings = list(listings)
            agency = listings[0].agency
            recipient = agency.inquiry_email or agency.contact_email
            if not recipient:
                self.stdout.write(f"{agency}: {len(listings)} overdue, no e-mail address")
                continue
            self.stdout.write(f"{agency}: {len(listings)} overdue -> {recipient}")
            if not dry_run:
                self._send(agency, recipient, listings, stale_days)
                sent += 1
        self.stdout.write(self.style.SUCCESS(f"Reminders queued: {sent}"))

    def _send(self, agency, recipient, listings, stale_days) -> None:
        base = settings.SITE_URL.rstrip("/")
        emails.send(
            "stale-reminder",
            to=[recipient],
            language="en",  # the agency's language is not known: the body is in both, English first
            key=f"stale-reminder:{agency.pk}:{timezone.localdate().isoformat()}",
            context={
                "stale_days": stale_days,
                "languages": [code for code, _name in settings.LANGUAGES],
                "listings": [
                    {
                        "listing": listing,
                        "verified": timezone.localtime(listing.last_verified_at)
                        if listing.last_verified_at
                        else None,
                        "url": base + reverse("admin:listings_technology_change", args=[listing.pk]),
                    }
                    for listing in listings
                ],
            },
        )
