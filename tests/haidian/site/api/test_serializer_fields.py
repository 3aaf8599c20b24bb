"""Each serializer names its fields; adding one (perhaps a private one) must be a decision."""

import pytest

from agencies.api.serializers import AgencyBriefSerializer, AgencySerializer
from financing.api.serializers import FinancingNeedSerializer, FinancingProductSerializer
from haidian.core.api import serializers as core
from listings.api.serializers import (
    AttachmentSerializer,
    BenefitClaimSerializer,
    ContractBriefSerializer,
    ContractSerializer,
    TechnologyBriefSerializer,
    TechnologyDetailSerializer,
    TechnologySerializer,
)

T = "translations"
EXPECTED = {
    core.CountrySerializer: ["code", "name", T],
    core.SectorBriefSerializer: ["slug", "name", "parent", "machine_translated", T],
    core.SectorSerializer: ["slug", "name", "description", "parent", "position", "url", "machine_translated", T],
    core.OrganizationBriefSerializer: ["slug", "name", "kind", "country", "url", "machine_translated", T],
    core.OrganizationSerializer: [
        "slug", "name", "kind", "country", "city", "website", "description", "is_high_tech",
        "high_tech_certified_until", "url", "machine_translated", T,
    ],
    core.ArticleSerializer: [
        "slug", "title", "summary", "body", "image", "image_alt", "published_at", "updated_at", "url", "web_url", "machine_translated", T,
    ],
    core.PageSerializer: ["slug", "title", "summary", "body", "published_at", "updated_at", "url", "web_url", "machine_translated", T],
    core.KeyFigureSerializer: [
        "id", "key", "label", "value", "in_yuan", "unit", "period_start", "period_end", "value_as_of", "computed",
        "withheld_count", "illustrative", "source", "source_url", "url", "machine_translated", T,
    ],
    AgencyBriefSerializer: ["slug", "name", "url", "machine_translated", T],
    AgencySerializer: [
        "slug", "name", "description", "services", "sectors", "countries", "address", "contact_email",
        "contact_phone", "website", "joined_on", "url", "web_url", "machine_translated", T,
    ],
    BenefitClaimSerializer: ["metric", "value", "unit", "compared_with", "machine_translated", T],
    AttachmentSerializer: ["title", "file", "content_type", "size", "machine_translated", T],
    TechnologyBriefSerializer: [
        "slug", "kind", "title", "summary", "trl", "owner", "origin_country", "sectors", "published_at", "url",
        "web_url", "machine_translated", T,
    ],
    TechnologySerializer: [
        "slug", "kind", "title", "summary", "keywords", "sectors", "owner", "agency", "origin_country",
        "target_countries", "trl", "ip_status", "transaction_types", "price_cny", "price_negotiable",
        "availability", "published_at", "expires_at", "last_verified_at", "updated_at", "url", "web_url", "machine_translated", T,
    ],
    TechnologyDetailSerializer: [
        "slug", "kind", "title", "summary", "description", "keywords", "sectors", "owner", "agency",
        "origin_country", "target_countries", "trl", "ip_status", "patent_numbers", "transaction_types",
        "price_cny", "price_negotiable", "availability", "published_at", "expires_at", "last_verified_at",
        "updated_at",
        "benefits", "attachments", "url", "web_url", "matches_url", "comparable_contracts_url", "machine_translated", T,
    ],
    ContractSerializer: [
        "reference", "title", "summary", "contract_type", "technology", "seller", "buyer", "agency", "sectors",
        "destination_country", "value", "currency", "value_cny", "value_is_public", "signed_on", "url", "machine_translated", T,
    ],
    ContractBriefSerializer: [
        "reference", "title", "contract_type", "destination_country", "value", "currency", "value_cny",
        "value_is_public", "signed_on", "url", "machine_translated", T,
    ],
    FinancingProductSerializer: [
        "slug", "name", "description", "lender", "product_type", "amount_min_cny", "amount_max_cny",
        "term_min_months", "term_max_months", "rate_min_pct", "rate_max_pct", "collateral", "sectors", "stages",
        "url", "web_url", "machine_translated", T,
    ],
    FinancingNeedSerializer: [
        "slug", "title", "purpose", "company", "financing_type", "amount_cny", "term_months", "stage", "sectors",
        "deadline", "status", "created_at", "url", "web_url", "machine_translated", T,
    ],
}  # fmt: skip

PRIVATE = {
    "internal_notes",
    "inquiry_email",
    "created_by",
    "updated_by",
    "search_document",
    "members",
    "email",
}


@pytest.mark.parametrize("serializer", list(EXPECTED), ids=lambda s: s.__name__)
def test_serializer_fields_are_pinned(serializer):
    assert serializer.Meta.fields == EXPECTED[serializer]
    assert list(serializer().fields) == EXPECTED[serializer]
    assert not PRIVATE & set(serializer.Meta.fields)
