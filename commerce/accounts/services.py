from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import CLIENT, STAFF_ROLES


@transaction.atomic
def assign_role(*, user: User, role: str) -> User:
    """Give a user exactly one role; what it may do comes from the role's group."""
    user.groups.set([Group.objects.get(name=role)])
    return user


@transaction.atomic
def create_client(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name)
    return assign_role(user=user, role=CLIENT)


def is_staff_role(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF_ROLES)
