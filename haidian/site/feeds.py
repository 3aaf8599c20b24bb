"""RSS and Atom feeds of new technology listings and of the news, in the language of the URL."""

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from haidian.core.templatetags.site import localized_text

ITEMS = 30


class TechnologyRssFeed(Feed):
    """New listings; with the technology list's search parameters, new listings of that search
    (validated by the list page's form: a parameter that does not validate answers 400)."""

    description = _("Technology offers and needs newly published by the center.")

    def get_object(self, request, *args, **kwargs):
        from listings.filtering import FILTERS
        from listings.forms import TechnologySearchForm

        form = TechnologySearchForm(request.GET)
        if not form.is_valid() and any(name in form.errors for name in FILTERS):
            raise BadRequest("Invalid search parameters.")
        return {name: value for name, value in form.values().items() if name in FILTERS}

    def title(self, obj):
        if not obj:
            return _("New technologies – Haidian International Technology Transfer Center")
        from listings.alerts import describe_search

        search = "; ".join(f"{label}: {value}" for label, value in describe_search(obj))
        return _("New technologies for %(search)s – Haidian International Technology Transfer Center") % {
            "search": search
        }

    def link(self, obj):
        from listings.filtering import search_query_string

        query = search_query_string(obj)
        return f"{reverse('technologies:list')}?{query}" if query else reverse("technologies:list")

    def items(self, obj):
        from listings.filtering import technology_search
        from listings.matching import sectors_by_slug
        from listings.models import Technology

        _matched, results = technology_search(obj, Technology.objects.published(), sectors_by_slug())
        return results.select_related("owner").order_by("-published_at", "-id")[:ITEMS]

    def item_title(self, item):
        kind = item.get_kind_display()
        return f"[{kind}] {localized_text(item, 'title')[0]}"

    def item_description(self, item):
        return localized_text(item, "summary")[0]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return localized_text(item.owner, "name")[0]

    def item_categories(self, item):
        return [str(item.get_kind_display())]


class TechnologyAtomFeed(TechnologyRssFeed):
    feed_type = Atom1Feed
    subtitle = TechnologyRssFeed.description


class NewsRssFeed(Feed):
    title = _("News – Haidian International Technology Transfer Center")
    description = _("News of the Haidian International Technology Transfer Center.")

    def link(self):
        return reverse("news:list")

    def items(self):
        from haidian.core.models import Article

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
