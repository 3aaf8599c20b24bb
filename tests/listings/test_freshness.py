"""Freshness: every public listing says when it was last verified and whether it is still available;
staff verify listings and see the overdue ones; closing, negotiating and expiry keep availability
and visibility coherent."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from haidian.backoffice.base import concurrency_token_for
from listings.follow_through import inquiry_advance, inquiry_decline
from listings.models import Availability, InquiryStage, Technology, TechnologyStatus
from listings.services import technology_close, technology_verify
from tests import factories

pytestmark = pytest.mark.django_db


def test_detail_page_and_card_show_availability_and_verification(client):
    verified = factories.TechnologyFactory(
        last_verified_at=timezone.now() - timedelta(days=3), availability=Availability.UNDER_NEGOTIATION
    )
    never = factories.TechnologyFactory(last_verified_at=None)
    html = client.get(verified.get_absolute_url()).content.decode()
    assert "Under negotiation" in html and "Last verified" in html
    assert "Not yet verified" not in html
    html = client.get(never.get_absolute_url()).content.decode()
    assert "Not yet verified" in html and "Available" in html
    cards = client.get("/en/technologies/").content.decode()
    assert cards.count("Not yet verified") == 1 and "Under negotiation" in cards


def test_api_list_and_detail_carry_availability_and_last_verified(client):
    listing = factories.TechnologyFactory(availability=Availability.UNDER_NEGOTIATION)
    row = client.get("/api/v1/technologies/").json()["results"][0]
    assert row["availability"] == "under_negotiation"
    assert row["last_verified_at"] is not None
    detail = client.get(f"/api/v1/technologies/{listing.slug}/").json()
    assert detail["availability"] == "under_negotiation"
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    enum = schema["components"]["schemas"]
    assert any(
        set(s.get("enum", [])) == {"available", "under_negotiation", "transferred"} for s in enum.values()
    )


def test_closing_marks_the_listing_transferred(admin_user):
    listing = factories.TechnologyFactory()
    technology_close(technology=listing, by=admin_user)
    listing.refresh_from_db()
    assert listing.availability == Availability.TRANSFERRED
    assert listing.history.first().history_change_reason.startswith("Closed")
    assert not Technology.objects.published().filter(pk=listing.pk).exists()


def test_negotiation_sets_and_the_last_decline_clears_under_negotiation(admin_user):
    listing = factories.TechnologyFactory()
    first, second = factories.InquiryFactory(technology=listing), factories.InquiryFactory(technology=listing)
    inquiry_advance(inquiry=first, stage=InquiryStage.NEGOTIATION, by=admin_user)
    inquiry_advance(inquiry=second, stage=InquiryStage.NEGOTIATION, by=admin_user)
    listing.refresh_from_db()
    assert listing.availability == Availability.UNDER_NEGOTIATION
    inquiry_decline(inquiry=first, reason="too_early", by=admin_user)
    listing.refresh_from_db()
    assert listing.availability == Availability.UNDER_NEGOTIATION  # the second still negotiates
    inquiry_decline(inquiry=second, reason="other", by=admin_user)
    listing.refresh_from_db()
    assert listing.availability == Availability.AVAILABLE
    assert listing.history.first().history_change_reason.startswith("Available")


def test_a_decline_leaves_a_hand_set_transferred_or_available_alone(admin_user):
    listing = factories.TechnologyFactory()
    inquiry = factories.InquiryFactory(technology=listing)
    inquiry_advance(inquiry=inquiry, stage=InquiryStage.INTRODUCTION, by=admin_user)
    inquiry_decline(inquiry=inquiry, reason="benefit_unclear", by=admin_user)
    listing.refresh_from_db()
    assert listing.availability == Availability.AVAILABLE
    assert listing.history.count() == 1  # no availability change recorded


def test_verify_renews_the_date_with_a_reason(admin_user):
    listing = factories.TechnologyFactory(last_verified_at=None)
    technology_verify(technology=listing, by=admin_user)
    listing.refresh_from_db()
    assert listing.last_verified_at is not None
    record = listing.history.first()
    assert record.history_change_reason == "Verified as current" and record.history_user == admin_user


def test_expired_listing_leaves_every_public_place(client):
    listing = factories.TechnologyFactory(title_en="Expired optics", slug="expired-optics")
    Technology.objects.filter(pk=listing.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert "Expired optics" not in client.get("/en/technologies/").content.decode()
    assert client.get("/api/v1/technologies/expired-optics/").status_code == 404
    assert "expired-optics" not in client.get("/api/v1/technologies/").content.decode()
    assert "expired-optics" not in client.get("/sitemap.xml").content.decode()
    assert "Expired optics" not in client.get("/en/technologies/feed/rss/").content.decode()
    # The cron command then withdraws it, with the reason in the history.
    call_command("expire_listings", stdout=StringIO())
    listing.refresh_from_db()
    assert listing.status == TechnologyStatus.WITHDRAWN
    assert "expired on" in listing.history.first().history_change_reason


def test_admin_filter_flag_and_action(admin_client, settings):
    fresh = factories.TechnologyFactory(title_en="Fresh one")
    stale = factories.TechnologyFactory(
        title_en="Stale one",
        last_verified_at=timezone.now() - timedelta(days=settings.LISTING_STALE_DAYS + 1),
    )
    url = reverse("admin:listings_technology_changelist")
    html = admin_client.get(url + "?verification=stale").content.decode()
    assert "Stale one" in html and "Fresh one" not in html
    assert "⚠" in html  # the flag column
    admin_client.post(url, {"action": "verify_selected", "_selected_action": [stale.pk, fresh.pk]})
    assert not Technology.objects.stale(settings.LISTING_STALE_DAYS).exists()


def test_dashboard_lists_only_the_agency_editors_own_overdue_listings(client, settings):
    from django.contrib.auth.models import Group

    from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP

    ours, theirs = factories.AgencyFactory(), factories.AgencyFactory()
    member = factories.AgencyMemberFactory(agency=ours)
    member.user.groups.add(Group.objects.get(name=AGENCY_EDITOR_GROUP))
    factories.TechnologyFactory(agency=ours, title_en="Our stale listing", last_verified_at=None)
    factories.TechnologyFactory(agency=theirs, title_en="Their stale listing", last_verified_at=None)
    factories.TechnologyFactory(agency=ours, title_en="Our fresh listing")
    client.force_login(member.user)
    response = client.get(reverse("admin:index"))
    overdue = [row["title"] for row in response.context["listings"]["overdue"]]
    assert overdue == ["Our stale listing"]
    html = response.content.decode()
    assert "Our stale listing" in html and "Their stale listing" not in html


def test_admin_form_keeps_transferred_for_closing_only(admin_client):
    listing = factories.TechnologyFactory()
    response = admin_client.get(reverse("admin:listings_technology_change", args=[listing.pk]))
    form = response.context["adminform"].form
    assert "availability" in form.fields

    # The form refuses "transferred" on a published listing (closing records a transfer) and keeps it
    # on a closed one.
    def token(obj):
        return concurrency_token_for(obj.updated_at)

    form = type(form)(
        data={"availability": "transferred", "concurrency_token": token(listing)}, instance=listing
    )
    assert "To record a transfer" in str(form.errors["availability"])
    listing.status = TechnologyStatus.CLOSED
    form = type(form)(
        data={"availability": "available", "concurrency_token": token(listing)}, instance=listing
    )
    assert "stays" in str(form.errors["availability"])
    other = factories.TechnologyFactory()
    form = type(form)(
        data={"availability": "under_negotiation", "concurrency_token": token(other)}, instance=other
    )
    assert "availability" not in form.errors


def test_reminder_command_mails_each_agency_its_own_overdue_listings(mailoutbox):
    ours = factories.AgencyFactory(inquiry_email="desk@ours.example")
    theirs = factories.AgencyFactory(inquiry_email="desk@theirs.example")
    factories.TechnologyFactory(agency=ours, title_en="Our stale listing", last_verified_at=None)
    factories.TechnologyFactory(agency=ours, title_en="Our fresh listing")
    factories.TechnologyFactory(agency=theirs, title_en="Their stale listing", last_verified_at=None)
    call_command("remind_stale_listings", "--dry-run", stdout=StringIO())
    assert mailoutbox == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_stale_listings", stdout=StringIO())
    by_recipient = {mail.to[0]: mail.body for mail in mailoutbox}
    assert set(by_recipient) == {"desk@ours.example", "desk@theirs.example"}
    assert "Our stale listing" in by_recipient["desk@ours.example"]
    assert "Our fresh listing" not in by_recipient["desk@ours.example"]
    assert "Their stale listing" not in by_recipient["desk@ours.example"]


def test_api_filters_by_availability_and_verification(client):
    factories.TechnologyFactory(slug="open-one")
    factories.TechnologyFactory(slug="busy-one", availability=Availability.UNDER_NEGOTIATION)
    factories.TechnologyFactory(slug="old-one", last_verified_at=timezone.now() - timedelta(days=400))

    def slugs(query):
        response = client.get(f"/api/v1/technologies/?{query}")
        assert response.status_code == 200, response.content
        return {row["slug"] for row in response.json()["results"]}

    assert slugs("availability=under_negotiation") == {"busy-one"}
    assert slugs("availability=available") == {"open-one", "old-one"}
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert slugs(f"verified_since={since}") == {"open-one", "busy-one"}
    assert client.get("/api/v1/technologies/?availability=sold").status_code == 400
