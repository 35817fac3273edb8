"""ASGI entry point: HTTP goes to Django, websockets to the Channels consumers.

Every websocket route shares one stack: origin checked against ALLOWED_HOSTS and the host the
socket connected to (site_project/origins.py), then the session
and user resolved by Channels' auth middleware, before any consumer sees the connection.
"""

import atexit
import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.db import connections  # noqa: E402

from site_project.origins import SameSiteOriginValidator  # noqa: E402
from site_project.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            SameSiteOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# What importing Django, Wagtail and the project made lives as long as the process: frozen, the
# collector's full passes no longer walk it. Unfrozen, each full pass over it stopped the event loop
# for 100-260 ms, which the chat bench (tests/bench/chat.py) saw as its slowest deliveries.
gc.freeze()


@atexit.register
def _close_database_pools():
    # The server has drained its requests by now; closing the pool ends each PostgreSQL session
    # cleanly instead of leaving the server to notice dropped sockets.
    for connection in connections.all():
        if connection.vendor == "postgresql":
            connection.close_pool()
