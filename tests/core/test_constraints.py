"""Each database constraint rejects a bad row, whatever path wrote it (no model validation involved)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from haidian.models import KeyFigure, Sector
from listings.models import Contract, Inquiry, Technology, TechnologyStatus
from tests import factories

pytestmark = pytest.mark.django_db


def assert_rejected(update, model, pk):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=pk).update(**update)


@pytest.mark.parametrize(
    "update",
    [
        {"trl": 0},
        {"trl": 10},
        {"price_cny": Decimal("-1")},
        {"price_cny": None, "price_negotiable": False},
        {"status": TechnologyStatus.PUBLISHED, "published_at": None},
    ],
    ids=["trl-below-1", "trl-above-9", "negative-price", "no-price-not-negotiable", "published-without-date"],
)
def test_technology_constraints(update):
    technology = factories.TechnologyFactory()
    assert_rejected(update, Technology, technology.pk)


def test_technology_expiry_must_follow_publication():
    technology = factories.TechnologyFactory()
    assert_rejected({"expires_at": technology.published_at - timedelta(days=1)}, Technology, technology.pk)


def test_technology_slug_is_unique():
    factories.TechnologyFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TechnologyFactory(slug="same")


def test_negotiable_listing_needs_no_price():
    technology = factories.TechnologyFactory(price_cny=None, price_negotiable=True)
    assert technology.pk


@pytest.mark.parametrize(
    "update",
    [
        {"value": Decimal("-5")},
        {"value_cny": Decimal("-5")},
        {"currency": "XXX"},
        {"currency": ""},
        {"value": None},
    ],
    ids=["negative-value", "negative-cny", "unknown-currency", "empty-currency", "missing-value"],
)
def test_contract_constraints(update):
    contract = factories.ContractFactory()
    assert_rejected(update, Contract, contract.pk)


def test_contract_seller_is_not_buyer():
    contract = factories.ContractFactory()
    assert_rejected({"buyer": contract.seller}, Contract, contract.pk)


@pytest.mark.parametrize(
    "update",
    [
        {"amount_min_cny": Decimal("20000000")},
        {"amount_min_cny": Decimal("-1")},
        {"term_min_months": 48},
        {"rate_min_pct": Decimal("9.00")},
        {"rate_min_pct": Decimal("-0.5")},
    ],
    ids=[
        "amount-min-above-max",
        "negative-amount",
        "term-min-above-max",
        "rate-min-above-max",
        "negative-rate",
    ],
)
def test_financing_product_ranges(update):
    from financing.models import FinancingProduct

    product = factories.FinancingProductFactory()
    assert_rejected(update, FinancingProduct, product.pk)


def test_financing_need_amount_positive():
    from financing.models import FinancingNeed

    need = factories.FinancingNeedFactory()
    assert_rejected({"amount_cny": Decimal("0")}, FinancingNeed, need.pk)


def test_key_figure_period_order_and_uniqueness():
    figure = factories.KeyFigureFactory()
    assert_rejected({"period_start": figure.period_end + timedelta(days=1)}, KeyFigure, figure.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.KeyFigureFactory(period_start=date(2024, 6, 1))


def test_published_page_and_article_need_a_date():
    from haidian.models import Article, Page

    page = factories.PageFactory()
    article = factories.ArticleFactory()
    assert_rejected({"published_at": None}, Page, page.pk)
    assert_rejected({"published_at": None}, Article, article.pk)


def test_sector_cannot_be_its_own_parent():
    sector = factories.SectorFactory()
    assert_rejected({"parent": sector}, Sector, sector.pk)


def test_one_agency_per_member():
    member = factories.AgencyMemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.AgencyMemberFactory(user=member.user)


def test_answered_inquiry_has_answer_time():
    inquiry = factories.InquiryFactory()
    assert_rejected({"status": "answered"}, Inquiry, inquiry.pk)
    assert_rejected({"answered_at": inquiry.created_at - timedelta(hours=1)}, Inquiry, inquiry.pk)
    Inquiry.objects.filter(pk=inquiry.pk).update(status="answered", answered_at=timezone.now())
