"""Search alerts: a visitor's e-mail subscription to a technology search, without an account.

Double opt-in: ``alert_subscribe`` stores the alert and e-mails a confirmation link; only
``alert_confirm`` makes it active. ``send_alert_digests`` (the ``send_search_alerts`` command, run
by cron) e-mails each active alert the listings published since its last digest that match its
search, found by the list's own FilterSet (``listings.filters.TechnologyFilter``); e-mails are queued
(``haidian.core.emails``) and delivered by the worker. Every digest carries a
one-click unsubscribe link and the RFC 8058 headers.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency
from haidian.core import emails
from haidian.core.models import Country
from haidian.core.sectors import sectors_by_slug
from haidian.core.templatetags.site import localized_text

from .filters import TechnologyFilter
from .models import SearchSubscription, Technology


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}"


def search_url(subscription) -> str:
    """The technology list showing the alert's search (in the active language)."""
    path = reverse("technologies:list")
    return f"{path}?{subscription.query}" if subscription.query else path


def search_filter(query: str, queryset=None) -> TechnologyFilter:
    """The list's FilterSet for a stored search (a normalised query string)."""
    return TechnologyFilter(QueryDict(query), queryset=queryset)


def _describe_value(name, field, value) -> str:
    if name == "sector":
        sector = sectors_by_slug().get(value)
        return localized_text(sector, "name")[0] if sector else value
    if name == "country":
        country = Country.objects.filter(code=value).first()
        return localized_text(country, "name")[0] if country else value
    if name == "agency":
        agency = Agency.objects.filter(slug=value).first()
        return localized_text(agency, "name")[0] if agency else value
    if name == "trl":
        return _("TRL %(level)s") % {"level": value}
    if hasattr(field, "choices"):
        return str(dict(field.choices).get(value, value))
    return str(value)


def describe_search(filterset: TechnologyFilter) -> list[tuple[str, str]]:
    """The search in words, as (label, value) pairs in the active language: for e-mails and pages.
    Parameters that do not validate are left out, as on the list page."""
    described = []
    for name in filterset.chosen():
        field = filterset.form.fields[name]
        value = filterset.form.cleaned_data[name]
        values = value if isinstance(value, list) else [value]
        described.append((str(field.label), ", ".join(_describe_value(name, field, item) for item in values)))
    return described


def _email_address(email: str) -> str:
    # One alert per address and search, however the address was capitalised.
    return email.strip().lower()


@transaction.atomic
def alert_subscribe(
    *, email: str, query: str, language: str, ip_address=None, base_url: str
) -> SearchSubscription:
    """Store (or find) the alert for this address and search and e-mail its confirmation link.

    Subscribing again sends the link again: an active alert stays as it is, an unsubscribed one
    stays unsubscribed until the link is followed. ``query``: the normalised search
    (``TechnologyFilter.query_string``); ``base_url``: the site's scheme and host, for the link.
    """
    subscription, created = SearchSubscription.objects.select_for_update().get_or_create(
        email=_email_address(email),
        query=query,
        defaults={"language": language, "ip_address": ip_address, "token": secrets.token_urlsafe(32)},
    )
    if not created:
        subscription.language = language
        subscription.ip_address = ip_address
        subscription.save(update_fields=["language", "ip_address"])
    with translation.override(subscription.language):
        context = {
            "search": describe_search(search_filter(query)),
            "search_url": _absolute(base_url, search_url(subscription)),
            "confirm_url": _absolute(
                base_url, reverse("technologies:alert_confirm", kwargs={"token": subscription.token})
            ),
        }
    emails.send("alert-confirm", to=[subscription.email], context=context, language=subscription.language)
    return subscription


@transaction.atomic
def alert_confirm(*, subscription: SearchSubscription) -> SearchSubscription:
    """Make the alert active; confirming an active alert again changes nothing. An alert
    confirmed again after unsubscribing starts afresh: only listings published from now on."""
    subscription = SearchSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.confirmed_at is None or subscription.unsubscribed_at is not None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.last_sent_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "last_sent_at"])
    return subscription


@transaction.atomic
def alert_unsubscribe(*, subscription: SearchSubscription) -> SearchSubscription:
    """Stop the alert's digests (the row stays, so the address can confirm again later)."""
    subscription = SearchSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def purge_unconfirmed_alerts(*, days: int, now=None) -> int:
    """Delete alerts nobody confirmed within ``days``: an address someone typed in is not kept
    for long without its owner's consent. The number deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _per_model = SearchSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


# --- Digests -------------------------------------------------------------------------------------


@dataclass
class DigestRun:
    sent: int = 0
    empty: int = 0


def digest_listings(subscription: SearchSubscription, *, until, limit: int) -> list[Technology]:
    """The listings published after the alert's last digest (or its confirmation) up to ``until``
    that its search finds, newest first: at most ``limit`` + 1 (so the e-mail can say "more")."""
    since = subscription.last_sent_at or subscription.confirmed_at
    window = Technology.objects.published().filter(published_at__gt=since, published_at__lte=until)
    results = search_filter(subscription.query, queryset=window).qs
    return list(results.select_related("owner").order_by("-published_at", "-id")[: limit + 1])


def _queue_digest(subscription, listings, *, limit: int, base_url: str) -> None:
    unsubscribe_url = _absolute(
        base_url, reverse("technologies:alert_unsubscribe", kwargs={"token": subscription.token})
    )
    context = {
        "search": describe_search(search_filter(subscription.query)),
        "search_url": _absolute(base_url, search_url(subscription)),
        "listings": [
            {
                "kind": item.get_kind_display(),
                "title": localized_text(item, "title")[0],
                "summary": localized_text(item, "summary")[0],
                "owner": localized_text(item.owner, "name")[0],
                "url": _absolute(base_url, item.get_absolute_url()),
            }
            for item in listings[:limit]
        ],
        "more": len(listings) > limit,
        "unsubscribe_url": unsubscribe_url,
    }
    since = subscription.last_sent_at or subscription.confirmed_at
    emails.send(
        "alert-digest",
        to=[subscription.email],
        context=context,
        language=subscription.language,
        # One digest per alert, window and newest listing, however often the job runs.
        key=f"alert-digest:{subscription.pk}:{since.isoformat()}:{listings[0].pk}",
        headers={
            # RFC 2369 and RFC 8058: mail programs offer their own one-click unsubscribe button.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_alert_digests(*, base_url: str, limit: int = 20, now=None) -> DigestRun:
    """Queue for every active alert the e-mail of its new listings; alerts with none get none.

    Each alert's digest is queued and its ``last_sent_at`` moved to the start of the run in one
    transaction, so a run that stops halfway and runs again queues no digest twice, and a
    listing published during the run waits for the next. A few queries per alert, whatever the
    number of listings.
    """
    now = now or timezone.now()
    run = DigestRun()
    # Read up front: the loop writes to the same table, which SQLite cannot iterate safely.
    for subscription in list(SearchSubscription.objects.active().order_by("pk")):
        with transaction.atomic(), translation.override(subscription.language):
            listings = digest_listings(subscription, until=now, limit=limit)
            if not listings:
                run.empty += 1
                continue
            _queue_digest(subscription, listings, limit=limit, base_url=base_url)
            SearchSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
            run.sent += 1
    return run
