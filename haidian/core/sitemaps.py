"""sitemap.xml's sections: the base every section shares and the registry the apps fill.

Each app registers its sections from its ``AppConfig.ready()`` (``register``); the site's sitemap
(``haidian.site.sitemaps``) lists the registered sections after its own static pages, so the ground
never names the apps above it.
"""

from django.contrib.sitemaps import Sitemap

from haidian.core.models import Article, Page


class BilingualSitemap(Sitemap):
    """Every URL in both languages, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = 2000  # URLs per sitemap page, per language


class RecordSitemap(BilingualSitemap):
    """Public records of one model: ``records()`` gives them, each with ``get_absolute_url`` and
    ``updated_at``."""

    def records(self):
        raise NotImplementedError

    def items(self):
        return self.records()

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(RecordSitemap):
    def records(self):
        return Article.objects.published().only("slug", "updated_at", "published_at")


class PageSitemap(RecordSitemap):
    def records(self):
        return Page.objects.published().only("slug", "updated_at")


_SECTIONS: list[tuple[int, str, type[Sitemap]]] = [(90, "news", ArticleSitemap), (95, "cms", PageSitemap)]


def register(name: str, sitemap: type[Sitemap], *, position: int) -> None:
    """Add a section to sitemap.xml, ordered by ``position`` (the core's news and pages come last)."""
    if all(existing != name for _position, existing, _sitemap in _SECTIONS):
        _SECTIONS.append((position, name, sitemap))
        _SECTIONS.sort(key=lambda item: item[0])


def sections() -> dict[str, type[Sitemap]]:
    return {name: sitemap for _position, name, sitemap in _SECTIONS}
