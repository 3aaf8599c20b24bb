"""Import (CSV with BOM, XLSX; preview; row errors; all or nothing; sanitised) and export (BOM, escaped)."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from financing.resources import FinancingNeedResource
from haidian.core.models import Organization
from listings.models import Contract, Technology, TechnologyStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db
CSV, XLSX = 0, 1  # positions in ImportExportBase.import_formats / export_formats

TECH_HEADERS = [
    "slug",
    "kind",
    "title_en",
    "title_zh_hans",
    "summary_en",
    "summary_zh_hans",
    "description_en",
    "description_zh_hans",
    "sectors",
    "owner",
    "agency",
    "origin_country",
    "target_countries",
    "trl",
    "ip_status",
    "transaction_types",
    "price_cny",
    "price_negotiable",
    "status",
]


@pytest.fixture
def refs():
    return {
        "sector": factories.SectorFactory(slug="genomics"),
        "owner": factories.OrganizationFactory(slug="pku"),
        "agency": factories.AgencyFactory(slug="zgc-transfer"),
    }


def tech_row(slug, *, agency="zgc-transfer", trl="6", description="<p>ok</p>", status="draft"):
    return [
        slug,
        "offer",
        f"Gene chip {slug}",
        "基因芯片",
        "Sequencing on a chip.",
        "芯片上的测序。",
        description,
        "<p>说明</p>",
        "genomics",
        "pku",
        agency,
        "CN",
        "JP,SE",
        trl,
        "granted_patent",
        "licence,assignment",
        "2500000",
        "0",
        status,
    ]


def csv_bytes(headers, rows) -> bytes:
    data = tablib.Dataset(*rows, headers=headers)
    return data.export("csv").encode("utf-8-sig")


def xlsx_bytes(headers, rows) -> bytes:
    return tablib.Dataset(*rows, headers=headers).export("xlsx")


def run_import(client, url_name, content, filename, fmt, *, confirm=True):
    """Upload (preview), then confirm as the import page's button does. Returns (preview, result)."""
    url = reverse(f"admin:{url_name}_import")
    preview = client.post(url, {"format": fmt, "import_file": SimpleUploadedFile(filename, content)})
    assert preview.status_code == 200
    if not confirm or "confirm_form" not in preview.context:
        return preview, None
    form = preview.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    result = client.post(reverse(f"admin:{url_name}_process_import"), data, follow=True)
    return preview, result


def test_csv_with_bom_imports_chinese_after_preview(admin_client, admin_user, refs):
    content = csv_bytes(TECH_HEADERS, [tech_row("chip-1"), tech_row("chip-2")])
    assert content.startswith(b"\xef\xbb\xbf")
    preview, result = run_import(admin_client, "listings_technology", content, "t.csv", CSV, confirm=False)
    assert not Technology.objects.filter(slug__startswith="chip-").exists()  # the preview is a dry run
    assert "基因芯片" in preview.content.decode()

    preview, result = run_import(admin_client, "listings_technology", content, "t.csv", CSV)
    assert result.status_code == 200
    imported = Technology.objects.get(slug="chip-1")
    assert imported.title_zh_hans == "基因芯片"
    assert list(imported.sectors.values_list("slug", flat=True)) == ["genomics"]
    assert set(imported.target_countries.values_list("code", flat=True)) == {"JP", "SE"}
    assert set(imported.transaction_types.values_list("code", flat=True)) == {"licence", "assignment"}
    latest = imported.history.first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Imported from a file"


def test_xlsx_import(admin_client, refs):
    content = xlsx_bytes(TECH_HEADERS, [tech_row("xlsx-chip")])
    run_import(admin_client, "listings_technology", content, "t.xlsx", XLSX)
    assert Technology.objects.get(slug="xlsx-chip").title_zh_hans == "基因芯片"


def test_bad_rows_are_reported_and_nothing_is_imported(admin_client, refs):
    content = csv_bytes(
        TECH_HEADERS,
        [tech_row("good-1"), tech_row("bad-trl", trl="12"), tech_row("bad-owner", agency="no-such-agency")],
    )
    preview, result = run_import(admin_client, "listings_technology", content, "t.csv", CSV)
    assert result is None  # no confirm button when a row is invalid
    html = preview.content.decode()
    assert "Errors" in html or "errors" in html
    assert "bad-trl" in html
    assert "No service agency with slug “no-such-agency”." in html
    assert "Ensure this value is less than or equal to 9." in html
    assert not Technology.objects.filter(slug__in=["good-1", "bad-trl", "bad-owner"]).exists()


