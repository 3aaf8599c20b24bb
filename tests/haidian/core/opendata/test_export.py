"""export_open_data: every public record as CSV and JSON with a Frictionless Data Package, in a
dated folder written atomically, with a zip; the last N kept; no personal data."""

import csv
import hashlib
import json
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from financing.models import NeedStatus
from haidian.core.opendata import store
from listings.models import BenefitClaim, TechnologyStatus
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "SECRET-INTERNAL-NOTE"


@pytest.fixture
def records():
    genomics = factories.SectorFactory(slug="genomics", name_en="Genomics", name_zh_hans="基因组学")
    owner = factories.OrganizationFactory(
        slug="pku", name_en="Peking University", contact_email="owner@pku.example"
    )
    listing = factories.TechnologyFactory(
        slug="nanopore",
        title_en="Nanopore sequencer",
        title_zh_hans="纳米孔测序仪",
        description_en="<p>Reads <strong>long</strong> DNA &amp; RNA.</p>",
        owner=owner,
        sectors=[genomics],
        transaction_types=["licence", "assignment"],
        target_countries=["JP", "SE"],
        internal_notes=SECRET,
    )
    draft = factories.TechnologyFactory(
        slug="draft-one",
        status=TechnologyStatus.DRAFT,
        published_at=None,
        owner=factories.OrganizationFactory(slug="hidden-owner"),
    )
    factories.InquiryFactory(
        technology=listing, name="Inquirer Name", email="inquirer@example.com", message=SECRET
    )
    public_value = factories.ContractFactory(
        reference="HD-1", value=Decimal("1234567.89"), technology=listing
    )
    private_value = factories.ContractFactory(
        reference="HD-2", value=Decimal("999.00"), value_is_public=False, technology=draft
    )
    factories.ContractFactory(reference="HD-3", is_published=False)
    product = factories.FinancingProductFactory(slug="ip-loan")
    need = factories.FinancingNeedFactory(slug="open-need")
    factories.FinancingNeedFactory(slug="funded-need", status=NeedStatus.FUNDED)
    factories.FinancingNeedFactory(slug="late-need", deadline=timezone.localdate() - timedelta(days=1))
    factories.AttachmentFactory(technology=listing, is_public=False, title_en="Private brochure")
    factories.StaffUserFactory(username="staff-person-name")
    return locals()


def export():
    call_command("export_open_data")
    return store.latest_export()


