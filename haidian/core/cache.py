"""The caching layer of the public site and API: one site-wide *content version*, bumped on every
change to public content, is part of every cache key, so nothing stale shows after a save.

- ``content_version()``: the current version (a number kept in the shared cache). Every
  ``post_save``, ``post_delete`` and ``m2m_changed`` of a content model (each app registers its own with
  ``register_content_models`` from its ``AppConfig.ready()``) bumps it
  at once and again when the transaction commits (so a request that read the old rows while the
  save was in flight cannot store them under the new version). Old entries are never read again
  and expire on their own.
- ``content_version(LISTINGS)``: the version of a *scope*, the models registered under it (the
  listings and the records their facets name): bumped with the site-wide version, by their
  changes only, for a large value that other content does not change (the facet index).
- ``cached_value(name, *parts, compute, timeout)``: memoise a computed value (query results,
  counts, rendered fragments) under the current version and language.
- ``versioned_value(...)``: the same, even when public pages are not cached: a value many
  different requests need, computed once per content version (the catalogue's facet counts).
- ``process_value(...)``: as ``versioned_value``, kept in each process's memory instead of the
  shared cache, for a large value every request of a kind reads whole.
- ``cache_page_response``: a view decorator for public pages; whole responses are cached only for
  anonymous GET/HEAD requests without session or message cookies, when the response is a 200
  that sets no cookie and did not use a CSRF token (a page with a form is never cached whole:
  cache its querysets with ``cached_value`` instead).
- ``CachedReadMixin``: for DRF list and detail views, caches the response *data* (the query and the
  serialization), so throttling, parameter checks and language handling still run on every request.

Keys include the language, scheme, host and the full path with its query string: pages vary by
their language prefix, the API by ``Accept-Language`` and ``?lang=``, and both carry absolute links.

Time-based visibility (a listing's ``expires_at`` passing, a future ``published_at`` arriving) and
bulk ``QuerySet.update()`` calls send no signal: they show within ``CACHE_PAGE_SECONDS`` /
``CACHE_API_SECONDS`` (5 minutes by default); code that updates in bulk calls
``bump_content_version()`` itself. With the default local-memory cache each process has its own
version: run several workers with Redis (``CACHE_URL``), as production does.

When Redis fails, ``haidian.core.redis_cache`` answers every call as a miss: each request gets a
fresh version (nothing is read or stored) and a save's bump is lost. So the version is bumped again
when Redis answers (``_cache_recovered``); and a version lost with Redis's memory starts above every
earlier one (``content_version``): either way no entry older than the last save is read again.
"""

import hashlib
import time
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

from haidian.core import redis_cache

VERSION_KEY = "haidian:content-version"
KEY_PREFIX = "haidian:v"
#: The scope of the technology listings and of the records their facets name (sectors, countries,
#: transaction types): what the list page's facet index reads (``listings.facets``).
LISTINGS = "listings"
_MISSING = object()


def get_cache():
    return caches["default"]


def is_enabled() -> bool:
    return settings.PUBLIC_CACHE_ENABLED


# --- The content version -----------------------------------------------------------------------


#: The scope of each model registered under one (a many-to-many field's through model too).
_scopes: dict[type, str] = {}


def _version_key(scope: str) -> str:
    return f"{VERSION_KEY}:{scope}" if scope else VERSION_KEY


def content_version(scope: str = "") -> int:
    """The site-wide version; with ``scope``, the version of the models registered under it."""
    cache = get_cache()
    key = _version_key(scope)
    version = cache.get(key)
    if version is None:
        # Lost (restart, eviction): start above every earlier version, so no old entry is read again.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key) or time.time_ns()
    return int(version)


def _bump(*scopes: str) -> None:
    cache = get_cache()
    for key in map(_version_key, ("", *scopes)):
        try:
            cache.incr(key)
        except ValueError:  # not in the cache: any fresh value is newer than the ones used so far
            cache.set(key, time.time_ns(), timeout=None)


def bump_content_version() -> None:
    """Every version, the site-wide one and each scope's: for changes that send no signal (a
    restore, a bulk ``update()``)."""
    _bump(*set(_scopes.values()))


def _cache_recovered(sender, **kwargs) -> None:
    # Saves made while Redis failed could not bump the version: bump it now.
    bump_content_version()


redis_cache.recovered.connect(_cache_recovered, dispatch_uid="haidian_cache_recovered")


def _content_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the version is bumped once the fixture is in
        return
    bump = partial(_bump, _scopes[sender]) if sender in _scopes else _bump
    bump()
    transaction.on_commit(bump, using=kwargs.get("using"))


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _content_changed(sender, **kwargs)


def register_content_models(*models, scope: str = "") -> None:
    """Called by each app's ``AppConfig.ready()`` with the models whose rows the public sees: a save,
    delete or many-to-many change of any of them bumps the version, and ``scope``'s too."""
    for model in models:
        uid = f"haidian_cache_{model._meta.label}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}_delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}_{field.name}"
            )
            if scope:
                _scopes[field.remote_field.through] = scope
        if scope:
            _scopes[model] = scope


