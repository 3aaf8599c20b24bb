"""Confirming and leaving: pages with a button (mail scanners open links, so a GET changes
nothing); the unsubscribe URL takes an RFC 8058 one-click POST without a CSRF token; both pages
stay out of caches and search engines."""

import pytest
from django.test import Client

from listings.models import SearchSubscription
from tests import factories

pytestmark = pytest.mark.django_db


def confirm_url(subscription, lang="en"):
    return f"/{lang}/technologies/alerts/{subscription.token}/confirm/"


def unsubscribe_url(subscription, lang="en"):
    return f"/{lang}/technologies/alerts/{subscription.token}/unsubscribe/"


def private(response):
    return (
        response["X-Robots-Tag"] == "noindex, nofollow"
        and "no-store" in response["Cache-Control"]
        and "private" in response["Cache-Control"]
    )


@pytest.fixture
def pending():
    return factories.SearchSubscriptionFactory(query="kind=offer", confirmed=False)


def test_opening_the_confirm_link_shows_a_button_and_confirms_nothing(client, pending):
    response = client.get(confirm_url(pending))
    html = response.content.decode()
    assert response.status_code == 200 and private(response)
    assert "Confirm my alert" in html and pending.email in html and "<dd>Offer</dd>" in html
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def test_the_button_confirms(client, pending):
    response = client.post(confirm_url(pending))
    assert response.status_code == 200 and private(response)
    assert "Your alert is on" in response.content.decode()
    pending.refresh_from_db()
    assert pending.confirmed_at is not None and pending.unsubscribed_at is None


def test_confirming_needs_the_pages_csrf_token(pending):
    client = Client(enforce_csrf_checks=True)
    assert client.post(confirm_url(pending)).status_code == 403
    page = client.get(confirm_url(pending))
    token = page.cookies["csrftoken"].value
    assert client.post(confirm_url(pending), {"csrfmiddlewaretoken": token}).status_code == 200


def test_confirming_twice_keeps_the_first_date(client, alert):
    active = alert("kind=offer")
    first = active.confirmed_at
    client.post(confirm_url(active))
    active.refresh_from_db()
    assert active.confirmed_at == first


def test_opening_the_unsubscribe_link_shows_a_button_and_unsubscribes_nothing(client, alert):
    active = alert()
    response = client.get(unsubscribe_url(active))
    assert response.status_code == 200 and private(response)
    assert '<button type="submit">Unsubscribe</button>' in response.content.decode()
    active.refresh_from_db()
    assert active.unsubscribed_at is None


def test_one_click_unsubscribe_by_a_mail_program_without_csrf_token(alert):
    active = alert()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_url(active),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and private(response)
    active.refresh_from_db()
    assert active.unsubscribed_at is not None
    assert not SearchSubscription.objects.active().exists()
    # Again: still unsubscribed, the first date kept.
    first = active.unsubscribed_at
    client.post(unsubscribe_url(active))
    active.refresh_from_db()
    assert active.unsubscribed_at == first


def test_unknown_tokens_are_404(client):
    for url in ("/en/technologies/alerts/nope/confirm/", "/en/technologies/alerts/nope/unsubscribe/"):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_subscribing_again_after_leaving_needs_a_new_confirmation(
    client, alert, mailoutbox, django_capture_on_commit_callbacks
):
    left = alert("kind=offer", email="reader@example.org")
    client.post(unsubscribe_url(left))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/technologies/alerts/?kind=offer", {"email": "reader@example.org"})
    left.refresh_from_db()
    assert left.unsubscribed_at is not None  # not before the link is followed
    assert confirm_url(left).lstrip("/") in mailoutbox[0].body
    client.post(confirm_url(left))
    left.refresh_from_db()
    assert left.unsubscribed_at is None and SearchSubscription.objects.active().get() == left
    assert left.last_sent_at is None  # starts afresh from the new confirmation
    assert SearchSubscription.objects.count() == 1


def test_pages_in_chinese(client, alert):
    active = alert(language="zh-hans")
    response = client.get(unsubscribe_url(active, "zh-hans"))
    assert '<html lang="zh-Hans">' in response.content.decode()
