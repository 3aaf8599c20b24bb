"""Cron: export every public record as CSV and JSON with a Frictionless Data Package.

    python manage.py export_open_data            # e.g. nightly: 30 2 * * *
    python manage.py export_open_data --keep 10

Writes MEDIA_ROOT/open-data/<UTC stamp>/ (atomically) with a zip of it; keeps the newest exports.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from haidian.core.opendata.store import export_open_data


class Command(BaseCommand):
    help = (
        "Export every public record as CSV and JSON, described by a datapackage.json, for the open data page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.OPEN_DATA_KEEP,
            help="Keep this many exports, the newest (default %(default)s).",
        )

    def handle(self, *args, keep, **options):
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            folder = export_open_data(keep=keep)
        except FileExistsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Open data exported to {folder}"))
