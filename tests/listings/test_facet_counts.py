"""The list page's facet counts (issue 20: intersections of a facet index read once per content
version, ``listings.facets``): each option counts the results that choosing it alone in its facet
would give, every other filter kept, whatever is chosen; the API's names of the filters and the
filters the index does not hold (a price, a date) mean what they mean in the API."""

import random
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from haidian.core.sectors import sectors_by_pk
from listings import facets
from listings.filters import TechnologyFilter
from listings.models import IPStatus, Technology, TechnologyKind, TechnologyStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    rng = random.Random(20)
    bio = factories.SectorFactory(slug="bio")
    sectors = [
        bio,
        factories.SectorFactory(slug="genomics", parent=bio),
        factories.SectorFactory(slug="chips"),
    ]
    agencies = [factories.AgencyFactory(slug="north"), factories.AgencyFactory(slug="south")]
    past = timezone.now() - timedelta(days=3)
    states = [
        {},
        {},
        {},
        {"status": TechnologyStatus.CLOSED},  # transferred: left out unless asked for
        {"status": TechnologyStatus.DRAFT, "published_at": None},  # never shown
        {"expires_at": past + timedelta(days=1), "published_at": past},  # expired: never shown
    ]
    for _ in range(40):
        factories.TechnologyFactory(
            kind=rng.choice(TechnologyKind.values),
            trl=rng.randint(3, 9),
            ip_status=rng.choice([IPStatus.GRANTED_PATENT, IPStatus.KNOW_HOW, IPStatus.PENDING_PATENT]),
            origin_country=factories.country(rng.choice(["CN", "HK", "JP"])),
            agency=rng.choice([*agencies, None]),
            sectors=rng.sample(sectors, rng.randint(0, 2)),
            target_countries=rng.sample(["SE", "JP", "DE"], rng.randint(0, 2)),
            transaction_types=rng.sample(["licence", "assignment", "joint_development"], rng.randint(0, 2)),
            **rng.choice(states),
        )


def results(params: dict) -> int:
    query = QueryDict(mutable=True)
    for name, values in params.items():
        query.setlist(name, values)
    filterset = TechnologyFilter(query, queryset=Technology.objects.visible())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


CHOSEN = [
    {},
    {"kind": ["need"], "trl": ["6"]},
    {"kind": ["offer"], "ip": ["know_how", "granted_patent"], "country": ["CN", "HK"]},
    {"trl_min": ["5"], "agency": ["north"], "sector": ["bio"]},
    {"sector": ["genomics", "chips"], "target_country": ["SE"], "transaction": ["licence"]},
    {"kind": ["need"], "transferred": ["include"], "country": ["JP"]},
    {"transferred": ["only"], "ip": ["know_how"]},
    {"agency": ["south", "north"], "trl_min": ["4"], "target_country": ["JP", "DE"], "kind": ["offer"]},
    {"trl_max": ["6"], "ip_status": ["know_how", "pending_patent"], "transaction_type": ["licence"]},
    {"transferred": ["include"], "trl_max": ["7"], "agency": ["north"], "sector": ["chips"]},
    {"price_min": ["1"], "sector": ["bio"], "kind": ["offer"]},
    {"published_since": ["2000-01-01"], "price_max": ["100000000"], "transferred": ["only"]},
    {"sector": ["no-such-sector"], "kind": ["offer"]},
    # A search ranks its matches among the listings the other filters keep, as in the API.
    {"q": ["technology"], "kind": ["offer"], "sector": ["bio"]},
    {"q": ["transfer"], "transferred": ["include"], "trl_min": ["5"], "price_min": ["1"]},
]


