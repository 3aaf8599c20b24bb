"""Follow-through: inquiry -> introduction -> negotiation -> contract, coded declines, conversion
figures in one query, the response-time target, and the owner's signed report."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP
from haidian.core.models import OutboundMessage
from listings.follow_through import inquiry_advance, inquiry_decline
from listings.models import Availability, Inquiry, InquiryStage, InquiryStatus
from listings.owner_report import owner_report_path
from listings.services import TransitionError, inquiry_submit
from tests import factories

pytestmark = pytest.mark.django_db


def test_advance_is_forward_only_dates_each_stage_once_and_records_history(admin_user):
    inquiry = factories.InquiryFactory()
    inquiry = inquiry_advance(
        inquiry=inquiry, stage=InquiryStage.NEGOTIATION, by=admin_user, reason="call held"
    )
    assert inquiry.introduced_at == inquiry.negotiation_at  # the skipped stage was reached too
    assert inquiry.status == InquiryStatus.ANSWERED and inquiry.answered_at is not None
    record = inquiry.history.first()
    assert (
        record.history_change_reason == "Negotiation started: call held" and record.history_user == admin_user
    )
    with pytest.raises(TransitionError):
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=admin_user)
    with pytest.raises(TransitionError):
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.NEGOTIATION, by=admin_user)


def test_contract_stage_needs_a_contract_of_the_listing(admin_user):
    inquiry = factories.InquiryFactory()
    with pytest.raises(TransitionError):
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.CONTRACT, by=admin_user)
    with pytest.raises(TransitionError):
        other = factories.ContractFactory(technology=factories.TechnologyFactory())
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.CONTRACT, contract=other, by=admin_user)
    contract = factories.ContractFactory(technology=inquiry.technology)
    inquiry = inquiry_advance(inquiry=inquiry, stage=InquiryStage.CONTRACT, contract=contract, by=admin_user)
    assert inquiry.contract == contract and inquiry.contracted_at is not None
    with pytest.raises(TransitionError):
        inquiry_decline(inquiry=inquiry, reason="other", by=admin_user)


def test_the_contract_is_the_listings_or_names_no_listing_and_is_of_its_agency(admin_user):
    """A contract of another listing is refused even from the same agency; one that names no listing
    counts when its agency brokers the listing. Each refusal says why, with its code."""
    inquiry = factories.InquiryFactory()
    listing = inquiry.technology
    with pytest.raises(TransitionError) as refused:
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.CONTRACT, by=admin_user)
    assert (refused.value.code, refused.value.message) == (
        "contract_required",
        "Choose the contract that was signed.",
    )
    for wrong in (
        factories.ContractFactory(
            technology=factories.TechnologyFactory(agency=listing.agency), agency=listing.agency
        ),
        factories.ContractFactory(technology=None),
    ):
        with pytest.raises(TransitionError) as refused:
            inquiry_advance(inquiry=inquiry, stage=InquiryStage.CONTRACT, contract=wrong, by=admin_user)
        assert (refused.value.code, refused.value.message) == (
            "contract_mismatch",
            f"Contract {wrong.reference} is not about “{listing}”.",
        )
    assert Inquiry.objects.get(pk=inquiry.pk).stage == InquiryStage.INQUIRY
    unattached = factories.ContractFactory(technology=None, agency=listing.agency)
    inquiry = inquiry_advance(
        inquiry=inquiry, stage=InquiryStage.CONTRACT, contract=unattached, by=admin_user
    )
    assert inquiry.contract == unattached and inquiry.stage == InquiryStage.CONTRACT


def test_decline_needs_a_coded_reason_and_is_final(admin_user):
    inquiry = factories.InquiryFactory()
    with pytest.raises(TransitionError):
        inquiry_decline(inquiry=inquiry, reason="because", by=admin_user)
    inquiry = inquiry_decline(
        inquiry=inquiry, reason="route_unclear", note="No distributor yet.", by=admin_user
    )
    assert (inquiry.stage, inquiry.decline_reason, inquiry.decline_note) == (
        "declined",
        "route_unclear",
        "No distributor yet.",
    )
    assert inquiry.declined_at is not None
    assert inquiry.history.first().history_change_reason == "Declined: Route to market unclear"
    with pytest.raises(TransitionError):
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=admin_user)


def test_spam_takes_no_step(admin_user):
    inquiry = factories.InquiryFactory(status=InquiryStatus.SPAM)
    with pytest.raises(TransitionError):
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=admin_user)
    with pytest.raises(TransitionError):
        inquiry_decline(inquiry=inquiry, reason="other", by=admin_user)


def funnel(technology, admin_user):
    """Five genuine inquiries and one spam: 4 introduced, 2 negotiated, 1 contract, 2 declined."""
    inquiries = [factories.InquiryFactory(technology=technology) for _ in range(5)]
    factories.InquiryFactory(technology=technology, status=InquiryStatus.SPAM)
    for inquiry in inquiries[:4]:
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=admin_user)
    for inquiry in inquiries[:2]:
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.NEGOTIATION, by=admin_user)
    contract = factories.ContractFactory(technology=technology, agency=technology.agency)
    inquiry_advance(inquiry=inquiries[0], stage=InquiryStage.CONTRACT, contract=contract, by=admin_user)
    inquiry_decline(inquiry=inquiries[1], reason="too_early", note="Needs a pilot.", by=admin_user)
    inquiry_decline(inquiry=inquiries[4], reason="description_vague", by=admin_user)
    return inquiries


def test_conversion_counts_and_rates_in_one_query(admin_user, django_assert_num_queries):
    technology = factories.TechnologyFactory()
    funnel(technology, admin_user)
    factories.InquiryFactory()  # another listing's
    with django_assert_num_queries(1):
        conversion = Inquiry.objects.filter(technology=technology).conversion()
    assert (
        conversion.inquiries,
        conversion.introductions,
        conversion.negotiations,
        conversion.contracts,
    ) == (
        5,
        4,
        2,
        1,
    )
    assert conversion.declined == 2
    assert (conversion.introduction_rate, conversion.negotiation_rate, conversion.contract_rate) == (
        80,
        50,
        50,
    )
    assert conversion.overall_rate == 20
    agency = Inquiry.objects.for_agency(technology.agency).conversion()
    assert agency.inquiries == 5
    empty = Inquiry.objects.none().conversion()
    assert empty.inquiries == 0 and empty.introduction_rate is None


def test_public_pages_show_aggregate_figures_only(client, admin_user, settings):
    settings.CONVERSION_MIN_SAMPLE = 5  # the funnel's five genuine inquiries
    technology = factories.TechnologyFactory()
    inquiries = funnel(technology, admin_user)
    agency_html = client.get(technology.agency.get_absolute_url()).content.decode()
    listing_html = client.get(technology.get_absolute_url()).content.decode()
    for html in (agency_html, listing_html):
        assert "Introductions" in html and "80%" in html
        assert inquiries[0].email not in html and inquiries[0].organization_name not in html
        assert "Needs a pilot." not in html  # decline notes are for the owner only
    quiet = factories.TechnologyFactory()
    assert "Introductions" not in client.get(quiet.get_absolute_url()).content.decode()


def test_agency_page_figures_follow_a_staff_step_through_the_page_cache(
    client, admin_user, django_capture_on_commit_callbacks, settings
):
    settings.CONVERSION_MIN_SAMPLE = 1
    technology = factories.TechnologyFactory()
    inquiry = factories.InquiryFactory(technology=technology)
    url = technology.agency.get_absolute_url()
    assert "0%" in client.get(url).content.decode()  # cached whole from here on
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=admin_user)
    assert "100%" in client.get(url).content.decode()


def test_visitor_is_told_the_response_target(client, settings):
    settings.INQUIRY_RESPONSE_HOURS = 36
    technology = factories.TechnologyFactory()
    assert "within 36 hours" in client.get(technology.get_absolute_url()).content.decode()
    sent = client.get(reverse("technologies:inquiry_sent", kwargs={"slug": technology.slug}))
    assert "within 36 hours" in sent.content.decode()


def test_agency_mail_states_the_target(mailoutbox, django_capture_on_commit_callbacks):
    technology = factories.TechnologyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_submit(
            technology=technology, name="A", email="a@example.com", message="Interested in a licence."
        )
    assert "an answer within 48 hours" in mailoutbox[0].body


def test_dashboard_tracks_the_response_target_per_agency(client, admin_user):
    ours = factories.AgencyFactory()
    member = factories.AgencyMemberFactory(agency=ours)
    member.user.groups.add(Group.objects.get(name=AGENCY_EDITOR_GROUP))
    listing = factories.TechnologyFactory(agency=ours)
    late = factories.InquiryFactory(technology=listing)
    Inquiry.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(hours=50))
    factories.InquiryFactory(technology=listing)  # still within the target
    theirs = factories.InquiryFactory(technology=factories.TechnologyFactory())
    Inquiry.objects.filter(pk=theirs.pk).update(created_at=timezone.now() - timedelta(hours=50))
    answered = factories.InquiryFactory(technology=listing)
    inquiry_advance(inquiry=answered, stage=InquiryStage.INTRODUCTION, by=admin_user)
    client.force_login(member.user)
    figures = client.get(reverse("admin:index")).context["inquiries"]
    assert figures["past_target"] == 1
    assert figures["in_time_pct"] == 100
    assert figures["conversion"].inquiries == 3 and figures["conversion"].introductions == 1
    changelist = client.get(reverse("admin:listings_inquiry_changelist") + "?response=overdue")
    assert [row.pk for row in changelist.context["cl"].result_list] == [late.pk]


def test_admin_steps_are_scoped_and_recorded(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    ours, theirs = factories.AgencyFactory(), factories.AgencyFactory()
    member = factories.AgencyMemberFactory(agency=ours)
    member.user.groups.add(Group.objects.get(name=AGENCY_EDITOR_GROUP))
    owner = factories.OrganizationFactory(contact_email="owner@example.com")
    inquiry = factories.InquiryFactory(technology=factories.TechnologyFactory(agency=ours, owner=owner))
    foreign = factories.InquiryFactory(technology=factories.TechnologyFactory(agency=theirs))
    client.force_login(member.user)
    change = reverse("admin:listings_inquiry_change", args=[inquiry.pk])
    page = client.get(change).content.decode()
    assert 'value="introduction"' in page and "Decline…" in page
    client.post(
        reverse("admin:listings_inquiry_workflow", args=[inquiry.pk]),
        {"workflow": "introduction", "concurrency_token": inquiry.updated_at.isoformat()},
    )
    inquiry.refresh_from_db()
    assert inquiry.stage == InquiryStage.INTRODUCTION
    assert client.get(reverse("admin:listings_inquiry_decline", args=[foreign.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:listings_inquiry_decline", args=[inquiry.pk]),
            {"reason": "benefit_unclear", "note": "Give energy figures."},
        )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.stage == InquiryStage.DECLINED and inquiry.handled_by == member.user
    (mail,) = mailoutbox
    assert mail.to == ["owner@example.com"]
    assert "Benefit unclear" in mail.body and "Give energy figures." in mail.body
    assert inquiry.email not in mail.body and inquiry.name not in mail.body
    assert (
        "/en/technologies/owner-report/" in mail.body and "/zh-hans/technologies/owner-report/" in mail.body
    )


def test_the_owners_decline_mail_names_the_listing_and_starts_in_english(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    """The owner's language is not known: the message is stored and rendered as English first,
    whatever language the staff member works in, and its subject names the listing."""
    owner = factories.OrganizationFactory(contact_email="owner@example.com")
    inquiry = factories.InquiryFactory(
        technology=factories.TechnologyFactory(owner=owner, title_en="Solar ink")
    )
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        inquiry_decline(inquiry=inquiry, reason="other", by=admin_user)
    message = OutboundMessage.objects.get(kind="inquiry-declined", key=f"inquiry-declined:{inquiry.pk}")
    assert message.language == "en"
    (mail,) = mailoutbox
    assert mail.to == ["owner@example.com"] and mail.subject == "An inquiry about “Solar ink” was declined"


def test_no_owner_address_no_mail(admin_user, mailoutbox, django_capture_on_commit_callbacks):
    inquiry = factories.InquiryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_decline(inquiry=inquiry, reason="other", by=admin_user)
    assert mailoutbox == []


def test_owner_report_by_signed_link_in_both_languages(client, admin_user):
    technology = factories.TechnologyFactory()
    inquiries = funnel(technology, admin_user)
    path = owner_report_path(technology)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"].startswith("noindex")
    assert "Too early" in html and "Needs a pilot." in html and "Description vague" in html
    assert inquiries[1].email not in html and inquiries[1].name not in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.get(path.replace("/en/", "/zh-hans/", 1)).status_code == 200


def test_owner_report_refuses_forged_other_and_expired_links(client, settings):
    technology = factories.TechnologyFactory()
    other = factories.TechnologyFactory()
    forged = signing.dumps(other.pk, salt="another purpose")
    assert client.get(reverse("technologies:owner_report", kwargs={"token": forged})).status_code == 404
    token = owner_report_path(technology).rstrip("/").rsplit("/", 1)[1]
    assert (
        client.get(reverse("technologies:owner_report", kwargs={"token": token[:-2] + "xx"})).status_code
        == 404
    )
    settings.OWNER_REPORT_LINK_DAYS = 0
    assert client.get(owner_report_path(technology)).status_code == 404


def test_technology_admin_shows_figures_and_the_report_link(admin_client, admin_user):
    technology = factories.TechnologyFactory()
    funnel(technology, admin_user)
    html = admin_client.get(
        reverse("admin:listings_technology_change", args=[technology.pk])
    ).content.decode()
    assert "5 inquiries → 4 introductions" in html
    assert "/technologies/owner-report/" in html


def test_admin_contract_and_decline_pages(admin_client):
    inquiry = factories.InquiryFactory()
    contract = factories.ContractFactory(technology=inquiry.technology, reference="HD-2026-0042")
    factories.ContractFactory(technology=factories.TechnologyFactory(), reference="HD-2026-0099")
    decline_page = admin_client.get(reverse("admin:listings_inquiry_decline", args=[inquiry.pk]))
    assert decline_page.status_code == 200 and "Route to market unclear" in decline_page.content.decode()
    url = reverse("admin:listings_inquiry_contract", args=[inquiry.pk])
    page = admin_client.get(url).content.decode()
    assert "HD-2026-0042" in page and "HD-2026-0099" not in page  # only this listing's contracts
    response = admin_client.post(url, {"contract": contract.pk, "reason": "signed in Osaka"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.stage == InquiryStage.CONTRACT and inquiry.contract == contract
    assert inquiry.history.first().history_change_reason == "Contract signed: signed in Osaka"
    changelist = admin_client.get(reverse("admin:listings_inquiry_changelist") + "?stage=contract")
    assert [row.pk for row in changelist.context["cl"].result_list] == [inquiry.pk]


def test_pages_render_in_chinese(client, admin_user):
    technology = factories.TechnologyFactory(last_verified_at=None)
    funnel(technology, admin_user)
    for path, content in (
        (f"/zh-hans/technologies/{technology.slug}/", technology.title_zh_hans),
        (f"/zh-hans/agencies/{technology.agency.slug}/", technology.agency.name_zh_hans),
        (f"/zh-hans/technologies/{technology.slug}/inquiry-sent/", technology.title_zh_hans),
        ("/zh-hans/technologies/", technology.title_zh_hans),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert '<html lang="zh-Hans">' in html, path
        assert content in html, path
        assert technology.title_en not in html, path  # the Chinese text, not the English fallback


def test_owner_contact_is_edited_in_the_admin_and_never_public(admin_client, client):
    owner = factories.OrganizationFactory(contact_email="tto@university.example")
    form = (
        admin_client.get(reverse("admin:haidian_organization_change", args=[owner.pk]))
        .context["adminform"]
        .form
    )
    assert "contact_email" in form.fields
    assert "tto@university.example" not in client.get(f"/api/v1/organizations/{owner.slug}/").content.decode()
    technology = factories.TechnologyFactory(owner=owner)
    assert "tto@university.example" not in client.get(technology.get_absolute_url()).content.decode()


def availability_record(listing):
    listing.refresh_from_db()
    record = listing.history.first()
    return listing.availability, record.history_change_reason, record.history_user, listing.history.count()


def test_negotiations_set_under_negotiation_and_the_last_decline_clears_it_with_who_and_why(admin_user):
    """Only the changes are recorded, each with the staff member and the reason."""
    listing = factories.TechnologyFactory()
    first, second = factories.InquiryFactory(technology=listing), factories.InquiryFactory(technology=listing)
    inquiry_advance(inquiry=first, stage=InquiryStage.NEGOTIATION, by=admin_user)
    negotiating = (Availability.UNDER_NEGOTIATION, "Under negotiation: Negotiation started on an inquiry")
    state, reason, user, records = availability_record(listing)
    assert (state, reason, user) == (*negotiating, admin_user)
    inquiry_advance(inquiry=second, stage=InquiryStage.NEGOTIATION, by=admin_user)
    assert availability_record(listing) == (*negotiating, admin_user, records)  # nothing to record
    inquiry_decline(inquiry=first, reason="too_early", by=admin_user)
    assert availability_record(listing) == (*negotiating, admin_user, records)  # the second negotiates
    inquiry_decline(inquiry=second, reason="other", by=admin_user)
    assert availability_record(listing) == (
        Availability.AVAILABLE,
        "Available: Its last negotiation was declined",
        admin_user,
        records + 1,
    )


@pytest.mark.parametrize(
    ("status", "availability"),
    [
        ("withdrawn", "available"),
        ("closed", "transferred"),
        # Marked transferred by hand while still published: negotiations do not undo it.
        ("published", "transferred"),
    ],
)
def test_negotiations_leave_a_withdrawn_closed_or_transferred_listing_alone(admin_user, status, availability):
    listing = factories.TechnologyFactory(status=status, availability=availability)
    inquiry = factories.InquiryFactory(technology=listing)
    records = listing.history.count()
    inquiry_advance(inquiry=inquiry, stage=InquiryStage.NEGOTIATION, by=admin_user)
    inquiry_decline(inquiry=inquiry, reason="other", by=admin_user)
    listing.refresh_from_db()
    assert listing.availability == availability and listing.history.count() == records


def test_declining_reads_the_inquiry_with_its_listing_and_owner_in_one_locked_query(
    admin_user, django_assert_num_queries
):
    """The owner's address for the notice comes with the locked inquiry, not in a query of its own."""
    inquiry = factories.InquiryFactory(technology__owner__contact_email="owner@example.com")
    with django_assert_num_queries(9):
        inquiry_decline(inquiry=inquiry, reason="too_early", by=admin_user)
