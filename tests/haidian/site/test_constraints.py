"""Each database constraint rejects a bad row, whatever path wrote it (no model validation involved)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from listings.models import Inquiry, TechnologyStatus
from tests import factories

pytestmark = pytest.mark.django_db


def assert_rejected(obj, update):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**update)


@pytest.mark.parametrize(
    ("make", "update"),
    [
        pytest.param(factories.TechnologyFactory, {"trl": 0}, id="technology-trl-below-1"),
        pytest.param(factories.TechnologyFactory, {"trl": 10}, id="technology-trl-above-9"),
        pytest.param(
            factories.TechnologyFactory, {"price_cny": Decimal("-1")}, id="technology-negative-price"
        ),
        pytest.param(
            factories.TechnologyFactory,
            {"price_cny": None, "price_negotiable": False},
            id="technology-no-price-not-negotiable",
        ),
        pytest.param(
            factories.TechnologyFactory,
            {"status": TechnologyStatus.PUBLISHED, "published_at": None},
            id="technology-published-without-date",
        ),
        pytest.param(factories.ContractFactory, {"value": Decimal("-5")}, id="contract-negative-value"),
        pytest.param(factories.ContractFactory, {"value_cny": Decimal("-5")}, id="contract-negative-cny"),
        pytest.param(factories.ContractFactory, {"currency": "XXX"}, id="contract-unknown-currency"),
        pytest.param(factories.ContractFactory, {"currency": ""}, id="contract-empty-currency"),
        pytest.param(factories.ContractFactory, {"value": None}, id="contract-missing-value"),
        pytest.param(
            factories.FinancingProductFactory,
            {"amount_min_cny": Decimal("20000000")},
            id="product-amount-min-above-max",
        ),
        pytest.param(
            factories.FinancingProductFactory, {"amount_min_cny": Decimal("-1")}, id="product-negative-amount"
        ),
        pytest.param(
            factories.FinancingProductFactory, {"term_min_months": 48}, id="product-term-min-above-max"
        ),
        pytest.param(
            factories.FinancingProductFactory,
            {"rate_min_pct": Decimal("9.00")},
            id="product-rate-min-above-max",
        ),
        pytest.param(
            factories.FinancingProductFactory, {"rate_min_pct": Decimal("-0.5")}, id="product-negative-rate"
        ),
    ],
)
def test_check_constraints(make, update):
    assert_rejected(make(), update)


def test_technology_expiry_must_follow_publication():
    technology = factories.TechnologyFactory()
    assert_rejected(technology, {"expires_at": technology.published_at - timedelta(days=1)})


def test_technology_slug_is_unique():
    factories.TechnologyFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TechnologyFactory(slug="same")


def test_negotiable_listing_needs_no_price():
    technology = factories.TechnologyFactory(price_cny=None, price_negotiable=True)
    assert technology.pk


def test_contract_seller_is_not_buyer():
    contract = factories.ContractFactory()
    assert_rejected(contract, {"buyer": contract.seller})


def test_financing_need_amount_positive():
    need = factories.FinancingNeedFactory()
    assert_rejected(need, {"amount_cny": Decimal("0")})


def test_key_figure_period_order_and_uniqueness():
    figure = factories.KeyFigureFactory()
    assert_rejected(figure, {"period_start": figure.period_end + timedelta(days=1)})
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.KeyFigureFactory(period_start=date(2024, 6, 1))


def test_published_page_and_article_need_a_date():
    page = factories.PageFactory()
    article = factories.ArticleFactory()
    assert_rejected(page, {"published_at": None})
    assert_rejected(article, {"published_at": None})


def test_sector_cannot_be_its_own_parent():
    sector = factories.SectorFactory()
    assert_rejected(sector, {"parent": sector})


def test_one_agency_per_member():
    member = factories.AgencyMemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.AgencyMemberFactory(user=member.user)


def test_answered_inquiry_has_answer_time():
    inquiry = factories.InquiryFactory()
    assert_rejected(inquiry, {"status": "answered"})
    assert_rejected(inquiry, {"answered_at": inquiry.created_at - timedelta(hours=1)})
    Inquiry.objects.filter(pk=inquiry.pk).update(status="answered", answered_at=timezone.now())
