"""In-process measurements on one database: ``python -m bench.measure --json out.json``.

Run by ``python -m bench`` once per database (Django settings are per process). Every request goes
through the full middleware stack with Django's test client; latency is the median and p95 of
``--runs`` requests after a warm-up. The API and pages are measured with the public cache off (what
a cache miss costs), and again with it on (what a hit costs).
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable

RESULTS: dict[str, dict] = {}


def setup(database_url: str | None) -> None:
    if database_url:
        os.environ["BENCH_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def timed(fn: Callable[[], object], runs: int, warmup: int = 5) -> dict:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": samples[min(len(samples) - 1, int(len(samples) * 0.95))],
        "runs": runs,
    }


def count_queries(fn: Callable[[], object]) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def full_counts(sqls: list[str]) -> list[str]:
    """COUNT queries over the technology table without a LIMIT inside: an exact count of everything."""
    return [
        sql
        for sql in sqls
        if "COUNT(" in sql.upper()
        and "listings_technology" in sql
        and "LIMIT" not in sql.upper()
        and "WHERE" not in sql.upper()
    ]


class Bench:
    def __init__(self, runs: int, warmup: int = 5):
        from django.test import Client

        self.runs = runs
        self.warmup = warmup
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")
        self.results: dict[str, dict] = {}

    def get(self, url: str, expect: int = 200, **headers):
        response = self.client.get(url, **headers)
        if response.status_code != expect:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.content[:300]!r}")
        return response

    def request_case(self, name: str, url: str, *, cache: bool = False, runs: int | None = None, **headers):
        from django.test import override_settings

        try:
            with override_settings(PUBLIC_CACHE_ENABLED=cache):
                self.get(url, **headers)
                queries, sqls = count_queries(lambda: self.get(url, **headers))
                warmup = 1 if runs else self.warmup
                result = timed(lambda: self.get(url, **headers), runs or self.runs, warmup=warmup)
        except Exception as error:  # noqa: BLE001 - a missing page is reported, not fatal
            self.results[name] = {"error": str(error)[:200], "url": url}
            return None
        result.update(url=url, queries=queries, full_counts=len(full_counts(sqls)))
        self.results[name] = result
        return result


class FloorMismatch(AssertionError):
    """A floor no longer gives its view's output: its figures would compare unlike work."""


def difference(site, floor, path: str = "") -> str:
    """Where two JSON values first differ, for the error message."""
    if isinstance(site, dict) and isinstance(floor, dict):
        for key in sorted(set(site) | set(floor)):
            if key not in floor or key not in site:
                return f"{path}.{key}: only in the {'site' if key in site else 'floor'}"
            if site[key] != floor[key]:
                return difference(site[key], floor[key], f"{path}.{key}")
    if isinstance(site, list) and isinstance(floor, list):
        if len(site) != len(floor):
            return f"{path}: {len(site)} items on the site, {len(floor)} on the floor"
        for index, (a, b) in enumerate(zip(site, floor, strict=True)):
            if a != b:
                return difference(a, b, f"{path}[{index}]")
    return f"{path}: site {site!r:.120} != floor {floor!r:.120}"


def check_floor(bench: Bench, url: str, floor_url: str, key: str | None = "results", **headers) -> None:
    """The floor must do its view's work, no less: the same JSON, value for value."""
    site = bench.get(url, **headers).json()
    floor = bench.get(floor_url, **headers).json()
    if key:
        site, floor = site[key], floor[key]
    if not site:
        raise FloorMismatch(f"{url} is empty: nothing to compare the floor with")
    if site != floor:
        raise FloorMismatch(f"{floor_url} no longer gives the output of {url}: {difference(site, floor)}")


def check_home_floor(bench: Bench, url: str) -> None:
    """The home floor reads what the page shows: its listings and news, in the page's order."""
    page = bench.get(url).content.decode()
    floor = bench.get("/bench/floor/home/").json()
    for part in ("offers", "needs", "news"):
        slugs = [row["slug"] for row in floor[part]]
        found = [page.find(f"/{slug}/") for slug in slugs]
        if not slugs or -1 in found or found != sorted(found):
            raise FloorMismatch(f"the home floor's {part} {slugs} are not the home page's")


def deep_cursor(offset: int) -> str:
    from listings.models import Technology

    row = (
        Technology.objects.published()
        .order_by("-published_at", "-id")
        .values_list("published_at", "id")[offset - 1 : offset]
        .first()
    )
    return f"{row[0].isoformat()}|{row[1]}" if row else ""


