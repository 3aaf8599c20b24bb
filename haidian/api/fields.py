"""Fields shared by the serializers: links to the API object and to its public web page."""

from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class WebURLField(serializers.Field):
    """The object's page on the public website (``get_absolute_url``), absolute, in the
    response's language; null when the site has no page for it."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        get_url = getattr(instance, "get_absolute_url", None)
        if get_url is None:
            return None
        try:
            path = get_url()
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class APIURLField(serializers.Field):
    """The object's own API URL (``<view_name>`` with the object's lookup value)."""

    def __init__(self, view_name: str, lookup_field: str = "slug", **kwargs):
        self.view_name = view_name
        self.lookup_field = lookup_field
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        path = reverse(
            f"api:{self.view_name}", kwargs={self.lookup_field: getattr(instance, self.lookup_field)}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
