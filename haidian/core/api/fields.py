"""Fields shared by the serializers: links to the API object and to its public web page."""

import re

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# A lookup value that reverse() puts into the path unchanged (slugs, ids, contract references).
PLAIN_VALUE = re.compile(r"[-A-Za-z0-9_]+")


@extend_schema_field(OpenApiTypes.URI)
class ReversedURLField(serializers.Field):
    """An absolute URL of ``view_name`` with the object's ``lookup_field``.

    A list of 100 objects would call ``reverse()`` and ``build_absolute_uri()`` hundreds of times
    (a quarter of the serialization time): the field reverses once and fills in each object's
    value, and takes the scheme and host from the request once. The field lives as long as its
    serializer, so one request, in one language.
    """

    def __init__(self, view_name: str, lookup_field: str = "slug", **kwargs):
        self.view_name = view_name
        self.lookup_field = lookup_field
        self._template: tuple[str, str] | None = None
        self._origin: str | None = None
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return self.absolute(self.path_for(str(getattr(instance, self.lookup_field))))

    def path_for(self, value: str) -> str:
        if not PLAIN_VALUE.fullmatch(value):
            return self.reverse(value)
        if self._template is None:
            # The lookup value is the last part of every detail URL: split the path around it.
            head, _value, tail = self.reverse(value).rpartition(value)
            self._template = (head, tail)
        return f"{self._template[0]}{value}{self._template[1]}"

    def reverse(self, value: str) -> str:
        return reverse(self.view_name, kwargs={self.lookup_field: value})

    def absolute(self, path: str) -> str:
        request = self.context.get("request")
        if request is None:
            return path
        if self._origin is None:
            self._origin = request.build_absolute_uri("/")[:-1]
        return self._origin + path


class APIURLField(ReversedURLField):
    """The object's own API URL (``api:<view_name>``)."""

    def __init__(self, view_name: str, lookup_field: str = "slug", **kwargs):
        super().__init__(f"api:{view_name}", lookup_field, **kwargs)


class WebURLField(ReversedURLField):
    """The object's page on the public website, in the response's language (the same URL as the
    model's ``get_absolute_url``)."""


class CodesField(serializers.ListField):
    """The keys of a many-to-many relation to a table keyed by code (countries, transaction
    types), in code order, as ``SlugRelatedField(slug_field="code", many=True)`` gives them.

    A list view attaches them to each row as ``attribute`` (read from the through table, one query
    for the page, no model instances); without it the relation is read (a detail's prefetch).
    """

    def __init__(self, relation: str, attribute: str, **kwargs):
        self.relation = relation
        self.attribute = attribute
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("child", serializers.CharField())  # the schema's items
        super().__init__(**kwargs)

    def to_representation(self, instance):
        codes = instance.__dict__.get(self.attribute)
        if codes is None:
            codes = [related.pk for related in getattr(instance, self.relation).all()]
        return codes
