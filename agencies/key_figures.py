"""The key figures the agencies app measures from its directory (see ``haidian.core.key_figures``)."""

from decimal import Decimal

from haidian.core.key_figures import Measured, register_key_figure

from .models import Agency


def service_agencies(start, end) -> Measured:
    """A stock: the active agencies that had joined the center by the end of the period."""
    return Measured(Decimal(Agency.objects.active().filter(joined_on__lte=end).count()))


def register() -> None:
    register_key_figure("service-agencies", service_agencies)
