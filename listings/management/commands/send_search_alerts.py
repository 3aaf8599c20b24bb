"""Cron: queue the e-mail of each confirmed search alert the listings published since its last digest, and
delete alerts left unconfirmed for SEARCH_ALERT_UNCONFIRMED_DAYS.

    python manage.py send_search_alerts        # e.g. daily: 0 7 * * *

Safe to run again at any time, also after a run that stopped halfway: an alert is never sent
the same listing twice. The worker (``db_worker``) delivers the e-mails.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from listings.alerts import purge_unconfirmed_alerts, send_alert_digests


class Command(BaseCommand):
    help = "E-mail each confirmed search alert a digest of the new listings that match its search."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Scheme and host for the links in the e-mails (default: the SITE_URL setting).",
        )

    def handle(self, *args, base_url, **options):
        purged = purge_unconfirmed_alerts(days=settings.SEARCH_ALERT_UNCONFIRMED_DAYS)
        if purged:
            self.stdout.write(f"Alerts never confirmed, deleted: {purged}.")
        run = send_alert_digests(base_url=base_url, limit=settings.SEARCH_ALERT_DIGEST_ITEMS)
        self.stdout.write(f"Digests queued: {run.sent}; alerts with nothing new: {run.empty}.")
