"""The inquiry rules that need no database (haidian/core/inquiries.py): the admin's stepper along the
path to a contract, the conversion rates, the reply link and the decline. Fast, so mutation testing runs them first."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User

from haidian.core.inquiries import Conversion, InquiryStage, InquiryStatus, advance, decline
from haidian.core.workflow import TransitionError
from listings.models import Inquiry, Technology

RECEIVED = datetime(2026, 3, 2, 9, tzinfo=UTC)


def at(hours):
    return RECEIVED + timedelta(hours=hours)


def step(stage, label, state, date):
    return {"stage": stage, "label": label, "state": state, "date": date}


def test_the_stepper_marks_the_stages_done_current_and_to_do():
    inquiry = Inquiry(
        stage=InquiryStage.NEGOTIATION, created_at=RECEIVED, introduced_at=at(1), negotiation_at=at(2)
    )
    assert inquiry.stage_steps() == [
        step("inquiry", "Inquiry", "done", RECEIVED),
        step("introduction", "Introduction", "done", at(1)),
        step("negotiation", "Negotiation", "current", at(2)),
        step("contract", "Contract", "todo", None),
    ]
    # A stage skipped on the way (dated when it was passed) is done; nothing after the current one is.
    inquiry = Inquiry(stage=InquiryStage.INTRODUCTION, created_at=RECEIVED, introduced_at=at(1))
    assert [(s["stage"], s["state"]) for s in inquiry.stage_steps()] == [
        ("inquiry", "done"),
        ("introduction", "current"),
        ("negotiation", "todo"),
        ("contract", "todo"),
    ]


@pytest.mark.parametrize(
    ("dates", "reached"),
    [
        ({}, [("inquiry", "Inquiry", RECEIVED)]),
        (
            {"introduced_at": at(1), "negotiation_at": at(2)},
            [
                ("inquiry", "Inquiry", RECEIVED),
                ("introduction", "Introduction", at(1)),
                ("negotiation", "Negotiation", at(2)),
            ],
        ),
    ],
)
def test_a_declined_inquiry_shows_the_stages_it_reached_then_the_decline(dates, reached):
    inquiry = Inquiry(stage=InquiryStage.DECLINED, created_at=RECEIVED, declined_at=at(5), **dates)
    assert inquiry.stage_steps() == [
        *(step(stage, label, "done", date) for stage, label, date in reached),
        step("declined", "Declined", "declined", at(5)),
    ]


def test_conversion_rates_are_whole_percentages_of_the_step_before(settings):
    settings.CONVERSION_MIN_SAMPLE = 3
    figures = Conversion(
        inquiries=3, introductions=2, negotiations=2, contracts=1, declined=1, due=3, answered_in_time=1
    )
    assert (figures.introduction_rate, figures.negotiation_rate, figures.contract_rate) == (67, 100, 50)
    assert (figures.overall_rate, figures.in_time_rate) == (33, 33)
    assert figures.is_public and figures.response_is_public
    none = Conversion(inquiries=2, introductions=0, negotiations=0, contracts=0, declined=0)
    assert (none.introduction_rate, none.negotiation_rate, none.in_time_rate) == (0, None, None)
    assert not none.is_public and not none.response_is_public


def reply(message):
    inquiry = Inquiry(
        technology=Technology(title_en="Solar ink"),
        name="Li Wei",
        email="li@example.com",
        language="en",
        message=message,
        created_at=RECEIVED,
    )
    query = parse_qs(urlsplit(inquiry.reply_mailto()).query)
    return query["subject"][0], query["body"][0]


def test_the_reply_quotes_the_message_line_by_line_under_an_attribution():
    subject, body = reply("Hello  \n\nPlease send terms.")
    assert subject == "Re: your inquiry about “Solar ink”"
    assert body == "\n\nOn 2026-03-02, Li Wei wrote:\n> Hello\n>\n> Please send terms.\n"


def test_the_reply_quotes_at_most_1500_characters_and_marks_the_cut():
    _subject, body = reply("a" * 1500)
    assert body.endswith("> " + "a" * 1500 + "\n")
    _subject, body = reply("a" * 1499 + " " + "b" * 10)
    assert body.endswith("> " + "a" * 1499 + " …\n")


def test_a_decline_needs_a_coded_reason_and_a_stage_it_may_leave():
    inquiry = Inquiry(name="Li Wei", stage=InquiryStage.NEGOTIATION, status=InquiryStatus.FORWARDED)
    with pytest.raises(TransitionError) as refused:
        decline(inquiry, "bored", by=None)
    assert (refused.value.code, refused.value.message) == (
        "reason_required",
        "Choose a reason for the decline.",
    )
    staff = User(username="desk")
    fields = decline(inquiry, "other", by=staff)
    assert inquiry.handled_by is staff
    assert (inquiry.stage, inquiry.decline_reason, inquiry.decline_note) == (
        InquiryStage.DECLINED,
        "other",
        "",
    )
    assert inquiry.status == InquiryStatus.ANSWERED and {"stage", "decline_note", "status"} <= set(fields)
    with pytest.raises(TransitionError) as refused:
        decline(inquiry, "other", by=None)
    assert (refused.value.code, refused.value.message) == (
        "invalid_transition",
        "The inquiry from Li Wei is at the stage “declined”: it cannot be declined.",
    )


def test_advancing_dates_every_stage_reached_answers_once_and_refuses_other_moves():
    inquiry = Inquiry(
        name="Li Wei", stage=InquiryStage.INQUIRY, status=InquiryStatus.FORWARDED, created_at=RECEIVED
    )
    staff = User(username="desk")
    label, fields = advance(inquiry, InquiryStage.NEGOTIATION, by=staff)
    assert inquiry.handled_by is staff
    assert str(label) == "Negotiation started" and inquiry.stage == InquiryStage.NEGOTIATION
    assert inquiry.introduced_at == inquiry.negotiation_at == inquiry.answered_at is not None
    assert inquiry.contracted_at is None and inquiry.status == InquiryStatus.ANSWERED
    assert set(fields) == {"stage", "introduced_at", "negotiation_at", "status", "answered_at", "handled_by"}
    for stage, refusal in (
        (
            InquiryStage.DECLINED,
            "The inquiry from Li Wei is at the stage “negotiation”: it cannot be declined.",
        ),
        (
            InquiryStage.INTRODUCTION,
            "The inquiry from Li Wei is at the stage “negotiation”: it cannot be introduced.",
        ),
    ):
        with pytest.raises(TransitionError) as refused:
            advance(inquiry, stage, by=None)
        assert (refused.value.code, refused.value.message) == ("invalid_transition", refusal)
