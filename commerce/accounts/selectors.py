from . import access
from .models import Address, User


def addresses_for(*, user: User):
    return access.owned_by(Address.objects.all(), user=user)


def address_for(*, user: User, address_id: int) -> Address:
    return access.get_owned_or_404(Address.objects.all(), user=user, pk=address_id)
