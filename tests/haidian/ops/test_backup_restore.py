"""make backup / make restore (haidian/ops/backup.py): a round trip on the engine the suite runs on, and
the refusals. The full drill on seeded data is `manage.py restore_drill`, run by .ci/run on both
engines."""

import json
import os
import sqlite3
import stat
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import NO_DB_ALIAS

from haidian.ops.backup import (
    DATABASE_FILES,
    BackupError,
    _sha256,
    create_backup,
    media_checksums,
    prune_backups,
    restore_backup,
    table_checksums,
    verify_backup,
)

pytestmark = pytest.mark.django_db


@contextmanager
def _connection_to(name: str):
    """A connection of its own to another database of the same server (or another SQLite file)."""
    default = connections[DEFAULT_DB_ALIAS]
    # Under Django's alias for connections outside the registry (as the test runner's own to the
    # server): the test's database guard allows it and no signal looks it up in the registry.
    db = default.__class__({**default.settings_dict, "NAME": name}, alias=NO_DB_ALIAS)
    # SQLite's wrapper would ask this in a transaction of its alias.
    db.features.supports_json_field = default.features.supports_json_field
    try:
        yield db
    finally:
        db.close()


@pytest.fixture(scope="module")
def sqlite_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """A file copy of the (in-memory) test database, with rows of every kind added: taken before
    any test transaction opens (SQLite begins them IMMEDIATE, which a copy would wait for)."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("ops") / "source.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
    with target:
        target.execute(
            "UPDATE haidian_country SET name_zh_hans = name_zh_hans || ' 测试' WHERE code IN ('CN', 'SE')"
        )
        target.execute("INSERT INTO auth_group (name) VALUES ('备份 round trip ✓')")
    target.close()
    return path


@pytest.fixture
def source(sqlite_copy):
    """A database to back up: on SQLite the copy above; on PostgreSQL the test database itself
    (pg_dump sees what the migrations wrote)."""
    name = str(sqlite_copy) if sqlite_copy else connection.settings_dict["NAME"]
    with _connection_to(name) as db:
        yield db


@pytest.fixture
def target(tmp_path):
    """An empty database to restore into."""
    if connection.vendor == "sqlite":
        with _connection_to(str(tmp_path / "restored.sqlite3")) as db:
            yield db
        return
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    with _connection_to(name) as db:
        with db._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        yield db
        db.close()
        with db._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def media(tmp_path):
    root = tmp_path / "media"
    for name, content in {
        "attachments/2026/11/0123456789abcdef.pdf": os.urandom(50_000),
        "articles/2026/图片.png": b"\x89PNG fake",
        "attachments/empty.txt": b"",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def test_a_backup_restores_to_the_same_tables_rows_and_files(source, target, media, tmp_path):
    backup = create_backup(connection=source, media_root=media, backup_dir=tmp_path / "backups")

    restored_media = tmp_path / "restored-media"
    (restored_media / "left-over").mkdir(parents=True)
    (restored_media / "left-over" / "not-in-the-backup.txt").write_text("x")
    manifest = restore_backup(backup, connection=target, media_root=restored_media)

    before, after = table_checksums(source), table_checksums(target)
    assert after == before
    assert before["django_migrations"][0] > 20  # there was something to compare
    assert media_checksums(restored_media) == media_checksums(media)
    assert manifest["engine"] == connection.vendor
    assert manifest["media_files"] == 3
    assert "listings" in manifest["migrations"]


def test_backup_files_are_private_and_listed_with_checksums(source, media, tmp_path):
    backup = create_backup(
        connection=source, media_root=media, backup_dir=tmp_path / "b", label="pre-upgrade"
    )

    assert backup.name.startswith("haidian-") and backup.name.endswith("Z-pre-upgrade")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    names = sorted(p.name for p in backup.iterdir())
    assert names == sorted(["SHA256SUMS", "manifest.json", "media.tar", _db_file()])
    for path in backup.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    listed = [line.split("  ")[1] for line in (backup / "SHA256SUMS").read_text().splitlines()]
    assert sorted(listed) == sorted(set(names) - {"SHA256SUMS"})
    assert not list((tmp_path / "b").glob(".*partial"))  # no work folder left behind


def _db_file() -> str:
    return "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"


@pytest.mark.parametrize("damage", ["change a byte", "remove a file", "add a file"])
def test_a_damaged_backup_is_refused_before_anything_is_touched(source, media, tmp_path, settings, damage):
    backup = create_backup(connection=source, media_root=media, backup_dir=tmp_path / "b")
    if damage == "change a byte":
        data = bytearray((backup / "media.tar").read_bytes())
        data[600] ^= 0xFF
        (backup / "media.tar").write_bytes(bytes(data))
    elif damage == "remove a file":
        (backup / "manifest.json").unlink()
    else:
        (backup / "notes.txt").write_text("x")
    with pytest.raises(BackupError):
        verify_backup(backup)

    settings.MEDIA_ROOT = media
    before = media_checksums(media)
    with pytest.raises(CommandError, match="Refusing to restore"):
        call_command("restore", str(backup), "--noinput")
    assert media_checksums(media) == before


def test_a_backup_of_the_other_engine_is_refused(source, target, media, tmp_path):
    backup = create_backup(connection=source, media_root=media, backup_dir=tmp_path / "b")
    manifest = json.loads((backup / "manifest.json").read_text())
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    # A consistent backup of the other engine: its files renamed and the checksums written anew.
    (backup / manifest["database_file"]).rename(backup / DATABASE_FILES[other])
    manifest.update(engine=other, database_file=DATABASE_FILES[other])
    (backup / "manifest.json").write_text(json.dumps(manifest))
    files = [DATABASE_FILES[other], "media.tar", "manifest.json"]
    (backup / "SHA256SUMS").write_text("".join(f"{_sha256(backup / f)}  {f}\n" for f in files))

    with pytest.raises(BackupError):
        restore_backup(backup, connection=target, media_root=tmp_path / "m")


def test_prune_keeps_recent_backups_and_always_the_newest(tmp_path):
    for name in ["haidian-20200101T000000Z", "haidian-20200102T000000Z-pre-restore", "unrelated-folder"]:
        (tmp_path / name).mkdir()
    removed = prune_backups(tmp_path, keep_days=30)
    assert [p.name for p in removed] == ["haidian-20200101T000000Z"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "haidian-20200102T000000Z-pre-restore",
        "unrelated-folder",
    ]


def test_an_in_memory_database_cannot_be_backed_up(tmp_path):
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("the suite's database is not in memory")
    with pytest.raises(BackupError, match="in-memory"):
        create_backup(connection=connection, media_root=tmp_path, backup_dir=tmp_path / "b")
