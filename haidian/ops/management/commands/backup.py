"""Back up the database and the media files (``make backup``; nightly from cron).

    python manage.py backup                      # into BACKUP_DIR (default ./backups)
    python manage.py backup --keep-days 30       # then delete backups older than 30 days

PostgreSQL: ``pg_dump --format=custom`` with the connection of ``DATABASE_URL``; SQLite: an online
copy through SQLite's backup API. See ``haidian/ops/backup.py`` for the folder's layout.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from haidian.ops.backup import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new folder of BACKUP_DIR, with SHA-256 checksums."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="Where to write (default: BACKUP_DIR).")
        parser.add_argument("--label", default="", help="Appended to the folder's name, e.g. pre-upgrade.")
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="After a successful backup, delete the backups older than this many days "
            "(the newest is always kept).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, dir, label, keep_days, database, **options):
        backup_dir = dir or Path(settings.BACKUP_DIR)
        try:
            path = create_backup(
                connection=connections[database],
                media_root=Path(settings.MEDIA_ROOT),
                backup_dir=backup_dir,
                label=label,
            )
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        size = sum(p.stat().st_size for p in path.iterdir())
        self.stderr.write(self.style.SUCCESS(f"Backup written and verified ({size / 1e6:.1f} MB):"))
        self.stdout.write(str(path))  # alone on stdout, for scripts
        if keep_days is not None:
            for removed in prune_backups(backup_dir, keep_days=keep_days):
                self.stderr.write(f"Deleted {removed} (older than {keep_days} days)")
