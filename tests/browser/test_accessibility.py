"""WCAG 2.2 AA in a real browser (docs/accessibility.md): axe over every public page type and the
back office, keyboard walks of the list page and the inquiry form, reflow at 320 px, layout shift."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from financing.models import FinancingNeed, FinancingProduct
from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP, CENTER_ADMIN_GROUP
from haidian.core.models import Organization
from listings.models import Contract, Inquiry, Technology
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = {"en": "en-GB", "zh-hans": "zh-CN"}

# Every aria-describedby and aria-labelledby must name elements that exist.
DANGLING_REFERENCES = """() => {
  const missing = [];
  for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) { missing.push(`${attribute}=${id} on ${element.outerHTML.slice(0, 80)}`); }
      }
    }
  }
  return missing;
}"""

# The contrast of the focused element's outline against what is painted just outside it.
FOCUS_CONTRAST = """() => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (text) => {
    const [r, g, b] = rgb(text).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const element = document.activeElement;
  const style = getComputedStyle(element);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) { return 0; }
  // A point on the ring, left of the element (or above it, at the page's left edge).
  const box = element.getBoundingClientRect();
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) + 2;
  const [x, y] = box.left - reach >= 0 ? [box.left - reach, box.top + box.height / 2] : [box.left + box.width / 2, box.top - reach];
  let background = "rgb(255, 255, 255)";
  for (const node of document.elementsFromPoint(x, y)) {
    if (node === element || element.contains(node)) { continue; }
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { background = colour; break; }
  }
  const [a, b] = [luminance(style.outlineColor), luminance(background)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""

LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1000);
})"""


def test_public_pages_pass_axe_in_both_languages_at_both_widths(visit, demo):
    failures = []
    for width in (1280, 375):
        for lang, locale in LANGUAGES.items():
            visitor = visit(width=width, locale=locale)
            for name, path in demo.items():
                visitor.goto(path.format(lang=lang))
                failures += [f"{name} {lang} {width}px: {v}" for v in visitor.axe()]
                failures += [f"{name} {lang}: {m}" for m in visitor.page.evaluate(DANGLING_REFERENCES)]
            failures += visitor.problems
    assert not failures, "\n".join(failures)


def test_no_public_page_scrolls_sideways_at_320_px(visit, demo):
    failures = []
    for lang, locale in LANGUAGES.items():
        visitor = visit(width=320, height=640, locale=locale)
        for name, path in demo.items():
            visitor.goto(path.format(lang=lang))
            overflow = visitor.horizontal_overflow()
            if overflow > 0:
                visitor.screenshot(f"overflow-{name}-{lang}-320")
                failures.append(f"{name} {lang} scrolls sideways by {overflow}px")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_technology_list_does_not_shift_after_first_paint(visit, demo, width):
    visitor = visit(width=width)
    visitor.goto("/en/technologies/")
    assert visitor.page.evaluate(LAYOUT_SHIFT) < 0.01


def test_keyboard_walk_of_the_technology_list(visit, demo):
    visitor = visit()
    page = visitor.page
    visitor.goto("/en/technologies/")

    # The first Tab reaches the skip link, which is visible and moves to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    assert page.evaluate(FOCUS_CONTRAST) >= 3
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Every control on the way has a focus ring of at least 3:1 against what is behind it.
    weak = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS_CONTRAST) < 3:
            weak.append(page.evaluate("document.activeElement.outerHTML.slice(0, 100)"))
    assert not weak, weak

    # Arrow keys on the sort menu change its value, not the page; Apply does.
    page.focus("#id_sort")
    url = page.url
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == url
    assert page.evaluate("document.activeElement.id") == "id_sort"
    chosen = page.input_value("#id_sort")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Apply"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"sort={chosen}" in page.url
    assert visitor.problems == []


def test_keyboard_walk_of_the_inquiry_form(visit):
    technology = factories.TechnologyFactory(title_en="Gene editing delivery vector")
    visitor = visit(width=375)
    page = visitor.page
    visitor.goto(f"/en/technologies/{technology.slug}/")

    # The help text is read with the field it describes.
    described_by = page.get_attribute("#id_message", "aria-describedby")
    assert described_by
    assert all(page.locator(f"#{id}").count() == 1 for id in described_by.split())

    page.focus("#id_name")
    page.keyboard.type("Astrid Lindqvist")
    page.keyboard.press("Tab")
    page.keyboard.type("not-an-address")
    page.focus("#id_message")
    page.keyboard.type("Too short")
    page.focus("text=Send inquiry")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Focus lands on the list of errors and stays there (no fragment jump takes it away).
    page.wait_for_timeout(500)
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.get_attribute("#id_email", "aria-invalid") == "true"
    # From the list, a link leads to the field in error.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_email"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert page.evaluate(DANGLING_REFERENCES) == []
    assert visitor.problems == []


def back_office_pages(user_agency):
    """Dashboard, the main changelists and a change form of each, as a user of ``user_agency`` sees them."""
    technology = Technology.objects.filter(agency=user_agency).order_by("pk").first()
    inquiry = Inquiry.objects.filter(technology=technology).first() or factories.InquiryFactory(
        technology=technology
    )
    contract = Contract.objects.filter(agency=user_agency).first() or factories.ContractFactory(
        agency=user_agency
    )
    product = FinancingProduct.objects.order_by("pk").first()
    need = FinancingNeed.objects.order_by("pk").first()
    return [
        "/admin/",
        "/admin/listings/technology/",
        f"/admin/listings/technology/{technology.pk}/change/",
        "/admin/listings/technology/add/",
        "/admin/listings/inquiry/",
        f"/admin/listings/inquiry/{inquiry.pk}/change/",
        "/admin/listings/contract/",
        f"/admin/listings/contract/{contract.pk}/change/",
        "/admin/agencies/agency/",
        f"/admin/agencies/agency/{user_agency.pk}/change/",
        "/admin/financing/financingproduct/",
        f"/admin/financing/financingproduct/{product.pk}/change/",
        "/admin/financing/financingneed/",
        f"/admin/financing/financingneed/{need.pk}/change/",
        "/admin/haidian/organization/",
        f"/admin/haidian/organization/{Organization.objects.order_by('pk').first().pk}/change/",
    ]


def test_back_office_passes_axe_for_both_roles_in_both_languages(visit, demo):
    # The live server's database was flushed: the roles' groups come back as the data migration
    # makes them (the permissions themselves were recreated after the flush).
    roles = import_module("agencies.migrations.0003_back_office_groups")
    roles.create_groups(SimpleNamespace(get_app_configs=list, get_model=apps.get_model), None)
    agency = Technology.objects.exclude(agency=None).order_by("pk").first().agency
    center_admin = factories.StaffUserFactory(username="center-admin")
    center_admin.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    editor = factories.AgencyMemberFactory(agency=agency).user
    editor.groups.add(Group.objects.get(name=AGENCY_EDITOR_GROUP))
    pages = back_office_pages(agency)

    failures = []
    for user in (center_admin, editor):
        for lang, locale in LANGUAGES.items():
            visitor = visit(locale=locale)
            visitor.log_in(user)
            for path in pages:
                response = visitor.goto(path)
                if response.status == 403 and user == editor:
                    continue  # not every model is the editor's to see
                assert response.status == 200, (user.username, path, response.status)
                assert visitor.page.get_attribute("html", "lang").lower().startswith(lang[:2])
                failures += [f"{user.username} {lang} {path}: {v}" for v in visitor.axe()]
                failures += [
                    f"{user.username} {lang} {path}: {m}" for m in visitor.page.evaluate(DANGLING_REFERENCES)
                ]
            visitor.screenshot(f"back-office-{user.username}-{lang}")
    assert not failures, "\n".join(failures)
