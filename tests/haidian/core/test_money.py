"""Amounts of yuan read "CN¥" in English and 万/亿元 in Chinese on every page, chart and the admin
dashboard; a converted value names its original currency, amount, rate and date."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from haidian.core.matching import format_cny
from tests import factories

pytestmark = pytest.mark.django_db

BARE_YEN = re.compile(r"(?<!CN)¥")


@pytest.mark.parametrize(
    ("amount", "en", "zh"),
    [
        (Decimal("53000000000"), "CN¥53 bn", "530亿元"),
        (Decimal("877000000000"), "CN¥877 bn", "8770亿元"),
        (Decimal("7200000"), "CN¥7.2 M", "720万元"),
        (Decimal("8500"), "CN¥8,500", "8500元"),
    ],
)
def test_amounts_in_both_languages(amount, en, zh):
    with translation.override("en"):
        assert format_cny(amount) == en
    with translation.override("zh-hans"):
        assert format_cny(amount) == zh


def test_a_converted_amount_names_currency_amount_rate_and_date():
    args = {"original": Decimal("150000000000"), "currency": "JPY", "on": date(2025, 3, 31)}
    with translation.override("en"):
        assert format_cny(Decimal("7200000000"), **args) == "CN¥7.2 bn (JPY 150 bn at 0.048, 2025-03-31)"
        assert format_cny(Decimal("5000000"), original=Decimal("5000000"), currency="CNY") == "CN¥5 M"
    with translation.override("zh-hans"):
        assert format_cny(Decimal("7200000000"), **args) == "72亿元（JPY 1500亿，汇率 0.048，2025-03-31）"


@pytest.fixture
def yen_contract():
    return factories.ContractFactory(
        reference="HD-2025-002",
        value=Decimal("150000000000"),
        currency="JPY",
        value_cny=Decimal("7200000000"),
        signed_on=date(2025, 3, 31),
    )


@pytest.mark.parametrize(
    ("prefix", "text"),
    [
        ("en", "CN¥7.2 bn (JPY 150 bn at 0.048, 2025-03-31)"),
        ("zh-hans", "72亿元（JPY 1500亿，汇率 0.048，2025-03-31）"),
    ],
)
def test_contract_pages_show_the_conversion(client, yen_contract, prefix, text):
    html = client.get(f"/{prefix}/contracts/").content.decode()
    assert text in html
    assert (
        text
        in client.get(yen_contract.agency.get_absolute_url().replace("/en/", f"/{prefix}/")).content.decode()
    )


@pytest.mark.parametrize(("prefix", "unit"), [("en", "CN¥"), ("zh-hans", "亿元")])
def test_no_bare_yen_sign_on_public_pages(client, yen_contract, prefix, unit):
    factories.KeyFigureFactory(
        key="contract-value",
        value=None,
        in_yuan=True,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    for path in (f"/{prefix}/", f"/{prefix}/contracts/", f"/{prefix}/contracts/statistics/"):
        html = client.get(path).content.decode()
        assert unit in html, path
        assert not BARE_YEN.search(html), path
        assert "十亿" not in html, path


def test_statistics_chart_counts_in_yi_in_chinese(client, yen_contract):
    html = client.get("/zh-hans/contracts/statistics/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "72亿元" in svg


@pytest.mark.parametrize(
    ("language", "this_year", "last_year"), [("en", "CN¥2 M", "CN¥5.5 bn"), ("zh-hans", "200万元", "55亿元")]
)
def test_admin_dashboard_amounts(admin_client, admin_user, language, this_year, last_year):
    year = timezone.localdate().year
    factories.ContractFactory(signed_on=date(year, 1, 1), value_cny=Decimal("2000000"))
    factories.ContractFactory(signed_on=date(year - 1, 1, 1), value_cny=Decimal("5500000000"))
    html = admin_client.get(reverse("admin:index"), headers={"accept-language": language}).content.decode()
    section = html[html.index('id="dashboard-contracts"') :]
    assert this_year in section and last_year in section
    assert not BARE_YEN.search(section)
