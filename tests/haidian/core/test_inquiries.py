"""The inquiry rules every kind of inquiry shares (haidian/core/inquiries.py): one set of statuses,
stages, decline codes and transitions, one response-time target, one conversion count."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from financing.models import FinancingInquiry
from haidian.core.emails import message_changed
from haidian.core.inquiries import AbstractInquiry, InquiryStage, InquiryStatus, follow_mail
from haidian.core.models import MessageStatus, OutboundMessage
from listings.models import Inquiry
from tests import factories

pytestmark = pytest.mark.django_db


def transitions(model, field):
    return sorted(
        (t.name, str(t.source), str(t.target))
        for t in getattr(model, f"get_all_{field}_transitions")(model())
    )


@pytest.mark.parametrize("field", ["status", "stage", "decline_reason"])
def test_technology_and_financing_inquiries_share_the_choices(field):
    assert Inquiry._meta.get_field(field).choices == FinancingInquiry._meta.get_field(field).choices
    assert issubclass(Inquiry, AbstractInquiry) and issubclass(FinancingInquiry, AbstractInquiry)


@pytest.mark.parametrize("field", ["status", "stage"])
def test_and_the_declared_transitions(field):
    assert transitions(Inquiry, field) == transitions(FinancingInquiry, field)
    assert transitions(Inquiry, field)


def test_the_response_target_is_one_setting_for_both(settings):
    settings.INQUIRY_RESPONSE_HOURS = 10
    now = timezone.now()
    technology = factories.InquiryFactory()
    financing = factories.FinancingInquiryFactory()
    for model, record in ((Inquiry, technology), (FinancingInquiry, financing)):
        model.objects.filter(pk=record.pk).update(created_at=now - timedelta(hours=11))
        record.refresh_from_db()
        assert record.response_due == now - timedelta(hours=1)
        assert list(model.objects.past_response_target(now)) == [record]
    settings.INQUIRY_RESPONSE_HOURS = 12
    assert not FinancingInquiry.objects.past_response_target(now).exists()


def test_conversion_counts_financing_inquiries_like_technology_ones(center_admin, django_assert_num_queries):
    from financing.inquiries import inquiry_advance, inquiry_decline, inquiry_mark_spam

    first, second, third, spam = (factories.FinancingInquiryFactory() for _ in range(4))
    inquiry_advance(inquiry=first, stage=InquiryStage.CONTRACT, by=center_admin)
    inquiry_advance(inquiry=second, stage=InquiryStage.INTRODUCTION, by=center_admin)
    inquiry_decline(inquiry=second, reason="benefit_unclear", by=center_admin)
    inquiry_mark_spam(inquiry=spam, by=center_admin)
    with django_assert_num_queries(1):  # one aggregate
        conversion = FinancingInquiry.objects.conversion()
    assert (conversion.inquiries, conversion.introductions, conversion.negotiations) == (3, 2, 1)
    assert (conversion.contracts, conversion.declined, conversion.answered_in_time) == (1, 1, 2)
    assert conversion.overall_rate == 33
    assert third.next_stages() == ["introduction", "negotiation", "contract"]


def test_a_financing_inquiry_follows_its_email_like_a_technology_inquiry():
    inquiry = factories.FinancingInquiryFactory(status=InquiryStatus.QUEUED)
    message = OutboundMessage.objects.create(
        kind="financing-inquiry",
        object_id=inquiry.pk,
        to=["desk@bank.example"],
        language="en",
        subject="s",
        body_text="b",
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
    )
    message_changed.send(sender=OutboundMessage, message=message)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.FORWARDED and inquiry.forwarded_at == message.sent_at
    # A message of another kind with the same id leaves it alone.
    message.kind, message.status = "inquiry", MessageStatus.FAILED
    message_changed.send(sender=OutboundMessage, message=message)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.FORWARDED


def test_answered_late_means_answered_after_the_response_target(settings):
    """The admin's "answered after N hours" filter: later than the target, not at it, not unanswered."""
    settings.INQUIRY_RESPONSE_HOURS = 10
    received = timezone.now() - timedelta(days=2)
    answered_after = {
        "late": timedelta(hours=11),
        "in_time": timedelta(hours=9),
        "on_time": timedelta(hours=10),
    }
    made = {name: factories.InquiryFactory() for name in [*answered_after, "unanswered"]}
    for name, inquiry in made.items():
        answered_at = received + answered_after[name] if name in answered_after else None
        status = InquiryStatus.ANSWERED if answered_at else InquiryStatus.FORWARDED
        Inquiry.objects.filter(pk=inquiry.pk).update(
            created_at=received, answered_at=answered_at, status=status
        )
    assert list(Inquiry.objects.answered_late()) == [made["late"]]
    settings.INQUIRY_RESPONSE_HOURS = 8
    assert set(Inquiry.objects.answered_late()) == {made["late"], made["in_time"], made["on_time"]}


def mail_report(inquiry, status, *, kind="inquiry", to=("desk@agency.example",)):
    return OutboundMessage(
        kind=kind,
        object_id=inquiry.pk if inquiry else None,
        to=list(to),
        language="en",
        subject="s",
        body_text="b",
        status=status,
        sent_at=timezone.now() if status == MessageStatus.SENT else None,
    )


