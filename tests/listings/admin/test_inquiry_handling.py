"""Inquiry handling in the back office (issue 19 item 3): one main step, "Reply by e-mail", which records
the answer and opens a reply quoting the visitor; the stage as a stepper; spam and decline apart; the
visitor's IP address for center staff only."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from listings import follow_through
from listings.models import Inquiry, InquiryStage, InquiryStatus
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db


def change_url(inquiry):
    return reverse("admin:listings_inquiry_change", args=[inquiry.pk])


def mailto_parts(href):
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    return unquote(parts.path), query["subject"][0], query["body"][0]


def test_reply_mailto_quotes_the_message_in_the_visitors_language():
    inquiry = factories.InquiryFactory(
        email="wang+buyer@example.cn",
        language="zh-hans",
        message="请报价。\nPlease quote & send the licence terms.",
        technology__title_en="Chip cooling",
        technology__title_zh_hans="芯片散热",
    )
    with translation.override("en"):  # the staff member's language does not matter
        to, subject, body = mailto_parts(inquiry.reply_mailto())
    assert to == "wang+buyer@example.cn"
    assert "芯片散热" in subject and subject.startswith("回复")
    assert "> 请报价。\n> Please quote & send the licence terms." in body
    assert "Li Wei" in body.split(">")[0]  # the attribution line names the visitor


def test_reply_mailto_cuts_a_long_message():
    inquiry = factories.InquiryFactory(message="x" * 5000)
    _to, _subject, body = mailto_parts(inquiry.reply_mailto())
    assert body.count("x") == 1500 and "…" in body


def test_reply_by_email_is_the_one_main_step_and_records_the_answer(center_client, center_admin):
    inquiry = factories.InquiryFactory()
    page = center_client.get(change_url(inquiry))
    html = page.content.decode()
    assert [b.name for b in page.context["workflow_buttons"] if b.style == "default"] == ["reply"]
    assert html.count('class="button default"') == 1
    response = center_client.post(
        reverse("admin:listings_inquiry_workflow", args=[inquiry.pk]),
        {"workflow": "reply", "concurrency_token": page.context["workflow_token"]},
        follow=True,
    )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED and inquiry.handled_by == center_admin
    assert inquiry.history.first().history_change_reason == "Answered"
    html = response.content.decode()
    (href,) = re.findall(r'<a href="(mailto:[^"]+)" data-open-now>', html)
    assert href.replace("&amp;", "&") == inquiry.reply_mailto()
    assert "inquiry-reply.js" in html
    # Answered: no second reply is recorded, but the address still opens a reply.
    assert "reply" not in [b.name for b in response.context["workflow_buttons"]]


def test_the_address_is_a_reply_link_that_records_nothing(center_client):
    inquiry = factories.InquiryFactory(email="buyer@example.com")
    html = center_client.get(change_url(inquiry)).content.decode()
    assert f">{inquiry.email}</a>" in html and "mailto:buyer@example.com?subject=" in html
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW


def test_negative_steps_stand_apart_after_the_others(center_client):
    inquiry = factories.InquiryFactory()
    html = center_client.get(change_url(inquiry)).content.decode()
    steps, negative = html.split('class="workflow-steps workflow-negative"')
    assert "Mark as spam" not in steps and "Decline…" not in steps
    assert "Mark as spam" in negative and "Decline…" in negative
    assert "Reply by e-mail" in steps and "Negotiation started" in steps


def test_a_link_step_cannot_be_posted_as_a_button(center_client):
    inquiry = factories.InquiryFactory()
    page = center_client.get(change_url(inquiry))
    response = center_client.post(
        reverse("admin:listings_inquiry_workflow", args=[inquiry.pk]),
        {"workflow": "decline", "concurrency_token": page.context["workflow_token"]},
        follow=True,
    )
    assert response.status_code == 200
    assert "That step is not open to you for this record." in response.content.decode()
    assert Inquiry.objects.get(pk=inquiry.pk).stage == InquiryStage.INQUIRY


def stepper(html):
    ol = re.search(r'<ol class="stepper".*?</ol>', html, re.S).group(0)
    return [
        (state, re.sub(r"\s+", " ", label).strip())
        for state, label in re.findall(
            r'<li class="step (\w+)".*?<span class="step-label">(.*?)</span>', ol, re.S
        )
    ], ol


def test_stage_shows_as_a_stepper(center_client, center_admin):
    inquiry = factories.InquiryFactory()
    follow_through.inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=center_admin)
    steps, ol = stepper(center_client.get(change_url(inquiry)).content.decode())
    assert steps == [
        ("done", "Inquiry"),
        ("current", "Introduction"),
        ("todo", "Negotiation"),
        ("todo", "Contract"),
    ]
    assert ol.count('aria-current="step"') == 1


def test_a_declined_inquiry_ends_its_stepper_with_the_decline(center_client, center_admin):
    inquiry = factories.InquiryFactory()
    follow_through.inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=center_admin)
    follow_through.inquiry_decline(inquiry=inquiry, reason="too_early", note="", by=center_admin)
    with translation.override("zh-hans"):
        html = center_client.get(change_url(inquiry), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    steps, _ol = stepper(html)
    assert [state for state, _label in steps] == ["done", "done", "declined"]


def test_ip_address_is_for_center_staff_only(center_client, make_editor):
    inquiry = factories.InquiryFactory(ip_address="203.0.113.77")
    editor = login(make_editor(inquiry.technology.agency))
    assert "203.0.113.77" in center_client.get(change_url(inquiry)).content.decode()
    page = editor.get(change_url(inquiry))
    assert page.status_code == 200 and "Reply by e-mail" in page.content.decode()
    assert "203.0.113.77" not in page.content.decode()
    history = editor.get(reverse("admin:listings_inquiry_history", args=[inquiry.pk]))
    assert "203.0.113.77" not in history.content.decode()
    # Nor can the list be asked about it.
    probe = editor.get(reverse("admin:listings_inquiry_changelist") + "?ip_address__startswith=203")
    assert probe.status_code != 200 or "203.0.113.77" not in probe.content.decode()
