from commerce.orders.routing import websocket_urlpatterns as order_routes
from livechat.routing import websocket_urlpatterns as chat_routes

websocket_urlpatterns = [*order_routes, *chat_routes]
