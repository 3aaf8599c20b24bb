"""The admin index dashboard: the center's figures, or an agency editor's own."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Inquiry, TechnologyStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")


@pytest.fixture
def center_data():
    ours = factories.AgencyFactory(name_en="Our Agency")
    factories.TechnologyFactory(agency=ours)
    factories.TechnologyFactory(agency=ours, status=TechnologyStatus.IN_REVIEW, published_at=None)
    factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None)
    waiting = factories.InquiryFactory(technology__agency=ours)
    Inquiry.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=3))
    factories.InquiryFactory()
    this_year = timezone.localdate().year
    factories.ContractFactory(agency=ours, signed_on=date(this_year, 1, 1), value_cny=Decimal("2000000"))
    factories.ContractFactory(signed_on=date(this_year - 1, 1, 1), value_cny=Decimal("5000000"))
    return ours


def test_center_dashboard(admin_client, center_data, settings):
    settings.AGENCY_TARGET = 100
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The center at a glance" in html
    assert "<svg" in html
    context = response.context
    bars = {bar.label: bar.value for bar in context["listings"]["bars"].bars}
    # published: one listing, and the two listings the inquiries are about
    assert bars["Published"] == 3 and bars["In review"] == 1 and bars["Draft"] == 1
    assert context["inquiries"]["waiting"] == 2
    assert context["inquiries"]["oldest_age"] > timedelta(days=3)
    assert (context["agencies"]["active"], context["agencies"]["target"]) == (4, 100)
    contracts = context["contracts"]
    assert (contracts["this_count"], contracts["last_count"]) == (1, 1)
    assert (contracts["this_value"], contracts["last_value"]) == (Decimal("2000000"), Decimal("5000000"))


def test_agency_editor_sees_own_agency_figures(make_editor, center_data):
    response = login(make_editor(center_data)).get(INDEX)
    html = response.content.decode()
    assert "Figures for your agency, Our Agency." in html
    bars = {bar.label: bar.value for bar in response.context["listings"]["bars"].bars}
    assert bars["Published"] == 2 and bars["In review"] == 1 and bars["Draft"] == 0
    assert response.context["inquiries"]["waiting"] == 1
    assert response.context["contracts"]["this_count"] == 1
    assert response.context["contracts"]["last_count"] == 0


def test_dashboard_query_count_does_not_grow_with_data(
    admin_client, django_assert_max_num_queries, center_data
):
    for _ in range(20):
        factories.TechnologyFactory(last_verified_at=None)  # overdue: the dashboard names them
        factories.InquiryFactory()
    # session, user, listings aggregate + the listings overdue for verification, inquiries aggregate +
    # answered sample + conversion figures, agencies count, contracts aggregate, the e-mail queue's
    # aggregate, the financing inquiries' aggregate + the newest waiting + their conversion figures,
    # and the admin's app list (no queries) — at most 14 whatever the data size.
    with django_assert_max_num_queries(14):
        admin_client.get(INDEX)
