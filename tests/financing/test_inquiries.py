"""Structured financing inquiries from the public pages: "Ask about this product" reaches the
lender (its staff, else its contact address, else the center), "I can fund this" reaches the
center; honeypot, rate limit shared with technology inquiries, idempotent, bad input named."""

from decimal import Decimal

import pytest
from django.test import Client

from financing.inquiries import inquiry_submit
from financing.models import FinancingInquiry, NeedStatus
from haidian.core.inquiries import InquiryStatus
from tests import factories

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Zhang Min",
    "organization_name": "Example Chips Co.",
    "email": "zhang@chips.example",
    "phone": "+86 10 1234 5678",
    "amount_cny": "3000000",
    "term_months": "24",
    "message": "We would like to borrow for a pilot line of chip packaging.",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def product():
    return factories.FinancingProductFactory(name_en="IC Design Loan", lender__contact_email="")


def ask_url(product, lang="en"):
    return f"/{lang}/financing/products/{product.slug}/ask/"


def fund_url(need, lang="en"):
    return f"/{lang}/financing/needs/{need.slug}/fund/"


def test_asking_about_a_product_reaches_the_lenders_staff(
    client, product, mailoutbox, django_capture_on_commit_callbacks, settings
):
    factories.LenderMemberFactory(lender=product.lender, user__email="desk@bank.example")
    factories.LenderMemberFactory(lender=product.lender, user__email="", user__username="no-mail")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(product), VALID, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert response.url == f"/en/financing/products/{product.slug}/ask/sent/"
    inquiry = FinancingInquiry.objects.get()
    assert (inquiry.product, inquiry.need, inquiry.lender) == (product, None, product.lender)
    assert (inquiry.amount_cny, inquiry.term_months) == (Decimal("3000000"), 24)
    assert inquiry.ip_address == "203.0.113.9"
    assert inquiry.status == InquiryStatus.FORWARDED
    (mail,) = mailoutbox
    assert mail.to == ["desk@bank.example"]
    assert mail.reply_to == ["zhang@chips.example"]
    assert "IC Design Loan" in mail.subject
    assert "Example Chips Co." in mail.body and "24 months" in mail.body
    assert f"{settings.INQUIRY_RESPONSE_HOURS} hours" in mail.body
    assert "Thank you for your inquiry" in client.get(response.url).content.decode()


def test_a_lender_without_staff_gets_it_at_its_contact_address_or_through_the_center(
    client, product, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask_url(product), VALID)
    product.lender.contact_email = "loans@bank.example"
    product.lender.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask_url(product), {**VALID, "email": "other@chips.example"})
    assert [mail.to for mail in mailoutbox] == [[settings.CENTER_CONTACT["email"]], ["loans@bank.example"]]


def test_the_form_page_says_who_receives_it_in_both_languages(client, product):
    page = client.get(ask_url(product)).content.decode()
    assert "Ask about this product" in page and "who pass it to the lender" in page
    assert 'name="amount_cny"' in page and 'name="term_months"' in page and 'name="website"' in page
    page = client.get(ask_url(product, "zh-hans")).content.decode()
    assert "咨询此产品" in page


def test_the_product_and_need_pages_link_to_their_forms(client, product):
    need = factories.FinancingNeedFactory()
    assert ask_url(product) in client.get(product.get_absolute_url()).content.decode()
    assert fund_url(need) in client.get(need.get_absolute_url()).content.decode()


def test_an_offer_to_fund_a_need_goes_through_the_center_with_the_needs_amount_prefilled(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    need = factories.FinancingNeedFactory(amount_cny=Decimal("8000000"), term_months=18)
    page = client.get(fund_url(need)).content.decode()
    assert 'value="8000000' in page and 'value="18"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(fund_url(need), {**VALID, "organization_name": "Zhongguancun Bank"})
    assert response.url == f"/en/financing/needs/{need.slug}/fund/sent/"
    inquiry = FinancingInquiry.objects.get()
    assert (inquiry.need, inquiry.product, inquiry.lender) == (need, None, None)
    (mail,) = mailoutbox
    assert mail.to == [settings.CENTER_CONTACT["email"]]
    assert "Offer to fund" in mail.subject


@pytest.mark.parametrize(
    "change", [{"status": NeedStatus.FUNDED}, {"status": NeedStatus.WITHDRAWN}, {"days": -1}]
)
def test_a_funded_withdrawn_or_closed_need_cannot_be_offered_funding(client, change):
    from datetime import timedelta

    from django.utils import timezone

    fields = {"status": change.get("status", NeedStatus.OPEN)}
    if "days" in change:
        fields["deadline"] = timezone.localdate() + timedelta(days=change["days"])
    need = factories.FinancingNeedFactory(**fields)
    assert client.get(fund_url(need)).status_code == 404
    assert client.post(fund_url(need), VALID).status_code == 404
    assert FinancingInquiry.objects.count() == 0


def test_an_inactive_product_has_no_form(client):
    product = factories.FinancingProductFactory(status="inactive")
    assert client.get(ask_url(product)).status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_cny", "-5"),
        ("amount_cny", "1e400"),
        ("term_months", "601"),
        ("email", "nope"),
        ("message", "short"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, product, field, value):
    response = client.post(ask_url(product), {**VALID, field: value})
    assert response.status_code == 400
    assert f'href="#id_{field}"' in response.content.decode()
    assert FinancingInquiry.objects.count() == 0


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored(client, product, mailoutbox):
    response = client.post(ask_url(product), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302 and response.url.endswith("/ask/sent/")
    assert FinancingInquiry.objects.count() == 0 and mailoutbox == []


def test_the_rate_limit_is_shared_with_technology_inquiries(client, product, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    listing = factories.TechnologyFactory()
    technology_form = {**VALID, "country": "CN"}
    assert (
        client.post(
            f"/en/technologies/{listing.slug}/", technology_form, REMOTE_ADDR="198.51.100.1"
        ).status_code
        == 302
    )
    assert client.post(ask_url(product), VALID, REMOTE_ADDR="198.51.100.1").status_code == 302
    response = client.post(ask_url(product), VALID, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert client.post(ask_url(product), VALID, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert FinancingInquiry.objects.count() == 2


def test_the_same_form_sent_twice_stores_one_inquiry(client, product):
    page = client.get(ask_url(product)).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    for _ in range(2):
        assert client.post(ask_url(product), {**VALID, "token": token}).status_code == 302
    assert FinancingInquiry.objects.count() == 1


def test_csrf_is_enforced(product):
    client = Client(enforce_csrf_checks=True)
    assert client.post(ask_url(product), VALID).status_code == 403


def test_an_inquiry_names_a_product_or_a_need_never_both(product):
    from django.core.exceptions import ValidationError

    need = factories.FinancingNeedFactory()
    with pytest.raises(ValidationError):
        inquiry_submit(product=product, need=need, name="A", email="a@example.com", message="x" * 30)
    with pytest.raises(ValidationError):
        inquiry_submit(name="A", email="a@example.com", message="x" * 30)
