"""Stored matches and comparables (listings.tasks) keep the public rules between two recomputes:
a candidate withdrawn, or a contract unpublished or made confidential, leaves the page at once;
a listing that is not published stores nothing and is no one's candidate."""

from decimal import Decimal

import pytest

from listings.models import StoredMatch, TechnologyKind, TechnologyStatus
from tests import factories
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db

VALUE = Decimal("7654321")


@pytest.fixture
def stored(client):
    sector = factories.SectorFactory()
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector])
    offer = factories.TechnologyFactory(sectors=[sector], title_en="Soon withdrawn")
    contract = factories.ContractFactory(sectors=[sector], title_en="Soon secret", value=VALUE)
    store_matches(need)
    html = page(client, need)
    assert offer.title_en in html and contract.title_en in html and "7.65 M" in html
    return need, offer, contract


def page(client, listing, language="en"):
    return client.get(f"/{language}/technologies/{listing.slug}/").content.decode()


@pytest.mark.parametrize("status", [TechnologyStatus.WITHDRAWN, TechnologyStatus.DRAFT])
def test_a_candidate_no_longer_published_leaves_the_page_before_the_recompute(client, stored, status):
    need, offer, _contract = stored
    type(offer).objects.filter(pk=offer.pk).update(status=status)  # no signal: rows still stored
    assert StoredMatch.objects.filter(listing=need, candidate=offer).exists()
    assert offer.title_en not in page(client, need)
    assert offer.title_zh_hans not in page(client, need, "zh-hans")


def test_a_contract_made_confidential_shows_no_value(client, stored):
    need, _offer, contract = stored
    type(contract).objects.filter(pk=contract.pk).update(value_is_public=False)
    html = page(client, need)
    assert contract.title_en in html and "7.65 M" not in html and "7,654,321" not in html


def test_an_unpublished_contract_leaves_the_page(client, stored):
    need, _offer, contract = stored
    type(contract).objects.filter(pk=contract.pk).update(is_published=False)
    assert contract.title_en not in page(client, need)


def test_a_listing_not_published_stores_nothing_and_is_no_candidate(db):
    sector = factories.SectorFactory()
    draft_need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector], status="draft")
    draft_offer = factories.TechnologyFactory(sectors=[sector], status="draft", published_at=None)
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector])
    store_matches()
    assert not StoredMatch.objects.filter(listing__in=[draft_need, draft_offer]).exists()
    assert not StoredMatch.objects.filter(candidate__in=[draft_need, draft_offer]).exists()
    assert not StoredMatch.objects.filter(listing=need).exists()
