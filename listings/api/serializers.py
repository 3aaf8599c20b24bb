"""Technologies and contracts as the public sees them.

Never exposed: inquiries, internal notes, who created or edited a record, private attachments,
the brokering agency's inquiry address, and the value of a confidential contract.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.api.serializers import AgencyBriefSerializer
from haidian.core.api.fields import APIURLField, CodesField, WebURLField
from haidian.core.api.serializers import (
    CountrySerializer,
    OrganizationBriefSerializer,
    ReasonSerializer,
    SectorBriefSerializer,
    SectorBriefsField,
    TranslatedModelSerializer,
)
from haidian.core.models import Country
from listings.models import Attachment, BenefitClaim, Contract, Technology, TransactionTypeKind
from listings.models.benefits import format_benefit_value


class KeywordsField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        # Called here rather than named as ``source``: DRF would inspect the method's signature per row.
        return instance.keyword_list()


@extend_schema_field(OpenApiTypes.URI)
class AttachmentDownloadField(serializers.Field):
    """The public download of an attachment (``listings.downloads``), never the stored file's path."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, attachment):
        request = self.context.get("request")
        url = attachment.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class AttachmentSerializer(TranslatedModelSerializer):
    file = AttachmentDownloadField()

    class Meta:
        model = Attachment
        fields = ["title", "file", "content_type", "size", "machine_translated", "translations"]
        translated_fields = ["title"]


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^-?\d{1,12}(?:\.\d{1,4})?$"})
class BenefitValueField(serializers.Field):
    """A claim's value as a decimal string without trailing zeros: "35", "0.5", "1200"."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return format_benefit_value(value)


class BenefitClaimSerializer(TranslatedModelSerializer):
    """A quantified benefit: the metric improved, by how much (value and unit), against what."""

    value = BenefitValueField()

    class Meta:
        model = BenefitClaim
        fields = ["metric", "value", "unit", "compared_with", "machine_translated", "translations"]
        translated_fields = ["metric", "unit", "compared_with"]


class TechnologyBriefSerializer(TranslatedModelSerializer):
    """A listing inside a match: what a scout needs to decide whether to open it."""

    owner = OrganizationBriefSerializer(read_only=True)
    origin_country = serializers.CharField(source="origin_country_id", read_only=True)
    sectors = SectorBriefSerializer(many=True, read_only=True)
    url = APIURLField("technology-detail")
    web_url = WebURLField("technologies:detail")

    class Meta:
        model = Technology
        fields = [
            "slug",
            "kind",
            "title",
            "summary",
            "trl",
            "owner",
            "origin_country",
            "sectors",
            "published_at",
            "url",
            "web_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title", "summary"]


# A list's rows carry their sector ids and country and transaction codes
# (listings.relations.attach_relations), so their relations are read without model instances; any
# other listing (a detail) reads its relations. (A docstring here would become the schema's text.)
class TechnologySerializer(TranslatedModelSerializer):
    keywords = KeywordsField()
    sectors = SectorBriefsField()
    owner = OrganizationBriefSerializer(read_only=True)
    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    origin_country = serializers.CharField(source="origin_country_id", read_only=True)
    target_countries = CodesField(
        "target_countries",
        "target_country_codes",
        child=serializers.CharField(label=Country._meta.get_field("code").verbose_name),
        help_text=(
            "An offer: its export markets (it is always available in its owner's country too); none: "
            "every country. A need: where the technology is wanted from; none: anywhere."
        ),
    )
    transaction_types = CodesField(
        "transaction_types",
        "transaction_type_codes",
        child=serializers.ChoiceField(choices=TransactionTypeKind.choices),
    )
    url = APIURLField("technology-detail")
    web_url = WebURLField("technologies:detail")

    class Meta:
        model = Technology
        fields = [
            "slug",
            "kind",
            "title",
            "summary",
            "keywords",
            "sectors",
            "owner",
            "agency",
            "origin_country",
            "target_countries",
            "trl",
            "ip_status",
            "transaction_types",
            "price_cny",
            "price_negotiable",
            "availability",
            "published_at",
            "expires_at",
            "last_verified_at",
            "updated_at",
            "url",
            "web_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title", "summary", "keywords"]


class TechnologyDetailSerializer(TechnologySerializer):
    benefits = BenefitClaimSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(source="public_attachments", many=True, read_only=True)
    matches_url = APIURLField("technology-matches")
    comparable_contracts_url = APIURLField("technology-comparable-contracts")

    class Meta(TechnologySerializer.Meta):
        fields = [
            "slug",
            "kind",
            "title",
            "summary",
            "description",
            "keywords",
            "sectors",
            "owner",
            "agency",
            "origin_country",
            "target_countries",
            "trl",
            "ip_status",
            "patent_numbers",
            "transaction_types",
            "price_cny",
            "price_negotiable",
            "availability",
            "published_at",
            "expires_at",
            "last_verified_at",
            "updated_at",
            "benefits",
            "attachments",
            "url",
            "web_url",
            "matches_url",
            "comparable_contracts_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title", "summary", "description", "keywords"]


@extend_schema_field(
    {"type": "string", "format": "decimal", "nullable": True, "pattern": r"^-?\d{0,16}(?:\.\d{0,2})?$"}
)
class PublicValueField(serializers.Field):
    """The contract's value, or null when the value is confidential."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, contract):
        if not contract.value_is_public:
            return None
        value = getattr(contract, self.attribute)
        return None if value is None else f"{value:.2f}"


