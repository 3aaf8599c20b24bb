"""Browser tests: Playwright's sync API driving Debian chromium against pytest-django's live server.

Skipped with a reason where /usr/bin/chromium is missing, except under CI=true (then they fail).
Screenshots go to artifacts/screenshots/.
"""

import os
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"

# The live server runs in a thread; Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Visitor:
    """A browser page at a width, recording CSP violations and page errors."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            self.problems.append(text)

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response is not None
        return response

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def axe(self) -> list[dict]:
        """Serious and critical violations reported by axe-core (WCAG 2.2 A and AA rules, best practice)."""
        # Evaluated through the DevTools protocol, which the page's CSP does not govern.
        self.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
        result = self.page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
        )
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"][:5]],
            }
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    def log_in(self, user):
        """Signs ``user`` in, through a session made by Django's test client."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base_url}]
        )

    def horizontal_overflow(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def visit(chromium, live_server):
    contexts = []

    def open_page(width=1280, height=900, locale="en-GB"):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        return Visitor(context.new_page(), live_server.url)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def demo():
    """The demo data, and a path for every public page type (``{lang}`` to fill in)."""
    from django.utils import translation

    from financing.models import FinancingNeed, FinancingProduct
    from haidian.core.models import Article, Page
    from listings.models import Technology
    from tests import factories

    call_command("seed_demo", verbosity=0)
    need = Technology.objects.published().needs().order_by("slug").first()
    offer = Technology.objects.published().exclude(pk=need.pk).order_by("slug").first()
    agency = need.agency or factories.AgencyFactory()
    page = Page.objects.published().first() or factories.PageFactory()

    # A search that finds the offer: the longest word of its English title.
    word = max(offer.title_en.split(), key=len)

    def path_of(obj) -> str:
        with translation.override("en"):
            return obj.get_absolute_url().replace("/en/", "/{lang}/", 1)

    return {
        "home": "/{lang}/",
        "technologies": "/{lang}/technologies/",
        "search": f"/{{lang}}/technologies/?q={quote(word)}",
        "technology": path_of(need),
        "offer": path_of(offer),
        "alert": "/{lang}/technologies/alerts/",
        "agencies": "/{lang}/agencies/",
        "agency": path_of(agency),
        "statistics": "/{lang}/contracts/statistics/",
        "contracts": "/{lang}/contracts/",
        "products": "/{lang}/financing/products/",
        "product": path_of(FinancingProduct.objects.active().order_by("pk").first()),
        "needs": "/{lang}/financing/needs/",
        "financing-need": path_of(FinancingNeed.objects.published().order_by("pk").first()),
        "news": "/{lang}/news/",
        "article": path_of(Article.objects.published().order_by("pk").first()),
        "page": path_of(page),
        "open-data": "/{lang}/open-data/",
        "contact": "/{lang}/contact/",
        "not-found": "/{lang}/technologies/no-such-listing/",
    }
