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
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from haidian.matching import Reason
from haidian.models import Sector

from .models import Contract, Technology
from .search import any_terms_filter
from .text import document_tokens

WEIGHTS = {"sectors": 35, "keywords": 35, "trl": 15, "countries": 15}
RELATED_SECTOR_SHARE = 0.6  # a parent/child sector counts for less than the same sector
KEYWORD_POINTS = (25, 5)  # the first shared keyword, then each further one, up to WEIGHTS["keywords"]
CANDIDATES = 300  # per candidate query


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
    contracts = Contract.objects.published().filter(sectors__in=Sector.objects.with_descendants(sector_ids))
    types = [t.code for t in technology.transaction_types.all()]
    if types:
        contracts = contracts.filter(contract_type__in=types)
    ids = contracts.values("pk").distinct()
    return list(
        Contract.objects.filter(pk__in=ids)
        .select_related("seller", "buyer", "agency", "destination_country")
        .order_by("-signed_on", "-id")[:limit]
    )


def _match(listing: Technology, candidates, *, limit: int, need=None, offer=None) -> list[TechnologyMatch]:
    sectors = list(listing.sectors.all())
    related_ids = _related_sector_ids(sectors)
    keywords = _keyword_tokens(listing)
    found = Q(pk__in=[])
    if related_ids:
        found |= Q(pk__in=_first(candidates.filter(sectors__in=related_ids)))
    if keywords:
        terms = sorted({token for tokens in keywords.values() for token in tokens})
        found |= Q(pk__in=_first(candidates.filter(any_terms_filter(terms, candidates.db))))
    rows = (
        candidates.filter(found)
        .exclude(pk=listing.pk)
        .select_related("owner", "origin_country")
        .prefetch_related(Prefetch("sectors", Sector.objects.select_related("parent")), "target_countries")
    )
    listing_countries = list(listing.target_countries.all())
    matches = []
    for candidate in rows:
        the_need, the_offer = (listing, candidate) if need is not None else (candidate, listing)
        candidate_sectors = list(candidate.sectors.all())
        need_keywords = keywords if need is not None else _keyword_tokens(candidate)
        offer_tokens = _head_tokens(the_offer)
        reasons_scores = [
            _sector_rule(
                *((sectors, candidate_sectors) if need is not None else (candidate_sectors, sectors))
            ),
            _keyword_rule(need_keywords, offer_tokens),
            _trl_rule(the_need, the_offer),
            _country_rule(
                the_need,
                the_offer,
                need_targets=listing_countries
                if need is not None
                else list(candidate.target_countries.all()),
                offer_targets=list(candidate.target_countries.all())
                if need is not None
                else listing_countries,
            ),
        ]
        score = sum(points for points, _reason in reasons_scores)
        if reasons_scores[0][0] or reasons_scores[1][0]:  # a match must share a subject
            matches.append(TechnologyMatch(candidate, round(score, 1), [r for _p, r in reasons_scores]))
    matches.sort(key=lambda m: (-m.score, -(m.technology.published_at.timestamp()), -m.technology.pk))
    return matches[:limit]


def _first(queryset):
    return queryset.order_by("-published_at", "-id").values("pk")[:CANDIDATES]


def _related_sector_ids(sectors: list[Sector]) -> set[int]:
    """The sectors, their parents and their children: a Genomics need is answered in Biomedicine."""
    ids = {s.pk for s in sectors} | {s.parent_id for s in sectors if s.parent_id}
    if sectors:
        ids |= set(Sector.objects.filter(parent__in=[s.pk for s in sectors]).values_list("pk", flat=True))
    return ids


def _keyword_tokens(listing: Technology) -> dict[str, tuple[str, ...]]:
    """Each keyword of a listing (both languages) with its analysed tokens."""
    words = {}
    for text in (listing.keywords_en or "", listing.keywords_zh_hans or ""):
        for keyword in text.replace("，", ",").replace("、", ",").replace(";", ",").split(","):
            keyword = keyword.strip()
            tokens = tuple(dict.fromkeys(document_tokens(keyword)))
            if keyword and tokens:
                words[keyword] = tokens
    return words


def _head_tokens(listing: Technology) -> set[str]:
    """The analysed words of the title, keywords, sectors and owner (the document's first lines)."""
    head = "\n".join((listing.search_document or "").split("\n")[:2])
    return set(head.split())


def _sector_rule(own: list[Sector], other: list[Sector]) -> tuple[float, Reason]:
    """``own``: the need's sectors; ``other``: the offer's, which the reason names."""
    own_ids = {s.pk for s in own}
    shared = [s for s in other if s.pk in own_ids]
    if shared:
        names = ", ".join(str(s.name) for s in shared)
        return WEIGHTS["sectors"], Reason(True, _("shared sectors: %(sectors)s") % {"sectors": names})
    own_parents = {s.parent_id for s in own if s.parent_id}
    related = [
        s
        for s in other
        if s.parent_id in own_ids or s.pk in own_parents or (s.parent_id and s.parent_id in own_parents)
    ]
    if related:
        names = ", ".join(str(s.name) for s in related)
        return WEIGHTS["sectors"] * RELATED_SECTOR_SHARE, Reason(
            True, _("related sectors: %(sectors)s") % {"sectors": names}
        )
    return 0, Reason(False, _("no shared sector"))


def _keyword_rule(need_keywords: dict[str, tuple[str, ...]], offer_tokens: set[str]) -> tuple[float, Reason]:
    shared = [keyword for keyword, tokens in need_keywords.items() if set(tokens) <= offer_tokens]
    if shared:
        first, more = KEYWORD_POINTS
        points = min(WEIGHTS["keywords"], first + more * (len(shared) - 1))
        return points, Reason(True, _("shared keywords: %(keywords)s") % {"keywords": ", ".join(shared[:6])})
    if not need_keywords:
        return 0, Reason(False, _("the need names no keywords"))
    return 0, Reason(
        False, _("none of the keywords %(keywords)s") % {"keywords": ", ".join(list(need_keywords)[:6])}
    )


def _trl_rule(need: Technology, offer: Technology) -> tuple[float, Reason]:
    values = {"offer": offer.trl, "need": need.trl}
    if offer.trl >= need.trl:
        return WEIGHTS["trl"], Reason(True, _("TRL %(offer)s meets the TRL %(need)s wanted") % values)
    # One level short is still worth a conversation.
    points = WEIGHTS["trl"] / 3 if need.trl - offer.trl == 1 else 0
    return points, Reason(False, _("TRL %(offer)s below the TRL %(need)s wanted") % values)


def _country_rule(need, offer, *, need_targets, offer_targets) -> tuple[float, Reason]:
    """The offer may go to the need's country (no targets: anywhere), and the need accepts the
    offer's origin (no targets: any origin)."""
    goes = not offer_targets or need.origin_country_id in {c.pk for c in offer_targets}
    accepted = not need_targets or offer.origin_country_id in {c.pk for c in need_targets}
    if goes and accepted:
        if offer_targets:
            text = _("offered in %(country)s") % {"country": need.origin_country.name}
        else:
            text = _("offered in every country")
        return WEIGHTS["countries"], Reason(True, text)
    if not goes:
        return 0, Reason(False, _("not offered in %(country)s") % {"country": need.origin_country.name})
    return 0, Reason(
        False, _("from %(country)s, not a wanted origin") % {"country": offer.origin_country.name}
    )
