"""Lender staff see and change only their own lender's financing records, on every path; center
staff see everything; agency editors keep reading products and needs as before."""

import io
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import Group
from django.urls import reverse

from financing.models import FinancingInquiry, FinancingProduct, NeedStatus
from haidian.backoffice.scoping import LENDER_STAFF_GROUP
from haidian.core.inquiries import InquiryStage, InquiryStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db


def lender_staff_of(lender, **kwargs):
    """A lender's staff member: the group from the data migration plus a membership."""
    member = factories.LenderMemberFactory(lender=lender, **kwargs)
    member.user.groups.add(Group.objects.get(name=LENDER_STAFF_GROUP))
    return member.user


# model admin name -> how to make one record owned by ``lender``
OWNED = {
    "financing_financingproduct": lambda lender: factories.FinancingProductFactory(lender=lender),
    "financing_financinginquiry": lambda lender: factories.FinancingInquiryFactory(product__lender=lender),
    "financing_lendermember": lambda lender: factories.LenderMemberFactory(lender=lender),
}
# What a lender's staff get on the delete page of their own record: they delete nothing.
OWN_STATUS = {"change": 200, "history": 200, "delete": 403}


@pytest.fixture
def two_lenders():
    ours, theirs = factories.LenderFactory(), factories.LenderFactory()
    return ours, theirs, login(lender_staff_of(ours))


@pytest.mark.parametrize("name", OWNED)
def test_changelist_shows_only_own_lender(two_lenders, name):
    ours, theirs, client = two_lenders
    mine, other = OWNED[name](ours), OWNED[name](theirs)
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert mine.pk in shown and other.pk not in shown


@pytest.mark.parametrize("name", OWNED)
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_other_lender_urls_answer_404_and_own_ones_as_the_role_allows(two_lenders, name, view):
    ours, theirs, client = two_lenders
    mine, other = OWNED[name](ours), OWNED[name](theirs)
    assert client.get(reverse(f"admin:{name}_{view}", args=[other.pk])).status_code == 404
    assert client.post(reverse(f"admin:{name}_{view}", args=[other.pk]), {"post": "yes"}).status_code == 404
    assert client.get(reverse(f"admin:{name}_{view}", args=[mine.pk])).status_code == OWN_STATUS[view]
    assert type(other).objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("name", OWNED)
def test_other_lender_history_version_and_revert_answer_404(two_lenders, name):
    ours, theirs, client = two_lenders
    other = OWNED[name](theirs)
    version = other.history.first()
    url = reverse(f"admin:{name}_simple_history", args=[other.pk, version.history_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", OWNED)
def test_center_administrator_sees_every_lender(center_client, name):
    records = [OWNED[name](factories.LenderFactory()) for _ in range(2)]
    response = center_client.get(reverse(f"admin:{name}_changelist"))
    assert {r.pk for r in records} <= {obj.pk for obj in response.context["cl"].result_list}
    assert center_client.get(reverse(f"admin:{name}_change", args=[records[0].pk])).status_code == 200


def test_lender_staff_without_a_membership_see_nothing():
    user = factories.StaffUserFactory()
    user.groups.add(Group.objects.get(name=LENDER_STAFF_GROUP))
    factories.FinancingProductFactory()
    factories.FinancingInquiryFactory()
    factories.FinancingNeedFactory()
    client = login(user)
    for name in ("financingproduct", "financinginquiry", "financingneed"):
        response = client.get(reverse(f"admin:financing_{name}_changelist"))
        assert list(response.context["cl"].result_list) == [], name


def test_agency_editors_still_read_every_product_and_need(make_editor):
    products = [factories.FinancingProductFactory() for _ in range(2)]
    client = login(make_editor())
    response = client.get(reverse("admin:financing_financingproduct_changelist"))
    assert {p.pk for p in products} <= {obj.pk for obj in response.context["cl"].result_list}
    assert client.get(reverse("admin:financing_financinginquiry_changelist")).status_code == 403


def test_workflow_steps_and_bulk_actions_on_another_lenders_inquiries_change_nothing(two_lenders):
    ours, theirs, client = two_lenders
    other = factories.FinancingInquiryFactory(product__lender=theirs)
    for action in ("mark_selected_spam", "answer_selected", "forward_selected"):
        client.post(
            reverse("admin:financing_financinginquiry_changelist"),
            {"action": action, "_selected_action": [other.pk]},
        )
    workflow = reverse("admin:financing_financinginquiry_workflow", args=[other.pk])
    assert client.post(workflow, {"workflow": "introduction"}).status_code == 404
    decline = reverse("admin:financing_financinginquiry_decline", args=[other.pk])
    assert client.post(decline, {"reason": "too_early"}).status_code == 404
    other.refresh_from_db()
    assert (other.status, other.stage) == (InquiryStatus.NEW, InquiryStage.INQUIRY)


def test_list_editable_and_posted_ids_cannot_reach_another_lender(two_lenders):
    ours, theirs, client = two_lenders
    other = factories.FinancingProductFactory(lender=theirs, name_en="Theirs")
    # A product saved by a lender's staff is their lender's, whatever the form posts.
    add = client.get(reverse("admin:financing_financingproduct_add")).context["adminform"].form
    assert "lender" not in add.fields
    response = client.post(
        reverse("admin:financing_financingproduct_changelist"),
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": other.pk,
            "form-0-status": "inactive",
            "_save": "Save",
        },
    )
    assert response.status_code in (200, 302)
    other.refresh_from_db()
    assert (other.name_en, other.status) == ("Theirs", "active")


def test_a_product_added_by_lender_staff_belongs_to_their_lender(two_lenders):
    ours, theirs, client = two_lenders
    response = client.post(
        reverse("admin:financing_financingproduct_add"),
        {
            "slug": "our-loan",
            "lender": theirs.pk,  # ignored: read-only for lender staff
            "name_en": "Our loan",
            "name_zh_hans": "我们的贷款",
            "description_en": "",
            "description_zh_hans": "",
            "product_type": "bank_loan",
            "amount_min_cny": "100000",
            "amount_max_cny": "5000000",
            "collateral_en": "",
            "collateral_zh_hans": "",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert FinancingProduct.objects.get(slug="our-loan").lender == ours


def test_autocomplete_of_organizations_is_closed_to_lender_staff(two_lenders):
    ours, theirs, client = two_lenders
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "financing", "model_name": "financinginquiry", "field_name": "lender", "term": ""},
    )
    assert response.status_code == 403


def export(client, url_name):
    url = reverse(f"admin:{url_name}_export")
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial not in (None, False)}
    data["format"] = 1  # XLSX
    response = client.post(url, data)
    assert response.status_code == 200
    dataset = tablib.Dataset().load(io.BytesIO(response.content).read(), format="xlsx")
    return {row[dataset.headers.index("slug")] for row in dataset}


