"""Financing inquiries in the back office: the same buttons, stepper, steps and response-time
figures as technology inquiries, handled by the lender's staff or the center."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from financing.inquiries import inquiry_advance, inquiry_decline
from haidian.backoffice.scoping import LENDER_STAFF_GROUP
from haidian.core.inquiries import InquiryStage, InquiryStatus
from haidian.core.workflow import TransitionError
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry():
    return factories.FinancingInquiryFactory()


@pytest.fixture
def staff_client(inquiry):
    member = factories.LenderMemberFactory(lender=inquiry.lender)
    member.user.groups.add(Group.objects.get(name=LENDER_STAFF_GROUP))
    return login(member.user)


def change_url(inquiry):
    return reverse("admin:financing_financinginquiry_change", args=[inquiry.pk])


def test_the_change_form_has_the_stepper_and_the_steps_with_negative_ones_apart(staff_client, inquiry):
    response = staff_client.get(change_url(inquiry))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="stepper"' in html and "Answer due by" in html
    buttons = [button.name for button in response.context["workflow_buttons"]]
    assert buttons == [
        "reply",
        "forward",
        "answer",
        "introduction",
        "negotiation",
        "contract",
        "spam",
        "decline",
    ]
    assert [button.name for button in response.context["workflow_negative"]] == ["spam", "decline"]
    assert "CN¥3 M" in html and "Example Chips Co." in html


def test_a_step_along_the_path_answers_the_inquiry_and_is_recorded(staff_client, inquiry):
    response = staff_client.get(change_url(inquiry))
    url = reverse("admin:financing_financinginquiry_workflow", args=[inquiry.pk])
    token = response.context["workflow_token"]
    response = staff_client.post(url, {"workflow": "negotiation", "concurrency_token": token}, follow=True)
    inquiry.refresh_from_db()
    assert (inquiry.stage, inquiry.status) == (InquiryStage.NEGOTIATION, InquiryStatus.ANSWERED)
    assert inquiry.introduced_at == inquiry.negotiation_at == inquiry.answered_at
    assert inquiry.history.first().history_change_reason == "Negotiation started"
    steps = [(step["stage"], step["state"]) for step in inquiry.stage_steps()]
    assert steps == [
        ("inquiry", "done"),
        ("introduction", "done"),
        ("negotiation", "current"),
        ("contract", "todo"),
    ]


def test_declining_takes_a_coded_reason_on_its_own_page(staff_client, inquiry):
    url = reverse("admin:financing_financinginquiry_decline", args=[inquiry.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and "Current stage" in page.content.decode()
    assert staff_client.post(url, {"reason": "not-a-code"}).status_code == 200  # the form again
    staff_client.post(url, {"reason": "too_early", "note": "Come back after the pilot run."})
    inquiry.refresh_from_db()
    assert (inquiry.stage, inquiry.decline_reason) == (InquiryStage.DECLINED, "too_early")
    assert inquiry.status == InquiryStatus.ANSWERED
    assert staff_client.get(change_url(inquiry)).context["workflow_buttons"] == []


def test_reply_by_email_records_the_answer_and_gives_the_mailto_link(staff_client, inquiry):
    response = staff_client.get(change_url(inquiry))
    url = reverse("admin:financing_financinginquiry_workflow", args=[inquiry.pk])
    response = staff_client.post(
        url, {"workflow": "reply", "concurrency_token": response.context["workflow_token"]}, follow=True
    )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    html = response.content.decode()
    assert f"mailto:{inquiry.email}" in html
    assert "Tech%20Loan" in inquiry.reply_mailto()
    # Answered, the summary under the stepper says when, no longer when the answer is due.
    assert "Answered on " in html and "Answer due by" not in html


def test_the_contract_stage_is_one_click_for_a_financing_agreement(inquiry, center_admin):
    inquiry_advance(inquiry=inquiry, stage=InquiryStage.CONTRACT, by=center_admin)
    inquiry.refresh_from_db()
    assert inquiry.stage == InquiryStage.CONTRACT and inquiry.contracted_at is not None
    with pytest.raises(TransitionError):
        inquiry_decline(inquiry=inquiry, reason="too_early", by=center_admin)


def test_spam_leaves_the_path(inquiry, center_client):
    center_client.post(
        reverse("admin:financing_financinginquiry_changelist"),
        {"action": "mark_selected_spam", "_selected_action": [inquiry.pk]},
    )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SPAM
    assert inquiry.next_stages() == []


def test_the_center_names_the_lender_of_an_offer_to_fund_a_need(center_client):
    offer = factories.FinancingInquiryFactory(
        product=None, need=factories.FinancingNeedFactory(), lender=None
    )
    lender = factories.LenderFactory()
    form = center_client.get(change_url(offer)).context["adminform"].form
    assert "lender" in form.fields
    data = {
        "lender": lender.pk,
        "internal_notes": "Called them.",
        "concurrency_token": form["concurrency_token"].value(),
    }
    response = center_client.post(change_url(offer), data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.lender == lender


def test_the_overdue_filter_uses_the_shared_response_target(center_client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from financing.models import FinancingInquiry

    late = factories.FinancingInquiryFactory()
    FinancingInquiry.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.INQUIRY_RESPONSE_HOURS + 1)
    )
    fresh = factories.FinancingInquiryFactory()
    response = center_client.get(
        reverse("admin:financing_financinginquiry_changelist"), {"response": "overdue"}
    )
    assert [obj.pk for obj in response.context["cl"].result_list] == [late.pk]
    assert fresh.pk != late.pk
