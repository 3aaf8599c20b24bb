import socket

import pytest

from haidian.core import redis_cache


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_caches(port: int, **options) -> dict:
    return {
        "default": {
            "BACKEND": "haidian.core.redis_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": options,
        }
    }


@pytest.fixture(autouse=True)
def fresh_cache_state(monkeypatch):
    """Each test starts with a cache that has not failed yet in this process."""
    monkeypatch.setattr(
        redis_cache,
        "_state",
        {"errors": 0, "failing": False, "retry_at": 0.0, "logged_at": None, "unlogged": 0},
    )
