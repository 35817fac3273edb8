from django.utils.functional import SimpleLazyObject

from .selectors import cart_summary
from .services import cart_for


def cart(request):
    """`cart_summary` for templates: count and subtotal, queried only if a template uses it.

    The header shows it server-side only to signed-in shoppers, whose pages are never cached;
    anonymous pages carry no cart figure at all and fetch it from /cart/summary/ (private,
    no-store), so a cached anonymous page can never show one shopper's cart to another.
    """
    return {
        "cart_summary": SimpleLazyObject(
            lambda: cart_summary(cart_for(user=request.user, session=request.session, create=False))
        )
    }
