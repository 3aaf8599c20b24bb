from django.conf import settings
from django.db.models import (
    OuterRef,
    Prefetch,
    Subquery,
    prefetch_related_objects,
)
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from haidian.core.api.mixins import PublicReadOnlyViewSet
from haidian.core.api.pagination import CappedCountPagination
from haidian.core.api.related import attach_keys
from haidian.core.models import Sector
from listings.filters import ContractFilter, TechnologyFilter
from listings.matching import stored_matches
from listings.models import Attachment, Contract, Technology
from listings.price_discovery import OUTLIER_FACTOR, PRICE_SAMPLE, stored_price_discovery
from listings.relations import attach_relations
from listings.search import RANKED
from listings.statistics import contract_statistics, drill_down_sector

from . import serializers

# Columns a list never shows: left out of the SELECT.
LIST_DEFERRED = [
    "search_document",
    "internal_notes",
    "description_en",
    "description_zh_hans",
    "patent_numbers",
]


# What a contract row shows of its sectors (haidian.core.api.related).
CONTRACT_KEYS = [("sector_ids", Contract.sectors)]


@extend_schema_view(
    list=extend_schema(
        summary="Technologies: offers and needs",
        description=(
            "Published listings that have not expired, newest first; with `search`, most relevant first. "
            "`count` is capped (see `count_is_exact`): narrow with filters to go deeper."
        ),
    ),
    retrieve=extend_schema(
        summary="A technology by slug",
        description=(
            "With description, quantified benefits and public attachments. A transferred listing keeps "
            "its detail (`availability` is `transferred`)."
        ),
    ),
)
class TechnologyViewSet(PublicReadOnlyViewSet):
    filterset_class = TechnologyFilter
    pagination_class = CappedCountPagination
    ordering_fields = {
        "published_at": "published_at",
        "trl": "trl",
        "price_cny": "price_cny",
        "expires_at": "expires_at",
        "title": "title_{lang}",
    }

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.TechnologyDetailSerializer
        return serializers.TechnologySerializer

    @staticmethod
    def rows():
        """Listings with what the serializers show of them, newest first; no visibility filter."""
        return (
            Technology.objects.select_related("owner", "agency")
            .prefetch_related(
                Prefetch("sectors", Sector.objects.select_related("parent")),
                "target_countries",
                "transaction_types",
            )
            .order_by("-published_at", "-id")
        )

    def filter_queryset(self, queryset):
        # A detail is found by its slug alone: the list's filters (and its default of leaving
        # transferred listings out) do not hide it.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    @property
    def count_cap(self) -> int | None:
        """A search returns its newest ``RANKED`` matches only, ranked (listings.search)."""
        params = self.request.query_params
        return RANKED if any(params.get(name, "").strip() for name in ("search", "q")) else None

    @staticmethod
    def list_rows():
        """A list's rows, newest first: owner and agency joined; their sectors, target countries
        and transaction types come with the page (``attach_relations``). No visibility filter."""
        return (
            Technology.objects.select_related("owner", "agency")
            .defer(*LIST_DEFERRED)
            .order_by("-published_at", "-id")
        )

    @property
    def count_memo(self) -> tuple | None:
        """Without a filter the list counts the whole public collection, the same for every page,
        order and language: once per content version (issue 20 allows it for the unfiltered
        collection). Filtered by one value of one column facet alone (``?kind=need``, ``?trl=6``),
        the count is that collection's facet count for the value, the same for every page and
        order: once per content version too, like the facet table the issue allows. Any other
        filter, ``transferred``, a search, two facets or two values, is counted each time."""
        params = self.request.query_params
        named = [name for name in TechnologyFilter.base_filters if name in params]
        if not named:
            return ("technologies",)
        [name, *others] = named
        if others or name not in TechnologyFilter.COLUMN_FACETS or len(params.getlist(name)) != 1:
            return None
        # An invalid value never reaches the count: the filter answers 400 first.
        return ("technologies", name, params[name].strip())

    def page_rows(self):
        """A list page's rows, whatever the filters: the paginator reads them by id (CappedPaginator)."""
        return self.list_rows()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_relations(page)
        return page

    def get_queryset(self):
        # Queries of a list: the capped count (once per content version without a filter:
        # count_memo); the page (the page's ids in a subquery, owner and agency joined); its
        # sector ids, target countries and transaction types (one query: attach_relations; the
        # sectors' briefs once per content version).
        # A transferred listing keeps its page: the list has it when ``transferred`` asks for it
        # (TechnologyFilter), the detail always; matches and comparable contracts are for live ones.
        if self.action in ("matches", "comparable_contracts"):
            # The listing's slug, kind and price only: its matches and comparable contracts are
            # stored rows (one query).
            return Technology.objects.published()
        if self.action == "list":
            # The public rule comes with the filters: TechnologyFilter.scope, which every list
            # request runs (published(), or visible() / transferred() when asked).
            return self.list_rows()
        if self.action == "retrieve":
            # ... and one more each for the quantified benefits and the public attachments. (A list
            # leaves the benefits out: one more query a page for a detail; ``has_benefits`` finds them.)
            return (
                self.rows()
                .visible()
                .prefetch_related(
                    "benefits",
                    Prefetch(
                        "attachments", Attachment.objects.filter(is_public=True), to_attr="public_attachments"
                    ),
                )
            )
        return self.rows().published()

    @extend_schema(
        summary="Matches of a technology",
        description=(
            "For a need: the published offers that answer it; for an offer: the published needs it "
            "could answer. `results` holds the matches only (at most 20, best first): no disqualifying "
            "reason (`hard` and not `met`) and a score of at least the site's threshold "
            "(`min_score`). `near_misses` (at most 5) fall short on one rule at most and are not "
            "matches. The same matches, in the same order, as the technology's page: scored when the "
            "listing or a candidate last changed, and shown while the candidate is still published. "
            "Semantics: docs/matching.md."
        ),
        responses=serializers.TechnologyMatchesSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def matches(self, request, slug=None):
        # Queries: the listing; its stored matches (candidates and owners joined, still-published
        # test as EXISTS); the candidates' sectors with their parents.
        technology = self.get_object()
        found = stored_matches(technology, limit=20, near_misses=5)
        prefetch_related_objects(
            [match.technology for match in [*found.matches, *found.near_misses]],
            Prefetch("sectors", Sector.objects.select_related("parent")),
        )
        data = {
            "technology": technology.slug,
            "kind": technology.kind,
            "min_score": settings.MATCH_MIN_SCORE,
            "results": found.matches,
            "near_misses": found.near_misses,
        }
        return Response(
            serializers.TechnologyMatchesSerializer(data, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Comparable contracts of a technology",
        description=(
            "Price discovery: published contracts in the listing's sectors and of its transaction types. "
            "`count`, `disclosed_count`, `median_cny`, `min_cny` and `max_cny` describe the newest "
            f"{PRICE_SAMPLE} of them, from **public** values only (a confidential value is null and enters "
            "no figure: `disclosed_count` of `count` contracts disclose a value). A contract whose value "
            f"is at least {OUTLIER_FACTOR} times the asking price, or at most 1/{OUTLIER_FACTOR} of it, is "
            "an outlier: listed with `outlier: true` and left out of every figure. `results`: the newest "
            "10, newest first. The same contracts and figures as the technology's page: chosen when the "
            "listing or a contract last changed, and read with their current state, so a contract "
            "withdrawn or made confidential since leaves the figures at once. A listing just published "
            "has none until they are chosen. Semantics: docs/matching.md."
        ),
        responses=serializers.ComparableContractsSerializer,
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="comparable-contracts",
        url_name="comparable-contracts",
        filter_backends=[],
        pagination_class=None,
    )
    def comparable_contracts(self, request, slug=None):
        # Queries: the listing; its stored comparable contracts (still published, public value
        # annotated; no party joined: the serializer shows none).
        technology = self.get_object()
        prices = stored_price_discovery(technology, shown=10)
        data = {
            "technology": technology.slug,
            "asking_price_cny": prices.asking_price_cny,
            "count": prices.count,
            "disclosed_count": prices.disclosed,
            "outlier_count": prices.outliers,
            "median_cny": prices.median_cny,
            "min_cny": prices.min_cny,
            "max_cny": prices.max_cny,
            "results": prices.contracts,
        }
        return Response(
            serializers.ComparableContractsSerializer(data, context=self.get_serializer_context()).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="Transfer contracts",
        description="Published contracts, most recently signed first. A confidential contract's value is null.",
    ),
    retrieve=extend_schema(summary="A contract by reference"),
)
class ContractViewSet(PublicReadOnlyViewSet):
    serializer_class = serializers.ContractSerializer
    filterset_class = ContractFilter
    lookup_field = "reference"
    ordering_fields = {"signed_on": "signed_on", "value_cny": "public_value_cny", "reference": "reference"}
    default_ordering_description = "most recently signed first"

    def base_queryset(self):
        return Contract.objects.published().with_public_value()

    def get_queryset(self):
        # Queries of a list: the count (once per content version without a filter); the page
        # (seller, buyer, agency, destination joined, the listing's slug while it is public as a
        # subquery); the page's sector ids (CONTRACT_KEYS; the sectors' briefs once per content
        # version). A detail prefetches its sectors with their parents.
        public_listing = Technology.objects.visible().filter(pk=OuterRef("technology_id")).values("slug")[:1]
        queryset = (
            self.base_queryset()
            .annotate(public_technology_slug=Subquery(public_listing))
            .select_related("seller", "buyer", "agency", "destination_country")
            .order_by("-signed_on", "-id")
        )
        if self.action == "list":
            return queryset
        return queryset.prefetch_related(Prefetch("sectors", Sector.objects.select_related("parent")))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_keys(page, CONTRACT_KEYS)
        return page

    @property
    def count_memo(self) -> tuple | None:
        """Without a filter the list counts every published contract: once per content version."""
        return None if ContractFilter.named_in(self.request.query_params) else ("contracts",)

    @extend_schema(
        summary="Contract statistics",
        description=(
            "Count and CNY value of published contracts in total and by year, sector, destination "
            "country and agency, for the contracts the filters select (the list's filters). "
            "`count` includes confidential contracts; `value_cny` is the sum of **public** values only, "
            "and `withheld_count` is the number of counted contracts whose value is confidential and "
            "left out of it. A confidential value is never added to any figure, so no combination of "
            "filters and subtractions reveals it. Sectors roll up to the top-level sectors (a contract "
            "counts once in each top-level sector it is filed under); with exactly one top-level `sector` "
            "chosen, `by_sub_sector` drills into its sub-sectors (a contract in two counts in both), "
            "otherwise it is empty. Years are oldest first; sectors and countries by public value, "
            "the largest first; agencies by number of contracts."
        ),
        responses={200: serializers.ContractStatsSerializer},
        filters=True,  # the list's filters (drf-spectacular shows filters on list actions only)
    )
    @action(detail=False, methods=["get"], filter_backends=[DjangoFilterBackend], pagination_class=None)
    def stats(self, request):
        # Queries: the total, then one per table (year; top-level sector and the unfiled; country;
        # agency); with one top-level sector chosen, the sector check and its sub-sectors.
        contracts = self.filter_queryset(self.base_queryset())
        chosen = ContractFilter(request.query_params).form
        chosen.is_valid()  # valid already: filter_queryset answered 400 otherwise
        data = contract_statistics(contracts, sector=drill_down_sector(chosen.cleaned_data.get("sector")))
        return Response(serializers.ContractStatsSerializer(data).data)
