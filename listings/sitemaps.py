from haidian.core.sitemaps import RecordSitemap

from .models import Technology


class TechnologySitemap(RecordSitemap):
    changefreq = "weekly"
    priority = 0.7

    def records(self):
        # Transferred listings keep their page, so the sitemap keeps them (the feeds do not).
        return Technology.objects.visible().only("slug", "updated_at").order_by("-published_at", "-id")
