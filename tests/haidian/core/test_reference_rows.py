"""The reference rows the data migrations load (services, company stages, transaction types) are
named by their kind's translated label wherever a row is shown: admin choices, filters, pages."""

import pytest
from django.utils import translation

from agencies.models import Service, ServiceKind
from financing.models import CompanyStage, CompanyStageKind
from listings.models import TransactionType, TransactionTypeKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "kind"),
    [(Service, ServiceKind), (CompanyStage, CompanyStageKind), (TransactionType, TransactionTypeKind)],
)
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_reference_row_is_named_by_its_kinds_label_in_the_language_asked(model, kind, lang):
    with translation.override(lang):
        names = {row.code: str(row) for row in model.objects.all()}
        assert names == {code: str(label) for code, label in kind.choices}
    assert len(set(names.values())) == len(kind.choices)
