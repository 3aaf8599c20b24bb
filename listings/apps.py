from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self):
        from django.db.models.signals import post_delete

        # Signals that keep the search documents current (sectors, owner and sector names).
        from agencies import pages as agency_pages
        from haidian.core import opendata, sitemaps, submissions
        from haidian.core.cache import LISTINGS, register_content_models
        from haidian.core.uploads import delete_files_of_deleted_row

        from . import agency_pages as listing_agency_pages
        from . import (
            key_figures,
            search,  # noqa: F401
            tasks,  # noqa: F401 (signals that keep the stored matches current)
        )
        from . import opendata as listing_datasets
        from .models import Attachment, Contract, Technology, TechnologySubmission, TransactionType
        from .sitemaps import TechnologySitemap

        register_content_models(Technology, TransactionType, scope=LISTINGS)
        register_content_models(Attachment, Contract)
        submissions.register(TechnologySubmission)
        opendata.register(listing_datasets.datasets, position=20)
        opendata.register_organization_references(listing_datasets.organization_ids)
        # Uploaded files go with their row, once the deletion commits.
        post_delete.connect(delete_files_of_deleted_row, sender=Attachment, dispatch_uid="attachment-files")
        sitemaps.register("technologies", TechnologySitemap, position=10)
        agency_pages.register_detail_section(listing_agency_pages.DETAIL_SECTION)
        agency_pages.register_list_annotations(listing_agency_pages.list_annotations)
        key_figures.register()

        from haidian.backoffice.dashboard import register_panel

        from .dashboard import contracts_panel, inquiries_panel, listings_panel, own_work_panel

        register_panel("own_work", "admin/listings/dashboard/own_work.html", own_work_panel, position=0)
        register_panel("listings", "admin/listings/dashboard/listings.html", listings_panel, position=10)
        register_panel("inquiries", "admin/listings/dashboard/inquiries.html", inquiries_panel, position=30)
        register_panel("contracts", "admin/listings/dashboard/contracts.html", contracts_panel, position=50)

        # An inquiry is forwarded once its e-mail is delivered, not when it is queued.
        from haidian.core.emails import message_changed

        from .services import inquiry_mail_changed

        message_changed.connect(inquiry_mail_changed, dispatch_uid="inquiry-mail")
