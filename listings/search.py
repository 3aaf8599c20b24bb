"""The one technology search of the site: pages, API and admin all call ``search_technologies``.

Every listing keeps a ``search_document`` (see ``build_search_document``): the words of both
languages, analysed by ``listings.text`` (English stems, jieba words and bigrams for Chinese,
patent and application numbers as one token each), in four lines by weight: title; keywords, patent
numbers, sectors and owner; summary; description. The query is analysed the same way, so both
databases agree on what matches:

- PostgreSQL: a stored ``tsvector`` column generated from the document (weights A-D), GIN-indexed,
  ranked with ``ts_rank``; typos in titles and keywords are tolerated with pg_trgm
  (word similarity, GIN trigram indexes). Both are created by migration 0003 on PostgreSQL only.
  A query ranks its ``RANKED`` most recently added matches only (most relevant first among
  them): a broad word is narrowed with more words or filters.
- SQLite: every term must occur as a whole word in the document (the last one as a prefix,
  for search-as-you-type), ranked by where the terms occur (title hits weigh most).

The document is rebuilt on every save, when sectors are added or removed, when a quantified
benefit is added, changed or deleted, when an owner or a sector is renamed (signals below), and in
bulk by ``refresh_search_documents`` (imports, bulk actions, the ``rebuild_search_index`` command).
Benefit claims (metric, unit, baseline, both languages) share the summary's line and weight.
"""

from collections.abc import Iterable

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connections, models
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import Col, Expression, RawSQL
from django.db.models.functions import Coalesce, Greatest, StrIndex, Substr
from django.db.models.lookups import LessThan
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from haidian.core.models import Organization, Sector
from haidian.core.richtext import plain_text

from .models import BenefitClaim, Technology
from .search_sqlite import MATCH_SQL, ensure_fts, fts5_available, match_expression
from .text import document_tokens, fold, has_chinese, query_terms

# Columns that feed the document: a save touching none of them keeps the document as it is.
DOCUMENT_SOURCE_FIELDS = frozenset(
    f"{name}_{lang}" for name in ("title", "summary", "description", "keywords") for lang in ("en", "zh_hans")
) | {"title", "summary", "description", "keywords", "owner", "owner_id", "patent_numbers"}

SEARCH_VECTOR_COLUMN = "search_vector"
# The weighted vector the migration stores; kept here so the migration and the docs share it.
SEARCH_VECTOR_SQL = " || ".join(
    f"setweight(to_tsvector('simple'::regconfig, split_part(search_document, E'\\n', {line})), '{weight}')"
    for line, weight in ((1, "A"), (2, "B"), (3, "C"), (4, "D"))
)
FUZZY_MIN_CHARS = 4
FUZZY_BELOW = 20  # typo-tolerant matches are added when exact matches fill less than a page
BATCH_SIZE = 500
RANKED = 300  # a query ranks its newest matches only (both databases): docs/performance.md


# --- The document ------------------------------------------------------------------------------


def _line(*texts: str) -> str:
    tokens = [token for text in texts if text for token in document_tokens(text)]
    return f" {' '.join(tokens)} " if tokens else " "


def build_search_document(
    technology: Technology,
    *,
    sectors: Iterable[Sector] | None = None,
    benefits: Iterable[BenefitClaim] | None = None,
) -> str:
    """The analysed words of a listing in both languages, one line per weight.

    ``sectors`` defaults to the listing's sectors (with their parents, so a listing in Genomics is
    found under Biomedicine), ``benefits`` to its quantified benefits; a listing not saved yet has
    neither.
    """
    if sectors is None:
        sectors = technology.sectors.select_related("parent") if technology.pk else []
    if benefits is None:
        benefits = technology.benefits.all() if technology.pk else []
    claims = [
        text
        for claim in benefits
        for text in (
            claim.metric_en,
            claim.metric_zh_hans,
            claim.unit_en,
            claim.unit_zh_hans,
            claim.compared_with_en,
            claim.compared_with_zh_hans,
        )
    ]
    sector_names: list[str] = []
    for sector in sectors:
        for node in (sector, sector.parent if sector.parent_id else None):
            if node is not None:
                sector_names += [node.name_en or "", node.name_zh_hans or ""]
    owner = technology.owner if technology.owner_id else None
    lines = [
        _line(technology.title_en, technology.title_zh_hans),
        _line(
            technology.keywords_en,
            technology.keywords_zh_hans,
            technology.patent_numbers,
            *dict.fromkeys(sector_names),
            owner.name_en if owner else "",
            owner.name_zh_hans if owner else "",
        ),
        _line(technology.summary_en, technology.summary_zh_hans, *claims),
        _line(plain_text(technology.description_en), plain_text(technology.description_zh_hans)),
    ]
    return "\n".join(lines)


