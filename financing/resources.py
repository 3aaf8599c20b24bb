"""Import/export of financing products and needs (matched on slug)."""

from haidian.backoffice.resources import BackOfficeResource, fk, m2m, provenance_column
from haidian.core.models import Organization, Sector

from .models import CompanyStage, FinancingNeed, FinancingProduct


class FinancingProductResource(BackOfficeResource):
    lender = fk(Organization, column="lender")
    sectors = m2m(Sector, "sectors")
    stages = m2m(CompanyStage, "stages", field="code")
    machine_translated = provenance_column()

    class Meta(BackOfficeResource.Meta):
        model = FinancingProduct
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "lender",
            "name_en",
            "name_zh_hans",
            "description_en",
            "description_zh_hans",
            "product_type",
            "amount_min_cny",
            "amount_max_cny",
            "term_min_months",
            "term_max_months",
            "rate_min_pct",
            "rate_max_pct",
            "collateral_en",
            "collateral_zh_hans",
            "sectors",
            "stages",
            "status",
            "machine_translated",
        )


class FinancingNeedResource(BackOfficeResource):
    company = fk(Organization, column="company")
    sectors = m2m(Sector, "sectors")
    machine_translated = provenance_column()

    class Meta(BackOfficeResource.Meta):
        model = FinancingNeed
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "company",
            "title_en",
            "title_zh_hans",
            "purpose_en",
            "purpose_zh_hans",
            "financing_type",
            "amount_cny",
            "term_months",
            "stage",
            "sectors",
            "deadline",
            "status",
            "machine_translated",
        )
