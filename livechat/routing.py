from django.urls import path

from .consumers import AgentBadgeConsumer, AgentChatConsumer, CustomerChatConsumer

websocket_urlpatterns = [
    path("ws/chat/agent/badge/", AgentBadgeConsumer.as_asgi()),
    path("ws/chat/agent/", AgentChatConsumer.as_asgi()),
    path("ws/chat/", CustomerChatConsumer.as_asgi()),
]