def refresh_search_documents(queryset=None) -> int:
    """Rebuild the documents of ``queryset`` (default: every listing); returns how many changed.

    For imports, bulk actions and ``bulk_create``/``update()``, which bypass ``save()``. Runs in
    batches with three queries per batch to read (rows, sectors, benefits) and one to write.
    """
    queryset = Technology.objects.all() if queryset is None else queryset
    ids = list(queryset.order_by().values_list("pk", flat=True).distinct())
    changed = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = (
            Technology.objects.filter(pk__in=ids[start : start + BATCH_SIZE])
            .select_related("owner")
            .prefetch_related(
                models.Prefetch("sectors", Sector.objects.select_related("parent")),
                models.Prefetch(
                    "benefits",
                    BenefitClaim.objects.only(
                        "technology_id",
                        *(
                            f"{name}_{lang}"
                            for name in ("metric", "unit", "compared_with")
                            for lang in ("en", "zh_hans")
                        ),
                    ),
                ),
            )
            .only(
                "pk",
                "owner__name_en",
                "owner__name_zh_hans",
                "search_document",
                "patent_numbers",
                *(
                    f"{name}_{lang}"
                    for name in ("title", "summary", "description", "keywords")
                    for lang in ("en", "zh_hans")
                ),
            )
        )
        stale = []
        for technology in batch:
            document = build_search_document(
                technology, sectors=technology.sectors.all(), benefits=technology.benefits.all()
            )
            if document != technology.search_document:
                technology.search_document = document
                stale.append(technology)
        Technology.objects.bulk_update(stale, ["search_document"])
        changed += len(stale)
    return changed


def update_search_document(technology: Technology) -> None:
    """Rebuild one listing's document and store it without calling ``save()`` (no history row)."""
    technology.search_document = build_search_document(technology)
    Technology.objects.filter(pk=technology.pk).update(search_document=technology.search_document)


@receiver(m2m_changed, sender=Technology.sectors.through, dispatch_uid="listings_search_sectors")
def _sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # sector.technologies.add(...): refresh the listings on the other side
        refresh_search_documents(Technology.objects.filter(pk__in=pk_set or []))
    else:
        update_search_document(instance)


@receiver(post_save, sender=BenefitClaim, dispatch_uid="listings_search_benefit_saved")
@receiver(post_delete, sender=BenefitClaim, dispatch_uid="listings_search_benefit_deleted")
def _benefits_changed(sender, instance, raw=False, origin=None, **kwargs):
    """A claim added, changed or deleted (admin inline, import, shell): its listing's document.

    Not when the listing itself is being deleted (the claims go with it), nor for fixtures.
    """
    if raw or isinstance(origin, Technology) or getattr(origin, "model", None) is Technology:
        return
    refresh_search_documents(Technology.objects.filter(pk=instance.technology_id))


