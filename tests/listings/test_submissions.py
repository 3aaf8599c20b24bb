"""Technology offers and needs posted from the public site: submit, confirm by the e-mailed link,
moderate in the back office, publish or decline (the submitter hears by e-mail), withdraw."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from listings import services
from listings.models import Attachment, Technology, TechnologyStatus, TechnologySubmission
from tests import factories, samples
from tests.admin_users import login

pytestmark = pytest.mark.django_db

OFFER = "/en/technologies/submit/offer/"
QUEUE = "/admin/listings/technologysubmission/"


@pytest.fixture
def sector(db):
    return factories.SectorFactory(name_en="IC design", name_zh_hans="集成电路设计")


@pytest.fixture
def form_data(sector):
    return {
        "contact_name": "Li Wei",
        "email": "li.wei@example.cn",
        "organization_name": "Beijing Chip Works",
        "organization_kind": "company",
        "country": "CN",
        "title": "Low-power RISC-V core",
        "summary": "A licensable 32-bit core for sensors.",
        "description": "Taped out in 28 nm.\n\nSilicon-proven <b>twice</b>.",
        "sectors": [sector.slug],
        "trl": "7",
        "ip_status": "granted_patent",
        "patent_numbers": "CN201711443464.X",
        "price_negotiable": "on",
        "consent": "on",
    }


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(data, url=OFFER, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return send


def link_in(mail, purpose: str) -> str:
    """The path of the confirm or withdraw link in an e-mail's text."""
    return re.search(rf"https?://[^/\s]+(/\S+/{purpose}/\S+/)", mail.body).group(1)


@pytest.fixture
def confirmed(client, post, form_data, mailoutbox, django_capture_on_commit_callbacks):
    """A submission posted and confirmed: its listing is in review."""
    post(form_data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[0], "confirm"))
    return TechnologySubmission.objects.get()


