"""Technology matching (each rule met and unmet), reverse matching, comparable contracts."""

import pytest

from haidian.core.models import Country
from listings.matching import comparable_contracts, match_needs_for_offer, match_offers_for_need
from listings.models import TechnologyKind
from tests import factories

pytestmark = pytest.mark.django_db

RULE_INDEX = {"sectors": 0, "keywords": 1, "trl": 2, "countries": 3}


def china() -> str:
    return Country.objects.get(code="CN").name


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
    ("trl", {"trl": 6}, {"trl": 4}, False, "TRL 4 below the TRL 6 wanted"),
    ("countries", {}, {}, True, "offered in every country"),
    ("countries", {}, {"target_countries": ["CN", "JP"]}, True, "offered in {china}"),
    ("countries", {}, {"target_countries": ["JP", "SE"]}, False, "not offered in {china}"),
    ("countries", {"target_countries": ["SE"]}, {}, False, "from {china}, not a wanted origin"),
]


def make_pair(sector_map, need_overrides, offer_overrides):
    def build(kind, overrides):
        overrides = dict(overrides)
        overrides.setdefault("sectors", ["ic"])
        overrides["sectors"] = [sector_map[s] for s in overrides["sectors"]]
        return factories.TechnologyFactory(kind=kind, **overrides)

    return build(TechnologyKind.NEED, need_overrides), build(TechnologyKind.OFFER, offer_overrides)


@pytest.mark.parametrize(("rule", "need_overrides", "offer_overrides", "met", "text"), RULES)
def test_rule(sector_map, rule, need_overrides, offer_overrides, met, text):
    need, offer = make_pair(sector_map, need_overrides, offer_overrides)
    [match] = match_offers_for_need(need)
    assert match.technology == offer
    reason = match.reasons[RULE_INDEX[rule]]
    assert (reason.met, reason.text) == (met, text.format(china=china()))
    [reverse] = match_needs_for_offer(offer)
    assert reverse.technology == need
    assert (reverse.score, reverse.reasons) == (match.score, match.reasons)


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
    matches = match_offers_for_need(need)
    assert [m.technology for m in matches] == [best, same_sector, keyword_only, parent_sector]
    assert matches[0].score > matches[1].score > matches[2].score > matches[3].score


def test_limit(sector_map):
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector_map["ic"]])
    factories.TechnologyFactory.create_batch(4, sectors=[sector_map["ic"]])
    assert len(match_offers_for_need(need, limit=2)) == 2


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
        matches = match_offers_for_need(need, limit=50)
    assert len(matches) == 30


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
    assert [c.value_is_public for c in result] == [True, True, False, True]  # callers hide the secret value


def test_comparable_contracts_any_type_when_none_named(contracts, sector_map):
    offer, made = contracts
    offer.transaction_types.clear()
    assert made["other_type"] in comparable_contracts(offer, limit=10)
    assert comparable_contracts(factories.TechnologyFactory()) == []  # no sectors: nothing comparable


def test_comparable_contracts_queries(contracts, django_assert_num_queries):
    offer, _made = contracts
    # the listing's sectors; its transaction types; the contracts with parties, agency and country
    with django_assert_num_queries(3):
        comparable_contracts(offer, limit=3)
