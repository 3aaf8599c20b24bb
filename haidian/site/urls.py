"""The public site, mounted under each language prefix (/en/, /zh-hans/) by haidian/urls.py.

URL names are namespaced: "home", "technologies:list", "technologies:detail", "agencies:list", ...
"""

from django.urls import include, path

from haidian.core.feeds import NewsAtomFeed, NewsRssFeed
from haidian.core.opendata import views as opendata_views
from haidian.site import views
from listings.urls import contract_patterns, technology_patterns

news_patterns = [
    path("", views.news_list, name="list"),
    path("feed/rss/", NewsRssFeed(), name="rss"),
    path("feed/atom/", NewsAtomFeed(), name="atom"),
    path("<slug:slug>/", views.news_detail, name="detail"),
]

opendata_patterns = [
    path("", opendata_views.index, name="index"),
    path("<str:stamp>/<str:filename>", opendata_views.download, name="download"),
]

contract_patterns = [
    *contract_patterns,
    path("statistics/", views.contract_stats, name="stats"),
    path("statistics/<slug:table>.<slug:fmt>", views.contract_stats_table, name="stats_table"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("technologies/", include((technology_patterns, "technologies"))),
    path("contracts/", include((contract_patterns, "contracts"))),
    path("agencies/", include("agencies.urls")),
    path("financing/", include("financing.urls")),
    path("news/", include((news_patterns, "news"))),
    path("contact/", views.contact, name="contact"),
    path("pages/", include(([path("<slug:slug>/", views.page_detail, name="detail")], "pages"))),
    path("open-data/", include((opendata_patterns, "opendata"))),
]
