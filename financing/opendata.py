"""The financing tables of the open data export (registered from ``FinancingConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from haidian.core.opendata.datasets import Dataset, attr, bilingual, listed, machine_translated, url

from .models import FinancingNeed, FinancingProduct


def organization_ids():
    """The lenders of active products and the companies of open needs."""
    return set(FinancingProduct.objects.active().values_list("lender_id", flat=True)) | set(
        FinancingNeed.objects.open().values_list("company_id", flat=True)
    )


def datasets() -> list[Dataset]:
    products = FinancingProduct.objects.active()
    needs = FinancingNeed.objects.open()
    return [
        Dataset(
            name="financing_products",
            title=_("Financing products"),
            description=_("Lenders' active financing products for technology companies."),
            queryset=lambda: (
                products.select_related("lender").prefetch_related("sectors", "stages").order_by("slug")
            ),
            primary_key="slug",
            foreign_keys=(("lender", "organizations", "slug"),),
            fields=[
                attr("slug", "string", _("Identifier of the product.")),
                attr("lender", "string", _("Slug of the lender."), "lender.slug"),
                *bilingual("name", _("Name")),
                *bilingual("description", _("Description"), rich=True),
                attr("product_type", "string", _("Type of financing (code).")),
                attr("amount_min_cny", "number", _("Smallest amount in yuan.")),
                attr("amount_max_cny", "number", _("Largest amount in yuan.")),
                attr("term_min_months", "integer", _("Shortest term in months.")),
                attr("term_max_months", "integer", _("Longest term in months.")),
                attr("rate_min_pct", "number", _("Lowest annual rate in per cent.")),
                attr("rate_max_pct", "number", _("Highest annual rate in per cent.")),
                *bilingual("collateral", _("Collateral")),
                listed("sectors", _("Eligible sectors (slugs; empty: every sector)."), "sectors", "slug"),
                listed("stages", _("Eligible company stages (codes)."), "stages", "code"),
                url(),
                machine_translated(),
            ],
        ),
        Dataset(
            name="financing_needs",
            title=_("Open financing needs"),
            description=_("Companies' financing needs that are still open."),
            queryset=lambda: (
                needs.select_related("company").prefetch_related("sectors").order_by("-created_at", "-id")
            ),
            primary_key="slug",
            foreign_keys=(("company", "organizations", "slug"),),
            fields=[
                attr("slug", "string", _("Identifier of the need.")),
                attr("company", "string", _("Slug of the company."), "company.slug"),
                *bilingual("title", _("Title")),
                *bilingual("purpose", _("Purpose")),
                attr("financing_type", "string", _("Type of financing wanted (code).")),
                attr("amount_cny", "number", _("Amount in yuan.")),
                attr("term_months", "integer", _("Term in months.")),
                attr("stage", "string", _("Company stage (code).")),
                listed("sectors", _("Sectors (slugs)."), "sectors", "slug"),
                attr("deadline", "date", _("Deadline.")),
                attr("created_at", "datetime", _("Posted at (UTC).")),
                url(),
                machine_translated(),
            ],
        ),
    ]
