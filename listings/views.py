"""Public pages of listings: technology search with facets, technology detail with the inquiry
form, and the contract register."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import ExtractYear
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agencies.models import Agency
from haidian.core.cache import cache_page_response, cached_value, process_value, versioned_value
from haidian.core.grouping import grouped_counts, posting_counts, postings
from haidian.core.i18n import column, column_suffix
from haidian.core.models import Country, Sector
from haidian.core.sectors import sectors_by_pk, sectors_by_slug
from haidian.core.templatetags.site import QueryLinks, localized_text
from haidian.core.unavailable import is_database_unavailable, mark_unavailable
from haidian.core.web import STORE, THANK, client_ip, crumbs, paginate, screen_inquiry

from .filters import ContractFilter, TechnologyFilter
from .forms import SORTS, InquiryForm
from .matching import stored_matches
from .models import (
    Attachment,
    Contract,
    Inquiry,
    IPStatus,
    Technology,
    TechnologyKind,
    TechnologyStatus,
    TransactionTypeKind,
)
from .price_discovery import stored_price_discovery
from .relations import detail_relations
from .services import inquiry_submit


def _option(value, label, count, selected, fallback=None):
    return {"value": value, "label": label, "count": count, "selected": selected, "fallback": fallback}


def _selected(filterset) -> dict:
    """The chosen value(s) of each valid facet, as strings: ``{name: {value, ...}}``."""
    selected = {}
    for name in TechnologyFilter.FACETS:
        value = filterset.form.cleaned_data.get(name)
        if value not in (None, "", []):
            selected[name] = {str(item) for item in (value if isinstance(value, list) else [value])}
    return selected


# The facets counted on a listing's own columns: facet name -> column.
COLUMN_FACETS = {
    "kind": "kind",
    "country": "origin_country_id",
    "trl_min": "trl",
    "ip": "ip_status",
    "agency": "agency_id",
}


def _column_counts(filterset, base, chosen) -> dict[str, dict]:
    """The counts of the column facets, ``{facet: {value: count}}``, from one grouped query: the
    rows are read once with every filter but the chosen column facets', whose filters become
    conditions; each facet counts the rows meeting every condition but its own, the others the
    rows meeting all (``grouped_counts``). A chosen facet whose filter reads another table (the
    agency, by slug) is counted by a query of its own, with its filter left out."""
    skip = TechnologyFilter.SEARCH
    conditions, own = {}, []
    for name in COLUMN_FACETS:
        if name in chosen:
            condition = filterset.condition(name)
            if condition is None:
                own.append(name)
            else:
                conditions[name] = condition
    shared = [name for name in COLUMN_FACETS if name not in own]
    grouped = grouped_counts(
        filterset.apply(base, skip=(*skip, *conditions)),
        [COLUMN_FACETS[name] for name in shared],
        {COLUMN_FACETS[name]: condition for name, condition in conditions.items()},
    )
    counts = {name: grouped[COLUMN_FACETS[name]] for name in shared}
    for name in own:
        column = COLUMN_FACETS[name]
        counts[name] = grouped_counts(filterset.apply(base, skip=(*skip, name)), [column])[column]
    return counts


def _link_postings(sectors) -> dict[str, dict]:
    """Which listings hold each value of the facets kept in link tables, as bitsets (``postings``):
    ``sector_id`` by sector, ``sector`` by top level (a top level holds its own listings and its
    children's), ``target_country``, ``transaction``. Read once per content version (three
    queries, about 175 ms at 100,000 listings; the bitsets take about 0.5 MB); every page's counts
    are then intersections. ``sectors``: every sector by primary key, as ``sectors_by_pk``."""

    def compute():
        by_sector = postings(Technology.sectors.through.objects, F("sector_id"), "technology_id")
        by_top: dict[int, int] = {}
        for pk, listings in by_sector.items():
            top = getattr(sectors.get(pk), "parent_id", None) or pk
            by_top[top] = by_top.get(top, 0) | listings
        return {
            "sector": by_top,
            "sector_id": by_sector,
            "target_country": postings(
                Technology.target_countries.through.objects, F("country_id"), "technology_id"
            ),
            "transaction": postings(
                Technology.transaction_types.through.objects, F("transactiontype_id"), "technology_id"
            ),
        }

    # Kept in each process's memory; the first process to need a version's postings shares them
    # through the cache, so the others read them instead of computing them again.
    return process_value(
        "technology-link-postings",
        compute=lambda: versioned_value("technology-link-postings", compute=compute),
    )


def _related_counts(filterset, base, chosen, sectors, children) -> dict[str, dict]:
    """The counts of the facets kept in link tables, ``{name: {value: count}}``: the sectors' top
    levels (``sector``), the sectors of ``children`` (the chosen sector's top level's:
    ``sector_children``), target countries, transaction types. The facets not chosen count the
    same listings, whose ids one query reads (``posting_counts``); a chosen one counts with its own
    filter left out, in one query more."""
    held = _link_postings(sectors)
    # Each count's facet (whose filter is left out when it is chosen) and postings.
    arms = {name: (name, held[name]) for name in ("sector", "target_country", "transaction")}
    arms["sector_children"] = (
        "sector",
        {pk: held["sector_id"][pk] for pk in children if pk in held["sector_id"]},
    )
    scopes: dict = {}
    for name, (facet, group) in arms.items():
        scopes.setdefault(facet if facet in chosen else None, {})[name] = group
    counts: dict[str, dict] = {}
    for facet, group in scopes.items():
        skip = (*TechnologyFilter.SEARCH, *([facet] if facet else []))
        counts.update(posting_counts(filterset.apply(base, skip=skip), group))
    return counts


def _named_options(rows, counts, facet, value, is_chosen) -> list[dict]:
    """A facet's options from ``values()`` rows of named records (``name_en``/``name_zh_hans``) and
    their counts by ``pk``, most listings first; each option's value is the row's ``value`` column."""
    suffix = column_suffix()
    options = []
    for row in sorted(rows, key=lambda row: (-counts[row["pk"]], row[f"name_{suffix}"])):
        text, fallback = localized_text(row, "name")
        chosen = is_chosen(facet, row[value])
        options.append(_option(row[value], text, counts[row["pk"]], chosen, fallback))
    return options


def _names(model, *fields) -> list[dict]:
    """Every row of ``model`` with its names (and ``fields``), once per content version: the facets
    name the countries and agencies they count without a query each."""
    return versioned_value(
        f"facet-names:{model._meta.label}",
        compute=lambda: list(model.objects.values("pk", *fields, "name_en", "name_zh_hans")),
    )


def _country_names(*counts) -> list[dict]:
    """The names of the countries counted by the country facets."""
    codes = {code for facet in counts for code in facet if code}
    return [row for row in _names(Country) if row["pk"] in codes]


def _country_options(counts, names, name, is_chosen) -> list[dict]:
    """The options of a country facet from its ``{code: count}``, most listings first."""
    rows = [row for row in names if counts.get(row["pk"])]
    return _named_options(rows, counts, name, "pk", is_chosen)


def _facets(filterset, base, sectors, *, transferred_apart=False):
    """Each facet's options with counts: the results the option would give, all other filters
    kept; and the number of results, read off the kind facet (no COUNT query of its own).

    Whatever the number of listings: one grouped query for the column facets (``_column_counts``;
    one more for a chosen agency); one query of the listings' ids for the facets in link tables,
    sectors, target countries and transaction types (``_related_counts``; one more for each of
    them chosen; their postings once per content version); the names of the countries and of the
    agencies, once per content version.
    ``base``: the listings the text search matched; ``transferred_apart``: ``base`` is the
    published listings only (no search, no ``transferred`` filter), and one more query counts the
    transferred listings for that facet.
    """
    by_slug = sectors_by_slug(sectors)
    facets = []
    chosen = _selected(filterset)

    def scoped(name):
        return filterset.apply(base, skip=(*TechnologyFilter.SEARCH, name))

    def is_chosen(name, value):
        return str(value) in chosen.get(name, ())

    columns = _column_counts(filterset, base, chosen)

    def simple(name, label, choices):
        counts = columns[name]
        options = [
            _option(str(v), str(text), counts[v], is_chosen(name, v)) for v, text in choices if counts.get(v)
        ]
        facets.append({"name": name, "label": label, "options": options})
        return counts

    # The kind facet counts each kind with every other filter applied: the results are the
    # chosen kind's count, or all of them.
    kinds = simple("kind", _("Offer or need"), TechnologyKind.choices)
    total = sum(count for kind, count in kinds.items() if "kind" not in chosen or is_chosen("kind", kind))

    # Sectors: top-level sectors count their children's listings too; the children of the chosen
    # sector's top level are listed under it (the first, if several).
    sector_chosen = next((by_slug[slug] for slug in chosen.get("sector", ()) if slug in by_slug), None)
    root = None if sector_chosen is None else (sector_chosen.parent_id or sector_chosen.pk)
    children = set() if root is None else {pk for pk, sector in sectors.items() if sector.parent_id == root}
    related = _related_counts(filterset, base, chosen, sectors, children)

    def in_order(counts):
        return sorted(counts.items(), key=lambda item: (sectors[item[0]].position, sectors[item[0]].slug))

    options = []
    for pk, count in in_order(related["sector"]):
        sector = sectors[pk]
        text, fallback = localized_text(sector, "name")
        options.append(_option(sector.slug, text, count, is_chosen("sector", sector.slug), fallback))
        if pk == root:
            for child_pk, child_count in in_order(related["sector_children"]):
                child = sectors[child_pk]
                text, fallback = localized_text(child, "name")
                option = _option(child.slug, text, child_count, is_chosen("sector", child.slug), fallback)
                option["child"] = True
                options.append(option)
    facets.append({"name": "sector", "label": _("Sector"), "options": options})

    countries = _country_names(columns["country"], related["target_country"])
    facets.append(
        {
            "name": "country",
            "label": _("Origin country or region"),
            "options": _country_options(columns["country"], countries, "country", is_chosen),
        }
    )

    counts = related["target_country"]
    facets.append(
        {
            "name": "target_country",
            "label": _("Target country or region"),
            "options": _country_options(counts, countries, "target_country", is_chosen),
        }
    )

    # A minimum level: each option counts the listings at that level or higher.
    counts = columns["trl_min"]
    options, at_least = [], 0
    for level in range(9, 1, -1):
        at_least += counts.get(level, 0)
        if counts.get(level) or is_chosen("trl_min", level):  # the chosen level shows (and can be removed)
            label = _("TRL %(level)s") if level == 9 else _("TRL %(level)s or higher")
            label %= {"level": level}
            options.append(_option(str(level), label, at_least, is_chosen("trl_min", level)))
    facets.append({"name": "trl_min", "label": _("Technology readiness level"), "options": options})
    simple("ip", _("IP status"), IPStatus.choices)

    counts = related["transaction"]
    facets.append(
        {
            "name": "transaction",
            "label": _("Transaction type"),
            "options": [
                _option(code, str(text), counts[code], is_chosen("transaction", code))
                for code, text in TransactionTypeKind.choices
                if counts.get(code)
            ],
        }
    )

    counts = columns["agency"]
    rows = [row for row in _names(Agency, "slug") if row["pk"] in counts]
    options = _named_options(rows, counts, "agency", "slug", is_chosen)
    facets.append({"name": "agency", "label": _("Brokering agency"), "options": options})

    # Transferred listings are left out unless asked for: the options count what they would add.
    if transferred_apart:
        # ``base`` holds published listings only: the results are ``total`` of them; count the
        # transferred ones the same filters would add.
        others = filterset.apply(
            Technology.objects.transferred(), skip=(*TechnologyFilter.SEARCH, "transferred")
        )
        counts = {TechnologyStatus.PUBLISHED: total, TechnologyStatus.CLOSED: others.count()}
    else:
        counts = dict(
            scoped("transferred")
            .order_by()
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
    transferred = counts.get(TechnologyStatus.CLOSED, 0)
    facets.append(
        {
            "name": "transferred",
            "label": _("Transferred listings"),
            "options": [
                _option(
                    "include",
                    _("Include transferred"),
                    sum(counts.values()),
                    is_chosen("transferred", "include"),
                ),
                _option("only", _("Transferred only"), transferred, is_chosen("transferred", "only")),
            ]
            if transferred
            else [],
        }
    )
    for facet in facets:
        facet["multiple"] = facet["name"] not in TechnologyFilter.SINGLE_VALUE_FACETS
    return facets, total


def _technology_facets(filterset, base, sectors, *, query, transferred_apart):
    """The facets and the result count. Without a text search they depend on the chosen filters
    only, so they are cached with the content version: counting every published listing is the
    costliest part of the page, and the same counts serve every page and sort order."""

    def compute():
        return _facets(filterset, base, sectors, transferred_apart=transferred_apart)

    if query:
        return compute()
    chosen = tuple((name, tuple(values)) for name, values in filterset.chosen().items())
    if not chosen:
        # The whole catalogue's counts: every first visit needs them, so they are computed once
        # per content version even when whole pages are not cached.
        return versioned_value("technology-facets", compute=compute)
    return cached_value("technology-facets", chosen, compute=compute)


def _listing_prefetch(queryset):
    return queryset.select_related("owner", "origin_country", "agency").prefetch_related(
        Prefetch("sectors", Sector.objects.order_by("position", "slug")), "transaction_types"
    )


@require_safe
@cache_page_response(name="page:technologies")
def technology_list(request):
    # Queries: the facets, which also give the count (``_facets``); the page (its ids in a subquery; owner, origin,
    # agency joined); its sectors; its transaction types. Sector names come from the cache;
    # without a text search the facets do too.
    # A parameter that does not validate is named above the results and left out; the others
    # still apply (a stale link still shows results).
    filterset = TechnologyFilter(request.GET)
    filterset.is_valid()
    query = " ".join(filterset.form.cleaned_data.get(name) or "" for name in TechnologyFilter.SEARCH).strip()
    sectors = sectors_by_pk()
    # Without a search or the transferred filter the results are published listings only: start
    # from ``published()``, whose conditions the status-first indexes serve (``visible()``'s OR
    # with transferred listings reads every listing by date, the drafts' empty dates first).
    # A search keeps the newest matches among all it may show (``listings.search.RANKED``).
    transferred_apart = not query and not filterset.form.cleaned_data.get("transferred")
    public = Technology.objects.published() if transferred_apart else Technology.objects.visible()
    matched = filterset.apply(public, only=TechnologyFilter.SEARCH)
    results = filterset.apply(matched, skip=TechnologyFilter.SEARCH)
    # The facets group the matches themselves: their queries select no ranking and no order.
    base = matched.order_by() if query else matched
    sort = request.GET.get("sort")
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "relevance" if query else "newest"
    orderings = {
        "newest": ["-published_at", "-id"],
        "title": [column("title"), "id"],
        "trl": ["-trl", "-published_at", "-id"],
        "price": [F("price_cny").asc(nulls_last=True), "-published_at", "-id"],
    }
    if sort in orderings:
        results = results.order_by(*orderings[sort])
    facets, count = _technology_facets(
        filterset, base, sectors, query=query, transferred_apart=transferred_apart
    )
    page = paginate(request, results, count=count, rows=_listing_prefetch(Technology.objects.all()))
    # Each option's link, the query string changed in one parameter: encoded here once for all of
    # them (a template tag per option copied and encoded the whole query each time).
    links = QueryLinks(request.GET)
    facets = [
        {
            **facet,
            "options": [
                {
                    **option,
                    "href": links.toggle(facet["name"], option["value"])
                    if facet["multiple"]
                    else links.set(facet["name"], None if option["selected"] else option["value"]),
                }
                for option in facet["options"]
            ],
        }
        for facet in facets
    ]
    chips = [
        {"facet": facet["label"], "label": option["label"], "name": facet["name"], "value": option["value"]}
        for facet in facets
        for option in facet["options"]
        if option["selected"]
    ]
    sort_options = [(key, label) for key, label in SORTS.items() if key != "relevance" or query]
    return render(
        request,
        "listings/technology_list.html",
        {
            "filterset": filterset,
            "filter_errors": filterset.errors,
            "query": query,
            "page_obj": page,
            "facets": facets,
            "chips": chips,
            "sort": sort,
            "sort_options": sort_options,
            # The search alone (no sort, no page): what its feed and its e-mail alert follow.
            "search_query": filterset.query_string(),
            "breadcrumbs": crumbs((_("Technologies"), None)),
        },
    )


# What the page shows of a match: its link, title, owner, origin and TRL (with the languages'
# fallback and which text is machine-made).
MATCH_COLUMNS = tuple(
    f"candidate__{column}"
    for column in (
        "slug",
        "title_en",
        "title_zh_hans",
        "machine_translated",
        "trl",
        "owner__name_en",
        "owner__name_zh_hans",
        "owner__machine_translated",
        "origin_country__name_en",
        "origin_country__name_zh_hans",
    )
)


def _technology(slug):
    """A listing with a public page: published, or transferred (``visible()``). Its sectors,
    countries and transaction types come with ``detail_relations`` (one query)."""
    return get_object_or_404(
        Technology.objects.visible()
        .select_related("owner__country", "agency", "origin_country")
        .prefetch_related("benefits", Prefetch("attachments", Attachment.objects.filter(is_public=True))),
        slug=slug,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def technology_detail(request, slug):
    try:
        return _technology_detail(request, slug)
    except DatabaseError as error:
        if request.method != "POST" or not is_database_unavailable(error):
            raise
        return _inquiry_unavailable(request)


def _inquiry_unavailable(request):
    """The database did not answer an inquiry: the form comes back with the visitor's text in it."""
    form = InquiryForm(request.POST).without_database()
    form.add_error(
        None,
        _(
            "Your inquiry has not been sent: our database is briefly unavailable. "
            "Your text is still here: please try again in a minute."
        ),
    )
    return mark_unavailable(render(request, "listings/inquiry_unavailable.html", {"form": form}))


