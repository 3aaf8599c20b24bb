"""/healthz: the database and the cache checked, never cached, no language prefix, no secrets."""

import pytest

from haidian.ops import health

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}, "cache_errors": 0}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_failing_check_answers_503_without_its_error(client, monkeypatch):
    def broken():
        raise RuntimeError("could not connect to db.internal as haidian password=hunter2")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "failing", "cache": "ok"},
        "cache_errors": 0,
    }
    assert b"hunter2" not in response.content and b"db.internal" not in response.content


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_answers_on_plain_http_when_the_site_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # as haidian/settings/prod.py
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 301