def read_csv(folder: Path, name: str) -> list[dict]:
    raw = (folder / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for spreadsheets
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def read_json(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"), parse_float=Decimal)


def test_public_records_only(records):
    folder = export().folder
    technologies = read_csv(folder, "technologies")
    assert [row["slug"] for row in technologies] == ["nanopore"]
    row = technologies[0]
    assert row["title_zh_hans"] == "纳米孔测序仪"
    assert row["description_en"] == "Reads long DNA & RNA."  # rich text as plain text
    assert row["sectors"] == "genomics" and row["target_countries"] == "JP;SE"
    assert row["transaction_types"] == "assignment;licence" and row["owner"] == "pku"
    assert row["availability"] == "available"
    assert row["url"].endswith("/en/technologies/nanopore/")
    contracts = {row["reference"]: row for row in read_csv(folder, "contracts")}
    assert set(contracts) == {"HD-1", "HD-2"}
    assert contracts["HD-1"]["value"] == "1234567.89" and contracts["HD-1"]["technology"] == "nanopore"
    # The value hidden where the parties did not allow it; a draft listing not named.
    assert contracts["HD-2"]["value"] == contracts["HD-2"]["value_cny"] == contracts["HD-2"]["currency"] == ""
    assert contracts["HD-2"]["technology"] == ""
    assert [row["slug"] for row in read_csv(folder, "financing_needs")] == ["open-need"]
    assert [row["slug"] for row in read_csv(folder, "financing_products")] == ["ip-loan"]
    assert [row["slug"] for row in read_csv(folder, "sectors")] == ["genomics"]
    organizations = {row["slug"] for row in read_csv(folder, "organizations")}
    assert "pku" in organizations and "hidden-owner" not in organizations
    assert records["product"].lender.slug in organizations and records["need"].company.slug in organizations
    assert len(organizations) == 1 + 4 + 1 + 1  # owner, sellers and buyers of HD-1 and HD-2, lender, company


def as_csv(value) -> str:
    """What the CSV writer makes of a JSON value."""
    return "" if value is None else str(value)


def test_json_holds_the_same_rows(records):
    folder = export().folder
    for resource in ("technologies", "contracts", "organizations", "agencies", "sectors", "financing_needs"):
        from_json = [
            {name: as_csv(value) for name, value in row.items()} for row in read_json(folder, resource)
        ]
        assert read_csv(folder, resource) == from_json, resource
    (row,) = read_json(folder, "technologies")
    # Numbers are JSON numbers, every digit kept.
    assert row["trl"] == 6 and row["price_negotiable"] is False and row["price_cny"] == Decimal("1000000.00")
    assert '"price_cny": 1000000.00,' in (folder / "technologies.json").read_text(encoding="utf-8")


def test_no_personal_data(records):
    folder = export().folder
    everything = "".join(
        path.read_text(encoding="utf-8-sig") for path in folder.iterdir() if path.suffix in (".csv", ".json")
    )
    for private in (
        SECRET,
        "@",
        "Inquirer Name",
        "staff-person-name",
        "Private brochure",
        "owner@pku.example",
    ):
        assert private not in everything, private


def test_the_data_package_describes_every_file(records):
    export_ = export()
    package = json.loads((export_.folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "data-package"
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    assert package["created"].endswith("Z") and package["version"] == export_.stamp
    names = [resource["name"] for resource in package["resources"]]
    assert names[:2] == ["sectors", "sectors-json"]
    for resource in package["resources"]:
        path = export_.folder / resource["path"]
        assert path.is_file() and resource["bytes"] == path.stat().st_size
        assert resource["hash"] == f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        if resource["format"] == "json":  # the CSV's rows, following its schema
            assert resource["tableSchemaOf"] == resource["name"].removesuffix("-json")
            continue
        fields = resource["schema"]["fields"]
        assert all(field["name"] and field["type"] and field["description"] for field in fields)
        assert all(field["descriptions"]["zh-hans"] for field in fields)
        header = path.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header == ",".join(field["name"] for field in fields)
    technologies = next(r for r in package["resources"] if r["name"] == "technologies")
    assert technologies["count"] == 1 and technologies["schema"]["primaryKey"] == "slug"


def test_benefits_are_exported_when_listings_have_them(records):
    # No skip: a renamed relation or model fails here instead of hiding the dataset's loss.
    assert records["listing"].benefits.count() == 0
    BenefitClaim.objects.create(
        technology=records["listing"], metric_en="Read length", value=Decimal("2.5"), unit_en="Mb"
    )
    BenefitClaim.objects.create(technology=records["draft"], metric_en="Hidden", value=Decimal("1"))
    rows = read_csv(export().folder, "technology_benefits")
    assert [(row["technology"], row["metric_en"], row["value"]) for row in rows] == [
        ("nanopore", "Read length", "2.5000")
    ]


def test_spreadsheet_formulas_are_escaped(records):
    listing = records["listing"]
    listing.title_en = '=HYPERLINK("http://evil.example")'
    listing.save()
    (row,) = read_csv(export().folder, "technologies")
    assert row["title_en"].startswith("'=")


def test_the_zip_holds_every_file(records):
    export_ = export()
    with zipfile.ZipFile(export_.folder / export_.zip_name) as archive:
        names = set(archive.namelist())
    assert "datapackage.json" in names and "technologies.csv" in names and "technologies.json" in names
    assert names == export_.files() - {export_.zip_name}


def test_dated_folders_the_newest_kept_no_temporary_left(records, settings):
    base = Path(settings.MEDIA_ROOT) / "open-data"
    now = timezone.now()
    for hours in (3, 2, 1):
        store.export_open_data(now=now - timedelta(hours=hours), keep=2)
    folders = sorted(p.name for p in base.iterdir())
    assert len(folders) == 2 and folders == store.stamps()
    assert store.latest_export().stamp == (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H%M%SZ")


def test_a_failed_export_leaves_nothing_half_written(records, settings, monkeypatch):
    from haidian.core.opendata import datasets

    real = datasets.Dataset.rows

    def broken(self):
        if self.name == "contracts":
            raise RuntimeError("database gone")
        return real(self)

    monkeypatch.setattr(datasets.Dataset, "rows", broken)
    with pytest.raises(RuntimeError):
        store.export_open_data()
    assert list((Path(settings.MEDIA_ROOT) / "open-data").iterdir()) == []
    assert store.latest_export() is None


def test_rich_text_paragraphs_stay_words_apart(records):
    records["listing"].description_en = "<p>Reads DNA.</p><p>Sequences RNA.</p>"
    records["listing"].save()
    (row,) = read_csv(export().folder, "technologies")
    assert row["description_en"] == "Reads DNA. Sequences RNA."
