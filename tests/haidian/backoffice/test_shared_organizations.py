"""Organizations are shared: an agency editor changes only those that no record outside their agency
names (Organization.objects.editable_by), on every path: change form and its pop-up, revert, import.
Center staff change any; editors still add new ones."""

import pytest
from django.urls import reverse

from haidian.backoffice.base import concurrency_token_for
from haidian.backoffice.scoping import agency_scope
from haidian.core.models import Organization
from tests import factories
from tests.admin_forms import change_form_data
from tests.admin_users import login

from .test_history_and_concurrency import organization_form
from .test_import_export import CSV, csv_bytes, run_import

pytestmark = pytest.mark.django_db
HEADERS = ["slug", "name_en", "name_zh_hans", "kind", "country", "city_en", "city_zh_hans"]


@pytest.fixture
def world(make_editor):
    own, other = factories.AgencyFactory(), factories.AgencyFactory()
    organizations = {
        name: factories.OrganizationFactory(slug=name)
        for name in ("own", "shared", "lender", "center", "new")
    }
    factories.TechnologyFactory(agency=own, owner=organizations["own"])
    factories.ContractFactory(agency=own, seller=organizations["own"], buyer=organizations["shared"])
    factories.TechnologyFactory(agency=other, owner=organizations["shared"])
    factories.FinancingProductFactory(lender=organizations["lender"])
    factories.ContractFactory(agency=None, seller=organizations["center"])
    return {"editor": make_editor(own), "organizations": organizations}


def change_url(organization):
    return reverse("admin:haidian_organization_change", args=[organization.pk])


def rename(client, organization, name="Renamed Ltd."):
    page = client.get(change_url(organization))
    return client.post(change_url(organization), {**change_form_data(page), "name_en": name})


def test_an_editor_may_change_only_what_no_other_agency_or_the_center_names(world):
    scope = agency_scope(world["editor"])
    editable = set(Organization.objects.editable_by(scope).values_list("slug", flat=True))
    assert editable == {"own", "new"}
    assert Organization.objects.editable_by(agency_scope(factories.UserFactory())).count() == 0


def test_the_change_form_refuses_a_shared_organization(world):
    client = login(world["editor"])
    for name in ("shared", "lender", "center"):
        organization = world["organizations"][name]
        page = client.get(change_url(organization))
        assert page.status_code == 200 and page.context["has_change_permission"] is False, name
        response = client.post(
            change_url(organization), {**change_form_data(page), "name_en": "Renamed Ltd."}
        )
        assert response.status_code == 403, name
        organization.refresh_from_db()
        assert organization.name_en != "Renamed Ltd.", name


def test_an_editor_changes_an_organization_only_their_agency_names(world):
    client = login(world["editor"])
    mine = world["organizations"]["own"]
    assert rename(client, mine).status_code == 302
    assert rename(client, world["organizations"]["new"], "Newly Named Ltd.").status_code == 302
    mine.refresh_from_db()
    assert mine.name_en == "Renamed Ltd."


def test_an_editor_still_adds_organizations_from_a_listing_form(world):
    client = login(world["editor"])
    url = reverse("admin:haidian_organization_add") + "?_to_field=id&_popup=1"
    page = client.get(url)
    data = {
        **change_form_data(page),
        "slug": "added",
        "name_en": "Added Ltd.",
        "name_zh_hans": "新增公司",
        "kind": "company",
        "country": "CN",
        "_popup": "1",
    }
    assert client.post(url, data).status_code == 200  # the pop-up's closing page
    assert Organization.objects.filter(slug="added").exists()


def test_center_staff_change_any_organization(world, center_client):
    shared = world["organizations"]["shared"]
    assert rename(center_client, shared).status_code == 302
    shared.refresh_from_db()
    assert shared.name_en == "Renamed Ltd."


def test_revert_refuses_a_shared_organization(world, center_client):
    shared = world["organizations"]["shared"]
    first = shared.history.earliest()
    assert rename(center_client, shared, "Corrected Ltd.").status_code == 302
    client = login(world["editor"])
    url = reverse("admin:haidian_organization_simple_history", args=[shared.pk, first.history_id])
    # The version is shown read-only (no form to post); a crafted post with the current token is refused.
    assert client.get(url).status_code == 200
    shared.refresh_from_db()
    token = concurrency_token_for(shared.updated_at)
    data = organization_form(shared, name_en=first.name_en, concurrency_token=token)
    assert client.post(url, data).status_code == 403
    shared.refresh_from_db()
    assert shared.name_en == "Corrected Ltd."


def test_import_refuses_changes_to_a_shared_organization(world):
    client = login(world["editor"])
    shared = world["organizations"]["shared"]
    row = [shared.slug, "Renamed Ltd.", shared.name_zh_hans, "company", "CN", "Beijing", "北京"]
    preview, result = run_import(client, "haidian_organization", csv_bytes(HEADERS, [row]), "o.csv", CSV)
    assert result is None
    assert "only the center can change it" in preview.content.decode()
    shared.refresh_from_db()
    assert shared.name_en != "Renamed Ltd."


def test_import_by_an_editor_keeps_unchanged_shared_rows_and_adds_new_ones(world):
    client = login(world["editor"])
    shared = world["organizations"]["shared"]
    rows = [
        [shared.slug, shared.name_en, shared.name_zh_hans, "company", "CN", "Beijing", "北京"],
        ["fresh", "Fresh Ltd.", "新公司", "company", "CN", "Beijing", "北京"],
    ]
    _preview, result = run_import(client, "haidian_organization", csv_bytes(HEADERS, rows), "o.csv", CSV)
    assert result is not None and result.status_code == 200
    assert Organization.objects.filter(slug="fresh").exists()
