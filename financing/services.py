"""Financing matching: which products fit a company's need, and which needs fit a product.

One pair of functions serves the admin, the public pages and the API. A candidate is judged on
five rules (type, amount, term, sector, company stage); each gives a ``Reason``, met or not.
Results are ranked, best first: candidates that meet every rule (``fits``), then near misses
with a single unmet rule, which a company or a lender would still want to see.

Cost: a fixed number of queries whatever the number of candidates (one for the candidates, one
each for their sectors and stages, one for the other side's sectors). Candidates that already
miss both type and amount cannot be near misses and are left out in the database.
"""

from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Q
from django.utils.translation import gettext as _

from haidian.core.i18n import is_chinese
from haidian.core.matching import Reason, all_met, format_cny

from .models import CompanyStageKind, FinancingNeed, FinancingProduct, FinancingType, NeedStatus

# How much each rule counts towards the score (out of 100).
WEIGHTS = {"type": 30, "amount": 25, "sector": 20, "stage": 15, "term": 10}
# A product that names the need's sector or stage is more to the point than one open to all.
SPECIFIC_BONUS = 3
# Near misses: candidates with at most this many unmet rules are shown.
MAX_UNMET = 1


@dataclass(frozen=True)
class ProductMatch:
    product: FinancingProduct
    score: float
    fits: bool
    reasons: list[Reason]


@dataclass(frozen=True)
class NeedMatch:
    need: FinancingNeed
    score: float
    fits: bool
    reasons: list[Reason]


def match_products_for_need(need: FinancingNeed, *, limit: int = 20) -> list[ProductMatch]:
    """Active products for ``need``, best first, each with the reasons it fits or falls short;
    none once the need is funded, withdrawn or past its deadline."""
    if not need.is_matchable:
        return []
    need_sectors = list(need.sectors.select_related("parent"))
    candidates = FinancingProduct.objects.active().filter(
        Q(product_type=need.financing_type)
        | Q(amount_min_cny__lte=need.amount_cny, amount_max_cny__gte=need.amount_cny)
    )
    rows = candidates.values(
        "pk", "product_type", "amount_min_cny", "amount_max_cny", "term_min_months", "term_max_months"
    )
    sectors = _sector_rows(FinancingProduct.sectors.through, "financingproduct", candidates)
    stages = defaultdict(list)
    for product_id, code in FinancingProduct.stages.through.objects.filter(
        financingproduct__in=candidates
    ).values_list("financingproduct_id", "companystage_id"):
        stages[product_id].append(code)

    def judge(product, texts=False):
        return evaluate(
            need,
            product,
            need_sectors=need_sectors,
            product_sectors=sectors[product.pk],
            product_stages=stages[product.pk],
            texts=texts,
        )

    ranked = []
    for row in rows:
        product = SimpleNamespace(**row)
        score, reasons = judge(product)
        if sum(not reason.met for reason in reasons) <= MAX_UNMET:
            ranked.append((not all_met(reasons), -score, product.amount_min_cny, product.pk, product))
    ranked = sorted(ranked, key=lambda item: item[:4])[:limit]
    products = FinancingProduct.objects.select_related("lender").in_bulk([item[3] for item in ranked])
    matches = []
    for _unfit, _score, _amount, pk, row in ranked:
        score, reasons = judge(row, texts=True)
        matches.append(ProductMatch(products[pk], score, all_met(reasons), reasons))
    return matches


def match_needs_for_product(product: FinancingProduct, *, limit: int = 20) -> list[NeedMatch]:
    """Needs ``product`` could still fund, best first; open needs before matched ones. Funded,
    withdrawn and past-deadline needs are left out."""
    product_sectors = list(product.sectors.select_related("parent"))
    product_stages = [stage.code for stage in product.stages.all()]
    candidates = FinancingNeed.objects.matchable().filter(
        Q(financing_type=product.product_type)
        | Q(amount_cny__gte=product.amount_min_cny, amount_cny__lte=product.amount_max_cny)
    )
    rows = candidates.values(
        "pk", "financing_type", "amount_cny", "term_months", "stage", "status", "created_at"
    )
    sectors = _sector_rows(FinancingNeed.sectors.through, "financingneed", candidates)

    def judge(need, texts=False):
        return evaluate(
            need,
            product,
            need_sectors=sectors[need.pk],
            product_sectors=product_sectors,
            product_stages=product_stages,
            texts=texts,
        )

    ranked = []
    for row in rows:
        need = SimpleNamespace(**row)
        score, reasons = judge(need)
        if sum(not reason.met for reason in reasons) <= MAX_UNMET:
            open_first = need.status != NeedStatus.OPEN
            ranked.append(
                (not all_met(reasons), open_first, -score, -need.created_at.timestamp(), -need.pk, need)
            )
    ranked = sorted(ranked, key=lambda item: item[:5])[:limit]
    needs = FinancingNeed.objects.select_related("company").in_bulk([item[5].pk for item in ranked])
    matches = []
    for *_key, row in ranked:
        score, reasons = judge(row, texts=True)
        matches.append(NeedMatch(needs[row.pk], score, all_met(reasons), reasons))
    return matches


@dataclass(frozen=True)
class _SectorRow:
    """What matching needs of a sector, read without building model instances."""

    pk: int
    parent_id: int | None
    name: str


