import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from commerce.accounts.models import User

pytestmark = pytest.mark.django_db


def test_create_user_stores_a_hashed_password_and_no_privileges():
    user = User.objects.create_user(email="Ann@Example.COM", password="s3cret-pass-word", first_name="Ann")
    assert user.email == "ann@example.com"
    assert user.check_password("s3cret-pass-word")
    assert user.password != "s3cret-pass-word"
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.email_verified
    assert user.get_full_name() == "Ann"


def test_create_user_requires_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password="x")


def test_create_superuser_is_staff_superuser_and_verified():
    admin = User.objects.create_superuser(email="root@example.com", password="s3cret-pass-word")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.email_verified


def test_create_superuser_refuses_to_be_less_than_super():
    with pytest.raises(ValueError, match="superuser"):
        User.objects.create_superuser(email="root@example.com", password="x", is_superuser=False)


def test_emails_are_unique_whatever_their_case():
    User.objects.create_user(email="dup@example.com", password="x")
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="DUP@example.com", password="x")


def test_email_is_the_login_and_case_does_not_matter():
    User.objects.create_user(email="login@example.com", password="s3cret-pass-word")
    assert authenticate(username="LOGIN@example.com", password="s3cret-pass-word") is not None
    assert authenticate(username="login@example.com", password="wrong") is None


def test_user_model_has_no_username_field():
    assert User.USERNAME_FIELD == "email"
    assert "username" not in {field.name for field in User._meta.get_fields()}
