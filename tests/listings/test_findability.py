"""Issue 18 item 4: multi-select facets (OR within a facet, AND across), a minimum TRL, a target
country on the page, search by patent or application number and by owner, two-character Chinese
queries that jieba splits; the page and the API take the same parameters and list the same rows."""

import re
from html import unescape

import pytest

from listings.models import Technology
from listings.search import search_technologies
from listings.text import patent_tokens, query_terms
from tests import factories
from tests.haidian.site.test_filter_parity import api_ids, page_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    chips = factories.SectorFactory(slug="chips", name_en="Chip design", name_zh_hans="芯片设计")
    bio = factories.SectorFactory(slug="bio", name_en="Biomedicine", name_zh_hans="生物医药")
    tsinghua = factories.OrganizationFactory(
        slug="tsinghua", name_en="Tsinghua Microelectronics Institute", name_zh_hans="清华微电子研究所"
    )
    factories.TechnologyFactory(
        slug="cn-chip",
        sectors=[chips],
        trl=7,
        target_countries=["SE", "JP"],
        owner=tsinghua,
        patent_numbers="CN201711443464.X; CN201810012345.6",
        ip_status="granted_patent",
    )
    factories.TechnologyFactory(
        slug="hk-chip",
        sectors=[chips],
        trl=9,
        origin_country=factories.country("HK"),
        target_countries=["SE"],
        title_en="Llm accelerator",
        title_zh_hans="大语言模型加速芯片",
    )
    factories.TechnologyFactory(
        slug="jp-chip", sectors=[chips], trl=8, origin_country=factories.country("JP")
    )
    factories.TechnologyFactory(
        slug="cn-bio", sectors=[bio], trl=5, target_countries=["JP"], ip_status="know_how"
    )
    factories.TechnologyFactory(
        slug="hk-bio", sectors=[bio], trl=6, origin_country=factories.country("HK"), ip_status="know_how"
    )


PARITY = [
    {"country": ["CN", "HK"]},
    {"country": "CN,HK"},
    {"country": ["CN", "HK"], "sector": "chips"},
    {"country": ["CN", "HK"], "sector": ["chips", "bio"], "ip": ["granted_patent", "know_how"]},
    {"trl_min": "7"},
    {"trl_min": "7", "country": ["HK", "JP"]},
    {"target_country": "SE"},
    {"target_country": ["SE", "JP"], "trl_min": "8"},
    {"q": "CN201711443464.X"},
    {"q": "201711443464.X"},
    {"q": "ZL 201810012345.6"},
    {"q": "CN201711443464"},
    {"q": "Tsinghua"},
    {"q": "清华微电子研究所"},
    {"q": "大语"},
    {"q": "大语", "country": ["HK", "CN"]},
]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("params", PARITY, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_the_page_and_the_api_list_the_same_rows(client, world, params, lang):
    on_page = page_ids(client, f"/{lang}/technologies/", params)
    assert on_page == api_ids(client, "/api/v1/technologies/", {**params, "lang": lang}, "slug")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": ["CN", "HK"]}, {"cn-chip", "hk-chip", "cn-bio", "hk-bio"}),
        ({"country": ["CN", "HK"], "sector": "chips"}, {"cn-chip", "hk-chip"}),
        ({"trl_min": "7"}, {"cn-chip", "hk-chip", "jp-chip"}),
        ({"trl_min": "7", "country": ["HK", "JP"]}, {"hk-chip", "jp-chip"}),
        ({"target_country": "SE"}, {"cn-chip", "hk-chip"}),
        ({"target_country": ["SE", "JP"], "trl_min": "8"}, {"hk-chip"}),
        ({"q": "CN201711443464.X"}, {"cn-chip"}),
        ({"q": "cn 201711443464.x"}, {"cn-chip"}),
        ({"q": "ZL201711443464X"}, {"cn-chip"}),
        ({"q": "CN201810012345.6"}, {"cn-chip"}),
        ({"q": "CN201810012345.7"}, set()),
        # Without the check digit (and dot) it is still the same application.
        ({"q": "CN201711443464"}, {"cn-chip"}),
        ({"q": "201810012345"}, {"cn-chip"}),
        ({"q": "Tsinghua microelectronics"}, {"cn-chip"}),
        ({"q": "清华微电子研究所"}, {"cn-chip"}),
        ({"q": "大语"}, {"hk-chip"}),
    ],
)
def test_filters_and_search_find_the_expected_rows(client, world, params, expected):
    assert page_ids(client, "/en/technologies/", params) == expected


