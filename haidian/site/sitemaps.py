"""sitemap.xml: every public page in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 2000  # URLs per sitemap page, per language


class StaticSitemap(_Bilingual):
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
        ]

    def location(self, item):
        return reverse(item)


class TechnologySitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        from listings.models import Technology

        return Technology.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class AgencySitemap(_Bilingual):
    changefreq = "monthly"

    def items(self):
        from agencies.models import Agency

        return Agency.objects.active().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class ProductSitemap(_Bilingual):
    def items(self):
        from financing.models import FinancingProduct

        return FinancingProduct.objects.active().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class NeedSitemap(_Bilingual):
    def items(self):
        from financing.models import FinancingNeed

        return FinancingNeed.objects.published().only("slug", "updated_at").order_by("-created_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(_Bilingual):
    def items(self):
        from haidian.core.models import Article

        return Article.objects.published().only("slug", "updated_at", "published_at")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(_Bilingual):
    def items(self):
        from haidian.core.models import Page

        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "technologies": TechnologySitemap,
    "agencies": AgencySitemap,
    "financing-products": ProductSitemap,
    "financing-needs": NeedSitemap,
    "news": ArticleSitemap,
    "cms": PageSitemap,
}
