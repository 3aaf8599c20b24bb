"""Technology matching: the offers that could answer a need, the needs an offer could answer, and
comparable past contracts for price discovery.

Candidates come from the database in two bounded queries (published listings of the other kind
in related sectors, and those sharing a keyword through the search document), then each is
judged on four rules with a ``Reason`` each:

- sectors: a shared sector, or a parent/child of one (Biomedicine and Genomics are related);
- keywords: the need's keywords found in the offer's title, keywords or sectors (both languages,
  analysed as the search analyses them: stems and Chinese words);
- TRL: the offer is at least as mature as the need asks;
- countries: the offer may go to the need's country, and comes from where the need looks.

Up to 600 candidates are scored for a few matches shown, so scoring reads only the columns the
rules need (sectors from the cached sector tree, target countries as two EXISTS tests), and the
reasons' texts and the whole listings are produced for the matches returned only.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from haidian.core.matching import Reason
from haidian.core.models import Sector
from haidian.core.sectors import sectors_by_pk

from .models import Contract, Technology
from .search import any_terms_filter
from .search_sqlite import MATCH_SQL, fts5_available, match_expression
from .text import document_tokens

WEIGHTS = {"sectors": 35, "keywords": 35, "trl": 15, "countries": 15}
RELATED_SECTOR_SHARE = 0.6  # a parent/child sector counts for less than the same sector
KEYWORD_POINTS = (25, 5)  # the first shared keyword, then each further one, up to WEIGHTS["keywords"]
CANDIDATES = 300  # per candidate query
MAX_TERMS = 40  # as many as any_terms_filter tests

# A rule's outcome: its points, and how to word its reason given the (need, offer) pair of whole
# listings; the wording is asked for the matches returned only.
Outcome = tuple[float, Callable[[Technology, Technology], Reason]]


@dataclass(frozen=True)
class TechnologyMatch:
    technology: Technology
    score: float
    reasons: list[Reason]


def match_offers_for_need(need: Technology, *, limit: int = 10) -> list[TechnologyMatch]:
    """Published offers that best answer ``need``, best first, with reasons."""
    return _match(need, Technology.objects.published().offers(), need=need, limit=limit)


def match_needs_for_offer(offer: Technology, *, limit: int = 10) -> list[TechnologyMatch]:
    """Published needs that ``offer`` could answer, best first, with reasons."""
    return _match(offer, Technology.objects.published().needs(), offer=offer, limit=limit)


def comparable_contracts(technology: Technology, *, limit: int = 5) -> list[Contract]:
    """Published contracts in the listing's sectors (or their children) and of a contract type
    among its transaction types (any type when it names none), most recent first.

    Contracts whose value is confidential are returned too; callers show their value only when
    ``value_is_public`` is true.
    """
    sector_ids = [sector.pk for sector in technology.sectors.all()]
    if not sector_ids:
        return []
    # EXISTS rather than a join: no DISTINCT, and the newest contracts are read first, stopping
    # at ``limit`` (a join or an IN list reads every contract in the sectors, then sorts them).
    in_sectors = Contract.sectors.through.objects.filter(
        contract_id=OuterRef("pk"), sector__in=Sector.objects.with_descendants(sector_ids)
    )
    contracts = Contract.objects.published().filter(Exists(in_sectors))
    types = [t.code for t in technology.transaction_types.all()]
    if types:
        contracts = contracts.filter(contract_type__in=types)
    contracts = contracts.select_related("seller", "buyer", "agency", "destination_country")
    return list(contracts.order_by("-signed_on", "-id")[:limit])


def _match(listing: Technology, candidates, *, limit: int, need=None, offer=None) -> list[TechnologyMatch]:
    listing_is_need = need is not None
    tree = sectors_by_pk()
    sectors = list(listing.sectors.all())
    related_ids = _related_sector_ids(sectors, tree)
    keywords = _keyword_tokens(listing.keywords_en, listing.keywords_zh_hans)
    found = Q(pk__in=[])
    if related_ids:
        found |= Q(pk__in=_first(candidates.filter(sectors__in=related_ids)))
    if keywords:
        terms = sorted({token for tokens in keywords.values() for token in tokens})
        found |= Q(pk__in=_first(_with_any_term(candidates, terms)))
    # Of a candidate's target countries only two facts matter: it names some, and the listing's
    # origin is among them.
    targets = Technology.target_countries.through.objects.filter(technology_id=OuterRef("pk"))
    rows = list(
        candidates.filter(found)
        .exclude(pk=listing.pk)
        .annotate(
            has_targets=Exists(targets),
            targets_listing_origin=Exists(targets.filter(country_id=listing.origin_country_id)),
        )
        .order_by()
        .values(
            "pk",
            "published_at",
            "trl",
            "origin_country_id",
            "has_targets",
            "targets_listing_origin",
            # An offer's document holds the words the need's keywords are looked for in.
            *(("search_document",) if listing_is_need else ("keywords_en", "keywords_zh_hans")),
        )
    )
    sectors_of = _sectors_of([row["pk"] for row in rows], tree)
    listing_targets = {country.pk for country in listing.target_countries.all()}
    listing_head = None if listing_is_need else _head_tokens(listing.search_document)

    ranked = []
    for row in rows:
        # Each side's target countries (none: any) against the other side's origin.
        candidate_takes_listing = not row["has_targets"] or row["targets_listing_origin"]
        listing_takes_candidate = not listing_targets or row["origin_country_id"] in listing_targets
        if listing_is_need:
            sector = _sector_rule(sectors, sectors_of[row["pk"]])
            keyword = _keyword_rule(keywords, _head_tokens(row["search_document"]))
            trl = _trl_rule(need_trl=listing.trl, offer_trl=row["trl"])
            country = _country_rule(
                goes=candidate_takes_listing,
                accepted=listing_takes_candidate,
                offer_has_targets=row["has_targets"],
            )
        else:
            sector = _sector_rule(sectors_of[row["pk"]], sectors)
            keyword = _keyword_rule(
                _keyword_tokens(row["keywords_en"], row["keywords_zh_hans"]), listing_head
            )
            trl = _trl_rule(need_trl=row["trl"], offer_trl=listing.trl)
            country = _country_rule(
                goes=listing_takes_candidate,
                accepted=candidate_takes_listing,
                offer_has_targets=bool(listing_targets),
            )
        if sector[0] or keyword[0]:  # a match must share a subject
            outcomes = [sector, keyword, trl, country]
            score = round(sum(points for points, _explain in outcomes), 1)
            ranked.append((score, row, outcomes))
    ranked.sort(key=lambda item: (-item[0], -item[1]["published_at"].timestamp(), -item[1]["pk"]))

    # Whole listings, and the reasons' words, for the matches returned only.
    ranked = ranked[:limit]
    loaded = Technology.objects.select_related("owner", "origin_country").in_bulk(
        [row["pk"] for _score, row, _outcomes in ranked]
    )
    matches = []
    for score, row, outcomes in ranked:
        candidate = loaded.get(row["pk"])
        if candidate is None:  # deleted in between
            continue
        the_need, the_offer = (listing, candidate) if listing_is_need else (candidate, listing)
        reasons = [explain(the_need, the_offer) for _points, explain in outcomes]
        matches.append(TechnologyMatch(candidate, score, reasons))
    return matches


def _first(queryset):
    return queryset.order_by("-published_at", "-id").values("pk")[:CANDIDATES]


def _with_any_term(candidates, terms: list[str]):
    """The candidates whose search document has any of ``terms`` (see ``any_terms_filter``)."""
    if connections[candidates.db].vendor == "sqlite" and fts5_available():
        # A common word is in thousands of documents. Tested as "id IN (the index's answer)",
        # SQLite looks every one of them up by primary key, then sorts them by date; with "+ 0"
        # it reads the newest candidates from their index instead and stops after CANDIDATES.
        match = match_expression([(term,) for term in terms[:MAX_TERMS]], prefix_last=False, any_term=True)
        return candidates.alias(unindexed_pk=F("pk") + 0).filter(
            unindexed_pk__in=RawSQL(MATCH_SQL, (match,))  # noqa: S611 (constant SQL, a parameter)
        )
    return candidates.filter(any_terms_filter(terms, candidates.db))


def _sectors_of(ids: list[int], tree: dict[int, Sector]) -> dict[int, list[Sector]]:
    """Each listing's sectors (in the sectors' order), from the through table and the tree."""
    sectors_of = defaultdict(list)
    pairs = (
        Technology.sectors.through.objects.filter(technology_id__in=ids)
        .order_by("sector__position", "sector__slug")
        .values_list("technology_id", "sector_id")
    )
    for technology_id, sector_id in pairs:
        if sector_id in tree:  # else created since the tree was cached
            sectors_of[technology_id].append(tree[sector_id])
    return sectors_of


def _related_sector_ids(sectors: list[Sector], tree: dict[int, Sector]) -> set[int]:
    """The sectors, their parents and their children: a Genomics need is answered in Biomedicine."""
    ids = {s.pk for s in sectors}
    parents = {s.parent_id for s in sectors if s.parent_id}
    children = {s.pk for s in tree.values() if s.parent_id in ids}
    return ids | parents | children


def _keyword_tokens(*texts: str | None) -> dict[str, tuple[str, ...]]:
    """Each keyword of a listing (its keywords in both languages) with its analysed tokens."""
    words = {}
    for text in texts:
        for keyword in (text or "").replace("，", ",").replace("、", ",").replace(";", ",").split(","):
            keyword = keyword.strip()
            tokens = _analysed(keyword)
            if keyword and tokens:
                words[keyword] = tokens
    return words


@lru_cache(maxsize=4096)
def _analysed(keyword: str) -> tuple[str, ...]:
    """A keyword's tokens; memoised, as keywords recur across listings and jieba is slow."""
    return tuple(dict.fromkeys(document_tokens(keyword)))


