"""The restore drill: prove that a backup restores to exactly what was backed up.

    python manage.py restore_drill            # on the engine of DATABASE_URL (SQLite by default)

On a TEMPORARY database (a file in a temporary folder on SQLite; ``haidian_drill_<pid>`` on the
PostgreSQL server of ``DATABASE_URL``, which needs the CREATEDB privilege) and a temporary media
folder, never the site's own: migrate, load the demo data, add media files, fingerprint every table
(rows and an ordered hash) and every media file; back up; wipe (drop and create the database again,
delete the media); restore; fingerprint again and compare. Prints a table; exits non-zero on any
difference. The temporary database and folders are removed at the end (``--keep`` keeps them).
"""

import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings

from haidian.ops.backup import create_backup, media_checksums, restore_backup, table_checksums

DRILL_MEDIA = {
    # An attachment under a random name, an article image, a name outside ASCII, an empty file.
    "attachments/2026/11/{hex}.pdf": 256 * 1024,
    "articles/2026/drill.png": 4096,
    "articles/2026/图片-说明.txt": 1000,
    "attachments/2026/11/empty.txt": 0,
}


class Command(BaseCommand):
    help = "Back up a seeded temporary database, wipe it, restore it, and compare every table and file."

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="Keep the temporary database and folders.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, keep, database, **options):
        connection = connections[database]
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"the drill supports SQLite and PostgreSQL, not {connection.vendor}")
        original_name = connection.settings_dict["NAME"]
        work = Path(tempfile.mkdtemp(prefix="haidian-drill-"))
        media_root, backup_dir = work / "media", work / "backups"
        temporary = (
            str(work / "drill.sqlite3") if connection.vendor == "sqlite" else f"haidian_drill_{os.getpid()}"
        )
        self.stdout.write(
            f"Restore drill on {connection.vendor}: temporary database {temporary}, folder {work}"
        )
        started = time.monotonic()
        connection.close()
        self._create(connection, temporary)
        connection.settings_dict["NAME"] = temporary
        try:
            with override_settings(
                MEDIA_ROOT=media_root,
                # The drill's saves must not touch the site's cache (its content version).
                CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            ):
                failures = self._drill(connection, temporary, media_root, backup_dir)
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original_name
            if keep:
                self.stdout.write(f"Kept {temporary} and {work}")
            else:
                self._drop(connection, temporary)
                shutil.rmtree(work, ignore_errors=True)
        elapsed = time.monotonic() - started
        if failures:
            raise CommandError(f"Restore drill FAILED after {elapsed:.0f} s: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS(f"Restore drill passed in {elapsed:.0f} s."))

    def _drill(self, connection, temporary, media_root, backup_dir) -> list[str]:
        step = self._step
        step("migrate")
        call_command("migrate", interactive=False, verbosity=0)
        step("seed_demo")
        call_command("seed_demo", verbosity=0, stdout=self.stdout)
        for pattern, size in DRILL_MEDIA.items():
            path = media_root / pattern.format(hex=secrets.token_hex(16))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(size))
        step("fingerprint")
        before, media_before = table_checksums(connection), media_checksums(media_root)
        step("backup")
        path = create_backup(connection=connection, media_root=media_root, backup_dir=backup_dir)
        size = sum(p.stat().st_size for p in path.iterdir())
        self.stdout.write(
            f"    {path.name}: {', '.join(sorted(p.name for p in path.iterdir()))} ({size / 1e6:.1f} MB)"
        )
        step("wipe")
        connection.close()
        self._drop(connection, temporary)
        self._create(connection, temporary)
        shutil.rmtree(media_root)
        with connection.cursor() as cursor:
            left = connection.introspection.table_names(cursor)
        if left:
            return [f"the wiped database still has tables: {left[:5]}"]
        step("restore")
        restore_backup(path, connection=connection, media_root=media_root)
        step("compare")
        after, media_after = table_checksums(connection), media_checksums(media_root)
        failures = self._compare(before, after, "table")
        failures += self._compare(
            {k: (1, v) for k, v in media_before.items()}, {k: (1, v) for k, v in media_after.items()}, "file"
        )
        self._print_table(before, after, media_before, media_after)
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            failures.append("the restored database has unapplied migrations")
        return failures

    def _step(self, name: str) -> None:
        self.stdout.write(f"  - {name}")

    @staticmethod
    def _compare(before: dict, after: dict, what: str) -> list[str]:
        failures = []
        for name in sorted(set(before) | set(after)):
            if name not in after:
                failures.append(f"{what} {name} missing after the restore")
            elif name not in before:
                failures.append(f"{what} {name} appeared after the restore")
            elif before[name] != after[name]:
                failures.append(
                    f"{what} {name} differs: {before[name][0]} rows before, {after[name][0]} after"
                )
        return failures

    def _print_table(self, before, after, media_before, media_after) -> None:
        width = max(len(name) for name in [*before, *after])
        self.stdout.write(f"\n  {'table':<{width}}  {'rows':>7}  {'checksum':<12}  restored")
        for name in sorted(set(before) | set(after)):
            rows, digest = before.get(name, (0, "-"))
            same = before.get(name) == after.get(name)
            self.stdout.write(
                f"  {name:<{width}}  {rows:>7}  {digest[:12]:<12}  {'same' if same else 'DIFFERENT'}"
            )
        rows = sum(rows for name, (rows, _) in before.items() if not name.startswith("("))
        same_files = sum(1 for k, v in media_before.items() if media_after.get(k) == v)
        self.stdout.write(
            f"\n  {len(before)} tables and fingerprints, {rows} rows; "
            f"media: {same_files} of {len(media_before)} files identical ({len(media_after)} after)\n"
        )

    # --- The temporary database --------------------------------------------------------------

    def _create(self, connection, name: str) -> None:
        if connection.vendor == "sqlite":
            return  # the file appears on the first connection
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                f"CREATE DATABASE {connection.ops.quote_name(name)} TEMPLATE template0 ENCODING 'UTF8'"
            )

    def _drop(self, connection, name: str) -> None:
        if connection.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)
            return
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