def links(html):
    return {unescape(label).strip(): unescape(href) for href, label in _FACET.findall(html)}


_FACET = re.compile(
    r'<a class="facet-option[^"]*"[^>]* href="([^"]+)"><span class="facet-label">(?:<span[^>]*>✓</span> )?([^<]+)'
)


def test_choosing_a_second_country_keeps_the_first(client, world):
    html = client.get("/en/technologies/", {"country": "CN"}).content.decode()
    options = links(html)
    # Origin: China chosen; Hong Kong adds itself to it, China takes itself out.
    assert options["Hong Kong SAR, China"] == "?country=CN&country=HK"
    assert options["China"] == "?"
    html = client.get("/en/technologies/?country=CN&country=HK").content.decode()
    assert set(re.findall(r'data-id="([^"]+)"', html)) == {"cn-chip", "hk-chip", "cn-bio", "hk-bio"}
    chips = dict((unescape(text).split(":")[1].strip(), unescape(href)) for href, text in _CHIP.findall(html))
    assert chips == {"China": "?country=HK", "Hong Kong SAR, China": "?country=CN"}


_CHIP = re.compile(r'<li><a href="([^"]+)">([^<]+) <span aria-hidden="true">×</span>')


@pytest.mark.parametrize(
    ("lang", "or_higher", "target"),
    [("en", "TRL 7 or higher", "Target country or region"), ("zh-hans", "TRL 7 及以上", "目标国家或地区")],
)
def test_the_page_offers_a_minimum_trl_and_a_target_country(client, world, lang, or_higher, target):
    html = client.get(f"/{lang}/technologies/", {"target_country": "SE"}).content.decode()
    assert f'<h2 class="facet-title">{target}' in html
    options = re.findall(
        r'href="\?([^"]+)"><span class="facet-label">(TRL [^<]+)</span> <span class="count">(\d+)', html
    )
    # Counted with the target country applied: TRL 9 (hk-chip), 7 or higher (cn-chip too).
    assert ("target_country=SE&amp;trl_min=9", "TRL 9", "1") in options
    assert ("target_country=SE&amp;trl_min=7", or_higher, "2") in options
    # A single value: choosing 8 replaces 7.
    html = client.get(f"/{lang}/technologies/", {"trl_min": "7"}).content.decode()
    assert 'href="?trl_min=8"' in html


def test_patent_numbers_are_one_token_whatever_their_spelling():
    spellings = [
        "CN201711443464.X",
        "cn201711443464.x",
        "ZL201711443464.X",
        "ZL 201711443464.X",
        "201711443464X",
    ]
    assert {tuple(query_terms(spelling)) for spelling in spellings} == {(("pn201711443464x",),)}
    assert patent_tokens("CN108123456A, CN201810012345.6") == ["pn108123456a", "pn2018100123456"]
    # A document also indexes each number bare, for queries that leave the check digit off.
    assert patent_tokens("CN108123456A", bare=True) == ["pn108123456a", "pn108123456"]
    # Short numbers stay ordinary words.
    assert query_terms("TRL 7 1234567") == [("trl",), ("7",), ("1234567",)]


def test_a_two_character_query_jieba_splits_is_one_bigram():
    assert query_terms("大语") == [("大语",)]
    assert query_terms("大语模") == [("大语模", "大语", "语模")]
    # Single characters next to a real word are still dropped (no document indexes them alone).
    assert query_terms("出结果时间") == [("结果",), ("时间",)]


def test_editing_the_patent_numbers_updates_the_search(world):
    listing = Technology.objects.get(slug="jp-chip")
    assert not search_technologies("CN202110998877.1").exists()
    listing.patent_numbers = "CN202110998877.1"
    listing.save()
    assert list(search_technologies("CN202110998877.1").values_list("slug", flat=True)) == ["jp-chip"]


def test_a_chosen_minimum_level_shows_as_a_removable_filter_without_a_listing_at_it(client, world):
    # No listing is at TRL 4 exactly; the five at 5 or higher match, and the choice can be undone.
    html = client.get("/en/technologies/", {"trl_min": "4", "country": "CN"}).content.decode()
    chips = {unescape(text).split(": ")[1].strip(): unescape(href) for href, text in _CHIP.findall(html)}
    assert chips == {"TRL 4 or higher": "?country=CN", "China": "?trl_min=4"}
    assert set(re.findall(r'data-id="([^"]+)"', html)) == {"cn-chip", "cn-bio"}
