"""The listing page shows its quantified benefits as a table: metric | value and unit | baseline."""

import re
from decimal import Decimal

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[list[str]]:
    section = html.split('class="benefits"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def test_claims_are_shown_with_sensible_numbers(client):
    technology = factories.TechnologyFactory()
    factories.BenefitClaimFactory(technology=technology, value=Decimal("-35"))
    factories.BenefitClaimFactory(
        technology=technology,
        position=1,
        metric_en="Throughput",
        value=Decimal("12000"),
        unit_en="t/year",
        unit_zh_hans="吨/年",
        compared_with_en="",
        compared_with_zh_hans="",
    )
    html = client.get(technology.get_absolute_url()).content.decode()
    assert "35.0000" not in html
    assert cells(html) == [
        ["Energy use", "-35 %", "conventional furnaces"],
        ["Throughput", "12,000 t/year", "–"],
    ]
    chinese = client.get(technology.get_absolute_url().replace("/en/", "/zh-hans/")).content.decode()
    assert cells(chinese)[0] == ["能耗", "-35 %", "传统熔炉"]


def test_no_claims_no_section(client):
    technology = factories.TechnologyFactory()
    assert 'class="benefits"' not in client.get(technology.get_absolute_url()).content.decode()
