"""RSS and Atom feeds of new technology listings, in the language of the URL."""

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from haidian.core.templatetags.site import localized_text

from .alerts import describe_search
from .filters import TechnologyFilter
from .models import Technology

ITEMS = 30


class TechnologyRssFeed(Feed):
    """New listings; with the technology list's search parameters, new listings of that search
    (the list's FilterSet: a parameter that does not validate answers 400)."""

    description = _("Technology offers and needs newly published by the center.")

    def get_object(self, request, *args, **kwargs):
        filterset = TechnologyFilter(request.GET, queryset=Technology.objects.published())
        if not filterset.is_valid():
            raise BadRequest("Invalid search parameters.")
        return filterset

    def title(self, obj):
        if not obj.chosen():
            return _("New technologies – Haidian International Technology Transfer Center")
        search = "; ".join(f"{label}: {value}" for label, value in describe_search(obj))
        return _("New technologies for %(search)s – Haidian International Technology Transfer Center") % {
            "search": search
        }

    def link(self, obj):
        query = obj.query_string()
        return f"{reverse('technologies:list')}?{query}" if query else reverse("technologies:list")

    def items(self, obj):
        return obj.qs.select_related("owner").order_by("-published_at", "-id")[:ITEMS]

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
