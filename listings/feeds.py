"""RSS and Atom feeds of new technology listings, in the language of the URL."""

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from haidian.core.sectors import sectors_by_slug
from haidian.core.templatetags.site import localized_text

from .alerts import describe_search
from .filtering import FILTERS, search_query_string, technology_search
from .forms import TechnologySearchForm
from .models import Technology

ITEMS = 30


class TechnologyRssFeed(Feed):
    """New listings; with the technology list's search parameters, new listings of that search
    (validated by the list page's form: a parameter that does not validate answers 400)."""

    description = _("Technology offers and needs newly published by the center.")

    def get_object(self, request, *args, **kwargs):
        form = TechnologySearchForm(request.GET)
        if not form.is_valid() and any(name in form.errors for name in FILTERS):
            raise BadRequest("Invalid search parameters.")
        return {name: value for name, value in form.values().items() if name in FILTERS}

    def title(self, obj):
        if not obj:
            return _("New technologies – Haidian International Technology Transfer Center")
        search = "; ".join(f"{label}: {value}" for label, value in describe_search(obj))
        return _("New technologies for %(search)s – Haidian International Technology Transfer Center") % {
            "search": search
        }

    def link(self, obj):
        query = search_query_string(obj)
        return f"{reverse('technologies:list')}?{query}" if query else reverse("technologies:list")

    def items(self, obj):
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
