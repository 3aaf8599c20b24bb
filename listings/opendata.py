"""The listings' tables of the open data export (registered from ``ListingsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from haidian.core.opendata.datasets import Dataset, Field, attr, bilingual, listed, machine_translated, url

from .models import BenefitClaim, Contract, Technology


def organization_ids():
    """The organizations that published listings and contracts name."""
    contracts = Contract.objects.published()
    return (
        set(Technology.objects.visible().values_list("owner_id", flat=True))
        | set(contracts.values_list("seller_id", flat=True))
        | set(contracts.values_list("buyer_id", flat=True))
    )


def datasets() -> list[Dataset]:
    # Transferred listings keep their public page: they are exported too (``availability``).
    technologies = Technology.objects.visible()
    contracts = Contract.objects.published()
    return [
        Dataset(
            name="technologies",
            title=_("Technologies offered and wanted"),
            description=_(
                "Published listings: technologies available for transfer (offer) and wanted (need); transferred ones too (availability: transferred)."
            ),
            queryset=lambda: (
                technologies.select_related("owner", "agency")
                .prefetch_related("sectors", "target_countries", "transaction_types")
                .order_by("-published_at", "-id")
            ),
            primary_key="slug",
            foreign_keys=(("owner", "organizations", "slug"), ("agency", "agencies", "slug")),
            fields=[
                attr("slug", "string", _("Identifier of the listing.")),
                attr("kind", "string", _("offer (available for transfer) or need (wanted).")),
                *bilingual("title", _("Title")),
                *bilingual("summary", _("Summary")),
                *bilingual("description", _("Description"), rich=True),
                *bilingual("keywords", _("Keywords")),
                listed("sectors", _("Sectors (slugs)."), "sectors", "slug"),
                attr("owner", "string", _("Slug of the owning organization."), "owner.slug"),
                attr("agency", "string", _("Slug of the brokering agency."), "agency.slug"),
                attr(
                    "origin_country",
                    "string",
                    _("ISO code of the country or region of origin."),
                    "origin_country_id",
                ),
                listed(
                    "target_countries",
                    _("Target countries and regions (ISO codes)."),
                    "target_countries",
                    "code",
                ),
                attr("trl", "integer", _("Technology readiness level, 1 to 9.")),
                attr(
                    "ip_status",
                    "string",
                    _("IP status: granted_patent, pending_patent, software_copyright, know_how, none."),
                ),
                attr("patent_numbers", "string", _("Patent numbers.")),
                listed(
                    "transaction_types", _("Transaction types offered (codes)."), "transaction_types", "code"
                ),
                attr("price_cny", "number", _("Price or budget in yuan (empty when not stated).")),
                attr("price_negotiable", "boolean", _("The price is negotiable.")),
                attr("availability", "string", _("available, under_negotiation or transferred.")),
                attr("published_at", "datetime", _("Published at (UTC).")),
                attr("expires_at", "datetime", _("Leaves the site at (UTC).")),
                attr("last_verified_at", "datetime", _("Last confirmed as current at (UTC).")),
                attr("updated_at", "datetime", _("Last changed at (UTC).")),
                url(),
                machine_translated(),
            ],
        ),
        _benefits(technologies),
        Dataset(
            name="contracts",
            title=_("Signed transfer contracts"),
            description=_(
                "Published transfer contracts; the value only where the parties allow it to be shown."
            ),
            queryset=lambda: (
                contracts.select_related("seller", "buyer", "agency", "technology")
                .prefetch_related("sectors")
                .order_by("-signed_on", "-id")
            ),
            primary_key="reference",
            foreign_keys=(
                ("seller", "organizations", "slug"),
                ("buyer", "organizations", "slug"),
                ("agency", "agencies", "slug"),
            ),
            fields=[
                attr("reference", "string", _("Reference of the contract.")),
                *bilingual("title", _("Title")),
                *bilingual("summary", _("Summary")),
                Field(
                    "technology",
                    "string",
                    _("Slug of the listing it came from, when that listing is public."),
                    lambda c: c.technology.slug if c.technology_id and c.technology.is_visible else None,
                ),
                attr("seller", "string", _("Slug of the selling organization."), "seller.slug"),
                attr("buyer", "string", _("Slug of the buying organization."), "buyer.slug"),
                attr("agency", "string", _("Slug of the brokering agency."), "agency.slug"),
                attr("contract_type", "string", _("Transaction type (code).")),
                listed("sectors", _("Sectors (slugs)."), "sectors", "slug"),
                attr(
                    "destination_country",
                    "string",
                    _("ISO code of the destination."),
                    "destination_country_id",
                ),
                attr("value_is_public", "boolean", _("The parties allow the value to be shown.")),
                Field(
                    "value",
                    "number",
                    _("Value in its currency (empty when not public)."),
                    _public_value("value"),
                ),
                Field(
                    "currency",
                    "string",
                    _("Currency of the value (empty when not public)."),
                    _public_value("currency"),
                ),
                Field(
                    "value_cny",
                    "number",
                    _("Value in yuan (empty when not public)."),
                    _public_value("value_cny"),
                ),
                attr("signed_on", "date", _("Signed on.")),
                machine_translated(),
            ],
        ),
    ]


def _public_value(name):
    def get(contract):
        return getattr(contract, name) if contract.value_is_public else None

    return get


def _benefits(technologies) -> Dataset:
    return Dataset(
        name="technology_benefits",
        title=_("Quantified benefits of technologies"),
        description=_(
            "Measured benefits claimed for published listings: metric, value, unit, compared with what."
        ),
        queryset=lambda: (
            BenefitClaim.objects.filter(technology__in=technologies.values("pk"))
            .select_related("technology")
            .order_by("technology__slug", "position", "id")
        ),
        primary_key="id",
        foreign_keys=(("technology", "technologies", "slug"),),
        fields=[
            attr("id", "integer", _("Identifier of the claim.")),
            attr("technology", "string", _("Slug of the listing."), "technology.slug"),
            *bilingual("metric", _("Metric")),
            attr("value", "number", _("Value.")),
            *bilingual("unit", _("Unit")),
            *bilingual("compared_with", _("Compared with")),
            machine_translated(),
        ],
    )
