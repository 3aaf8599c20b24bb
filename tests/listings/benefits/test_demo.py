"""The demo data set carries quantified benefits on several published listings."""

from io import StringIO

import pytest
from django.core.management import call_command

from listings.models import BenefitClaim, Technology
from listings.search import search_technologies


@pytest.mark.django_db
def test_demo_listings_have_bilingual_claims_and_are_found_by_them():
    call_command("seed_demo", stdout=StringIO())
    with_claims = Technology.objects.published().filter(benefits__isnull=False).distinct()
    assert with_claims.count() >= 5
    for claim in BenefitClaim.objects.all():
        assert claim.metric_en and claim.metric_zh_hans
    assert BenefitClaim.objects.exclude(machine_translated=[]).exists()  # the reader's marker shows
    sepsis = Technology.objects.get(slug="microfluidic-sepsis-test")
    assert sepsis in search_technologies("灵敏度")
    assert sepsis in search_technologies("blood culture")
