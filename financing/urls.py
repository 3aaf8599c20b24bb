from django.urls import path

from . import views

app_name = "financing"

urlpatterns = [
    path("products/", views.product_list, name="products"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("needs/", views.need_list, name="needs"),
    path("needs/<slug:slug>/", views.need_detail, name="need"),
]
