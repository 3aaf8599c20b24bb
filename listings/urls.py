from django.urls import path

from haidian.core.submissions import sent_page

from . import alert_views, submission_views, views
from .downloads import attachment_download
from .feeds import TechnologyAtomFeed, TechnologyRssFeed
from .owner_report import owner_report

# Included by haidian/site/urls.py under the "technologies" and "contracts" namespaces.
technology_patterns = [
    path("", views.technology_list, name="list"),
    path("feed/rss/", TechnologyRssFeed(), name="rss"),
    path("feed/atom/", TechnologyAtomFeed(), name="atom"),
    path("alerts/", alert_views.subscribe, name="alert_subscribe"),
    path("alerts/sent/", alert_views.subscribe_sent, name="alert_sent"),
    path("alerts/<slug:token>/confirm/", alert_views.confirm, name="alert_confirm"),
    path("alerts/<slug:token>/unsubscribe/", alert_views.unsubscribe, name="alert_unsubscribe"),
    path("submit/sent/", sent_page, name="submission_sent"),
    path("submit/confirm/<str:token>/", submission_views.confirm, name="submission_confirm"),
    path("submit/withdraw/<str:token>/", submission_views.withdraw, name="submission_withdraw"),
    path("submit/<slug:kind>/", submission_views.submit, name="submit"),
    path("owner-report/<str:token>/", owner_report, name="owner_report"),
    path("<slug:slug>/", views.technology_detail, name="detail"),
    path("<slug:slug>/inquiry-sent/", views.inquiry_sent, name="inquiry_sent"),
    path("<slug:slug>/attachments/<int:pk>/", attachment_download, name="attachment"),
]

contract_patterns = [
    path("", views.contract_list, name="list"),
]