def api_lists(bench: Bench) -> None:
    from urllib.parse import quote

    from django.test import override_settings

    from listings.models import Technology

    # Page 400 (rows 7,981-8,000) at full scale, within what the capped count serves; less on less data.
    deep_page = max(2, min(400, int(Technology.objects.published().count() * 0.9) // 20))
    cursor = quote(deep_cursor((deep_page - 1) * 20))
    cases = [
        ("api.technologies.page1", "/api/v1/technologies/", "/bench/floor/technologies/"),
        (
            "api.technologies.deep",
            f"/api/v1/technologies/?page={deep_page}",
            f"/bench/floor/technologies/?cursor={cursor}",
        ),
        (
            "api.technologies.filtered",
            "/api/v1/technologies/?kind=need",
            "/bench/floor/technologies/?kind=need",
        ),
        (
            "api.technologies.search",
            "/api/v1/technologies/?search=battery",
            "/bench/floor/technologies/?q=battery",
        ),
        (
            "api.technologies.search_zh",
            "/api/v1/technologies/?search=芯片",
            "/bench/floor/technologies/?q=芯片",
        ),
        ("api.technologies.home_offers", "/api/v1/technologies/?kind=offer&page_size=6", None),
        ("api.contracts", "/api/v1/contracts/", "/bench/floor/contracts/"),
        ("api.articles", "/api/v1/articles/?page_size=3", None),
        ("api.financing_needs", "/api/v1/financing/needs/", None),
    ]
    with override_settings(PUBLIC_CACHE_ENABLED=False):
        for _name, url, floor_url in cases:
            if floor_url:
                check_floor(bench, url, floor_url)
        check_floor(bench, cases[0][1], cases[0][2], HTTP_ACCEPT_LANGUAGE="zh-hans")
    for name, url, floor_url in cases:
        result = bench.request_case(name, url)
        if floor_url:
            floor = bench.request_case(name + ".floor", floor_url)
            if result and floor:
                result["floor_median_ms"] = floor["median_ms"]
                result["ratio"] = result["median_ms"] / floor["median_ms"]
        cached = bench.request_case(name + ".cached", url, cache=True)
        if result and cached:
            result["cached_median_ms"] = cached["median_ms"]
    page1 = bench.results.get("api.technologies.page1", {})
    deep = bench.results.get("api.technologies.deep", {})
    if "median_ms" in page1 and "median_ms" in deep:
        deep["vs_page1"] = deep["median_ms"] / page1["median_ms"]
    # The detail (no floor ratio in-process; throughput compares it over HTTP).
    slug = first_slug()
    with override_settings(PUBLIC_CACHE_ENABLED=False):
        for language in ("en", "zh-hans"):
            detail_urls = (f"/api/v1/technologies/{slug}/", f"/bench/floor/technologies/{slug}/")
            check_floor(bench, *detail_urls, key=None, HTTP_ACCEPT_LANGUAGE=language)
    bench.request_case("api.technology.detail", f"/api/v1/technologies/{slug}/")
    floor = bench.request_case("api.technology.detail.floor", f"/bench/floor/technologies/{slug}/")
    detail = bench.results.get("api.technology.detail", {})
    if floor and "median_ms" in detail:
        detail["floor_median_ms"] = floor["median_ms"]
        detail["ratio"] = detail["median_ms"] / floor["median_ms"]


def store_matches_of(slug: str) -> None:
    """Do the worker's part for one listing: a save enqueues ``refresh_stored_matches`` (the page
    reads what it stores), but the generator's ``bulk_create`` sends no signals. It runs with the
    worker's statement timeout (``DATABASE_COMMAND_STATEMENT_TIMEOUT``), not a web request's: at
    1,000,000 listings its candidate query takes seconds (docs/performance.md)."""
    from django.conf import settings
    from django.db import connection, transaction

    from listings.models import Technology
    from listings.tasks import refresh_stored_matches

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # for this transaction only (is_local)
                milliseconds = settings.DATABASE_COMMAND_STATEMENT_TIMEOUT * 1000
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
        refresh_stored_matches.call([Technology.objects.get(slug=slug).pk])


def first_slug() -> str:
    from listings.models import Technology

    return (
        Technology.objects.published().order_by("-published_at", "-id").values_list("slug", flat=True).first()
    )


def broadest_sector() -> str | None:
    """The top-level sector holding the most listings, its children's included: the broadest
    sector filter a visitor can choose."""
    from django.db.models import Count

    from haidian.core.models import Sector

    sectors = Sector.objects.filter(parent=None).annotate(
        listings=Count("technologies", distinct=True) + Count("children__technologies", distinct=True)
    )
    return sectors.order_by("-listings", "slug").values_list("slug", flat=True).first()


def serialization(bench: Bench, rows: int = 100) -> None:
    """The API serializer against a hand-written dict of the same fields, per row, same objects."""
    from django.test import RequestFactory
    from django.utils import translation
    from rest_framework.request import Request

    try:
        from listings.api.views import TechnologyViewSet
        from listings.relations import attach_relations
    except ImportError as error:
        bench.results["serialization.technology"] = {"error": str(error)}
        return
    translation.activate("en")
    django_request = RequestFactory().get("/api/v1/technologies/", HTTP_HOST="testserver")
    view = TechnologyViewSet(action="list", request=Request(django_request), format_kwarg=None, kwargs={})
    view.request.api_all_languages = False
    # Published rows with their relations read, as the list has them (the sector ids and codes it
    # attaches) and as the dict reads them (prefetched): serialization alone is timed.
    objects = list(view.rows().published()[:rows])
    attach_relations(objects)
    serializer_class = view.get_serializer_class()
    context = view.get_serializer_context()

    def drf():
        return serializer_class(objects, many=True, context=context).data

    def by_hand():
        return [technology_dict(obj, django_request) for obj in objects]

    # The floor must do the API's work, no less: the same output, value for value.
    assert drf() == by_hand(), "the hand-written dict no longer matches TechnologySerializer"
    drf_time = timed(drf, max(10, bench.runs // 5), warmup=2)
    hand_time = timed(by_hand, max(10, bench.runs // 5), warmup=2)
    bench.results["serialization.technology"] = {
        "rows": len(objects),
        "us_per_row": drf_time["median_ms"] * 1000 / len(objects),
        "floor_us_per_row": hand_time["median_ms"] * 1000 / len(objects),
        "ratio": drf_time["median_ms"] / hand_time["median_ms"],
        "fields": len(drf()[0]),
    }


def technology_dict(obj, request) -> dict:
    """``TechnologySerializer``'s output (one language, English), written by hand: the same values,
    English text falling back to Chinese, times in the site's time zone (the run checks equality)."""
    from django.utils.timezone import localtime

    def shown(instance, name):
        """The column the text is read from: English, falling back to Chinese."""
        return next(
            (f"{name}_{code}" for code in ("en", "zh_hans") if getattr(instance, f"{name}_{code}")), None
        )

    def text(instance, name):
        column = shown(instance, name)
        return getattr(instance, column) if column else ""

    def machine(instance, *names):
        made = instance.machine_translated or ()
        return [name for name in names if shown(instance, name) in made]

    origin = "http://testserver"
    owner, agency = obj.owner, obj.agency
    return {
        "slug": obj.slug,
        "kind": obj.kind,
        "title": text(obj, "title"),
        "summary": text(obj, "summary"),
        "keywords": obj.keyword_list(),
        "sectors": [
            {
                "slug": s.slug,
                "name": text(s, "name"),
                "parent": s.parent.slug if s.parent_id else None,
                "machine_translated": machine(s, "name"),
            }
            for s in obj.sectors.all()
        ],
        "owner": {
            "slug": owner.slug,
            "name": text(owner, "name"),
            "kind": owner.kind,
            "country": owner.country_id,
            "url": f"{origin}/api/v1/organizations/{owner.slug}/",
            "machine_translated": machine(owner, "name"),
        },
        "agency": {
            "slug": agency.slug,
            "name": text(agency, "name"),
            "url": f"{origin}/api/v1/agencies/{agency.slug}/",
            "machine_translated": machine(agency, "name"),
        }
        if agency
        else None,
        "origin_country": obj.origin_country_id,
        "target_countries": [c.code for c in obj.target_countries.all()],
        "trl": obj.trl,
        "ip_status": obj.ip_status,
        "transaction_types": [t.code for t in obj.transaction_types.all()],
        "price_cny": None if obj.price_cny is None else str(obj.price_cny),
        "price_negotiable": obj.price_negotiable,
        "availability": obj.availability,
        "published_at": localtime(obj.published_at).isoformat(),
        "expires_at": localtime(obj.expires_at).isoformat() if obj.expires_at else None,
        "last_verified_at": localtime(obj.last_verified_at).isoformat() if obj.last_verified_at else None,
        "updated_at": localtime(obj.updated_at).isoformat(),
        "url": f"{origin}/api/v1/technologies/{obj.slug}/",
        "web_url": f"{origin}/en/technologies/{obj.slug}/",
        "machine_translated": machine(obj, "title", "summary", "keywords"),
    }


def admin_changelists(bench: Bench) -> None:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "bench@example.com", None)
    bench.client.force_login(user)
    from listings.models import Technology

    # Page 1,000 of 50 rows at full scale; the same depth (half-way) on less data.
    deep_page = max(1, min(1000, Technology.objects.count() // 100))
    try:
        for name, url in [
            ("admin.technologies", "/admin/listings/technology/"),
            ("admin.technologies.deep", f"/admin/listings/technology/?p={deep_page}"),
            (
                "admin.technologies.filtered",
                "/admin/listings/technology/?status__exact=published&kind__exact=need",
            ),
            ("admin.technologies.search", "/admin/listings/technology/?q=battery"),
            ("admin.contracts", "/admin/listings/contract/"),
            ("admin.financing_needs", "/admin/financing/financingneed/"),
        ]:
            bench.request_case(name, url, runs=max(3, bench.runs // 15))
    finally:
        bench.client.logout()
        bench.client.cookies.clear()


def pages(bench: Bench) -> None:
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    with translation.override("en"):
        urls = {}
        for name, view_name in [("page.home", "home"), ("page.technologies", "technologies:list")]:
            try:
                urls[name] = reverse(view_name)
            except NoReverseMatch:
                bench.results[name] = {"error": f"no URL named {view_name!r} yet"}
        if "page.technologies" in urls:
            # A combination of filters: its facets are counted on the request (no content-version memo).
            urls["page.technologies.filtered"] = urls["page.technologies"] + "?kind=need&trl=6"
            if sector := broadest_sector():
                urls["page.technologies.sector"] = urls["page.technologies"] + f"?sector={sector}"
        try:
            urls["page.technology"] = reverse("technologies:detail", kwargs={"slug": first_slug()})
            store_matches_of(first_slug())
        except NoReverseMatch:
            bench.results["page.technology"] = {"error": "no URL named 'technologies:detail' yet"}
    for name, url in urls.items():
        result = bench.request_case(name, url)
        cached = bench.request_case(name + ".cached", url, cache=True)
        if result and cached:
            result["cached_median_ms"] = cached["median_ms"]
            result["cached_queries"] = cached["queries"]
    if "page.home" in urls:
        from django.test import override_settings

        with override_settings(PUBLIC_CACHE_ENABLED=False):
            check_home_floor(bench, urls["page.home"])
        floor = bench.request_case("page.home.floor", "/bench/floor/home/")
        home = bench.results.get("page.home", {})
        if floor and "median_ms" in home:
            home["floor_median_ms"] = floor["median_ms"]
            home["ratio"] = home["median_ms"] / floor["median_ms"]


def data_counts() -> dict:
    from financing.models import FinancingNeed, FinancingProduct
    from listings.models import Contract, Technology

    return {
        "technologies": Technology.objects.count(),
        "published": Technology.objects.published().count(),
        "contracts": Contract.objects.count(),
        "products": FinancingProduct.objects.count(),
        "needs": FinancingNeed.objects.count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5, help="requests before each timed series")
    parser.add_argument("--json", help="write the results here (default: stdout)")
    args = parser.parse_args(argv)
    setup(args.database_url)
    from django.db import connection

    bench = Bench(args.runs, args.warmup)
    started = time.perf_counter()
    for step in (api_lists, serialization, pages, admin_changelists):
        step_started = time.perf_counter()
        step(bench)
        print(f"  {step.__name__}: {time.perf_counter() - step_started:.1f}s", file=sys.stderr)
    output = {
        "vendor": connection.vendor,
        "counts": data_counts(),
        "results": bench.results,
        "seconds": time.perf_counter() - started,
    }
    text = json.dumps(output, indent=1, default=str)
    if args.json:
        with open(args.json, "w") as handle:
            handle.write(text)
    else:
        print(text)
    failed = {name: result["error"] for name, result in bench.results.items() if "error" in result}
    for name, error in failed.items():
        print(f"  {name} failed: {error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
