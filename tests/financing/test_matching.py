"""Financing matching: each rule met and unmet, ranking, both directions, languages, query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from financing.models import FinancingNeed, NeedStatus
from financing.services import (
    evaluate,
    financing_matches_for_need,
    financing_matches_for_product,
    match_needs_for_product,
    match_products_for_need,
)
from haidian.core.matching import format_cny
from tests import factories

pytestmark = pytest.mark.django_db

M = Decimal("1000000")

# (rule, product overrides, need overrides, met?, reason text)
RULES = [
    ("type", {}, {}, True, "Bank loan, as wanted"),
    ("type", {"product_type": "equity"}, {}, False, "Equity investment, not the Bank loan wanted"),
    ("amount", {}, {"amount_cny": 5 * M}, True, "amount CN¥5 M within CN¥1 M–CN¥10 M"),
    ("amount", {}, {"amount_cny": Decimal("500000")}, False, "amount CN¥500,000 below the minimum of CN¥1 M"),
    ("amount", {}, {"amount_cny": 12 * M}, False, "amount CN¥12 M above the maximum of CN¥10 M"),
    ("amount", {}, {"amount_cny": 10 * M}, True, "amount CN¥10 M within CN¥1 M–CN¥10 M"),
    ("term", {}, {"term_months": 12}, True, "term 12 months within 6–36 months"),
    ("term", {}, {"term_months": 3}, False, "term 3 months shorter than the minimum of 6"),
    ("term", {}, {"term_months": 48}, False, "term 48 months longer than the maximum of 36"),
    ("term", {}, {"term_months": None}, True, "no particular term wanted"),
    ("term", {"term_min_months": None, "term_max_months": None}, {}, True, "any term accepted"),
    ("term", {"term_max_months": None}, {"term_months": 60}, True, "term 60 months, at least 6"),
    ("sector", {}, {}, True, "all sectors eligible"),
    ("sector", {"sectors": ["ic"]}, {"sectors": ["ic"]}, True, "sector IC design eligible"),
    ("sector", {"sectors": ["bio"]}, {"sectors": ["genomics"]}, True, "sector Genomics eligible"),
    ("sector", {"sectors": ["genomics"]}, {"sectors": ["bio"]}, False, "sector not eligible (only Genomics)"),
    ("sector", {"sectors": ["ic"]}, {"sectors": ["genomics"]}, False, "sector not eligible (only IC design)"),
    ("sector", {"sectors": ["ic"]}, {}, False, "no sector given; only IC design eligible"),
    ("stage", {}, {}, True, "all company stages eligible"),
    ("stage", {"stages": ["growth", "mature"]}, {"stage": "growth"}, True, "Growth stage eligible"),
    ("stage", {"stages": ["seed"]}, {"stage": "growth"}, False, "Growth stage not eligible"),
]
RULE_INDEX = {"type": 0, "amount": 1, "term": 2, "sector": 3, "stage": 4}


def make_pair(sector_map, product_overrides, need_overrides):
    product_overrides, need_overrides = dict(product_overrides), dict(need_overrides)
    product_sectors = [sector_map[s] for s in product_overrides.pop("sectors", [])]
    need_sectors = [sector_map[s] for s in need_overrides.pop("sectors", [])]
    product = factories.FinancingProductFactory(sectors=product_sectors, **product_overrides)
    need = factories.FinancingNeedFactory(sectors=need_sectors, **need_overrides)
    return need, product


@pytest.mark.parametrize(("rule", "product_overrides", "need_overrides", "met", "text"), RULES)
def test_rule(sector_map, rule, product_overrides, need_overrides, met, text):
    need, product = make_pair(sector_map, product_overrides, need_overrides)
    _score, reasons = evaluate(need, product, need_sectors=list(need.sectors.all()))
    reason = reasons[RULE_INDEX[rule]]
    assert (reason.met, reason.text, reason.hard) == (met, text, True)
    # Every other rule is met in these pairs: a match when this one is met, else a near miss,
    # except for the wrong type, which is never even a near miss.
    found = financing_matches_for_need(need)
    if rule == "type" and not met:
        assert found.matches == found.near_misses == []
        return
    [match] = found.matches if met else found.near_misses
    assert match.product == product
    assert match.fits is met
    assert match.reasons == reasons
    assert match_products_for_need(need) == ([match] if met else [])


def test_reasons_in_chinese(sector_map):
    need, product = make_pair(sector_map, {"stages": ["seed"]}, {"amount_cny": 50 * M})
    with translation.override("zh-hans"):
        _score, reasons = evaluate(need, product, need_sectors=[])
    assert "5000万元" in reasons[1].text and "1000万元" in reasons[1].text


@pytest.mark.parametrize(
    ("amount", "language", "text"),
    [
        (Decimal("5000000"), "en", "CN¥5 M"),
        (Decimal("1250000000"), "en", "CN¥1.25 bn"),
        (Decimal("8500"), "en", "CN¥8,500"),
        (Decimal("5000000"), "zh-hans", "500万元"),
        (Decimal("530000000"), "zh-hans", "5.3亿元"),
        (Decimal("800"), "zh-hans", "800元"),
    ],
)
def test_amounts_read_naturally(amount, language, text):
    with translation.override(language):
        assert format_cny(amount) == text


def test_ranking_fits_first_then_score(sector_map):
    need = factories.FinancingNeedFactory(sectors=[sector_map["genomics"]], amount_cny=5 * M)
    targeted = factories.FinancingProductFactory(sectors=[sector_map["bio"]], stages=["growth"])
    general = factories.FinancingProductFactory()
    factories.FinancingProductFactory(
        product_type="equity", amount_min_cny=20 * M, amount_max_cny=50 * M
    )  # 2 unmet
    factories.FinancingProductFactory(status="inactive")
    factories.FinancingProductFactory(product_type="ip_pledge")  # another type: not even a near miss
    near_miss = factories.FinancingProductFactory(amount_min_cny=6 * M)
    found = financing_matches_for_need(need)
    assert [m.product for m in found.matches] == [targeted, general]
    assert [m.product for m in found.near_misses] == [near_miss]
    assert [m.fits for m in found.matches + found.near_misses] == [True, True, False]
    assert found.matches[0].score > found.matches[1].score


def test_limit(sector_map):
    need = factories.FinancingNeedFactory()
    factories.FinancingProductFactory.create_batch(5)
    assert len(match_products_for_need(need, limit=3)) == 3


def test_reverse_only_open_needs(sector_map):
    product = factories.FinancingProductFactory(sectors=[sector_map["bio"]])
    for status in (NeedStatus.FUNDED, NeedStatus.MATCHED, NeedStatus.DRAFT, NeedStatus.WITHDRAWN):
        factories.FinancingNeedFactory(status=status, sectors=[sector_map["genomics"]])
        factories.FinancingNeedFactory(status=status, sectors=[sector_map["ic"]])  # would be a near miss
    open_need = factories.FinancingNeedFactory(sectors=[sector_map["genomics"]])
    wrong_sector = factories.FinancingNeedFactory(sectors=[sector_map["ic"]])
    found = financing_matches_for_product(product)
    assert [m.need for m in found.matches] == [open_need]
    assert [m.need for m in found.near_misses] == [wrong_sector]
    assert found.near_misses[0].reasons[3].text == "sector not eligible (only Biomedicine)"
    assert match_needs_for_product(product) == found.matches


@pytest.mark.parametrize(
    ("status", "days_left", "matched"),
    [
        ("open", None, True),
        ("matched", 3, False),
        ("funded", None, False),
        ("withdrawn", None, False),
        ("open", -1, False),
    ],
)
def test_a_funded_or_closed_need_is_matched_with_no_product(sector_map, status, days_left, matched):
    deadline = None if days_left is None else timezone.localdate() + timedelta(days=days_left)
    need = factories.FinancingNeedFactory(status=status, deadline=deadline, sectors=[sector_map["genomics"]])
    factories.FinancingProductFactory(sectors=[sector_map["bio"]])
    assert need.is_open is matched
    assert bool(match_products_for_need(need)) is matched
    assert FinancingNeed.objects.open().filter(pk=need.pk).exists() is matched


def test_both_directions_agree(sector_map):
    need, product = make_pair(sector_map, {"sectors": ["ic"], "stages": ["seed"]}, {"sectors": ["ic"]})
    [forward] = financing_matches_for_need(need).near_misses  # the growth stage is not eligible
    [backward] = financing_matches_for_product(product).near_misses
    assert (forward.score, forward.fits, forward.reasons) == (backward.score, backward.fits, backward.reasons)


def test_query_count_does_not_grow_with_products(sector_map, django_assert_num_queries):
    need = factories.FinancingNeedFactory(sectors=[sector_map["genomics"]])
    for index in range(40):
        factories.FinancingProductFactory(
            sectors=[sector_map["bio"], sector_map["ic"]],
            stages=["growth", "seed"],
            term_max_months=12 + index,
        )
    # the need's sectors (with parents); the candidates' columns; their sectors; their stages;
    # the best products with their lenders
    with django_assert_num_queries(5):
        matches = match_products_for_need(need, limit=50)
    assert len(matches) == 40 and all(m.fits for m in matches)


def test_reverse_query_count_does_not_grow_with_needs(sector_map, django_assert_num_queries):
    product = factories.FinancingProductFactory(sectors=[sector_map["bio"]], stages=["growth"])
    for _ in range(40):
        factories.FinancingNeedFactory(sectors=[sector_map["genomics"], sector_map["ic"]])
    # the product's sectors (with parents); its stages; the candidates' columns; their sectors;
    # the best needs with their companies
    with django_assert_num_queries(5):
        matches = match_needs_for_product(product, limit=50)
    assert len(matches) == 40
