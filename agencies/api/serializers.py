"""Agencies as the public sees them: no staff, no inquiry address, no internal notes."""

from rest_framework import serializers

from agencies.models import Agency
from haidian.core.api.fields import APIURLField, WebURLField
from haidian.core.api.serializers import SectorBriefSerializer, TranslatedModelSerializer


class AgencyBriefSerializer(TranslatedModelSerializer):
    """An agency inside another object (a listing, a contract)."""

    url = APIURLField("agency-detail")

    class Meta:
        model = Agency
        fields = ["slug", "name", "url", "machine_translated", "translations"]
        translated_fields = ["name"]


class AgencySerializer(TranslatedModelSerializer):
    services = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sectors = SectorBriefSerializer(many=True, read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    url = APIURLField("agency-detail")
    web_url = WebURLField("agencies:detail")

    class Meta:
        model = Agency
        fields = [
            "slug",
            "name",
            "description",
            "services",
            "sectors",
            "countries",
            "address",
            "contact_email",
            "contact_phone",
            "website",
            "joined_on",
            "url",
            "web_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["name", "description", "address"]
