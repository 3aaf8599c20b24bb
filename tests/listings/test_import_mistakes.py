"""A file with twenty typical mistakes: every one is reported with its row, column and value, in the
user's language, in one go, and nothing is saved."""

import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from listings.models import Technology
from tests import factories
from tests.admin_users import login
from tests.haidian.backoffice.test_import_export import TECH_HEADERS

pytestmark = pytest.mark.django_db
CSV = 0  # position in ImportExportBase.import_formats

HEADERS = [
    *(column for column in TECH_HEADERS if not column.startswith("description_") and column != "status"),
    "expires_at",
    "machine_translated",
]
GOOD = {
    "slug": "gene-chip",
    "kind": "offer",
    "title_en": "Gene chip",
    "title_zh_hans": "基因芯片",
    "summary_en": "Sequencing on a chip.",
    "summary_zh_hans": "芯片上的测序。",
    "sectors": "genomics",
    "owner": "pku",
    "agency": "zgc-transfer",
    "origin_country": "CN",
    "target_countries": "JP,SE",
    "trl": "6",
    "ip_status": "granted_patent",
    "transaction_types": "licence",
    "price_cny": "2500000",
    "price_negotiable": "no",
    "expires_at": "2027-06-30 00:00",
    "machine_translated": "",
}
#: Each data row's changes to GOOD; the sheet row is its index + 2 (the header is row 1).
ROWS = [
    {},
    {
        "slug": "chip-3",
        "price_cny": "12k",
        "trl": "12",
        "origin_country": "XX",
        "title_en": "",
        "title_zh_hans": "",
    },
    {
        "slug": "chip-4",
        "kind": "sell",
        "ip_status": "patented",
        "price_negotiable": "maybe",
        "expires_at": "2026-13-45",
    },
    {
        "slug": "chip-5",
        "sectors": "genomics,quantum",
        "target_countries": "JP,ZZ",
        "transaction_types": "licence,rent",
        "owner": "nobody",
    },  # noqa: E501
    {"summary_en": "x" * 501, "trl": "six", "agency": "no-such-agency"},  # the slug repeats row 2
    {"slug": "not a slug!", "trl": "0", "summary_en": "", "summary_zh_hans": "", "sectors": ""},
    {"slug": "chip-7", "machine_translated": "title_fr"},
]
MISTAKES = [
    # (row, column, value, English, Chinese)
    (3, "title_en", "", "This field cannot be blank.", "此字段不能为空。"),
    (3, "origin_country", "XX", "No country or region with code “XX”.", "没有code为“XX”的国家或地区。"),
    (3, "trl", "12", "Ensure this value is less than or equal to 9.", "确保该值小于或等于9。"),
    (3, "price_cny", "12k", "Enter a number.", "输入一个数字。"),
    (4, "kind", "sell", "Value 'sell' is not a valid choice.", "值 'sell' 不是有效选项。"),
    (4, "ip_status", "patented", "Value 'patented' is not a valid choice.", "值 'patented' 不是有效选项。"),
    (4, "price_negotiable", "maybe", "Enter yes or no (1 or 0).", "请填写是或否（1 或 0）。"),
    (
        4,
        "expires_at",
        "2026-13-45",
        "Enter a valid date and time, such as 2026-02-10 09:30.",
        "请输入有效的日期和时间，例如 2026-02-10 09:30。",
    ),
    (5, "sectors", "genomics,quantum", "Unknown sectors: quantum.", "未知行业：quantum。"),
    (5, "owner", "nobody", "No organization with slug “nobody”.", "没有slug为“nobody”的单位。"),
    (5, "target_countries", "JP,ZZ", "Unknown countries and regions: ZZ.", "未知国家和地区：ZZ。"),
    (5, "transaction_types", "licence,rent", "Unknown transaction types: rent.", "未知交易方式：rent。"),
    (
        6,
        "slug",
        "gene-chip",
        "“gene-chip” is already on row 2 of this file.",
        "“gene-chip”已出现在本文件第 2 行。",
    ),
    (
        6,
        "summary_en",
        "x" * 501,
        "Ensure this value has at most 500 characters (it has 501).",
        "不超过 500 字符",
    ),
    (
        6,
        "agency",
        "no-such-agency",
        "No service agency with slug “no-such-agency”.",
        "没有slug为“no-such-agency”的服务机构。",
    ),
    (6, "trl", "six", "Enter a whole number.", "输入整数。"),
    (7, "slug", "not a slug!", "Enter a valid “slug”", "有效“字段”"),
    (7, "summary_en", "", "This field cannot be blank.", "此字段不能为空。"),
    (7, "sectors", "", "This field cannot be blank.", "此字段不能为空。"),
    (7, "trl", "0", "Ensure this value is greater than or equal to 1.", "确保该值大于或等于1。"),
    (
        8,
        "machine_translated",
        "title_fr",
        "Not a translated column of this record: title_fr.",
        "不是此记录的翻译列：title_fr。",
    ),
]


