import re

import pytest


@pytest.fixture
def no_page_cache(settings):
    """Measure the work of a page, not the cache in front of it."""
    settings.PUBLIC_CACHE_ENABLED = False


def head_links(html: str) -> dict:
    """canonical and hreflang alternates of a page's <head>."""
    links = {"canonical": re.findall(r'<link rel="canonical" href="([^"]+)"', html)}
    for lang, href in re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html):
        links[lang] = href
    return links
