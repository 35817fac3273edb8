from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .models import Cart
from .services import SESSION_KEY, cart_for, merge_carts


@receiver(user_logged_in)
def merge_anonymous_cart_at_login(sender, request, user, **kwargs):
    # login() rotates the session key but keeps its data, so the anonymous cart id is still here.
    cart_id = request.session.pop(SESSION_KEY, None) if request is not None else None
    anonymous = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if anonymous is not None:
        merge_carts(source=anonymous, target=cart_for(user=user, session=request.session, create=True))
