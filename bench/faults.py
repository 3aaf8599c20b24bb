"""Faults under load (``make faults``): the site keeps answering when Redis or PostgreSQL fails.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.faults

Needs PostgreSQL (``DATABASE_URL``: only the server is used; a temporary ``haidian_faults_<pid>``
database is created, migrated, seeded and dropped) and ``redis-server`` (a private one on a free
loopback port, started and killed here). Without them it says so and exits 0, or 1 under
``CI=true``.

gunicorn (3 sync workers, ``bench.settings``: production-like, Redis as the cache, the default
5 s ``DATABASE_STATEMENT_TIMEOUT``) serves the site on a free loopback port; client threads send
the soak's mixed traffic (``bench.soak``: pages in both languages, searches, the API, inquiries)
the whole time, and a probe reads ``/healthz`` twice a second. Then, in turn:

1. **redis down**: redis-server killed (SIGKILL) for 20 s, then started again on the same port;
2. **postgres drops**: ``pg_terminate_backend`` on every connection to the database, three times,
   4 s apart;
3. **slow database**: a transaction holds ``ACCESS EXCLUSIVE`` on the technologies table for 12 s,
   so every request that reads a listing waits until its statement_timeout ends it.

Each phase runs from its fault to 10 s after it ends. Reported per phase: requests, 5xx other
than 503, 503s (each with ``Retry-After``), connection errors, what ``/healthz`` said, the seconds
from the end of the fault until ``/healthz`` says "ok" three times in a row, and inquiries:
answered with "sent", found stored afterwards, answered 503 with the form kept. Exits non-zero on
any 5xx other than a 503, a 503 while only Redis is down, a connection error, an inquiry answered
"sent" but not stored, or a phase that does not recover within 30 s.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import threading
import time
import urllib.parse
from collections import Counter
from http.client import HTTPException
from pathlib import Path

from .http import Gunicorn
from .soak import WEIGHTS, Client, TemporaryDatabase, free_port, slugs_from_api, start_redis, stored_inquiries

REDIS_DOWN_SECONDS = 20
DROPS, DROP_INTERVAL = 3, 4
LOCK_SECONDS = 12
SETTLE_SECONDS = 10
RECOVERY_LIMIT = 30


class Recorder:
    """Every answer with its time; the phase it belongs to is decided by the time."""

    def __init__(self):
        self.lock = threading.Lock()
        # (time, kind, status, whether Retry-After came with it: None when not looked at)
        self.events: list[tuple[float, str, int, bool | None]] = []
        self.errors: list[tuple[float, str]] = []
        # (time, the marker when answered "sent", the status of the POST: None when the form page failed)
        self.inquiries: list[tuple[float, str | None, int | None]] = []
        self.health: list[tuple[float, str]] = []

    def answer(self, kind: str, status: int, retry_after: bool | None) -> None:
        with self.lock:
            self.events.append((time.monotonic(), kind, status, retry_after))


def traffic(port: int, slugs: list[str], recorder: Recorder, stop: threading.Event, seed: int) -> None:
    client = Client(port, slugs, seed)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    while not stop.is_set():
        kind = client.random.choices(kinds, weights)[0]
        try:
            if kind == "inquiry":
                posted = []

                def record(kind, status, elapsed, posted=posted):
                    # Client.inquiry keeps the headers to itself: Retry-After is checked on the other kinds.
                    recorder.answer(kind, status, retry_after=None)
                    if kind == "inquiry_post":
                        posted.append(status)

                marker = client.inquiry(record)
                with recorder.lock:
                    recorder.inquiries.append((time.monotonic(), marker, posted[0] if posted else None))
                continue
            status, headers, _ = client.request("GET", client.path(kind), headers={"Accept-Language": "en"})
            retry_after = any(name.lower() == "retry-after" for name, _ in headers)
            recorder.answer(kind, status, retry_after)
        except (OSError, HTTPException) as error:
            with recorder.lock:
                recorder.errors.append((time.monotonic(), type(error).__name__))


def probe_health(port: int, recorder: Recorder, stop: threading.Event) -> None:
    client = Client(port, [], 0)
    while not stop.is_set():
        try:
            status, _, body = client.request("GET", "/healthz")
            state = json.loads(body).get("status", "?") if body.startswith(b"{") else f"http {status}"
        except (OSError, HTTPException, ValueError):
            state = "no answer"
        with recorder.lock:
            recorder.health.append((time.monotonic(), state))
        stop.wait(0.5)


def wait_until_healthy(recorder: Recorder, since: float) -> float | None:
    """Seconds from ``since`` until /healthz said "ok" three times in a row; None after the limit."""
    deadline = since + RECOVERY_LIMIT
    while time.monotonic() < deadline:
        with recorder.lock:
            after = [(t, state) for t, state in recorder.health if t >= since]
        for i in range(len(after) - 2):
            if all(state == "ok" for _, state in after[i : i + 3]):
                return after[i][0] - since
        time.sleep(0.5)
    return None


# --- The faults ----------------------------------------------------------------------------------


def postgres_admin(database_url: str):
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    return psycopg.connect(
        urllib.parse.urlunsplit(("postgresql", parts.netloc, parts.path, "", "")), autocommit=True
    )


def redis_down(redis: dict) -> None:
    redis["process"].send_signal(signal.SIGKILL)
    redis["process"].wait(10)
    time.sleep(REDIS_DOWN_SECONDS)
    redis["process"] = start_redis(redis["port"])


def postgres_drops(database_url: str, name: str) -> None:
    with postgres_admin(database_url) as admin:
        for n in range(DROPS):
            if n:
                time.sleep(DROP_INTERVAL)
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )


def slow_database(database_url: str) -> None:
    with postgres_admin(database_url) as admin:
        admin.execute("BEGIN")
        admin.execute("LOCK TABLE listings_technology IN ACCESS EXCLUSIVE MODE")
        time.sleep(LOCK_SECONDS)
        admin.execute("ROLLBACK")


# --- The run -------------------------------------------------------------------------------------


def prerequisites() -> str | None:
    """What is missing, or None."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return "DATABASE_URL does not name a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres)"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (apt-get install redis-server)"
    try:
        with postgres_admin(url):
            pass
    except Exception as error:  # noqa: BLE001 - any failure to connect means: not available
        return f"PostgreSQL does not answer at DATABASE_URL ({type(error).__name__})"
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=3, choices=[2, 3, 4], help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=6, help="client threads")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    missing = prerequisites()
    if missing:
        under_ci = os.environ.get("CI", "").lower() == "true"
        print(f"make faults: {missing}: {'FAILED (CI=true)' if under_ci else 'skipped'}.", file=sys.stderr)
        return 1 if under_ci else 0

    redis = {"port": free_port()}
    redis["process"] = start_redis(redis["port"])
    env = {
        "CACHE_URL": f"redis://127.0.0.1:{redis['port']}/0",
        # One client address sends everything: lift the per-address limits, as the soak does.
        "INQUIRY_RATE_LIMIT": "1000000",
        "API_ANON_RATE": "1000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    recorder, stop = Recorder(), threading.Event()
    phases = []
    try:
        print("Preparing a temporary PostgreSQL database (migrate, seed_demo)...", file=sys.stderr)
        with TemporaryDatabase(os.environ["DATABASE_URL"], prefix="haidian_faults") as database:
            before = stored_inquiries(database.url)
            port = free_port()
            with Gunicorn(
                database.url,
                workers=args.workers,
                extra_env=env,
                port=port,
                app="bench.wsgi:application",
                ready_path="/api/v1/",
            ) as server:
                slugs = slugs_from_api(port)
                threads = [threading.Thread(target=probe_health, args=(port, recorder, stop))]
                threads += [
                    threading.Thread(target=traffic, args=(port, slugs, recorder, stop, n))
                    for n in range(args.threads)
                ]
                for thread in threads:
                    thread.start()
                time.sleep(5)  # warm: the first answers fill the cache
                faults = [
                    ("redis down 20 s", lambda: redis_down(redis)),
                    ("postgres drops x3", lambda: postgres_drops(database.url, database.name)),
                    ("slow database", lambda: slow_database(database.url)),
                ]
                for label, inject in faults:
                    print(f"Fault: {label}...", file=sys.stderr)
                    started = time.monotonic()
                    inject()
                    ended = time.monotonic()
                    recovery = wait_until_healthy(recorder, ended)
                    time.sleep(max(0.0, ended + SETTLE_SECONDS - time.monotonic()))
                    phases.append(
                        {"fault": label, "start": started, "end": time.monotonic(), "recovery": recovery}
                    )
                stop.set()
                for thread in threads:
                    thread.join(90)
            server.log.seek(0)
            log = server.log.read()
            after = stored_inquiries(database.url)
    finally:
        stop.set()
        redis["process"].kill()
        redis["process"].wait(10)
    return report(phases, recorder, before, after, log, args)


def summarise(phase: dict, recorder: Recorder, stored: set[str]) -> dict:
    inside = lambda t: phase["start"] <= t < phase["end"]  # noqa: E731
    events = [e for e in recorder.events if inside(e[0])]
    inquiries = [i for i in recorder.inquiries if inside(i[0])]
    sent = [marker for _, marker, _ in inquiries if marker]
    return {
        "fault": phase["fault"],
        "requests": len(events),
        "5xx": sum(1 for _, _, status, _ in events if status >= 500 and status != 503),
        "503": sum(1 for _, _, status, _ in events if status == 503),
        "503_without_retry_after": sum(
            1 for _, _, status, retry in events if status == 503 and retry is False
        ),
        "connection_errors": sum(1 for t, _ in recorder.errors if inside(t)),
        "health": dict(Counter(state for t, state in recorder.health if inside(t))),
        "recovery_seconds": None if phase["recovery"] is None else round(phase["recovery"], 1),
        "inquiries_sent": len(sent),
        "inquiries_stored": sum(1 for marker in sent if marker in stored),
        "inquiries_503_form_kept": sum(1 for _, marker, status in inquiries if not marker and status == 503),
    }


def server_errors(log: str, limit: int = 5, tail: int = 40) -> list[list[str]]:
    """Each "Internal Server Error" record of the log with the end of its traceback, so that a failed
    run says where its 500s came from."""
    lines = log.splitlines()
    next_record = (
        "[",
        "Internal Server Error",
        "Service Unavailable",
        "Cache unavailable",
        "Cache available",
    )
    records = []
    for start, line in enumerate(lines):
        if "Internal Server Error" not in line:
            continue
        end = start + 1
        while end < len(lines) and not lines[end].startswith(next_record):
            end += 1
        records.append([line, *lines[max(start + 1, end - tail) : end]])
        if len(records) == limit:
            break
    return records


def report(phases, recorder, before, after, log, args) -> int:
    stored = set(after["markers"]) - set(before["markers"])
    rows = [summarise(phase, recorder, stored) for phase in phases]
    header = (
        f"  {'fault':<20} {'requests':>8} {'5xx':>5} {'503':>5} {'conn err':>8} {'recovered':>10} "
        f"{'inquiries sent/stored/503':>26}  /healthz during the phase"
    )
    print(
        f"\nFaults under load ({args.workers} gunicorn workers, {args.threads} client threads, PostgreSQL + Redis)\n"
    )
    print(header)
    failures = []
    for row in rows:
        recovered = "never" if row["recovery_seconds"] is None else f"{row['recovery_seconds']:.1f} s"
        inquiries = f"{row['inquiries_sent']}/{row['inquiries_stored']}/{row['inquiries_503_form_kept']}"
        health = ", ".join(f"{state}: {n}" for state, n in sorted(row["health"].items()))
        print(
            f"  {row['fault']:<20} {row['requests']:>8} {row['5xx']:>5} {row['503']:>5} "
            f"{row['connection_errors']:>8} {recovered:>10} {inquiries:>26}  {health}"
        )
        if row["5xx"]:
            failures.append(f"{row['fault']}: {row['5xx']} 5xx other than 503")
        if row["503_without_retry_after"]:
            failures.append(f"{row['fault']}: a 503 without Retry-After")
        if row["fault"].startswith("redis") and row["503"]:
            failures.append(f"{row['fault']}: 503s while only the cache was down")
        if row["connection_errors"]:
            failures.append(f"{row['fault']}: connection errors")
        if row["recovery_seconds"] is None:
            failures.append(f"{row['fault']}: /healthz not ok within {RECOVERY_LIMIT} s")
        if row["inquiries_stored"] != row["inquiries_sent"]:
            failures.append(f"{row['fault']}: inquiries answered 'sent' but not stored")
    counts = Counter()
    for line in log.splitlines():
        for needle in (
            "Cache unavailable",
            "Cache available again",
            "Service Unavailable",
            "Internal Server Error",
        ):
            if needle in line:
                counts[needle] += 1
    print(f"\n  server log: {dict(counts) or 'nothing'}")
    if args.json:
        args.json.write_text(
            json.dumps({"phases": rows, "log": dict(counts), "failures": failures}, indent=2)
        )
    if failures:
        errors = [line for line in log.splitlines() if line.startswith(("django.", "psycopg.", "redis."))]
        if errors:
            print("\n  errors in the server log (last 10):\n    " + "\n    ".join(errors[-10:]))
        for record in server_errors(log):
            print("\n  a 500 in the server log:\n    " + "\n    ".join(record))
        print("\nFAULTS FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(
        "\nFaults passed: no 5xx but the documented 503s, every phase recovered, every inquiry sent was stored."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
