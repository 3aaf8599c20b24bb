"""Site-wide pages: home, CMS pages, news, contract statistics, robots.txt and the error pages.

The home and statistics pages compose the apps (agencies, listings, financing) as the root urls do.
"""

import sys

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agencies.models import Agency
from haidian.core.cache import cache_page_response
from haidian.core.charts import Bar
from haidian.core.csv_export import csv_bytes
from haidian.core.json_export import json_rows_bytes
from haidian.core.matching import format_cny
from haidian.core.models import Article, KeyFigure, Page
from haidian.core.templatetags.site import localized_text
from haidian.core.unavailable import unavailable_response
from haidian.core.web import crumbs, paginate
from listings import statistics
from listings.filters import ContractFilter
from listings.models import Contract, Technology

LATEST = 6


def _agency_growth():
    """Active agencies by the year they joined, as a running total toward the target."""
    rows = (
        Agency.objects.active()
        .annotate(year=ExtractYear("joined_on"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("year")
    )
    total, bars = 0, []
    for row in rows:
        total += row["count"]
        bars.append(Bar(str(row["year"]), total, str(total)))
    return total, bars


def _listing_rows(queryset):
    return list(queryset.select_related("owner", "origin_country").prefetch_related("sectors")[:LATEST])


@require_safe
@cache_page_response(name="page:home")
def home(request):
    # Queries: figures (each computed one adds two on a cache miss: its period and the same period a
    # year earlier, see haidian.core.key_figures); agencies by year; contract totals; contract value
    # by year; offers (+ sectors); needs (+ sectors); news.
    agency_count, growth = _agency_growth()
    contracts = statistics.totals(Contract.objects.published())
    by_year = [
        row["bar"]
        for row in _bars(
            statistics.table(Contract.objects.published(), "by-year"),
            measure="value_cny",
        )
    ]
    context = {
        "figures": KeyFigure.objects.published().readings(),
        "agency_count": agency_count,
        "agency_target": settings.AGENCY_TARGET,
        "agency_growth": growth,
        "contract_count": contracts["count"],
        "contract_value": contracts["value_cny"],
        "contract_withheld": contracts["withheld_count"],
        "contract_years": by_year,
        "offers": _listing_rows(Technology.objects.published().offers()),
        "needs": _listing_rows(Technology.objects.published().needs()),
        "news": list(Article.objects.published()[:3]),
    }
    return render(request, "haidian/home.html", context)


@require_safe
@cache_page_response(name="page:cms")
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    title = localized_text(page, "title")[0]
    return render(request, "haidian/page_detail.html", {"page": page, "breadcrumbs": crumbs((title, None))})


@require_safe
def contact(request):
    """The center's address, e-mail and phone (``CENTER_CONTACT``) and its response-time promise."""
    return render(request, "haidian/contact.html", {"breadcrumbs": crumbs((_("Contact the center"), None))})


@require_safe
@cache_page_response(name="page:news-list")
def news_list(request):
    articles = paginate(request, Article.objects.published(), per_page=10)
    return render(
        request,
        "haidian/news_list.html",
        {"page_obj": articles, "breadcrumbs": crumbs((_("News"), None))},
    )


@require_safe
@cache_page_response(name="page:news-detail")
def news_detail(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    title = localized_text(article, "title")[0]
    more = list(Article.objects.published().exclude(pk=article.pk)[:3])
    return render(
        request,
        "haidian/news_detail.html",
        {
            "article": article,
            "more": more,
            "breadcrumbs": crumbs((_("News"), reverse("news:list")), (title, None)),
        },
    )


# --- Statistics ----------------------------------------------------------------------------------


def _bar_label(bucket, measure) -> str:
    """The figure beside a bar. A bucket whose every value is confidential says so, not "CN¥0"."""
    if measure != "value_cny":
        return str(bucket[measure])
    if not bucket["value_cny"] and bucket["withheld_count"]:
        return str(_("confidential"))
    return format_cny(bucket["value_cny"])


def _bars(buckets, *, measure):
    """Chart rows of statistics buckets (listings.statistics), in their table's order: a bar per
    bucket, by public value or count."""
    return [
        {
            "bar": Bar(bucket["name"] or _("Not given"), bucket[measure], _bar_label(bucket, measure)),
            "key": bucket["key"],
            "count": bucket["count"],
            "value_cny": bucket["value_cny"],
            "withheld_count": bucket["withheld_count"],
        }
        for bucket in buckets
    ]


def _stats_filter(request):
    """The contract list's filters on the published contracts, the contracts they select (none when
    a parameter is bad: the page names it, with a 400) and the top-level sector drilled into."""
    filterset = ContractFilter(request.GET, queryset=Contract.objects.published().with_public_value())
    if not filterset.is_valid():
        return filterset, Contract.objects.none(), None
    return filterset, filterset.qs, statistics.drill_down_sector(filterset.form.cleaned_data.get("sector"))


@require_safe
@cache_page_response(name="page:stats")
def contract_stats(request):
    # Queries: the totals, then one per table (year; top-level sector and the unfiled; country;
    # agency); with one top-level sector chosen, the sector check and its sub-sectors.
    filterset, contracts, sector = _stats_filter(request)
    stats = statistics.contract_statistics(contracts, sector=sector)
    sector_name = next(
        (row["name"] for row in stats["by_sector"] if sector is not None and row["key"] == sector), sector
    )
    years = list(
        Contract.objects.published()
        .annotate(y=ExtractYear("signed_on"))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    context = {
        "filter_errors": filterset.errors,
        "filters": filterset.values() if not filterset.errors else {},
        "query": filterset.query_string() if not filterset.errors else "",
        # The same filters but the sector: where a sector's row leads (its drill-down) and back.
        "drill_query": urlencode(
            sorted(
                (name, value)
                for name, values in filterset.chosen().items()
                if name != "sector"
                for value in values
            )
        )
        if not filterset.errors
        else "",
        "years": years,
        "total": stats["total"],
        "by_year": _bars(stats["by_year"], measure="value_cny"),
        "by_sector": _bars(stats["by_sector"], measure="value_cny"),
        "by_sub_sector": _bars(stats["by_sub_sector"], measure="value_cny"),
        "by_country": _bars(stats["by_country"], measure="value_cny"),
        "by_agency": _bars(stats["by_agency"], measure="count"),
        "drill_down": sector,
        "drill_down_name": sector_name,
        "breadcrumbs": crumbs((_("Contracts"), reverse("contracts:list")), (_("Statistics"), None)),
    }
    return render(request, "haidian/stats.html", context, status=400 if filterset.errors else 200)


STATS_COLUMNS = ["key", "name", "count", "value_cny", "withheld_count"]


@require_safe
@cache_page_response(name="page:stats-table")
def contract_stats_table(request, table, fmt):
    """One table of the statistics page as CSV or JSON: the same rows, for the same filters (a bad
    parameter is a 400 naming it). ``value_cny`` sums public values only, as on the page."""
    if table not in statistics.TABLES or fmt not in ("csv", "json"):
        raise Http404
    filterset, contracts, sector = _stats_filter(request)
    if filterset.errors:
        return JsonResponse({"errors": filterset.errors}, status=400)
    rows = [
        {name: row[name] for name in STATS_COLUMNS}
        for row in statistics.table(contracts, table, sector=sector)
    ]
    filename = f"contract-statistics-{table}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(csv_bytes(STATS_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(json_rows_bytes(rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- robots.txt and errors -----------------------------------------------------------------------


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /i18n/", "Allow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability (``SECURITY_CONTACT``), valid until
    ``SECURITY_TXT_EXPIRES`` (tests/security/test_deployment.py fails once that date has passed)."""
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT]
    lines += [
        f"Expires: {settings.SECURITY_TXT_EXPIRES}",
        "Preferred-Languages: en, zh",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _language_from_path(request) -> None:
    language = translation.get_language_from_path(request.path_info)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def page_not_found(request, exception=None):
    _language_from_path(request)
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


def server_error(request):
    """The 500 page in the language of the URL; renders without touching the database. A database
    that does not answer is a 503 (``haidian.core.unavailable``): Django calls this handler inside
    its ``except`` block, so the error is ``sys.exc_info()``'s."""
    unavailable = unavailable_response(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    _language_from_path(request)
    try:
        template = loader.get_template("500.html")
        return HttpResponseServerError(template.render({}, request))
    except Exception:  # the error page itself must not fail
        return HttpResponseServerError(
            "<!doctype html><title>Server error</title><h1>Server error / 服务器错误</h1>",
            content_type="text/html",
        )
