import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from commerce.accounts.access import RoleRequiredMixin, role_required, verified_email_required

pytestmark = pytest.mark.django_db


@role_required("Agent")
def agents_only(request):
    return HttpResponse("ok")


class ManagersOnly(RoleRequiredMixin, View):
    required_roles = ("Manager",)

    def get(self, request):
        return HttpResponse("ok")


def request_as(user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/gated/")
    request.user = user or AnonymousUser()
    return request


@pytest.mark.parametrize("view", [agents_only, ManagersOnly.as_view()])
def test_anonymous_visitors_are_sent_to_sign_in(view):
    response = view(request_as(None))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/gated/"


def test_the_right_role_passes_and_a_wrong_one_gets_403(agent, manager, customer):
    assert agents_only(request_as(agent)).status_code == 200
    assert ManagersOnly.as_view()(request_as(manager)).status_code == 200
    for user in (customer, manager):
        with pytest.raises(PermissionDenied):
            agents_only(request_as(user))
    with pytest.raises(PermissionDenied):
        ManagersOnly.as_view()(request_as(agent))


def test_superusers_pass_every_role_check(db):
    from commerce.accounts.models import User

    root = User.objects.create_superuser(email="root@example.com", password="x")
    assert agents_only(request_as(root)).status_code == 200
    assert ManagersOnly.as_view()(request_as(root)).status_code == 200


def test_verified_email_required_sends_unverified_users_to_resend(make_user):
    @verified_email_required
    def checkout(request):
        return HttpResponse("ok")

    from django.contrib.messages.storage.fallback import FallbackStorage

    request = request_as(make_user(verified=False))
    request.session = {}
    request._messages = FallbackStorage(request)
    assert checkout(request)["Location"] == "/accounts/verify/resend/"
    assert checkout(request_as(make_user(verified=True))).status_code == 200
