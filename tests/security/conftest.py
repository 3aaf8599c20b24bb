"""The security tests run against the API tests' small public world (records of every kind)."""

import pytest

from tests.api.conftest import world  # noqa: F401


@pytest.fixture
def no_rate_limits(settings):
    """Hostile-input tests send many forms from one address: the limits are tested on their own."""
    settings.INQUIRY_RATE_LIMIT = settings.SEARCH_ALERT_RATE_LIMIT = 100_000
