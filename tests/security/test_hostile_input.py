"""Hostile input against every public page, form and API operation: SQL-injection strings, NUL
bytes, 10 KB strings, invalid UTF-8, numbers past 64 bits, negative and zero pages, path traversal
in slugs, script tags. No 5xx; no unescaped reflection (HTML never carries a payload raw, JSON
answers are JSON); nothing stored unsanitised."""

import json

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from haidian.core.fields import RichTextField
from listings.models import Inquiry
from tests import factories

from .targets import FIELD, api_operations, concrete_paths, post_forms

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><svg onload=alert(1)>'
HOSTILE = {
    "sql": "' OR '1'='1' --",
    "sql-stacked": "1; DROP TABLE listings_technology; --",
    "nul": "gene\x00seq",
    "10kb": "x" * 10_240,
    "script": SCRIPT,
    "attribute": ATTRIBUTE,
    "past-64-bits": "9" * 25,
    "negative": "-1",
    "zero": "0",
    "float": "1e400",
}
# Raw in a URL path: traversal, NUL, quotes, tags, 10 KB, invalid UTF-8, huge and negative numbers.
HOSTILE_PATH_SEGMENTS = [
    "..%2F..%2Fetc%2Fpasswd",
    "..%252F..%252Fetc%252Fpasswd",
    "%00",
    "%27%20OR%201%3D1--",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "x" * 10_240,
    "%FF%FE",
    "9" * 25,
    "-1",
]
INVALID_UTF8 = "%FF%FE%C0%AF"


def assert_safe(response, where):
    """No server error, no payload reflected raw into HTML, JSON that parses."""
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    if content_type.startswith("application/json"):
        json.loads(body)
    else:
        assert SCRIPT not in body and ATTRIBUTE not in body, f"{where} reflects a payload raw"


@pytest.fixture(scope="module")
def pages(shared_world, django_db_blocker):
    """Each public route (both languages) with one concrete path and the fields its forms name."""
    client = Client()
    found = {}
    with django_db_blocker.unblock():
        for route, paths in concrete_paths(client).items():
            response = client.get(paths[0])
            assert response.status_code < 500, paths[0]
            html = response.content.decode("utf-8", "replace")
            fields = set(FIELD.findall(html)) - {"csrfmiddlewaretoken"}
            found[route] = (paths[0], fields | {"q", "page"}, post_forms(paths[0], html))
    return found


@pytest.fixture(scope="module")
def api_targets(shared_world, django_db_blocker):
    """Each API operation: a real path, its query parameters and its path parameters."""
    client = Client()
    with django_db_blocker.unblock():
        schema = client.get("/api/schema/", {"format": "json"}).json()
        targets = []
        for template, operation in api_operations(schema):
            parameters = operation.get("parameters", [])
            path = _real_path(client, template, parameters)
            assert client.get(path).status_code == 200, path
            query = [p["name"] for p in parameters if p["in"] == "query"]
            targets.append((template, path, query, [p["name"] for p in parameters if p["in"] == "path"]))
    return targets


# The hostile values are the parameters of the tests (not a loop inside one), so that the
# workers share them out.
@pytest.mark.sweep
@pytest.mark.parametrize("label", HOSTILE)
def test_every_public_page_survives_hostile_query_parameters(client, pages, label):
    for path, fields, _forms in pages.values():
        assert_safe(client.get(path, dict.fromkeys(fields, HOSTILE[label])), f"GET {path} {label}")


@pytest.mark.sweep
def test_every_public_page_survives_invalid_utf8_parameters(client, pages):
    for path, fields, _forms in pages.values():
        raw = "&".join(f"{field}={INVALID_UTF8}" for field in sorted(fields))
        assert_safe(client.get(f"{path}?{raw}"), f"GET {path} invalid UTF-8")


@pytest.mark.sweep
@pytest.mark.parametrize("segment", HOSTILE_PATH_SEGMENTS)
def test_hostile_path_segments_are_not_found_never_an_error(client, pages, segment):
    for route in pages:
        if not route.arguments:
            continue
        path = route.fill(**dict.fromkeys((name for _c, name in route.arguments), segment))
        response = client.get(path)
        assert_safe(response, f"GET {path[:80]}")
        assert response.status_code in (400, 404), path[:80]


