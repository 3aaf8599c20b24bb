"""Each page issues a fixed number of queries: the same for 1 and for 20 items shown.

The whole-page cache is off (``no_page_cache``): these measure the work behind a cache miss.
"""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haidian.core import cache as public_cache
from listings import tasks
from listings.models import TechnologyKind
from tests import factories
from tests.listings.stored import store_matches

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def technologies(n, **kwargs):
    sectors = [factories.SectorFactory(), factories.SectorFactory()]
    agency = factories.AgencyFactory()
    return [
        factories.TechnologyFactory(
            sectors=sectors,
            agency=agency,
            transaction_types=["licence", "assignment"],
            target_countries=["JP"],
            **kwargs,
        )
        for _ in range(n)
    ]


def grow(make, client, path, expected):
    """Queries with one item, then with twenty: both equal to ``expected``."""
    make(1)
    one = count_queries(client, path)
    make(19)
    twenty = count_queries(client, path)
    assert (one, twenty) == (expected, expected)


def test_technology_list(client):
    # 1 all sectors for the facets (once per content version); 2-11 the facet index: which listings
    # hold each status, kind, origin country, TRL, IP status and agency, and each sector, target
    # country and transaction type, and which go live or expire within the hour (once per version
    # of the listings, hour and process); 12 the names of the agencies, 13 of the countries (both
    # once per content version); 14 the page (owner, origin, agency joined); 15 its sectors; 16 its
    # transaction types. Each save here starts a new content version.
    grow(technologies, client, "/en/technologies/", 16)


def test_the_catalogues_facets_are_counted_once_per_content_version(client):
    # Without a search or a filter the facets are the whole catalogue's: computed once per content
    # version even when pages are not cached, as the sectors are. Then 1 the page; 2 its sectors;
    # 3 its transaction types (another page or sort order of the same catalogue counts nothing).
    technologies(3)
    assert count_queries(client, "/en/technologies/") == 16
    assert count_queries(client, "/en/technologies/?sort=title") == 3
    technologies(1)  # a save bumps the content version: counted again
    response = client.get("/en/technologies/?sort=trl")
    assert response.context["page_obj"].paginator.count == 4


def test_technology_list_with_chosen_facets_and_a_filter(client):
    # As the unfiltered page: the chosen kind, transaction type and target country and the TRL
    # filter are intersections of the facet index, which counts every option too.
    grow(
        lambda n: technologies(n, kind=TechnologyKind.NEED, trl=6),
        client,
        "/en/technologies/?kind=need&trl=6&transaction=licence&target_country=JP",
        16,
    )


def test_the_facet_index_and_the_names_are_read_once_per_content_version(client):
    # A second filtered page of the same content version counts its facets with no query: the
    # page, its sectors, its transaction types.
    technologies(3, kind=TechnologyKind.NEED)
    assert count_queries(client, "/en/technologies/?kind=need") == 16
    assert count_queries(client, "/en/technologies/?kind=need&trl=6&target_country=JP") == 3
    # Another process (its own memory empty) reads the index from the shared cache.
    public_cache._process_values.clear()
    assert count_queries(client, "/en/technologies/?trl_min=6&transaction=licence") == 3


def test_a_filter_the_facet_index_does_not_hold_reads_the_ids_it_keeps(client):
    # A price, an owner, a date: one query reads the ids of the listings they keep, and the
    # facets intersect those with the index.
    technologies(3, kind=TechnologyKind.NEED)
    assert count_queries(client, "/en/technologies/?kind=need") == 16
    assert count_queries(client, "/en/technologies/?kind=need&price_min=1") == 4


def test_technology_list_with_a_search_and_facets(client):
    # As above, the chosen sector's children adding one query.
    make = lambda n: technologies(n, title_en="Gene sequencing kit")  # noqa: E731
    make(1)
    sector = factories.SectorFactory()
    path = f"/en/technologies/?q=sequencing&kind=offer&trl=6&sector={sector.slug}"
    one = count_queries(client, path)
    make(19)
    # On PostgreSQL a search reads its matches again with the typo-tolerant ones when its words
    # find less than a page (listings.search): the facets' search (no filter but the words) now
    # finds twenty and reads once; the results' (no listing is in the new sector) still twice.
    assert count_queries(client, path) == one - (connection.vendor == "postgresql")


