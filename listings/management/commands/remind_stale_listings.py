"""Cron job: e-mail each agency the list of its published listings overdue for verification.

    python manage.py remind_stale_listings               # LISTING_STALE_DAYS (180)
    python manage.py remind_stale_listings --stale-days 90 --dry-run

One e-mail per agency (to its inquiry address, else its contact address), naming each overdue
listing with the date it was last verified and its admin page; staff confirm them with "Confirm
still current". Listings without an agency are the center's: they are listed on the dashboard.
"""

from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from listings.models import Technology


class Command(BaseCommand):
    help = "E-mail each agency its published listings not verified for --stale-days days."

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
                self._send(recipient, listings, stale_days)
                sent += 1
        self.stdout.write(self.style.SUCCESS(f"Reminders sent: {sent}"))

    def _send(self, recipient, listings, stale_days) -> None:
        base = settings.SITE_URL.rstrip("/")
        parts = []
        for language in ("en", "zh-hans"):  # the agency's language is not known: both, English first
            with translation.override(language):
                lines = [
                    "- {title} ({verified})\n  {url}".format(
                        title=listing.title,
                        verified=(
                            timezone.localtime(listing.last_verified_at).date().isoformat()
                            if listing.last_verified_at
                            else gettext("never verified")
                        ),
                        url=base + reverse("admin:listings_technology_change", args=[listing.pk]),
                    )
                    for listing in listings
                ]
                parts.append(
                    gettext(
                        "These published listings of your agency have not been verified for %(days)d days. "
                        "Readers see when a listing was last verified: please check each one and confirm it "
                        "with “Confirm still current”, or withdraw it.\n\n%(listings)s"
                    )
                    % {"days": stale_days, "listings": "\n".join(lines)}
                )
        with translation.override("en"):
            subject = ngettext(
                "%(count)d listing to verify", "%(count)d listings to verify", len(listings)
            ) % {"count": len(listings)}
        EmailMessage(subject=subject, body="\n\n----\n\n".join(parts), to=[recipient]).send()
