import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from haidian import views
from tests import factories

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
    settings.ROOT_URLCONF = "tests.web.failing_urls"
    response = client.get("/en/boom/")
    assert response.status_code == 500 and "Something went wrong on our side" in response.content.decode()


def test_public_pages_have_a_strict_csp_and_no_inline_code(client):
    listing = factories.TechnologyFactory()
    factories.ContractFactory()
    for path in (
        "/en/",
        "/en/technologies/",
        f"/en/technologies/{listing.slug}/",
        "/en/contracts/statistics/",
    ):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
        )
        html = response.content.decode()
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"""(src|href)=["']https?://(?!testserver)""", html.split("<main", 1)[0]), path


def test_language_switch_endpoint_exists(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/en/technologies/"})
    assert response.status_code == 302 and response.url == "/zh-hans/technologies/"
