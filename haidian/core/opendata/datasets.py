"""What the open data export holds: one dataset per public table, its fields described.

Each field has a Frictionless type and a description in both languages. Lists (sectors,
countries, ...) are codes or slugs separated by ``;``, in CSV and JSON alike; decimals are
written as strings so no digit is lost; rich text is exported as plain text.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

LANGUAGES = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless table schema type: string, integer, number, boolean, date, datetime
    description: Any  # lazy translation
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Any
    description: Any
    fields: list[Field]
    queryset: Callable[[], Any]
    primary_key: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, dataset, its field)

    def rows(self):
        for obj in self.queryset().iterator(chunk_size=500):
            yield {field.name: _value(field.get(obj)) for field in self.fields}


def _value(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)  # Decimal: every digit kept


# --- Field makers --------------------------------------------------------------------------------


def attr(name, type_, description, path=None):
    """A column read from the record (``path``: dotted attributes, default ``name``)."""
    steps = (path or name).split(".")

    def get(obj):
        for step in steps:
            obj = getattr(obj, step, None)
            if obj is None:
                return None
        return obj

    return Field(name, type_, description, get)


def bilingual(name, description, *, rich=False):
    """One column per language (``title_en``, ``title_zh_hans``); rich text as plain text."""

    def getter(column):
        def get(obj):
            value = getattr(obj, column, "") or ""
            return html.unescape(strip_tags(value)).strip() if rich else value

        return get

    return [
        Field(f"{name}_{lang}", "string", format_lazy("{} ({})", description, lang), getter(f"{name}_{lang}"))
        for lang in LANGUAGES
    ]


def listed(name, description, relation, key):
    def get(obj):
        return LIST_SEPARATOR.join(sorted(str(getattr(item, key)) for item in getattr(obj, relation).all()))

    return Field(name, "string", description, get)


def url():
    def get(obj):
        from django.utils import translation

        with translation.override("en"):
            return f"{settings.SITE_URL.rstrip('/')}{obj.get_absolute_url()}"

    return Field("url", "string", _("Address of the record's public page (English)."), get)


def machine_translated():
    return Field(
        "machine_translated",
        "string",
        _("Columns whose text was machine-translated, separated by ';' (empty: all by people)."),
        lambda obj: LIST_SEPARATOR.join(getattr(obj, "machine_translated", None) or []),
    )


# --- The datasets --------------------------------------------------------------------------------


def datasets() -> list[Dataset]:
    """The exported tables, in the order of the data package. Imported here: the export composes
    every app, as the root URLs do."""
    from agencies.models import Agency
    from financing.models import FinancingNeed, FinancingProduct
    from haidian.core.models import Organization, Sector
    from listings.models import Contract, Technology

    technologies = Technology.objects.published()
    contracts = Contract.objects.published()
    products = FinancingProduct.objects.active()
    needs = FinancingNeed.objects.open()
    # The organizations the public records name, and no others.
    organization_ids = (
        set(technologies.values_list("owner_id", flat=True))
        | set(contracts.values_list("seller_id", flat=True))
        | set(contracts.values_list("buyer_id", flat=True))
        | set(products.values_list("lender_id", flat=True))
        | set(needs.values_list("company_id", flat=True))
    )
    sets = [
        Dataset(
            name="sectors",
            title=_("Sectors"),
            description=_(
                "The two-level tree of sectors that listings, agencies and contracts are filed under."
            ),
            queryset=lambda: Sector.objects.select_related("parent").order_by("position", "slug"),
            primary_key="slug",
            foreign_keys=(("parent", "sectors", "slug"),),
            fields=[
                attr("slug", "string", _("Identifier of the sector.")),
                attr(
                    "parent",
                    "string",
                    _("Slug of the parent sector (empty for a top-level sector)."),
                    "parent.slug",
                ),
                *bilingual("name", _("Name")),
                *bilingual("description", _("Description")),
                attr("position", "integer", _("Order among its siblings.")),
                machine_translated(),
            ],
        ),
        Dataset(
            name="organizations",
            title=_("Organizations"),
            description=_(
                "Companies, universities, laboratories, lenders and public bodies named by the other tables "
                "(public fields only)."
            ),
            queryset=lambda: Organization.objects.filter(pk__in=organization_ids).order_by("slug"),
            primary_key="slug",
            fields=[
                attr("slug", "string", _("Identifier of the organization.")),
                *bilingual("name", _("Name")),
                attr(
                    "kind", "string", _("Kind: company, university, lab, institute, lender, government, ...")
                ),
                attr("country", "string", _("ISO 3166-1 code of its country or region."), "country_id"),
                *bilingual("city", _("City")),
                attr("website", "string", _("Website.")),
                attr("is_high_tech", "boolean", _("Holds the national high-tech enterprise certificate.")),
                attr("high_tech_certified_until", "date", _("The certificate is valid until this date.")),
                machine_translated(),
            ],
        ),
        Dataset(
            name="agencies",
            title=_("Service agencies"),
            description=_("The active service agencies that broker technology transfers."),
            queryset=lambda: (
                Agency.objects.active().prefetch_related("services", "sectors", "countries").order_by("slug")
            ),
            primary_key="slug",
            fields=[
                attr("slug", "string", _("Identifier of the agency.")),
                *bilingual("name", _("Name")),
                *bilingual("description", _("Description"), rich=True),
                *bilingual("address", _("Address")),
                listed("services", _("Services offered (codes)."), "services", "code"),
                listed("sectors", _("Sectors served (slugs)."), "sectors", "slug"),
                listed("countries", _("Countries and regions served (ISO codes)."), "countries", "code"),
                attr("website", "string", _("Website.")),
                attr("joined_on", "date", _("Joined the center on.")),
                url(),
                machine_translated(),
            ],
        ),
        Dataset(
            name="technologies",
            title=_("Technologies offered and wanted"),
            description=_(
                "Published listings: technologies available for transfer (offer) and wanted (need)."
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
                url(),
                machine_translated(),
            ],
        ),
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
                    lambda c: c.technology.slug if c.technology_id and c.technology.is_public else None,
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
                url(),
                machine_translated(),
            ],
        ),
    ]
    if hasattr(Technology, "benefits"):
        sets.insert(4, _benefits(technologies))
    return sets


def _public_value(name):
    def get(contract):
        return getattr(contract, name) if contract.value_is_public else None

    return get


def _benefits(technologies) -> Dataset:
    from listings.models import BenefitClaim

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
