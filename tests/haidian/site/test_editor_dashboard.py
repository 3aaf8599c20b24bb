"""The editor's dashboard (issue 19 item 4): the agency's own work first, no center-wide targets; the
center's dashboard keeps them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listings import follow_through
from listings.models import Inquiry, TechnologyStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")


@pytest.fixture
def agency_work():
    ours = factories.AgencyFactory(name_en="Our Agency")
    listing = factories.TechnologyFactory(agency=ours, title_en="Genome assembler")
    factories.TechnologyFactory(agency=ours, status=TechnologyStatus.DRAFT, published_at=None)
    factories.TechnologyFactory(agency=ours, status=TechnologyStatus.IN_REVIEW, published_at=None)
    factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None)  # another agency's
    late = factories.InquiryFactory(technology=listing, name="Anna Svensson")
    Inquiry.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=3))
    factories.InquiryFactory(technology=listing, name="Fresh Visitor")  # within the target
    other_late = factories.InquiryFactory(name="Not Ours")
    Inquiry.objects.filter(pk=other_late.pk).update(created_at=timezone.now() - timedelta(days=5))
    declined = factories.InquiryFactory(technology=listing)
    follow_through.inquiry_decline(inquiry=declined, reason="too_early", note="", by=None)
    return ours, late


def test_editor_sees_own_work_first_and_no_center_targets(make_editor, agency_work, settings):
    ours, late = agency_work
    response = login(make_editor(ours)).get(INDEX)
    html = response.content.decode()
    work = response.context["own_work"]
    assert [row["inquiry"] for row in work["late"]] == [late]
    assert (work["drafts"], work["in_review"], work["declined"]) == (1, 1, 1)
    # First on the page, before every figure.
    assert html.index('id="dashboard-own-work"') < html.index('id="dashboard-listings"')
    assert reverse("admin:listings_inquiry_change", args=[late.pk]) in html
    assert "Anna Svensson → Genome assembler" in html and "Not Ours" not in html
    assert "Fresh Visitor" not in html
    assert "1 listing awaiting the center's review" in html
    # No center-wide target.
    assert response.context.get("agencies") is None
    assert 'id="dashboard-agencies"' not in html and f"target of {settings.AGENCY_TARGET}" not in html


def test_editor_dashboard_in_chinese(make_editor, agency_work):
    ours, _late = agency_work
    client = login(make_editor(ours))
    client.cookies["django_language"] = "zh-hans"
    html = client.get(INDEX).content.decode()
    assert "待办工作" in html and "超过 48 小时答复时限的咨询" in html and "1 条草稿" in html


def test_center_keeps_its_targets_and_has_no_own_work_list(center_client, agency_work, settings):
    settings.AGENCY_TARGET = 100
    response = center_client.get(INDEX)
    html = response.content.decode()
    assert 'id="dashboard-agencies"' in html and response.context["agencies"]["target"] == 100
    assert "own_work" not in response.context and 'id="dashboard-own-work"' not in html
