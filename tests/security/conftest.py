"""The security tests run against the API tests' small public world (``world``, tests/world.py)."""

import pytest


@pytest.fixture
def no_rate_limits(settings):
    """Hostile-input tests send many forms from one address: the limits are tested on their own."""
    settings.INQUIRY_RATE_LIMIT = settings.SEARCH_ALERT_RATE_LIMIT = 100_000
