"""sitemap.xml: the site's own pages, then every section the apps registered
(``haidian.core.sitemaps.register``)."""

from django.urls import reverse

from haidian.core.sitemaps import BilingualSitemap, sections


class StaticSitemap(BilingualSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "home",
            "technologies:list",
            "agencies:list",
            "contracts:list",
            "contracts:stats",
            "financing:products",
            "financing:needs",
            "news:list",
            "opendata:index",
            "contact",
        ]

    def location(self, item):
        return reverse(item)


def sitemaps() -> dict:
    return {"pages": StaticSitemap, **sections()}
