"""Quantified benefits in the back office: the inline on a listing, and the scoped list of claims."""

import pytest
from django.urls import reverse

from listings.models import BenefitClaim, Technology
from listings.search import search_technologies
from tests import factories
from tests.admin_forms import change_form_data
from tests.admin_users import login

pytestmark = pytest.mark.django_db


def listing(**kwargs):
    return factories.TechnologyFactory(sectors=[factories.SectorFactory()], **kwargs)


def add_claim(client, technology, **claim):
    url = reverse("admin:listings_technology_change", args=[technology.pk])
    data = change_form_data(client.get(url))
    index = int(data["benefits-TOTAL_FORMS"])
    data["benefits-TOTAL_FORMS"] = str(index + 1)
    data.update({f"benefits-{index}-{name}": value for name, value in claim.items()})
    data[f"benefits-{index}-technology"] = str(technology.pk)
    return client.post(url, data)


def test_a_claim_added_in_the_inline_is_saved_and_searchable(admin_client):
    technology = listing()
    response = add_claim(
        admin_client,
        technology,
        metric_en="Cycle time",
        metric_zh_hans="周期时间",
        value="-22.5",
        unit_en="%",
        unit_zh_hans="%",
        compared_with_en="manual welding",
        compared_with_zh_hans="人工焊接",
        position="0",
        machine_translated=["compared_with_zh_hans"],
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    claim = BenefitClaim.objects.get(technology=technology)
    assert claim.machine_translated == ["compared_with_zh_hans"]
    assert claim.created_by is not None
    assert list(search_technologies("周期时间")) == [technology]
    assert list(search_technologies("welding")) == [technology]


def test_the_inline_offers_one_check_box_per_translated_column(admin_client):
    technology = listing()
    factories.BenefitClaimFactory(technology=technology)
    html = admin_client.get(
        reverse("admin:listings_technology_change", args=[technology.pk])
    ).content.decode()
    assert 'name="benefits-0-machine_translated" value="metric_zh_hans"' in html
    assert "metric (简体中文)" in html


def test_an_agency_editor_adds_claims_to_their_listings_and_sees_only_theirs(make_editor):
    ours, theirs = factories.AgencyFactory(), factories.AgencyFactory()
    editor = login(make_editor(ours))
    mine = listing(agency=ours)
    other = factories.BenefitClaimFactory(technology__agency=theirs, metric_en="Other agency's claim")
    response = add_claim(
        editor, mine, metric_en="Noise", metric_zh_hans="噪声", value="-6", unit_en="dB", position="0"
    )
    assert response.status_code == 302
    changelist = editor.get(reverse("admin:listings_benefitclaim_changelist")).content.decode()
    assert "Noise" in changelist and "Other agency" not in changelist
    assert editor.get(reverse("admin:listings_benefitclaim_change", args=[other.pk])).status_code == 404


def test_deleting_a_claim_in_the_inline_updates_the_search(admin_client):
    technology = listing()
    factories.BenefitClaimFactory(technology=technology, metric_en="Throughput")
    url = reverse("admin:listings_technology_change", args=[technology.pk])
    data = change_form_data(admin_client.get(url))
    data["benefits-0-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert not BenefitClaim.objects.exists()
    assert list(search_technologies("throughput", Technology.objects.all())) == []
