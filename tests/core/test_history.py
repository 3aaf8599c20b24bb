"""History records both language columns, so a Chinese edit is never lost."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_chinese_edit_is_in_the_history():
    technology = factories.TechnologyFactory(title_zh_hans="旧标题")
    technology.title_zh_hans = "新的芯片技术"
    technology.save()

    latest, previous = technology.history.all()[:2]
    assert latest.title_zh_hans == "新的芯片技术"
    assert previous.title_zh_hans == "旧标题"
    delta = latest.diff_against(previous)
    assert [change.field for change in delta.changes] == ["title_zh_hans"]


def test_history_of_every_translated_model_has_both_language_columns():
    from modeltranslation.translator import translator

    for model in translator.get_registered_models(abstract=False):
        if model._meta.label in {"haidian.Country"}:
            continue  # reference data loaded by a migration, not edited content
        assert hasattr(model, "history"), f"{model._meta.label} has no history"
        columns = {field.name for field in model.history.model._meta.get_fields()}
        for field in translator.get_options_for_model(model).get_field_names():
            assert {f"{field}_en", f"{field}_zh_hans"} <= columns, f"{model._meta.label}.{field}"


def test_admin_edit_records_user_and_chinese_change(admin_client, admin_user):
    organization = factories.OrganizationFactory(name_zh_hans="旧名称")
    url = reverse("admin:haidian_organization_change", args=[organization.pk])
    form = {
        "slug": organization.slug,
        "name_en": organization.name_en,
        "name_zh_hans": "新名称科技有限公司",
        "kind": organization.kind,
        "country": "CN",
        "city_en": "Beijing",
        "city_zh_hans": "北京",
        "website": "",
        "description_en": "",
        "description_zh_hans": "",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]

    organization.refresh_from_db()
    latest = organization.history.first()
    assert latest.name_zh_hans == "新名称科技有限公司"
    assert latest.history_user == admin_user
    assert organization.updated_by == admin_user
