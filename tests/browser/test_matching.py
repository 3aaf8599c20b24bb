"""Matches, near misses and price discovery in a real browser, on the demo data: a technology
page and a financing need page in both languages at 375 and 1280 px, screenshot (whole page and
the sections), with no sideways scrolling, no CSP violation and no serious axe violation."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from financing.models import FinancingNeed
from financing.services import financing_matches_for_need
from listings.matching import technology_matches
from listings.models import Technology
from listings.price_discovery import stored_price_discovery

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _richest_technology():
    """The demo listing with the most to show: disclosed comparable values, matches, near misses."""

    def weight(technology):
        prices, found = stored_price_discovery(technology), technology_matches(technology, limit=5)
        return (
            min(prices.disclosed, 3) + min(prices.outliers, 1),
            bool(found.near_misses),
            len(found.matches),
        )

    listings = Technology.objects.published().filter(price_cny__isnull=False).order_by("slug")
    return max(listings, key=weight)


def _richest_need():
    def weight(need):
        found = financing_matches_for_need(need)
        return (bool(found.matches) and bool(found.near_misses), len(found.matches))

    return max(FinancingNeed.objects.open().order_by("slug"), key=weight)


def test_matches_and_prices_on_the_demo(visit):
    call_command("seed_demo", verbosity=0)
    with translation.override("en"):
        technology, need = _richest_technology(), _richest_need()
        pages = {
            "matching-technology": (technology.get_absolute_url(), ["matches-title", "contracts-title"]),
            "matching-financing-need": (need.get_absolute_url(), ["matches-title"]),
        }
    failures = []
    for width in (375, 1280):
        visitor = visit(width=width)
        for name, (path, sections) in pages.items():
            for lang in ("en", "zh-hans"):
                response = visitor.goto(path.replace("/en/", f"/{lang}/", 1))
                assert response.status == 200, (name, lang)
                visitor.screenshot(f"{name}-{lang}-{width}")
                for section in sections:
                    element = visitor.page.locator(f"section:has(#{section})")
                    element.screenshot(path=str(_shot(f"{name}-{section}-{lang}-{width}")))
                if visitor.page.locator("#near-misses-title").count():
                    near = visitor.page.locator("section:has(#near-misses-title)")
                    near.screenshot(path=str(_shot(f"{name}-near-misses-{lang}-{width}")))
                overflow = visitor.horizontal_overflow()
                if overflow > 0:
                    failures.append(f"{name} {lang} {width}px scrolls sideways by {overflow}px")
                if width == 1280:
                    failures += [f"axe {name} {lang}: {v}" for v in visitor.axe()]
        failures += visitor.problems
    assert not failures, "\n".join(failures)


def _shot(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
