"""Public pages of the financing service: lenders' products and companies' needs, with matches."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from haidian.core.cache import cache_page_response
from haidian.core.models import Sector
from haidian.core.templatetags.site import localized_text
from haidian.core.web import crumbs, paginate

from .filters import FinancingNeedFilter, FinancingProductFilter
from .models import FinancingNeed, FinancingProduct
from .services import financing_matches_for_need, financing_matches_for_product

SECTORS = Prefetch("sectors", Sector.objects.order_by("position", "slug"))


def _list_page(request, template, filterset, page, title):
    """A list page: the filter form with the top-level sectors (a parameter that does not
    validate is named and left out), one page of results, breadcrumbs. Types, sectors, stages
    and statuses take several values, any of which may match."""
    sectors = list(Sector.objects.roots().order_by("position", "slug"))
    return render(
        request,
        template,
        {
            "form": filterset.form,
            "values": filterset.values(),
            "chosen": filterset.chosen(),
            "sector_choices": [(sector.slug, localized_text(sector, "name")[0]) for sector in sectors],
            "filter_errors": filterset.errors,
            "page_obj": page,
            "breadcrumbs": crumbs((_("Financing"), None), (title, None)),
        },
    )


@require_safe
@cache_page_response(name="page:financing-products")
def product_list(request):
    # Queries: the sectors of the filter; the count; the page (lender joined); its sectors; its stages.
    filterset = FinancingProductFilter(request.GET, queryset=FinancingProduct.objects.active())
    page = paginate(
        request,
        FinancingProduct.objects.filter(pk__in=filterset.qs.values("pk"))
        .select_related("lender")
        .prefetch_related(SECTORS, "stages")
        .order_by("name_en", "id"),
    )
    return _list_page(request, "financing/product_list.html", filterset, page, _("Financing products"))


@require_safe
@cache_page_response(name="page:financing-product")
def product_detail(request, slug):
    # Queries: the product (lender); its sectors; its stages; the matching needs (a fixed number,
    # see financing.services).
    product = get_object_or_404(
        FinancingProduct.objects.active()
        .select_related("lender__country")
        .prefetch_related(Prefetch("sectors", Sector.objects.select_related("parent")), "stages"),
        slug=slug,
    )
    name = localized_text(product, "name")[0]
    return render(
        request,
        "financing/product_detail.html",
        {
            "product": product,
            "matches": financing_matches_for_product(product),
            "breadcrumbs": crumbs((_("Financing products"), reverse("financing:products")), (name, None)),
        },
    )


@require_safe
@cache_page_response(name="page:financing-needs")
def need_list(request):
    # Queries: the sectors of the filter; the count; the page (company joined); its sectors.
    filterset = FinancingNeedFilter(request.GET, queryset=FinancingNeed.objects.published())
    page = paginate(
        request,
        filterset.qs.select_related("company").prefetch_related(SECTORS).order_by("-created_at", "-id"),
    )
    return _list_page(request, "financing/need_list.html", filterset, page, _("Financing needs"))


@require_safe
@cache_page_response(name="page:financing-need")
def need_detail(request, slug):
    # Queries: the need (company); its sectors; the matching products (a fixed number).
    need = get_object_or_404(
        FinancingNeed.objects.published()
        .select_related("company__country")
        .prefetch_related(Prefetch("sectors", Sector.objects.select_related("parent"))),
        slug=slug,
    )
    title = localized_text(need, "title")[0]
    return render(
        request,
        "financing/need_detail.html",
        {
            "need": need,
            "matches": financing_matches_for_need(need),
            "breadcrumbs": crumbs((_("Financing needs"), reverse("financing:needs")), (title, None)),
        },
    )
