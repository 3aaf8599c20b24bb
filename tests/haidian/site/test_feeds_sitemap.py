import re

import pytest

from haidian.core.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_technology_feeds_list_published_listings_in_the_language_of_the_url(client):
    factories.TechnologyFactory(title_en="Spectral imaging", title_zh_hans="光谱成像")
    factories.TechnologyFactory(title_en="Draft thing", status="draft", published_at=None)
    rss = client.get("/en/technologies/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Spectral imaging" in rss.content.decode() and "Draft thing" not in rss.content.decode()
    atom = client.get("/zh-hans/technologies/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "光谱成像" in atom.content.decode()


def test_news_feeds(client):
    factories.ArticleFactory(title_en="Agencies reach 21")
    factories.ArticleFactory(title_en="Unpublished", status=PublicationStatus.DRAFT, published_at=None)
    for path in ("/en/news/feed/rss/", "/en/news/feed/atom/"):
        body = client.get(path).content.decode()
        assert "Agencies reach 21" in body and "Unpublished" not in body


def test_sitemap_lists_both_languages_with_hreflang_alternates(client):
    listing = factories.TechnologyFactory()
    hidden = factories.TechnologyFactory(status="draft", published_at=None)
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/en/technologies/{listing.slug}/</loc>" in body
    assert f"<loc>http://testserver/zh-hans/technologies/{listing.slug}/</loc>" in body
    assert (
        f'<xhtml:link rel="alternate" hreflang="zh-hans" href="http://testserver/zh-hans/technologies/{listing.slug}/"'
        in body
    )
    assert 'hreflang="x-default"' in body
    assert hidden.slug not in body
    assert "<loc>http://testserver/zh-hans/contracts/statistics/</loc>" in body


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body and "Disallow: /admin/" in body


def test_pages_link_their_feeds(client):
    html = client.get("/en/").content.decode()
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml"[^>]+href="/en/technologies/feed/rss/"', html
    )
