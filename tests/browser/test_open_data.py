"""The open data page in a real browser, both languages, a phone and a desktop: screenshots, axe,
no sideways scrolling, and a download that arrives as a file."""

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def exported():
    factories.TechnologyFactory(slug="nanopore", title_en="Nanopore sequencer", title_zh_hans="纳米孔测序仪")
    factories.ContractFactory()
    call_command("export_open_data")


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("zh-hans", 375)])
def test_open_data_page(visit, exported, lang, width):
    visitor = visit(width=width)
    assert visitor.goto(f"/{lang}/open-data/").status == 200
    visitor.screenshot(f"open-data-{lang}-{width}")
    assert visitor.problems == []
    assert visitor.horizontal_overflow() <= 0
    if width == 1280:
        assert visitor.axe() == []
    with visitor.page.expect_download() as download:
        visitor.page.locator(f'a[href="/{lang}/open-data/latest/technologies.csv"]').click()
    assert download.value.suggested_filename == "technologies.csv"
