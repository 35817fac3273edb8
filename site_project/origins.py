"""Websockets accept only pages of this site: the Origin must be the very host (and port) the
socket connected to, and that host one of ALLOWED_HOSTS (or the Origin listed in
CSRF_TRUSTED_ORIGINS). Channels' AllowedHostsOriginValidator alone matches host names without
their port, so with ALLOWED_HOSTS=localhost any page on http://localhost:<any port> could open a
signed-in customer's chat; this closes that. A proxy in front must pass the Host header through
(Django needs it for ALLOWED_HOSTS anyway). When the Procfile's realtime process has an origin of
its own (WEBSOCKET_ORIGIN), the pages' origin is the one listed in CSRF_TRUSTED_ORIGINS.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host


def same_site_origin(scope) -> bool:
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin", b"").decode("latin-1").strip().lower()
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    if not origin or not host:
        return False
    if origin in {trusted.lower() for trusted in settings.CSRF_TRUSTED_ORIGINS}:
        return True
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or parts.netloc != host:
        return False
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)


class SameSiteOriginValidator:
    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not same_site_origin(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