def test_home(client):
    # 1 figures; 2 agencies by year; 3 contract totals; 4 contract value by year; 5 offers,
    # 6 their sectors; 7 needs, 8 their sectors; 9 news.
    def make(n):
        technologies(n)
        technologies(n, kind=TechnologyKind.NEED)
        for _ in range(n):
            factories.ArticleFactory()
            factories.ContractFactory()

    grow(make, client, "/en/", 9)


def test_technology_detail(client):
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[factories.SectorFactory()])
    path = f"/en/technologies/{need.slug}/"
    sectors = list(need.sectors.all())

    def make(n):
        for _ in range(n):
            factories.TechnologyFactory(sectors=sectors, transaction_types=["licence"])
            factories.ContractFactory(sectors=sectors)

    # The page reads the matches and comparables the worker stored (listings.tasks); the form's
    # countries, and the sectors, countries and transaction types the listing's keys name
    # (listings.relations), are read once per content version (the first request).
    make(1)
    store_matches(need)
    client.get(path)
    assert count_queries(client, path) == 7
    make(19)
    store_matches(need)  # reads the sectors of the new content version already
    assert count_queries(client, path) == 10  # 7, the form's countries, the countries and types
    assert count_queries(client, path) == 7


def test_agency_list_and_detail(client):
    agency = factories.AgencyFactory(services=["brokerage"])

    def make(n):
        for _ in range(n):
            other = factories.AgencyFactory(services=["brokerage", "consulting"])
            other.sectors.set([factories.SectorFactory()])
            factories.TechnologyFactory(agency=agency, sectors=[factories.SectorFactory()])
            factories.ContractFactory(agency=agency)

    make(1)
    list_one, detail_one = (
        count_queries(client, "/en/agencies/"),
        count_queries(client, f"/en/agencies/{agency.slug}/"),
    )
    make(19)
    assert count_queries(client, "/en/agencies/") == list_one
    assert count_queries(client, f"/en/agencies/{agency.slug}/") == detail_one


def test_contracts_and_statistics(client):
    def make(n):
        for _ in range(n):
            factories.ContractFactory(
                sectors=[factories.SectorFactory()], technology=factories.TechnologyFactory()
            )

    # The count; the page (parties, agency, destination joined, public listing slug subquery);
    # its sectors; the years of the filter.
    grow(make, client, "/en/contracts/", 4)
    # Totals; by year; by top-level sector; the contracts in no sector; by country; by agency; the
    # years of the filter.
    assert count_queries(client, "/en/contracts/statistics/") == 7


def test_financing_lists_and_details(client):
    product = factories.FinancingProductFactory()
    need = factories.FinancingNeedFactory()

    def make(n):
        for _ in range(n):
            factories.FinancingProductFactory(sectors=[factories.SectorFactory()], stages=["growth"])
            factories.FinancingNeedFactory(sectors=[factories.SectorFactory()])

    paths = [
        "/en/financing/products/",
        "/en/financing/needs/",
        f"/en/financing/products/{product.slug}/",
        f"/en/financing/needs/{need.slug}/",
    ]
    make(1)
    one = [count_queries(client, path) for path in paths]
    make(19)
    assert [count_queries(client, path) for path in paths] == one


def test_news(client):
    # The count; the page.
    grow(lambda n: [factories.ArticleFactory() for _ in range(n)], client, "/en/news/", 2)


def test_a_save_hands_the_facet_index_to_the_worker(client, django_capture_on_commit_callbacks, monkeypatch):
    # Once a save commits, a task computes the new content version's index into the shared cache;
    # the first visitor after the save then reads it (the sectors too, cached by the task)
    # instead of computing it: 16 queries less the index's ten and the sectors.
    with django_capture_on_commit_callbacks(execute=True):  # committed: their task has run
        technologies(2)
    enqueued = []
    monkeypatch.setattr(tasks, "refresh_facet_index", SimpleNamespace(enqueue=lambda: enqueued.append(True)))
    with django_capture_on_commit_callbacks(execute=True):
        technologies(1)
    assert enqueued
    monkeypatch.undo()
    tasks.refresh_facet_index.enqueue()  # the worker, once the save's callbacks have run
    public_cache._process_values.clear()  # the visitor's process is not the worker's
    assert count_queries(client, "/en/technologies/?kind=offer") == 5