def test_unknown_sector_is_a_row_error_not_silently_dropped(admin_client, refs):
    row = tech_row("no-sector")
    row[TECH_HEADERS.index("sectors")] = "genomics,quantum-gravity"
    preview, result = run_import(
        admin_client, "listings_technology", csv_bytes(TECH_HEADERS, [row]), "t.csv", CSV
    )
    assert result is None
    assert "Unknown sectors: quantum-gravity." in preview.content.decode()


def test_imported_rich_text_is_sanitised(admin_client, refs):
    dirty = '<p onclick="steal()">Hello<script>alert(1)</script> <a href="javascript:x()">x</a></p>'
    run_import(
        admin_client,
        "listings_technology",
        csv_bytes(TECH_HEADERS, [tech_row("dirty", description=dirty)]),
        "t.csv",
        CSV,
    )
    description = Technology.objects.get(slug="dirty").description_en
    assert "<script" not in description and "onclick" not in description and "javascript:" not in description
    assert "Hello" in description


def test_agency_editor_imports_only_into_own_agency(make_editor, refs):
    other = factories.AgencyFactory(slug="other-agency")
    client = login(make_editor(refs["agency"]))
    # A row naming another agency is refused, the whole file with it.
    preview, result = run_import(
        client,
        "listings_technology",
        csv_bytes(TECH_HEADERS, [tech_row("mine"), tech_row("theirs", agency="other-agency")]),
        "t.csv",
        CSV,
    )
    assert result is None
    assert "you can import only into your own agency" in preview.content.decode()
    assert not Technology.objects.filter(slug__in=["mine", "theirs"]).exists()

    # Nobody publishes by import: a file that says "published" is refused, naming the column.
    preview, result = run_import(
        client,
        "listings_technology",
        csv_bytes(TECH_HEADERS, [tech_row("mine", status="published")]),
        "t.csv",
        CSV,
    )
    assert result is None
    assert "You cannot change “status” by import" in preview.content.decode()
    assert not Technology.objects.filter(slug="mine").exists()

    # Rows without an agency go to the editor's agency, as drafts.
    run_import(
        client, "listings_technology", csv_bytes(TECH_HEADERS, [tech_row("mine", agency="")]), "t.csv", CSV
    )
    mine = Technology.objects.get(slug="mine")
    assert mine.agency == refs["agency"] and mine.status == TechnologyStatus.DRAFT

    # A row matching another agency's listing cannot change it.
    factories.TechnologyFactory(slug="their-listing", agency=other, title_en="Theirs")
    preview, result = run_import(
        client,
        "listings_technology",
        csv_bytes(TECH_HEADERS, [tech_row("their-listing", agency="")]),
        "t.csv",
        CSV,
    )
    assert result is None
    assert Technology.objects.get(slug="their-listing").title_en == "Theirs"


def test_contract_import_by_agency_editor_rejects_other_agencies_listing(make_editor, refs):
    other_listing = factories.TechnologyFactory(slug="not-ours")
    client = login(make_editor(refs["agency"]))
    headers = [
        "reference",
        "title_en",
        "technology",
        "seller",
        "buyer",
        "contract_type",
        "destination_country",
        "value",
        "currency",
        "value_cny",
        "signed_on",
    ]
    seller, buyer = factories.OrganizationFactory(slug="seller"), factories.OrganizationFactory(slug="buyer")
    row = [
        "HD-2025-900",
        "Licence",
        other_listing.slug,
        seller.slug,
        buyer.slug,
        "licence",
        "JP",
        "100",
        "CNY",
        "100",
        "2025-03-01",
    ]
    preview, result = run_import(client, "listings_contract", csv_bytes(headers, [row]), "c.csv", CSV)
    assert result is None
    assert "is not one your agency brokers" in preview.content.decode()
    assert not Contract.objects.filter(reference="HD-2025-900").exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "listings_technology",
        "haidian_organization",
        "agencies_agency",
        "listings_contract",
        "financing_financingproduct",
        "financing_financingneed",
    ],
)
def test_every_import_page_offers_csv_and_xlsx(admin_client, url_name):
    response = admin_client.get(reverse(f"admin:{url_name}_import"))
    assert response.status_code == 200
    choices = [label for _value, label in response.context["form"].fields["format"].choices]
    assert [c.lower() for c in choices if c != "---"] == ["csv", "xlsx"]


