import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from haidian.site import views
from tests.security.targets import concrete_paths

pytestmark = pytest.mark.django_db


def test_404_page_in_both_languages(client):
    english = client.get("/en/no-such-page/")
    assert english.status_code == 404
    assert "Page not found" in english.content.decode() and '<html lang="en">' in english.content.decode()
    chinese = client.get("/zh-hans/technologies/no-such-listing/")
    assert chinese.status_code == 404
    html = chinese.content.decode()
    assert '<html lang="zh-Hans">' in html and "页面未找到" in html


def test_500_page_in_the_language_of_the_url():
    request = RequestFactory().get("/zh-hans/technologies/")
    response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html and "服务器" in html


def test_500_from_a_failing_view_uses_the_handler(settings):
    client = Client(raise_request_exception=False)
    settings.ROOT_URLCONF = "tests.haidian.site.failing_urls"
    response = client.get("/en/boom/")
    assert response.status_code == 500 and "Something went wrong on our side" in response.content.decode()


@pytest.fixture
def every_page(client, request):
    """One concrete path of every public route, in both languages (see tests/security/targets.py),
    over the API tests' world of public records."""
    request.getfixturevalue("world")
    return [paths[0] for paths in concrete_paths(client).values()]


def test_public_pages_have_a_strict_csp_and_no_inline_code(client, every_page):
    checked = 0
    for path in every_page:
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue  # feeds, sitemap, robots.txt, security.txt, downloads
        checked += 1
        policy = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
        ), path
        html = response.content.decode()
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"""(src|href)=["']https?://(?!testserver)""", html.split("<main", 1)[0]), path
    assert checked >= 30  # every kind of page, both languages, 200s and 404s


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def test_every_response_carries_the_security_headers(client, admin_client, every_page):
    responses = {path: client.get(path) for path in every_page}
    responses |= {
        path: client.get(path)
        for path in (
            "/api/v1/",
            "/api/v1/technologies/",
            "/api/v1/technologies/gene-sequencer/",
            "/api/v1/technologies/?trl_min=bad",  # a 400
            "/api/v1/no-such-endpoint/",  # the API's JSON 404
            "/api/schema/",
            "/api/docs/",
            "/admin/login/",
            "/en/no-such-page/",
            "/zh-hans/no-such-page/",
            "/no-such-page/",
        )
    }
    responses["/admin/ (signed in)"] = admin_client.get("/admin/")
    for where, response in responses.items():
        for header, value in SECURITY_HEADERS.items():
            assert response.get(header) == value, (where, header)
        assert "camera=()" in response["Permissions-Policy"], where
        assert "frame-ancestors" in response["Content-Security-Policy"], where
        # Nothing tells which software or version serves the site.
        assert "Server" not in response and "X-Powered-By" not in response, where
    assert responses["/en/no-such-page/"].status_code == 404
    assert responses["/api/v1/technologies/?trl_min=bad"].status_code == 400


def test_language_switch_endpoint_exists(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/en/technologies/"})
    assert response.status_code == 302 and response.url == "/zh-hans/technologies/"
