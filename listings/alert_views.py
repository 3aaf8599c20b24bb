"""Pages of the search alerts: subscribe, confirm, unsubscribe (see ``listings.alerts``).

All of them are kept out of caches and search engines: they speak to one visitor, and the
confirm and unsubscribe pages carry the alert's secret token in their address.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from haidian.core.web import client_ip, crumbs, private_page, rate_limited

from .alerts import (
    alert_confirm,
    alert_subscribe,
    alert_unsubscribe,
    describe_search,
    search_filter,
    search_url,
)
from .filters import TechnologyFilter
from .forms import SearchAlertForm
from .models import SearchSubscription


def _crumbs(label):
    return crumbs((_("Technologies"), reverse("technologies:list")), (label, None))


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def subscribe(request):
    search = TechnologyFilter(request.GET)
    query = search.query_string()
    status = 200
    if request.method == "POST":
        form = SearchAlertForm(request.POST)
        if form.is_bot:
            return redirect("technologies:alert_sent")
        if rate_limited(
            request,
            "search-alert",
            limit=settings.SEARCH_ALERT_RATE_LIMIT,
            window=settings.SEARCH_ALERT_RATE_WINDOW,
        ):
            form.is_valid()
            form.add_error(
                None, _("You have asked for several alerts in a short time. Please try again in an hour.")
            )
            status = 429
        elif form.is_valid():
            alert_subscribe(
                email=form.cleaned_data["email"],
                query=query,
                language=get_language() or settings.LANGUAGE_CODE,
                ip_address=client_ip(request),
                base_url=request.build_absolute_uri("/"),
            )
            return redirect("technologies:alert_sent")
        else:
            status = 400
    else:
        form = SearchAlertForm()
    return render(
        request,
        "listings/alerts/subscribe.html",
        {
            "alert_form": form,
            "search": describe_search(search),
            "search_query": query,
            "breadcrumbs": _crumbs(_("E-mail alert")),
        },
        status=status,
    )


@require_safe
@private_page
def subscribe_sent(request):
    return render(
        request,
        "listings/alerts/sent.html",
        {"days": settings.SEARCH_ALERT_UNCONFIRMED_DAYS, "breadcrumbs": _crumbs(_("E-mail alert"))},
    )


def _alert_page(request, subscription, template, **context):
    return render(
        request,
        template,
        {
            "subscription": subscription,
            "search": describe_search(search_filter(subscription.query)),
            "search_url": search_url(subscription),
            "breadcrumbs": _crumbs(_("E-mail alert")),
            **context,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def confirm(request, token):
    """A page with a button, confirming on POST only: mail scanners open links in e-mails, and
    their visit must not stand for the visitor's consent."""
    subscription = get_object_or_404(SearchSubscription, token=token)
    if request.method == "POST":
        subscription = alert_confirm(subscription=subscription)
        return _alert_page(request, subscription, "listings/alerts/confirmed.html")
    return _alert_page(request, subscription, "listings/alerts/confirm.html")


# RFC 8058: mail programs unsubscribe by a POST without any token of ours.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def unsubscribe(request, token):
    """GET shows a button (never unsubscribing: mail scanners prefetch links); POST unsubscribes,
    from that button or from the mail program's one-click (``List-Unsubscribe-Post``)."""
    subscription = get_object_or_404(SearchSubscription, token=token)
    if request.method == "POST":
        subscription = alert_unsubscribe(subscription=subscription)
        return _alert_page(request, subscription, "listings/alerts/unsubscribed.html")
    return _alert_page(request, subscription, "listings/alerts/unsubscribe.html")
