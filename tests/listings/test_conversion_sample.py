"""Conversion figures are public only from a minimum sample (CONVERSION_MIN_SAMPLE, 10 by default),
with the sample size shown; below it the agency (back office) and the owner (report) still see them."""

import pytest
from django.urls import reverse

from haidian.settings import base
from listings.follow_through import inquiry_advance
from listings.models import InquiryStage
from listings.owner_report import owner_report_path
from tests import factories

pytestmark = pytest.mark.django_db

TABLE = 'class="data-table conversion"'
SAMPLE = {"en": "of {n} inquiries ended in a contract", "zh-hans": "{n} 条咨询中"}


def test_the_minimum_is_a_setting_of_ten():
    assert base.CONVERSION_MIN_SAMPLE == 10


def listing_with(count, admin_user):
    technology = factories.TechnologyFactory()
    inquiries = [factories.InquiryFactory(technology=technology) for _ in range(count)]
    inquiry_advance(inquiry=inquiries[0], stage=InquiryStage.INTRODUCTION, by=admin_user)
    return technology


def localized(path, lang):
    return path.replace("/en/", f"/{lang}/", 1)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_below_the_minimum_the_public_sees_no_rate(client, admin_client, admin_user, lang):
    technology = listing_with(9, admin_user)
    for path in (technology.get_absolute_url(), technology.agency.get_absolute_url()):
        html = client.get(localized(path, lang)).content.decode()
        assert TABLE not in html, path
        assert SAMPLE[lang].format(n=9) not in html, path
    # The owner's report: the figures, the sample and why they are not public.
    report = client.get(localized(owner_report_path(technology), lang)).content.decode()
    assert TABLE in report and SAMPLE[lang].format(n=9) in report
    assert "sample-note" in report
    # The agency in the back office.
    change = admin_client.get(
        reverse("admin:listings_technology_change", args=[technology.pk])
    ).content.decode()
    assert "9 inquiries" in change


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_from_the_minimum_the_rate_is_public_with_its_sample(client, admin_user, lang):
    technology = listing_with(10, admin_user)
    for path in (technology.get_absolute_url(), technology.agency.get_absolute_url()):
        html = client.get(localized(path, lang)).content.decode()
        assert TABLE in html, path
        assert SAMPLE[lang].format(n=10) in html, path
        assert "sample-note" not in html


def test_the_threshold_follows_the_setting(client, admin_user, settings):
    settings.CONVERSION_MIN_SAMPLE = 3
    technology = listing_with(3, admin_user)
    assert TABLE in client.get(technology.get_absolute_url()).content.decode()