@receiver(pre_save, sender=Organization, dispatch_uid="listings_search_owner_pre")
@receiver(pre_save, sender=Sector, dispatch_uid="listings_search_sector_pre")
def _remember_names(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._search_old_names = (
        sender.objects.filter(pk=instance.pk).values_list("name_en", "name_zh_hans").first()
    )


@receiver(post_save, sender=Organization, dispatch_uid="listings_search_owner_post")
@receiver(post_save, sender=Sector, dispatch_uid="listings_search_sector_post")
def _names_changed(sender, instance, created, raw=False, **kwargs):
    old = getattr(instance, "_search_old_names", None)
    if raw or created or old is None or old == (instance.name_en, instance.name_zh_hans):
        return
    if sender is Organization:
        refresh_search_documents(Technology.objects.filter(owner=instance))
    else:
        refresh_search_documents(
            Technology.objects.filter(sectors__in=Sector.objects.with_descendants([instance]))
        )


@receiver(post_migrate, dispatch_uid="listings_search_sqlite_fts")
def _sqlite_fts(sender, using="default", **kwargs):
    if sender.name == "listings":
        ensure_fts(connections[using])


# --- The query ---------------------------------------------------------------------------------


def search_technologies(query, queryset=None, *, one_query: bool = False):
    """``queryset`` (default: all listings) narrowed to matches of ``query``, best first.

    Relevance, then newest first. An empty query (or one with no words, e.g. only punctuation)
    returns ``queryset`` unchanged. Never raises on odd input: NUL bytes, very long strings and
    punctuation are cleaned away before the database sees them.

    On PostgreSQL the ranked matches are read at once and the result reads the listings by id, so
    that a count, a page and facets do not each find and rank them again. ``one_query``: find and
    rank them inside the result's own query instead, for a caller that reads it once (the
    benchmark's floor, which shows a page and counts nothing).
    """
    queryset = Technology.objects.all() if queryset is None else queryset
    text = query if isinstance(query, str) else ("" if query is None else str(query))
    terms = query_terms(text)
    if not terms:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        queryset = _search_postgresql(queryset, terms, _fuzzy_text(text), one_query=one_query)
    else:
        queryset = _search_fallback(queryset, terms)
    return queryset.order_by(F("search_rank").desc(), F("published_at").desc(nulls_last=True), F("id").desc())


def _fuzzy_text(text: str) -> str:
    """The query as plain words for trigram similarity, or "" when too short or Chinese."""
    words = " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text[:400])).split())[:100]
    if has_chinese(words) or len(words) < FUZZY_MIN_CHARS:
        return ""
    return words


class SearchVectorColumn(Expression):
    """The stored ``search_vector`` column that migration 0003 adds on PostgreSQL only.

    It is not a model field (SQLite has no such column); this expression resolves to a column
    of the queryset's own table alias, so it also works inside subqueries.
    """

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        target = SearchVectorField()
        target.set_attributes_from_name(SEARCH_VECTOR_COLUMN)
        target.model = Technology
        return Col(query.get_initial_alias(), target, self.output_field)


def _tsquery(terms: list[tuple[str, ...]]) -> str:
    def quote(word: str, prefix: bool = False) -> str:
        return "'" + word.replace("\\", "").replace("'", "''") + "'" + (":*" if prefix else "")

    parts = []
    for index, term in enumerate(terms):
        word, *bigrams = term
        prefix = index == len(terms) - 1 and _prefix_term(word)
        if bigrams:
            parts.append(f"({quote(word)} | ({' & '.join(quote(b) for b in bigrams)}))")
        else:
            parts.append(quote(word, prefix))
    return " & ".join(parts)


def _prefix_term(word: str) -> bool:
    """The last word of a query matches as a prefix (search as you type), except long Chinese words."""
    return not has_chinese(word) or len(word) == 1


def _matching(queryset, terms, fuzzy: str):
    """``queryset`` narrowed to the matches of ``terms`` (and of ``fuzzy``, with typos), and the
    rank expression (PostgreSQL)."""
    tsquery = SearchQuery(_tsquery(terms), search_type="raw", config="simple")
    queryset = queryset.alias(_search_vector=SearchVectorColumn())
    condition = Q(_search_vector=tsquery)
    rank = SearchRank(F("_search_vector"), tsquery)
    if fuzzy:
        condition |= Q(TrigramWordSimilar(F("title_en"), Value(fuzzy))) | Q(
            TrigramWordSimilar(F("keywords_en"), Value(fuzzy))
        )
        similarity = Greatest(
            TrigramWordSimilarity(Value(fuzzy), "title_en"),
            TrigramWordSimilarity(Value(fuzzy), "keywords_en"),
        )
        # A fuzzy-only hit has ts_rank 0; its similarity (at most 1) ranks it below word matches.
        rank = rank + similarity * Value(0.01)
    return queryset.filter(condition), Coalesce(rank, Value(0.0), output_field=FloatField())


def ranked_matches(queryset, terms, fuzzy: str = ""):
    """The newest ``RANKED`` + 1 matches of ``terms`` in ``queryset`` (with ``fuzzy``, the
    typo-tolerant ones too), unevaluated: ``(pk, rank)`` rows, newest first (PostgreSQL).

    ts_rank reads each match's whole vector (about 2 kB, out of line): ranking every match of a
    broad word costs a second at 100,000 listings. Only the RANKED most recently added matches
    are ranked, read backwards through the primary key, which stops as soon as it has them (the
    date index starts with the drafts' NULL dates, which the public filters then read one by
    one); one more tells the count that there were more (``count_cap``). Other filters must come
    first (``TechnologyFilter``; the admin searches its filtered rows)."""
    matches, rank = _matching(queryset, terms, fuzzy)
    return matches.annotate(rank=rank).order_by("-pk").values_list("pk", "rank")[: RANKED + 1]


def _search_postgresql(queryset, terms, fuzzy: str, *, one_query: bool = False):
    # Typos: only when the words themselves find less than a page. Word similarity is computed
    # row by row, which would cost a second on a broad query.
    if one_query:
        # A LIMITed count through the GIN index decides (a few milliseconds; in no order: any
        # FUZZY_BELOW rows will do, the first ones the index finds).
        if _matching(queryset, terms, "")[0].order_by().values("pk")[:FUZZY_BELOW].count() >= FUZZY_BELOW:
            fuzzy = ""
        matches, rank = _matching(queryset, terms, fuzzy)
        newest = matches.order_by("-pk").values("pk")[: RANKED + 1]
        return (
            queryset.alias(_search_vector=SearchVectorColumn())
            .filter(pk__in=newest)
            .annotate(search_rank=rank)
        )
    # The matches and their rank are read first, in one query, then the listings by their ids:
    # the count, the page and the facets that follow read those few rows by primary key, without
    # finding the matches again or reading their vectors (docs/performance.md). The words' own
    # matches decide on typos: read again with the typo-tolerant ones only when they fill less
    # than a page.
    found = list(ranked_matches(queryset, terms))
    if fuzzy and len(found) < FUZZY_BELOW:
        found = list(ranked_matches(queryset, terms, fuzzy))
    ids = [pk for pk, _rank in found]
    ranks = [rank for _pk, rank in found]
    return queryset.filter(_AmongIds(F("pk"), ids)).annotate(search_rank=_Ranked(F("pk"), ids, ranks))


def _array_literal(values: list) -> str:
    """A PostgreSQL array literal, ``{1,2,3}``, sent as one text parameter and cast in the SQL:
    psycopg adapts a list element by element, in Python (about a millisecond a query for the
    ids and ranks of 300 matches, which the count and the page each send)."""
    return "{" + ",".join(map(repr, values)) + "}"


class _ByPrimaryKey(Expression):
    """An expression over the primary key alone, given the matches' ids (one array parameter)."""

    def __init__(self, pk, ids: list[int]):
        super().__init__()
        self.pk, self.ids = pk, _array_literal(ids)

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs


class _AmongIds(_ByPrimaryKey):
    """``pk = ANY(ids)``: the ids as one array parameter (``pk__in`` would send one per id, and
    the count and the page each send them again)."""

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.pk)
        return f"{sql} = ANY(%s::bigint[])", [*params, self.ids]


