"""The import page in a real browser (issue 19 item 2): at 1280 px in both languages and for both
roles, the template link is there, a file with twenty mistakes gets one table of bad cells that fits
the screen and passes axe, and the screenshots land in artifacts/screenshots/ to be looked at."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from test_accessibility import LANGUAGES  # tests/browser is on the path (no package)

from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP, CENTER_ADMIN_GROUP
from tests import factories
from tests.listings.test_import_mistakes import MISTAKES, sheet

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def users():
    roles = import_module("agencies.migrations.0003_back_office_groups")
    roles.create_groups(SimpleNamespace(get_app_configs=list, get_model=apps.get_model), None)
    factories.SectorFactory(slug="genomics")
    factories.OrganizationFactory(slug="pku")
    agency = factories.AgencyFactory(slug="zgc-transfer")
    center = factories.StaffUserFactory(username="center-admin")
    center.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    editor = factories.AgencyMemberFactory(agency=agency).user
    editor.groups.add(Group.objects.get(name=AGENCY_EDITOR_GROUP))
    return {"center": center, "editor": editor}


@pytest.mark.parametrize("role", ["center", "editor"])
def test_the_import_page_reports_every_bad_cell_on_one_screen(visit, users, role, tmp_path):
    upload = tmp_path / "technologies.csv"
    upload.write_bytes(sheet())
    failures = []
    for lang, locale in LANGUAGES.items():
        visitor = visit(width=1280, locale=locale)
        visitor.log_in(users[role])
        visitor.goto("/admin/listings/technology/import/")
        assert visitor.page.locator("a[href$='/import/template/xlsx/']").count() == 1
        visitor.page.locator("details.import-columns summary").click()  # the role's columns, explained
        if (overflow := visitor.horizontal_overflow()) > 0:
            failures.append(f"{role} {lang}: the column list is wider than the screen by {overflow}px")
        visitor.screenshot(f"import-page-{role}-{lang}-1280")
        visitor.page.set_input_files("input[type=file]", str(upload))
        visitor.page.select_option("select[name=format]", index=1)  # CSV
        visitor.page.locator("form input[type=submit]").first.click()
        visitor.page.wait_for_selector("table.import-errors")
        rows = visitor.page.locator("table.import-errors tbody tr").count()
        # The editor's file also names an agency column their role may not set: more errors, never fewer.
        assert rows >= len(MISTAKES), (role, lang, rows)
        if (overflow := visitor.horizontal_overflow()) > 0:
            failures.append(f"{role} {lang}: wider than the screen by {overflow}px")
        failures += [f"{role} {lang}: {v}" for v in visitor.axe()]
        visitor.screenshot(f"import-errors-{role}-{lang}-1280")
        assert not visitor.problems, visitor.problems
    assert not failures, "\n".join(failures)
