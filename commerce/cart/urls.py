from django.urls import path

from . import views

app_name = "cart"

urlpatterns = [
    path("", views.cart_detail, name="detail"),
    path("add/", views.cart_add, name="add"),
    path("lines/<int:line_id>/", views.cart_update, name="update"),
    path("lines/<int:line_id>/remove/", views.cart_remove, name="remove"),
    path("discount/", views.discount_apply, name="discount_apply"),
    path("discount/remove/", views.discount_remove, name="discount_remove"),
    path("summary/", views.cart_summary_json, name="summary"),
]
