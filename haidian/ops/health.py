"""``/healthz``: for the load balancer, the proxy and monitoring. Checks the database and the cache.

- 200 ``{"status": "ok", ...}`` when both answer;
- 200 ``{"status": "degraded", ...}`` when only the cache fails: the site answers uncached
  (``haidian.core.redis_cache``), so the load balancer must keep it; monitoring alerts on it;
- 503 ``{"status": "failing", ...}`` when the database fails.

``cache_errors`` counts the cache errors this worker process met since it started (each gunicorn
worker has its own count). The failing check is named, never the error's text (no host names, no
credentials). Never cached; outside the language prefixes; exempt from the HTTPS redirect
(``prod.py``) so a probe on the loopback works.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from haidian.core import redis_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer to SELECT 1")


def _cache() -> None:
    key, value = "healthz:" + secrets.token_hex(8), secrets.token_hex(8)
    cache.set(key, value, 10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure is an unhealthy answer
            if name == "database":  # logged in full; cache errors are logged once a minute by the backend
                logger.exception("health check %s failed", name)
            results[name] = "failing"
    if results["database"] != "ok":
        status, code = "failing", 503
    elif results["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse(
        {"status": status, "checks": results, "cache_errors": redis_cache.errors()}, status=code
    )
