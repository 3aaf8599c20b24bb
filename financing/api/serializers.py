"""Financing products and needs as the public sees them (no internal notes, no authors)."""

from rest_framework import serializers

from financing.models import FinancingNeed, FinancingProduct
from haidian.core.api.fields import APIURLField, WebURLField
from haidian.core.api.serializers import (
    OrganizationBriefSerializer,
    ReasonSerializer,
    SectorBriefSerializer,
    TranslatedModelSerializer,
)


class FinancingProductSerializer(TranslatedModelSerializer):
    lender = OrganizationBriefSerializer(read_only=True)
    sectors = SectorBriefSerializer(many=True, read_only=True, help_text="Eligible sectors; empty: all.")
    stages = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Eligible company stages; empty: all."
    )
    url = APIURLField("financing-product-detail")
    web_url = WebURLField("financing:product")

    class Meta:
        model = FinancingProduct
        fields = [
            "slug",
            "name",
            "description",
            "lender",
            "product_type",
            "amount_min_cny",
            "amount_max_cny",
            "term_min_months",
            "term_max_months",
            "rate_min_pct",
            "rate_max_pct",
            "collateral",
            "sectors",
            "stages",
            "url",
            "web_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["name", "description", "collateral"]


class FinancingNeedSerializer(TranslatedModelSerializer):
    company = OrganizationBriefSerializer(read_only=True)
    sectors = SectorBriefSerializer(many=True, read_only=True)
    url = APIURLField("financing-need-detail")
    web_url = WebURLField("financing:need")

    class Meta:
        model = FinancingNeed
        fields = [
            "slug",
            "title",
            "purpose",
            "company",
            "financing_type",
            "amount_cny",
            "term_months",
            "stage",
            "sectors",
            "deadline",
            "status",
            "created_at",
            "url",
            "web_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title", "purpose"]


# What a match says either way round; subclasses add the product or need matched. (A comment,
# not a docstring: drf-spectacular would put a docstring into both schema components.)
class MatchSerializer(serializers.Serializer):
    score = serializers.FloatField(
        help_text="Type 30, amount 25, sector 20, stage 15, term 10, plus specificity."
    )
    fits = serializers.BooleanField(help_text="Every rule met: true for a match, false for a near miss.")
    reasons = ReasonSerializer(many=True)


class ProductMatchSerializer(MatchSerializer):
    product = FinancingProductSerializer()


class NeedMatchSerializer(MatchSerializer):
    need = FinancingNeedSerializer()


class ProductMatchesSerializer(serializers.Serializer):
    need = serializers.CharField(help_text="The slug of the need matched.")
    results = ProductMatchSerializer(many=True, help_text="Matches only, best first.")
    near_misses = ProductMatchSerializer(many=True, help_text="Not matches: one rule missed. Best first.")


class NeedMatchesSerializer(serializers.Serializer):
    product = serializers.CharField(help_text="The slug of the product matched.")
    results = NeedMatchSerializer(many=True, help_text="Matches only, best first.")
    near_misses = NeedMatchSerializer(many=True, help_text="Not matches: one rule missed. Best first.")
