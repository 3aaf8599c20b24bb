"""Writing and reading the dated exports under ``MEDIA_ROOT/open-data/<stamp>/``.

An export is written into a temporary folder beside the others and renamed into place once
complete, so the download page never sees half an export; a zip of the same files goes inside it.
"""

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from haidian.core.csv_export import csv_bytes
from haidian.core.json_export import json_row
from haidian.core.opendata.datasets import datasets

FOLDER = "open-data"
PACKAGE = "datapackage.json"
STAMP_FORMAT = "%Y-%m-%dT%H%M%SZ"
STAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}Z$")
TEMP_PREFIX = ".tmp-"
FORMATS = {"csv": "text/csv", "json": "application/json"}


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def zip_name(stamp: str) -> str:
    return f"haidian-open-data-{stamp}.zip"


def _descriptions(text) -> dict:
    """A lazy text in each site language: the package says everything in both."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found[code] = str(text)
    return found


def _write_dataset(dataset, folder: Path) -> list[dict]:
    """Write ``<name>.csv`` (UTF-8 with BOM, formulas escaped) and ``<name>.json`` in one pass."""
    names = [field.name for field in dataset.fields]
    count = 0
    with open(folder / f"{dataset.name}.json", "w", encoding="utf-8") as json_file:

        def rows():
            nonlocal count
            json_file.write("[")
            for row in dataset.rows():
                json_file.write(",\n" if count else "\n")
                json_file.write(json_row(row))
                count += 1
                yield row
            json_file.write("\n]\n")

        (folder / f"{dataset.name}.csv").write_bytes(csv_bytes(names, rows()))
    schema = {
        "fields": [
            {
                "name": field.name,
                "type": field.type,
                "description": _descriptions(field.description)["en"],
                "descriptions": _descriptions(field.description),
            }
            for field in dataset.fields
        ],
        "primaryKey": dataset.primary_key,
    }
    if dataset.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": field, "reference": {"resource": resource, "fields": key}}
            for field, resource, key in dataset.foreign_keys
        ]
    resources = []
    for fmt, mediatype in FORMATS.items():
        path = folder / f"{dataset.name}.{fmt}"
        with open(path, "rb") as file:  # hashed in chunks: the big tables run to many megabytes
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        resource = {
            "name": dataset.name if fmt == "csv" else f"{dataset.name}-json",
            "path": path.name,
            "format": fmt,
            "mediatype": mediatype,
            "encoding": "utf-8",
            "title": _descriptions(dataset.title)["en"],
            "titles": _descriptions(dataset.title),
            "description": _descriptions(dataset.description)["en"],
            "descriptions": _descriptions(dataset.description),
            "bytes": path.stat().st_size,
            "hash": f"sha256:{digest}",
            "count": count,
        }
        if fmt == "csv":
            resource |= {"profile": "tabular-data-resource", "schema": schema}
        else:
            # The same rows as the CSV, an array of objects. Declared a plain data resource:
            # frictionless reads a tabular JSON resource without counting its bytes, so its
            # declared ``bytes`` and ``hash`` could not be checked; as a file they are.
            # ``tableSchemaOf`` names the CSV resource whose table schema its rows follow.
            resource |= {"profile": "data-resource", "tableSchemaOf": dataset.name}
        resources.append(resource)
    return resources


def export_open_data(*, now=None, keep: int | None = None) -> Path:
    """Write a complete export and return its folder; keep the newest ``keep`` exports
    (``OPEN_DATA_KEEP``)."""
    now = now or timezone.now()
    stamp = now.astimezone(UTC).strftime(STAMP_FORMAT)
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    final = base / stamp
    if final.exists():
        raise FileExistsError(f"An export {stamp} exists already.")
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=base))
    try:
        resources = []
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                # One consistent view of the database for the whole export (SQLite's transaction
                # is one already; inside a caller's transaction, that transaction's view is used).
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for dataset in datasets():
                resources += _write_dataset(dataset, temp)
        licence = dict(settings.OPEN_DATA_LICENCE)
        package = {
            # Not "tabular-data-package": that profile requires every resource to be tabular.
            "profile": "data-package",
            "name": "haidian-ittc-open-data",
            "title": "Haidian International Technology Transfer Center – open data",
            "titles": {
                "en": "Haidian International Technology Transfer Center – open data",
                "zh-hans": "海淀国际技术转移中心开放数据",
            },
            "homepage": settings.SITE_URL,
            "version": stamp,
            "created": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "licenses": [licence],
            "resources": resources,
        }
        (temp / PACKAGE).write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
        with zipfile.ZipFile(temp / zip_name(stamp), "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for resource in resources:
                archive.write(temp / resource["path"], resource["path"])
            archive.write(temp / PACKAGE, PACKAGE)
        temp.chmod(0o755)
        os.rename(temp, final)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    prune(keep if keep is not None else settings.OPEN_DATA_KEEP)
    return final


def stamps() -> list[str]:
    """The complete exports, oldest first."""
    if not root().is_dir():
        return []
    return sorted(p.name for p in root().iterdir() if STAMP_RE.match(p.name) and (p / PACKAGE).is_file())


def prune(keep: int) -> None:
    """Delete all but the newest ``keep`` exports, and temporary folders a day old (a run that died)."""
    for stamp in stamps()[: -max(keep, 1)]:
        shutil.rmtree(root() / stamp, ignore_errors=True)
    for path in root().glob(f"{TEMP_PREFIX}*"):
        if path.is_dir() and path.stat().st_mtime < time.time() - 86400:
            shutil.rmtree(path, ignore_errors=True)


@dataclass
class Export:
    stamp: str
    folder: Path
    package: dict

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.package["created"].replace("Z", "+00:00"))

    @property
    def zip_name(self) -> str:
        return zip_name(self.stamp)

    def files(self) -> set[str]:
        """The files that may be downloaded: the package's resources, the package itself and the zip."""
        return {resource["path"] for resource in self.package["resources"]} | {PACKAGE, self.zip_name}


def _load(stamp: str) -> Export:
    folder = root() / stamp
    return Export(stamp, folder, json.loads((folder / PACKAGE).read_text(encoding="utf-8")))


def latest_export() -> Export | None:
    found = stamps()
    return _load(found[-1]) if found else None


def get_export(stamp: str) -> Export | None:
    return _load(stamp) if stamp in stamps() else None
