"""Soak: mixed traffic against the site under gunicorn for a bounded time (``make soak``).

    python -m bench.soak                       # SQLite, 60 s, 3 sync workers, 6 client threads
    DATABASE_URL=postgres://... python -m bench.soak --seconds 60
    python -m bench.soak --redis               # a private redis-server as the shared cache

A TEMPORARY database is migrated and loaded with the demo data (a file in a temporary folder on
SQLite; ``haidian_soak_<pid>`` on the PostgreSQL server of ``DATABASE_URL``, never the database
named there), then gunicorn (sync workers, ``bench.settings``: DEBUG off, the site's URLs) listens
on a free loopback port. Client threads send, at random by weight: home, list and detail pages in
English and Chinese, searches, other public pages, API lists, details and searches, and inquiries
(GET the listing, take the CSRF cookie and token, POST the form, expect the redirect to "inquiry
sent"). The per-address inquiry limit and the API throttle would stop a soak from one address: the
server's environment lifts them (``INQUIRY_RATE_LIMIT``, ``API_ANON_RATE``).

E-mail goes through the real path: an SMTP server of our own (aiosmtpd) on a spare loopback port,
``EMAIL_URL`` pointing at it, and the background worker (``db_worker``) beside gunicorn. The mail
server is DOWN for the first half of the run and up for the second; after the traffic the worker
runs until the queue is empty. Some inquiries are sent twice with the same form (a double click).

Reports requests, requests/s, per kind the count and p50/p95/p99 latency, errors by status, and the
workers' memory. Exits non-zero on any 5xx, unexpected status or connection error, an inquiry
answered with the redirect that is not stored or stored twice (each carries a unique marker, looked
up afterwards), or an inquiry whose e-mail was not delivered exactly once.
Sends traffic to 127.0.0.1 only and stops by itself.
"""

import argparse
import email
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection, HTTPException
from pathlib import Path

from aiosmtpd.controller import Controller

from .http import Gunicorn

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = ["battery", "genome", "navigation", "chip", "芯片", "基因", "超级计算", "vaccine"]
# kind: weight. Inquiries are rare next to reads, as on the real site.
WEIGHTS = {
    "home": 8,
    "list": 10,
    "detail": 14,
    "search": 8,
    "pages": 6,
    "api_list": 10,
    "api_detail": 10,
    "api_search": 6,
    "inquiry": 3,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- The temporary database ----------------------------------------------------------------------


class TemporaryDatabase:
    def __init__(self, database_url: str | None, prefix: str = "haidian_soak"):
        self.folder = Path(tempfile.mkdtemp(prefix="haidian-soak-"))
        self.server_url = None
        if database_url and database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            parts = urllib.parse.urlsplit(database_url)
            self.name = f"{prefix}_{os.getpid()}"
            self.server_url = parts
            self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", parts.query, ""))
            self.vendor = "postgresql"
        else:
            self.url = f"sqlite:///{self.folder / 'soak.sqlite3'}"
            self.vendor = "sqlite"

    def _admin(self, sql: str) -> None:
        import psycopg

        parts = self.server_url
        conninfo = urllib.parse.urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(sql)

    def __enter__(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f"CREATE DATABASE \"{self.name}\" TEMPLATE template0 ENCODING 'UTF8'")
        for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo", "-v", "0"]):
            run_django(self.url, "manage.py", *command)
        return self

    def __exit__(self, *exc):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)


def run_django(database_url: str, *args: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "-W", "ignore", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stderr[-2000:]}")
    return result.stdout


STORED_MARKERS = """
import json, django
django.setup()
from django.db.models import Count
from haidian.core.models import OutboundMessage
from listings.models import Inquiry
rows = Inquiry.objects.filter(message__contains="soak-").values_list("message", flat=True)
print(json.dumps({
    "count": Inquiry.objects.count(),
    "markers": [m.split("soak-")[1][:32] for m in rows],
    # Listings without an agency address: the inquiry waits for the center, no e-mail.
    "unmailed": [m.split("soak-")[1][:32] for m in Inquiry.objects.filter(
        message__contains="soak-", status="new").values_list("message", flat=True)],
    "statuses": dict(Inquiry.objects.values_list("status").annotate(n=Count("pk")).order_by()),
    "messages": dict(OutboundMessage.objects.values_list("status").annotate(n=Count("pk")).order_by()),
}))
"""


