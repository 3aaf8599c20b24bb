"""Technology matching (each rule met and unmet, in matches or near misses), reverse matching,
comparable contracts."""

import pytest

from haidian.core.matching import MatchResults
from haidian.core.models import Country
from listings.matching import technology_matches
from listings.models import TechnologyKind
from listings.price_discovery import comparable_contracts
from tests import factories

pytestmark = pytest.mark.django_db

RULE_INDEX = {"sectors": 0, "keywords": 1, "trl": 2, "countries": 3}


def china() -> str:
    return Country.objects.get(code="CN").name


CHIP = {"keywords_en": "chip"}

# (rule, need overrides, offer overrides, met?, reason text); the pair always shares a subject.
RULES = [
    ("sectors", {"sectors": ["ic"]}, {"sectors": ["ic"]}, True, "shared sectors: IC design"),
    ("sectors", {"sectors": ["genomics"]}, {"sectors": ["bio"]}, True, "related sectors: Biomedicine"),
    ("sectors", {"sectors": ["bio"]}, {"sectors": ["genomics"]}, True, "related sectors: Genomics"),
    (
        "sectors",
        {"sectors": ["ic"], "keywords_en": "chip"},
        {"sectors": ["bio"], "keywords_en": "chip"},
        False,
        "no shared sector",
    ),
    (
        "keywords",
        {"keywords_en": "chip, wafer", "keywords_zh_hans": "芯片"},
        {"title_en": "Wafer-level chips", "keywords_en": ""},
        True,
        "shared keywords: chip, wafer",
    ),
    (
        "keywords",
        {"keywords_zh_hans": "基因测序"},
        {"title_zh_hans": "高通量基因测序平台"},
        True,
        "shared keywords: 基因测序",
    ),
    ("keywords", {"keywords_en": "laser"}, {"keywords_en": "chip"}, False, "none of the keywords laser"),
    ("keywords", {"keywords_en": ""}, {}, False, "the need names no keywords"),
    ("trl", {"trl": 6}, {"trl": 7}, True, "TRL 7 meets the TRL 6 wanted"),
    # (A shared keyword as well, so that the rule tested is the one rule unmet: a near miss.)
    ("trl", {"trl": 6, **CHIP}, {"trl": 4, **CHIP}, False, "TRL 4 below the TRL 6 wanted"),
    ("countries", {}, {}, True, "offered in every country"),
    ("countries", {}, {"target_countries": ["CN", "JP"]}, True, "offered in {china}"),
    # The owner's own country always counts: "Available to" lists export markets.
    ("countries", {}, {"target_countries": ["JP", "SE"]}, True, "offered in {china}"),
    (
        "countries",
        CHIP,
        {"target_countries": ["JP", "SE"], "origin_country": "JP", "owner__country": "JP", **CHIP},
        False,
        "not offered in {china}",
    ),
    ("countries", {"target_countries": ["SE"], **CHIP}, CHIP, False, "from {china}, not a wanted origin"),
]


def make_pair(sector_map, need_overrides, offer_overrides):
    def build(kind, overrides):
        overrides = dict(overrides)
        overrides.setdefault("sectors", ["ic"])
        overrides["sectors"] = [sector_map[s] for s in overrides["sectors"]]
        for field in ("origin_country", "owner__country"):
            if field in overrides:
                overrides[field] = Country.objects.get(code=overrides[field])
        return factories.TechnologyFactory(kind=kind, **overrides)

    return build(TechnologyKind.NEED, need_overrides), build(TechnologyKind.OFFER, offer_overrides)


@pytest.mark.parametrize(("rule", "need_overrides", "offer_overrides", "met", "text"), RULES)
def test_rule(sector_map, rule, need_overrides, offer_overrides, met, text):
    """Each pair falls short on one rule at most: a match, or else a near miss."""
    need, offer = make_pair(sector_map, need_overrides, offer_overrides)
    found = technology_matches(need)
    [match] = found.matches + found.near_misses
    assert match.technology == offer
    reason = match.reasons[RULE_INDEX[rule]]
    assert (reason.met, reason.text) == (met, text.format(china=china()))
    assert reason.hard is (rule == "countries")
    assert (match in found.matches) is (technology_matches(need, near_misses=0).matches == [match])
    reverse_found = technology_matches(offer)
    [reverse] = reverse_found.matches + reverse_found.near_misses
    assert reverse.technology == need
    assert (reverse.score, reverse.reasons) == (match.score, match.reasons)
    assert bool(reverse_found.matches) is bool(found.matches)
    assert technology_matches(offer, near_misses=0) == MatchResults(reverse_found.matches, [])


