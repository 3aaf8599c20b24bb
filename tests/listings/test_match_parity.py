"""Every path reads the stored technology matches (issue 20): the page, the API's ``/matches/``
and the admin's panel of a published listing show the same rows in the same order, apply the public
rule at read time (a candidate withdrawn since leaves at once), and score nothing per request; the
admin's panel of a listing that is not published scores it now, and says so."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from haidian.core.models import Country
from listings import matching, services
from listings.matching import technology_matches
from listings.models import StoredMatch, TechnologyKind, TechnologyStatus
from tests import factories
from tests.admin_users import login
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db

NOTE = {
    "en": "Computed now: this listing is not published, so its matches are not stored.",
    "zh-hans": "即时计算：该条目未发布，因此未保存其匹配结果。",
}


@pytest.fixture
def market(db):
    """A need and an offer, each with four matches of different scores and a near miss, beside
    listings of every kind that the public does not see (each would otherwise match)."""
    electronics = factories.SectorFactory(name_en="Electronics")
    ic = factories.SectorFactory(name_en="IC design", parent=electronics)
    japan = Country.objects.get(code="JP")
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[ic], keywords_en="sensor", trl=6)
    offers = {
        # every rule: 35 + 25 + 15 + 15 = 90
        "best": factories.TechnologyFactory(sectors=[ic], title_en="Sensor array", trl=7),
        # one TRL level short: 35 + 25 + 5 + 15 = 80
        "short": factories.TechnologyFactory(sectors=[ic], title_en="Sensor probe", trl=5),
        # the parent sector: 21 + 25 + 15 + 15 = 76
        "related": factories.TechnologyFactory(sectors=[electronics], title_en="Sensor module", trl=7),
        # no keyword: 35 + 15 + 15 = 65
        "plain": factories.TechnologyFactory(sectors=[ic], trl=7),
        # not offered in China (a hard rule unmet): a near miss
        "near": factories.TechnologyFactory(
            sectors=[ic],
            title_en="Sensor not for China",
            owner=factories.OrganizationFactory(country=japan),
            origin_country=japan,
            target_countries=["KR"],
        ),
    }
    offer = offers["best"]
    needs = {
        "need": need,
        # TRL 9 wanted, the offer has 7: 35 + 25 + 0 + 15 = 75
        "mature": factories.TechnologyFactory(
            kind=TechnologyKind.NEED, sectors=[ic], keywords_en="sensor", trl=9
        ),
        # the parent sector, a keyword absent: 21 + 25 + 15 + 15 = 76
        "broad": factories.TechnologyFactory(
            kind=TechnologyKind.NEED, sectors=[electronics], keywords_en="sensor", trl=6
        ),
        # no keyword: 35 + 15 + 15 = 65
        "plain": factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[ic], trl=6),
        # wants Swedish technology only (a hard rule unmet): a near miss
        "near": factories.TechnologyFactory(
            kind=TechnologyKind.NEED, sectors=[ic], keywords_en="sensor", target_countries=["SE"]
        ),
    }
    now = timezone.now()
    hidden = [
        factories.TechnologyFactory(
            kind=kind, sectors=[ic], title_en="Sensor hidden", keywords_en="sensor", **state
        )
        for kind in (TechnologyKind.OFFER, TechnologyKind.NEED)
        for state in (
            {"status": TechnologyStatus.DRAFT, "published_at": None},
            {"status": TechnologyStatus.IN_REVIEW, "published_at": None},
            {"status": TechnologyStatus.WITHDRAWN},
            {"status": TechnologyStatus.CLOSED},
            {"published_at": now - timedelta(days=10), "expires_at": now - timedelta(days=1)},  # expired
            {"published_at": now + timedelta(days=1)},  # scheduled, not live yet
        )
    ]
    return {
        "need": (need, [offers[k] for k in ("best", "short", "related", "plain")], [offers["near"]]),
        "offer": (offer, [needs[k] for k in ("need", "broad", "mature", "plain")], [needs["near"]]),
        "hidden": hidden,
    }


def api(client, listing, language="en"):
    response = client.get(f"/api/v1/technologies/{listing.slug}/matches/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    data = response.json()
    return (
        data,
        [m["technology"]["slug"] for m in data["results"]],
        [m["technology"]["slug"] for m in data["near_misses"]],
    )


def page(client, listing, language="en"):
    """The slugs of the page's matches and near misses, in the page's order."""
    html = client.get(f"/{language}/technologies/{listing.slug}/").content.decode()
    found = re.findall(
        r'<div class="match( match-near)?">\s*<h3><a href="/[^/]+/technologies/([^/]+)/">', html
    )
    return [slug for near, slug in found if not near], [slug for near, slug in found if near]


def panel(client, listing, language="en"):
    """The admin match panel's HTML, and the titles it lists in order."""
    url = reverse("admin:listings_technology_change", args=[listing.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    section = html[html.index('id="matches"') :]
    section = section[: section.index("</div>")]
    return section, re.findall(r"<td><a href=\"[^\"]+\">([^<]+)</a>", section)


def slugs(listings):
    return [listing.slug for listing in listings]


@pytest.mark.parametrize("direction", ["need", "offer"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_and_the_api_show_the_same_matches_in_the_same_order(client, market, direction, language):
    listing, expected, near = market[direction]
    store_matches()
    data, results, near_misses = api(client, listing, language)
    assert (results, near_misses) == (slugs(expected), slugs(near))
    # The page shows the first 5 and 3 of the same rows.
    assert page(client, listing, language) == (results[:5], near_misses[:3])
    # ... which are what the scoring gave when the worker ran, worded in the request's language.
    with translation.override(language):
        live = technology_matches(listing, limit=20, near_misses=5)
    assert [(m["score"], [r["text"] for r in m["reasons"]]) for m in data["results"]] == [
        (m.score, [r.text for r in m.reasons]) for m in live.matches
    ]
    assert data["results"][0]["score"] > data["results"][-1]["score"]


def test_the_api_scores_nothing_and_its_queries_are_fixed(
    client, market, monkeypatch, django_assert_num_queries
):
    need, expected, near = market["need"]
    store_matches()

    def never(*args, **kwargs):
        raise AssertionError("the API scored candidates")

    monkeypatch.setattr(matching, "_scored", never)
    # The listing (published, by slug); its stored matches and near misses (candidates and their
    # owners and origin countries joined, the candidate still published as EXISTS); the
    # candidates' sectors with their parents.
    with django_assert_num_queries(3):
        _data, results, near_misses = api(client, need)
    assert (results, near_misses) == (slugs(expected), slugs(near))


def test_a_candidate_withdrawn_after_storing_leaves_the_api_and_the_page_at_once(
    client, market, center_admin
):
    need, expected, near = market["need"]
    store_matches()
    withdrawn = expected[1]
    services.technology_withdraw(technology=withdrawn, by=center_admin)
    # No recompute has run (the test's transaction never commits): the row is still stored.
    assert StoredMatch.objects.filter(listing=need, candidate=withdrawn).exists()
    rest = [listing for listing in expected if listing != withdrawn]
    assert api(client, need)[1:] == (slugs(rest), slugs(near))
    assert page(client, need) == (slugs(rest), slugs(near))
    _html, titles = panel(login(center_admin), need)
    assert titles == [listing.title_en for listing in rest]


@pytest.mark.parametrize("direction", ["need", "offer"])
def test_a_listing_the_public_does_not_see_is_never_a_match(client, market, direction, center_admin):
    listing, _expected, _near = market[direction]
    hidden = market["hidden"]
    store_matches()
    assert not StoredMatch.objects.filter(candidate__in=hidden).exists()
    assert not StoredMatch.objects.filter(listing__in=hidden).exists()
    _data, results, near_misses = api(client, listing)
    assert not set(slugs(hidden)) & set(results + near_misses)
    assert "Sensor hidden" not in client.get(f"/en/technologies/{listing.slug}/").content.decode()
    # ... nor in the live scoring of a draft in the admin.
    draft = factories.TechnologyFactory(
        kind=listing.kind,
        sectors=listing.sectors.all(),
        keywords_en="sensor",
        title_en="Sensor draft",
        status=TechnologyStatus.DRAFT,
        published_at=None,
    )
    html, titles = panel(login(center_admin), draft)
    assert titles and "Sensor hidden" not in html


@pytest.mark.parametrize("status", [TechnologyStatus.DRAFT, TechnologyStatus.IN_REVIEW])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_admin_panel_of_an_unpublished_listing_computes_now_and_says_so(
    market, center_admin, status, language
):
    need, expected, _near = market["need"]
    store_matches()
    need.status, need.published_at = status, None
    need.save()
    StoredMatch.objects.filter(listing=need).delete()  # what the task does for an unpublished listing
    html, titles = panel(login(center_admin), need, language)
    assert NOTE[language] in html
    title = "title_en" if language == "en" else "title_zh_hans"
    assert titles == [getattr(listing, title) for listing in expected]


def test_the_admin_panel_of_a_published_listing_shows_the_stored_rows(market, center_admin, monkeypatch):
    need, expected, _near = market["need"]
    client = login(center_admin)
    html, titles = panel(client, need)
    assert titles == [] and "No matches yet." in html  # nothing stored yet: nothing scored either
    store_matches()

    def never(*args, **kwargs):
        raise AssertionError("the panel scored candidates")

    monkeypatch.setattr(matching, "_scored", never)
    html, titles = panel(client, need)
    assert titles == [listing.title_en for listing in expected]
    assert NOTE["en"] not in html
    # Center staff open a match's admin page.
    assert reverse("admin:listings_technology_change", args=[expected[0].pk]) in html


def test_an_agency_editor_gets_the_public_pages_of_the_matches(market, make_editor):
    need, expected, _near = market["need"]
    store_matches()
    html, titles = panel(login(make_editor(agency=need.agency)), need)
    assert titles == [listing.title_en for listing in expected]
    assert expected[0].get_absolute_url() in html
    assert reverse("admin:listings_technology_change", args=[expected[0].pk]) not in html
