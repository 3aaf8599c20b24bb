"""Issue 18 item 7: the visitors' journeys end to end in chromium, in both languages, with axe.

A Swedish technology scout opens the home page, searches, narrows the results with the facets (sector
IC design, transaction type licence, target country Sweden), opens the one licence left, sends an
inquiry, and the center has it: the agency's inbox holds the e-mail and the back office lists the row.
English walks at 1280 px, Chinese at 375 px (the facets fold into a "Filter results" box there); each
step is photographed at both widths (artifacts/screenshots/journey-scout-*), with no page load more.
"""

import re

import pytest

from listings.models import Inquiry
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = {"en": "RISC-V processor core licence", "zh-hans": "RISC-V 处理器核许可"}
WORDS = {
    "en": {
        "query": "processor",
        "sector": ("Sector", "IC design"),
        "transaction": ("Transaction type", "Licence"),
        "target": ("Target country or region", "Sweden"),
        "filters": "Filter results",
        "send": "Send inquiry",
        "sent": "Thank you for your inquiry",
        "results": ("{} technology", "{} technologies"),
    },
    "zh-hans": {
        "query": "处理器",
        "sector": ("行业", "集成电路设计"),
        "transaction": ("交易方式", "许可"),
        "target": ("目标国家或地区", "瑞典"),
        "filters": "筛选结果",
        "send": "发送咨询",
        "sent": "感谢您的咨询",
        "results": ("{}项技术", "{}项技术"),
    },
}


@pytest.fixture
def market():
    """One listing fits all three choices; each of the others misses exactly one of them."""
    ic = factories.SectorFactory(slug="ic-design", name_en="IC design", name_zh_hans="集成电路设计")
    bio = factories.SectorFactory(slug="biomedicine", name_en="Biomedicine", name_zh_hans="生物医药")
    agency = factories.AgencyFactory(inquiry_email="desk@zgc-transfer.example")

    def processor(slug, title_en, title_zh_hans, **fields):
        fields = {"sectors": [ic], "transaction_types": ["licence"], "target_countries": ["SE"], **fields}
        return factories.TechnologyFactory(
            slug=slug,
            title_en=title_en,
            title_zh_hans=title_zh_hans,
            description_en="<p>A processor core with its verification suite and tool chain.</p>",
            description_zh_hans="<p>处理器核及其验证套件与工具链。</p>",
            agency=agency,
            **fields,
        )

    processor("risc-v-core", TITLE["en"], TITLE["zh-hans"])
    processor("dsp-core", "DSP processor core for sale", "DSP 处理器核转让", transaction_types=["assignment"])
    processor(
        "npu-core", "NPU processor core licence (Japan)", "NPU 处理器核许可（日本）", target_countries=["JP"]
    )
    processor("lab-chip", "Processor for lab-on-chip readers", "芯片实验室读数处理器", sectors=[bio])
    return agency


def _axe_and_photograph(visitor, step, lang, failures):
    """axe at the width the journey walks, then screenshots at both widths (a resize, not a reload)."""
    page = visitor.page
    walked = page.viewport_size
    failures += [f"axe {step} {lang}: {violation}" for violation in visitor.axe()]
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": walked["height"]})
        visitor.screenshot(f"journey-scout-{step}-{lang}-{width}")
        if (scroll_width := page.evaluate("document.documentElement.scrollWidth")) > width:
            failures.append(f"{step} {lang} is {scroll_width}px wide at {width}px")
    page.set_viewport_size(walked)


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("zh-hans", 375)])
def test_a_swedish_scout_finds_an_ic_design_licence_and_sends_an_inquiry(
    visit, market, mailoutbox, lang, width
):
    words = WORDS[lang]
    visitor = visit(width=width, height=800, locale="sv-SE")
    page = visitor.page
    page.set_default_timeout(10_000)
    failures: list[str] = []

    visitor.goto(f"/{lang}/")
    _axe_and_photograph(visitor, "home", lang, failures)
    page.fill("#home-q", words["query"])
    page.locator("form.search-box button[type=submit]").click()
    page.wait_for_url(re.compile(r"/technologies/\?q="))

    def results_are(count):
        assert page.locator(".results-count").inner_text() == words["results"][count != 1].format(count)

    results_are(4)
    # Each choice narrows the results (AND across facets) until the licence for Sweden is left.
    for facet, left in (("sector", 3), ("transaction", 2), ("target", 1)):
        # Below 900 px the facets fold into one "Filter results" box, folded again after each choice.
        if width < 900:
            page.locator(".facets-details > summary", has_text=words["filters"]).click()
        heading, option = words[facet]
        section = page.locator(".facet", has=page.locator(".facet-title", has_text=heading))
        section.get_by_role("link", name=re.compile(rf"^{re.escape(option)} \d")).click()
        page.wait_for_load_state()
        results_are(left)
    for parameter in ("sector=ic-design", "transaction=licence", "target_country=SE"):
        assert parameter in page.url
    _axe_and_photograph(visitor, "results", lang, failures)

    page.get_by_role("link", name=TITLE[lang]).click()
    assert page.locator("h1").inner_text() == TITLE[lang]
    _axe_and_photograph(visitor, "listing", lang, failures)

    page.fill("#id_name", "Astrid Lindqvist")
    page.fill("#id_organization_name", "Nordic Silicon AB")
    page.fill("#id_email", "astrid@nordicsilicon.example")
    page.select_option("#id_country", "SE")
    page.fill(
        "#id_message", "We scout RISC-V cores for Swedish automotive suppliers and would like licence terms."
    )
    page.check("#id_consent")
    page.get_by_role("button", name=words["send"]).click()
    assert page.locator("h1").inner_text() == words["sent"]
    _axe_and_photograph(visitor, "sent", lang, failures)

    inquiry = Inquiry.objects.get()
    assert (inquiry.technology.slug, inquiry.country_id, inquiry.email) == (
        "risc-v-core",
        "SE",
        "astrid@nordicsilicon.example",
    )
    (message,) = mailoutbox
    assert message.to == ["desk@zgc-transfer.example"]
    assert "Nordic Silicon AB" in message.body

    # The center's staff find it in the back office's inquiry list.
    staff = visit(width=1280)
    staff.log_in(factories.UserFactory(username="desk", is_staff=True, is_superuser=True))
    staff.goto("/admin/listings/inquiry/")
    row = staff.page.locator("#result_list tbody tr", has_text="Astrid Lindqvist")
    assert row.count() == 1
    staff.screenshot(f"journey-scout-back-office-{lang}-1280")

    assert not failures, "\n".join(failures)
    assert visitor.problems == [] and staff.problems == []
