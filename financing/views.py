"""Public pages of the financing service: lenders' products and companies' needs, with matches."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from haidian.core.cache import cache_page_response
from haidian.core.matching import format_cny
from haidian.core.models import Sector
from haidian.core.templatetags.site import localized_text
from haidian.core.web import STORE, THANK, client_ip, crumbs, paginate, private_page, screen_inquiry

from .filters import FinancingNeedFilter, FinancingProductFilter
from .forms import FinancingInquiryForm
from .inquiries import inquiry_submit, recipients
from .models import FinancingInquiry, FinancingNeed, FinancingProduct
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


# --- Structured inquiries: "Ask about this product", "I can fund this" ----------------------------
# A page of their own: the product and need pages are cached whole, which a form's CSRF token forbids.


def _active_product(slug):
    return get_object_or_404(FinancingProduct.objects.active().select_related("lender"), slug=slug)


def _open_need(slug):
    """Only a need still looking for money can be offered funding (not a funded or closed one)."""
    return get_object_or_404(FinancingNeed.objects.open().select_related("company"), slug=slug)


def _inquiry_page(request, *, product=None, need=None):
    subject = product or need
    kind = "product" if product else "need"
    sent_url = reverse(f"financing:{kind}_inquiry_sent", kwargs={"slug": subject.slug})
    status = 200
    if product:
        amount_help = _("The product lends %(min)s to %(max)s.") % {
            "min": format_cny(product.amount_min_cny),
            "max": format_cny(product.amount_max_cny),
        }
        initial = {}
    else:
        amount_help = _("The company asks for %(amount)s.") % {"amount": format_cny(need.amount_cny)}
        initial = {"amount_cny": need.amount_cny, "term_months": need.term_months}
    if request.method == "POST":
        form = FinancingInquiryForm(request.POST, amount_help=amount_help)
        status = screen_inquiry(request, form, FinancingInquiry.objects)
        if status == STORE:
            data = form.cleaned_data
            inquiry_submit(
                product=product,
                need=need,
                name=data["name"],
                email=data["email"],
                message=data["message"],
                organization_name=data["organization_name"],
                phone=data["phone"],
                amount_cny=data["amount_cny"],
                term_months=data["term_months"],
                language=get_language() or settings.LANGUAGE_CODE,
                ip_address=client_ip(request),
                page_url=request.build_absolute_uri(subject.get_absolute_url()),
                submission_token=data["token"],
            )
        if status in (STORE, THANK):
            return redirect(sent_url)
    else:
        form = FinancingInquiryForm(initial=initial, amount_help=amount_help)
    title = localized_text(subject, "name" if product else "title")[0]
    heading = _("Ask about this product") if product else _("I can fund this")
    parent = (
        (_("Financing products"), reverse("financing:products"))
        if product
        else (_("Financing needs"), reverse("financing:needs"))
    )
    return render(
        request,
        "financing/inquiry_form.html",
        {
            "subject": subject,
            "title": title,
            "kind": kind,
            "form": form,
            "heading": heading,
            "through_center": recipients(FinancingInquiry(product=product, need=need))
            == [settings.CENTER_CONTACT["email"]],
            "response_hours": settings.INQUIRY_RESPONSE_HOURS,
            "breadcrumbs": crumbs(parent, (title, subject.get_absolute_url()), (heading, None)),
        },
        status=status,
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def product_inquiry(request, slug):
    return _inquiry_page(request, product=_active_product(slug))


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def need_inquiry(request, slug):
    return _inquiry_page(request, need=_open_need(slug))


@require_safe
def inquiry_sent(request, slug, kind):
    subject = (
        _active_product(slug)
        if kind == "product"
        else get_object_or_404(FinancingNeed.objects.published(), slug=slug)
    )
    title = localized_text(subject, "name" if kind == "product" else "title")[0]
    return render(
        request,
        "financing/inquiry_sent.html",
        {
            "subject": subject,
            "title": title,
            "kind": kind,
            "response_hours": settings.INQUIRY_RESPONSE_HOURS,
            "due": timezone.now() + timedelta(hours=settings.INQUIRY_RESPONSE_HOURS),
            "breadcrumbs": crumbs((title, subject.get_absolute_url()), (_("Inquiry sent"), None)),
        },
    )
