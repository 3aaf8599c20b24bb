"""Helpers shared by the public pages of every app (pagination, breadcrumbs, client address)."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page of ``queryset``; a page past the end or not a number answers 404."""
    paginator = Paginator(queryset, per_page)
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


def crumbs(*items):
    """Breadcrumbs after "Home": (label, url) pairs; the last one is the current page (url None)."""
    return [{"label": label, "url": url} for label, url in items]