@pytest.mark.parametrize("chosen", CHOSEN, ids=lambda p: "&".join(f"{k}={','.join(v)}" for k, v in p.items()))
def test_each_option_counts_the_results_it_would_give(client, catalogue, chosen):
    query = QueryDict(mutable=True)
    for name, values in chosen.items():
        query.setlist(name, values)
    response = client.get(f"/en/technologies/?{query.urlencode()}")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == results(chosen)
    checked = 0
    for facet in response.context["facets"]:
        for option in facet["options"]:
            alone = {**chosen, facet["name"]: [option["value"]]}
            assert option["count"] == results(alone), (facet["name"], option["value"])
            checked += 1
    assert checked  # options were shown and compared


def shown_counts(client, path) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    return {
        facet["name"]: {o["value"]: o["count"] for o in facet["options"]}
        for facet in response.context["facets"]
    }


@pytest.mark.parametrize("path", ["/en/technologies/", "/en/technologies/?kind=offer"])
def test_a_change_of_a_listings_links_shows_in_the_counts_at_once(client, settings, path):
    # The facets in link tables are counted from postings read once per content version: the
    # change's signal starts a new version, so the next page reads them again.
    settings.PUBLIC_CACHE_ENABLED = False
    bio = factories.SectorFactory(slug="bio")
    genomics = factories.SectorFactory(slug="genomics", parent=bio)
    listing = factories.TechnologyFactory(kind=TechnologyKind.OFFER, sectors=[], target_countries=["JP"])
    factories.TechnologyFactory(kind=TechnologyKind.OFFER, sectors=[genomics], target_countries=["JP", "SE"])
    before = shown_counts(client, path)
    assert (before["sector"], before["target_country"]) == ({"bio": 1}, {"JP": 2, "SE": 1})

    listing.sectors.add(genomics)
    listing.target_countries.remove(factories.country("JP"))
    after = shown_counts(client, path)
    assert (after["sector"], after["target_country"]) == ({"bio": 2}, {"JP": 1, "SE": 1})
    chosen = shown_counts(client, path + ("&" if "?" in path else "?") + "sector=bio")
    assert chosen["sector"] == {"bio": 2, "genomics": 2}


def test_a_change_of_a_listings_columns_or_status_shows_in_the_counts_at_once(client, settings):
    # The facet index holds each listing's kind, TRL and status too: a save starts a new version.
    settings.PUBLIC_CACHE_ENABLED = False
    listing = factories.TechnologyFactory(kind=TechnologyKind.OFFER, trl=4)
    factories.TechnologyFactory(kind=TechnologyKind.OFFER, trl=6)
    before = shown_counts(client, "/en/technologies/?kind=offer")
    assert (before["kind"], before["trl_min"], before["transferred"]) == (
        {"offer": 2},
        {"6": 1, "4": 2},
        {},
    )
    listing.trl = 7
    listing.kind = TechnologyKind.NEED
    listing.save()
    after = shown_counts(client, "/en/technologies/")
    assert (after["kind"], after["trl_min"]) == ({"offer": 1, "need": 1}, {"7": 1, "6": 2})
    listing.status = TechnologyStatus.CLOSED
    listing.save()
    closed = shown_counts(client, "/en/technologies/")
    assert (closed["kind"], closed["transferred"]) == ({"offer": 1}, {"include": 2, "only": 1})


def test_a_renamed_agency_or_country_shows_in_the_facets_at_once(client, settings):
    # The names are read once per content version; a rename is a save, a new version.
    settings.PUBLIC_CACHE_ENABLED = False
    agency = factories.AgencyFactory(slug="north", name_en="North Transfer")
    factories.TechnologyFactory(
        kind=TechnologyKind.OFFER, agency=agency, origin_country=factories.country("SE")
    )

    def labels(name):
        response = client.get("/en/technologies/?kind=offer")
        facet = next(facet for facet in response.context["facets"] if facet["name"] == name)
        return [option["label"] for option in facet["options"]]

    assert (labels("agency"), labels("country")) == (["North Transfer"], ["Sweden"])
    agency.name_en = "Northern Transfer"
    agency.save()
    sweden = factories.country("SE")
    sweden.name_en = "Kingdom of Sweden"
    sweden.save()
    assert (labels("agency"), labels("country")) == (["Northern Transfer"], ["Kingdom of Sweden"])


