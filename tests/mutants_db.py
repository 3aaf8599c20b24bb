"""A pytest plugin for mutation testing (``make mutants``, docs/testing.md): every session starts
from a freshly migrated PostgreSQL test database of its own.

mutmut runs one pytest session per mutant, in a forked worker, several at a time
(``MUTANTS_CHILDREN``). A transactional test flushes its database at its end, the data migrations'
rows (groups, countries, services...) included, so a session that reused it would start without
them and fail for that reason alone: a mutant counted as killed by a missing group. Each session
therefore gets a copy of a migrated template (``MUTANTS_TEMPLATE_DB``, made by ``make mutants``),
named after its process so that parallel workers never share one, and drops it at the end.
Copying takes a second; migrating afresh would take most of a minute per mutant.
"""

import os

import psycopg
from django.db import connections

SESSION_DATABASES = "test_{name}_"  # the prefix `make mutants` drops left-overs of killed workers by
# The name in the settings before any session: pytest-django renames the connection to its test
# database and, reusing it, never names it back, so a forked worker would inherit the test name.
DATABASE_NAME = connections["default"].settings_dict["NAME"]


def maintenance_connection(database):
    return psycopg.connect(
        dbname="postgres",
        host=database["HOST"],
        port=database["PORT"] or None,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        autocommit=True,
    )


def pytest_sessionstart(session):
    template = os.environ.get("MUTANTS_TEMPLATE_DB")
    if not template:
        return
    database = connections["default"].settings_dict
    test_name = SESSION_DATABASES.format(name=DATABASE_NAME) + str(os.getpid())
    database.setdefault("TEST", {})["NAME"] = test_name
    with maintenance_connection(database) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')


def pytest_unconfigure(config):
    if not os.environ.get("MUTANTS_TEMPLATE_DB"):
        return
    connections.close_all()
    database = connections["default"].settings_dict
    with maintenance_connection(database) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database["TEST"]["NAME"]}" WITH (FORCE)')