def _technology_detail(request, slug):
    # Queries: the listing (owner, its country, agency, origin); the keys of its sectors, target
    # countries and transaction types (detail_relations); quantified benefits; public attachments;
    # the stored matches (listings.tasks); the stored comparable contracts; the inquiries'
    # conversion figures; the countries of the form (once per content version).
    technology = _technology(slug)
    status = 200
    if technology.is_transferred:
        return _transferred_detail(request, technology)
    if request.method == "POST":
        form = InquiryForm(request.POST)
        status = screen_inquiry(request, form, Inquiry.objects)
        if status == STORE:
            data = form.cleaned_data
            inquiry_submit(
                technology=technology,
                name=data["name"],
                email=data["email"],
                message=data["message"],
                organization_name=data["organization_name"],
                phone=data["phone"],
                country=data["country"],
                language=get_language() or settings.LANGUAGE_CODE,
                ip_address=client_ip(request),
                listing_url=request.build_absolute_uri(technology.get_absolute_url()),
                submission_token=data["token"],
            )
        if status in (STORE, THANK):
            return redirect("technologies:inquiry_sent", slug=technology.slug)
    else:
        form = InquiryForm()
    title = localized_text(technology, "title")[0]
    context = {
        "technology": technology,
        **detail_relations(technology),
        "form": form,
        # Stored by a task when the listing or a candidate changes (listings.tasks): read, never
        # computed here, one query each.
        "matches": stored_matches(technology, limit=5, only=MATCH_COLUMNS),
        "prices": stored_price_discovery(technology),
        # Aggregate figures only (one query); the section is hidden while there are none.
        "conversion": technology.inquiries.conversion(),
        "response_hours": settings.INQUIRY_RESPONSE_HOURS,
        "match_min_score": settings.MATCH_MIN_SCORE,
        "breadcrumbs": crumbs((_("Technologies"), reverse("technologies:list")), (title, None)),
    }
    return render(request, "listings/technology_detail.html", context, status=status)


