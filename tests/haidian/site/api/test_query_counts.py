"""Each list costs the same queries at page sizes 1, 10 and 30; each detail a fixed number."""

import pytest
from django.db import connection

from tests import factories as f
from tests.fixtures import module_rows
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db


def build_crowd():
    """More than 30 public records of every kind, each with relations to prefetch (the queries of a
    page are the same at any size: 30 rows show it as well as the largest page, 100, at a third of the
    cost of building them)."""
    parent = f.SectorFactory()
    sectors = [f.SectorFactory(parent=parent), f.SectorFactory()]
    agency = f.AgencyFactory(services=["brokerage", "evaluation"])
    agency.sectors.set(sectors)
    for _ in range(31):
        f.TechnologyFactory(
            sectors=sectors, transaction_types=["licence"], target_countries=["JP"], agency=agency
        )
        f.ContractFactory(sectors=sectors, agency=agency)
        f.FinancingProductFactory(sectors=sectors, stages=["growth"])
        f.FinancingNeedFactory(sectors=sectors)
        f.ArticleFactory()
    for index in range(31):
        f.AgencyFactory(services=["brokerage"]).sectors.set(sectors)
        f.SectorFactory(parent=parent if index % 2 else None)
        f.KeyFigureFactory(key=f"figure-{index}")
        f.PageFactory()
    return sectors


#: Costly to build: once for the module, shared by its tests.
crowd = module_rows("crowd", build_crowd)


# (path, queries, what they are)
LISTS = [
    (
        "/api/v1/technologies/",
        2,
        "page with owner+agency; its sector ids, target countries and types (one UNION ALL)",
    ),
    (
        "/api/v1/technologies/?kind=offer",
        2,
        "page with owner+agency; relations (as above): one value of one column facet is counted "
        "once per content version, as the whole list is",
    ),
    (
        "/api/v1/technologies/?kind=offer&trl_min=1",
        3,
        "capped count; page; relations (as above): two facets are counted each time",
    ),
    (
        "/api/v1/contracts/",
        2,
        "page with seller, buyer, agency, country and public listing slug; its sector ids",
    ),
    ("/api/v1/agencies/", 5, "count; page; services; sectors+parent; countries"),
    ("/api/v1/financing/products/", 4, "count; page with lender; sectors+parent; stages"),
    ("/api/v1/financing/needs/", 3, "count; page with company; sectors+parent"),
    ("/api/v1/organizations/", 2, "count; page with country"),
    ("/api/v1/sectors/", 2, "count; page with parent"),
    ("/api/v1/countries/", 2, "count; page"),
    ("/api/v1/articles/", 2, "count; page"),
    ("/api/v1/pages/", 2, "count; page"),
    ("/api/v1/key-figures/", 2, "count; page"),
    (
        "/api/v1/technologies/?sector={sector}&search=technology",
        # On PostgreSQL the search reads its newest matches with their rank first (listings.search):
        # one more bounded query (and one again with the typo-tolerant ones when the words find
        # less than a page; here they find more).
        3 + (connection.vendor == "postgresql"),
        "capped count; page; relations (as above), filtered and searched",
    ),
]


# Read once per content version (the cache is emptied before each test), so on the first request
# only: the sector briefs of the technology and contract lists
# (haidian.core.api.serializers.sector_briefs); and the count of a list unfiltered or filtered by
# one value of one column facet (``count_memo``).
FIRST_REQUEST = {
    "/api/v1/technologies/": 2,
    "/api/v1/technologies/?kind=offer": 2,
    "/api/v1/technologies/?kind=offer&trl_min=1": 1,
    "/api/v1/contracts/": 2,
    "/api/v1/technologies/?sector={sector}&search=technology": 1,
}


