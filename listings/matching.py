"""Technology matching: the offers that could answer a need and the needs an offer could answer
(comparable contracts for price discovery: ``listings.price_discovery``). The semantics are documented in docs/matching.md.

Candidates come from the database in two bounded queries (published listings of the other kind
in related sectors, and those sharing a keyword through the search document), then each is
judged on its rules, each giving a ``Reason``:

- subject (hard: a candidate must share one of the two): sectors, a shared sector or a
  parent/child of one (Biomedicine and Genomics are related); keywords, the need's keywords
  found in the offer's title, keywords or sectors (both languages, analysed as the search
  analyses them: stems and Chinese words);
- TRL (soft): the offer is at least as mature as the need asks;
- countries (hard): the offer is available in the need's country (its owner's and its origin
  country always count: "Available to" lists export markets), and comes from where the need looks;
- price (hard, only when both sides state one): the offer's fixed price is within the need's budget.

The score adds the points of the rules met (sectors 35, keywords 35, TRL 15, countries 15). A
match has no disqualifying reason and reaches ``MATCH_MIN_SCORE``; a near miss falls short of
one by a single rule (``haidian.core.matching``).

Scoring runs in the worker (``store_matches``, called by the task ``refresh_stored_matches``); the
pages, the API and the admin's panel of a published listing read the stored rows
(``stored_matches``). Up to 600 candidates are scored for a few matches kept, so scoring reads
only the columns the rules need (sectors from the cached sector tree, target countries as two
EXISTS tests), and the reasons' texts and the whole listings are produced for the listings
returned only.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext as _

from haidian.core.matching import MatchResults, Reason, format_cny, is_match, is_near_miss
from haidian.core.models import Sector
from haidian.core.sectors import sectors_by_pk

from .models import StoredMatch, Technology, TechnologyKind
from .search import any_terms_filter
from .search_sqlite import MATCH_SQL, fts5_available, match_expression
from .text import document_tokens

WEIGHTS = {"sectors": 35, "keywords": 35, "trl": 15, "countries": 15}
RELATED_SECTOR_SHARE = 0.6  # a parent/child sector counts for less than the same sector
KEYWORD_POINTS = (25, 5)  # the first shared keyword, then each further one, up to WEIGHTS["keywords"]
CANDIDATES = 300  # per candidate query
MAX_TERMS = 40  # as many as any_terms_filter tests
NEAR_MISSES = 3  # near misses shown beside the matches
STORED_MATCHES, STORED_NEAR_MISSES = 20, 5  # stored per listing: the most any page or API shows

# A rule's outcome: its points, whether it is a hard constraint, whether it is met, and how to word
# its reason given the (need, offer) pair of whole listings; the wording is asked for the listings
# returned only.
Outcome = tuple[float, bool, bool, Callable[[Technology, Technology], Reason]]


@dataclass(frozen=True)
class TechnologyMatch:
    technology: Technology
    score: float
    reasons: list[Reason]


def technology_matches(
    listing: Technology, *, limit: int = 10, near_misses: int = NEAR_MISSES
) -> MatchResults:
    """The matches of a need (offers) or of an offer (needs), best first, and apart from them up
    to ``near_misses`` near misses, scored now against the published candidates.

    The scoring entry point: the pages and the API read what ``store_matches`` stored instead
    (``stored_matches``); the admin's panel computes now only for a listing that is not published,
    which has no stored rows."""
    results = MatchResults()
    for near, score, candidate, outcomes in _scored(
        listing, _candidates(listing), limit=limit, near_misses=near_misses
    ):
        match = TechnologyMatch(candidate, score, _worded(listing, candidate, outcomes))
        (results.near_misses if near else results.matches).append(match)
    return results


def _scored(listing: Technology, candidates, *, limit: int, near_misses: int) -> list:
    """The chosen candidates, best first: ``(near_miss, score, candidate, outcomes)`` each."""
    listing_is_need = listing.kind == TechnologyKind.NEED
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
            "owner__country_id",
            "price_cny",
            "price_negotiable",
            "has_targets",
            "targets_listing_origin",
            # An offer's document holds the words the need's keywords are looked for in.
            *(("search_document",) if listing_is_need else ("keywords_en", "keywords_zh_hans")),
        )
    )
    sectors_of = _sectors_of([row["pk"] for row in rows], tree)
    listing_targets = {country.pk for country in listing.target_countries.all()}
    listing_head = None if listing_is_need else _head_tokens(listing.search_document)
    listing_home = {listing.origin_country_id, listing.owner.country_id}

    ranked = []
    for row in rows:
        candidate_home = {row["origin_country_id"], row["owner__country_id"]}
        # Each side's target countries (none: any) against the other side's origin. An offer is
        # always available at home (its origin and its owner's country): its targets are exports.
        candidate_takes_listing = not row["has_targets"] or row["targets_listing_origin"]
        listing_takes_candidate = not listing_targets or row["origin_country_id"] in listing_targets
        if listing_is_need:
            sector = _sector_rule(sectors, sectors_of[row["pk"]])
            keyword = _keyword_rule(keywords, _head_tokens(row["search_document"]))
            trl = _trl_rule(need_trl=listing.trl, offer_trl=row["trl"])
            country = _country_rule(
                goes=candidate_takes_listing or listing.origin_country_id in candidate_home,
                accepted=listing_takes_candidate,
                offer_has_targets=row["has_targets"],
            )
            price = _price_rule(
                budget=listing.price_cny, price=row["price_cny"], negotiable=row["price_negotiable"]
            )
        else:
            sector = _sector_rule(sectors_of[row["pk"]], sectors)
            keyword = _keyword_rule(
                _keyword_tokens(row["keywords_en"], row["keywords_zh_hans"]), listing_head
            )
            trl = _trl_rule(need_trl=row["trl"], offer_trl=listing.trl)
            country = _country_rule(
                goes=listing_takes_candidate or row["origin_country_id"] in listing_home,
                accepted=candidate_takes_listing,
                offer_has_targets=bool(listing_targets),
            )
            price = _price_rule(
                budget=row["price_cny"], price=listing.price_cny, negotiable=listing.price_negotiable
            )
        if sector[0] or keyword[0]:  # the hard subject rule: a candidate must share a subject
            outcomes = [sector, keyword, trl, country, *([price] if price else [])]
            score = round(sum(points for points, _hard, _met, _explain in outcomes), 1)
            verdicts = [Reason(met, "", hard) for _points, hard, met, _explain in outcomes]
            if is_match(score, verdicts):
                ranked.append((False, score, row, outcomes))
            elif near_misses and is_near_miss(score, verdicts):
                ranked.append((True, score, row, outcomes))
    ranked.sort(key=lambda item: (-item[1], -item[2]["published_at"].timestamp(), -item[2]["pk"]))
    chosen = [item for item in ranked if not item[0]][:limit]
    chosen += [item for item in ranked if item[0]][:near_misses]

    # Whole listings, and the reasons' words, for the listings returned only.
    loaded = Technology.objects.select_related("owner", "origin_country").in_bulk(
        [row["pk"] for _near, _score, row, _outcomes in chosen]
    )
    found = []
    for near, score, row, outcomes in chosen:
        candidate = loaded.get(row["pk"])
        if candidate is not None:  # else deleted in between
            found.append((near, score, candidate, outcomes))
    return found


def _worded(listing: Technology, candidate: Technology, outcomes: list[Outcome]) -> list[Reason]:
    """The reasons of a scored pair in the active language."""
    the_need, the_offer = (
        (listing, candidate) if listing.kind == TechnologyKind.NEED else (candidate, listing)
    )
    return [explain(the_need, the_offer) for _points, _hard, _met, explain in outcomes]


def _candidates(listing: Technology):
    if listing.kind == TechnologyKind.NEED:
        return Technology.objects.published().offers()
    return Technology.objects.published().needs()


def store_matches(listing: Technology) -> int:
    """Score ``listing`` against its candidates and store its matches and near misses (as many as
    the API shows) with their reasons in both languages, replacing the rows stored before; a
    listing that is not published keeps none. The task ``refresh_stored_matches`` calls this."""
    rows = []
    if Technology.objects.published().filter(pk=listing.pk).exists():
        found = _scored(listing, _candidates(listing), limit=STORED_MATCHES, near_misses=STORED_NEAR_MISSES)
        positions = {False: 0, True: 0}
        for near, score, candidate, outcomes in found:
            worded = {}
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    worded[language] = [
                        [reason.met, reason.hard, reason.text]
                        for reason in _worded(listing, candidate, outcomes)
                    ]
            rows.append(
                StoredMatch(
                    listing=listing,
                    candidate=candidate,
                    near_miss=near,
                    position=positions[near],
                    score=score,
                    reasons_en=worded["en"],
                    reasons_zh_hans=worded["zh-hans"],
                )
            )
            positions[near] += 1
    with transaction.atomic():
        StoredMatch.objects.filter(listing=listing).delete()
        StoredMatch.objects.bulk_create(rows)
    return len(rows)


def stored_matches(
    listing: Technology, *, limit: int, near_misses: int = NEAR_MISSES, only: tuple[str, ...] = ()
) -> MatchResults:
    """The stored matches of ``listing`` (one query), with the listings as the page shows them.

    The candidate must still be published: a candidate withdrawn, expired or made confidential
    since the rows were stored is left out at once, before the task replaces the rows. ``only``:
    the candidates' columns to read (``candidate__…``), when the caller shows just those."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    # EXISTS, tested on the few stored rows through the primary key (an IN list would read every
    # published listing first).
    published = Technology.objects.published().filter(pk=OuterRef("candidate_id"))
    rows = (
        StoredMatch.objects.filter(Exists(published), listing=listing)
        .filter(Q(near_miss=False, position__lt=limit) | Q(near_miss=True, position__lt=near_misses))
        .select_related("candidate__owner", "candidate__origin_country")
        .order_by("near_miss", "position")
    )
    if only:
        rows = rows.only(
            "candidate_id", "near_miss", "position", "score", "reasons_en", "reasons_zh_hans", *only
        )
    results = MatchResults()
    for row in rows:
        match = TechnologyMatch(row.candidate, row.score, row.reasons(language))
        (results.near_misses if row.near_miss else results.matches).append(match)
    return results


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


