"""Helpers shared by the public pages of every app (pagination, breadcrumbs, client address)."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, count: int | None = None):
    """The requested page of ``queryset``; a page past the end or not a number answers 404.

    ``count``: the number of rows when the caller already knows it, instead of a COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # takes the place of Paginator's cached property
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error


def client_ip(request) -> str | None:
    """The visitor's address; behind ``REST_FRAMEWORK["NUM_PROXIES"]`` proxies, the one they saw."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR") or None


def rate_limited(request, scope: str, *, limit: int, window: int) -> bool:
    """Count this request against the visitor's address under ``scope``; True once more than
    ``limit`` were counted in ``window`` seconds (public forms: inquiries, search alerts).

    Fails open: while the cache is down, ``add`` stores nothing and ``incr`` finds no key
    (``haidian.core.redis_cache``, which logs the failure), so every request counts as the first."""
    key = f"{scope}-rate:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, window)
            count = 1
    return count > limit


def crumbs(*items):
    """Breadcrumbs after "Home": (label, url) pairs; the last one is the current page (url None)."""
    return [{"label": label, "url": url} for label, url in items]


def private_page(view):
    """No shared or browser cache keeps the page, and search engines do not index it."""

    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper
