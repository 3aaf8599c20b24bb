"""Helpers shared by the public pages of every app (pagination, breadcrumbs, client address)."""

import ipaddress
from functools import wraps

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models.expressions import Col, RawSQL, ResolvedOuterRef
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited
from ipware import get_client_ip

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, count: int | None = None, rows=None):
    """The requested page of ``queryset``; a page past the end or not a number answers 404.

    ``count``: the number of rows when the caller already knows it, instead of a COUNT query.
    ``rows``: the same table with the related objects a page shows, read by the page's ids
    (``page_by_ids``).
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # takes the place of Paginator's cached property
    number = request.GET.get("page") or 1
    try:
        page = paginator.page(number)
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
    if rows is not None:
        page.object_list = page_by_ids(page.object_list, rows)
    return page


def page_by_ids(page, rows):
    """The rows of ``page`` (a sliced queryset) read in two steps within one query, a deferred
    join: a subquery finds the page's ids (its filters, order, OFFSET and LIMIT: in a covering
    index where there is one), then ``rows`` (the same table with its related objects, without the
    filters) reads just those, in the same order. The database looks the ids up directly instead of
    walking the list's index again, and joins the related rows of the page's rows only, not of
    every row the order had to sort (a search sorts its ranked matches).

    An annotation (the search rank) is computed again for the page's rows. One that reads more than
    the row itself (a join, a subquery, raw SQL, an aggregate, a window over other rows) could not
    be: such a page is read as it is."""
    query = page.query
    if not all(
        _reads_its_row_only(expression, query.base_table) for expression in query.annotations.values()
    ):
        return page
    selected = query.annotation_select
    return (
        rows.alias(**{name: value for name, value in query.annotations.items() if name not in selected})
        .annotate(**selected)
        .filter(pk__in=page.values("pk"))
        .order_by(*query.order_by)
    )


def _reads_its_row_only(expression, table: str) -> bool:
    for node in expression.flatten():
        if isinstance(node, Col) and node.alias != table:
            return False
        if isinstance(node, RawSQL | ResolvedOuterRef) or hasattr(node, "query"):
            return False
        if node.contains_aggregate or node.contains_over_clause:  # computed over other rows
            return False
    return True


def client_ip(request) -> str | None:
    """The visitor's address: the one rule every limiter reads (form limits, the API throttle, axes).

    With no proxy configured (``TRUSTED_PROXY_COUNT`` 0), the connection's address, REMOTE_ADDR:
    X-Forwarded-For is then whatever the client wrote. Behind N proxies, each appending the address
    it saw, the nearest trusted proxy's entry: the N-th from the right (what a client prepends is
    further left). ipware counts the proxies listed in the chain, and our nearest proxy is the
    connection itself, not an entry, hence ``proxy_count=N - 1``; not strict, so entries a client
    prepends do not void the chain. A request with no such entry (a probe on the loopback that
    bypassed the proxies) falls back to REMOTE_ADDR, never to a client-written value.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        address, _routable = get_client_ip(
            request, request_header_order=["HTTP_X_FORWARDED_FOR"], proxy_count=proxies - 1, strict=False
        )
        if address:
            return address
    address, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return address


def limit_key(request) -> str:
    """What the form limits and the API throttle count under: the client address, an IPv6 one as its
    /64 (one subscriber's block holds 2**64 addresses); requests with no address share one count."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    prefix = 64 if ":" in address else 32
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def rate_limited(request, group: str, *, limit: int, window: int) -> bool:
    """Count this request against the visitor under ``group``; True once more than ``limit`` were
    counted in the current ``window`` seconds (public forms: inquiries, search alerts).

    django-ratelimit keeps the count in the default cache, which production requires to be shared
    by every worker (system check ``haidian.E001``). Its app is not installed: its own cache check
    would refuse the local-memory cache of development and tests, which ours allows there.
    Fails open: while the cache is down (``haidian.core.redis_cache``, which logs the failure), nothing
    is counted and every request passes.
    """
    return is_ratelimited(
        request,
        group=group,
        key=lambda _group, request: limit_key(request),
        rate=(limit, window),
        increment=True,
    )


#: What :func:`screen_inquiry` says of a posted inquiry form.
STORE = 201  # valid: store it, then thank the visitor
THANK = 302  # thank the visitor at once and store nothing: a bot, or the same form stored before


def screen_inquiry(request, form, inquiries) -> int:
    """Read a posted inquiry form, whichever page it is on, before anything is stored.

    ``THANK`` for a bot that filled the honeypot and for the same form sent again (a double
    click, a retry: ``inquiries.submitted``), which does not count against the limit; 429 once
    the visitor's address has sent ``INQUIRY_RATE_LIMIT`` inquiries in ``INQUIRY_RATE_WINDOW``
    seconds, from any inquiry form (the error on the form, their text kept); ``STORE`` when the
    form is valid; 400 when it is not.
    """
    if form.is_bot or inquiries.submitted(form.data.get("token")):
        return THANK
    if rate_limited(
        request, "inquiry", limit=settings.INQUIRY_RATE_LIMIT, window=settings.INQUIRY_RATE_WINDOW
    ):
        form.is_valid()
        form.add_error(
            None, _("You have sent several inquiries in a short time. Please try again in an hour.")
        )
        return 429
    return STORE if form.is_valid() else 400


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
