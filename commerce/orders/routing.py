from django.urls import path

from .consumers import OrderStatusConsumer

websocket_urlpatterns = [
    path("ws/orders/<str:reference>/", OrderStatusConsumer.as_asgi()),
]
