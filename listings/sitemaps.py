from haidian.core.sitemaps import RecordSitemap

from .models import Technology


class TechnologySitemap(RecordSitemap):
    changefreq = "weekly"
    priority = 0.7

    def records(self):
        return Technology.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