class _Ranked(_ByPrimaryKey):
    """The rank read with the matches, looked up by primary key: ``ranks[array_position(ids, pk)]``
    (PostgreSQL arrays, one parameter each), the same float as ``ts_rank`` gave."""

    output_field = FloatField()

    def __init__(self, pk, ids: list[int], ranks: list[float]):
        super().__init__(pk, ids)
        self.ranks = _array_literal(ranks)

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.pk)
        return f"(%s::float8[])[array_position(%s::bigint[], {sql})]", [self.ranks, self.ids, *params]


def any_terms_filter(tokens: Iterable[str], using: str = "default") -> Q:
    """A filter for listings whose document has any of the analysed ``tokens`` (for matching)."""
    tokens = [token for token in dict.fromkeys(tokens) if token][:40]
    if not tokens:
        return Q(pk__in=[])
    if connections[using].vendor == "postgresql":
        query = " | ".join("'" + token.replace("\\", "").replace("'", "''") + "'" for token in tokens)
        return Q(
            SearchVectorExact(SearchVectorColumn(), SearchQuery(query, search_type="raw", config="simple"))
        )
    if fts5_available():
        match = match_expression([(token,) for token in tokens], prefix_last=False, any_term=True)
        return Q(pk__in=RawSQL(MATCH_SQL, (match,)))  # noqa: S611 (constant SQL, a parameter)
    return Q(*(Q(search_document__contains=f" {token} ") for token in tokens), _connector=Q.OR)


def _needle(terms, index: int) -> str:
    """The word of ``terms[index]`` as the document holds it (the last one as a prefix)."""
    word = terms[index][0]
    return f" {word}" if index == len(terms) - 1 and _prefix_term(word) else f" {word} "


def _search_fallback(queryset, terms):
    """SQLite: the matches (FTS5, else the same semantics with LIKE scans), of which the newest
    ``RANKED`` + 1 are scored, as on PostgreSQL: scoring reads each match's whole document."""
    if fts5_available():
        prefix_last = _prefix_term(terms[-1][0])
        matches = queryset.filter(
            pk__in=RawSQL(MATCH_SQL, (match_expression(terms, prefix_last=prefix_last),))  # noqa: S611
        )
    else:
        matches = queryset
        for index, (_word, *bigrams) in enumerate(terms):
            condition = Q(search_document__contains=_needle(terms, index))
            if bigrams:
                condition |= Q(*(Q(search_document__contains=f" {bigram} ") for bigram in bigrams))
            matches = matches.filter(condition)
    queryset = queryset.filter(pk__in=matches.order_by("-pk").values("pk")[: RANKED + 1])
    document = F("search_document")
    first_break = StrIndex(document, Value("\n"))
    second_break = first_break + StrIndex(Substr(document, first_break + 1), Value("\n"))
    score = Value(0)
    for index in range(len(terms)):
        position = StrIndex(document, Value(_needle(terms, index)))
        score = score + Case(
            When(LessThan(position, Value(1)), then=Value(1)),  # found through its bigrams only
            When(LessThan(position, first_break), then=Value(8)),  # title
            When(LessThan(position, second_break), then=Value(4)),  # keywords, sectors, owner
            default=Value(2),
            output_field=IntegerField(),
        )
    return queryset.annotate(search_rank=score)
