"""Import/export of technology listings and transfer contracts.

An agency editor imports only into their own agency. Nobody publishes by import: the status and
the workflow's dates are read-only on the form, so the field policy refuses them in a file too
(new listings arrive as drafts, existing ones keep their status).
After a real import the search documents of the imported listings are rebuilt, since their
sectors (part of the document) are set after the row is saved.
"""

from django.utils.translation import gettext

from agencies.models import Agency
from haidian.backoffice.resources import AgencyOwnedResource, fk, m2m, provenance_column
from haidian.core.models import Country, Organization, Sector

from .models import Contract, Technology, TransactionType
from .search import refresh_search_documents


class TechnologyResource(AgencyOwnedResource):
    owner = fk(Organization, column="owner")
    agency = fk(Agency, column="agency")
    origin_country = fk(Country, field="code", column="origin_country")
    sectors = m2m(Sector, "sectors")
    target_countries = m2m(Country, "target_countries", field="code")
    transaction_types = m2m(TransactionType, "transaction_types", field="code")
    machine_translated = provenance_column()

    class Meta(AgencyOwnedResource.Meta):
        model = Technology
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "kind",
            "title_en",
            "title_zh_hans",
            "summary_en",
            "summary_zh_hans",
            "description_en",
            "description_zh_hans",
            "keywords_en",
            "keywords_zh_hans",
            "sectors",
            "owner",
            "agency",
            "origin_country",
            "target_countries",
            "trl",
            "ip_status",
            "patent_numbers",
            "transaction_types",
            "price_cny",
            "price_negotiable",
            "status",
            "published_at",
            "expires_at",
            "last_verified_at",
            "machine_translated",
        )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        ids = [row.object_id for row in result.rows if row.object_id is not None]
        if ids:
            refresh_search_documents(Technology.objects.filter(pk__in=ids))


class ContractResource(AgencyOwnedResource):
    technology = fk(Technology, column="technology")
    seller = fk(Organization, column="seller")
    buyer = fk(Organization, column="buyer")
    agency = fk(Agency, column="agency")
    destination_country = fk(Country, field="code", column="destination_country")
    sectors = m2m(Sector, "sectors")
    machine_translated = provenance_column()

    class Meta(AgencyOwnedResource.Meta):
        model = Contract
        import_id_fields = ("reference",)
        fields = (
            "reference",
            "title_en",
            "title_zh_hans",
            "technology",
            "seller",
            "buyer",
            "agency",
            "contract_type",
            "sectors",
            "destination_country",
            "value",
            "currency",
            "value_cny",
            "value_is_public",
            "signed_on",
            "summary_en",
            "summary_zh_hans",
            "is_published",
            "machine_translated",
        )

    def _check_agency_row(self, row, *, own_slug, agency_id):
        super()._check_agency_row(row, own_slug=own_slug, agency_id=agency_id)
        slug = (row.get("technology") or "").strip()
        if slug and not Technology.objects.filter(slug=slug, agency_id=agency_id).exists():
            self.row_errors["technology"] = gettext("Listing “%(slug)s” is not one your agency brokers.") % {
                "slug": slug
            }
