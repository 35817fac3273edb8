from django.urls import path

from .consumers import AgentChatConsumer, CustomerChatConsumer

websocket_urlpatterns = [
    path("ws/chat/agent/", AgentChatConsumer.as_asgi()),
    path("ws/chat/", CustomerChatConsumer.as_asgi()),
]