@pytest.fixture
def refs():
    factories.SectorFactory(slug="genomics")
    factories.OrganizationFactory(slug="pku")
    return factories.AgencyFactory(slug="zgc-transfer")


def csv_of(rows, headers=HEADERS, columns=HEADERS) -> bytes:
    """``rows`` (dicts) as CSV with a BOM, under ``headers`` (another spelling of ``columns``)."""
    lines = [",".join(headers), *(",".join(f'"{row[column]}"' for column in columns) for row in rows)]
    return "\n".join(lines).encode("utf-8-sig")


def sheet() -> bytes:
    return csv_of([{**GOOD, **changes} for changes in ROWS])


def upload(client, content, language="en"):
    response = client.post(
        reverse("admin:listings_technology_import"),
        {"format": CSV, "import_file": SimpleUploadedFile("t.csv", content)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    return response


def preview(client, language):
    return upload(client, sheet(), language)


@pytest.mark.parametrize(("language", "position"), [("en", 3), ("zh-hans", 4)])
def test_every_mistake_is_reported_with_its_row_column_and_value(center_client, refs, language, position):
    response = preview(center_client, language)
    assert "confirm_form" not in response.context  # nothing to confirm: the file does not pass
    reported = response.context["result"].cell_errors
    assert len(reported) == len(MISTAKES)  # each once: no echo on the other language's column
    html = response.content.decode()
    for mistake in MISTAKES:
        row, column, value = mistake[:3]
        found = [e for e in reported if (e.row, e.column, e.value) == (row, column, value)]
        assert found, f"not reported: row {row}, {column}"
        assert mistake[position] in found[0].message, (mistake, found[0].message)
        assert escape(found[0].message) in html
    assert "Traceback" not in html and "<class" not in html and "ConversionSyntax" not in html
    assert not Technology.objects.exists()


def test_a_cell_error_reads_as_one_sentence_in_the_users_language(center_client, refs):
    english = {str(e) for e in preview(center_client, "en").context["result"].cell_errors}
    assert "Row 3, column price_cny, value “12k”: Enter a number." in english
    chinese = {str(e) for e in preview(center_client, "zh-hans").context["result"].cell_errors}
    assert "第 3 行，price_cny 列，值“12k”：输入一个数字。" in chinese


def test_confirming_a_file_with_one_bad_row_saves_nothing(center_client, refs):
    """The confirm step imports the stored file for real: if a row fails there (the file changed
    since the preview, or a record did), the rows before it are undone too."""
    form = upload(center_client, csv_of([GOOD])).context["confirm_form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    stored = Path(tempfile.gettempdir()) / data["import_file_name"]
    stored.write_bytes(csv_of([GOOD, {**GOOD, **ROWS[1]}]))

    response = center_client.post(reverse("admin:listings_technology_process_import"), data, follow=True)

    assert not Technology.objects.exists()
    assert "Nothing was imported: 1 row(s) failed (first: row 3)" in response.content.decode()


def test_an_agency_editor_is_told_which_cells_their_role_may_not_set(make_editor, refs):
    factories.AgencyFactory(slug="other-agency")
    theirs = factories.TechnologyFactory(slug="their-listing", title_en="Theirs")
    client = login(make_editor(refs))
    headers = [*HEADERS, "status"]
    rows = [
        {**GOOD, "status": ""},
        {**GOOD, "slug": "chip-3", "agency": "other-agency", "status": "published", "trl": "12"},
        {**GOOD, "slug": theirs.slug, "status": ""},
    ]
    response = upload(client, csv_of(rows, headers, headers), "zh-hans")
    reported = {(e.row, e.column, e.value): e.message for e in response.context["result"].cell_errors}
    assert reported == {
        (3, "agency", "other-agency"): "此行属于机构“other-agency”：您只能导入到本机构（zgc-transfer）。",
        (3, "status", "published"): "不能通过导入修改“status”：请留空或保持导出时的内容。",
        (3, "trl", "12"): "确保该值小于或等于9。",
        (4, "slug", "their-listing"): "“their-listing”属于其他机构，您无法修改。",
    }
    assert not Technology.objects.exclude(pk=theirs.pk).exists()
    theirs.refresh_from_db()
    assert theirs.title_en == "Theirs"


def test_a_misspelt_column_stops_the_file(center_client, refs):
    """Cells under a header the import does not read would be dropped without a word."""
    headers = [("titel_en" if column == "title_en" else column) for column in HEADERS]
    response = upload(center_client, csv_of([GOOD], headers))
    assert "confirm_form" not in response.context
    assert [str(e) for e in response.context["result"].cell_errors] == [
        "Row 1, column titel_en, value “titel_en”: “titel_en” is not a column of this import: check its "
        "spelling against the template."
    ]
    assert not Technology.objects.exists()
