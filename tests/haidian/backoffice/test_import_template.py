"""The import page's bilingual template: the columns the role may fill in, what each means and the
values it accepts, in English and Chinese; a filled-in template imports as it is."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from listings.models import Technology
from tests import factories
from tests.admin_users import login
from tests.listings.test_import_mistakes import GOOD

pytestmark = pytest.mark.django_db
XLSX = 1  # position in ImportExportBase.import_formats


@pytest.fixture
def refs():
    factories.SectorFactory(slug="genomics", name_en="Genomics", name_zh_hans="基因组学")
    factories.OrganizationFactory(slug="pku")
    return factories.AgencyFactory(slug="zgc-transfer")


def template(client, url_name="listings_technology", fmt="xlsx"):
    response = client.get(reverse(f"admin:{url_name}_import_template", args=[fmt]))
    assert response.status_code == 200
    return response


def workbook(client, url_name="listings_technology"):
    return load_workbook(io.BytesIO(template(client, url_name).content))


def sheet_rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_import_page_links_the_template_in_the_users_language(center_client):
    html = center_client.get(
        reverse("admin:listings_technology_import"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert reverse("admin:listings_technology_import_template", args=["xlsx"]) in html
    assert "下载模板（XLSX）" in html
    # The columns are listed with their labels and what they accept, in the user's language.
    assert "<td>技术成熟度</td>" in html and "1 到 9 之间的整数。" in html


def test_the_import_page_lists_only_the_columns_the_role_may_set(make_editor, refs):
    response = login(make_editor(refs)).get(reverse("admin:listings_technology_import"))
    names = [column.name for column in response.context["import_columns"]]
    assert "trl" in names and not {"agency", "status", "published_at"} & set(names)
    assert "<code>published_at</code>" not in response.content.decode()


def test_the_template_explains_each_column_and_its_values_in_both_languages(center_client, refs):
    book = workbook(center_client)
    assert book.sheetnames == ["data", "columns", "values"] and book.active.title == "data"
    header = book["data"][1]
    names = [cell.value for cell in header]
    assert names[:3] == ["slug", "kind", "title_en"] and "price_cny" in names
    title = header[names.index("title_zh_hans")]
    assert title.comment.text == "title (Chinese)\n标题 (中文)"
    assert "status" not in names  # nobody publishes by import: the workflow sets it

    guide = {row[0]: row for row in sheet_rows(book["columns"])[1:]}
    assert guide["trl"][1:4] == ["technology readiness level", "技术成熟度", "yes / 是"]
    assert guide["trl"][6:] == ["A whole number from 1 to 9.", "1 到 9 之间的整数。"]
    assert guide["price_cny"][3] == "no / 否"
    assert guide["sectors"][6] == "One or more codes from the “values” sheet, separated by commas."
    assert guide["owner"][4:6] == [
        "For an offer, who holds the technology; for a need, who is looking for it.",
        "供给项目填写技术持有方；需求项目填写需求方。",
    ]
    assert guide["title_en"][1:4] == ["title (English)", "标题 (英文)", "yes / 是"]
    assert guide["title_zh_hans"][3] == "no / 否"  # the English title is the one required

    values = {(row[0], row[1]): row[2:] for row in sheet_rows(book["values"])[1:]}
    assert values["kind", "offer"] == ["Offer", "供给"]
    assert values["sectors", "genomics"] == ["Genomics", "基因组学"]
    assert ("origin_country", "HK") in values and ("target_countries", "JP") in values
    assert [value for column, value in values if column == "trl"] == [str(n) for n in range(1, 10)]
    assert values["price_negotiable", "1"] == ["yes", "是"]
    assert ("ip_status", "granted_patent") in values and ("transaction_types", "licence") in values


def test_an_agency_editors_template_has_only_the_columns_they_may_set(make_editor, center_client, refs):
    center = [cell.value for cell in workbook(center_client)["data"][1]]
    editor = [cell.value for cell in workbook(login(make_editor(refs)))["data"][1]]
    assert "agency" in center
    assert not {"agency", "published_at", "status"} & set(editor)
    assert set(editor) < set(center)


def test_a_filled_in_template_imports(make_editor, refs):
    client = login(make_editor(refs))
    book = workbook(client)
    data = book["data"]
    names = [cell.value for cell in data[1]]
    # The editor leaves out the agency (theirs is implied); Excel gives numbers as numbers.
    row = {
        **{column: GOOD[column] for column in names if GOOD.get(column)},
        "trl": 6,
        "price_negotiable": "是",
    }
    for column, value in row.items():
        data.cell(row=2, column=names.index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    url = reverse("admin:listings_technology_import")
    preview = client.post(url, {"format": XLSX, "import_file": SimpleUploadedFile("t.xlsx", out.getvalue())})
    form = preview.context["confirm_form"]
    confirm = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    client.post(reverse("admin:listings_technology_process_import"), confirm)
    imported = Technology.objects.get(slug="gene-chip")
    assert imported.agency == refs and imported.price_negotiable and imported.trl == 6


@pytest.mark.parametrize(
    "url_name",
    [
        "listings_technology",
        "listings_contract",
        "haidian_organization",
        "agencies_agency",
        "financing_financingproduct",
        "financing_financingneed",
    ],
)
def test_every_import_offers_a_csv_header_row(center_client, url_name):
    response = template(center_client, url_name, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf") and content.count(b"\n") == 1


def test_the_template_needs_the_import_permission_and_a_known_format(center_client):
    url = reverse("admin:listings_technology_import_template", args=["pdf"])
    assert center_client.get(url).status_code == 404
    # Staff without a group have no add permission, so no import and no template.
    viewer = login(factories.StaffUserFactory())
    assert viewer.get(reverse("admin:listings_technology_import_template", args=["xlsx"])).status_code == 403