def _transferred_detail(request, technology):
    """A transferred listing keeps its page: marked transferred, with the date and the contract
    record where that is public; no inquiry form, no matches (queries: the listing and its
    relations as above; its published contracts)."""
    if request.method == "POST":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    title = localized_text(technology, "title")[0]
    context = {
        "technology": technology,
        **detail_relations(technology),
        "transfer_contracts": list(technology.contracts.published().order_by("-signed_on", "-id")),
        "breadcrumbs": crumbs((_("Technologies"), reverse("technologies:list")), (title, None)),
    }
    return render(request, "listings/technology_detail.html", context)


@require_safe
def inquiry_sent(request, slug):
    technology = get_object_or_404(Technology.objects.published().select_related("agency"), slug=slug)
    title = localized_text(technology, "title")[0]
    return render(
        request,
        "listings/inquiry_sent.html",
        {
            "technology": technology,
            "response_hours": settings.INQUIRY_RESPONSE_HOURS,
            "due": timezone.now() + timedelta(hours=settings.INQUIRY_RESPONSE_HOURS),
            "breadcrumbs": crumbs(
                (_("Technologies"), reverse("technologies:list")),
                (title, technology.get_absolute_url()),
                (_("Inquiry sent"), None),
            ),
        },
    )


# --- Contracts -----------------------------------------------------------------------------------


