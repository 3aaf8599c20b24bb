"""The public site in a real browser: search with facets, a listing, an inquiry that reaches the
admin, the language switch, the statistics; screenshots in both languages at two widths; axe."""

import re

import pytest

from haidian.core.models import Sector
from listings.models import Inquiry
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = ("en", "zh-hans")
WIDTHS = (375, 1280)
AXE_PAGES = ("home", "technologies", "technology", "agencies", "statistics")


def test_every_page_in_both_languages_at_both_widths(visit, demo):
    """Screenshots for people to look at; no CSP violations, no page wider than the screen at 375 or
    1280 px (every page type: home, lists, search results, details, forms, 404), no serious or
    critical axe violations on the main pages."""
    failures = []
    for width in WIDTHS:
        visitor = visit(width=width)
        for name, path in demo.items():
            for lang in LANGUAGES:
                response = visitor.goto(path.format(lang=lang))
                expected = 404 if name == "not-found" else 200
                assert response.status == expected, (name, lang)
                html_lang = visitor.page.get_attribute("html", "lang")
                assert html_lang == ("zh-Hans" if lang == "zh-hans" else "en")
                visitor.screenshot(f"{name}-{lang}-{width}")
                if name == "search":
                    assert visitor.page.locator("[data-id]").count() > 0, "the search finds the offer"
                # Issue 18 item 6: no page is wider than the screen (scrolls sideways).
                scroll_width = visitor.page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    failures.append(f"{name} {lang} {width}px: the page is {scroll_width}px wide")
                if width == 1280 and name in AXE_PAGES:
                    for violation in visitor.axe():
                        failures.append(f"axe {name} {lang}: {violation}")
        failures += visitor.problems
    assert not failures, "\n".join(failures)


def test_search_with_facets_then_open_a_listing(visit):
    genomics = factories.SectorFactory(slug="genomics", name_en="Genomics", name_zh_hans="基因组学")
    chips = factories.SectorFactory(slug="chips", name_en="Chip design", name_zh_hans="芯片设计")
    factories.TechnologyFactory(
        title_en="Nanopore sequencing kit", title_zh_hans="纳米孔测序试剂盒", sectors=[genomics], trl=7
    )
    factories.TechnologyFactory(
        title_en="Sequencing error correction", title_zh_hans="测序纠错算法", sectors=[genomics], trl=4
    )
    factories.TechnologyFactory(
        title_en="Sequencing chip tester", title_zh_hans="测序芯片测试仪", sectors=[chips]
    )
    factories.TechnologyFactory(title_en="Solar inverter", title_zh_hans="光伏逆变器", sectors=[chips])

    visitor = visit()
    visitor.goto("/en/technologies/")
    visitor.page.fill("#id_q", "sequencing")
    visitor.page.click("form[role=search] button[type=submit]")
    assert visitor.page.locator(".results-count").inner_text() == "3 technologies"

    facet = visitor.page.locator(".facet", has_text="Sector").get_by_role("link", name=re.compile("Genomics"))
    assert facet.locator(".count").inner_text() == "2"
    facet.click()
    assert visitor.page.locator(".results-count").inner_text() == "2 technologies"
    assert "sector=genomics" in visitor.page.url and "q=sequencing" in visitor.page.url
    visitor.page.locator(".facet", has_text="Technology readiness level").get_by_role(
        "link", name=re.compile("TRL 7")
    ).click()
    assert visitor.page.locator(".results-count").inner_text() == "1 technology"

    visitor.page.get_by_role("link", name="Nanopore sequencing kit").click()
    assert visitor.page.locator("h1").inner_text() == "Nanopore sequencing kit"
    assert visitor.page.title().startswith("Nanopore sequencing kit")
    assert visitor.problems == []
    assert Sector.objects.filter(slug="genomics").exists()


def test_an_inquiry_is_sent_and_found_in_the_admin(visit, live_server, mailoutbox):
    technology = factories.TechnologyFactory(title_en="Gene editing delivery vector")
    visitor = visit(width=375)
    visitor.goto(f"/en/technologies/{technology.slug}/")

    # A mistake first: the form says what is wrong and keeps what was typed.
    visitor.page.fill("#id_name", "Astrid Lindqvist")
    visitor.page.fill("#id_email", "not-an-address")
    visitor.page.fill("#id_message", "Too short")
    visitor.page.click("text=Send inquiry")
    assert visitor.page.locator(".form-errors").is_visible()
    assert visitor.page.input_value("#id_name") == "Astrid Lindqvist"
    visitor.screenshot("inquiry-errors-en-375")

    visitor.page.fill("#id_email", "astrid@example.se")
    visitor.page.fill("#id_organization_name", "Uppsala Biotech AB")
    visitor.page.select_option("#id_country", "SE")
    visitor.page.fill("#id_message", "We would like to licence the vector for clinical research in Sweden.")
    visitor.page.check("#id_consent")
    visitor.page.click("text=Send inquiry")
    assert visitor.page.locator("h1").inner_text() == "Thank you for your inquiry"
    visitor.screenshot("inquiry-sent-en-375")

    inquiry = Inquiry.objects.get()
    assert inquiry.technology == technology and inquiry.country_id == "SE"
    assert [mail.to for mail in mailoutbox] == [[technology.agency.inquiry_email]]

    admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    staff = visit(width=1280)
    staff.log_in(admin)
    staff.goto("/admin/listings/inquiry/")
    assert staff.page.get_by_text("Astrid Lindqvist").first.is_visible()
    staff.page.get_by_role("link", name=re.compile("Astrid Lindqvist")).first.click()
    staff.page.wait_for_url(re.compile(rf"/admin/listings/inquiry/{inquiry.pk}/change/"))
    staff.page.wait_for_load_state()
    assert "Uppsala Biotech AB" in staff.page.content()
    assert visitor.problems == []


def test_switching_language_keeps_the_page(visit):
    technology = factories.TechnologyFactory(
        title_en="Satellite timing receiver", title_zh_hans="卫星授时接收机"
    )
    visitor = visit()
    visitor.goto(f"/en/technologies/{technology.slug}/?ref=home")
    visitor.page.get_by_role("link", name="简体中文").click()
    assert visitor.page.url.endswith(f"/zh-hans/technologies/{technology.slug}/?ref=home")
    assert visitor.page.get_attribute("html", "lang") == "zh-Hans"
    assert visitor.page.locator("h1").inner_text() == "卫星授时接收机"
    visitor.page.get_by_role("link", name="English").click()
    assert visitor.page.url.endswith(f"/en/technologies/{technology.slug}/?ref=home")
    assert visitor.page.locator("h1").inner_text() == "Satellite timing receiver"


def test_statistics_page_draws_each_chart_beside_its_table(visit):
    sector = factories.SectorFactory(name_en="Genome sequencing")
    factories.ContractFactory(value_cny=3_000_000_000, signed_on="2024-05-01", sectors=[sector])
    factories.ContractFactory(value_cny=1_000_000_000, signed_on="2025-03-01", sectors=[sector])
    visitor = visit()
    visitor.goto("/en/contracts/statistics/")
    assert visitor.page.locator(".chart-block").count() == 4
    assert visitor.page.locator(".chart-block svg.chart").count() == 4
    year_table = visitor.page.locator("#by-year-title + .chart-and-table table")
    assert year_table.locator("tbody tr").count() == 2
    assert "¥3 bn" in year_table.inner_text()
    assert visitor.page.locator("#by-year-title + .chart-and-table svg rect.chart-bar").count() == 2
    assert visitor.problems == []
