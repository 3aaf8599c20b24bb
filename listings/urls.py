from django.urls import path

from haidian.feeds import TechnologyAtomFeed, TechnologyRssFeed

from . import views

# Included by haidian/site_urls.py under the "technologies" and "contracts" namespaces.
technology_patterns = [
    path("", views.technology_list, name="list"),
    path("feed/rss/", TechnologyRssFeed(), name="rss"),
    path("feed/atom/", TechnologyAtomFeed(), name="atom"),
    path("<slug:slug>/", views.technology_detail, name="detail"),
    path("<slug:slug>/inquiry-sent/", views.inquiry_sent, name="inquiry_sent"),
]

contract_patterns = [
    path("", views.contract_list, name="list"),
]
