"""Import/export carries ``machine_translated`` as comma-separated language columns, validated."""

import pytest

from agencies.resources import AgencyResource
from financing.resources import FinancingNeedResource, FinancingProductResource
from haidian.backoffice.resources import OrganizationResource
from haidian.core.models import Organization
from listings.resources import ContractResource, TechnologyResource
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "resource",
    [
        TechnologyResource,
        ContractResource,
        AgencyResource,
        OrganizationResource,
        FinancingProductResource,
        FinancingNeedResource,
    ],
    ids=lambda r: r.__name__,
)
def test_every_resource_has_the_column(resource):
    assert "machine_translated" in [field.column_name for field in resource().get_export_fields()]


def reimport(cell: str):
    dataset = OrganizationResource().export()
    row = list(dataset[0])
    row[dataset.headers.index("machine_translated")] = cell
    dataset[0] = row
    return OrganizationResource().import_data(dataset, dry_run=False, raise_errors=False)


def test_export_then_import_round_trip():
    organization = factories.OrganizationFactory(machine_translated=["name_zh_hans", "city_zh_hans"])
    dataset = OrganizationResource().export()
    assert dataset["machine_translated"] == ["name_zh_hans, city_zh_hans"]
    result = reimport("description_zh_hans，name_zh_hans")  # a Chinese comma too
    assert not result.has_errors() and not result.has_validation_errors()
    organization.refresh_from_db()
    assert organization.machine_translated == ["name_zh_hans", "description_zh_hans"]


def test_an_unknown_column_is_a_row_error():
    organization = factories.OrganizationFactory()
    result = reimport("name_zh_hans, website_zh_hans")
    assert result.has_validation_errors()
    assert "website_zh_hans" in str(result.invalid_rows[0].error_dict)
    assert Organization.objects.get(pk=organization.pk).machine_translated == []
