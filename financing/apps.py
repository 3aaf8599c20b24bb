from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Financing")

    def ready(self):
        from haidian.core import opendata, sitemaps, submissions
        from haidian.core.cache import register_content_models

        from . import key_figures
        from . import opendata as financing_datasets
        from .models import CompanyStage, FinancingNeed, FinancingNeedSubmission, FinancingProduct
        from .sitemaps import NeedSitemap, ProductSitemap

        register_content_models(CompanyStage, FinancingProduct, FinancingNeed)
        opendata.register(financing_datasets.datasets, position=30)
        opendata.register_organization_references(financing_datasets.organization_ids)
        sitemaps.register("financing-products", ProductSitemap, position=30)
        sitemaps.register("financing-needs", NeedSitemap, position=40)
        key_figures.register()
        submissions.register(FinancingNeedSubmission)

        # An inquiry is forwarded once its e-mail is delivered, not when it is queued.
        from haidian.backoffice.dashboard import register_panel
        from haidian.core.emails import message_changed

        from .dashboard import lender_panel
        from .inquiries import inquiry_mail_changed

        message_changed.connect(inquiry_mail_changed, dispatch_uid="financing-inquiry-mail")
        register_panel("lender", "admin/financing/dashboard/lender.html", lender_panel, position=5)
