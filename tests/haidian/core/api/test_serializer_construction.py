"""Serializer fields built from the model once per class: later instances get equal but separate fields."""

import pytest
from django.utils import translation
from rest_framework import serializers

from haidian.core.api.language import TranslatedCharField
from haidian.core.api.serializers import OrganizationSerializer
from listings.api.serializers import TechnologySerializer
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_model_fields_are_mapped_once_per_serializer_class(monkeypatch):
    TechnologySerializer().fields  # noqa: B018 - maps the model's fields, if no test did before
    calls = []
    original = serializers.ModelSerializer.build_standard_field

    def counting(self, field_name, model_field):
        calls.append(field_name)
        return original(self, field_name, model_field)

    monkeypatch.setattr(serializers.ModelSerializer, "build_standard_field", counting)
    first, second = TechnologySerializer().fields, TechnologySerializer().fields

    assert calls == []
    assert first["title"] is not second["title"]
    assert isinstance(second["title"], TranslatedCharField)
    assert repr(first) == repr(second)


def test_a_field_keeps_its_own_per_request_state():
    organization = f.OrganizationFactory(name_en="Tsinghua University", name_zh_hans="清华大学")
    with translation.override("zh-hans"):
        chinese = OrganizationSerializer(organization).data["name"]
    with translation.override("en"):
        english = OrganizationSerializer(organization).data["name"]

    assert (chinese, english) == ("清华大学", "Tsinghua University")
