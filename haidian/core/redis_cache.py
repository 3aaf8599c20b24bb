"""The production cache backend: Django's ``RedisCache``, which treats Redis as an accelerator.

Every cache error of the process is caught here, and only here. When Redis does not answer, an
operation returns what a cache miss returns (``get`` the default, ``add``/``set`` False, ``incr``
the ``ValueError`` of a missing key), so:

- pages and the API are computed from the database, uncached;
- DRF's throttle and the form rate limits (``haidian.core.web.rate_limited``, django-ratelimit)
  count nothing and let the request through: they fail open;
- the content version cannot be read or bumped; when Redis answers again, the ``recovered`` signal
  lets ``haidian.core.cache`` bump it, so no entry stored before a save made during the outage is
  read again.

The first error is logged at WARNING, then at most one line a minute (with the count since the
last line) until Redis answers again, which is logged once. After an error the process does not
try Redis again for ``RETRY_SECONDS`` (default 1): a host that does not answer costs one connect
timeout a second, not one per cache call. ``/healthz`` shows the process's error count
(``errors()``) and reports "degraded" while the cache fails. Short socket timeouts (0.5 s by
default; ``OPTIONS`` overrides them) bound a Redis that accepts connections and never answers.

The login lockout does not depend on this: django-axes keeps its counts in the database.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_INTERVAL_SECONDS = 60
DEFAULT_SOCKET_TIMEOUT = 0.5

#: Sent (no arguments) by the first cache operation that succeeds after a failure.
recovered = Signal()

_lock = threading.Lock()
_state = {"errors": 0, "failing": False, "retry_at": 0.0, "logged_at": None, "unlogged": 0}


def errors() -> int:
    """Cache errors this process has met since it started."""
    return _state["errors"]


def is_failing() -> bool:
    return _state["failing"]


def _missing_key(*args, **kwargs):
    raise ValueError("the cache is unavailable")


# What each operation returns when Redis does not answer: what a miss or a failed write returns.
FALLBACKS = {
    "get": lambda key, default=None, version=None: default,
    "get_many": lambda keys, version=None: {},
    "set_many": lambda data, timeout=None, version=None: list(data),
    "delete_many": lambda keys, version=None: None,
    "incr": _missing_key,
    **{
        name: (lambda *args, **kwargs: False)
        for name in ("add", "set", "touch", "delete", "has_key", "clear")
    },
}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 1))
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})

    def _guarded(self, name, *args, **kwargs):
        fallback = FALLBACKS[name]
        try:
            if _state["failing"]:
                if time.monotonic() < _state["retry_at"]:
                    return fallback(*args, **kwargs)
                # Back? Ask first, so the recovery (the version bump) comes before this operation.
                self._cache.get_client(write=True).ping()
                self._recovered()
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback(*args, **kwargs)

    def _failed(self, error: Exception) -> None:
        now = time.monotonic()
        with _lock:
            _state["errors"] += 1
            _state["unlogged"] += 1
            _state["failing"] = True
            _state["retry_at"] = now + self.retry_seconds
            due = _state["logged_at"] is None or now - _state["logged_at"] >= LOG_INTERVAL_SECONDS
            if due:
                count, _state["unlogged"], _state["logged_at"] = _state["unlogged"], 0, now
        if due:
            logger.warning(
                "Cache unavailable, serving uncached (%s: %s); %d error(s) since the last message",
                type(error).__name__,
                error,
                count,
            )

    def _recovered(self) -> None:
        with _lock:
            if not _state["failing"]:
                return
            _state.update(failing=False, logged_at=None, unlogged=0)
        logger.warning("Cache available again")
        recovered.send(sender=type(self))


def _method(name):
    def method(self, *args, **kwargs):
        return self._guarded(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in FALLBACKS:
    setattr(ResilientRedisCache, _name, _method(_name))
