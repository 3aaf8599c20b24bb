"""System checks for deployment.

``haidian.E001``: the rate limits (inquiries, search alerts, API throttle) and the content version of
the page cache live in the default cache; a per-process cache counts them per gunicorn worker
(with 2 workers, 10 inquiries got through a limit of 5). A deployment needs a cache every worker
shares, with atomic increments: Redis (``CACHE_URL=redis://…``) or memcached. Registered as a
deployment check, so ``manage.py check --deploy`` fails on any other backend; development and tests
keep their local-memory cache. Messages are for the operator's console, untranslated like Django's.
"""

from django.conf import settings
from django.core import checks

# An allow-list, so that an unknown backend fails closed.
SHARED_CACHE_BACKENDS = frozenset(
    {
        "django.core.cache.backends.redis.RedisCache",
        "haidian.core.redis_cache.ResilientRedisCache",
        "django_redis.cache.RedisCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "django.core.cache.backends.memcached.PyLibMCCache",
    }
)


def shared_cache_check(app_configs=None, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in SHARED_CACHE_BACKENDS:
        return []
    return [
        checks.Error(
            f"The default cache ({backend or 'none'}) is not shared by all workers: "
            "rate limits would count per worker.",
            hint="Set CACHE_URL=redis://… (Redis) or a memcached address.",
            id="haidian.E001",
        )
    ]
