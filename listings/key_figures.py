"""The key figures the listings app measures from its register (see ``haidian.core.key_figures``)."""

from decimal import Decimal

from haidian.core.key_figures import Measured, register_key_figure

from . import statistics
from .models import Contract, Technology, TechnologyKind, TechnologyStatus

# Listings that reached the public: a closed (transferred) or withdrawn listing was on the market too.
ONCE_PUBLISHED = [TechnologyStatus.PUBLISHED, TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN]


def _contracts(start, end) -> dict:
    return statistics.totals(Contract.objects.published().filter(signed_on__range=(start, end)))


def signed_contracts(start, end) -> Measured:
    """Published contracts signed in the period, confidential ones included (they are only counted)."""
    return Measured(Decimal(_contracts(start, end)["count"]))


def contract_value(start, end) -> Measured:
    """The public values of those contracts; confidential values are left out and counted."""
    totals = _contracts(start, end)
    return Measured(totals["value_cny"], withheld=totals["withheld_count"])


def _listings(kind):
    def published_in(start, end) -> Measured:
        """Listings of ``kind`` first published in the period."""
        count = Technology.objects.filter(
            kind=kind, status__in=ONCE_PUBLISHED, published_at__date__range=(start, end)
        ).count()
        return Measured(Decimal(count))

    return published_in


def register() -> None:
    register_key_figure("signed-contracts", signed_contracts)
    register_key_figure("contract-value", contract_value)
    register_key_figure("technology-offers", _listings(TechnologyKind.OFFER))
    register_key_figure("technology-needs", _listings(TechnologyKind.NEED))
