"""``/healthz``: for the load balancer, the proxy and monitoring. Checks the database and the cache.

Answers 200 ``{"status": "ok", ...}`` or 503 with the failing check named, never the error's text
(no host names, no credentials). Never cached; outside the language prefixes; exempt from the HTTPS
redirect (``prod.py``) so a probe on the loopback works.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
        except Exception:  # noqa: BLE001 - any failure is an unhealthy answer, logged in full
            logger.exception("health check %s failed", name)
            results[name] = "failing"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503
    )
