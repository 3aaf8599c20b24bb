"""Financing matching relevance: hand-made needs against a small catalogue of products, each with
the matches and near misses a company would expect, in English and in Chinese.

Every rule is hard (docs/matching.md): a match meets all five; a near miss misses one of amount,
term, sector or stage, never the type; needs no longer open are never matched either way round.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from financing.models import FinancingNeed, FinancingProduct, FinancingType, NeedStatus
from financing.services import financing_matches_for_need, financing_matches_for_product
from tests import factories

pytestmark = pytest.mark.django_db

M = Decimal("1000000")
CJK = re.compile(r"[\u4e00-\u9fff]")
LOAN, EQUITY, PLEDGE, GRANT = (
    FinancingType.BANK_LOAN,
    FinancingType.EQUITY,
    FinancingType.IP_PLEDGE,
    FinancingType.GRANT,
)


@pytest.fixture
def catalogue(db):
    bio = factories.SectorFactory(slug="biomedicine", name_en="Biomedicine", name_zh_hans="生物医药")
    sectors = {
        "bio": bio,
        "genomics": factories.SectorFactory(
            slug="genomics", name_en="Genomics", name_zh_hans="基因组学", parent=bio
        ),
        "ic": factories.SectorFactory(slug="ic", name_en="IC design", name_zh_hans="集成电路设计"),
    }

    def product(slug, kind, low, high, *, sectors_=(), stages=(), term=(6, 36), **extra):
        return factories.FinancingProductFactory(
            slug=slug,
            product_type=kind,
            amount_min_cny=low * M,
            amount_max_cny=high * M,
            term_min_months=term[0],
            term_max_months=term[1],
            sectors=[sectors[s] for s in sectors_],
            stages=list(stages),
            **extra,
        )

    product("bank-general", LOAN, 1, 10)
    product("bank-ic", LOAN, 5, 50, sectors_=["ic"], stages=["growth", "expansion"], term=(12, 60))
    product("ip-pledge", PLEDGE, 1, 20)
    product("equity-seed", EQUITY, 2, 20, stages=["seed", "startup"], term=(None, None))
    product(
        "equity-bio", EQUITY, 10, 100, sectors_=["bio"], stages=["growth", "expansion"], term=(None, None)
    )
    product("grant-small", GRANT, Decimal("0.1"), 1, term=(None, None))
    product("bank-inactive", LOAN, 1, 100, status="inactive")  # never
    return sectors


# (case, need: type, amount in millions, sector, stage, term and overrides; matches; near misses)
CASES = [
    # Both loans fit; the one aimed at IC and growth companies ranks first (specificity).
    ("loan-ic", (LOAN, 8, "ic", "growth", 24, {}), ["bank-ic", "bank-general"], []),
    # ¥30 M is above the general loan's ¥10 M: a near miss.
    ("loan-large", (LOAN, 30, "ic", "growth", 24, {}), ["bank-ic"], ["bank-general"]),
    # Genomics is not eligible for the IC loan.
    ("loan-genomics", (LOAN, 8, "genomics", "growth", 24, {}), ["bank-general"], ["bank-ic"]),
    # A seed company is not eligible for the IC loan.
    ("loan-seed", (LOAN, 8, "ic", "seed", 24, {}), ["bank-general"], ["bank-ic"]),
    # 48 months is beyond the general loan's 36.
    ("loan-long", (LOAN, 8, "ic", "growth", 48, {}), ["bank-ic"], ["bank-general"]),
    # Two rules missed by each loan (amount and term; amount and sector): not even a near miss.
    ("loan-large-long", (LOAN, 60, "genomics", "growth", 48, {}), [], []),
    # Equity for a start-up: the seed fund fits; the bio fund misses the stage only.
    ("equity-startup", (EQUITY, 15, "genomics", "startup", None, {}), ["equity-seed"], ["equity-bio"]),
    # Equity for a growth company of ¥5 M: each fund misses one rule (stage; amount).
    ("equity-small-growth", (EQUITY, 5, "genomics", "growth", None, {}), [], ["equity-seed", "equity-bio"]),
    # The bio fund takes a genomics (child sector) growth company of ¥50 M.
    ("equity-bio", (EQUITY, 50, "genomics", "growth", None, {}), ["equity-bio"], []),
    # An IP-pledge loan: the bank loans are of another type, never offered, not even as near misses.
    ("pledge", (PLEDGE, 5, "ic", "growth", 12, {}), ["ip-pledge"], []),
    # A grant of ¥50 M: the only grant is far smaller: a near miss.
    ("grant-large", (GRANT, 50, "ic", "growth", None, {}), [], ["grant-small"]),
    # Needs no longer open have no matches and no near misses.
    ("funded", (LOAN, 8, "ic", "growth", 24, {"status": NeedStatus.FUNDED}), [], []),
    ("matched", (LOAN, 8, "ic", "growth", 24, {"status": NeedStatus.MATCHED}), [], []),
    ("past-deadline", (LOAN, 8, "ic", "growth", 24, {"deadline": -1}), [], []),
]


def make_need(sectors, spec, **more):
    kind, amount, sector, stage, term, extra = spec
    extra = dict(extra)
    if "deadline" in extra:
        extra["deadline"] = timezone.localdate() + timedelta(days=extra["deadline"])
    return factories.FinancingNeedFactory(
        financing_type=kind,
        amount_cny=amount * M,
        sectors=[sectors[sector]],
        stage=stage,
        term_months=term,
        **extra,
        **more,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("case", "spec", "matches", "near_misses"), CASES, ids=[c[0] for c in CASES])
def test_products_for_need(catalogue, language, case, spec, matches, near_misses):
    need = make_need(catalogue, spec)
    with translation.override(language):
        found = financing_matches_for_need(need, near_misses=5)
    assert [m.product.slug for m in found.matches] == matches
    assert [m.product.slug for m in found.near_misses] == near_misses
    assert all(m.fits for m in found.matches) and not any(m.fits for m in found.near_misses)
    for near in found.near_misses:
        [unmet] = [reason for reason in near.reasons if not reason.met]
        assert unmet is not near.reasons[0]  # never the type
    # Reasons in the request's language: the amount rule always names an amount.
    for match in found.matches + found.near_misses:
        assert bool(CJK.search(match.reasons[1].text)) is (language == "zh-hans")


# (case, the needs made (slug, spec); the product; matches; near misses), for the reverse direction.
REVERSE = [
    (
        "ic-loan-needs",
        [
            ("fits", (LOAN, 8, "ic", "growth", 24, {})),
            ("too-small", (LOAN, 2, "ic", "growth", 24, {})),
            ("funded", (LOAN, 8, "ic", "growth", 24, {"status": NeedStatus.FUNDED})),
            ("matched", (LOAN, 8, "ic", "growth", 24, {"status": NeedStatus.MATCHED})),
            ("other-type", (EQUITY, 8, "ic", "growth", 24, {})),
            ("genomics-seed", (LOAN, 8, "genomics", "seed", 24, {})),
        ],
        "bank-ic",
        ["fits"],
        ["too-small"],
    ),
    (
        "bio-fund-needs",
        [
            ("genomics", (EQUITY, 50, "genomics", "growth", None, {})),
            ("bio", (EQUITY, 20, "bio", "expansion", None, {})),
            ("seed", (EQUITY, 50, "bio", "seed", None, {})),
            ("closed", (EQUITY, 50, "bio", "growth", None, {"deadline": -1})),
            ("ic", (EQUITY, 50, "ic", "growth", None, {})),
        ],
        "equity-bio",
        ["genomics", "bio"],  # equal scores: the newest first
        ["seed", "ic"],  # 88 (stage missed) before 83 (sector missed)
    ),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("case", "needs", "product", "matches", "near_misses"), REVERSE, ids=[c[0] for c in REVERSE]
)
def test_needs_for_product(catalogue, language, case, needs, product, matches, near_misses):
    now = timezone.now()
    for index, (slug, spec) in enumerate(needs):
        need = make_need(catalogue, spec, slug=slug)
        # Newest first among equal scores: the order of the table.
        FinancingNeed.objects.filter(pk=need.pk).update(created_at=now - timedelta(minutes=index))
    with translation.override(language):
        found = financing_matches_for_product(FinancingProduct.objects.get(slug=product), near_misses=5)
    assert [m.need.slug for m in found.matches] == matches
    assert [m.need.slug for m in found.near_misses] == near_misses
    for match in found.matches + found.near_misses:
        assert bool(CJK.search(match.reasons[1].text)) is (language == "zh-hans")
