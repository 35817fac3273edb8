from django.urls import path

from . import account_views

app_name = "account_orders"

urlpatterns = [
    path("", account_views.order_history, name="history"),
    path("<str:reference>/", account_views.order_detail, name="detail"),
    path("<str:reference>/open/<str:token>/", account_views.guest_order_link, name="guest_link"),
]
