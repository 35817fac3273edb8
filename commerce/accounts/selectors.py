from django.shortcuts import get_object_or_404

from .models import Address, User


def addresses_for(*, user: User):
    return Address.objects.filter(user=user)


def address_for(*, user: User, address_id: int) -> Address:
    """One of this user's addresses; anyone else's id is a 404, never a 403 that confirms it exists."""
    return get_object_or_404(Address, user=user, pk=address_id)


def customers():
    return User.objects.prefetch_related("groups")
