"""Back office: provenance check boxes on every admin of a translated model, a "translation" filter
on their changelists, and the missing-translation report (scoped per agency), linked from the dashboard."""

import pytest
from django.contrib import admin
from django.urls import reverse

from haidian.core import provenance
from tests import factories
from tests.admin_forms import change_form_data
from tests.admin_users import login

pytestmark = pytest.mark.django_db

REPORT = reverse("admin_missing_translations")
WITH_PROVENANCE = sorted(
    (model for model in admin.site._registry if provenance.has_provenance(model)), key=lambda m: m._meta.label
)


def test_every_translated_content_model_has_an_admin():
    labels = {model._meta.label for model in WITH_PROVENANCE}
    assert labels == {
        "agencies.Agency",
        "financing.FinancingNeed",
        "financing.FinancingProduct",
        "haidian.Article",
        "haidian.KeyFigure",
        "haidian.Organization",
        "haidian.Page",
        "haidian.Sector",
        "listings.Attachment",
        "listings.BenefitClaim",
        "listings.Contract",
        "listings.Technology",
    }


@pytest.mark.parametrize("model", WITH_PROVENANCE, ids=lambda m: m._meta.label)
def test_the_add_form_shows_one_check_box_per_language_column(admin_client, model):
    opts = model._meta
    html = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).content.decode()
    for column in provenance.translated_columns(model):
        assert f'type="checkbox" name="machine_translated" value="{column}"' in html, column
    assert "Translation provenance" in html


def test_the_attachment_inline_has_the_check_boxes_too(admin_client):
    technology = factories.TechnologyFactory()
    factories.AttachmentFactory(technology=technology)
    html = admin_client.get(
        reverse("admin:listings_technology_change", args=[technology.pk])
    ).content.decode()
    assert 'name="attachments-0-machine_translated" value="title_zh_hans"' in html


def test_ticking_a_box_records_the_column(admin_client):
    organization = factories.OrganizationFactory()
    url = reverse("admin:haidian_organization_change", args=[organization.pk])
    data = change_form_data(admin_client.get(url))
    data["machine_translated"] = ["description_zh_hans", "name_zh_hans"]
    assert admin_client.post(url, data).status_code == 302
    organization.refresh_from_db()
    assert organization.machine_translated == ["name_zh_hans", "description_zh_hans"]


def test_a_forged_column_is_refused(admin_client):
    organization = factories.OrganizationFactory()
    url = reverse("admin:haidian_organization_change", args=[organization.pk])
    data = change_form_data(admin_client.get(url))
    data["machine_translated"] = ["internal_notes"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "machine_translated" in response.context["adminform"].form.errors


def test_the_changelist_filters_missing_and_machine_made_translations(admin_client):
    complete = factories.OrganizationFactory(name_en="Complete Ltd.", name_zh_hans="完整公司")
    no_chinese = factories.OrganizationFactory(name_en="English Only Ltd.", name_zh_hans="")
    machine = factories.OrganizationFactory(name_en="Machine Ltd.", machine_translated=["name_zh_hans"])
    url = reverse("admin:haidian_organization_changelist")

    def shown(value):
        response = admin_client.get(url, {"translation": value})
        return set(response.context["cl"].result_list)

    assert shown("missing") == {no_chinese}
    assert shown("missing_zh-hans") == {no_chinese}
    assert shown("missing_en") == set()
    assert shown("machine") == {machine}
    assert complete not in shown("missing")


def test_the_report_lists_records_missing_a_translation_with_links(admin_client):
    technology = factories.TechnologyFactory(title_en="Half-translated furnace", summary_zh_hans="")
    factories.TechnologyFactory(title_en="Fully translated")
    claim = factories.BenefitClaimFactory(compared_with_zh_hans="")
    response = admin_client.get(REPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Half-translated furnace" in html and "Fully translated" not in html
    assert reverse("admin:listings_technology_change", args=[technology.pk]) in html
    assert reverse("admin:listings_benefitclaim_change", args=[claim.pk]) in html
    assert "summary (简体中文)" in html and "compared with (简体中文)" in html
    assert f"{reverse('admin:listings_technology_changelist')}?translation=missing" in html


def test_the_report_costs_two_queries_per_model_with_gaps(admin_client, django_assert_max_num_queries):
    parent = factories.SectorFactory()
    for _ in range(30):
        factories.TechnologyFactory(summary_zh_hans="")
        factories.SectorFactory(parent=parent, name_zh_hans="")  # named with its parent's name
    admin_client.get(REPORT)
    with django_assert_max_num_queries(2 * len(WITH_PROVENANCE) + 6):  # + session, user, ...
        admin_client.get(REPORT)


def test_an_agency_editor_sees_only_their_agency_s_gaps(make_editor):
    ours, theirs = factories.AgencyFactory(), factories.AgencyFactory()
    editor = login(make_editor(ours))
    factories.TechnologyFactory(agency=ours, title_en="Our gap", summary_zh_hans="")
    factories.TechnologyFactory(agency=theirs, title_en="Their gap", summary_zh_hans="")
    factories.PageFactory(title_en="Centre page", title_zh_hans="")  # editors may not see pages
    html = editor.get(REPORT).content.decode()
    assert "Our gap" in html
    assert "Their gap" not in html and "Centre page" not in html


def test_the_report_needs_a_staff_login(client):
    assert client.get(REPORT).status_code == 302


def test_the_dashboard_links_to_the_report(admin_client):
    assert REPORT in admin_client.get(reverse("admin:index")).content.decode()
