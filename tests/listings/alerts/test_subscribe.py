"""Subscribing from the technology list: e-mail only, a honeypot, rate-limited per address, no
account; double opt-in by a confirmation e-mail in the visitor's language."""

import re

import pytest
from django.test import Client

from listings.models import SearchSubscription
from tests import factories

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/technologies/alerts/"


@pytest.fixture
def listing():
    return factories.TechnologyFactory(
        title_en="Nanopore sequencer", sectors=[factories.SectorFactory(slug="genomics")]
    )


def subscribe(client, query="", email="reader@example.org", lang="en", **extra):
    url = f"/{lang}/technologies/alerts/" + (f"?{query}" if query else "")
    return client.post(url, {"email": email, "website": ""}, **extra)


def test_the_list_page_links_the_alert_of_its_own_search_and_stays_cached(client, listing, settings):
    settings.PUBLIC_CACHE_ENABLED = True
    html = client.get("/en/technologies/?sector=genomics&sort=title&page=1&kind=offer").content.decode()
    assert 'href="/en/technologies/alerts/?kind=offer&amp;sector=genomics"' in html
    # The form itself, with its CSRF token, is on the (uncached) subscribe page.
    assert "csrfmiddlewaretoken" not in html and 'name="email"' not in html
    again = client.get("/en/technologies/?sector=genomics&sort=title&page=1&kind=offer")
    assert again["X-Cache"] == "hit"


def test_the_subscribe_page_has_the_form_for_that_search(client, listing):
    html = client.get(SUBSCRIBE + "?sector=genomics&kind=offer").content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    assert form == "/en/technologies/alerts/?kind=offer&amp;sector=genomics"
    assert 'type="email" name="email"' in html and "csrfmiddlewaretoken" in html
    assert "No account needed" in html and "one-click unsubscribe" in html  # the privacy note
    assert 'name="website"' in html  # the honeypot


def test_subscribing_stores_the_normalised_search_and_mails_a_confirmation(
    client, listing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(
            client,
            "trl=6&sector=genomics&sort=title&page=2&utm=x",
            email="Reader@Example.org",
            REMOTE_ADDR="203.0.113.9",
        )
    assert response.status_code == 302 and response.url == "/en/technologies/alerts/sent/"
    subscription = SearchSubscription.objects.get()
    assert subscription.email == "reader@example.org"
    assert subscription.query == "sector=genomics&trl=6"
    assert subscription.language == "en" and subscription.ip_address == "203.0.113.9"
    assert len(subscription.token) >= 40
    assert subscription.confirmed_at is None  # double opt-in: nothing is sent yet
    (mail,) = mailoutbox
    assert mail.to == ["reader@example.org"]
    assert f"http://testserver/en/technologies/alerts/{subscription.token}/confirm/" in mail.body
    sector = listing.sectors.get()
    assert f"Sector: {sector.name_en}" in mail.body and "TRL 6" in mail.body  # the search in words
    sent = client.get(response.url).content.decode()
    assert "Check your e-mail" in sent and "not confirmed within 30 days is deleted" in sent


def test_a_chinese_visitor_gets_a_chinese_link(
    client, listing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, "sector=genomics", lang="zh-hans")
    subscription = SearchSubscription.objects.get()
    assert subscription.language == "zh-hans"
    assert f"/zh-hans/technologies/alerts/{subscription.token}/confirm/" in mailoutbox[0].body
    assert listing.sectors.get().name_zh_hans in mailoutbox[0].body  # the sector's Chinese name


def test_subscribing_again_resends_without_a_second_row(
    client, listing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, "sector=genomics&kind=offer")
        subscribe(client, "kind=offer&sector=genomics&page=3", email="READER@example.org")
    assert SearchSubscription.objects.count() == 1
    assert len(mailoutbox) == 2
    token = SearchSubscription.objects.get().token
    assert all(token in mail.body for mail in mailoutbox)


def test_another_search_is_another_alert(client, listing):
    subscribe(client, "sector=genomics")
    subscribe(client, "sector=genomics&kind=need")
    assert SearchSubscription.objects.count() == 2


def test_the_honeypot_stores_and_sends_nothing(
    client, listing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "bot@example.org", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not SearchSubscription.objects.exists() and not mailoutbox


def test_a_bad_address_is_a_form_error(client, listing):
    response = client.post(SUBSCRIBE + "?sector=genomics", {"email": "not an address"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address" in html and 'value="not an address"' in html
    assert not SearchSubscription.objects.exists()


def test_rate_limited_per_address(client, listing, settings):
    settings.SEARCH_ALERT_RATE_LIMIT = 2
    for n in range(2):
        assert subscribe(client, email=f"r{n}@example.org", REMOTE_ADDR="198.51.100.1").status_code == 302
    refused = subscribe(client, email="r3@example.org", REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429 and "try again in an hour" in refused.content.decode()
    assert subscribe(client, email="r4@example.org", REMOTE_ADDR="198.51.100.2").status_code == 302
    assert SearchSubscription.objects.count() == 3


def test_the_rate_limit_is_apart_from_the_inquiry_form(client, listing, settings):
    settings.SEARCH_ALERT_RATE_LIMIT = 1
    settings.INQUIRY_RATE_LIMIT = 1
    assert subscribe(client, REMOTE_ADDR="198.51.100.3").status_code == 302
    inquiry = {
        "name": "Kenji Sato",
        "email": "kenji@example.org",
        "message": "We would like to discuss a licence for our fab.",
        "consent": "on",
    }
    response = client.post(f"/en/technologies/{listing.slug}/", inquiry, REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 302


def test_subscribing_needs_the_pages_csrf_token(listing):
    client = Client(enforce_csrf_checks=True)
    assert subscribe(client).status_code == 403
    assert not SearchSubscription.objects.exists()
    page = client.get(SUBSCRIBE)
    token = page.cookies["csrftoken"].value
    response = client.post(SUBSCRIBE, {"email": "reader@example.org", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert SearchSubscription.objects.count() == 1


def test_the_subscribe_page_describes_the_search_and_is_private(client, listing):
    response = client.get(SUBSCRIBE + "?sector=genomics&kind=offer")
    html = response.content.decode()
    assert response.status_code == 200
    sector = listing.sectors.get()
    assert "<dt>Offer or need</dt><dd>Offer</dd>" in html and f"<dd>{sector.name_en}</dd>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
