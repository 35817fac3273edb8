"""The client's address, from the connection or from proxies named in settings.TRUSTED_PROXIES.

`X-Forwarded-For` is a list any client can start: a proxy appends the address it received the
request from. So the client is the right-most address that is not one of our own proxies, and
the header is read at all only when the connection itself comes from one of them. The same list
is given to the Procfile's servers (`--forwarded-allow-ips`): gunicorn (pages) leaves REMOTE_ADDR the
peer's, so this walk is what finds the client; uvicorn (websockets) already puts that address in the
scope, and walking the header again here changes nothing.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

_MAX_ADDRESS_LENGTH = 64


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue  # "*" or a host name: never trusted here (uvicorn would take the left-most, spoofable)
    return tuple(networks)


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(*, peer: str, forwarded_for: str = "") -> str:
    """The address that reached our first trusted proxy; the peer itself when it is not a proxy."""
    peer = (peer or "")[:_MAX_ADDRESS_LENGTH]
    if not peer or not forwarded_for or not is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop[:_MAX_ADDRESS_LENGTH]
    return hops[0][:_MAX_ADDRESS_LENGTH] if hops else peer


def request_client_address(request) -> str:
    if request is None:
        return ""
    return client_address(
        peer=request.META.get("REMOTE_ADDR", ""), forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", "")
    )


def scope_client_address(scope) -> str:
    """The same for a Channels (ASGI) scope: a websocket's client."""
    peer = (scope.get("client") or ("", 0))[0] or ""
    forwarded = b", ".join(value for name, value in scope.get("headers", []) if name.lower() == b"x-forwarded-for")
    return client_address(peer=peer, forwarded_for=forwarded.decode("latin-1"))
