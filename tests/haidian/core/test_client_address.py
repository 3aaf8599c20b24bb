"""One client-address rule for every limiter (haidian.core.web.client_ip): with no proxy configured the
connection's address, whatever X-Forwarded-For says; behind N proxies, the address the nearest one
saw. Checked through the API throttle, both public forms, the stored inquiry and the login lockout."""

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from listings.models import Inquiry, SearchSubscription
from tests import factories

pytestmark = pytest.mark.django_db
INQUIRY = {
    "name": "Kenji Sato",
    "email": "kenji@minato.example",
    "message": "We would like to discuss a licence for our Osaka fab.",
    "consent": "on",
}
FORGED = (f"203.0.113.{n}" for n in itertools.count(1))


@pytest.fixture
def api_limit(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}


def test_without_proxies_the_api_throttle_ignores_x_forwarded_for(world, client, api_limit):
    statuses = [client.get("/api/v1/sectors/", REMOTE_ADDR="198.51.100.4").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    forged = [
        client.get("/api/v1/sectors/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR=next(FORGED))
        for _ in range(5)
    ]
    assert {response.status_code for response in forged} == {429}
    assert client.get("/api/v1/sectors/", REMOTE_ADDR="198.51.100.5").status_code == 200


def test_behind_one_proxy_the_api_throttle_keys_on_the_address_it_appended(
    world, client, api_limit, settings
):
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(forwarded):
        return client.get("/api/v1/sectors/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert [through_proxy(f"{next(FORGED)}, 192.0.2.8").status_code for _ in range(4)] == [200] * 3 + [429]
    # Another visitor through the same proxy has a count of its own.
    assert through_proxy("192.0.2.9").status_code == 200


def test_without_proxies_the_inquiry_limit_ignores_x_forwarded_for(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    path = f"/en/technologies/{factories.TechnologyFactory().slug}/"
    statuses = [
        client.post(path, INQUIRY, REMOTE_ADDR="198.51.100.30", HTTP_X_FORWARDED_FOR=next(FORGED)).status_code
        for _ in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    assert set(Inquiry.objects.values_list("ip_address", flat=True)) == {"198.51.100.30"}


def test_without_proxies_the_alert_limit_ignores_x_forwarded_for(client, settings):
    settings.SEARCH_ALERT_RATE_LIMIT = 1
    factories.TechnologyFactory()
    url = reverse("technologies:alert_subscribe") + "?q=chip"
    statuses = [
        client.post(
            url,
            {"email": f"a{n}@example.org"},
            REMOTE_ADDR="198.51.100.31",
            HTTP_X_FORWARDED_FOR=next(FORGED),
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 429, 429]
    assert SearchSubscription.objects.count() == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.50, 192.0.2.10", "192.0.2.10"),
        (2, "203.0.113.50, 192.0.2.10, 10.0.0.2", "192.0.2.10"),
        (1, "2001:db8::7", "2001:db8::7"),
        # The request reached the application without passing the proxies (a probe on the loopback).
        (1, "", "198.51.100.40"),
        (2, "192.0.2.10", "198.51.100.40"),
    ],
    ids=["one-proxy", "two-proxies", "ipv6", "no-header", "chain-too-short"],
)
def test_the_stored_inquiry_address_is_the_one_the_nearest_proxy_saw(
    client, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    path = f"/en/technologies/{factories.TechnologyFactory().slug}/"
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client.post(path, INQUIRY, REMOTE_ADDR="198.51.100.40", **headers).status_code == 302
    assert Inquiry.objects.get().ip_address == expected


def test_without_proxies_the_login_lockout_ignores_x_forwarded_for(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    factories.StaffUserFactory(username="clerk")
    login = reverse("admin:login")

    def sign_in(password):
        return Client().post(
            login,
            {"username": "clerk", "password": password},
            REMOTE_ADDR="198.51.100.50",
            HTTP_X_FORWARDED_FOR=next(FORGED),
        )

    for _ in range(3):
        sign_in("wrong")
    assert sign_in("correct horse battery staple").status_code == 429


def test_an_ipv6_client_counts_as_its_whole_64_block(world, client, api_limit):
    """A subscriber's /64 holds 2**64 addresses: rotating through them does not escape the limit."""
    statuses = [
        client.get("/api/v1/sectors/", REMOTE_ADDR=f"2001:db8:0:1::{n}").status_code for n in range(1, 5)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/sectors/", REMOTE_ADDR="2001:db8:0:2::1").status_code == 200
