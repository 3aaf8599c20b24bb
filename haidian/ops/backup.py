"""Backups and restores of the database and the media files, in one folder checked by SHA-256.

A backup is a folder ``BACKUP_DIR/haidian-<UTC time>[-label]/`` (mode 0700, files 0600) holding

- ``database.dump``: PostgreSQL, ``pg_dump --format=custom``; or ``database.sqlite3``: SQLite, an
  online copy through SQLite's backup API (consistent while the site writes; never a ``cp``);
- ``media.tar``: ``MEDIA_ROOT`` (attachments, article images);
- ``manifest.json``: when, which engine, the migrations applied, the files and their sizes;
- ``SHA256SUMS``: the checksum of each of those files (``sha256sum -c SHA256SUMS`` checks it by hand).

It is written under a temporary name and renamed when complete and verified, so a folder with the
final name is always whole. A restore checks every checksum first and refuses a mismatch, then
replaces the database (``pg_restore --clean --if-exists --no-owner`` in one transaction; SQLite's
backup API in one write transaction) and the media folder's contents.

``table_checksums()`` fingerprints a database (rows per table, an ordered hash of each table, its
schema and sequences) for the restore drill (``manage.py restore_drill``) and the tests.
"""

import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import django
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MEDIA = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
NAME_PATTERN = re.compile(r"^haidian-(\d{8}T\d{6}Z)(-[a-z0-9-]+)?$")
# libpq reads these from the environment: passwords stay out of the process list.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup could not be made, verified or restored; the message says why."""


# --- Making a backup -----------------------------------------------------------------------------


