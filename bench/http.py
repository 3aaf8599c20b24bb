"""Throughput under gunicorn (2 sync workers) on 127.0.0.1 with wrk, against the floor served the same way.

wrk comes from Debian (``apt-get install wrk``, done here when running as root). Each URL gets a
short warm-up and a bounded run (``--duration``, 10 s by default); non-2xx answers and socket
errors are counted and reported. After the runs, the peak resident memory (VmHWM) of each worker.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PORT = int(os.environ.get("BENCH_PORT", "8105"))
ROOT = Path(__file__).resolve().parent.parent


def ensure_wrk() -> str | None:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk with apt-get", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        result = subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, env=env)
        if result.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, env=env)
    return shutil.which("wrk")


class Gunicorn:
    """gunicorn in its own session on 127.0.0.1; the bench's site and floor views by default
    (``bench.soak`` serves the site itself: ``app``, ``settings_module``, ``ready_path``)."""

    def __init__(
        self,
        database_url: str,
        workers: int = 2,
        extra_env: dict | None = None,
        *,
        app: str = "bench.wsgi:application",
        settings_module: str = "bench.settings",
        port: int = PORT,
        ready_path: str = "/bench/floor/contracts/",
    ):
        self.database_url = database_url
        self.workers = workers
        self.extra_env = extra_env or {}
        self.app, self.settings_module, self.port, self.ready_path = app, settings_module, port, ready_path
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "BENCH_DATABASE_URL": self.database_url,
            **self.extra_env,
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            self.app,
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "--max-requests",
            "0",
            "--timeout",
            "60",
        ]
        # gunicorn 26+ opens a local control socket by default (PITFALLS 17): not needed here.
        help_text = subprocess.run([*command[:3], "--help"], capture_output=True, text=True, cwd=ROOT).stdout
        if "--no-control-socket" in help_text:
            command.append("--no-control-socket")
        if port_in_use(self.port):
            raise RuntimeError(f"port {self.port} is in use: stop what listens there or set BENCH_PORT")
        # Its own session, so the master and its workers stop together (see __exit__).
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stderr=self.log, stdout=self.log, text=True, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.ready_path}", timeout=2).read()
                return self
            except OSError:
                if self.process.poll() is not None:
                    self.log.seek(0)
                    raise RuntimeError(f"gunicorn exited: {self.log.read()[-2000:]}") from None
                time.sleep(0.3)
        self.__exit__()
        self.log.seek(0)
        raise RuntimeError(f"gunicorn did not answer within 60 s: {self.log.read()[-2000:]}")

    def worker_pids(self) -> list[int]:
        result = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in result.stdout.split()]

    def peak_rss_mb(self) -> list[float]:
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return peaks

    def __exit__(self, *exc):
        if self.process is None:
            return
        group = self.process.pid  # the session we started: the master and its workers
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            try:
                os.killpg(group, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            deadline = time.monotonic() + wait
            while port_in_use(self.port) and time.monotonic() < deadline:
                time.sleep(0.2)
            if not port_in_use(self.port):
                break
        self.process = None


def port_in_use(port: int = PORT) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def run_wrk(wrk: str, url: str, duration: int, connections: int = 4, threads: int = 1) -> dict:
    full = f"http://127.0.0.1:{PORT}{url}"
    subprocess.run([wrk, "-t1", "-c2", "-d1s", full], capture_output=True)  # warm-up
    result = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            "Accept-Language: en",
            full,
        ],
        capture_output=True,
        text=True,
    )
    text = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    requests = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(g) for g in socket.groups()) if socket else 0)
    return {
        "url": url,
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(requests.group(1)) if requests else 0,
        "errors": errors,
        "p50_ms": _ms(p50) if p50 else None,
    }


def _ms(match) -> float:
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def throughput(database_url: str, cases: list[tuple[str, str, str]], duration: int, cache: bool) -> dict:
    """``cases``: (name, url, floor url). Returns results by name and the workers' peak memory."""
    wrk = ensure_wrk()
    if wrk is None:
        return {"error": "wrk is not installed (apt-get install wrk)"}
    results: dict[str, dict] = {}
    env = {"PUBLIC_CACHE_ENABLED": "true" if cache else "false"}
    with Gunicorn(database_url, extra_env=env) as server:
        for name, url, floor_url in cases:
            result = run_wrk(wrk, url, duration)
            floor = run_wrk(wrk, floor_url, duration)
            result["floor_rps"] = floor["rps"]
            result["floor_errors"] = floor["errors"]
            result["ratio"] = result["rps"] / floor["rps"] if floor["rps"] else None
            results[name] = result
        results["peak_rss_mb"] = server.peak_rss_mb()
    return results
