"""Malformed query parameters on every public URL: pages in both languages, API list, detail and
stats, feeds, sitemap, open data and downloads. Never a 5xx: a bad parameter is a 400 naming it (a
form error on a page, JSON in the API), or is ignored, or finds nothing (404).

The parameters tried on a page are those it offers itself (its form fields and the query strings
of its own links, e.g. the contract list's ``?year=``), plus ``page``; in the API, every query
parameter of the operation in the OpenAPI schema. Each parameter is sent alone (so a 400 from one
cannot hide a crash in another), then all of them together.
"""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from .targets import FIELD, api_operations, concrete_paths
from .test_hostile_input import _real_path

pytestmark = [pytest.mark.django_db, pytest.mark.sweep]

MALFORMED = [
    "0000",
    "٢٠٢٥",  # Arabic-Indic digits: str.isdigit() says yes
    "２０２５",  # full-width digits
    "99999999999999999999",  # past 64 bits
    "-1",
    "0",
    "abc",
    "2025\x00",  # NUL: PostgreSQL refuses it in a query
    "x" * 5_000,
    "no-such-thing",
]
LINK = re.compile(r'\bhref="([^"]*\?[^"]*)"')


def _offered_parameters(path, response):
    """The form fields of a page and the query parameters of its links to itself; ``page`` (``p``
    for the sitemap's sections) as well."""
    html = response.content.decode("utf-8", "replace")
    names = set(FIELD.findall(html)) - {"csrfmiddlewaretoken"}
    for href in LINK.findall(html):
        url = urlsplit(unescape(href))
        if url.path in ("", path):
            names |= {name for name, _value in parse_qsl(url.query, keep_blank_values=True)}
    is_xml = "xml" in response.get("Content-Type", "")
    return names | {"page"} | ({"p"} if is_xml else set())


def _assert_no_server_error(response, where):
    assert response.status_code < 500, f"{where}: {response.status_code}"


@pytest.fixture(scope="module")
def targets(shared_world, django_db_blocker):
    """(path, parameter names, each also alone?) of every public URL. A page's parameters are tried
    one by one in the first language; the other language's copy of the route runs the same view and
    form, so there they are tried all together."""
    client = Client()
    other_languages = tuple(f"{code}/" for code, _name in settings.LANGUAGES[1:])
    found = []
    with django_db_blocker.unblock():
        for route, paths in concrete_paths(client).items():
            response = client.get(paths[0])
            _assert_no_server_error(response, paths[0])
            found.append(
                (
                    paths[0],
                    _offered_parameters(paths[0], response),
                    not route.route.startswith(other_languages),
                )
            )
            # Unknown slugs and tokens: not found, never an error.
            if route.arguments:
                unknown = route.fill(
                    **{name: "no-such-thing" for kind, name in route.arguments if kind != "int"}
                )
                assert client.get(unknown).status_code in (400, 404), unknown
        schema = client.get("/api/schema/", {"format": "json"}).json()
        for template, operation in api_operations(schema):
            parameters = operation.get("parameters", [])
            path = _real_path(client, template, parameters)
            found.append((path, {p["name"] for p in parameters if p["in"] == "query"} | {"lang"}, True))
    return found


def test_the_parameters_tried_include_the_year_filters(targets):
    assert any("year" in names for path, names, _alone in targets if path == "/en/contracts/")
    assert any("year" in names for path, names, _alone in targets if path == "/api/v1/contracts/stats/")


# One test per malformed value, so that the workers share them out.
@pytest.mark.parametrize("value", MALFORMED, ids=lambda value: repr(value[:12]))
def test_no_public_url_answers_5xx_to_malformed_parameters(client, targets, value):
    for path, names, alone in targets:
        for name in sorted(names) if alone else ():
            _assert_no_server_error(client.get(path, {name: value}), f"GET {path}?{name}={value[:20]!r}")
        _assert_no_server_error(
            client.get(path, dict.fromkeys(names, value)), f"GET {path} all={value[:20]!r}"
        )
