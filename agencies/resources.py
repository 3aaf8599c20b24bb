"""Import/export of service agencies (matched on slug; services, sectors and countries as codes)."""

from haidian.backoffice.resources import BackOfficeResource, m2m, provenance_column
from haidian.core.models import Country, Sector

from .models import Agency, Service


class AgencyResource(BackOfficeResource):
    services = m2m(Service, "services", field="code")
    sectors = m2m(Sector, "sectors")
    countries = m2m(Country, "countries", field="code")
    machine_translated = provenance_column()

    class Meta(BackOfficeResource.Meta):
        model = Agency
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_en",
            "name_zh_hans",
            "description_en",
            "description_zh_hans",
            "services",
            "sectors",
            "countries",
            "address_en",
            "address_zh_hans",
            "contact_email",
            "contact_phone",
            "inquiry_email",
            "website",
            "joined_on",
            "status",
            "machine_translated",
        )
