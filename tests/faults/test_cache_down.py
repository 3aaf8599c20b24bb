"""Redis down (the cache URL points at a closed port): the site answers from the database, uncached;
errors are logged once a minute and counted on /healthz; rate limits fail open."""

import logging
import os
import shutil
import signal

import pytest
from django.test import override_settings

from bench.soak import start_redis
from haidian.core import cache as content_cache
from haidian.core import redis_cache
from listings.models import Inquiry
from tests import factories

from .conftest import closed_port, redis_caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down():
    with override_settings(CACHES=redis_caches(closed_port())):
        yield


def test_pages_and_api_answer_uncached(client, cache_down):
    technology = factories.TechnologyFactory()
    for path in (
        "/en/",
        "/zh-hans/",
        "/en/technologies/",
        technology.get_absolute_url(),
        "/api/v1/technologies/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "X-Cache" not in response
    assert redis_cache.errors() > 0


def test_errors_are_logged_once_a_minute_not_once_a_request(client, caplog):
    # No pause between attempts (RETRY_SECONDS 0), so every request really meets the error.
    with (
        override_settings(CACHES=redis_caches(closed_port(), RETRY_SECONDS=0)),
        caplog.at_level(logging.WARNING),
    ):
        for _ in range(5):
            assert client.get("/en/technologies/").status_code == 200
    lines = [r for r in caplog.records if r.name == "haidian.core.redis_cache"]
    assert len(lines) == 1
    assert "Cache unavailable" in lines[0].getMessage()
    assert redis_cache.errors() >= 5


def test_healthz_reports_degraded_and_stays_200(client, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"] == {"database": "ok", "cache": "failing"}
    assert body["cache_errors"] > 0


def test_inquiry_rate_limit_fails_open(client, cache_down, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    technology = factories.TechnologyFactory()
    form = {
        "name": "Li Wei",
        "email": "li@example.org",
        "message": "We would like to license this technology for our plant.",
        "consent": "on",
    }
    for _ in range(3):
        response = client.post(technology.get_absolute_url(), form)
        assert response.status_code == 302
    assert Inquiry.objects.count() == 3


def test_api_throttle_fails_open(client, cache_down, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1/minute"}}
    for _ in range(3):
        assert client.get("/api/v1/agencies/").status_code == 200


@override_settings(AXES_ENABLED=True)
def test_login_lockout_fails_closed(client, cache_down):
    """django-axes counts failed logins in the database (its default handler), not in the cache:
    with the cache down the lockout still holds."""
    from axes.conf import settings as axes_settings

    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    user = factories.UserFactory(username="editor", is_staff=True)
    user.set_password("right-password-123")
    user.save()
    login = "/admin/login/?next=/admin/"
    for _ in range(5):
        client.post(login, {"username": "editor", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        login, {"username": "editor", "password": "right-password-123"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_content_version_bumped_when_the_cache_answers_again():
    """A save while Redis failed could not bump the version; the first answer after the outage does."""
    before = content_cache.content_version()
    redis_cache.recovered.send(sender=redis_cache.ResilientRedisCache)
    assert content_cache.content_version() > before


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_a_save_during_an_outage_is_not_hidden_by_old_entries(tmp_path):
    """Redis stops answering (SIGSTOP: it keeps its memory) while a save happens, then answers again:
    the version moves past the one the old entries were stored under."""
    port = closed_port()
    server = start_redis(port)
    try:
        with override_settings(CACHES=redis_caches(port, RETRY_SECONDS=0, socket_timeout=0.2)):
            old_version = content_cache.content_version()
            os.kill(server.pid, signal.SIGSTOP)
            try:
                factories.ArticleFactory()  # its bump is lost
                assert redis_cache.is_failing()
            finally:
                os.kill(server.pid, signal.SIGCONT)
            assert content_cache.content_version() > old_version
            assert not redis_cache.is_failing()
    finally:
        server.kill()
        server.wait(10)