@require_safe
@cache_page_response(name="page:contracts")
def contract_list(request):
    # Queries: the count; the page (seller, buyer, agency, destination joined, the public
    # listing's slug as a subquery); its sectors; the years for the filter.
    filterset = ContractFilter(request.GET, queryset=Contract.objects.published().with_public_value())
    # A bad parameter selects nothing: the page names it, with a 400.
    valid = filterset.is_valid()
    contracts = filterset.qs if valid else Contract.objects.none()
    public_listing = Technology.objects.visible().filter(pk=OuterRef("technology_id")).values("slug")[:1]
    page = paginate(
        request,
        contracts.annotate(listing_slug=Subquery(public_listing))
        .select_related("seller", "buyer", "agency", "destination_country")
        .prefetch_related(Prefetch("sectors", Sector.objects.order_by("position", "slug")))
        .order_by("-signed_on", "-id"),
    )
    years = list(
        Contract.objects.published()
        .annotate(y=ExtractYear("signed_on"))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    return render(
        request,
        "listings/contract_list.html",
        {
            "page_obj": page,
            "years": years,
            "year": str(filterset.form.cleaned_data.get("year") or "") if valid else "",
            "filter_errors": filterset.errors,
            "breadcrumbs": crumbs((_("Contracts"), None)),
        },
        status=200 if valid else 400,
    )
