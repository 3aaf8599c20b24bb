#!/usr/bin/env python
"""Search and matching benchmark: median and p95 latency at 100,000 listings, on SQLite and on
PostgreSQL, against a plain ``icontains`` scan; financing matching against 2,000 products.

    .venv/bin/python bench/search_bench.py --listings 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haidian_search_bench \\
        .venv/bin/python bench/search_bench.py --listings 100000

SQLite always runs (database ``bench/data/search-<N>.sqlite3``); PostgreSQL runs too when
``DATABASE_URL`` names one (its database name must contain "bench": it is emptied when it does not
hold the expected catalogue). Each database is measured in its own process; a catalogue of the
right size is reused. One "search" is what the search page does: the first 20 results and the
total count.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ would come first on the path and its modules (bench/http.py) would
# shadow the standard library's; the project root goes there instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

DATA = ROOT / "bench" / "data"
ENGLISH = [
    "licence",
    "chip design",
    "genome sequencing",
    "beidou navigation",
    "battery recycling",
    "quantum",
    "laser weldng",
]
CHINESE = ["芯片", "基因测序", "导航", "集成电路", "固态电池", "量子"]
PAGE = 20


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=11, help="timed runs per query (after 2 warm-ups)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        print(json.dumps(measure(args)))
        return

    url = os.environ.get("DATABASE_URL", "")
    vendors = ["sqlite"] + (["postgresql"] if url.startswith(("postgres://", "postgresql://")) else [])
    results = []
    for vendor in vendors:
        print(f"# {vendor}: preparing and measuring ...", file=sys.stderr)
        command = [sys.executable, __file__, "--only", vendor, *sys.argv[1:]]
        output = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        sys.stderr.write(output.stderr)
        if output.returncode:
            raise SystemExit(f"{vendor}: the measurement failed (see above)")
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
    print(report(results, args))


def setup_django(vendor: str, listings: int) -> None:
    if vendor == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DATA / f'search-{listings}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haidian.settings.dev")
    os.environ["DEBUG"] = "false"  # no query log: it would cost time and memory
    import django

    django.setup()


def prepare(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import database_exists, recreate_database
    from bench.search_data import generate
    from financing.models import FinancingProduct
    from listings.models import Technology

    if not database_exists():
        recreate_database()  # PostgreSQL: created with a UTF-8 ctype (PITFALLS 11)
    call_command("migrate", verbosity=0)
    have = (Technology.objects.count(), FinancingProduct.objects.count())
    if have == (args.listings, args.products):
        log(f"  reusing {have[0]} listings and {have[1]} products")
        return
    if any(have):
        name = connection.settings_dict["NAME"]
        if connection.vendor == "postgresql" and "bench" not in str(name):
            raise SystemExit(f"{name} holds other data; use a database whose name contains 'bench'.")
        log(f"  {name} holds {have}; emptying it")
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)  # reference rows (countries, types, stages)
    generate(args.listings, args.products, log=log)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(function, repeat: int) -> dict:
    for _ in range(2):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"median_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2)}


def measure(args) -> dict:
    setup_django(args.only, args.listings)
    prepare(args)
    from django.db import connection
    from django.db.models import Q
    from django.test.utils import CaptureQueriesContext

    from financing.models import FinancingNeed, FinancingProduct
    from financing.services import match_products_for_need
    from listings.matching import technology_matches
    from listings.models import Technology
    from listings.search import search_technologies

    published = Technology.objects.published()

    def search_page(query):
        queryset = search_technologies(query, published)
        return list(queryset[:PAGE]), queryset.count()

    def scan_page(query):
        condition = Q()
        for name in ("title", "summary", "description", "keywords"):
            for lang in ("en", "zh_hans"):
                condition |= Q(**{f"{name}_{lang}__icontains": query})
        queryset = published.filter(condition).order_by("-published_at", "-id")
        return list(queryset[:PAGE]), queryset.count()

    rows = []
    for language, queries in (("en", ENGLISH), ("zh", CHINESE)):
        for query in queries:
            search = timed(lambda q=query: search_page(q), args.repeat)
            scan = timed(lambda q=query: scan_page(q), args.repeat)
            rows.append(
                {
                    "language": language,
                    "query": query,
                    "search": search,
                    "search_hits": search_page(query)[1],
                    "scan": scan,
                    "scan_hits": scan_page(query)[1],
                    "speed_up": round(scan["median_ms"] / max(search["median_ms"], 0.01), 1),
                }
            )
            log(f"  {query!r}: search {search}, scan {scan}")

    need = FinancingNeed.objects.get(slug="bench-need")
    with CaptureQueriesContext(connection) as queries:
        products = match_products_for_need(need)
    financing = {
        **timed(lambda: match_products_for_need(need), args.repeat),
        "queries": len(queries),
        "matches": len(products),
        "fits": sum(m.fits for m in products),
    }
    listing_need = Technology.objects.published().needs().order_by("pk").first()
    with CaptureQueriesContext(connection) as queries:
        offers = technology_matches(listing_need, near_misses=0).matches
    technology = {
        **timed(lambda: technology_matches(listing_need, near_misses=0), args.repeat),
        "queries": len(queries),
        "matches": len(offers),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "vendor": args.only,
        "version": version.split(" on ")[0] if connection.vendor == "postgresql" else f"SQLite {version}",
        "listings": Technology.objects.count(),
        "published": published.count(),
        "products": FinancingProduct.objects.count(),
        "rows": rows,
        "financing": financing,
        "technology": technology,
    }


def report(results: list[dict], args) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}).",
        f"Command: `.venv/bin/python bench/search_bench.py --listings {args.listings} --products {args.products}"
        f" --repeat {args.repeat}` (DATABASE_URL set for PostgreSQL).",
        "",
    ]
    for result in results:
        lines += [
            f"**{result['version']}**: {result['listings']:,} listings ({result['published']:,} published), "
            f"{result['products']:,} financing products. Times in ms for the first {PAGE} results plus the total count.",
            "",
            "| query | search median | search p95 | hits | icontains median | icontains p95 | hits | icontains / search |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in result["rows"]:
            lines.append(
                f"| {row['query']} | {row['search']['median_ms']} | {row['search']['p95_ms']} | {row['search_hits']:,} "
                f"| {row['scan']['median_ms']} | {row['scan']['p95_ms']} | {row['scan_hits']:,} | {row['speed_up']}× |"
            )
        financing, technology = result["financing"], result["technology"]
        lines += [
            "",
            f"Financing matching, one need against {result['products']:,} products: median {financing['median_ms']} ms, "
            f"p95 {financing['p95_ms']} ms, {financing['queries']} queries, {financing['matches']} matches shown "
            f"({financing['fits']} fit every rule).",
            f"Technology matching, one need against the published offers: median {technology['median_ms']} ms, "
            f"p95 {technology['p95_ms']} ms, {technology['queries']} queries, {technology['matches']} matches.",
            "",
        ]
    return "\n".join(lines)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
