"""Stored matches and comparable contracts (listings.tasks): a save enqueues the recompute of the
listing and of the listings whose matches name it; the detail page reads the stored rows (a fixed
number of queries) and never scores candidates itself."""

from types import SimpleNamespace

import pytest

from listings import matching, tasks
from listings.models import StoredComparable, StoredMatch, TechnologyKind
from tests import factories
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    """A need and an offer in the same sector that match, and a contract comparable to the need."""
    sector = factories.SectorFactory(name_en="IC design", name_zh_hans="集成电路设计")
    need = factories.TechnologyFactory(
        kind=TechnologyKind.NEED, sectors=[sector], keywords_en="sensor", trl=6
    )
    offer = factories.TechnologyFactory(sectors=[sector], title_en="Good sensor", title_zh_hans="好传感器")
    contract = factories.ContractFactory(sectors=[sector], title_en="Sensor licence")
    return need, offer, contract


@pytest.fixture
def enqueued(monkeypatch):
    """The listing ids handed to the queue, in order."""
    calls = []
    monkeypatch.setattr(tasks, "refresh_stored_matches", SimpleNamespace(enqueue=calls.append))
    return calls


def test_saving_a_listing_enqueues_its_recompute(pair, enqueued, django_capture_on_commit_callbacks):
    need, offer, _contract = pair
    with django_capture_on_commit_callbacks(execute=True):
        need.title_en = "A new title"
        need.save()
    assert enqueued == [[need.pk]]


def test_a_candidate_changed_enqueues_the_listings_naming_it(
    pair, enqueued, django_capture_on_commit_callbacks
):
    need, offer, _contract = pair
    store_matches(need)
    assert list(StoredMatch.objects.values_list("listing", "candidate")) == [(need.pk, offer.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        offer.sectors.clear()
    assert enqueued == [[offer.pk, need.pk]]


def test_a_contract_saved_enqueues_the_listings_storing_it(
    pair, enqueued, django_capture_on_commit_callbacks
):
    need, _offer, contract = pair
    store_matches(need)
    assert list(StoredComparable.objects.values_list("listing", "contract")) == [(need.pk, contract.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        contract.save()
    assert enqueued == [[need.pk]]


def test_the_task_stores_matches_with_reasons_in_both_languages(pair, django_capture_on_commit_callbacks):
    need, offer, _contract = pair
    # The test settings run tasks at once (ImmediateBackend): the save stores the rows.
    with django_capture_on_commit_callbacks(execute=True):
        need.save()
    stored = StoredMatch.objects.get(listing=need)
    assert (stored.candidate, stored.near_miss, stored.position) == (offer, False, 0)
    assert stored.score == matching.technology_matches(need).matches[0].score
    assert "shared sectors: IC design" in [reason.text for reason in stored.reasons("en")]
    assert "相同行业：集成电路设计" in [reason.text for reason in stored.reasons("zh-hans")]
    # Amounts are formatted in each language too, not once in the worker's (they were "CN¥1 M").
    assert "price CN¥1 M within the budget of CN¥1 M" in [reason.text for reason in stored.reasons("en")]
    assert "价格100万元，在100万元的预算之内" in [reason.text for reason in stored.reasons("zh-hans")]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_reads_stored_rows_only(client, pair, language, monkeypatch, django_assert_num_queries):
    need, offer, contract = pair
    store_matches(need)

    def never(*args, **kwargs):
        raise AssertionError("the page scored candidates")

    monkeypatch.setattr(matching, "_scored", never)
    # The form's countries, the sectors, countries and transaction types: once per version.
    client.get(f"/{language}/technologies/{need.slug}/")
    # The listing; the keys of its sectors, target countries and transaction types; benefits;
    # attachments; the stored matches; the stored comparables; the conversion figures.
    with django_assert_num_queries(7):
        html = client.get(f"/{language}/technologies/{need.slug}/").content.decode()
    field = "title_en" if language == "en" else "title_zh_hans"
    assert getattr(offer, field) in html[html.index('id="matches-title"') :]
    assert getattr(contract, field) in html[html.index('id="contracts-title"') :]


def test_nothing_stored_yet_shows_no_match(client, pair):
    need, offer, _contract = pair
    html = client.get(f"/en/technologies/{need.slug}/").content.decode()
    assert "No matching listings yet." in html and offer.title_en not in html
