"""The client-address rule, the form rate limit, pagination and private pages (haidian.core.web),
tested on their own with request objects: no database, so mutation testing can run them often."""

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from haidian.core import web

requests = RequestFactory()


def request(remote="192.0.2.10", forwarded=None, **query):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return requests.get("/", query, **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy: what the client wrote in X-Forwarded-For is ignored.
        (0, "192.0.2.10", "203.0.113.66", "192.0.2.10"),
        # One proxy: the entry it appended (rightmost), not what the client prepended.
        (1, "10.0.0.2", "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        # Two proxies: the second entry from the right.
        (2, "10.0.0.2", "203.0.113.66, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # A chain shorter than the proxies (a probe past them): the connection, never a written value.
        (2, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", None, "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert web.client_ip(request(remote, forwarded)) == expected


@pytest.mark.parametrize(
    "header", ["HTTP_CLIENT_IP", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "HTTP_TRUE_CLIENT_IP"]
)
def test_behind_a_proxy_only_x_forwarded_for_is_read(settings, header):
    """Our proxies append to X-Forwarded-For and pass other headers through as the client wrote them."""
    settings.TRUSTED_PROXY_COUNT = 1
    forged = requests.get("/", REMOTE_ADDR="10.0.0.2", **{header: "203.0.113.66"})
    assert web.client_ip(forged) == "10.0.0.2"


@pytest.mark.parametrize(
    ("remote", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::"),
        ("not-an-address", "unknown"),
    ],
)
def test_limit_key_is_the_address_or_its_ipv6_64_block(settings, remote, key):
    settings.TRUSTED_PROXY_COUNT = 0
    assert web.limit_key(request(remote)) == key


def test_rate_limited_counts_per_visitor_and_group(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    visitor, other = request("198.51.100.1"), request("198.51.100.2")
    assert [web.rate_limited(visitor, "inquiry", limit=2, window=60) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert web.rate_limited(other, "inquiry", limit=2, window=60) is False  # another visitor
    assert web.rate_limited(visitor, "alert", limit=2, window=60) is False  # another group


def test_paginate_answers_the_page_asked_for_and_404_past_the_end():
    rows = list(range(45))
    assert list(web.paginate(request(), rows)) == rows[:20]
    page = web.paginate(request(page="3"), rows)
    assert list(page) == rows[40:] and page.number == 3
    for bad in ("4", "0", "x"):
        with pytest.raises(Http404):
            web.paginate(request(page=bad), rows)
    assert list(web.paginate(request(page="2"), rows, per_page=10)) == rows[10:20]


def test_paginate_uses_a_count_the_caller_knows():
    page = web.paginate(request(), list(range(45)), count=7)
    assert page.paginator.count == 7 and page.paginator.num_pages == 1


def test_crumbs_are_label_and_url_pairs():
    assert web.crumbs(("News", "/en/news/"), ("An article", None)) == [
        {"label": "News", "url": "/en/news/"},
        {"label": "An article", "url": None},
    ]


def test_a_private_page_is_never_cached_nor_indexed():
    @web.private_page
    def view(request, answer):
        return HttpResponse(answer)

    response = view(request(), "kept")
    assert response.content == b"kept" and view.__name__ == "view"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


class StandInForm:
    """What ``screen_inquiry`` reads of an inquiry form."""

    def __init__(self, token, *, is_bot=False, valid=True):
        self.data = {"token": token}
        self.is_bot = is_bot
        self.valid = valid
        self.errors = []

    def is_valid(self):
        return self.valid

    def add_error(self, field, error):
        self.errors.append(error)


class StoredTokens:
    """What ``screen_inquiry`` asks of the inquiries: was this form's token stored before?"""

    def __init__(self, *tokens):
        self.tokens = set(tokens)

    def submitted(self, token):
        return token in self.tokens


def test_the_same_form_sent_again_is_thanked_and_never_counts_against_the_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.INQUIRY_RATE_LIMIT = 1
    settings.INQUIRY_RATE_WINDOW = 60
    visitor, stored = request("198.51.100.31"), StoredTokens("sent-before")
    # A double click or a retry of a stored form: thanked again, whatever the limit says.
    assert [web.screen_inquiry(visitor, StandInForm("sent-before"), stored) for _ in range(3)] == [
        web.THANK
    ] * 3
    assert web.screen_inquiry(visitor, StandInForm("new", is_bot=True), stored) == web.THANK
    assert web.screen_inquiry(visitor, StandInForm("new", valid=False), stored) == 400
    over = StandInForm("another")
    assert web.screen_inquiry(visitor, over, stored) == 429
    assert over.errors  # the visitor is told on the form