@pytest.mark.sweep
@pytest.mark.parametrize("label", HOSTILE)
def test_every_public_post_form_survives_hostile_fields(client, pages, no_rate_limits, label):
    """Each field of each form alone (the others as the page gave them), then all at once; one field
    at a time in the first language only, as the fields are the same in the other."""
    posted, seen = 0, set()
    for _path, _fields, forms in pages.values():
        for form in forms:
            unprefixed = (form.action.split("/", 2)[-1], form.fields)
            one_by_one = [{name: None} for name in form.fields] if unprefixed not in seen else []
            seen.add(unprefixed)
            for data in [*one_by_one, dict.fromkeys(form.fields)]:
                data = dict.fromkeys(data, HOSTILE[label])
                assert_safe(client.post(form.action, data), f"POST {form.action} {label} {sorted(data)}")
                posted += 1
    assert posted, "no public POST form found (the inquiry form at least)"


@pytest.mark.sweep
@pytest.mark.parametrize("label", [*HOSTILE, "invalid-utf8"])
def test_api_operations_survive_hostile_parameters(client, api_targets, label):
    for _template, path, query, _path_parameters in api_targets:
        for parameter in query:
            if label == "invalid-utf8":
                response = client.get(f"{path}?{parameter}={INVALID_UTF8}")
            else:
                response = client.get(path, {parameter: HOSTILE[label]})
            assert_safe(response, f"GET {path}?{parameter}={label}")
            assert response["Content-Type"].startswith("application/json")


@pytest.mark.sweep
@pytest.mark.parametrize("segment", HOSTILE_PATH_SEGMENTS)
def test_api_path_parameters_survive_hostile_segments(client, api_targets, segment):
    for template, _path, _query, path_parameters in api_targets:
        for name in path_parameters:
            response = client.get(template.replace("{" + name + "}", segment))
            assert_safe(response, f"GET {template} {name}={segment[:30]}")
            assert response.status_code in (400, 404)


def _real_path(client, template, parameters):
    """The template filled with a public object's key, read from the collection above it."""
    for name in (p["name"] for p in parameters if p["in"] == "path"):
        collection = template.split("{" + name + "}")[0]
        first = client.get(collection).json()["results"][0]
        template = template.replace("{" + name + "}", str(first[name]))
    return template


def test_an_inquiry_with_markup_is_stored_as_text_and_shown_escaped(client, admin_client, shared_world):
    listing = shared_world.offer
    message = f"We are interested. {SCRIPT} <b onmouseover=alert(2)>bold</b> and more text."
    response = client.post(
        listing.get_absolute_url(),
        {
            "name": f"Mallory {SCRIPT}",
            "organization_name": ATTRIBUTE,
            "email": "mallory@example.org",
            "message": message,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    # Plain text, kept as typed (no HTML is ever rendered from it), escaped wherever it is shown.
    assert inquiry.message == message and inquiry.name == f"Mallory {SCRIPT}"
    html = admin_client.get(reverse("admin:listings_inquiry_change", args=[inquiry.pk])).content.decode()
    assert SCRIPT not in html and ATTRIBUTE not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    changelist = admin_client.get(reverse("admin:listings_inquiry_changelist")).content.decode()
    assert SCRIPT not in changelist


def test_a_nul_byte_in_an_inquiry_is_a_form_error(client, shared_world, no_rate_limits):
    response = client.post(
        shared_world.offer.get_absolute_url(),
        {"name": "A\x00B", "email": "a@example.org", "message": "m" * 30, "consent": "on"},
    )
    assert response.status_code == 400
    assert Inquiry.objects.count() == 0


def test_too_many_form_fields_are_refused(client, shared_world, settings):
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post(shared_world.offer.get_absolute_url(), data).status_code == 400


RICH_TEXT_FACTORIES = {
    "listings.Technology": factories.TechnologyFactory,
    "haidian.Article": factories.ArticleFactory,
    "haidian.Page": factories.PageFactory,
    "agencies.Agency": factories.AgencyFactory,
    "financing.FinancingProduct": factories.FinancingProductFactory,
}


def _rich_text_fields():
    """(model label, field name) of every rich-text field (its translated columns are checked)."""
    return [
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, RichTextField)
        and not field.name.endswith(("_en", "_zh_hans"))
        and not model._meta.label.split(".")[1].startswith("Historical")
    ]


@pytest.mark.parametrize(("label", "field"), _rich_text_fields())
def test_rich_text_is_sanitised_in_both_languages(label, field):
    dirty = f'<p onclick="x()">Text{SCRIPT}<a href="javascript:alert(1)">link</a></p>'
    obj = RICH_TEXT_FACTORIES[label](**{f"{field}_en": dirty, f"{field}_zh_hans": dirty})
    obj.refresh_from_db()
    for value in (getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh_hans")):
        assert "<script" not in value and "onclick" not in value and "javascript:" not in value
        assert "Text" in value
