"""The open data export passes `frictionless validate` (run here, so CI runs it): every resource,
CSV and JSON, matches its schema, its declared bytes and its hash. Numbers are written as numbers
and formula escaping touches text only."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from listings.models import BenefitClaim
from tests.haidian.core.opendata.test_export import export, read_csv, records  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def awkward(records):  # noqa: F811
    """Values that trip naive writers: a negative number, Chinese text, text that looks like a formula."""
    listing = records["listing"]
    BenefitClaim.objects.create(
        technology=listing,
        metric_en="Energy use",
        metric_zh_hans="能耗",
        value=Decimal("-70.0000"),
        unit_en="%",
        unit_zh_hans="%",
    )
    listing.title_en = "-minus sign, =SUM(A1) and @mention"
    listing.save()
    return records


def frictionless_validate(folder) -> dict:
    """``frictionless validate --json datapackage.json``, as a person or CI would run it."""
    done = subprocess.run(  # noqa: S603 (our own interpreter, a fixed command)
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(done.stdout)


def errors_of(report: dict) -> list:
    found = [error.get("message") for error in report.get("errors", [])]
    for task in report["tasks"]:
        found += [f"{task['name']}: {error['message']}" for error in task["errors"]]
    return found


def test_frictionless_validate_passes_on_every_resource(awkward):
    folder = export().folder
    report = frictionless_validate(folder)
    assert errors_of(report) == []
    assert report["valid"] is True
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    # Every resource was checked, the JSON ones too, with the bytes and hash they declare.
    assert {task["name"] for task in report["tasks"]} == {r["name"] for r in package["resources"]}
    assert all(r["bytes"] and r["hash"].startswith("sha256:") for r in package["resources"])


def test_json_rows_follow_the_csv_schema(awkward):
    """frictionless checks the JSON files as files (bytes, hash); their rows are checked here
    against the table schema of the CSV resource they repeat."""
    from frictionless import Resource, Schema

    folder = export().folder
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in package["resources"] if r["format"] == "csv"}
    checked = 0
    for resource in package["resources"]:
        if resource["format"] != "json":
            continue
        rows = json.loads((folder / resource["path"]).read_text(encoding="utf-8"), parse_float=Decimal)
        schema = dict(schemas[resource["tableSchemaOf"]])
        schema.pop("foreignKeys", None)  # they refer to other resources of the package
        if not rows:
            continue
        report = Resource(data=rows, schema=Schema.from_descriptor(schema)).validate()
        assert report.valid, (resource["name"], report.flatten(["rowNumber", "fieldName", "note"]))
        checked += 1
    assert checked >= 5  # sectors, organizations, technologies, benefits, contracts, ...


def test_a_tampered_json_file_fails_its_declared_bytes_and_hash(awkward):
    folder = export().folder
    path = folder / "technology_benefits.json"
    path.write_text(path.read_text(encoding="utf-8").replace("-70.0000", "-71.0000"), encoding="utf-8")
    report = frictionless_validate(folder)
    assert report["valid"] is False
    (task,) = [task for task in report["tasks"] if not task["valid"]]
    assert task["name"] == "technology_benefits-json"
    assert {error["type"] for error in task["errors"]} == {"hash-count"}


def test_negative_numbers_are_numbers_not_escaped_text(awkward):
    folder = export().folder
    (row,) = read_csv(folder, "technology_benefits")
    assert row["value"] == "-70.0000" and row["metric_zh_hans"] == "能耗"
    (from_json,) = json.loads(
        (folder / "technology_benefits.json").read_text(encoding="utf-8"), parse_float=Decimal
    )
    assert from_json["value"] == Decimal("-70.0000")
    (listing,) = read_csv(folder, "technologies")
    # Text that would start a formula is still escaped; numbers beside it are not.
    assert listing["title_en"] == "'-minus sign, =SUM(A1) and @mention"
    assert listing["price_cny"] == "1000000.00"
