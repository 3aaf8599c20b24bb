"""Stored matches and comparable contracts (listings.tasks): a save enqueues the recompute of the
listing and of the listings whose matches name it; the detail page reads the stored rows (a fixed
number of queries) and never scores candidates itself."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from listings import matching, tasks
from listings.models import StoredComparable, StoredMatch, TechnologyKind
from tests import factories
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db


def make_pair():
    """A need and an offer in the same sector that match, and a contract comparable to the need."""
    sector = factories.SectorFactory(name_en="IC design", name_zh_hans="集成电路设计")
    need = factories.TechnologyFactory(
        kind=TechnologyKind.NEED, sectors=[sector], keywords_en="sensor", trl=6
    )
    offer = factories.TechnologyFactory(sectors=[sector], title_en="Good sensor", title_zh_hans="好传感器")
    contract = factories.ContractFactory(sectors=[sector], title_en="Sensor licence")
    return need, offer, contract


@pytest.fixture
def pair(db):
    return make_pair()


@pytest.fixture
def committed_pair(db, django_capture_on_commit_callbacks):
    """``make_pair()``, committed: the task of its saves has stored their matches and comparables
    (the test settings run tasks at once), as it has before anyone edits them."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_pair()


@pytest.fixture
def enqueued(monkeypatch):
    """The listing ids handed to the queue, in order."""
    calls = []
    monkeypatch.setattr(tasks, "refresh_stored_matches", SimpleNamespace(enqueue=calls.append))
    return calls


def test_saving_a_listing_enqueues_its_recompute(
    committed_pair, enqueued, django_capture_on_commit_callbacks
):
    # The listing, and the listings its stored matches name or that name it.
    need, offer, _contract = committed_pair
    with django_capture_on_commit_callbacks(execute=True):
        need.title_en = "A new title"
        need.save()
    assert enqueued == [[need.pk, offer.pk]]


def test_a_candidate_changed_enqueues_the_listings_naming_it(
    committed_pair, enqueued, django_capture_on_commit_callbacks
):
    need, offer, _contract = committed_pair
    assert (need.pk, offer.pk) in StoredMatch.objects.values_list("listing", "candidate")
    with django_capture_on_commit_callbacks(execute=True):
        offer.sectors.clear()
    assert enqueued == [[offer.pk, need.pk]]


def test_a_contract_saved_enqueues_the_listings_storing_it(
    committed_pair, enqueued, django_capture_on_commit_callbacks
):
    need, offer, contract = committed_pair
    storing = sorted(StoredComparable.objects.filter(contract=contract).values_list("listing", flat=True))
    assert storing == sorted([need.pk, offer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        contract.save()
    assert enqueued == [storing]


def test_the_task_stores_matches_with_reasons_in_both_languages(
    committed_pair, django_capture_on_commit_callbacks
):
    need, offer, _contract = committed_pair
    StoredMatch.objects.all().delete()
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


def test_the_saves_of_one_transaction_make_one_task(
    committed_pair, enqueued, django_capture_on_commit_callbacks, monkeypatch
):
    # An import or the demo data saves many listings in one transaction: one task recomputes them
    # all once it commits (each save's own task recomputed the same neighbours again and again).
    need, offer, _contract = committed_pair
    facets = []
    monkeypatch.setattr(tasks, "refresh_facet_index", SimpleNamespace(enqueue=lambda: facets.append(True)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        need.save()
        offer.title_en = "Better sensor"
        offer.save()
        third = factories.TechnologyFactory()
    assert len([callback for callback in callbacks if getattr(callback, "__self__", None)]) == 1
    assert enqueued == [[need.pk, offer.pk, third.pk]]
    assert facets == [True]


def test_saves_rolled_back_are_not_handed_over(committed_pair, enqueued, django_capture_on_commit_callbacks):
    need, offer, _contract = committed_pair
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            factories.TechnologyFactory()
            raise RuntimeError("rolled back")
        offer.save()
    assert enqueued == [[offer.pk, need.pk]]