def _outcome(points: float, met: bool, hard: bool, text: Callable[[Technology, Technology], str]) -> Outcome:
    return points, hard, met, lambda need, offer: Reason(met, text(need, offer), hard)


def _sector_rule(own: list[Sector], other: list[Sector]) -> Outcome:
    """``own``: the need's sectors; ``other``: the offer's, which the reason names. A soft signal:
    the subject is hard only as "a shared sector or a shared keyword", tested by the caller."""
    own_ids = {s.pk for s in own}
    shared = [s for s in other if s.pk in own_ids]
    if shared:
        return _outcome(
            WEIGHTS["sectors"],
            True,
            False,
            lambda need, offer: _("shared sectors: %(sectors)s") % {"sectors": _sector_names(shared)},
        )
    own_parents = {s.parent_id for s in own if s.parent_id}
    related = [
        s
        for s in other
        if s.parent_id in own_ids or s.pk in own_parents or (s.parent_id and s.parent_id in own_parents)
    ]
    if related:
        return _outcome(
            WEIGHTS["sectors"] * RELATED_SECTOR_SHARE,
            True,
            False,
            lambda need, offer: _("related sectors: %(sectors)s") % {"sectors": _sector_names(related)},
        )
    return _outcome(0, False, False, lambda need, offer: _("no shared sector"))


