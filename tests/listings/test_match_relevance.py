"""Technology matching relevance: hand-made needs against a small bilingual catalogue of offers,
each with the matches and near misses a scout would expect, in English and in Chinese.

Scores (docs/matching.md): shared sector 35 (parent/child 21), first shared keyword 25, TRL met
15 (one level short 5), countries 15; a match needs MATCH_MIN_SCORE (60) and no unmet hard rule
(countries, price); a near miss is one rule short (here, always exactly one).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from haidian.core.models import Country
from listings.matching import technology_matches
from listings.models import Technology, TechnologyKind
from tests import factories

pytestmark = pytest.mark.django_db

M = Decimal("1000000")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def catalogue(db):
    bio = factories.SectorFactory(slug="biomedicine", name_en="Biomedicine", name_zh_hans="生物医药")
    sectors = {
        "bio": bio,
        "genomics": factories.SectorFactory(
            slug="genomics", name_en="Genomics", name_zh_hans="基因组学", parent=bio
        ),
        "ic": factories.SectorFactory(slug="ic", name_en="IC design", name_zh_hans="集成电路设计"),
        "navigation": factories.SectorFactory(slug="nav", name_en="Navigation", name_zh_hans="导航"),
        "energy": factories.SectorFactory(
            slug="energy", name_en="New energy", name_zh_hans="新能源"
        ),  # no offers
    }
    cn, jp = Country.objects.get(code="CN"), Country.objects.get(code="JP")
    now = timezone.now()

    def offer(slug, days_ago, sector, keywords, *, country=cn, targets=(), trl=7, price=5 * M, **extra):
        (kw_en, kw_zh), (title_en, title_zh) = keywords, extra.pop("title", (slug, slug))
        return factories.TechnologyFactory(
            slug=slug,
            title_en=title_en,
            title_zh_hans=title_zh,
            keywords_en=kw_en,
            keywords_zh_hans=kw_zh,
            sectors=[sectors[sector]],
            owner=factories.OrganizationFactory(country=country),
            origin_country=country,
            target_countries=list(targets),
            trl=trl,
            price_cny=price,
            published_at=now - timedelta(days=days_ago),
            **extra,
        )

    made = {
        "chip": offer(
            "chip",
            1,
            "ic",
            ("RISC-V, processor core", "处理器, 芯片"),
            targets=["JP"],
            title=("RISC-V processor licensing", "RISC-V处理器授权"),
        ),
        "wafer-test": offer(
            "wafer-test",
            2,
            "ic",
            ("wafer test, probe card", "晶圆测试, 探针卡"),
            trl=8,
            title=("Wafer probe station", "晶圆探针台"),
        ),
        "jp-sensor": offer(
            "jp-sensor",
            3,
            "ic",
            ("image sensor", "图像传感器"),
            country=jp,
            targets=["KR"],
            title=("Stacked image sensor", "堆叠式图像传感器"),
        ),
        "sequencer": offer(
            "sequencer",
            4,
            "genomics",
            ("sequencing, genome", "测序, 基因组"),
            price=20 * M,
            title=("Genome sequencer", "基因测序仪"),
        ),
        "crispr": offer(
            "crispr",
            5,
            "bio",
            ("gene editing", "基因编辑"),
            trl=5,
            title=("Gene editing toolkit", "基因编辑工具包"),
        ),
        "endoscope": offer(
            "endoscope", 6, "bio", ("endoscope", "内窥镜"), trl=8, title=("4K endoscope", "4K内窥镜")
        ),
        "beidou": offer(
            "beidou",
            7,
            "navigation",
            ("BeiDou, positioning", "北斗, 定位"),
            targets=["SG"],
            title=("BeiDou receiver", "北斗接收机"),
        ),
    }
    # Never shown: a draft offer and a need, both in the busiest sector with its keywords.
    offer("draft-chip", 0, "ic", ("processor, image sensor", "处理器, 图像传感器"), status="draft")
    offer("other-need", 0, "ic", ("processor, image sensor", "处理器, 图像传感器"), kind=TechnologyKind.NEED)
    return sectors, made


# (case, need: sector, English keywords, Chinese keywords, and overrides; matches; near misses)
CASES = [
    # A shared sector and keyword first; a sector alone (65) still matches; the Japanese sensor
    # shares the sector only and is not offered in China: two rules short, left out.
    ("processor-en", ("ic", "processor", "", {}), ["chip", "wafer-test"], []),
    ("processor-zh", ("ic", "", "处理器", {}), ["chip", "wafer-test"], []),
    # The best-fitting offer is not available in China: a near miss, never a match.
    ("sensor-en", ("ic", "image sensor", "", {}), ["chip", "wafer-test"], ["jp-sensor"]),
    ("sensor-zh", ("ic", "", "图像传感器", {}), ["chip", "wafer-test"], ["jp-sensor"]),
    # From Korea, the Japanese sensor is offered (KR is its export market), the Chinese chip is
    # not (it exports to Japan only) and shares no keyword: two rules short.
    (
        "sensor-from-korea",
        ("ic", "image sensor", "图像传感器", {"origin": "KR"}),
        ["jp-sensor", "wafer-test"],
        [],
    ),
    # A child sector: the parent's offers are related (21 + 15 + 15 = 51, keyword missing): near misses.
    ("sequencing-en", ("genomics", "sequencing", "", {}), ["sequencer"], ["endoscope"]),
    ("sequencing-zh", ("genomics", "", "测序", {}), ["sequencer"], ["endoscope"]),
    # A fixed price of ¥20 M above a budget of ¥10 M is out of range: a near miss at best.
    (
        "sequencing-budget",
        ("genomics", "sequencing", "测序", {"price": 10 * M}),
        [],
        ["sequencer", "endoscope"],
    ),
    # Negotiable, the same price is no obstacle.
    (
        "sequencing-budget-negotiable",
        ("genomics", "sequencing", "", {"price": 10 * M, "negotiable_offer": "sequencer"}),
        ["sequencer"],
        ["endoscope"],
    ),
    # TRL one short is a soft ✗: still a match on subject (35 + 25 + 5 + 15 = 80).
    ("gene-editing-en", ("bio", "gene editing", "", {}), ["crispr", "endoscope"], ["sequencer"]),
    ("gene-editing-zh", ("bio", "", "基因编辑", {}), ["crispr", "endoscope"], ["sequencer"]),
    # Three levels short: no TRL points, 35 + 25 + 0 + 15 = 75, still a match with one soft ✗,
    # ahead of the mature endoscope without the keyword (65).
    ("gene-editing-trl8", ("bio", "gene editing", "", {"trl": 8}), ["crispr", "endoscope"], []),
    # The owner's own country counts: a Chinese need matches a Chinese offer exporting to Singapore.
    ("beidou-china", ("navigation", "positioning", "定位", {}), ["beidou"], []),
    ("beidou-singapore", ("navigation", "positioning", "定位", {"origin": "SG"}), ["beidou"], []),
    ("beidou-germany", ("navigation", "positioning", "定位", {"origin": "DE"}), [], ["beidou"]),
    # Wanted from Japan only: the Chinese offers are one rule short (origin), the Japanese sensor
    # is not offered in China: nothing matches.
    ("processor-from-japan", ("ic", "processor", "处理器", {"wanted_from": ["JP"]}), [], ["chip"]),
    # A keyword alone, in another sector: 25 + 15 + 15 = 55, under the threshold: a near miss.
    ("keyword-only", ("energy", "endoscope", "", {}), [], ["endoscope"]),
    # Nothing in common: nothing at all.
    ("nothing", ("energy", "quantum", "量子", {}), [], []),
]


def make_need(sectors, spec):
    sector, kw_en, kw_zh, extra = spec
    origin = Country.objects.get(code=extra.get("origin", "CN"))
    return factories.TechnologyFactory(
        kind=TechnologyKind.NEED,
        sectors=[sectors[sector]],
        keywords_en=kw_en,
        keywords_zh_hans=kw_zh,
        trl=extra.get("trl", 6),
        owner=factories.OrganizationFactory(country=origin),
        origin_country=origin,
        target_countries=extra.get("wanted_from", []),
        price_cny=extra.get("price"),
        price_negotiable=extra.get("price") is None,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("case", "spec", "matches", "near_misses"), CASES, ids=[c[0] for c in CASES])
def test_relevance(catalogue, language, case, spec, matches, near_misses):
    sectors, made = catalogue
    if "negotiable_offer" in spec[3]:
        Technology.objects.filter(slug=spec[3]["negotiable_offer"]).update(price_negotiable=True)
    need = make_need(sectors, spec)
    with translation.override(language):
        found = technology_matches(need, limit=10, near_misses=5)
    assert [m.technology.slug for m in found.matches] == matches
    assert [m.technology.slug for m in found.near_misses] == near_misses
    for match in found.matches:
        assert match.score >= 60 and not any(reason.disqualifies for reason in match.reasons)
    for near in found.near_misses:
        assert sum(not reason.met for reason in near.reasons) == 1
    # The reasons are in the request's language (the countries rule names no keyword).
    for listing in found.matches + found.near_misses:
        assert bool(CJK.search(listing.reasons[3].text)) is (language == "zh-hans")
