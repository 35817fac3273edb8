"""ASGI entry point: HTTP goes to Django, websockets to the Channels consumers.

The Procfile's `realtime` process (uvicorn) serves the websockets from it and `web` (gunicorn,
site_project/wsgi.py) the pages; `make run` and the browser tests serve both from it.

Every websocket route shares one stack: origin checked against ALLOWED_HOSTS and the host the
socket connected to, or CSRF_TRUSTED_ORIGINS (site_project/origins.py), then the session and user
resolved by Channels' auth middleware, before any consumer sees the connection.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from site_project.origins import SameSiteOriginValidator  # noqa: E402
from site_project.routing import websocket_urlpatterns  # noqa: E402
from site_project.shutdown import close_database_pools_at_exit  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            SameSiteOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

close_database_pools_at_exit()
# What importing Django, Wagtail and the project made lives as long as the process: frozen, the
# collector's full passes no longer walk it. Unfrozen, each full pass over it stopped the event loop
# for 100-260 ms, which the chat bench (tests/bench/chat.py) saw as its slowest deliveries.
gc.freeze()
