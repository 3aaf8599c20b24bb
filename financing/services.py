"""Financing matching: which products fit a company's need, and which needs fit a product.

One pair of functions serves the admin, the public pages and the API (docs/matching.md). A
candidate is judged on five rules (type, amount, term, sector, company stage), each a hard
constraint: a lender's published terms are its eligibility criteria. The score orders the
matches (soft signals: a product that names the need's sector or stage ranks above one open to
all). A match meets every rule; a near miss misses exactly one of amount, term, sector or stage.
Neither is ever of the wrong type, nor a need that is no longer open (matched, funded, withdrawn,
past its deadline): those are left out in the database.

Cost: a fixed number of queries whatever the number of candidates (one for the candidates, one
each for their sectors and stages, one for the other side's sectors).
"""

from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haidian.core import workflow
from haidian.core.i18n import is_chinese
from haidian.core.matching import MatchResults, Reason, all_met, format_cny, is_match, is_near_miss

from .models import CompanyStageKind, FinancingNeed, FinancingProduct, FinancingType

# How much each rule counts towards the score (out of 100).
WEIGHTS = {"type": 30, "amount": 25, "sector": 20, "stage": 15, "term": 10}
# A product that names the need's sector or stage is more to the point than one open to all.
SPECIFIC_BONUS = 3
NEAR_MISSES = 3  # near misses shown beside the matches


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


def financing_matches_for_need(
    need: FinancingNeed, *, limit: int = 20, near_misses: int = NEAR_MISSES
) -> MatchResults:
    """Active products for ``need``: the matches and, apart, the near misses, each best first.
    None at all once the need is no longer open."""
    if not need.is_open:
        return MatchResults()
    need_sectors = list(need.sectors.select_related("parent"))
    candidates = FinancingProduct.objects.active().filter(product_type=need.financing_type)
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
        ranked.append((-score, product.amount_min_cny, product.pk, score, reasons, product))
    chosen = _choose(sorted(ranked, key=lambda item: item[:3]), limit, near_misses)
    products = FinancingProduct.objects.select_related("lender").in_bulk(
        [item[2] for group in chosen for item in group]
    )

    def build(item):
        score, reasons = judge(item[-1], texts=True)
        return ProductMatch(products[item[2]], score, all_met(reasons), reasons)

    return MatchResults([build(item) for item in chosen[0]], [build(item) for item in chosen[1]])


def financing_matches_for_product(
    product: FinancingProduct, *, limit: int = 20, near_misses: int = NEAR_MISSES
) -> MatchResults:
    """Open needs for ``product``: the matches and, apart, the near misses, each best first."""
    product_sectors = list(product.sectors.select_related("parent"))
    product_stages = [stage.code for stage in product.stages.all()]
    candidates = FinancingNeed.objects.open().filter(financing_type=product.product_type)
    rows = candidates.values("pk", "financing_type", "amount_cny", "term_months", "stage", "created_at")
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
        ranked.append((-score, -need.created_at.timestamp(), need.pk, score, reasons, need))
    chosen = _choose(sorted(ranked, key=lambda item: item[:3]), limit, near_misses)
    needs = FinancingNeed.objects.select_related("company").in_bulk(
        [item[2] for group in chosen for item in group]
    )

    def build(item):
        score, reasons = judge(item[-1], texts=True)
        return NeedMatch(needs[item[2]], score, all_met(reasons), reasons)

    return MatchResults([build(item) for item in chosen[0]], [build(item) for item in chosen[1]])


def match_products_for_need(need: FinancingNeed, *, limit: int = 20) -> list[ProductMatch]:
    """The products matching ``need`` (no near misses), best first."""
    return financing_matches_for_need(need, limit=limit, near_misses=0).matches


def match_needs_for_product(product: FinancingProduct, *, limit: int = 20) -> list[NeedMatch]:
    """The open needs ``product`` matches (no near misses), best first."""
    return financing_matches_for_product(product, limit=limit, near_misses=0).matches


def _choose(ranked: list[tuple], limit: int, near_misses: int) -> tuple[list, list]:
    """The best ``limit`` matches and ``near_misses`` near misses of rows ending (score, reasons, row)."""
    matches = [item for item in ranked if is_match(item[-3], item[-2])][:limit]
    near = [item for item in ranked if is_near_miss(item[-3], item[-2])][:near_misses] if near_misses else []
    return matches, near


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
    """A reason whose text (a callable) is only built, and translated, when it will be shown.
    Every financing rule is a hard constraint (eligibility)."""
    return Reason(met, text() if texts else "", hard=True)


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


# --- The need workflow (draft -> open, -> withdrawn): the declared transitions of FinancingNeed ----


@transaction.atomic
def need_publish(*, need, by, reason: str = "") -> FinancingNeed:
    """Draft -> open: the center publishes a need (one posted from the public site)."""
    return _need_transition(need=need, by=by, name="publish", reason=reason)


@transaction.atomic
def need_withdraw(*, need, by, reason: str = "") -> FinancingNeed:
    """-> withdrawn: declined by the center before publication, or taken back by the company."""
    return _need_transition(need=need, by=by, name="withdraw", reason=reason)


def _need_transition(*, need, by, name: str, reason: str) -> FinancingNeed:
    need = workflow.transition(FinancingNeed, need.pk, name, timezone.now(), by=by, reason=reason)
    from .submissions import tell_submitter  # it runs these services itself

    tell_submitter(need, name=name, reason=reason)
    return need


#: The services of the need workflow's declared transitions, in the order the admin offers them.
NEED_TRANSITION_SERVICES = {"publish": need_publish, "withdraw": need_withdraw}
