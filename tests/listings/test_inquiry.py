"""The inquiry form: validated, CSRF-protected, rate-limited per address, a honeypot; stored and
e-mailed to the brokering agency; a thank-you page; errors keep the input."""

import pytest
from django.test import Client

from haidian.core.models import OutboundMessage
from listings.models import Inquiry, InquiryStatus
from listings.services import inquiry_submit
from tests import factories

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Kenji Sato",
    "organization_name": "Minato Semiconductor",
    "email": "kenji@minato.example",
    "phone": "+81 3 1234 5678",
    "country": "JP",
    "message": "We would like to discuss a licence for our Osaka fab.",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def listing():
    return factories.TechnologyFactory(title_en="Wafer inspection optics")


def url(listing, lang="en"):
    return f"/{lang}/technologies/{listing.slug}/"


def test_a_valid_inquiry_is_stored_mailed_and_thanked(
    client, listing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(listing), VALID, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response.url == f"/en/technologies/{listing.slug}/inquiry-sent/"
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.email, inquiry.country_id, inquiry.language) == (
        "Kenji Sato",
        "kenji@minato.example",
        "JP",
        "en",
    )
    assert inquiry.ip_address == "203.0.113.7"
    assert inquiry.status == InquiryStatus.FORWARDED
    (mail,) = mailoutbox
    assert mail.to == [listing.agency.inquiry_email]
    assert mail.reply_to == ["kenji@minato.example"]
    assert "Wafer inspection optics" in mail.subject
    assert f"http://testserver/en/technologies/{listing.slug}/" in mail.body
    # Keyed by the inquiry: a job run again never queues its mail twice.
    assert OutboundMessage.objects.get().key == f"inquiry:{inquiry.pk}"
    page = client.get(response.url)
    assert "Thank you for your inquiry" in page.content.decode()


def test_an_inquiry_in_chinese_records_the_language(client, listing):
    client.post(url(listing, "zh-hans"), VALID)
    assert Inquiry.objects.get().language == "zh-hans"


def test_without_an_agency_address_the_inquiry_waits_for_the_center(listing, mailoutbox):
    listing.agency.inquiry_email = listing.agency.contact_email = ""
    listing.agency.save()
    inquiry = inquiry_submit(technology=listing, name="A", email="a@example.com", message="x" * 30)
    assert inquiry.status == InquiryStatus.NEW and mailoutbox == []


def test_errors_are_shown_and_the_input_kept(client, listing):
    data = {**VALID, "email": "not-an-address", "message": "short", "consent": ""}
    response = client.post(url(listing), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    assert "Enter a valid email address." in html
    assert "at least 20 characters" in html
    assert 'value="Kenji Sato"' in html and 'value="not-an-address"' in html and "short</textarea>" in html
    assert Inquiry.objects.count() == 0


def test_the_honeypot_pretends_success_and_stores_nothing(client, listing, mailoutbox):
    response = client.post(url(listing), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302 and response.url.endswith("/inquiry-sent/")
    assert Inquiry.objects.count() == 0 and mailoutbox == []


def test_rate_limited_per_address(client, listing, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(url(listing), VALID, REMOTE_ADDR="198.51.100.1").status_code == 302
    response = client.post(url(listing), VALID, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert 'value="Kenji Sato"' in response.content.decode()
    # Another address is not affected.
    assert client.post(url(listing), VALID, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert Inquiry.objects.count() == 3


def test_csrf_is_enforced(listing):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(listing), VALID).status_code == 403
    page = client.get(url(listing))
    token = page.cookies["csrftoken"].value
    response = client.post(url(listing), {**VALID, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_no_inquiry_on_an_unpublished_listing(client):
    draft = factories.TechnologyFactory(status="draft", published_at=None)
    assert client.post(url(draft), VALID).status_code == 404
    assert Inquiry.objects.count() == 0
