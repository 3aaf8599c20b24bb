"""Every admin page opens for a superuser: changelist, search, add form, change form, history."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from haidian.core import emails
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def one_of_each(database_queue, django_capture_on_commit_callbacks):
    technology = factories.TechnologyFactory(sectors=[factories.SectorFactory()])
    factories.AttachmentFactory(technology=technology)
    factories.BenefitClaimFactory(technology=technology)
    factories.InquiryFactory(technology=technology)
    factories.ContractFactory(technology=technology)
    factories.AgencyMemberFactory(agency=technology.agency)
    factories.FinancingProductFactory()
    factories.FinancingNeedFactory()
    factories.FinancingInquiryFactory()
    factories.LenderMemberFactory()
    factories.PageFactory()
    factories.ArticleFactory()
    factories.KeyFigureFactory()
    factories.SearchSubscriptionFactory()
    factories.TechnologySubmissionFactory()
    factories.FinancingNeedSubmissionFactory()
    Group.objects.get_or_create(name="Smoke test group")
    with django_capture_on_commit_callbacks(execute=True):  # a message, and its task in the queue
        emails.send(
            "alert-confirm",
            to=["someone@example.org"],
            context={"search": [], "search_url": "/", "confirm_url": "/"},
            language="en",
        )
    request = {
        "username": "intruder",
        "ip_address": "203.0.113.9",
        "user_agent": "curl",
        "path_info": "/admin/",
    }
    AccessAttempt.objects.create(**request, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**request)
    AccessLog.objects.create(**request)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_and_search(admin_client, one_of_each, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "技术 test"}).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_add_form(admin_client, one_of_each, model):
    model_admin = admin.site._registry[model]
    response = admin_client.get(admin_url(model, "add"))
    expected = 200 if model_admin.has_add_permission(response.wsgi_request) else 403
    assert response.status_code == expected


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_change_form_and_history(admin_client, one_of_each, model):
    obj = model._default_manager.first()
    assert obj is not None, f"no {model._meta.label} to open"
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert admin_client.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_translation_tabs_load_jquery_ui_from_our_static_files(admin_client, one_of_each):
    from listings.models import Technology

    html = admin_client.get(admin_url(Technology, "add")).content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html