@pytest.mark.parametrize(("path", "queries", "what"), LISTS, ids=[path for path, _q, _w in LISTS])
def test_list_queries_do_not_depend_on_page_size(
    crowd, client, django_assert_num_queries, path, queries, what
):
    first = FIRST_REQUEST.get(path, 0)
    path = path.format(sector=crowd[0].parent.slug)
    separator = "&" if "?" in path else "?"
    for page_size in (1, 10, 30):
        with django_assert_num_queries(queries + (first if page_size == 1 else 0)):
            response = client.get(f"{path}{separator}page_size={page_size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size, (path, page_size, what)


def test_detail_queries(crowd, client, django_assert_num_queries):
    from financing.models import FinancingNeed, FinancingProduct
    from haidian.core.models import KeyFigure
    from listings.models import Contract, Technology

    technology = Technology.objects.first()
    details = [
        # row with owner+agency; sectors+parent; target countries; types; benefits; public attachments
        (f"/api/v1/technologies/{technology.slug}/", 6),
        # row with seller, buyer, agency, country and public listing slug; sectors
        (f"/api/v1/contracts/{Contract.objects.first().reference}/", 2),
        # row with lender; sectors; stages
        (f"/api/v1/financing/products/{FinancingProduct.objects.first().slug}/", 3),
        # row with company; sectors
        (f"/api/v1/financing/needs/{FinancingNeed.objects.first().slug}/", 2),
        # the row
        (f"/api/v1/key-figures/{KeyFigure.objects.first().pk}/", 1),
        ("/api/v1/countries/CN/", 1),
    ]
    for path, queries in details:
        with django_assert_num_queries(queries):
            assert client.get(path).status_code == 200, path


def test_stats_queries(crowd, client, django_assert_num_queries):
    # total; by year; by top-level sector; the contracts in no sector; by country; by agency
    with django_assert_num_queries(6):
        assert client.get("/api/v1/contracts/stats/").status_code == 200
    # ... and with one top-level sector chosen: is it top-level; its sub-sectors
    top = f.SectorFactory()
    with django_assert_num_queries(8):
        assert client.get("/api/v1/contracts/stats/", {"sector": top.slug}).status_code == 200


def _count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries), len(response.json()["results"])


def test_match_queries_do_not_grow_with_the_matches(db, client):
    """The matching services own their queries; the API adds one per relation it shows
    (financing: lender or company, sectors with parents, stages; technologies: sectors, the owners
    joined to the stored rows). Technology matches are the stored rows: stored again (the worker's
    part) before each measure."""
    sector = f.SectorFactory()
    need = f.FinancingNeedFactory(sectors=[sector])
    product = f.FinancingProductFactory(sectors=[sector], stages=["growth"])
    tech_need = f.TechnologyFactory(kind="need", sectors=[sector], keywords_en="robot")
    offer = f.TechnologyFactory(sectors=[sector], keywords_en="robot")
    paths = [
        f"/api/v1/financing/needs/{need.slug}/matches/",
        f"/api/v1/financing/products/{product.slug}/matches/",
        f"/api/v1/technologies/{tech_need.slug}/matches/",
        f"/api/v1/technologies/{offer.slug}/matches/",
        f"/api/v1/technologies/{offer.slug}/comparable-contracts/",
    ]
    f.ContractFactory(sectors=[sector])
    store_matches()
    few = [_count_queries(client, path) for path in paths]
    for _ in range(5):
        f.FinancingProductFactory(sectors=[f.SectorFactory(), sector], stages=["growth", "seed"])
        f.FinancingNeedFactory(sectors=[sector, f.SectorFactory()])
        f.TechnologyFactory(kind="need", sectors=[sector], keywords_en="robot")
        f.TechnologyFactory(sectors=[sector], keywords_en="robot")
        f.ContractFactory(sectors=[sector])
    store_matches()
    many = [_count_queries(client, path) for path in paths]
    for path, (queries_few, rows_few), (queries_many, rows_many) in zip(paths, few, many, strict=True):
        assert rows_many == rows_few + 5, path
        assert queries_many == queries_few, path
