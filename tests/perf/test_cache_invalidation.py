"""The public cache (haidian/core/cache.py): a save shows at once, in every language, on the API and pages."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haidian.core import cache as public_cache
from haidian.core.models import Country
from listings.models import TechnologyStatus
from tests import factories as f
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_CACHE_ENABLED = True


def titles(client, url="/api/v1/technologies/", **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return [item["title"] for item in response.json()["results"]]


def test_a_second_list_request_is_served_from_the_cache(client, django_assert_num_queries):
    f.TechnologyFactory(title_en="Chip design")
    assert titles(client) == ["Chip design"]
    with django_assert_num_queries(0):  # the list data comes from the cache
        assert titles(client) == ["Chip design"]


def test_an_edit_shows_at_once_in_the_api(client):
    technology = f.TechnologyFactory(title_en="Chip design")
    assert titles(client) == ["Chip design"]
    technology.title_en = "Chip design, second edition"
    technology.save()
    assert titles(client) == ["Chip design, second edition"]


def test_publishing_shows_at_once_and_withdrawing_hides_at_once(client):
    draft = f.TechnologyFactory(title_en="Battery", status=TechnologyStatus.DRAFT, published_at=None)
    assert titles(client) == []
    draft.status = TechnologyStatus.PUBLISHED
    draft.published_at = draft.created_at
    draft.save()
    assert titles(client) == ["Battery"]
    draft.status = TechnologyStatus.WITHDRAWN
    draft.save()
    assert titles(client) == []


def test_a_detail_is_cached_and_an_edit_or_withdrawal_shows_at_once(client, django_assert_num_queries):
    technology = f.TechnologyFactory(title_en="Chip design")
    url = f"/api/v1/technologies/{technology.slug}/"
    assert client.get(url).json()["title"] == "Chip design"
    with django_assert_num_queries(0):  # the detail data comes from the cache
        assert client.get(url).json()["title"] == "Chip design"
    technology.title_en = "Chip design, second edition"
    technology.save()
    assert client.get(url).json()["title"] == "Chip design, second edition"
    technology.status = TechnologyStatus.WITHDRAWN
    technology.save()
    assert client.get(url).status_code == 404


def test_a_deletion_shows_at_once(client):
    technology = f.TechnologyFactory(title_en="Chip design")
    assert titles(client) == ["Chip design"]
    technology.delete()
    assert titles(client) == []


def test_a_sector_added_shows_at_once(client):
    technology = f.TechnologyFactory()
    client.get("/api/v1/technologies/")
    technology.sectors.add(f.SectorFactory(slug="genomics"))
    sectors = client.get("/api/v1/technologies/").json()["results"][0]["sectors"]
    assert [sector["slug"] for sector in sectors] == ["genomics"]


def test_a_renamed_owner_shows_at_once(client):
    technology = f.TechnologyFactory()
    client.get("/api/v1/technologies/")
    technology.owner.name_en = "Renamed Ltd."
    technology.owner.save()
    assert client.get("/api/v1/technologies/").json()["results"][0]["owner"]["name"] == "Renamed Ltd."


def test_languages_are_cached_apart(client):
    f.TechnologyFactory(title_en="Chip design", title_zh_hans="芯片设计")
    assert titles(client) == ["Chip design"]
    assert titles(client, HTTP_ACCEPT_LANGUAGE="zh-hans") == ["芯片设计"]
    assert titles(client, "/api/v1/technologies/?lang=zh-hans") == ["芯片设计"]
    assert titles(client) == ["Chip design"]


def test_errors_are_not_cached(client):
    from listings.models import Technology

    f.TechnologyFactory.create_batch(3, status=TechnologyStatus.DRAFT, published_at=None)
    assert client.get("/api/v1/technologies/?page=3&page_size=1").status_code == 404
    # Published behind the signals' back (no version bump): only an uncached 404 can turn into a 200.
    Technology.objects.update(status=TechnologyStatus.PUBLISHED, published_at=timezone.now())
    assert client.get("/api/v1/technologies/?page=3&page_size=1").status_code == 200


def test_version_is_bumped_by_content_and_not_by_inquiries():
    technology = f.TechnologyFactory()
    before = public_cache.content_version()
    f.InquiryFactory(technology=technology)
    assert public_cache.content_version() == before
    f.ContractFactory()
    assert public_cache.content_version() > before


def test_version_survives_a_cleared_cache_without_going_back():
    first = public_cache.content_version()
    public_cache.get_cache().clear()
    assert public_cache.content_version() > first


def test_cached_value_is_recomputed_after_a_save():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert public_cache.cached_value("figures", compute=compute) == 1
    assert public_cache.cached_value("figures", compute=compute) == 1
    f.KeyFigureFactory()
    assert public_cache.cached_value("figures", compute=compute) == 2


def test_a_process_value_is_kept_until_a_save_or_its_expiry(settings, monkeypatch):
    # Kept in the process's memory whether or not pages are cached, like versioned_value.
    settings.PUBLIC_CACHE_ENABLED = False
    settings.CACHE_PAGE_SECONDS = 300
    clock = [1000.0]
    monkeypatch.setattr(public_cache.time, "monotonic", lambda: clock[0])
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert public_cache.process_value("postings", compute=compute) == 1
    clock[0] += 299
    assert public_cache.process_value("postings", compute=compute) == 1
    f.KeyFigureFactory()  # a save: a new content version
    assert public_cache.process_value("postings", compute=compute) == 2
    clock[0] += 300  # what no signal announces (a bulk update) shows once the value expires
    assert public_cache.process_value("postings", compute=compute) == 3


def test_cached_value_is_off_when_the_cache_is_off(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    calls = []
    public_cache.cached_value("x", compute=lambda: calls.append(1))
    public_cache.cached_value("x", compute=lambda: calls.append(1))
    assert len(calls) == 2


def test_detail_page_reads_its_stored_matches_and_a_renamed_match_shows_at_once(client):
    sector = f.SectorFactory()
    need = f.TechnologyFactory(kind="need", sectors=[sector], title_en="Need for wafer inspection")
    offer = f.TechnologyFactory(kind="offer", sectors=[sector], title_en="Wafer inspection optics")
    url = need.get_absolute_url()
    assert "Wafer inspection optics" not in client.get(url).content.decode()  # not stored yet
    store_matches(need)
    with CaptureQueriesContext(connection) as cold:
        assert "Wafer inspection optics" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    # The stored rows are read on every view, cached or not: no match is scored during a request.
    assert len(warm) == len(cold)

    offer.title_en = "Wafer inspection optics, second generation"
    offer.save()

    assert "Wafer inspection optics, second generation" in client.get(url).content.decode()


# --- Whole pages -------------------------------------------------------------------------------


def counting_view(uses_csrf=False, set_cookie=False):
    calls = []

    def view(request):
        calls.append(1)
        if uses_csrf:
            get_token(request)
        response = HttpResponse(f"call {len(calls)}")
        if set_cookie:
            response.set_cookie("seen", "1")
        return response

    return public_cache.cache_page_response(view, name="test-page"), calls


def test_an_anonymous_page_is_cached_and_refreshed_by_a_save():
    view, calls = counting_view()
    request = RequestFactory().get("/en/technologies/")
    assert view(request).content == b"call 1"
    hit = view(RequestFactory().get("/en/technologies/"))
    assert hit.content == b"call 1" and hit["X-Cache"] == "hit"
    f.TechnologyFactory()
    assert view(RequestFactory().get("/en/technologies/")).content == b"call 2"


def test_pages_are_cached_per_path_and_query():
    view, calls = counting_view()
    view(RequestFactory().get("/en/technologies/"))
    view(RequestFactory().get("/zh-hans/technologies/"))
    view(RequestFactory().get("/en/technologies/?kind=need"))
    assert len(calls) == 3


def test_a_page_with_a_csrf_token_is_never_cached():
    view, calls = counting_view(uses_csrf=True)
    view(RequestFactory().get("/en/technologies/chip/"))
    view(RequestFactory().get("/en/technologies/chip/"))
    assert len(calls) == 2


def test_a_page_setting_a_cookie_is_never_cached():
    view, calls = counting_view(set_cookie=True)
    view(RequestFactory().get("/en/"))
    view(RequestFactory().get("/en/"))
    assert len(calls) == 2


def test_signed_in_visitors_and_pending_messages_bypass_the_cache(settings):
    view, calls = counting_view()
    view(RequestFactory().get("/en/"))
    view(RequestFactory(HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc").get("/en/"))
    view(RequestFactory(HTTP_COOKIE="messages=abc").get("/en/"))
    view(RequestFactory().post("/en/"))
    assert len(calls) == 4


def test_the_listings_version_is_bumped_by_listings_and_what_their_facets_name_only(
    django_capture_on_commit_callbacks,
):
    listings = lambda: public_cache.content_version(public_cache.LISTINGS)  # noqa: E731
    technology = f.TechnologyFactory()
    before = listings()
    # News, a financing product, a contract, an agency: the site's version only.
    site = public_cache.content_version()
    f.ArticleFactory()
    f.FinancingProductFactory()
    f.ContractFactory(technology=technology)
    f.AgencyFactory()
    assert (listings(), public_cache.content_version() > site) == (before, True)
    # A listing, its links, a sector, a country: both.
    changes = [
        lambda: technology.save(),
        lambda: technology.sectors.add(f.SectorFactory()),
        lambda: technology.target_countries.clear(),
        lambda: f.SectorFactory(),
        lambda: Country.objects.create(code="XQ", name_en="Atlantis", name_zh_hans="亚特兰蒂斯"),
    ]
    for change in changes:
        before = listings()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert listings() > before
    # A change that sends no signal (a restore) bumps every version.
    before = listings()
    public_cache.bump_content_version()
    assert listings() > before


def test_a_process_value_of_a_scope_is_kept_until_a_change_in_the_scope(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def held(*parts):
        return public_cache.process_value("index", *parts, compute=compute, scope=public_cache.LISTINGS)

    assert held(1) == 1
    f.ArticleFactory()  # another scope's change
    assert held(1) == 1
    assert held(2) == 2  # other parts: computed again
    f.TechnologyFactory()
    assert held(2) == 3
