from django.urls import path

from haidian.core.submissions import sent_page

from . import submission_views, views

app_name = "financing"

urlpatterns = [
    path("products/", views.product_list, name="products"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("needs/", views.need_list, name="needs"),
    path("needs/submit/", submission_views.submit, name="submit"),
    path("needs/submit/sent/", sent_page, name="submission_sent"),
    path("needs/submit/confirm/<str:token>/", submission_views.confirm, name="submission_confirm"),
    path("needs/submit/withdraw/<str:token>/", submission_views.withdraw, name="submission_withdraw"),
    path("needs/<slug:slug>/", views.need_detail, name="need"),
    path("products/<slug:slug>/ask/", views.product_inquiry, name="product_inquiry"),
    path(
        "products/<slug:slug>/ask/sent/", views.inquiry_sent, {"kind": "product"}, name="product_inquiry_sent"
    ),
    path("needs/<slug:slug>/fund/", views.need_inquiry, name="need_inquiry"),
    path("needs/<slug:slug>/fund/sent/", views.inquiry_sent, {"kind": "need"}, name="need_inquiry_sent"),
]
