"""Changelists per role (issue 19 item 1): status and age first, the columns staff need, no agency column
for agency staff; dates in the back office read 2026-02-10 in English and 2026年2月10日 in Chinese (item 6),
and the lockout page is in the admin's language."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Inquiry
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db


def columns(response) -> list[str]:
    """The changelist's column classes, in order (``column-status`` -> ``status``)."""
    head = re.search(r"<thead>.*?</thead>", response.content.decode(), re.S).group(0)
    return [name for name in re.findall(r'class="[^"]*column-(\w+)', head)]


EXPECTED = {
    "listings_technology": ["status", "verified", "listing", "trl", "expires_at", "availability", "agency"],
    "listings_inquiry": [
        "status",
        "created_at",
        "response_time",
        "stage",
        "visitor",
        "technology",
        "agency",
        "handled_by",
    ],
    "listings_contract": ["is_published", "signed_on", "contract", "amount", "value_cny", "agency"],
}


@pytest.fixture
def agency_records():
    technology = factories.TechnologyFactory()
    factories.InquiryFactory(technology=technology, organization_name="Karolinska Medtech AB")
    factories.ContractFactory(agency=technology.agency, signed_on=date(2026, 2, 10))
    return technology.agency


@pytest.mark.parametrize("changelist", EXPECTED)
def test_center_staff_get_status_and_age_first_and_the_agency(center_client, agency_records, changelist):
    response = center_client.get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 200
    assert columns(response) == EXPECTED[changelist]


@pytest.mark.parametrize("changelist", EXPECTED)
def test_agency_staff_get_the_same_columns_without_the_agency(make_editor, agency_records, changelist):
    response = login(make_editor(agency_records)).get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 200
    assert columns(response) == [c for c in EXPECTED[changelist] if c != "agency"]
    assert response.context["cl"].result_count == 1


def test_second_lines_name_the_owner_and_the_visitors_organization(center_client, agency_records):
    technology = agency_records.technologies.get()
    html = center_client.get(reverse("admin:listings_technology_changelist")).content.decode()
    assert f'<div class="list-detail">{technology.get_kind_display()} · {technology.owner}</div>' in html
    html = center_client.get(reverse("admin:listings_inquiry_changelist")).content.decode()
    assert '<div class="list-detail">Karolinska Medtech AB</div>' in html
    html = center_client.get(reverse("admin:listings_contract_changelist")).content.decode()
    assert ">1,000,000 CNY<" in html


@pytest.mark.parametrize(
    "language, signed, received",
    [
        ("en", "2026-02-10", r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"),
        ("zh-hans", "2026年2月10日", r"\d{4}年\d+月\d+日 \d{2}:\d{2}"),
    ],
)
def test_dates_read_iso_in_english_and_chinese_in_chinese(
    center_client, agency_records, language, signed, received
):
    center_client.cookies["django_language"] = language
    html = center_client.get(reverse("admin:listings_contract_changelist")).content.decode()
    assert f">{signed}<" in html
    assert "02/10/2026" not in html and "Feb. 10, 2026" not in html
    Inquiry.objects.update(created_at=timezone.now() - timedelta(days=3))
    html = center_client.get(reverse("admin:listings_inquiry_changelist")).content.decode()
    cell = re.search(r'<td class="field-created_at[^"]*">(.*?)</td>', html).group(1)
    assert re.fullmatch(received, cell), cell


def test_the_lockout_page_is_in_the_admins_language(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    factories.StaffUserFactory(username="clerk-zh")
    client.cookies["django_language"] = "zh-hans"
    login_url = reverse("admin:login")
    for _ in range(2):
        client.post(login_url, {"username": "clerk-zh", "password": "wrong"}, REMOTE_ADDR="198.51.100.9")
    locked = client.post(login_url, {"username": "clerk-zh", "password": "wrong"}, REMOTE_ADDR="198.51.100.9")
    html = locked.content.decode()
    assert locked.status_code == 429
    assert '<html lang="zh-hans"' in html
    assert "登录失败 2 次后已被锁定。" in html and "Sign-in is locked" not in html
