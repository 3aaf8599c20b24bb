"""Fixtures every test can use. The back-office users (``center_admin``, ``make_editor``, ...) and the
API tests' small public ``world`` are plugins, so every area of the mirrored tree sees them."""

import pytest
from django.utils import translation

from tests.fixtures import transactional

pytest_plugins = ["tests.admin_users", "tests.world"]


@pytest.fixture(autouse=True)
def _english_by_default():
    """Every test starts in English, whatever an earlier test activated."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


#: The database queue of production, for the tests that need a real worker (tests/mail).
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """E-mails wait in the database queue until a worker runs (``run_worker``)."""
    settings.TASKS = DATABASE_TASKS


REFERENCE_MODELS = (
    "haidian.Country",
    "agencies.Service",
    "listings.TransactionType",
    "financing.CompanyStage",
)


@pytest.fixture(scope="session")
def reference_snapshot(django_db_setup, django_db_blocker):
    """The rows the data migrations create, as they are before any transactional test flushes them."""
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        return serializers.serialize(
            "json",
            [row for label in REFERENCE_MODELS for row in apps.get_model(label).objects.all()],
        )


@pytest.fixture(autouse=True)
def _serialized_database(request):
    """The snapshot that ``serialized_rollback`` reloads after a flush. pytest-django takes it when it
    creates the test database, but a session whose first database user is a module-scoped fixture
    (``module_rows``) gets a database without it, and its serialized tests would start empty."""
    if not transactional(request.node):
        return
    from django.db import connection

    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = request.getfixturevalue("database_snapshot")


@pytest.fixture(scope="session")
def database_snapshot(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Transactional and live-server tests run in a database that earlier ones flushed: put the
    migrations' reference rows (countries, services, ...) back when a flush removed them (serialized
    rollback does not always restore them, and the order of tests under xdist varies)."""
    if not transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    snapshot = request.getfixturevalue("reference_snapshot")
    from django.core import serializers

    from haidian.core.models import Country

    if not Country.objects.exists():
        for obj in serializers.deserialize("json", snapshot):
            obj.save()