@extend_schema_field({"type": "string", "nullable": True})
class PublicTechnologyField(serializers.Field):
    """The slug of the contract's listing while that listing is public, else null."""

    def __init__(self, **kwargs):
        kwargs.update(source="public_technology_slug", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value


class ContractSerializer(TranslatedModelSerializer):
    technology = PublicTechnologyField()
    seller = OrganizationBriefSerializer(read_only=True)
    buyer = OrganizationBriefSerializer(read_only=True)
    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    sectors = SectorBriefsField()  # a list's rows carry their sector ids (CONTRACT_KEYS)
    destination_country = CountrySerializer(read_only=True)
    value = PublicValueField("value")
    value_cny = PublicValueField("value_cny")
    url = APIURLField("contract-detail", lookup_field="reference")

    class Meta:
        model = Contract
        fields = [
            "reference",
            "title",
            "summary",
            "contract_type",
            "technology",
            "seller",
            "buyer",
            "agency",
            "sectors",
            "destination_country",
            "value",
            "currency",
            "value_cny",
            "value_is_public",
            "signed_on",
            "url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title", "summary"]


class ContractBriefSerializer(TranslatedModelSerializer):
    """A comparable past contract of a listing (price discovery)."""

    destination_country = serializers.CharField(source="destination_country_id", read_only=True)
    value = PublicValueField("value")
    value_cny = PublicValueField("value_cny")
    url = APIURLField("contract-detail", lookup_field="reference")

    class Meta:
        model = Contract
        fields = [
            "reference",
            "title",
            "contract_type",
            "destination_country",
            "value",
            "currency",
            "value_cny",
            "value_is_public",
            "signed_on",
            "url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title"]


class TechnologyMatchSerializer(serializers.Serializer):
    score = serializers.FloatField(help_text="0-100: sectors 35, keywords 35, TRL 15, countries 15.")
    reasons = ReasonSerializer(many=True)
    technology = TechnologyBriefSerializer()


class TechnologyMatchesSerializer(serializers.Serializer):
    technology = serializers.CharField(help_text="The slug of the listing matched.")
    kind = serializers.CharField(help_text="offer: its matches are needs; need: its matches are offers.")
    min_score = serializers.IntegerField(help_text="The score a match reaches at least (MATCH_MIN_SCORE).")
    results = TechnologyMatchSerializer(many=True, help_text="Matches only, best first.")
    near_misses = TechnologyMatchSerializer(
        many=True, help_text="Not matches: each falls short on one rule at most. Best first."
    )


class ComparableContractSerializer(ContractBriefSerializer):
    outlier = serializers.BooleanField(
        source="is_outlier",
        read_only=True,
        help_text="At least 1000 times the asking price or at most 1/1000 of it: left out of every figure.",
    )

    class Meta(ContractBriefSerializer.Meta):
        fields = [*ContractBriefSerializer.Meta.fields, "outlier"]


AMOUNT = {"max_digits": 20, "decimal_places": 2, "allow_null": True}


class ComparableContractsSerializer(serializers.Serializer):
    technology = serializers.CharField()
    asking_price_cny = serializers.DecimalField(
        **AMOUNT, help_text="The listing's price (an offer) or budget (a need); null: negotiable."
    )
    count = serializers.IntegerField(
        help_text="Comparable contracts (outliers left out), confidential ones included."
    )
    disclosed_count = serializers.IntegerField(help_text="How many of them disclose their value.")
    outlier_count = serializers.IntegerField(help_text="Contracts left out as outliers.")
    median_cny = serializers.DecimalField(**AMOUNT, help_text="Median of the disclosed values; null: none.")
    min_cny = serializers.DecimalField(**AMOUNT, help_text="Lowest disclosed value; null: none.")
    max_cny = serializers.DecimalField(**AMOUNT, help_text="Highest disclosed value; null: none.")
    results = ComparableContractSerializer(
        many=True, help_text="The newest comparable contracts, newest first."
    )


COUNT_HELP = "Published contracts, confidential ones included."
WITHHELD_HELP = "How many of the counted contracts have a confidential value, left out of value_cny."
VALUE_HELP = (
    "Sum of the public values (CNY) of the counted contracts: a confidential value is never included."
)


class StatsBucketSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True, help_text="Year, sector slug, country code or agency slug; null: none."
    )
    name = serializers.CharField(allow_null=True, help_text="Its name in the response's language.")
    count = serializers.IntegerField(help_text=COUNT_HELP)
    withheld_count = serializers.IntegerField(help_text=WITHHELD_HELP)
    value_cny = serializers.DecimalField(max_digits=20, decimal_places=2, help_text=VALUE_HELP)


class StatsTotalSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=COUNT_HELP)
    withheld_count = serializers.IntegerField(help_text=WITHHELD_HELP)
    value_cny = serializers.DecimalField(max_digits=20, decimal_places=2, help_text=VALUE_HELP)


class ContractStatsSerializer(serializers.Serializer):
    total = StatsTotalSerializer()
    by_year = StatsBucketSerializer(many=True)
    by_sector = StatsBucketSerializer(many=True)
    by_sub_sector = StatsBucketSerializer(many=True)
    by_country = StatsBucketSerializer(many=True)
    by_agency = StatsBucketSerializer(many=True)
