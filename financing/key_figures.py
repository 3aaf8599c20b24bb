"""The key figures the financing app measures from its register (see ``haidian.core.key_figures``)."""

from decimal import Decimal

from haidian.core.key_figures import Measured, register_key_figure

from .models import FinancingNeed, FinancingProduct


def financing_products(start, end) -> Measured:
    """A stock: the active products offered by the end of the period."""
    return Measured(Decimal(FinancingProduct.objects.active().filter(created_at__date__lte=end).count()))


def financing_needs(start, end) -> Measured:
    """Public financing needs filed in the period."""
    count = FinancingNeed.objects.published().filter(created_at__date__range=(start, end)).count()
    return Measured(Decimal(count))


def register() -> None:
    register_key_figure("financing-products", financing_products)
    register_key_figure("financing-needs", financing_needs)
