"""RSS and Atom feeds of the news, in the language of the URL."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from haidian.core.models import Article
from haidian.core.templatetags.site import localized_text

ITEMS = 30


class NewsRssFeed(Feed):
    title = _("News – Haidian International Technology Transfer Center")
    description = _("News of the Haidian International Technology Transfer Center.")

    def link(self):
        return reverse("news:list")

    def items(self):
        return Article.objects.published()[:ITEMS]

    def item_title(self, item):
        return localized_text(item, "title")[0]

    def item_description(self, item):
        return localized_text(item, "summary")[0] or strip_tags(localized_text(item, "body")[0])[:300]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
