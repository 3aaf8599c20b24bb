"""Restore a backup made by ``manage.py backup`` (``make restore BACKUP=<folder>``).

    python manage.py restore backups/haidian-20261125T021500Z

Checks every file against the backup's SHA-256 manifest first and refuses a mismatch. Then, after
confirmation, backs up the current state (``<BACKUP_DIR>/haidian-<time>-pre-restore``) unless
``--no-safety-backup``, and replaces the database and the contents of MEDIA_ROOT. Stop the
application servers first (a restore waits at most a minute for their locks, then fails).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from haidian.core.cache import bump_content_version
from haidian.ops.backup import BackupError, create_backup, restore_backup, verify_backup


class Command(BaseCommand):
    help = "Verify a backup's checksums, then replace the database and MEDIA_ROOT with it."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup's folder.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm."
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_false",
            dest="safety_backup",
            help="Do not back up the current database and media before replacing them.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, backup, interactive, safety_backup, database, **options):
        connection = connections[database]
        media_root = Path(settings.MEDIA_ROOT)
        try:
            manifest = verify_backup(backup)
        except BackupError as error:
            raise CommandError(f"Refusing to restore: {error}") from error
        self.stdout.write(
            f"Backup {backup}: {manifest['engine']} database {manifest['database']!r} and "
            f"{manifest['media_files']} media files, made {manifest['created_at']} on {manifest['host']}; "
            "checksums verified."
        )
        target = connection.settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This REPLACES the {connection.vendor} database {target!r} and everything in {media_root}.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled.")
        if safety_backup and self._has_database(connection):
            try:
                saved = create_backup(
                    connection=connection,
                    media_root=media_root,
                    backup_dir=Path(settings.BACKUP_DIR),
                    label="pre-restore",
                )
            except BackupError as error:
                raise CommandError(
                    f"Could not save the current state first ({error}); nothing was restored. "
                    "If the database is beyond saving, restore with --no-safety-backup."
                ) from error
            self.stdout.write(f"The current state is saved in {saved}")
        try:
            restore_backup(backup, connection=connection, media_root=media_root)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        # Cached pages of the replaced data must not be served (with Redis, every worker's cache).
        bump_content_version()
        self.stdout.write(self.style.SUCCESS(f"Restored {target!r} and {media_root} from {backup}."))
        self._report_migrations(connection)

    def _has_database(self, connection) -> bool:
        if connection.vendor == "sqlite":
            return not connection.is_in_memory_db() and Path(connection.settings_dict["NAME"]).is_file()
        return True

    def _report_migrations(self, connection) -> None:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        unknown = set(executor.loader.applied_migrations) - set(executor.loader.graph.nodes)
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(pending)} migrations of this code are not applied to the restored database: "
                    "run `manage.py migrate` before starting the site."
                )
            )
        if unknown:
            names = ", ".join(f"{app}.{name}" for app, name in sorted(unknown))
            self.stdout.write(
                self.style.WARNING(
                    f"The restored database has migrations this code does not know ({names}): "
                    "deploy the code the backup was made with."
                )
            )