def stored_inquiries(database_url: str) -> dict:
    return json.loads(run_django(database_url, "-c", STORED_MARKERS).strip().splitlines()[-1])


# --- Mail: our own SMTP server and the background worker -----------------------------------------

MARKER = re.compile(r"soak-([0-9a-f]{32})")


class MailServer:
    """An SMTP server on a loopback port chosen up front, so that it can be down, then up."""

    def __init__(self):
        self.port = free_port()
        self.received: Counter = Counter()  # marker -> deliveries
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content or envelope.content)
        text = "".join(
            part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8", "replace")
            for part in parsed.walk()
            if part.get_content_type() == "text/plain"
        )
        with self.lock:
            for marker in set(MARKER.findall(text)):
                self.received[marker] += 1
        return "250 Message accepted"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class Worker:
    """``manage.py db_worker`` on the soak's database, with the server's environment."""

    def __init__(self, database_url: str, extra_env: dict):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_DATABASE_URL": database_url,
            **extra_env,
        }
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-W", "ignore", "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def drain(database_url: str, *, timeout: float) -> dict:
    """Wait (the worker running) until no e-mail is queued or being sent; the last figures."""
    deadline = time.monotonic() + timeout
    while True:
        figures = stored_inquiries(database_url)
        waiting = figures["messages"].get("queued", 0) + figures["messages"].get("sending", 0)
        if not waiting or time.monotonic() > deadline:
            return figures
        time.sleep(1)


# --- Traffic -------------------------------------------------------------------------------------


class Client:
    def __init__(self, port: int, slugs: list[str], seed: int):
        self.port, self.slugs, self.random = port, slugs, random.Random(seed)  # noqa: S311

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def path(self, kind: str) -> str:
        pick, lang = self.random.choice, self.random.choice(["en", "zh-hans"])
        if kind == "home":
            return f"/{lang}/"
        if kind == "list":
            return pick(
                [
                    f"/{lang}/technologies/",
                    f"/{lang}/technologies/?kind=offer",
                    f"/{lang}/technologies/?page=2",
                ]
            )
        if kind == "detail":
            return f"/{lang}/technologies/{pick(self.slugs)}/"
        if kind == "search":
            return f"/{lang}/technologies/?q={urllib.parse.quote(pick(SEARCHES))}"
        if kind == "pages":
            return pick(
                [
                    f"/{lang}/agencies/",
                    f"/{lang}/contracts/",
                    f"/{lang}/financing/products/",
                    f"/{lang}/news/",
                ]
            )
        if kind == "api_list":
            return pick(
                ["/api/v1/technologies/", "/api/v1/contracts/", "/api/v1/agencies/", "/api/v1/articles/"]
            )
        if kind == "api_detail":
            return f"/api/v1/technologies/{pick(self.slugs)}/"
        if kind == "api_search":
            return f"/api/v1/technologies/?search={urllib.parse.quote(pick(SEARCHES))}"
        raise ValueError(kind)

    def inquiry(self, record) -> str | None:
        """GET the listing, POST the form with its CSRF cookie and token; the marker if redirected."""
        slug = self.random.choice(self.slugs)
        path = f"/en/technologies/{slug}/"
        started = time.perf_counter()
        status, headers, body = self.request("GET", path)
        record("inquiry_form", status, time.perf_counter() - started)
        if status != 200:
            return None
        cookie = next(
            (v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and v.startswith("csrftoken=")),
            "",
        )
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        form_token = re.search(rb'name="token" value="([^"]+)"', body)
        marker = secrets.token_hex(16)
        form = {
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "name": "Soak Tester",
            "organization_name": "Load test",
            "email": "soak@example.org",
            "country": "CN",
            "message": f"Automated soak inquiry, please ignore. soak-{marker}",
            "consent": "on",
            "token": form_token.group(1).decode() if form_token else "",
        }
        # One in four visitors clicks twice (or retries): the same form, posted again.
        ok = True
        for _attempt in range(2 if self.random.random() < 0.25 else 1):
            started = time.perf_counter()
            status, headers, _ = self.request(
                "POST",
                path,
                body=urllib.parse.urlencode(form).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )
            location = dict((k.lower(), v) for k, v in headers).get("location", "")
            posted = status == 302 and location.endswith(f"/technologies/{slug}/inquiry-sent/")
            record("inquiry_post", status if posted or status != 302 else 399, time.perf_counter() - started)
            ok = ok and posted
        return marker if ok else None


