from django.urls import path

from . import views

app_name = "financing"

urlpatterns = [
    path("products/", views.product_list, name="products"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("needs/", views.need_list, name="needs"),
    path("needs/<slug:slug>/", views.need_detail, name="need"),
    path("products/<slug:slug>/ask/", views.product_inquiry, name="product_inquiry"),
    path(
        "products/<slug:slug>/ask/sent/", views.inquiry_sent, {"kind": "product"}, name="product_inquiry_sent"
    ),
    path("needs/<slug:slug>/fund/", views.need_inquiry, name="need_inquiry"),
    path("needs/<slug:slug>/fund/sent/", views.inquiry_sent, {"kind": "need"}, name="need_inquiry_sent"),
]
