"""Demo accounts for `seed_demo`: one per role. Safe to run again."""

import secrets

from django.conf import settings

from .models import Address, User
from .roles import AGENT, CLIENT, MANAGER
from .services import assign_role

DEMO_ACCOUNTS = [
    ("manager@example.com", "Maria", "Manager", MANAGER),
    ("agent@example.com", "Alex", "Agent", AGENT),
    ("customer@example.com", "Chris", "Customer", CLIENT),
]


def seed_accounts(*, stdout=None) -> None:
    # A fixed, printed password is only ever used in DEBUG; otherwise each account gets a random one.
    for email, first_name, last_name, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            password = settings.DEMO_PASSWORD if settings.DEBUG else secrets.token_urlsafe(24)
            user = User.objects.create_user(
                email=email, password=password, first_name=first_name, last_name=last_name, email_verified=True
            )
            if stdout and settings.DEBUG:
                stdout.write(f"  {role:<8} {email} / {password}")
        assign_role(user=user, role=role)
        if role == CLIENT and not user.addresses.exists():
            Address.objects.create(
                user=user,
                full_name=user.get_full_name(),
                line1="221 Baker Street",
                city="London",
                postcode="NW1 6XE",
                country="United Kingdom",
                is_default_shipping=True,
            )
