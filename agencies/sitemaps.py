from haidian.core.sitemaps import RecordSitemap

from .models import Agency


class AgencySitemap(RecordSitemap):
    changefreq = "monthly"

    def records(self):
        return Agency.objects.active().only("slug", "updated_at").order_by("slug")
