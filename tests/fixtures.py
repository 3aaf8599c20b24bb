"""Read-only rows built once per module, as Django's ``TestCase.setUpTestData`` builds them per class.

``module_rows(name, build)`` is a module-scoped fixture: ``build()`` saves its rows once, in a
transaction that stays open until the module's last test and is then rolled back. Each test's own
transaction (the ``db`` fixture) is a savepoint inside it, so whatever a test writes is undone
after it and the next test finds the rows as built. Give the tests a ``copy.deepcopy`` of what
``build()`` returned (as ``setUpTestData``'s attributes are), so that an instance changed in memory
by one test is not seen by the next.

Only for modules whose tests use the ordinary ``db`` fixture: a transactional test (``transaction=True``,
``live_server``) would flush the shared rows, and a live server's thread would not see them. And only
where every test of the module asks for the rows: the rows stay until the module's end, so a test
that counts "all" records would find them too (tests/world.py is not built this way for that reason:
several API modules count every record they made themselves).
"""

import sys

import pytest
from django.db import transaction
from django.utils import translation


def module_rows(name: str, build):
    @pytest.fixture(scope="module", name=name)
    def rows(request, django_db_setup, django_db_blocker):
        flushing = [
            item.nodeid
            for item in request.session.items
            if item.module is request.module and transactional(item)
        ]
        assert not flushing, f"{name} is shared by the module's tests: {flushing} would flush it"
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                with translation.override("en"):
                    built = build()
            except BaseException:
                atomic.__exit__(*sys.exc_info())
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    return rows


def transactional(item) -> bool:
    """Does this test run outside a transaction (and flush the database after it)?"""
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in item.fixturenames
        or "live_server" in item.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )
