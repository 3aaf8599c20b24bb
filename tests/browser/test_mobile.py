"""Issue 18 item 6 on a phone (375 px): the way to the inquiry form stays in view on a detail page,
tables scroll inside their own box, the pages this work added do not scroll sideways; with
screenshots at 375 and 1280 px in both languages (artifacts/screenshots/)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = ("en", "zh-hans")
BUTTON = {"en": "Send an inquiry", "zh-hans": "发送咨询"}


@pytest.fixture
def listing():
    chips = factories.SectorFactory(slug="chips", name_en="Chip design", name_zh_hans="芯片设计")
    technology = factories.TechnologyFactory(
        slug="ic-licence",
        title_en="RISC-V core licence for automotive chips",
        title_zh_hans="面向车规芯片的 RISC-V 处理器核许可",
        description_en="<p>"
        + "A long description of the core, its verification and its tools. " * 60
        + "</p>",
        description_zh_hans="<p>" + "处理器核的详细介绍、验证情况与工具链。" * 60 + "</p>",
        sectors=[chips],
        target_countries=["SE", "JP"],
        patent_numbers="CN201711443464.X",
        transaction_types=["licence"],
    )
    factories.BenefitClaimFactory(technology=technology)
    for index in range(3):
        factories.ContractFactory(
            sectors=[chips],
            title_en=f"Licence of a processor core family number {index}",
            value_cny=Decimal(9e7),
        )
    return technology


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_inquiry_button_stays_in_view_until_the_form(visit, listing, lang):
    visitor = visit(width=375, height=740)
    visitor.goto(f"/{lang}/technologies/{listing.slug}/")
    button = visitor.page.get_by_role("link", name=BUTTON[lang], exact=True)
    page = visitor.page

    def in_view():
        box = button.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740

    assert in_view(), "the button shows on the first screen"
    visitor.screenshot(f"sticky-inquiry-top-{lang}-375")
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(200)
    assert in_view(), "the button stays in view while the description scrolls by"
    page.evaluate("window.scrollTo(0, 0)")
    button.click()
    # The button brings the form into view (scrolling smoothly, unless the visitor asked for less motion).
    expect(page.locator("#inquiry h2")).to_be_in_viewport(timeout=5000)
    visitor.screenshot(f"sticky-inquiry-form-{lang}-375")
    assert visitor.horizontal_overflow() <= 0
    # Wide contents scroll inside their own box: no box is wider than the screen.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.table-scroll')].map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 375
    assert visitor.problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_button_is_hidden_beside_the_form_on_a_wide_screen(visit, listing, lang):
    visitor = visit(width=1280)
    visitor.goto(f"/{lang}/technologies/{listing.slug}/")
    assert not visitor.page.get_by_role("link", name=BUTTON[lang], exact=True).is_visible()
    assert visitor.page.locator("#inquiry").is_visible()
    visitor.screenshot(f"technology-detail-{lang}-1280")


def test_new_and_changed_pages_do_not_scroll_sideways(visit, listing):
    for slug in ("about", "how-to-list-a-technology", "financing-service"):
        factories.PageFactory(slug=slug)
    paths = {
        "contact": "/{lang}/contact/",
        "technologies-facets": "/{lang}/technologies/?country=CN&country=HK&trl_min=5&target_country=SE",
        "technology-detail": f"/{{lang}}/technologies/{listing.slug}/",
        "how-to-list": "/{lang}/pages/how-to-list-a-technology/",
    }
    failures = []
    for width in (375, 1280):
        visitor = visit(width=width)
        for name, path in paths.items():
            for lang in LANGUAGES:
                assert visitor.goto(path.format(lang=lang)).status == 200
                visitor.screenshot(f"market-{name}-{lang}-{width}")
                if (overflow := visitor.horizontal_overflow()) > 0:
                    failures.append(f"{name} {lang} {width}px scrolls sideways by {overflow}px")
                if width == 1280 and name in ("contact", "technologies-facets"):
                    failures += [f"axe {name} {lang}: {violation}" for violation in visitor.axe()]
        failures += visitor.problems
    assert not failures, "\n".join(failures)


def test_the_contract_register_shows_each_value_on_a_phone(visit, listing):
    """At 375 px each contract is a card: its value is on the screen, not off it in a wide table."""
    visitor = visit(width=375, height=740)
    failures = []
    for lang in LANGUAGES:
        visitor.goto(f"/{lang}/contracts/")
        if (scroll_width := visitor.page.evaluate("document.documentElement.scrollWidth")) > 375:
            failures.append(f"contracts {lang} is {scroll_width}px wide")
        for cell in visitor.page.locator(".contracts td.num").all():
            box = cell.bounding_box()
            if box is None or box["x"] < 0 or box["x"] + box["width"] > 375:
                failures.append(f"contracts {lang}: a value cell lies at {box}")
        failures += [f"axe contracts {lang}: {violation}" for violation in visitor.axe()]
        visitor.screenshot(f"contracts-cards-{lang}-375")
    assert not failures, "\n".join(failures)
    assert visitor.problems == []
