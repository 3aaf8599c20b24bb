"""Every back-office changelist and change form costs the same number of queries at 1 and at 50 rows."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db
KEYS = itertools.count()

FACTORIES = {
    "listings_technology": lambda: factories.TechnologyFactory(
        sectors=[factories.SectorFactory()], transaction_types=["licence"], target_countries=["JP"]
    ),
    "listings_attachment": factories.AttachmentFactory,
    "listings_inquiry": factories.InquiryFactory,
    "listings_contract": factories.ContractFactory,
    "agencies_agency": lambda: factories.AgencyFactory(services=["brokerage"]),
    "agencies_agencymember": factories.AgencyMemberFactory,
    "haidian_organization": factories.OrganizationFactory,
    "haidian_sector": lambda: factories.SectorFactory(parent=factories.SectorFactory()),
    "haidian_page": factories.PageFactory,
    "haidian_article": factories.ArticleFactory,
    "haidian_keyfigure": lambda: factories.KeyFigureFactory(key=f"figure-{next(KEYS)}"),
    "financing_financingproduct": lambda: factories.FinancingProductFactory(stages=["growth"]),
    "financing_financingneed": factories.FinancingNeedFactory,
}


# Queries of each changelist: session, user, the row estimate (pg_class / sqlite_master), the
# count, the rows with their related objects, and the filters' choices.
CHANGELIST_BUDGET = {
    "listings_technology": 7,
    "listings_attachment": 5,
    "listings_inquiry": 6,
    "listings_contract": 9,
    "agencies_agency": 9,
    "agencies_agencymember": 6,
    "haidian_organization": 6,
    "haidian_sector": 7,
    "haidian_page": 6,
    "haidian_article": 8,
    "haidian_keyfigure": 9,
    "financing_financingproduct": 7,
    "financing_financingneed": 7,
}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", FACTORIES)
def test_changelist_queries_do_not_grow_with_rows(admin_client, name):
    url = reverse(f"admin:{name}_changelist")
    FACTORIES[name]()
    admin_client.get(url)  # warm the content-type and site caches
    one = count_queries(admin_client, url)
    for _ in range(49):
        FACTORIES[name]()
    fifty = count_queries(admin_client, url)
    assert fifty == one, f"{name}: {one} queries at 1 row, {fifty} at 50"
    assert one == CHANGELIST_BUDGET[name], f"{name}: {one} queries"


@pytest.mark.parametrize(
    "name", ["listings_technology", "listings_inquiry", "listings_attachment", "listings_contract"]
)
def test_agency_editor_changelist_queries_do_not_grow(make_editor, name):
    agency = factories.AgencyFactory()
    client = login(make_editor(agency))
    make = {
        "listings_technology": lambda: factories.TechnologyFactory(agency=agency),
        "listings_inquiry": lambda: factories.InquiryFactory(technology__agency=agency),
        "listings_attachment": lambda: factories.AttachmentFactory(technology__agency=agency),
        "listings_contract": lambda: factories.ContractFactory(agency=agency),
    }[name]
    url = reverse(f"admin:{name}_changelist")
    make()
    client.get(url)
    one = count_queries(client, url)
    for _ in range(49):
        make()
    assert count_queries(client, url) == one


def test_technology_change_form_is_bounded(admin_client):
    """A listing with 1 or with 10 sectors, countries and attachments costs the same."""
    small = factories.TechnologyFactory(sectors=[factories.SectorFactory()], target_countries=["JP"])
    factories.AttachmentFactory(technology=small)
    big = factories.TechnologyFactory(
        sectors=[factories.SectorFactory() for _ in range(10)],
        target_countries=["JP", "SE", "HK", "US", "DE"],
    )
    for _ in range(10):
        factories.AttachmentFactory(technology=big)
    admin_client.get(reverse("admin:listings_technology_change", args=[small.pk]))
    small_count = count_queries(admin_client, reverse("admin:listings_technology_change", args=[small.pk]))
    big_count = count_queries(admin_client, reverse("admin:listings_technology_change", args=[big.pk]))
    assert big_count == small_count


@pytest.mark.parametrize(
    "name", ["agencies_agency", "financing_financingproduct", "financing_financingneed", "listings_contract"]
)
def test_change_forms_are_bounded(admin_client, name):
    obj = FACTORIES[name]()
    url = reverse(f"admin:{name}_change", args=[obj.pk])
    admin_client.get(url)
    first = count_queries(admin_client, url)
    for _ in range(30):
        FACTORIES[name]()
    assert count_queries(admin_client, url) == first
