"""The agencies' table of the open data export (registered from ``AgenciesConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from haidian.core.opendata.datasets import Dataset, attr, bilingual, listed, machine_translated, url

from .models import Agency


def datasets() -> list[Dataset]:
    return [
        Dataset(
            name="agencies",
            title=_("Service agencies"),
            description=_("The active service agencies that broker technology transfers."),
            queryset=lambda: (
                Agency.objects.active().prefetch_related("services", "sectors", "countries").order_by("slug")
            ),
            primary_key="slug",
            fields=[
                attr("slug", "string", _("Identifier of the agency.")),
                *bilingual("name", _("Name")),
                *bilingual("description", _("Description"), rich=True),
                *bilingual("address", _("Address")),
                listed("services", _("Services offered (codes)."), "services", "code"),
                listed("sectors", _("Sectors served (slugs)."), "sectors", "slug"),
                listed("countries", _("Countries and regions served (ISO codes)."), "countries", "code"),
                attr("website", "string", _("Website.")),
                attr("joined_on", "date", _("Joined the center on.")),
                url(),
                machine_translated(),
            ],
        ),
    ]