def _head_tokens(search_document: str | None) -> set[str]:
    """The analysed words of the title, keywords, sectors and owner (the document's first lines)."""
    document = search_document or ""
    end = document.find("\n", document.find("\n") + 1)  # the end of the second line, or -1
    return set((document if end < 0 else document[:end]).split())


def _sector_rule(own: list[Sector], other: list[Sector]) -> Outcome:
    """``own``: the need's sectors; ``other``: the offer's, which the reason names."""
    own_ids = {s.pk for s in own}
    shared = [s for s in other if s.pk in own_ids]
    if shared:
        return WEIGHTS["sectors"], lambda need, offer: Reason(
            True, _("shared sectors: %(sectors)s") % {"sectors": _sector_names(shared)}
        )
    own_parents = {s.parent_id for s in own if s.parent_id}
    related = [
        s
        for s in other
        if s.parent_id in own_ids or s.pk in own_parents or (s.parent_id and s.parent_id in own_parents)
    ]
    if related:
        return WEIGHTS["sectors"] * RELATED_SECTOR_SHARE, lambda need, offer: Reason(
            True, _("related sectors: %(sectors)s") % {"sectors": _sector_names(related)}
        )
    return 0, lambda need, offer: Reason(False, _("no shared sector"))


def _sector_names(sectors: list[Sector]) -> str:
    return ", ".join(str(s.name) for s in sectors)


