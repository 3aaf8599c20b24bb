"""What the hostile-input tests aim at: every public page route in both languages, and every API
operation from the OpenAPI schema.

Concrete pages come from walking the URL resolver and reading sitemap.xml: a route with a slug is
filled with the slugs the sitemap lists under it (and ``<detail>/<suffix>/`` routes with those of
their detail page); a route the sitemap cannot fill (a token, an attachment id) gets a value that
names nothing, which still exercises its not-found path.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

# Not the public pages: the back office, the API (enumerated from its schema), the language switch
# (a POST, tested on its own).
SKIP_PREFIXES = ("admin/", "api/", "i18n/")
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
PLACEHOLDER = {"int": "999999", "slug": "no-such-thing", "str": "no-such-token", "path": "no/such/path"}


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "en/technologies/<slug:slug>/inquiry-sent/"
    name: str | None

    @property
    def arguments(self) -> list[tuple[str, str]]:
        return [(m["converter"] or "str", m["name"]) for m in ARGUMENT.finditer(self.route)]

    def fill(self, **values) -> str:
        def value(match):
            return values.get(match["name"], PLACEHOLDER[match["converter"] or "str"])

        return "/" + ARGUMENT.sub(value, self.route)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield Route(route.lstrip("^"), pattern.name)


def public_routes() -> list[Route]:
    """Every route of the public site, once per language (root routes such as robots.txt once)."""
    routes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for route in _walk(get_resolver().url_patterns):
                if not route.route.startswith(SKIP_PREFIXES) and route not in routes:
                    routes.append(route)
    return routes


def sitemap_paths(client) -> list[str]:
    """Every page sitemap.xml lists, in every language (its hreflang alternates included)."""
    xml = client.get("/sitemap.xml").content.decode()
    urls = set(re.findall(r"<loc>([^<]+)</loc>", xml)) | set(re.findall(r'href="([^"]+)"', xml))
    return sorted({re.sub(r"^https?://[^/]+", "", url) for url in urls})


def concrete_paths(client) -> dict[Route, list[str]]:
    """Each public route with the concrete paths that exercise it."""
    listed = sitemap_paths(client)
    paths = {}
    for route in public_routes():
        arguments = route.arguments
        if not arguments:
            paths[route] = [route.fill()]
            continue
        found = []
        if len(arguments) == 1 and arguments[0][0] == "slug":
            # The slugs the sitemap lists right under the route's head ("en/technologies/<slug>/").
            head = route.route[: ARGUMENT.search(route.route).start()]
            pattern = re.compile("^/" + re.escape(head) + r"([-a-zA-Z0-9_]+)/$")
            found = [route.fill(**{arguments[0][1]: m[1]}) for m in map(pattern.match, listed) if m]
        paths[route] = found or [route.fill()]
    return paths


def api_operations(schema: dict) -> list[tuple[str, dict]]:
    """(path template, GET operation) for every API operation in the OpenAPI schema."""
    return [(path, item["get"]) for path, item in sorted(schema["paths"].items()) if "get" in item]


POST_FORM = re.compile(r"<form\b([^>]*\bmethod=\"post\"[^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"")


@dataclass(frozen=True)
class PostForm:
    action: str  # where it posts (the page itself when the form names no action)
    fields: tuple[str, ...]  # its field names, the CSRF token left out
    has_csrf_token: bool


def post_forms(path: str, html: str) -> list[PostForm]:
    """The POST forms of a page."""
    forms = []
    for attributes, body in POST_FORM.findall(html):
        action = re.search(r'\baction="([^"]*)"', attributes)
        target = (action[1] if action else "").split("#")[0] or path
        names = dict.fromkeys(FIELD.findall(body))
        forms.append(
            PostForm(
                target, tuple(n for n in names if n != "csrfmiddlewaretoken"), "csrfmiddlewaretoken" in names
            )
        )
    return forms
