"""Site-wide pages: home, CMS pages, news, contract statistics, robots.txt and the error pages.

The home and statistics pages compose the apps (agencies, listings, financing) as the root urls do.
"""

import sys

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agencies.models import Agency
from haidian.core.cache import cache_page_response
from haidian.core.charts import Bar
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
            statistics.by_year(Contract.objects.published()), measure="value_cny", chronological=True
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


def _bars(buckets, *, measure, chronological=False, ranked=False):
    """Chart rows of statistics buckets (listings.statistics): a bar per bucket, by value or count;
    years oldest first, or (``ranked``) the largest value first."""
    if ranked:
        buckets = sorted(buckets, key=lambda bucket: -bucket[measure])
    rows = [
        {
            "bar": Bar(
                bucket["name"] or _("Not given"),
                bucket[measure],
                format_cny(bucket[measure]) if measure == "value_cny" else str(bucket[measure]),
            ),
            "count": bucket["count"],
            "withheld_count": bucket["withheld_count"],
        }
        for bucket in buckets
    ]
    return rows[::-1] if chronological else rows


@require_safe
@cache_page_response(name="page:stats")
def contract_stats(request):
    # Queries: the totals, then one per dimension (year, sector, country, agency). The contract
    # list's filters select the contracts, as in the API; a bad parameter selects none (400).
    filterset = ContractFilter(request.GET, queryset=Contract.objects.published().with_public_value())
    valid = filterset.is_valid()
    stats = statistics.contract_statistics(filterset.qs if valid else Contract.objects.none())
    context = {
        "filter_errors": filterset.errors,
        "total": stats["total"],
        "by_year": _bars(stats["by_year"], measure="value_cny", chronological=True),
        "by_sector": _bars(stats["by_sector"], measure="value_cny", ranked=True),
        "by_country": _bars(stats["by_country"], measure="value_cny", ranked=True),
        "by_agency": _bars(stats["by_agency"], measure="count"),
        "breadcrumbs": crumbs((_("Contracts"), reverse("contracts:list")), (_("Statistics"), None)),
    }
    return render(request, "haidian/stats.html", context, status=200 if valid else 400)


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