def _keyword_rule(need_keywords: dict[str, tuple[str, ...]], offer_tokens: set[str]) -> Outcome:
    shared = [keyword for keyword, tokens in need_keywords.items() if offer_tokens.issuperset(tokens)]
    if shared:
        first, more = KEYWORD_POINTS
        points = min(WEIGHTS["keywords"], first + more * (len(shared) - 1))
        return points, lambda need, offer: Reason(
            True, _("shared keywords: %(keywords)s") % {"keywords": ", ".join(shared[:6])}
        )
    if not need_keywords:
        return 0, lambda need, offer: Reason(False, _("the need names no keywords"))
    return 0, lambda need, offer: Reason(
        False, _("none of the keywords %(keywords)s") % {"keywords": ", ".join(list(need_keywords)[:6])}
    )


def _trl_rule(*, need_trl: int, offer_trl: int) -> Outcome:
    values = {"offer": offer_trl, "need": need_trl}
    if offer_trl >= need_trl:
        return WEIGHTS["trl"], lambda need, offer: Reason(
            True, _("TRL %(offer)s meets the TRL %(need)s wanted") % values
        )
    # One level short is still worth a conversation.
    points = WEIGHTS["trl"] / 3 if need_trl - offer_trl == 1 else 0
    return points, lambda need, offer: Reason(
        False, _("TRL %(offer)s below the TRL %(need)s wanted") % values
    )


def _country_rule(*, goes: bool, accepted: bool, offer_has_targets: bool) -> Outcome:
    """``goes``: the offer may go to the need's country (it names no targets: anywhere);
    ``accepted``: the need accepts the offer's origin (it names no targets: any origin)."""
    if goes and accepted:
        if offer_has_targets:
            return WEIGHTS["countries"], lambda need, offer: Reason(
                True, _("offered in %(country)s") % {"country": need.origin_country.name}
            )
        return WEIGHTS["countries"], lambda need, offer: Reason(True, _("offered in every country"))
    if not goes:
        return 0, lambda need, offer: Reason(
            False, _("not offered in %(country)s") % {"country": need.origin_country.name}
        )
    return 0, lambda need, offer: Reason(
        False, _("from %(country)s, not a wanted origin") % {"country": offer.origin_country.name}
    )