def test_the_mail_report_moves_an_open_inquiry_to_failed_and_back_to_queued():
    """A mail that failed for good marks the inquiry *e-mail failed*; the same mail sent again
    queues it again: each step recorded in its history with the recipients."""
    inquiry = factories.InquiryFactory(status=InquiryStatus.QUEUED)
    follow_mail(Inquiry, "inquiry", mail_report(inquiry, MessageStatus.FAILED))
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.MAIL_FAILED and inquiry.forwarded_at is None
    assert inquiry.history.first().history_change_reason == "E-mail failed: desk@agency.example"
    follow_mail(
        Inquiry, "inquiry", mail_report(inquiry, MessageStatus.QUEUED, to=["a@x.example", "b@x.example"])
    )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.QUEUED
    assert inquiry.history.first().history_change_reason == "E-mail queued: a@x.example, b@x.example"
    follow_mail(Inquiry, "inquiry", mail_report(inquiry, MessageStatus.SENT))
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.FORWARDED and inquiry.forwarded_at is not None
    assert inquiry.history.first().history_change_reason == "Forwarded: desk@agency.example"


def test_a_mail_report_about_no_inquiry_or_a_decided_one_changes_nothing():
    answered = factories.InquiryFactory(
        status=InquiryStatus.ANSWERED, answered_at=timezone.now() + timedelta(minutes=1)
    )
    before = answered.history.count()
    follow_mail(Inquiry, "inquiry", mail_report(None, MessageStatus.FAILED))
    follow_mail(Inquiry, "inquiry", mail_report(answered, MessageStatus.FAILED))
    follow_mail(Inquiry, "inquiry", mail_report(answered, MessageStatus.SENT))
    answered.refresh_from_db()
    assert answered.status == InquiryStatus.ANSWERED and answered.history.count() == before


def test_past_the_response_target_as_of_the_moment_asked(settings):
    """An open inquiry just received is not overdue now, but is as of a moment past the target."""
    settings.INQUIRY_RESPONSE_HOURS = 10
    inquiry = factories.InquiryFactory()
    assert not Inquiry.objects.past_response_target().exists()
    later = inquiry.created_at + timedelta(hours=10, seconds=1)
    assert list(Inquiry.objects.past_response_target(later)) == [inquiry]


def test_the_response_record_counts_the_inquiries_due_and_those_answered_in_time(settings):
    """Due: answered, or open past the target as of the moment asked; in time: answered within the
    target (at it included). Spam counts in neither."""
    settings.INQUIRY_RESPONSE_HOURS = 10
    now = timezone.now()
    rows = {
        "quick": (20, 5),
        "on_the_hour": (20, 10),
        "late": (20, 11),
        "overdue": (11, None),
        "waiting": (9, None),
    }
    for name, (received_hours_ago, answered_after) in {**rows, "spam": (30, None)}.items():
        inquiry = factories.InquiryFactory(
            status=InquiryStatus.SPAM if name == "spam" else InquiryStatus.FORWARDED
        )
        received = now - timedelta(hours=received_hours_ago)
        answered = {}
        if answered_after is not None:
            answered = {
                "answered_at": received + timedelta(hours=answered_after),
                "status": InquiryStatus.ANSWERED,
            }
        Inquiry.objects.filter(pk=inquiry.pk).update(created_at=received, **answered)
    figures = Inquiry.objects.conversion(now)
    assert (figures.inquiries, figures.due, figures.answered_in_time) == (5, 4, 2)
    assert Inquiry.objects.conversion(now + timedelta(hours=2)).due == 5  # the waiting one is due by then


def sent(listing, token):
    """An inquiry as the public form builds it, not yet stored."""
    return Inquiry(
        technology=listing,
        name="Li Wei",
        organization_name="Example Robotics",
        email="buyer@example.com",
        message="We would like to licence this technology.",
        submission_token=token,
    )


def test_a_form_is_stored_once_per_submission_token_and_a_new_token_stores_a_new_inquiry():
    listing = factories.TechnologyFactory()
    # An inquiry without a token (entered in the back office) is no form's earlier submission.
    factories.InquiryFactory(technology=listing, submission_token=None)

    token = uuid.uuid4()
    first, new = Inquiry.objects.store_once(sent(listing, token))
    assert new and first.submission_token == token
    again, new_again = Inquiry.objects.store_once(sent(listing, token))  # a double click, a retry
    assert (again.pk, new_again) == (first.pk, False)
    other, other_new = Inquiry.objects.store_once(sent(listing, uuid.uuid4()))
    assert other_new and other.pk != first.pk
    assert Inquiry.objects.filter(technology=listing).count() == 3
    assert Inquiry.objects.submitted(str(token)) and not Inquiry.objects.submitted(str(uuid.uuid4()))


def test_two_requests_sending_the_same_form_at_once_store_one_inquiry(monkeypatch):
    """The other request stores the form between this one's check and its save: the unique token
    refuses the second row, and this request answers with the stored inquiry, not as a new one."""
    listing = factories.TechnologyFactory()
    factories.InquiryFactory(technology=listing, submission_token=None)
    token = uuid.uuid4()
    validate = Inquiry.full_clean

    def other_request_stores_it_first(inquiry, *args, **kwargs):
        monkeypatch.setattr(Inquiry, "full_clean", validate)
        Inquiry.objects.store_once(sent(listing, token))
        return validate(inquiry, *args, **kwargs)

    monkeypatch.setattr(Inquiry, "full_clean", other_request_stores_it_first)
    stored, new = Inquiry.objects.store_once(sent(listing, token))
    assert (new, stored.submission_token) == (False, token)
    assert Inquiry.objects.filter(submission_token=token).count() == 1
