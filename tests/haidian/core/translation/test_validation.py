"""``machine_translated`` holds only the record's own language columns, once each, in column order."""

import pytest
from django.core.exceptions import ValidationError

from haidian.core import provenance
from listings.models import BenefitClaim, Technology
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_columns_come_from_modeltranslation_s_registry():
    assert provenance.translated_columns(BenefitClaim) == (
        "metric_en",
        "metric_zh_hans",
        "unit_en",
        "unit_zh_hans",
        "compared_with_en",
        "compared_with_zh_hans",
    )
    assert ("title_zh_hans", "title (简体中文)") in provenance.column_choices(Technology)


def test_known_columns_are_kept_in_column_order_once_each():
    technology = factories.TechnologyFactory(
        machine_translated=["summary_zh_hans", "title_zh_hans", "summary_zh_hans"]
    )
    technology.full_clean()
    assert technology.machine_translated == ["title_zh_hans", "summary_zh_hans"]


@pytest.mark.parametrize(
    "value",
    [["title_fr"], ["metric_zh_hans"], ["title"], "title_zh_hans", [3], {"title_zh_hans": True}],
    ids=["other language", "another model's column", "field not column", "not a list", "number", "object"],
)
def test_anything_else_is_refused_on_the_field(value):
    technology = factories.TechnologyFactory()
    technology.machine_translated = value
    with pytest.raises(ValidationError) as error:
        technology.full_clean()
    assert "machine_translated" in error.value.message_dict


def test_every_translated_content_model_records_provenance():
    from modeltranslation.translator import translator

    from haidian.core.models import Country

    for model in translator.get_registered_models():
        if model is Country:  # reference names, typed in by the center, not content
            continue
        assert provenance.has_provenance(model), model