def test_ranking_and_what_is_left_out(sector_map):
    need = factories.TechnologyFactory(
        kind=TechnologyKind.NEED, sectors=[sector_map["genomics"]], keywords_en="sequencing", trl=6
    )
    best = factories.TechnologyFactory(sectors=[sector_map["genomics"]], title_en="Sequencing kit", trl=7)
    same_sector = factories.TechnologyFactory(sectors=[sector_map["genomics"]], trl=7)
    parent_sector = factories.TechnologyFactory(sectors=[sector_map["bio"]], trl=7)
    keyword_only = factories.TechnologyFactory(sectors=[sector_map["ic"]], title_en="Sequencing chips", trl=7)
    factories.TechnologyFactory(sectors=[sector_map["ic"]], trl=9)  # nothing in common
    factories.TechnologyFactory(sectors=[sector_map["genomics"]], status="draft")  # not public
    factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector_map["genomics"]])  # a need
    found = technology_matches(need)
    # keyword_only (25 + TRL 15 + countries 15 = 55) and parent_sector (21 + 15 + 15 = 51) share a
    # subject but stay under the threshold of 60, one rule short each: near misses.
    assert [m.technology for m in found.matches] == [best, same_sector]
    assert [m.technology for m in found.near_misses] == [keyword_only, parent_sector]
    assert found.matches[0].score > found.matches[1].score > 60 > found.near_misses[0].score
    assert technology_matches(need, near_misses=0) == MatchResults(found.matches, [])


def test_limit(sector_map):
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector_map["ic"]])
    factories.TechnologyFactory.create_batch(4, sectors=[sector_map["ic"]])
    found = technology_matches(need, limit=2)
    assert len(found.matches) == 2 and found.near_misses == []


def test_query_count_does_not_grow_with_candidates(sector_map, django_assert_num_queries):
    need = factories.TechnologyFactory(
        kind=TechnologyKind.NEED,
        sectors=[sector_map["genomics"]],
        keywords_en="chip",
        target_countries=["CN"],
    )
    for _ in range(30):
        factories.TechnologyFactory(
            sectors=[sector_map["bio"], sector_map["genomics"]], target_countries=["CN", "JP"]
        )
    # the sector tree (cached with the content version); the need's sectors; the candidates (sector
    # and keyword subqueries, target countries as EXISTS tests); their sectors; the need's target
    # countries; the matches returned, whole (with owners and origin countries)
    with django_assert_num_queries(6):
        found = technology_matches(need, limit=50)
    assert len(found.matches) == 30


@pytest.fixture
def contracts(sector_map):
    offer = factories.TechnologyFactory(
        sectors=[sector_map["bio"]], transaction_types=["licence", "assignment"]
    )
    return offer, {
        "licence": factories.ContractFactory(
            sectors=[sector_map["bio"]], contract_type="licence", signed_on="2025-03-01"
        ),
        "child": factories.ContractFactory(
            sectors=[sector_map["genomics"]], contract_type="assignment", signed_on="2025-05-01"
        ),
        "secret": factories.ContractFactory(
            sectors=[sector_map["bio"]], value_is_public=False, signed_on="2024-01-01"
        ),
        "other_type": factories.ContractFactory(sectors=[sector_map["bio"]], contract_type="equity"),
        "other_sector": factories.ContractFactory(sectors=[sector_map["ic"]]),
        "unpublished": factories.ContractFactory(sectors=[sector_map["bio"]], is_published=False),
        "two_sectors": factories.ContractFactory(
            sectors=[sector_map["bio"], sector_map["genomics"]], signed_on="2023-01-01"
        ),
    }


def test_comparable_contracts(contracts):
    offer, made = contracts
    result = comparable_contracts(offer)
    assert result == [made["child"], made["licence"], made["secret"], made["two_sectors"]]
    assert comparable_contracts(offer, limit=2) == result[:2]


def test_comparable_contracts_any_type_when_none_named(contracts, sector_map):
    offer, made = contracts
    offer.transaction_types.clear()
    assert made["other_type"] in comparable_contracts(offer, limit=10)
    assert comparable_contracts(factories.TechnologyFactory()) == []  # no sectors: nothing comparable


def test_comparable_contracts_queries(contracts, django_assert_num_queries):
    offer, _made = contracts
    # the listing's sectors; its transaction types; the contracts (nothing joined: only the choice
    # is stored)
    with django_assert_num_queries(3):
        comparable_contracts(offer, limit=3)
