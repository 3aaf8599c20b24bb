"""PostgreSQL faults: connections dropped under the site (a restart, a failover,
pg_terminate_backend), and a statement that runs too long."""

import psycopg
import pytest
from django.db import close_old_connections, connection

from haidian.core import database

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only (set DATABASE_URL=postgres://...; CI runs the suite on PostgreSQL too)",
    ),
]


def terminate(pid: int) -> None:
    """pg_terminate_backend from a connection of our own, as an operator or a failover would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(
        **{k: v for k, v in params.items() if v not in (None, "")}, autocommit=True
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def kept_connections():
    """A worker keeping its connection between requests, as production does (CONN_MAX_AGE 60)."""
    saved = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield
    connection.settings_dict["CONN_MAX_AGE"] = saved


def test_no_request_fails_after_the_connection_was_dropped(client, kept_connections):
    close_old_connections()
    assert client.get("/en/technologies/").status_code == 200
    terminate(connection.connection.info.backend_pid)
    # What the WSGI handler does when the next request starts (the test client skips it).
    close_old_connections()
    assert client.get("/en/technologies/").status_code == 200
    assert client.get("/api/v1/technologies/").status_code == 200


def test_a_runaway_query_is_a_503(client, settings, monkeypatch):
    settings.DATABASE_STATEMENT_TIMEOUT = 1
    connection.close()  # the next connection takes the setting

    def runaway(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")

    monkeypatch.setattr("haidian.site.views._agency_growth", runaway)
    client.raise_request_exception = False
    try:
        response = client.get("/en/")
    finally:
        connection.close()  # the next connection (the test's clean-up) without the 1 s limit
    assert response.status_code == 503
    assert response["Retry-After"] == "60"


def test_commands_get_their_own_longer_limit(monkeypatch, settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 5
    settings.DATABASE_COMMAND_STATEMENT_TIMEOUT = 1800
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"
    monkeypatch.setitem(database._limits, "command", True)
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30min"
