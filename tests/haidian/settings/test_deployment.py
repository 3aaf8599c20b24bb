"""Production settings pass Django's deployment check at WARNING level and send HSTS; CORS opens
GET on /api/ only; /.well-known/security.txt and robots.txt say what careful operators say."""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[3]


def run_in_production(*arguments, code=None, **environment):
    """``manage.py`` (or Python ``code``) under haidian.settings.prod, loaded for real in a new process."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set in this process for the browser tests; production never has it.
    ignored = {"DEBUG", "DATABASE_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(
        DJANGO_SETTINGS_MODULE="haidian.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ittc.example.org",
        **environment,
    )
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *arguments]
    return subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_passes_the_deployment_check_at_warning_level():
    # The check reads the settings only: no Redis needs to answer.
    result = run_in_production(
        "check", "--deploy", "--fail-level", "WARNING", CACHE_URL="redis://127.0.0.1:6379/1"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_refuses_a_cache_each_worker_keeps_to_itself():
    """Rate limits kept per process count per gunicorn worker (10 inquiries through a limit of 5)."""
    result = run_in_production("check", "--deploy")
    assert result.returncode != 0
    assert "haidian.E001" in result.stderr and "CACHE_URL=redis://" in result.stderr


@pytest.mark.parametrize(
    ("backend", "refused"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", True),
        ("django.core.cache.backends.dummy.DummyCache", True),
        ("django.core.cache.backends.filebased.FileBasedCache", True),
        ("django.core.cache.backends.db.DatabaseCache", True),
        ("django.core.cache.backends.redis.RedisCache", False),
        ("haidian.core.redis_cache.ResilientRedisCache", False),
    ],
)
def test_only_a_shared_cache_passes_the_deployment_check(settings, backend, refused):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": backend, "LOCATION": "somewhere"}}
    errors = [message for message in run_checks(include_deployment_checks=True) if message.is_serious()]
    assert ("haidian.E001" in {error.id for error in errors}) is refused
    assert "haidian.E001" not in {message.id for message in run_checks()}  # a deployment check only


PRODUCTION_HEADERS = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="ittc.example.org")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
print(json.dumps({"plain": [plain.status_code, plain.get("Location")], "headers": dict(secure.headers),
                  "cookie_age": django.conf.settings.SESSION_COOKIE_AGE}))
"""


def test_production_redirects_to_https_and_sends_hsts():
    result = run_in_production(code=PRODUCTION_HEADERS)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["plain"] == [301, "https://ittc.example.org/robots.txt"]
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert answer["cookie_age"] == 12 * 60 * 60


def test_cors_preflight_on_the_api_allows_reading_only(client, db):
    response = client.options(
        "/api/v1/technologies/",
        HTTP_ORIGIN="https://data.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in methods and methods <= {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in response
    get = client.get("/api/v1/sectors/", HTTP_ORIGIN="https://data.example.net")
    assert get["Access-Control-Allow-Origin"] == "*"


def test_no_cors_outside_the_api(client, db):
    for path in ("/en/", "/en/technologies/", "/admin/login/", "/i18n/setlang/"):
        response = client.get(path, HTTP_ORIGIN="https://evil.example.net")
        assert "Access-Control-Allow-Origin" not in response, path
        preflight = client.options(
            path, HTTP_ORIGIN="https://evil.example.net", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
        )
        assert "Access-Control-Allow-Origin" not in preflight, path


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SECURITY_CONTACT = ["mailto:security@ittc.example.org", "https://ittc.example.org/security"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    fields = re.findall(r"^([A-Za-z-]+): (.+)$", text, re.M)
    assert [value for name, value in fields if name == "Contact"] == settings.SECURITY_CONTACT
    (expires,) = [value for name, value in fields if name == "Expires"]
    # RFC 9116: an RFC 3339 date, less than a year ahead is recommended; in the future in any case.
    assert datetime.fromisoformat(expires) > timezone.now()
    assert "Canonical: http://testserver/.well-known/security.txt" in text


def test_robots_txt_keeps_crawlers_out_of_the_back_office(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text.splitlines()