def soak(port: int, slugs: list[str], seconds: float, threads: int, seed: int) -> dict:
    lock = threading.Lock()
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter] = defaultdict(Counter)
    errors: Counter = Counter()
    markers: list[str] = []
    deadline = time.monotonic() + seconds

    def record(kind: str, status: int, elapsed: float) -> None:
        with lock:
            latencies[kind].append(elapsed)
            statuses[kind][status] += 1

    def worker(n: int) -> None:
        client = Client(port, slugs, seed + n)
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        while time.monotonic() < deadline:
            kind = client.random.choices(kinds, weights)[0]
            try:
                if kind == "inquiry":
                    marker = client.inquiry(record)
                    if marker:
                        with lock:
                            markers.append(marker)
                    continue
                path = client.path(kind)
                started = time.perf_counter()
                status, _, _ = client.request("GET", path, headers={"Accept-Language": "en"})
                record(kind, status, time.perf_counter() - started)
            except (OSError, HTTPException) as error:
                with lock:
                    errors[type(error).__name__] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    return {
        "elapsed": time.monotonic() - started,
        "latencies": latencies,
        "statuses": statuses,
        "connection_errors": errors,
        "markers": markers,
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def slugs_from_api(port: int) -> list[str]:
    client = Client(port, [], 0)
    status, _, body = client.request("GET", "/api/v1/technologies/?page_size=100")
    if status != 200:
        raise RuntimeError(f"/api/v1/technologies/ answered {status}")
    return [row["slug"] for row in json.loads(body)["results"]]


def start_redis(port: int) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3, choices=[2, 3, 4], help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=6, help="client threads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--redis", action="store_true", help="a private redis-server as the shared cache")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    redis = None
    mail = MailServer()
    env = {
        # One client address sends everything: lift the per-address limits for the soak only.
        "INQUIRY_RATE_LIMIT": "1000000",
        "API_ANON_RATE": "1000000/minute",
        "LOG_LEVEL": "WARNING",
        # Our own SMTP server, down for the first half; retries after 1 s, doubling.
        "EMAIL_URL": f"smtp://127.0.0.1:{mail.port}",
        "EMAIL_TIMEOUT": "5",
        "EMAIL_RETRY_BACKOFF": "1",
    }
    try:
        if args.redis:
            redis_port = free_port()
            redis = start_redis(redis_port)
            env["CACHE_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        print("Preparing a temporary database (migrate, seed_demo)...", file=sys.stderr)
        with TemporaryDatabase(os.environ.get("DATABASE_URL")) as database:
            before = stored_inquiries(database.url)
            port = free_port()
            server = Gunicorn(
                database.url,
                workers=args.workers,
                extra_env=env,
                port=port,
                app="bench.wsgi:application",
                ready_path="/api/v1/",
            )
            with server, Worker(database.url, env):
                slugs = slugs_from_api(port)
                rss_start = server.peak_rss_mb()
                print(
                    f"Soaking {database.vendor} for {args.seconds:.0f} s: {args.workers} gunicorn workers, "
                    f"{args.threads} client threads, cache {'redis' if redis else 'local memory'}; "
                    f"the mail server is down for the first {args.seconds / 2:.0f} s",
                    file=sys.stderr,
                )
                # The mail server comes back half-way through the traffic.
                comeback = threading.Timer(args.seconds / 2, mail.start)
                comeback.start()
                result = soak(port, slugs, args.seconds, args.threads, args.seed)
                comeback.join()
                rss_end = server.peak_rss_mb()
                print("Traffic over; the worker drains the e-mail queue...", file=sys.stderr)
                after = drain(database.url, timeout=180)
            server.log.seek(0)
            problems = [line for line in server.log.read().splitlines() if "Error" in line or "error" in line]
            if problems:
                print("Server log (errors):\n  " + "\n  ".join(problems[-20:]), file=sys.stderr)
    finally:
        mail.stop()
        if redis is not None:
            redis.terminate()
            redis.wait(10)
    result["delivered"] = dict(mail.received)
    return report(result, before, after, database.vendor, args, rss_start, rss_end, bool(redis))


def report(result, before, after, vendor, args, rss_start, rss_end, redis) -> int:
    latencies, statuses = result["latencies"], result["statuses"]
    total = sum(len(v) for v in latencies.values())
    print(
        f"\nSoak on {vendor}{' + redis' if redis else ''}: {total} requests in {result['elapsed']:.1f} s "
        f"= {total / result['elapsed']:.1f} requests/s ({args.workers} workers, {args.threads} threads)"
    )
    print(f"\n  {'kind':<13} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for kind in sorted(latencies):
        values = latencies[kind]
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(statuses[kind].items()))
        print(
            f"  {kind:<13} {len(values):>8} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
            f"{percentile(values, 99):>8.1f}  {codes}"
        )
    every = [v for values in latencies.values() for v in values]
    if every:
        print(
            f"  {'all':<13} {len(every):>8} {percentile(every, 50):>8.1f} {percentile(every, 95):>8.1f} "
            f"{percentile(every, 99):>8.1f}"
        )
    expected = {"inquiry_post": {302}}
    unexpected = Counter()
    for kind, codes in statuses.items():
        for code, n in codes.items():
            if code not in expected.get(kind, {200}):
                unexpected[code] += n
    sent = result["markers"]
    missing = sorted(set(sent) - set(after["markers"]))
    new_rows = after["count"] - before["count"]
    print(
        f"\n  errors by status: {dict(unexpected) or 'none'}; connection errors: "
        f"{dict(result['connection_errors']) or 'none'}"
    )
    print(f"  inquiries: {len(sent)} answered with the redirect, {new_rows} new rows, {len(missing)} missing")
    delivered = result["delivered"]
    mailed = set(sent) - set(after["unmailed"])
    undelivered = [m for m in mailed if delivered.get(m, 0) == 0]
    duplicated = [m for m in sent if delivered.get(m, 0) > 1]
    print(
        f"  e-mails (server down for the first half): {sum(delivered.values())} received for {len(mailed)} "
        f"inquiries to an agency, {len(undelivered)} never delivered, {len(duplicated)} delivered more than once; "
        f"messages by status: {after['messages']}; inquiries by status: {after['statuses']}"
    )
    print(
        f"  worker memory (VmHWM): {', '.join(f'{m:.0f}' for m in rss_start)} MB at the start, "
        f"{', '.join(f'{m:.0f}' for m in rss_end)} MB at the end"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "vendor": vendor,
                    "redis": redis,
                    "requests": total,
                    "seconds": result["elapsed"],
                    "by_kind": {
                        k: {
                            "requests": len(v),
                            "p50_ms": percentile(v, 50),
                            "p95_ms": percentile(v, 95),
                            "p99_ms": percentile(v, 99),
                            "statuses": dict(statuses[k]),
                        }
                        for k, v in latencies.items()
                    },
                    "unexpected": dict(unexpected),
                    "connection_errors": dict(result["connection_errors"]),
                    "inquiries_sent": len(sent),
                    "inquiries_missing": len(missing),
                    "emails_delivered": sum(delivered.values()),
                    "emails_undelivered": len(undelivered),
                    "emails_duplicated": len(duplicated),
                    "messages": after["messages"],
                },
                indent=2,
            )
        )
    failed = (
        bool(unexpected)
        or bool(result["connection_errors"])
        or bool(missing)
        or new_rows != len(sent)
        or bool(undelivered)
        or bool(duplicated)
    )
    print(
        "\nSOAK FAILED"
        if failed
        else "\nSoak passed: no 5xx, no errors, every inquiry stored once, every e-mail delivered once."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