def test_submitting_stores_nothing_public_and_mails_a_signed_link(client, post, form_data, mailoutbox):
    response = post(form_data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and response.url == "/en/technologies/submit/sent/"
    submission = TechnologySubmission.objects.get()
    assert submission.kind == "offer" and submission.language == "en"
    assert submission.ip_address == "203.0.113.7" and submission.confirmed_at is None
    assert not Technology.objects.exists()  # nothing until the address is confirmed
    (mail,) = mailoutbox
    assert mail.to == ["li.wei@example.cn"] and "Beijing Chip Works" in mail.body
    assert "a technology offer" in mail.body
    assert "Check your e-mail" in client.get(response.url).content.decode()


def test_the_form_page_in_both_languages(client):
    english = client.get(OFFER).content.decode()
    assert 'name="website"' in english and 'enctype="multipart/form-data"' in english
    assert 'name="status"' not in english  # the submitter cannot set what the workflow sets
    chinese = client.get("/zh-hans/technologies/submit/need/")
    assert chinese.status_code == 200 and 'lang="zh-Hans"' in chinese.content.decode()
    assert client.get("/en/technologies/submit/contract/").status_code == 404


@pytest.mark.parametrize(
    "change, field",
    [
        ({"email": "not an address"}, "email"),
        ({"trl": "12"}, "trl"),
        ({"country": "XX"}, "country"),
        ({"sectors": ["no-such-sector"]}, "sectors"),
        ({"sectors": ["9999999999999999999999999"]}, "sectors"),
        ({"agency": "9999999999999999999999999"}, "agency"),
        ({"title": "two\nlines"}, "title"),
        ({"price_negotiable": ""}, "price_cny"),
        ({"agency": "abc"}, "agency"),
    ],
)
def test_malformed_input_is_a_form_error(post, form_data, mailoutbox, change, field):
    response = post({**form_data, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not TechnologySubmission.objects.exists() and not mailoutbox


def test_status_and_other_workflow_fields_posted_are_ignored(client, post, form_data, mailoutbox):
    post({**form_data, "status": "published", "published_at": "2020-01-01", "internal_notes": "x"})
    client.post(link_in(mailoutbox[0], "confirm"))
    listing = Technology.objects.get()
    assert listing.status == TechnologyStatus.IN_REVIEW and listing.internal_notes == ""
    assert listing.published_at is None


def test_the_honeypot_answers_a_bot_as_if_all_went_well(post, form_data, mailoutbox):
    response = post({**form_data, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not TechnologySubmission.objects.exists() and not mailoutbox


def test_the_rate_limit(post, form_data, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    assert [post(form_data).status_code for _ in range(3)] == [302, 302, 429]
    assert TechnologySubmission.objects.count() == 2


def test_an_attachment_is_checked_by_its_content(post, form_data, mailoutbox):
    fake = SimpleUploadedFile("brochure.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = post({**form_data, "attachment": fake})
    assert response.status_code == 400 and "attachment" in response.context["form"].errors
    assert not TechnologySubmission.objects.exists()


def test_confirming_puts_the_listing_in_review_with_its_attachment(
    client, post, form_data, mailoutbox, django_capture_on_commit_callbacks
):
    pdf = SimpleUploadedFile("brochure.pdf", samples.PDF, content_type="application/pdf")
    post({**form_data, "attachment": pdf})
    link = link_in(mailoutbox[0], "confirm")
    page = client.get(link).content.decode()
    assert "Confirm my submission" in page and not Technology.objects.exists()  # GET does nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert "waiting for the center" in response.content.decode()
    listing = Technology.objects.get()
    assert listing.status == TechnologyStatus.IN_REVIEW and listing.kind == "offer"
    assert listing.title_en == "Low-power RISC-V core" and not listing.title_zh_hans
    assert "&lt;b&gt;twice&lt;/b&gt;" in listing.description_en  # typed text stays text
    assert (
        listing.owner.name_en == "Beijing Chip Works" and listing.owner.contact_email == "li.wei@example.cn"
    )
    assert listing.agency is None and listing.patent_numbers == "CN201711443464.X"
    attachment = Attachment.objects.get(technology=listing)
    assert attachment.original_name == "brochure.pdf" and not attachment.is_public
    assert attachment.content_type == "application/pdf"
    assert "public form" in listing.history.first().history_change_reason
    # A second click changes nothing.
    client.post(link)
    assert Technology.objects.count() == 1
    assert client.get(f"/en/technologies/{listing.slug}/").status_code == 404  # not published yet


def test_a_chinese_submission_fills_the_chinese_columns(client, post, form_data, mailoutbox):
    post(form_data, url="/zh-hans/technologies/submit/need/")
    assert "/zh-hans/" in mailoutbox[0].body and "确认" in mailoutbox[0].subject
    client.post(link_in(mailoutbox[0], "confirm"))
    listing = Technology.objects.get()
    assert listing.kind == "need" and listing.title_zh_hans == "Low-power RISC-V core"
    assert not listing.title_en and listing.owner.name_zh_hans == "Beijing Chip Works"


def test_forged_and_expired_links_give_a_clear_page(client, confirmed, mailoutbox):
    forged = client.get("/en/technologies/submit/confirm/1:abc:def/")
    assert forged.status_code == 400 and "This link is not valid." in forged.content.decode()
    # A withdraw link is not a confirm link: each is signed for its purpose.
    token = confirmed.token("withdraw")
    assert client.post(f"/en/technologies/submit/confirm/{token}/").status_code == 400
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: 0)  # signed in 1970
        expired = signing.dumps(confirmed.pk, salt=TechnologySubmission.salt("confirm"))
    response = client.post(f"/en/technologies/submit/confirm/{expired}/")
    assert response.status_code == 400 and "This link has expired." in response.content.decode()


def test_unconfirmed_submissions_never_reach_the_queue_and_are_purged(
    post, form_data, confirmed, admin_client, settings
):
    post({**form_data, "email": "someone@example.org"})
    assert admin_client.get(QUEUE).context["cl"].result_count == 1  # the confirmed one only
    late = timezone.now() + timedelta(days=settings.SUBMISSION_CONFIRM_DAYS + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: late)
        call_command("purge_unconfirmed_submissions")
    assert list(TechnologySubmission.objects.all()) == [confirmed]


def test_publishing_tells_the_submitter_with_the_link(
    confirmed, center_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = services.technology_publish(technology=confirmed.technology, by=center_admin)
    mail = mailoutbox[-1]
    assert mail.subject == "Your submission is published" and mail.to == ["li.wei@example.cn"]
    assert listing.get_absolute_url() in mail.body and "/withdraw/" in mail.body
    confirmed.refresh_from_db()
    assert confirmed.outcome == "published"


def test_declining_tells_the_reason(confirmed, center_client, mailoutbox, django_capture_on_commit_callbacks):
    listing = confirmed.technology
    page = center_client.get(f"/admin/listings/technology/{listing.pk}/change/")
    token = page.context["workflow_token"]
    with django_capture_on_commit_callbacks(execute=True):
        center_client.post(
            f"/admin/listings/technology/{listing.pk}/workflow/",
            {"workflow": "withdraw", "reason": "Outside the center's sectors", "concurrency_token": token},
        )
    mail = mailoutbox[-1]
    assert mail.subject == "Your submission was not published"
    assert "Outside the center's sectors" in mail.body
    assert TechnologySubmission.objects.get().get_outcome_display() == "Declined"


def test_the_submitter_withdraws_through_the_signed_link(
    client, confirmed, center_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = services.technology_publish(technology=confirmed.technology, by=center_admin)
    assert client.get(listing.get_absolute_url()).status_code == 200
    link = link_in(mailoutbox[-1], "withdraw")
    assert "Withdraw my submission" in client.get(link).content.decode()
    client.post(link)
    client.post(link)  # twice: harmless
    listing.refresh_from_db()
    assert listing.status == TechnologyStatus.WITHDRAWN
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert listing.history.first().history_change_reason == "Withdrawn: by the submitter"
    assert len(mailoutbox) == 2  # confirm, published; no "declined" for the submitter's own step
    queue = login(center_admin).get(QUEUE).content.decode()
    assert "Withdrawn by the submitter" in queue


def test_an_agency_editor_sees_only_their_agencys_submissions(
    client, post, form_data, mailoutbox, make_editor, django_capture_on_commit_callbacks
):
    mine, other = factories.AgencyFactory(), factories.AgencyFactory()
    for agency, email in [(mine, "a@example.org"), (other, "b@example.org"), (None, "c@example.org")]:
        post({**form_data, "agency": agency.slug if agency else "", "email": email})
    for mail in mailoutbox:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link_in(mail, "confirm"))
    editor = login(make_editor(agency=mine))
    page = editor.get(QUEUE)
    assert page.status_code == 200 and page.context["cl"].result_count == 1
    assert "a@example.org" in page.content.decode() and "b@example.org" not in page.content.decode()
    theirs = TechnologySubmission.objects.get(email="b@example.org")
    assert editor.get(f"{QUEUE}{theirs.pk}/change/").status_code == 404
    assert Technology.objects.get(submission__email="a@example.org").agency == mine