def test_a_search_ranks_its_newest_matches_among_the_filtered_listings_as_the_api_does(client, monkeypatch):
    # Five matches ranked instead of 300: six offers, then six needs added after them. The page
    # once searched first and filtered the newest matches: choosing offers showed one of six.
    for module in ("listings.search", "listings.facets", "listings.views", "listings.api.views"):
        monkeypatch.setattr(f"{module}.RANKED", 5)
    for kind in [TechnologyKind.OFFER] * 6 + [TechnologyKind.NEED] * 6:
        factories.TechnologyFactory(kind=kind, title_en="Gene sequencing kit")

    def page(path):
        response = client.get(path)
        assert response.status_code == 200
        counts = {
            facet["name"]: {o["value"]: o["count"] for o in facet["options"]}
            for facet in response.context["facets"]
        }
        return response, counts

    response, counts = page("/en/technologies/?q=sequencing&kind=offer")
    api = client.get("/api/v1/technologies/?search=sequencing&kind=offer").json()
    assert response.context["page_obj"].paginator.count == api["count"] == 5
    assert not api["count_is_exact"]
    assert {row.kind for row in response.context["page_obj"]} == {TechnologyKind.OFFER}
    assert counts["kind"] == {"offer": 5, "need": 5}
    assert "More technologies match: these are the 5 newest matches" in response.content.decode()

    response, counts = page("/en/technologies/?q=sequencing&kind=offer&trl=9&trl=1")
    assert response.context["page_obj"].paginator.count == 0

    factories.TechnologyFactory(kind=TechnologyKind.OFFER, title_en="Gene sequencing kit", trl=9)
    response, counts = page("/en/technologies/?q=sequencing&trl=9")
    assert response.context["page_obj"].paginator.count == 1
    assert counts["kind"] == {"offer": 1}
    assert "More technologies match" not in response.content.decode()


def test_listings_going_live_or_expiring_show_in_the_counts_at_their_moment(client, settings, monkeypatch):
    # No signal says that a listing went live or expired: the index reads which of them do so
    # within its period, and the counts follow at their moment from the same index.
    settings.PUBLIC_CACHE_ENABLED = False
    monkeypatch.setattr(facets, "PERIOD", timedelta(days=3650))  # no period ends during the test
    now = timezone.now()
    factories.TechnologyFactory(kind=TechnologyKind.OFFER)
    factories.TechnologyFactory(kind=TechnologyKind.NEED, expires_at=now + timedelta(minutes=10))
    factories.TechnologyFactory(kind=TechnologyKind.OFFER, published_at=now + timedelta(minutes=20))
    index = facets.facet_index(sectors_by_pk(), now)

    def at(minutes):
        monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=minutes))
        response = client.get("/en/technologies/?trl_min=1")
        kinds = next(facet for facet in response.context["facets"] if facet["name"] == "kind")
        return response.context["page_obj"].paginator.count, {
            o["value"]: o["count"] for o in kinds["options"]
        }

    assert at(0) == (2, {"offer": 1, "need": 1})
    assert at(15) == (1, {"offer": 1})  # the need expired
    assert at(25) == (2, {"offer": 2})  # the second offer went live
    assert facets.facet_index(sectors_by_pk(), timezone.now()) is index


def test_the_facet_index_is_computed_again_for_a_new_period_or_a_listings_change_only(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    listing = factories.TechnologyFactory()
    now = timezone.now()
    index = facets.facet_index(sectors_by_pk(), now)
    factories.ArticleFactory()  # other content: the same index
    assert facets.facet_index(sectors_by_pk(), now) is index
    assert facets.facet_index(sectors_by_pk(), now + facets.PERIOD) is not index
    listing.save()
    assert facets.facet_index(sectors_by_pk(), now) is not index