# --- Keys and values ---------------------------------------------------------------------------


def make_key(name: str, *parts: Any, version: int | None = None) -> str:
    """``haidian:v<version>:<name>:<language>:<hash of parts>`` (any length of parts, safe for memcached)."""
    version = content_version() if version is None else version
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}{version}:{name}:{translation.get_language() or ''}:{digest}"


def cached_value(name: str, *parts: Any, compute: Callable[[], Any], timeout: int | None = None) -> Any:
    """``compute()``, memoised under the content version and the active language.

    Querysets are evaluated (``list()``) by the caller's ``compute`` so the rows, not a lazy query,
    are stored.
    """
    if not is_enabled():
        return compute()
    return versioned_value(name, *parts, compute=compute, timeout=timeout)


def versioned_value(
    name: str, *parts: Any, compute: Callable[[], Any], timeout: int | None = None, scope: str = ""
) -> Any:
    """``compute()``, once per content version and language, whether or not public pages and API
    answers are cached (``PUBLIC_CACHE_ENABLED``): for values that only a change of content
    changes and that many different requests need (the whole catalogue's facet counts), so that a
    page's cache miss does not compute them again. ``scope``: once per version of that scope."""
    cache = get_cache()
    key = make_key(name, *parts, version=content_version(scope))
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout if timeout is not None else settings.CACHE_PAGE_SECONDS)
    return value


#: ``process_value``'s values: ``{name: ((content version, parts), time computed, value)}``.
_process_values: dict[str, tuple[tuple, float, Any]] = {}


def process_value(
    name: str, *parts: Any, compute: Callable[[], Any], timeout: int | None = None, scope: str = ""
) -> Any:
    """``compute()``, once per content version (of ``scope``, if named) and ``parts`` in each
    process, kept in the process's memory: for a large value that many requests read whole (the
    listings' facet postings, some hundred kilobytes), which ``versioned_value`` would fetch from
    the shared cache on every read. The same expiry bounds what no signal announces; with the
    shared cache down each request gets a new version, so the value is computed each time, as
    everything else then is."""
    version = (content_version(scope), parts)
    now = time.monotonic()
    timeout = settings.CACHE_PAGE_SECONDS if timeout is None else timeout
    held = _process_values.get(name)
    if held is None or held[0] != version or now - held[1] >= timeout:
        held = (version, now, compute())
        _process_values[name] = held
    return held[2]


def request_key_parts(request) -> tuple:
    return (request.scheme, request.get_host(), request.get_full_path())


# --- Whole pages -------------------------------------------------------------------------------


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False  # a signed-in user, or a message waiting to be shown
    return True


def _response_is_cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(response, "streaming", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _freeze(response) -> tuple:
    headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie",)}
    return (response.status_code, response.content, headers)


def _thaw(frozen) -> HttpResponse:
    status, content, headers = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def cache_page_response(view=None, *, name: str | None = None, timeout: int | None = None):
    """Cache a public page's whole response under the content version (see the module notes).

    Usable as ``@cache_page_response`` or ``@cache_page_response(name="home")``, and on the
    result of ``as_view()``.
    """

    def decorator(view_func):
        key_name = name or f"page:{view_func.__module__}.{view_func.__name__}"

        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not is_enabled() or not _request_is_cacheable(request):
                return view_func(request, *args, **kwargs)
            cache = get_cache()
            key = make_key(key_name, *request_key_parts(request))
            frozen = cache.get(key)
            if frozen is not None:
                response = _thaw(frozen)
                response["X-Cache"] = "hit"
                return response
            response = view_func(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _response_is_cacheable(request, response):
                cache.set(
                    key, _freeze(response), timeout if timeout is not None else settings.CACHE_PAGE_SECONDS
                )
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


# --- API lists ---------------------------------------------------------------------------------


class CachedReadMixin:
    """For DRF read-only viewsets: the data of a list or detail response is cached under the
    content version, the language and the full URL. Errors (400, 404) are not cached."""

    cache_name: str | None = None

    def list(self, request, *args, **kwargs):
        return self.cached_response(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached_response(request, super().retrieve, *args, **kwargs)

    def cached_response(self, request, handler, *args, **kwargs):
        from rest_framework.response import Response

        if not is_enabled():
            return handler(request, *args, **kwargs)
        cache = get_cache()
        name = self.cache_name or f"api:{type(self).__module__}.{type(self).__name__}"
        # ?lang=all, the negotiated language and absolute links are all covered by these parts.
        key = make_key(name, *request_key_parts(request), getattr(request, "api_all_languages", False))
        data = cache.get(key)
        if data is not None:
            return Response(data)
        response = handler(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, response.data, settings.CACHE_API_SECONDS)
        return response
