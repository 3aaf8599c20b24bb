"""How the technology and contract lists read their rows (issue 20): the public rule from the filter
set, relations as keys from the through tables, the sector briefs and the unfiltered count once per
content version. Each read must give what the detail (a plain relation read) gives."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from listings.models import Technology, TechnologyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

RELATIONS = ("sectors", "target_countries", "transaction_types")


def _listed(client, path="/api/v1/technologies/", **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def tagged(db):
    """A listing in two sectors out of their slug order (positions), one a child, with two target
    countries and two transaction types given out of code order."""
    parent = f.SectorFactory(slug="zz-parent", position=1)
    child = f.SectorFactory(slug="aa-child", parent=parent, position=2)
    first = f.SectorFactory(slug="mm-first", position=0, machine_translated=["name_zh_hans"])
    return f.TechnologyFactory(
        sectors=[child, first],
        target_countries=["JP", "DE"],
        transaction_types=["licence", "assignment"],
    )


@pytest.mark.parametrize("lang", ["en", "zh-hans", "all"])
def test_list_rows_show_the_relations_as_the_detail_does(client, tagged, lang):
    row = _listed(client, lang=lang)["results"][0]
    detail = client.get(f"/api/v1/technologies/{tagged.slug}/", {"lang": lang}).json()
    for name in RELATIONS:
        assert row[name] == detail[name], name
    assert [sector["slug"] for sector in row["sectors"]] == ["mm-first", "aa-child"]
    assert row["sectors"][1]["parent"] == "zz-parent"
    assert row["target_countries"] == ["DE", "JP"]
    assert row["transaction_types"] == ["assignment", "licence"]
    assert ("translations" in row["sectors"][0]) is (lang == "all")


def test_contract_rows_show_their_sectors_as_the_detail_does(client, tagged):
    contract = f.ContractFactory(sectors=list(tagged.sectors.all()))
    row = _listed(client, "/api/v1/contracts/")["results"][0]
    detail = client.get(f"/api/v1/contracts/{contract.reference}/").json()
    assert row["sectors"] == detail["sectors"]
    assert [sector["slug"] for sector in row["sectors"]] == ["mm-first", "aa-child"]


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_renamed_or_new_sector_shows_on_the_next_request(client, tagged):
    assert _listed(client)["results"][0]["sectors"][0]["name"] == tagged.sectors.get(slug="mm-first").name_en
    sector = tagged.sectors.get(slug="mm-first")
    sector.name_en = "Renamed"
    sector.save()
    added = f.SectorFactory(slug="new-sector", position=5)
    tagged.sectors.add(added)
    slugs_and_names = [(s["slug"], s["name"]) for s in _listed(client)["results"][0]["sectors"]]
    assert slugs_and_names[0] == ("mm-first", "Renamed")
    assert slugs_and_names[-1] == ("new-sector", added.name_en)


def test_the_list_shows_published_listings_and_transferred_ones_only_when_asked(client):
    now = timezone.now()
    shown = f.TechnologyFactory()
    transferred = f.TechnologyFactory(status=TechnologyStatus.CLOSED)
    for status in (TechnologyStatus.DRAFT, TechnologyStatus.IN_REVIEW):
        f.TechnologyFactory(status=status, published_at=None)
    f.TechnologyFactory(status=TechnologyStatus.WITHDRAWN)
    f.TechnologyFactory(published_at=now + timedelta(days=1))  # scheduled
    f.TechnologyFactory(published_at=now - timedelta(days=9), expires_at=now - timedelta(days=1))

    def slugs(**params):
        body = _listed(client, **params)
        assert body["count"] == len(body["results"])
        return {row["slug"] for row in body["results"]}

    assert slugs() == {shown.slug}
    assert slugs(ordering="-published_at") == {shown.slug}  # no filter named, another order
    assert slugs(kind="offer") == {shown.slug}
    assert slugs(transferred="include") == {shown.slug, transferred.slug}
    assert slugs(transferred="only") == {transferred.slug}


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_the_unfiltered_count_is_counted_once_per_content_version(client):
    """On a miss too: a save bumps the content version and the next request counts again; a bulk
    ``update()`` sends no signal, so only a list counted on every request sees it."""
    f.TechnologyFactory.create_batch(2)
    assert _listed(client)["count"] == 2
    assert _listed(client, kind="offer")["count"] == 2
    f.TechnologyFactory()
    assert _listed(client, page_size=1)["count"] == 3
    assert _listed(client, kind="offer", page_size=1)["count"] == 3
    Technology.objects.filter(pk=Technology.objects.first().pk).update(status=TechnologyStatus.WITHDRAWN)
    assert _listed(client)["count"] == 3  # until the next save (or CACHE_PAGE_SECONDS)
    assert _listed(client, kind="offer")["count"] == 3  # one value of one column facet: the same
    assert _listed(client, kind="offer", trl_min=1)["count"] == 2  # counted on every request


@override_settings(PUBLIC_CACHE_ENABLED=False)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "need"}, 2),
        ({"trl": "6"}, 1),
        ({"trl_min": "6"}, 2),
        ({"trl_max": "6"}, 2),
        ({"ip_status": "granted_patent"}, 2),
        ({"ip": "granted_patent"}, 2),
    ],
)
def test_one_value_of_one_column_facet_is_counted_once_per_content_version(client, params, expected):
    """The count of a list filtered by one value of one column facet alone is memoised per content
    version and value: right for each, the same as the results, and a save shows at once."""
    f.TechnologyFactory(kind="offer", trl=3, ip_status="none")
    f.TechnologyFactory(kind="need", trl=6, ip_status="granted_patent")
    f.TechnologyFactory(kind="need", trl=9, ip_status="granted_patent")
    body = _listed(client, **params)
    assert body["count"] == len(body["results"]) == expected
    assert _listed(client, **params, page_size=1)["count"] == expected  # the memo, another page size
    f.TechnologyFactory(kind="need", trl=6, ip_status="granted_patent")
    body = _listed(client, **params)
    assert body["count"] == len(body["results"]) == expected + 1


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_the_unfiltered_contract_count_is_counted_once_per_content_version(client):
    f.ContractFactory()
    assert _listed(client, "/api/v1/contracts/")["count"] == 1
    f.ContractFactory()
    assert _listed(client, "/api/v1/contracts/")["count"] == 2
