"""Public pages of listings: technology search with facets, technology detail with the inquiry
form, and the contract register."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import ExtractYear
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from haidian.core.cache import cache_page_response
from haidian.core.i18n import column
from haidian.core.models import Sector
from haidian.core.sectors import sectors_by_pk
from haidian.core.templatetags.site import QueryLinks, localized_text
from haidian.core.unavailable import is_database_unavailable, mark_unavailable
from haidian.core.web import STORE, THANK, client_ip, crumbs, paginate, screen_inquiry

from .facets import technology_facets
from .filters import ContractFilter, TechnologyFilter
from .forms import SORTS, InquiryForm
from .matching import stored_matches
from .models import (
    Attachment,
    Contract,
    Inquiry,
    Technology,
)
from .price_discovery import stored_price_discovery
from .relations import detail_relations
from .search import RANKED
from .services import inquiry_submit


def _listing_prefetch(queryset):
    return queryset.select_related("owner", "origin_country", "agency").prefetch_related(
        Prefetch("sectors", Sector.objects.order_by("position", "slug")), "transaction_types"
    )


@require_safe
@cache_page_response(name="page:technologies")
def technology_list(request):
    # Queries: the page (its ids in a subquery; owner, origin, agency joined), its sectors, its
    # transaction types. The facets, which also give the count, are read from the facet index
    # held per content version (``listings.facets``); a search or a filter outside the index adds
    # its own queries.
    # A parameter that does not validate is named above the results and left out; the others
    # still apply (a stale link still shows results).
    filterset = TechnologyFilter(request.GET)
    filterset.is_valid()
    query = " ".join(filterset.form.cleaned_data.get(name) or "" for name in TechnologyFilter.SEARCH).strip()
    sectors = sectors_by_pk()
    # Every filter, then the search, as in the API: a search ranks the newest matches among the
    # listings the filters keep (``listings.search.RANKED``).
    results = filterset.apply(Technology.objects.all())
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
    facets, count = technology_facets(filterset, sectors, results if query else None)
    more_matches = bool(query) and count > RANKED
    page = paginate(
        request,
        results,
        count=min(count, RANKED) if query else count,
        rows=_listing_prefetch(Technology.objects.all()),
    )
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
            "more_matches": more_matches,
            "ranked": RANKED,
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
