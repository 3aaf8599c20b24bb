"""A pytest plugin for mutation testing (``make mutants``, docs/testing.md): every session starts
from a freshly migrated PostgreSQL test database.

mutmut runs one pytest session per mutant on a kept test database (``--reuse-db``). A transactional
test flushes that database at its end, the data migrations' rows (groups, countries, services...)
included, so the next session would start without them and fail for that reason alone: a mutant
counted as killed by a missing group. Copying a migrated template (``MUTANTS_TEMPLATE_DB``, made by
``make mutants``) takes a second; migrating afresh would take most of a minute per mutant.
"""

import os

import psycopg
from django.conf import settings


def pytest_sessionstart(session):
    template = os.environ.get("MUTANTS_TEMPLATE_DB")
    if not template:
        return
    database = settings.DATABASES["default"]
    test_name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
    with psycopg.connect(
        dbname="postgres",
        host=database["HOST"],
        port=database["PORT"] or None,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
