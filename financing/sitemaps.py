from haidian.core.sitemaps import RecordSitemap

from .models import FinancingNeed, FinancingProduct


class ProductSitemap(RecordSitemap):
    def records(self):
        return FinancingProduct.objects.active().only("slug", "updated_at").order_by("slug")


class NeedSitemap(RecordSitemap):
    def records(self):
        return FinancingNeed.objects.published().only("slug", "updated_at").order_by("-created_at", "-id")