def test_export_holds_only_own_products_and_import_is_the_centers(two_lenders):
    ours, theirs, client = two_lenders
    factories.FinancingProductFactory(lender=ours, slug="ours-1")
    factories.FinancingProductFactory(lender=theirs, slug="theirs-1")
    assert export(client, "financing_financingproduct") == {"ours-1"}
    assert client.get(reverse("admin:financing_financingproduct_import")).status_code == 403


def test_lender_staff_see_only_open_needs_their_products_could_fund_read_only(two_lenders):
    ours, theirs, client = two_lenders
    factories.FinancingProductFactory(
        lender=ours, amount_min_cny=Decimal("1e6"), amount_max_cny=Decimal("1e7")
    )
    factories.FinancingProductFactory(lender=theirs, product_type="equity")
    fits = factories.FinancingNeedFactory(amount_cny=Decimal("5e6"), internal_notes="center only")
    too_big = factories.FinancingNeedFactory(amount_cny=Decimal("5e8"))
    other_type = factories.FinancingNeedFactory(financing_type="equity")
    funded = factories.FinancingNeedFactory(amount_cny=Decimal("5e6"), status=NeedStatus.FUNDED)
    response = client.get(reverse("admin:financing_financingneed_changelist"))
    assert {obj.pk for obj in response.context["cl"].result_list} == {fits.pk}
    page = client.get(reverse("admin:financing_financingneed_change", args=[fits.pk]))
    assert page.status_code == 200 and "center only" not in page.content.decode()
    assert not page.context["has_change_permission"]
    for need in (too_big, other_type, funded):
        assert client.get(reverse("admin:financing_financingneed_change", args=[need.pk])).status_code == 404
        assert client.get(reverse("admin:financing_financingneed_history", args=[need.pk])).status_code == 404


def test_dashboard_counts_only_own_inquiries_and_fundable_needs(two_lenders):
    ours, theirs, client = two_lenders
    factories.FinancingProductFactory(lender=ours)
    factories.FinancingInquiryFactory(product__lender=ours, name="Ours Asking")
    factories.FinancingInquiryFactory(product__lender=theirs, name="Theirs Asking")
    factories.FinancingInquiryFactory(
        product=None, need=factories.FinancingNeedFactory(financing_type="equity"), lender=theirs
    )
    factories.FinancingNeedFactory(title_en="Fundable pilot line")
    response = client.get(reverse("admin:index"))
    html = response.content.decode()
    panel = response.context["lender"]
    assert panel["waiting"] == 1 and panel["needs_count"] == 1
    assert "Ours Asking" in html and "Theirs Asking" not in html and "Fundable pilot line" in html
    assert FinancingInquiry.objects.count() == 3
