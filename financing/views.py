"""Public pages of the financing service: lenders' products and companies' needs, with matches."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from haidian.core.cache import cache_page_response
from haidian.core.models import Sector
from haidian.core.templatetags.site import localized_text
from haidian.core.web import crumbs, paginate

from .forms import NeedFilterForm, ProductFilterForm
from .models import FinancingNeed, FinancingProduct
from .services import match_needs_for_product, match_products_for_need

SECTORS = Prefetch("sectors", Sector.objects.order_by("position", "slug"))


def _list_page(request, template, form, values, page, title):
    """A list page: the filter form with the top-level sectors, one page of results, breadcrumbs."""
    return render(
        request,
        template,
        {
            "form": form,
            "values": values,
            "page_obj": page,
            "sectors": list(Sector.objects.roots().order_by("position", "slug")),
            "breadcrumbs": crumbs((_("Financing"), None), (title, None)),
        },
    )


def _sector_ids(slug):
    return Sector.objects.with_descendants(Sector.objects.filter(slug=slug)).values("pk")


@require_safe
@cache_page_response(name="page:financing-products")
def product_list(request):
    # Queries: the sectors of the filter; the count; the page (lender joined); its sectors; its stages.
    form = ProductFilterForm(request.GET)
    values = form.values()
    products = FinancingProduct.objects.active()
    if "type" in values:
        products = products.filter(product_type=values["type"])
    if "amount" in values:
        products = products.filter(amount_min_cny__lte=values["amount"], amount_max_cny__gte=values["amount"])
    if "sector" in values:
        # Eligible: the product names the sector (or its parent), or accepts every sector.
        sector = Sector.objects.filter(slug=values["sector"]).values("pk", "parent_id")
        eligible = FinancingProduct.objects.filter(
            Q(sectors__in=sector.values("pk")) | Q(sectors__in=sector.values("parent_id"))
        )
        products = products.filter(Q(pk__in=eligible.values("pk")) | Q(sectors__isnull=True))
    if "stage" in values:
        products = products.filter(Q(stages__code=values["stage"]) | Q(stages__isnull=True))
    page = paginate(
        request,
        FinancingProduct.objects.filter(pk__in=products.values("pk"))
        .select_related("lender")
        .prefetch_related(SECTORS, "stages")
        .order_by("name_en", "id"),
    )
    return _list_page(request, "financing/product_list.html", form, values, page, _("Financing products"))


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
            "matches": match_needs_for_product(product),
            "breadcrumbs": crumbs((_("Financing products"), reverse("financing:products")), (name, None)),
        },
    )


@require_safe
@cache_page_response(name="page:financing-needs")
def need_list(request):
    # Queries: the sectors of the filter; the count; the page (company joined); its sectors.
    form = NeedFilterForm(request.GET)
    values = form.values()
    needs = FinancingNeed.objects.published()
    if "type" in values:
        needs = needs.filter(financing_type=values["type"])
    if "amount_min" in values:
        needs = needs.filter(amount_cny__gte=values["amount_min"])
    if "amount_max" in values:
        needs = needs.filter(amount_cny__lte=values["amount_max"])
    if "sector" in values:
        needs = needs.filter(
            pk__in=FinancingNeed.objects.filter(sectors__in=_sector_ids(values["sector"])).values("pk")
        )
    if "stage" in values:
        needs = needs.filter(stage=values["stage"])
    if "status" in values:
        needs = needs.filter(status=values["status"])
    page = paginate(
        request,
        needs.select_related("company").prefetch_related(SECTORS).order_by("-created_at", "-id"),
    )
    return _list_page(request, "financing/need_list.html", form, values, page, _("Financing needs"))


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
            "matches": match_products_for_need(need),
            "breadcrumbs": crumbs((_("Financing needs"), reverse("financing:needs")), (title, None)),
        },
    )
