"""Each back-office role's main pages in a real browser (issue 19 items 1, 3, 4, 7): at 1280 and 1440 px in
both languages, with the side menu collapsed, nothing scrolls sideways (neither the page nor a changelist's
table), axe finds nothing serious, and the screenshots land in artifacts/screenshots/ to be looked at."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from test_accessibility import DANGLING_REFERENCES, LANGUAGES  # tests/browser is on the path (no package)

from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP, CENTER_ADMIN_GROUP
from listings.models import Contract, Technology
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (1280, 1440)
# How far the page and the changelist's table reach past their box (0 when everything fits).
OVERFLOW = """() => {
  const results = document.querySelector("#changelist-form .results");
  return {
    page: document.documentElement.scrollWidth - window.innerWidth,
    table: results ? results.scrollWidth - results.clientWidth : 0,
  };
}"""


@pytest.fixture
def roles(demo):
    roles = import_module("agencies.migrations.0003_back_office_groups")
    roles.create_groups(SimpleNamespace(get_app_configs=list, get_model=apps.get_model), None)
    technology = Technology.objects.exclude(agency=None).order_by("pk").first()
    agency = technology.agency
    center_admin = factories.StaffUserFactory(username="center-admin")
    center_admin.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    editor = factories.AgencyMemberFactory(agency=agency).user
    editor.groups.add(Group.objects.get(name=AGENCY_EDITOR_GROUP))
    inquiry = factories.InquiryFactory(
        technology=technology, organization_name="Karolinska Medtech AB", ip_address="203.0.113.5"
    )
    contract = Contract.objects.filter(agency=agency).first() or factories.ContractFactory(agency=agency)
    pages = {
        "dashboard": "/admin/",
        "technologies": "/admin/listings/technology/",
        "technology": f"/admin/listings/technology/{technology.pk}/change/",
        "inquiries": "/admin/listings/inquiry/",
        "inquiry": f"/admin/listings/inquiry/{inquiry.pk}/change/",
        "contracts": "/admin/listings/contract/",
        "contract": f"/admin/listings/contract/{contract.pk}/change/",
    }
    return {"center": center_admin, "editor": editor}, pages


# One test per role and width, so that the browser workers share the page loads.
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["center", "editor"])
def test_each_roles_main_pages_fit_and_pass_axe(visit, roles, role, width):
    users, pages = roles
    user = users[role]
    failures = []
    for lang, locale in LANGUAGES.items():
        visitor = visit(width=width, locale=locale)
        visitor.log_in(user)
        visitor.goto("/admin/")
        # The side menu collapsed, as staff working in a list keep it.
        visitor.page.evaluate("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")
        for name, path in pages.items():
            response = visitor.goto(path)
            assert response.status == 200, (role, lang, path, response.status)
            assert visitor.page.get_attribute("html", "lang").lower().startswith(lang[:2])
            overflow = visitor.page.evaluate(OVERFLOW)
            if overflow["page"] > 0 or overflow["table"] > 0:
                failures.append(f"{role} {lang} {width} {path}: wider than the screen by {overflow}")
            failures += [f"{role} {lang} {width} {path}: {v}" for v in visitor.axe()]
            failures += [
                f"{role} {lang} {width} {path}: {m}" for m in visitor.page.evaluate(DANGLING_REFERENCES)
            ]
            visitor.screenshot(f"back-office-{role}-{lang}-{width}-{name}")
        assert not visitor.problems, visitor.problems
    assert not failures, "\n".join(failures)


def test_agency_staff_lists_have_no_agency_column_and_no_ip_address(visit, roles):
    users, pages = roles
    for role, user in users.items():
        visitor = visit(width=1280)
        visitor.log_in(user)
        visitor.goto(pages["inquiries"])
        headers = visitor.page.locator("#result_list thead th").all_inner_texts()
        headers = [text.strip().lower() for text in headers if text.strip()]
        assert headers[:3] == ["status", "received at", "response time"]
        assert ("agency" in headers) == (role == "center")
        visitor.goto(pages["inquiry"])
        assert ("203.0.113.5" in visitor.page.content()) == (role == "center")
        # The one main step, in the primary style, first among the steps.
        first = visitor.page.locator("form.workflow .workflow-steps .button").first
        assert first.inner_text() == "Reply by e-mail" and "default" in first.get_attribute("class")
        negative = visitor.page.locator("form.workflow .workflow-negative .button").all_inner_texts()
        assert negative == ["Mark as spam", "Decline…"]
        assert visitor.page.locator('ol.stepper [aria-current="step"]').inner_text().startswith("Inquiry")
