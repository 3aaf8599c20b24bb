"""Public pages of the agency directory."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from haidian.core.cache import cache_page_response
from haidian.core.i18n import column
from haidian.core.models import Country, Sector
from haidian.core.templatetags.site import localized_text
from haidian.core.web import crumbs, paginate

from .filters import AgencyFilter
from .models import Agency
from .pages import detail_sections, list_annotations


def _sector_choices():
    return list(Sector.objects.roots().order_by("position", "slug"))


@require_safe
@cache_page_response(name="page:agencies")
def agency_list(request):
    # Queries: the sectors and countries of the filters; the count; the page (with the number of
    # published listings); its services; its sectors.
    # A parameter that does not validate is named on the page and left out.
    filterset = AgencyFilter(request.GET, queryset=Agency.objects.active())
    agencies = (
        Agency.objects.filter(pk__in=filterset.qs.values("pk"))
        .annotate(**list_annotations())
        .prefetch_related("services", Prefetch("sectors", Sector.objects.order_by("position", "slug")))
        .order_by(column("name"), "id")
    )
    countries = Country.objects.filter(agencies__status="active").distinct().order_by("code")
    page = paginate(request, agencies)
    return render(
        request,
        "agencies/agency_list.html",
        {
            "form": filterset.form,
            "values": filterset.values(),
            "filter_errors": filterset.errors,
            "page_obj": page,
            "sectors": _sector_choices(),
            "countries": list(countries),
            "breadcrumbs": crumbs((_("Service agencies"), None)),
        },
    )


@require_safe
@cache_page_response(name="page:agency")
def agency_detail(request, slug):
    # Queries: the agency; its services; sectors; countries; then those of the registered sections
    # (listings.agency_pages).
    agency = get_object_or_404(
        Agency.objects.active().prefetch_related(
            "services",
            Prefetch("sectors", Sector.objects.select_related("parent").order_by("position", "slug")),
            "countries",
        ),
        slug=slug,
    )
    section_templates, section_context = detail_sections(agency)
    title = localized_text(agency, "name")[0]
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "section_templates": section_templates,
            **section_context,
            "breadcrumbs": crumbs((_("Service agencies"), reverse("agencies:list")), (title, None)),
        },
    )