def create_backup(*, connection, media_root: Path, backup_dir: Path, label: str = "") -> Path:
    """Back up the database behind ``connection`` and ``media_root`` into a new folder of
    ``backup_dir``; returns the folder, verified."""
    engine = _engine(connection)
    backup_dir = Path(backup_dir)
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = datetime.now(UTC)
    name = "haidian-" + now.strftime("%Y%m%dT%H%M%SZ") + (f"-{label}" if label else "")
    if not NAME_PATTERN.match(name):
        raise BackupError(f"invalid label {label!r}: use lower-case letters, digits and hyphens")
    final = backup_dir / name
    if final.exists():
        raise BackupError(f"{final} already exists (two backups in the same second?)")
    work = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=backup_dir))
    old_umask = os.umask(0o077)
    try:
        database_file = work / DATABASE_FILES[engine]
        if engine == "postgresql":
            _pg_dump(connection.settings_dict, database_file)
        else:
            _sqlite_copy(_sqlite_path(connection), database_file)
        media_count = _tar_media(Path(media_root), work / MEDIA)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat().replace("+00:00", "Z"),
            "engine": engine,
            "database": Path(str(connection.settings_dict["NAME"])).name,
            "database_file": database_file.name,
            "media_file": MEDIA,
            "media_files": media_count,
            "migrations": applied_migrations(connection),
            "django": django.get_version(),
            "host": socket.gethostname(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        files = [database_file.name, MEDIA, MANIFEST]
        (work / SUMS).write_text("".join(f"{_sha256(work / f)}  {f}\n" for f in files))
        for path in work.iterdir():
            path.chmod(0o600)
        verify_backup(work)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        os.umask(old_umask)
    return final


def _engine(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def _sqlite_path(connection) -> Path:
    if connection.is_in_memory_db():
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(connection.settings_dict["NAME"])


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the backup API), checked for integrity."""
    if not source.is_file():
        raise BackupError(f"SQLite database {source} does not exist")
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # One self-contained file, whatever the live database's journal mode.
        dst.execute("PRAGMA journal_mode=DELETE")
        _sqlite_check(dst, target)
    finally:
        dst.close()
        src.close()


def _sqlite_check(db: sqlite3.Connection, path: Path) -> None:
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
    if result != "ok":
        raise BackupError(f"SQLite integrity check of {path} failed: {result}")


def _pg_env(settings_dict: dict, **extra: str) -> dict:
    env = {**os.environ, **extra}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in LIBPQ_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result


def _pg_dump(settings_dict: dict, target: Path) -> None:
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-password",  # fail rather than wait for a password in cron
            "--lock-wait-timeout=120s",
            f"--file={target}",
            "--dbname",
            settings_dict["NAME"],
        ],
        _pg_env(settings_dict),
    )


def _tar_media(media_root: Path, target: Path) -> int:
    """Every file under ``media_root`` (sorted), as ``media/...``; returns how many files."""
    count = 0
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        if media_root.is_dir():
            tar.add(media_root, arcname="media")
            count = sum(1 for member in tar.getmembers() if member.isfile())
        else:
            info = tarfile.TarInfo("media")
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            tar.addfile(info)
    return count


def applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        if MigrationRecorder.Migration._meta.db_table not in connection.introspection.table_names(cursor):
            return applied
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            applied.setdefault(app, []).append(name)
    return applied


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- Checking a backup ---------------------------------------------------------------------------


def verify_backup(path: Path) -> dict:
    """Check every file of the backup against ``SHA256SUMS``; returns the manifest.

    Raises ``BackupError`` on a missing, extra or changed file, or a database file that does not read.
    """
    path = Path(path)
    if not (path / SUMS).is_file():
        raise BackupError(f"{path} is not a backup: it has no {SUMS}")
    expected: dict[str, str] = {}
    for line in (path / SUMS).read_text().splitlines():
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or "/" in name or name in ("", ".", ".."):
            raise BackupError(f"{path / SUMS}: unreadable line {line!r}")
        expected[name] = digest
    present = {p.name for p in path.iterdir()} - {SUMS}
    if present != set(expected):
        missing, extra = set(expected) - present, present - set(expected)
        raise BackupError(f"{path}: files missing {sorted(missing)}, not in {SUMS} {sorted(extra)}")
    for name, digest in sorted(expected.items()):
        if _sha256(path / name) != digest:
            raise BackupError(f"checksum mismatch: {path / name} is not the file that was backed up")
    try:
        manifest = json.loads((path / MANIFEST).read_text())
        engine = manifest["engine"]
        database_file = manifest["database_file"]
    except (OSError, ValueError, KeyError) as error:
        raise BackupError(f"{path / MANIFEST} is unreadable: {error}") from error
    if manifest.get("format") != FORMAT or DATABASE_FILES.get(engine) != database_file:
        raise BackupError(f"{path / MANIFEST}: unknown format or engine")
    if {database_file, MEDIA, MANIFEST} != set(expected):
        raise BackupError(f"{path}: expected {database_file}, {MEDIA} and {MANIFEST}")
    if engine == "postgresql":
        _run(["pg_restore", "--list", str(path / database_file)], dict(os.environ))
    else:
        db = sqlite3.connect(f"{(path / database_file).resolve().as_uri()}?mode=ro", uri=True)
        try:
            _sqlite_check(db, path / database_file)
        finally:
            db.close()
    return manifest


def list_backups(backup_dir: Path) -> list[Path]:
    """The finished backups in ``backup_dir``, oldest first."""
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.iterdir() if p.is_dir() and NAME_PATTERN.match(p.name)]
    return sorted(found, key=lambda p: NAME_PATTERN.match(p.name).group(1))


def prune_backups(backup_dir: Path, *, keep_days: int, keep_at_least: int = 1) -> list[Path]:
    """Delete the backups older than ``keep_days`` days, always keeping the newest ``keep_at_least``."""
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    backups = list_backups(backup_dir)
    removed = []
    for path in backups[: max(len(backups) - keep_at_least, 0)]:
        made = datetime.strptime(NAME_PATTERN.match(path.name).group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if made < cutoff:
            shutil.rmtree(path)
            removed.append(path)
    return removed


# --- Restoring -----------------------------------------------------------------------------------


def restore_backup(path: Path, *, connection, media_root: Path) -> dict:
    """Verify the backup, then replace the database behind ``connection`` and the contents of
    ``media_root`` with it. Returns the manifest."""
    manifest = verify_backup(path)
    engine = _engine(connection)
    if manifest["engine"] != engine:
        raise BackupError(f"this backup is of a {manifest['engine']} database; the site uses {engine}")
    database_file = Path(path) / manifest["database_file"]
    connection.close()
    if engine == "postgresql":
        _pg_restore(connection, database_file)
    else:
        _sqlite_restore(database_file, _sqlite_path(connection))
    _restore_media(Path(path) / MEDIA, Path(media_root))
    return manifest


def _pg_restore(connection, dump: Path) -> None:
    settings_dict = connection.settings_dict
    # Waits at most a minute for a lock (a running site holds some): fail rather than hang.
    env = _pg_env(settings_dict, PGOPTIONS="-c lock_timeout=60s")
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",  # all or nothing
            "--exit-on-error",
            "--no-password",
            "--dbname",
            settings_dict["NAME"],
            str(dump),
        ],
        env,
    )
    # --clean drops only what the dump holds: tables made after the backup (by a newer migration)
    # would stay and break the next migrate. The restored database is the backup's, nothing more.
    listed = _run(["pg_restore", "--list", str(dump)], env).stdout
    in_dump = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listed, re.MULTILINE))
    with connection.cursor() as cursor:
        extra = [t for t in connection.introspection.table_names(cursor) if t not in in_dump]
        for table in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()


def _sqlite_restore(source: Path, target: Path) -> None:
    """Copy the backup into the live file through the backup API: one write transaction, so open
    connections see the old database or the new one, never half of each."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
        _sqlite_check(dst, target)
    finally:
        dst.close()
        src.close()


def _restore_media(archive: Path, media_root: Path) -> None:
    """Extract next to ``media_root``, then swap its contents (the folder itself stays: it may be
    a mount point)."""
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(staging, filter="data")  # refuses absolute paths, "..", devices
        extracted = staging / "media"
        for entry in media_root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        if extracted.is_dir():
            for entry in extracted.iterdir():
                shutil.move(entry, media_root / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- Fingerprints --------------------------------------------------------------------------------


def table_checksums(connection) -> dict[str, tuple[int, str]]:
    """For each table: (rows, SHA-256 of its rows in primary-key order, columns sorted by name);
    plus ``(schema)`` (tables, columns, indexes, constraints) and ``(sequences)``."""
    qn = connection.ops.quote_name
    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor, include_views=False))
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():
                tables.append("sqlite_sequence")
        for table in tables:
            columns = sorted(c.name for c in connection.introspection.get_table_description(cursor, table))
            keys = connection.introspection.get_primary_key_columns(cursor, table) or columns
            cursor.execute(
                f"SELECT {', '.join(map(qn, columns))} FROM {qn(table)} "  # noqa: S608 - introspected names
                f"ORDER BY {', '.join(map(qn, keys))}"
            )
            result[table] = _digest_rows(cursor)
        cursor.execute(_SCHEMA_SQL[connection.vendor])
        result["(schema)"] = _digest_rows(cursor)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() ORDER BY sequencename"
            )
            result["(sequences)"] = _digest_rows(cursor)
    return result


_SCHEMA_SQL = {
    "sqlite": "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    "postgresql": """
        SELECT 'column', table_name, column_name || ' ' || data_type || ' ' || is_nullable
            || ' ' || coalesce(column_default, '') || ' ' || coalesce(generation_expression, '')
          FROM information_schema.columns WHERE table_schema = current_schema()
        UNION ALL
        SELECT 'index', tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()
        UNION ALL
        -- A CHECK's text is deparsed anew after a restore (same meaning, other casts): its name counts.
        SELECT 'constraint', conrelid::regclass::text,
               conname || ' ' || CASE contype WHEN 'c' THEN 'CHECK' ELSE pg_get_constraintdef(oid) END
          FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
        UNION ALL
        SELECT 'extension', extname, extversion FROM pg_extension
        ORDER BY 1, 2, 3
    """,
}


def _digest_rows(cursor) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    while rows := cursor.fetchmany(1000):
        for row in rows:
            values = tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            digest.update(repr(values).encode())
            digest.update(b"\n")
            count += 1
    return count, digest.hexdigest()


def media_checksums(media_root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``media_root``, by path relative to it."""
    media_root = Path(media_root)
    if not media_root.is_dir():
        return {}
    return {
        str(path.relative_to(media_root)): _sha256(path)
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
