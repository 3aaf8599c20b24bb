"""Relevance in both languages: each query names the listings expected first, in order.

``exactly``: the result is these listings and no others; ``first``: these lead the result, in
this order; ``first_any``: these lead the result, in any order.
"""

import pytest
from django.db import connection
from django.utils import translation

from haidian.core.models import Sector
from listings.models import Technology
from listings.search import search_technologies

from .conftest import on_postgresql

pytestmark = pytest.mark.django_db

CASES = [
    # English stems: licence, licensing, licensed, license all meet.
    ("licence", {"first_any": ["chip", "battery"]}),
    ("licensing", {"first_any": ["chip", "battery"]}),
    ("licensed", {"first_any": ["chip", "battery"]}),
    ("license", {"first_any": ["chip", "battery"]}),
    ("sequence", {"exactly": ["genome"]}),
    ("genomic", {"exactly": ["genome"]}),
    ("Navigating", {"exactly": ["navigation"]}),
    # A title hit ranks above a description hit.
    ("chips", {"first": ["chip", "tester"], "exactly": ["chip", "tester"]}),
    ("chip design", {"first": ["chip", "tester"], "exactly": ["chip", "tester"]}),
    # Prefix of the last word: search as you type.
    ("supercomp", {"exactly": ["scheduler"]}),
    # Chinese two-character words, inside longer runs of text.
    ("芯片", {"first": ["chip", "tester"], "exactly": ["chip", "tester"]}),
    ("基因", {"first_any": ["genome", "editing"], "exactly": ["genome", "editing"]}),
    ("导航", {"exactly": ["navigation"]}),
    ("测序", {"exactly": ["genome"]}),
    ("电池", {"exactly": ["battery"]}),
    # Chinese phrases and words of three and more characters.
    ("基因测序", {"exactly": ["genome"]}),
    ("北斗导航接收机", {"exactly": ["navigation"]}),
    # One-character words (全, 瓦, 时) are not indexed; the rest of the query still finds the listing.
    ("全基因组测序", {"exactly": ["genome"]}),
    ("能量密度400瓦时每公斤", {"exactly": ["battery"]}),
    ("集成电路", {"exactly": ["chip", "tester"]}),
    ("超级计算", {"exactly": ["scheduler"]}),
    ("芯片，设计！", {"first": ["chip", "tester"], "exactly": ["chip", "tester"]}),
    # Owner names and sector names, both languages; a parent sector finds its children's listings.
    ("Zhongguancun Microelectronics", {"exactly": ["chip"]}),
    ("中关村微电子", {"exactly": ["chip"]}),
    ("Genomics", {"exactly": ["genome"]}),
    ("biomedicine", {"first_any": ["genome", "editing"], "exactly": ["genome", "editing"]}),
    ("生物医药", {"first_any": ["genome", "editing"], "exactly": ["genome", "editing"]}),
    ("新能源", {"exactly": ["battery"]}),
    # Mixed languages, full-width letters, accents and case.
    ("CRISPR 育种", {"exactly": ["editing"]}),
    ("ＲＩＳＣ－Ｖ", {"exactly": ["chip"]}),
    ("BEIDOU", {"exactly": ["navigation"]}),
    ("beïdou", {"exactly": ["navigation"]}),
    # Words in the summary and the description (HTML stripped) are found too.
    ("drought wheat", {"exactly": ["editing"]}),
    ("Europe", {"exactly": ["battery"]}),
    ("strong", {"exactly": []}),
    ("no such thing", {"exactly": []}),
]


def slugs(queryset) -> list[str]:
    return [technology.slug for technology in queryset]


def check(result: list[str], expected: dict):
    if "first" in expected:
        assert result[: len(expected["first"])] == expected["first"]
    if "first_any" in expected:
        assert set(result[: len(expected["first_any"])]) == set(expected["first_any"])
    if "exactly" in expected:
        assert sorted(result) == sorted(expected["exactly"])


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[case[0] for case in CASES])
def test_relevance(catalogue, query, expected):
    check(slugs(search_technologies(query, Technology.objects.published())), expected)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_same_results_whatever_the_active_language(catalogue, language):
    """modeltranslation rewrites lookups to the active language (PITFALLS 2); search must not care."""
    with translation.override(language):
        assert slugs(search_technologies("licence")) == slugs(search_technologies("licensing"))
        assert set(slugs(search_technologies("licence"))) == {"chip", "battery"}
        assert slugs(search_technologies("导航")) == ["navigation"]


def test_searches_only_the_given_queryset(catalogue):
    catalogue.genome.status = "draft"
    catalogue.genome.save()
    assert slugs(search_technologies("基因", Technology.objects.published())) == ["editing"]
    assert slugs(search_technologies("基因", Technology.objects.offers().filter(slug="genome"))) == ["genome"]


def test_no_duplicates_from_a_distinct_sector_queryset(catalogue, sectors):
    catalogue.genome.sectors.add(sectors.biomedicine)  # now in the parent and its child
    result = search_technologies(
        "genome",
        Technology.objects.published()
        .filter(sectors__in=Sector.objects.with_descendants([sectors.biomedicine]))
        .distinct(),
    )
    assert slugs(result) == ["genome"]


def test_equal_relevance_newest_first(catalogue, sectors):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import TechnologyFactory

    older = TechnologyFactory(title_en="Quantum sensor", published_at=timezone.now() - timedelta(days=9))
    newer = TechnologyFactory(title_en="Quantum sensor", published_at=timezone.now() - timedelta(days=2))
    assert list(search_technologies("quantum sensor")) == [newer, older]


def test_ranked_results_carry_their_rank(catalogue):
    result = list(search_technologies("chip"))
    assert result[0].search_rank > result[1].search_rank > 0


def test_empty_query_returns_the_queryset_unchanged(catalogue):
    queryset = Technology.objects.published().order_by("slug")
    assert search_technologies("", queryset) is queryset
    assert search_technologies("   ", queryset) is queryset
    assert search_technologies(None, queryset) is queryset


def test_one_query(catalogue, django_assert_num_queries):
    # The ranked, filtered listings; on PostgreSQL first the matches with their rank, then the
    # listings by id (listings.search).
    with django_assert_num_queries(1 + (connection.vendor == "postgresql")):
        assert len(list(search_technologies("芯片 design", Technology.objects.published()))) == 2


@on_postgresql
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sequensing", ["genome"]),
        ("genome sequensing platfrom", ["genome"]),
        ("navigaton receiver", ["navigation"]),
        ("supercomputng", ["scheduler"]),
    ],
)
def test_typos_are_tolerated_on_postgresql(catalogue, query, expected):
    assert slugs(search_technologies(query))[: len(expected)] == expected


@on_postgresql
def test_exact_hits_rank_above_typo_hits(catalogue):
    from tests.factories import TechnologyFactory

    TechnologyFactory(slug="exact", title_en="Sequensing the unknown (sic)")
    TechnologyFactory(slug="genuine", title_en="Wheat", summary_en="Sequensing wheat")
    result = slugs(search_technologies("sequensing"))
    assert result[:2] == ["exact", "genuine"]
    assert "genome" in result[2:]
