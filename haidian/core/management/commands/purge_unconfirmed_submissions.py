"""Delete public submissions nobody confirmed in time (run daily from cron)."""

from django.core.management.base import BaseCommand

from haidian.core.submissions import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete public submissions (and their files) whose e-mail address was not confirmed in time."

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        self.stdout.write(f"{deleted} unconfirmed submission(s) deleted.")
