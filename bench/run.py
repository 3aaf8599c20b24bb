"""``make bench`` = ``python -m bench``: one table of figures and ratios, SQLite and PostgreSQL side by side.

For each database: fill it with the large data set if needed (``bench.generate``), run the
in-process measurements in a subprocess (``bench.measure``), then the HTTP throughput under
gunicorn with wrk (``bench.http``). PostgreSQL is measured when ``DATABASE_URL`` (or
``--postgres``) points to a PostgreSQL server: its own database on that server,
``haidian_bench`` (``BENCH_PG_DATABASE``), is created and filled, never the one in the URL.

``--quick`` (or ``BENCH_QUICK=1``): a tenth of the data, 5 runs after 1 warm-up, 3-second load runs.

The run stops with an error when a floor no longer gives its view's exact output (``bench.measure``
compares them value for value): CI runs ``--quick --no-http --fresh`` on both databases for that.
The targets are read from the table, never asserted: wall-clock times depend on the machine.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import http

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
failures: list[str] = []  # databases on which a measurement failed


def postgres_url(explicit: str | None) -> str | None:
    url = explicit or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return None
    parts = urlsplit(url)
    name = os.environ.get("BENCH_PG_DATABASE", "haidian_bench")
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


# The measurements start as the site's own processes do (gunicorn imports the code), not through
# runpy (``python -m``): run by runpy, Django's SQLite date functions (the admin's year lists) took
# 2-3 times as long here, for a reason not found (docs/performance.md, item 26).
MEASURE = "import sys; from bench.measure import main; sys.exit(main(sys.argv[1:]))"


def run_python(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **env}, check=True)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory": memory,
        "python": platform.python_version(),
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def measure_database(label: str, url: str, args) -> dict:
    env = {"BENCH_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    print(f"== {label}: {url}", file=sys.stderr)
    started = time.perf_counter()
    run_python(
        "-m", "bench.generate", "--scale", str(args.scale), *(["--force"] if args.fresh else []), env=env
    )
    generated = time.perf_counter() - started
    out = DATA / f"measure-{label.lower()}.json"  # kept: a later failure does not lose these figures
    out.unlink(missing_ok=True)
    try:
        warmup = ["--warmup", "1"] if args.quick else []
        run_python("-c", MEASURE, "--runs", str(args.runs), *warmup, "--json", str(out), env=env)
    except subprocess.CalledProcessError:
        if not out.exists():  # stopped early: a floor no longer matches its view, or a crash
            raise
        failures.append(label)  # a measurement failed: the table shows which (n/a)
    result = json.loads(out.read_text())
    result["generate_seconds"] = generated
    if not args.no_http:
        slug = result.get("detail_slug") or first_slug(url)
        cases = [
            ("http.technologies", "/api/v1/technologies/", "/bench/floor/technologies/"),
            ("http.technology", f"/api/v1/technologies/{slug}/", f"/bench/floor/technologies/{slug}/"),
        ]
        home = result["results"].get("page.home", {}).get("url")
        if home:
            cases.append(("http.home", home, "/bench/floor/home/"))
        print(
            f"  throughput ({len(cases)} URLs x 2, {args.duration}s each, cache off then on)", file=sys.stderr
        )
        for key, cache in (("http", False), ("http_cached", True)):
            try:
                result[key] = http.throughput(url, cases, args.duration, cache=cache)
            except Exception as error:  # noqa: BLE001 - reported in the table, the other figures still count
                print(f"  throughput failed: {error}", file=sys.stderr)
                result[key] = {"error": str(error)[:200]}
    return result


def first_slug(url: str) -> str:
    code = "import bench.measure as m; m.setup(None); print(m.first_slug())"
    env = {**os.environ, "BENCH_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


# --- The table ---------------------------------------------------------------------------------

ROWS = [
    # (label, result key, what to show, target)
    ("API technologies, page 1", "api.technologies.page1", "latency", "<= 2x floor"),
    ("API technologies, page 400 (offset 7,980)", "api.technologies.deep", "latency", "<= 2x floor"),
    ("  deep page vs page 1", "api.technologies.deep", "vs_page1", "<= 1.5x"),
    ("API technologies, kind=need", "api.technologies.filtered", "latency", "<= 2x floor"),
    ("API technologies, search=battery", "api.technologies.search", "latency", "<= 30 ms"),
    ("API technologies, search=芯片", "api.technologies.search_zh", "latency", "<= 30 ms"),
    ("API home offers (kind=offer, 6)", "api.technologies.home_offers", "latency", ""),
    ("API contracts, page 1", "api.contracts", "latency", "<= 2x floor"),
    ("API articles (3)", "api.articles", "latency", ""),
    ("API financing needs, page 1", "api.financing_needs", "latency", ""),
    ("API technology detail", "api.technology.detail", "latency", "<= 2x floor"),
    ("Serialization per row (100 rows)", "serialization.technology", "serialization", "<= 3x dict"),
    ("Home page", "page.home", "page", ""),
    ("Technology list page", "page.technologies", "page", "<= 60 ms"),
    ("Technology list page, kind=need&trl=6", "page.technologies.filtered", "page", "<= 60 ms"),
    ("Technology list page, broadest sector", "page.technologies.sector", "page", "<= 60 ms"),
    ("Technology detail page", "page.technology", "page", "<= 30 ms"),
    ("Admin technologies, page 1", "admin.technologies", "admin", "no full COUNT"),
    ("Admin technologies, deep page", "admin.technologies.deep", "admin", ""),
    ("Admin technologies, filtered", "admin.technologies.filtered", "admin", ""),
    ("Admin technologies, search", "admin.technologies.search", "admin", "<= 150 ms"),
    ("Admin contracts", "admin.contracts", "admin", ""),
    ("Admin financing needs", "admin.financing_needs", "admin", ""),
]
HTTP_ROWS = [
    ("HTTP API technologies list", "http.technologies"),
    ("HTTP API technology detail", "http.technology"),
    ("HTTP home page", "http.home"),
]


def cell(result: dict | None, kind: str) -> str:
    if not result:
        return "-"
    if "error" in result:
        return "n/a (" + result["error"][:38] + ")"
    if kind == "latency":
        text = f"{result['median_ms']:.1f} / {result['p95_ms']:.1f} ms, {result['queries']}q"
        if "ratio" in result:
            text += f", floor {result['floor_median_ms']:.1f} = {result['ratio']:.1f}x"
        if "cached_median_ms" in result:
            text += f"; cached {result['cached_median_ms']:.1f}"
        if result.get("full_counts"):
            text += " FULL COUNT"
        return text
    if kind == "vs_page1":
        return f"{result['vs_page1']:.2f}x" if "vs_page1" in result else "-"
    if kind == "serialization":
        return f"{result['us_per_row']:.0f} us/row vs dict {result['floor_us_per_row']:.0f} = {result['ratio']:.1f}x"
    if kind == "page":
        text = f"{result['median_ms']:.1f} / {result['p95_ms']:.1f} ms, {result['queries']}q"
        if "cached_median_ms" in result:
            text += f"; cached {result['cached_median_ms']:.1f} ms, {result['cached_queries']}q"
        if "ratio" in result:
            text += f"; floor {result['floor_median_ms']:.1f} = {result['ratio']:.1f}x"
        return text
    if kind == "admin":
        text = f"{result['median_ms']:.0f} / {result['p95_ms']:.0f} ms, {result['queries']}q"
        return text + (", FULL COUNT" if result.get("full_counts") else ", no full count")
    return "?"


def http_cell(result: dict | None, cached: dict | None) -> str:
    if not result or "rps" not in result:
        return "-" if not result else "n/a"
    text = (
        f"{result['rps']:.0f} rps vs floor {result['floor_rps']:.0f} = {result['ratio'] * 100:.0f}%"
        if result.get("ratio")
        else f"{result['rps']:.0f} rps"
    )
    text += f", {result['errors'] + result['floor_errors']} err"
    if cached and "rps" in cached:
        text += f"; cached {cached['rps']:.0f} rps ({cached['ratio'] * 100:.0f}%)"
    return text


def render(results: dict[str, dict], info: dict, args) -> str:
    labels = list(results)
    width = 58
    lines = [
        f"Benchmark {info['date']} - {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, Python {info['python']}",
        f"Command: python -m bench {' '.join(args.argv)}".rstrip(),
        "Latency: median / p95 over the runs, in-process client, full middleware stack; q = queries.",
        "Ratios against the floor (bench/floor.py: keyset, no COUNT, values + orjson); cache off unless 'cached'.",
        "",
    ]
    for label in labels:
        counts = results[label].get("counts", {})
        lines.append(
            f"{label}: "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            + f" (generated in {results[label].get('generate_seconds', 0):.0f}s if new)"
        )
    lines.append("")
    header = (
        f"| {'measurement':<44} | {'target':<13} | "
        + " | ".join(f"{label:<{width}}" for label in labels)
        + " |"
    )
    # One run of dashes per column: a Markdown table, pasted into docs/performance.md as it is.
    lines += [header, "|" + "|".join("-" * (w + 2) for w in (44, 13, *[width] * len(labels))) + "|"]
    for title, key, kind, target in ROWS:
        cells = [cell(results[label]["results"].get(key), kind) for label in labels]
        lines.append(f"| {title:<44} | {target:<13} | " + " | ".join(f"{c:<{width}}" for c in cells) + " |")
    if not args.no_http:
        for title, key in HTTP_ROWS:
            cells = [
                http_cell(
                    results[label].get("http", {}).get(key), results[label].get("http_cached", {}).get(key)
                )
                for label in labels
            ]
            lines.append(
                f"| {title:<44} | {'>= 50% floor':<13} | " + " | ".join(f"{c:<{width}}" for c in cells) + " |"
            )
        cells = []
        for label in labels:
            peaks = results[label].get("http", {}).get("peak_rss_mb", []) + results[label].get(
                "http_cached", {}
            ).get("peak_rss_mb", [])
            cells.append(f"{max(peaks):.0f} MiB (max of {len(peaks)} workers)" if peaks else "-")
        lines.append(
            f"| {'Peak RSS of a gunicorn worker':<44} | {'':<13} | "
            + " | ".join(f"{c:<{width}}" for c in cells)
            + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1")
    parser.add_argument("--scale", type=float, help="fraction of the full data set (default 1, quick 0.1)")
    parser.add_argument("--runs", type=int, help="requests per latency measurement (default 50, quick 5)")
    parser.add_argument("--duration", type=int, help="seconds per load run (default 10, quick 3)")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn/wrk throughput runs")
    parser.add_argument("--postgres", help="a postgres:// URL (default: DATABASE_URL when it is PostgreSQL)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="generate the data again even if filled (CI)")
    parser.add_argument("--json", help="also write every figure here")
    args = parser.parse_args(argv)
    args.argv = argv
    args.scale = args.scale or (0.1 if args.quick else 1.0)
    args.runs = args.runs or (5 if args.quick else 50)
    args.duration = args.duration or (3 if args.quick else 10)

    suffix = "" if args.scale == 1 else f"-{args.scale:g}"
    databases = {}
    if not args.no_sqlite:
        databases["SQLite"] = f"sqlite:///{DATA / f'bench{suffix}.sqlite3'}"
    pg = postgres_url(args.postgres)
    if pg:
        if suffix:
            pg = pg + suffix.replace(".", "_").replace("-", "_")
        databases["PostgreSQL"] = pg
    else:
        print("PostgreSQL skipped: DATABASE_URL does not point to PostgreSQL.", file=sys.stderr)
    info = machine()
    started = time.perf_counter()
    results = {label: measure_database(label, url, args) for label, url in databases.items()}
    table = render(results, info, args)
    print(table)
    (DATA / "results.txt").write_text(table + "\n")
    print(f"\n(total {time.perf_counter() - started:.0f}s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "results": results}, indent=1, default=str))
    if failures:
        print(f"Measurements failed on {', '.join(failures)}: see n/a in the table.", file=sys.stderr)
        return 1
    return 0
