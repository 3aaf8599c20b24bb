from decimal import Decimal

import pytest

from listings.models.benefits import format_benefit_value
from tests import factories


@pytest.mark.parametrize(
    ("value", "shown"),
    [("35.0000", "35"), ("-35.0000", "-35"), ("0.5000", "0.5"), ("1200.0000", "1200"), ("1.0800", "1.08")],
)
def test_values_show_without_trailing_zeros_or_exponent(value, shown):
    assert format_benefit_value(Decimal(value)) == shown


@pytest.mark.django_db
def test_a_claim_reads_as_metric_value_and_unit():
    claim = factories.BenefitClaimFactory(metric_en="Energy use", value=Decimal("-35"), unit_en="%")
    claim.refresh_from_db()
    assert str(claim) == "Energy use: -35 %"