def export(client, url_name, fmt):
    url = reverse(f"admin:{url_name}_export")
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial not in (None, False)}
    data["format"] = fmt
    response = client.post(url, data)
    assert response.status_code == 200, getattr(response, "context", None) and response.context["form"].errors
    return response


def test_csv_export_has_bom_chinese_and_escaped_formulae(admin_client):
    factories.OrganizationFactory(name_en='=HYPERLINK("http://evil")', name_zh_hans="北京生物科技有限公司")
    response = export(admin_client, "haidian_organization", CSV)
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "北京生物科技有限公司" in text
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")  # every formula cell is prefixed


def test_xlsx_export_round_trips(admin_client):
    factories.TechnologyFactory(
        slug="export-me", title_zh_hans="导航芯片", sectors=[factories.SectorFactory(slug="nav")]
    )
    response = export(admin_client, "listings_technology", XLSX)
    dataset = tablib.Dataset().load(io.BytesIO(response.content).read(), format="xlsx")
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["slug"], row["title_zh_hans"], row["sectors"]) == ("export-me", "导航芯片", "nav")


def test_agency_editor_exports_only_own_agency(make_editor):
    ours = factories.AgencyFactory()
    factories.TechnologyFactory(agency=ours, slug="ours-1")
    factories.TechnologyFactory(slug="theirs-1")
    response = export(login(make_editor(ours)), "listings_technology", CSV)
    text = response.content.decode("utf-8-sig")
    assert "ours-1" in text and "theirs-1" not in text


def test_organization_import_round_trip(admin_client):
    headers = ["slug", "name_en", "name_zh_hans", "kind", "country", "city_en", "city_zh_hans"]
    rows = [["tsinghua", "Tsinghua University", "清华大学", "university", "CN", "Beijing", "北京"]]
    run_import(admin_client, "haidian_organization", csv_bytes(headers, rows), "o.csv", CSV)
    assert Organization.objects.get(slug="tsinghua").name_zh_hans == "清华大学"


@pytest.mark.parametrize(
    ("column", "value"),
    [("published_at", "2020-01-01 00:00:00"), ("last_verified_at", "2030-01-01 00:00:00")],
)
def test_editor_cannot_import_columns_the_form_shows_read_only(make_editor, refs, column, value):
    listing = factories.TechnologyFactory(
        slug="mine",
        agency=refs["agency"],
        status=TechnologyStatus.DRAFT,
        published_at=None,
        last_verified_at=None,
    )
    client = login(make_editor(refs["agency"]))
    headers = [*TECH_HEADERS, column]
    preview, result = run_import(
        client, "listings_technology", csv_bytes(headers, [[*tech_row("mine"), value]]), "t.csv", CSV
    )
    assert result is None
    assert f"You cannot change “{column}” by import" in preview.content.decode()
    listing.refresh_from_db()
    assert getattr(listing, column) is None and listing.title_en != "Gene chip mine"


def test_an_exported_sheet_imports_back_with_its_read_only_columns(make_editor, refs):
    listing = factories.TechnologyFactory(
        slug="mine", agency=refs["agency"], status=TechnologyStatus.PUBLISHED
    )
    client = login(make_editor(refs["agency"]))
    content = export(client, "listings_technology", CSV).content.decode("utf-8-sig")
    assert "published_at" in content.splitlines()[0]
    content = content.replace(listing.title_en, "Retitled by the agency")
    preview, result = run_import(client, "listings_technology", content.encode("utf-8-sig"), "t.csv", CSV)
    assert result is not None, preview.content.decode()
    listing.refresh_from_db()
    assert listing.title_en == "Retitled by the agency" and listing.status == TechnologyStatus.PUBLISHED


def test_columns_hidden_from_the_role_are_not_exported(make_editor):
    resource = FinancingNeedResource(user=make_editor(), hidden_fields=("purpose_en",))
    headers = [field.column_name for field in resource.get_export_fields()]
    assert "purpose_en" not in headers and "purpose_zh_hans" in headers
