"""Each public model's fields are declared in three places: the API serializer, the import/export
resource and the open-data dataset. This test proves the three agree, so a public field added to one
and forgotten in another fails here.

Fields are compared by name, a translated field's columns (``title_en``, ``title_zh_hans``) counted
as the field (``title``). The public fields are the serializer's, less what the API computes; every
other difference is listed below with its reason.
"""

import pytest
from modeltranslation.translator import translator

from agencies.api.serializers import AgencySerializer
from agencies.resources import AgencyResource
from financing.api.serializers import FinancingNeedSerializer, FinancingProductSerializer
from financing.resources import FinancingNeedResource, FinancingProductResource
from haidian.backoffice.resources import OrganizationResource
from haidian.core.api.serializers import OrganizationSerializer, SectorSerializer
from haidian.core.opendata.datasets import datasets
from listings.api.serializers import ContractSerializer, TechnologyDetailSerializer
from listings.resources import ContractResource, TechnologyResource

pytestmark = pytest.mark.django_db

# The serializer, the resource (None: not imported or exported) and the open-data dataset of each model.
PUBLIC_MODELS = [
    (TechnologyDetailSerializer, TechnologyResource, "technologies"),
    (ContractSerializer, ContractResource, "contracts"),
    (AgencySerializer, AgencyResource, "agencies"),
    (FinancingProductSerializer, FinancingProductResource, "financing_products"),
    (FinancingNeedSerializer, FinancingNeedResource, "financing_needs"),
    (OrganizationSerializer, OrganizationResource, "organizations"),
    # The sector tree is edited in the admin, one sector at a time: it has no import/export.
    (SectorSerializer, None, "sectors"),
]

# Computed by the API, no column behind them: its own links, the page's address and the envelope
# of every language (``?lang=all``).
API_COMPUTED = {"url", "web_url", "matches_url", "comparable_contracts_url", "translations"}
# The open data's one computed column: the address of the record's public page.
OPEN_DATA_COMPUTED = {"url"}

# Records of other models the API nests in a listing: each is edited in an admin inline, not a
# column of the listing's resource; in the open data, benefits are a table of their own
# (technology_benefits) and attachments, files, are left out.
NESTED_RECORDS = {"benefits", "attachments"}

# Public fields the open data leaves out, and why.
NOT_IN_OPEN_DATA = {
    "agencies": {
        "contact_email": "no e-mail address in a bulk file (tests/opendata: test_no_personal_data)",
        "contact_phone": "no personal contact data in a bulk file, as for the e-mail",
    },
    "financing_needs": {"status": "the dataset holds open needs only: it would always say open"},
}

# Public fields the resource leaves out, and why.
NOT_IN_RESOURCE = {
    "technologies": {
        "availability": "follows the negotiations (listings.follow_through) and the transfer service",
        "updated_at": "set by every save",
    },
    "financing_needs": {"created_at": "set when the need is created"},
}

# Back-office columns of the resource that the public never sees, and why.
BACK_OFFICE_ONLY = {
    "technologies": {"status": "the workflow state; imports keep it or start a draft"},
    "contracts": {"is_published": "whether the contract is public at all"},
    "agencies": {
        "status": "active or suspended: the public sees active agencies only",
        "inquiry_email": "where inquiries are sent; never shown",
    },
    "financing_products": {"status": "active or not: the public sees active products only"},
}


def field_names(model, names) -> set[str]:
    """``names`` with each translated column counted as its field."""
    columns = {
        column.name: field
        for field, columns in translator.get_options_for_model(model).all_fields.items()
        for column in columns
    }
    return {columns.get(name, name) for name in names}


@pytest.mark.parametrize(
    ("serializer", "resource", "dataset"), PUBLIC_MODELS, ids=[dataset for *_, dataset in PUBLIC_MODELS]
)
def test_serializer_resource_and_open_data_declare_the_same_public_fields(serializer, resource, dataset):
    model = serializer.Meta.model
    public = set(serializer.Meta.fields) - API_COMPUTED - NESTED_RECORDS

    (declared,) = (found for found in datasets() if found.name == dataset)
    open_data = field_names(model, [field.name for field in declared.fields]) - OPEN_DATA_COMPUTED
    assert open_data == public - set(NOT_IN_OPEN_DATA.get(dataset, {}))

    if resource is not None:
        columns = field_names(model, resource.Meta.fields)
        expected = public - set(NOT_IN_RESOURCE.get(dataset, {})) | set(BACK_OFFICE_ONLY.get(dataset, {}))
        assert columns == expected


def test_every_listed_difference_is_a_real_field():
    """A reason left behind after its field was renamed or removed would hide nothing: refuse it."""
    serializers = {dataset: serializer for serializer, _resource, dataset in PUBLIC_MODELS}
    for table in (NOT_IN_OPEN_DATA, NOT_IN_RESOURCE):
        for dataset, reasons in table.items():
            assert set(reasons) <= set(serializers[dataset].Meta.fields), dataset
