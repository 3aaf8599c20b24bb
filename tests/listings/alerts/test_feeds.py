"""Every search of the technology list has an RSS and an Atom feed of the same listings; the list
page links them; a parameter that does not validate is a 400."""

import re

import pytest

from listings.models import TechnologyKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings():
    genomics = factories.SectorFactory(slug="genomics", name_en="Genomics")
    return {
        "offer": factories.TechnologyFactory(title_en="Nanopore sequencer", sectors=[genomics]),
        "need": factories.TechnologyFactory(
            title_en="Wanted: sequencer", kind=TechnologyKind.NEED, sectors=[genomics]
        ),
        "other": factories.TechnologyFactory(title_en="Lidar scanner"),
    }


def test_the_feed_of_a_search_has_its_listings_only(client, listings):
    rss = client.get("/en/technologies/feed/rss/?sector=genomics&kind=offer")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "Nanopore sequencer" in body and "Wanted" not in body and "Lidar" not in body
    assert "<link>http://testserver/en/technologies/?kind=offer&amp;sector=genomics</link>" in body
    assert "Genomics" in body.split("<item>")[0]  # the channel title names the search
    atom = client.get("/en/technologies/feed/atom/?q=lidar").content.decode()
    assert "Lidar scanner" in atom and "Nanopore" not in atom


def test_without_parameters_the_feed_has_every_new_listing(client, listings):
    body = client.get("/en/technologies/feed/rss/").content.decode()
    assert all(item.title_en in body for item in listings.values())


def test_unknown_parameters_sort_and_page_are_ignored(client, listings):
    body = client.get("/en/technologies/feed/rss/?kind=need&utm_source=x&sort=title&page=9").content.decode()
    assert "Wanted: sequencer" in body and "Nanopore" not in body


@pytest.mark.parametrize(
    "query",
    ["trl=12", "trl=abc", "kind=both", "country=japan", "q=%00", "sector=no%20slug", "q=" + "x" * 201],
)
def test_bad_parameters_are_400(client, listings, query):
    assert client.get(f"/en/technologies/feed/rss/?{query}").status_code == 400
    assert client.get(f"/en/technologies/feed/atom/?{query}").status_code == 400


def test_the_list_page_links_the_feed_of_its_search(client, listings):
    html = client.get("/en/technologies/?sector=genomics&sort=title&kind=offer&trl=abc").content.decode()
    head = html.split("</head>")[0]
    link = re.search(r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="([^"]+)"', head)
    assert link.group(1) == "/en/technologies/feed/rss/?kind=offer&amp;sector=genomics"
    assert 'href="/en/technologies/feed/atom/?kind=offer&amp;sector=genomics"' in head
    # and a visible link beside the alert form
    body = html.split("<main", 1)[1]
    assert 'href="/en/technologies/feed/rss/?kind=offer&amp;sector=genomics"' in body
    feed = client.get("/en/technologies/feed/rss/?kind=offer&sector=genomics")
    assert feed.status_code == 200 and "Nanopore sequencer" in feed.content.decode()


def test_a_chinese_search_feed(client, listings):
    body = client.get("/zh-hans/technologies/feed/rss/?kind=offer").content.decode()
    assert listings["offer"].title_zh_hans in body
    assert "http://testserver/zh-hans/technologies/?kind=offer" in body