def _sector_rows(through, side: str, candidates) -> dict[int, list]:
    """The sectors of every candidate (a product or need queryset), in one query."""
    zh = is_chinese()
    by_owner = defaultdict(list)
    for owner_id, pk, parent_id, name_en, name_zh in (
        through.objects.filter(**{f"{side}__in": candidates})
        .values_list(
            f"{side}_id", "sector_id", "sector__parent_id", "sector__name_en", "sector__name_zh_hans"
        )
        .order_by("sector__position", "sector__slug")
    ):
        by_owner[owner_id].append(
            _SectorRow(pk, parent_id, (name_zh if zh else name_en) or name_en or name_zh)
        )
    return by_owner


def evaluate(
    need,
    product,
    *,
    need_sectors: list,
    product_sectors: list | None = None,
    product_stages: list | None = None,
    texts: bool = True,
) -> tuple[float, list[Reason]]:
    """The score (0-100 and a little more) and the reasons of one need-product pair.

    ``need`` and ``product`` may be model instances or rows with the same attribute names;
    ``product_stages`` are stage codes or ``CompanyStage`` rows. Without ``texts`` the reasons
    carry no text (for ranking many candidates quickly).
    """
    product_sectors = list(product.sectors.all()) if product_sectors is None else product_sectors
    if product_stages is None:
        product_stages = product.stages.all()
    stage_codes = [getattr(stage, "code", stage) for stage in product_stages]
    checks = [
        ("type", _type_reason(need, product, texts)),
        ("amount", _amount_reason(need, product, texts)),
        ("term", _term_reason(need, product, texts)),
        ("sector", _sector_reason(need_sectors, product_sectors, texts)),
        ("stage", _stage_reason(need, stage_codes, texts)),
    ]
    score = float(sum(WEIGHTS[rule] for rule, reason in checks if reason.met))
    if product_sectors and checks[3][1].met:
        score += SPECIFIC_BONUS
    if stage_codes and checks[4][1].met:
        score += SPECIFIC_BONUS
    return score, [reason for _rule, reason in checks]


def _reason(met: bool, texts: bool, text) -> Reason:
    """A reason whose text (a callable) is only built, and translated, when it will be shown."""
    return Reason(met, text() if texts else "")


def _type_reason(need, product, texts: bool = True) -> Reason:
    met = product.product_type == need.financing_type

    def text():
        offered = FinancingType(product.product_type).label
        if met:
            return _("%(type)s, as wanted") % {"type": offered}
        wanted = FinancingType(need.financing_type).label
        return _("%(offered)s, not the %(wanted)s wanted") % {"offered": offered, "wanted": wanted}

    return _reason(met, texts, text)


def _amount_reason(need, product, texts: bool = True) -> Reason:
    amount, low, high = need.amount_cny, product.amount_min_cny, product.amount_max_cny

    def text():
        values = {"amount": format_cny(amount), "min": format_cny(low), "max": format_cny(high)}
        if amount < low:
            return _("amount %(amount)s below the minimum of %(min)s") % values
        if amount > high:
            return _("amount %(amount)s above the maximum of %(max)s") % values
        return _("amount %(amount)s within %(min)s–%(max)s") % values

    return _reason(low <= amount <= high, texts, text)


def _term_reason(need, product, texts: bool = True) -> Reason:
    term, low, high = need.term_months, product.term_min_months, product.term_max_months
    met = term is None or ((low is None or term >= low) and (high is None or term <= high))

    def text():
        values = {"term": term, "min": low, "max": high}
        if term is None:
            return _("no particular term wanted")
        if low is None and high is None:
            return _("any term accepted")
        if low is not None and term < low:
            return _("term %(term)s months shorter than the minimum of %(min)s") % values
        if high is not None and term > high:
            return _("term %(term)s months longer than the maximum of %(max)s") % values
        if low is not None and high is not None:
            return _("term %(term)s months within %(min)s–%(max)s months") % values
        if low is not None:
            return _("term %(term)s months, at least %(min)s") % values
        return _("term %(term)s months, at most %(max)s") % values

    return _reason(met, texts, text)


def _sector_names(sectors) -> str:
    return ", ".join(dict.fromkeys(str(sector.name) for sector in sectors))


def _sector_reason(need_sectors: list, product_sectors: list, texts: bool = True) -> Reason:
    """Empty eligibility means every sector; a sector is eligible when it or its parent is listed."""
    eligible_ids = {sector.pk for sector in product_sectors}
    eligible = [s for s in need_sectors if s.pk in eligible_ids or s.parent_id in eligible_ids]

    def text():
        names = {"sectors": _sector_names(product_sectors)}
        if not product_sectors:
            return _("all sectors eligible")
        if eligible:
            return _("sector %(sectors)s eligible") % {"sectors": _sector_names(eligible)}
        if not need_sectors:
            return _("no sector given; only %(sectors)s eligible") % names
        return _("sector not eligible (only %(sectors)s)") % names

    return _reason(not product_sectors or bool(eligible), texts, text)


def _stage_reason(need, stage_codes: list[str], texts: bool = True) -> Reason:
    met = not stage_codes or need.stage in stage_codes

    def text():
        stage = CompanyStageKind(need.stage).label if need.stage in CompanyStageKind.values else need.stage
        if not stage_codes:
            return _("all company stages eligible")
        if met:
            return _("%(stage)s stage eligible") % {"stage": stage}
        return _("%(stage)s stage not eligible") % {"stage": stage}

    return _reason(met, texts, text)
