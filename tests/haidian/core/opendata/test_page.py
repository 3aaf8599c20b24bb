"""The public open data page: the latest export's date, licence, files with sizes and record
counts, the schema; downloads as attachments through a view; no export yet is no error."""

import pytest
from django.core.management import call_command
from django.utils.formats import date_format

from haidian.core.opendata.store import latest_export
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported():
    factories.TechnologyFactory(slug="nanopore", title_en="Nanopore sequencer")
    call_command("export_open_data")


def test_without_an_export_the_page_says_so(client):
    for lang in ("en", "zh-hans"):
        response = client.get(f"/{lang}/open-data/")
        assert response.status_code == 200
    assert "No export has been published yet" in client.get("/en/open-data/").content.decode()
    assert client.get("/en/open-data/latest/technologies.csv").status_code == 404


def test_the_page_shows_the_latest_export(client, exported):
    html = client.get("/en/open-data/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "Creative Commons Attribution 4.0" in html
    created = latest_export().created  # shown in UTC, whatever the site's time zone
    assert f"{date_format(created, 'DATETIME_FORMAT')} UTC" in html
    assert 'href="/en/open-data/latest/technologies.csv"' in html
    assert 'href="/en/open-data/latest/technologies.json"' in html
    assert 'href="/en/open-data/latest/datapackage.json"' in html
    assert "Technologies offered and wanted" in html and "<code>title_zh_hans</code>" in html
    assert "Technology readiness level, 1 to 9." in html  # a field's meaning
    assert '<td class="num">1</td>' in html  # one technology


def test_the_page_in_chinese(client, exported):
    html = client.get("/zh-hans/open-data/").content.decode()
    assert '<html lang="zh-Hans">' in html and 'href="/zh-hans/open-data/latest/technologies.csv"' in html


def test_downloads_are_attachments(client, exported):
    response = client.get("/en/open-data/latest/technologies.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="technologies.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbfslug,kind,")
    package = client.get("/en/open-data/latest/datapackage.json")
    assert package["Content-Type"] == "application/json; charset=utf-8"
    export = latest_export()
    dated = client.get(f"/en/open-data/{export.stamp}/{export.zip_name}")
    assert dated.status_code == 200 and dated["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "latest/missing.csv",
        "latest/..%2Fsettings.py",
        "latest/.%2E%2F.%2E%2Fdb.sqlite3",
        "2000-01-01T000000Z/technologies.csv",
        "not-a-stamp/technologies.csv",
    ],
)
def test_only_files_of_an_export_are_served(client, exported, path):
    assert client.get(f"/en/open-data/{path}").status_code == 404


def test_linked_from_the_footer_and_in_the_sitemap(client):
    assert 'href="/en/open-data/"' in client.get("/en/").content.decode()
    assert "<loc>http://testserver/zh-hans/open-data/</loc>" in client.get("/sitemap.xml").content.decode()
