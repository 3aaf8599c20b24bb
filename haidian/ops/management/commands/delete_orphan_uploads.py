"""List, or delete, uploaded files that no row refers to.

A file is stored before its row is committed, so an upload whose transaction rolled back (a failed
save, an import that was undone) leaves its file behind; deletions and replacements remove files
themselves once they commit (``haidian.core.uploads``). Files younger than ``--older-than`` hours are
left alone: their upload may still be in flight. Without ``--delete`` the command only lists.
"""

from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone


def referenced_names() -> set[str]:
    """Every file name a FileField of any model holds, on the default storage."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is default_storage:
                names.update(
                    model._base_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
    return names


def stored_names(path: str = ""):
    directories, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}{name}"
    for directory in directories:
        yield from stored_names(f"{path}{directory}/")


def orphan_uploads(older_than: timedelta) -> list[str]:
    cutoff = timezone.now() - older_than
    referenced = referenced_names()
    return sorted(
        name
        for name in stored_names()
        if name not in referenced and default_storage.get_modified_time(name) < cutoff
    )


class Command(BaseCommand):
    help = "List (or with --delete, delete) uploaded files that no record refers to."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=24.0, help="hours (default 24)")
        parser.add_argument("--delete", action="store_true", help="delete them (default: list only)")

    def handle(self, *args, older_than, delete, **options):
        orphans = orphan_uploads(timedelta(hours=older_than))
        for name in orphans:
            if delete:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "Deleted" if delete else "Found"
        self.stdout.write(f"{verb} {len(orphans)} orphan file(s).")
