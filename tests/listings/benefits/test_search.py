"""A listing is found by its quantified benefits, in both languages, on SQLite (FTS5) and PostgreSQL
(tsvector); the document follows the claims when they are added, changed or deleted."""

import pytest
from django.db import connection

from listings.models import BenefitClaim, Technology
from listings.search import refresh_search_documents, search_technologies
from listings.search_sqlite import fts5_available
from tests import factories

pytestmark = pytest.mark.django_db


def found(query):
    return list(search_technologies(query, Technology.objects.published()))


@pytest.fixture
def listing():
    return factories.TechnologyFactory(title_en="Induction melting", title_zh_hans="感应熔炼")


def test_the_search_runs_on_the_database_index():
    # CI runs this folder on both databases: FTS5 on SQLite, the stored tsvector on PostgreSQL.
    assert connection.vendor == "postgresql" or fts5_available()


def test_a_claim_s_metric_and_baseline_find_the_listing_in_both_languages(listing):
    factories.TechnologyFactory(title_en="Unrelated", title_zh_hans="无关")
    factories.BenefitClaimFactory(
        technology=listing,
        metric_en="Throughput",
        metric_zh_hans="吞吐量",
        compared_with_en="legacy crucibles",
        compared_with_zh_hans="旧式坩埚",
    )
    assert found("throughput") == [listing]
    assert found("吞吐量") == [listing]
    assert found("crucibles") == [listing]
    assert found("坩埚") == [listing]


def test_a_changed_claim_is_found_by_its_new_words_only(listing):
    claim = factories.BenefitClaimFactory(technology=listing, metric_en="Throughput")
    claim.metric_en = "Scrap rate"
    claim.save()
    assert found("scrap") == [listing]
    assert found("throughput") == []


def test_a_deleted_claim_no_longer_finds_the_listing(listing):
    claim = factories.BenefitClaimFactory(technology=listing, metric_en="Throughput")
    claim.delete()
    assert found("throughput") == []


def test_deleting_a_listing_with_claims_refreshes_nothing(listing, monkeypatch):
    factories.BenefitClaimFactory(technology=listing)
    factories.BenefitClaimFactory(technology=listing, metric_en="Yield")
    refreshed = []
    monkeypatch.setattr("listings.search.refresh_search_documents", refreshed.append)
    listing.delete()
    assert not BenefitClaim.objects.exists()
    assert refreshed == []  # the claims went with their listing: no document to rebuild


def test_a_bulk_refresh_includes_the_claims(listing):
    BenefitClaim.objects.bulk_create(  # bypasses save() and its signal, like a raw import
        [BenefitClaim(technology=listing, metric_en="Dross", metric_zh_hans="浮渣", value=-12)]
    )
    assert found("dross") == []
    assert refresh_search_documents(Technology.objects.filter(pk=listing.pk)) == 1
    assert found("dross") == [listing]
    assert found("浮渣") == [listing]


def test_benefits_share_the_summary_s_weight_not_the_title_s(listing):
    other = factories.TechnologyFactory(title_en="Throughput analyser")
    factories.BenefitClaimFactory(technology=listing, metric_en="Throughput")
    assert found("throughput") == [other, listing]
