import pytest
from django.utils import translation


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