def _sector_names(sectors: list[Sector]) -> str:
    return ", ".join(str(s.name) for s in sectors)


def _keyword_rule(need_keywords: dict[str, tuple[str, ...]], offer_tokens: set[str]) -> Outcome:
    shared = [keyword for keyword, tokens in need_keywords.items() if offer_tokens.issuperset(tokens)]
    if shared:
        first, more = KEYWORD_POINTS
        points = min(WEIGHTS["keywords"], first + more * (len(shared) - 1))
        return _outcome(
            points,
            True,
            False,
            lambda need, offer: _("shared keywords: %(keywords)s") % {"keywords": ", ".join(shared[:6])},
        )
    if not need_keywords:
        return _outcome(0, False, False, lambda need, offer: _("the need names no keywords"))
    return _outcome(
        0,
        False,
        False,
        lambda need, offer: (
            _("none of the keywords %(keywords)s") % {"keywords": ", ".join(list(need_keywords)[:6])}
        ),
    )


def _trl_rule(*, need_trl: int, offer_trl: int) -> Outcome:
    """A soft signal: a less mature offer costs points but may still be worth a conversation."""
    values = {"offer": offer_trl, "need": need_trl}
    if offer_trl >= need_trl:
        return _outcome(
            WEIGHTS["trl"],
            True,
            False,
            lambda need, offer: _("TRL %(offer)s meets the TRL %(need)s wanted") % values,
        )
    # One level short is still worth a conversation.
    points = WEIGHTS["trl"] / 3 if need_trl - offer_trl == 1 else 0
    return _outcome(
        points, False, False, lambda need, offer: _("TRL %(offer)s below the TRL %(need)s wanted") % values
    )


def _country_rule(*, goes: bool, accepted: bool, offer_has_targets: bool) -> Outcome:
    """A hard constraint. ``goes``: the offer is available in the need's country (at home, or it
    names no export markets, or the need's country is one of them); ``accepted``: the need accepts
    the offer's origin (it names no origins: any)."""
    if goes and accepted:
        if offer_has_targets:
            return _outcome(
                WEIGHTS["countries"],
                True,
                True,
                lambda need, offer: _("offered in %(country)s") % {"country": need.origin_country.name},
            )
        return _outcome(WEIGHTS["countries"], True, True, lambda need, offer: _("offered in every country"))
    if not goes:
        return _outcome(
            0,
            False,
            True,
            lambda need, offer: _("not offered in %(country)s") % {"country": need.origin_country.name},
        )
    return _outcome(
        0,
        False,
        True,
        lambda need, offer: (
            _("from %(country)s, not a wanted origin") % {"country": offer.origin_country.name}
        ),
    )


def _price_rule(*, budget, price, negotiable: bool) -> Outcome | None:
    """A hard constraint when both sides state an amount (else no rule): a fixed price above the
    need's budget is out of range; a negotiable one is met, and says so. No points either way."""
    if budget is None or price is None:
        return None

    def values() -> dict[str, str]:
        # Formatted when worded, in the language of the wording (the worker stores both).
        return {"price": format_cny(price), "budget": format_cny(budget)}

    if price <= budget:
        return _outcome(
            0, True, True, lambda need, offer: _("price %(price)s within the budget of %(budget)s") % values()
        )
    if negotiable:
        return _outcome(
            0,
            True,
            True,
            lambda need, offer: (
                _("price %(price)s above the budget of %(budget)s, but negotiable") % values()
            ),
        )
    return _outcome(
        0, False, True, lambda need, offer: _("price %(price)s above the budget of %(budget)s") % values()
    )
