"""A guest's orders in their session: reference → access token, set at checkout or by the emailed link.

The payment pages and the order page read the token from here and hand it to the access layer
(commerce.accounts.access), which alone decides whether it opens the order.
"""

from .models import Order

SESSION_KEY = "guest_orders"


def remember_guest_order(session, order: Order) -> None:
    if not order.access_token:
        return
    held = dict(session.get(SESSION_KEY) or {})
    held[order.reference] = order.access_token
    session[SESSION_KEY] = held


def guest_token_for(session, reference: str) -> str:
    held = session.get(SESSION_KEY) or {}
    token = held.get(reference, "") if isinstance(held, dict) else ""
    return token if isinstance(token, str) else ""
