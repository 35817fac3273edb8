"""Sign-in throttling a stranger cannot turn against the owner, keyed on an address no client can choose."""

import pytest
from django.test import Client, override_settings

from core.client_address import client_address
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.7"
PROXY = "10.0.0.5"


def login(client, email, password=PASSWORD, path="/accounts/login/"):
    return client.post(path, {"username": email, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_the_client_is_the_right_most_address_not_a_trusted_proxy():
    assert client_address(peer=ATTACKER, forwarded_for="1.2.3.4") == ATTACKER
    assert client_address(peer=PROXY, forwarded_for="1.2.3.4, 203.0.113.9") == "203.0.113.9"
    assert client_address(peer=PROXY, forwarded_for="1.2.3.4, 203.0.113.9, 10.0.0.4") == "203.0.113.9"
    assert client_address(peer=PROXY, forwarded_for="") == PROXY


@override_settings(TRUSTED_PROXIES=["*"])
def test_a_wildcard_trusts_nobody():
    assert client_address(peer=ATTACKER, forwarded_for="1.2.3.4") == ATTACKER


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_IP=4, ACCOUNTS_LOGIN_FAILURES_PER_PAIR=100)
def test_a_spoofed_forwarded_for_does_not_reset_the_address_limit(make_user):
    victim = make_user()
    for n in range(6):
        login(Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"172.16.0.{n}"), f"guess{n}@example.com", "nope")
    spoofer = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="172.16.9.9")
    assert "Too many failed" in login(spoofer, victim.email).content.decode()
    assert not signed_in(spoofer)


@override_settings(
    TRUSTED_PROXIES=["10.0.0.0/8"], ACCOUNTS_LOGIN_FAILURES_PER_IP=4, ACCOUNTS_LOGIN_FAILURES_PER_PAIR=100
)
def test_behind_a_trusted_proxy_a_client_cannot_prepend_its_way_out(make_user):
    victim = make_user()

    def through_proxy(spoofed):
        # The client sends X-Forwarded-For: <spoofed>; our proxy appends the address it saw.
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{spoofed}, {ATTACKER}")

    for n in range(6):
        login(through_proxy(f"172.16.0.{n}"), f"guess{n}@example.com", "nope")
    assert "Too many failed" in login(through_proxy("172.16.9.9"), victim.email).content.decode()
    someone_else = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.20")
    login(someone_else, victim.email)
    assert signed_in(someone_else)


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_PAIR=5, ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT=10)
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_manager_is_not_locked_out_by_someone_elses_guesses(manager, path):
    guesser = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(20):
        login(guesser, manager.email, "wrong-password", path=path)
    login(guesser, manager.email, path=path)  # even the right password is refused to the guesser
    assert not signed_in(guesser)

    owner = Client(REMOTE_ADDR="203.0.113.5")
    login(owner, manager.email, path=path)
    assert signed_in(owner)


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT=6, ACCOUNTS_LOGIN_ACCOUNT_DELAY_SECONDS=60)
def test_guessing_from_many_addresses_slows_the_account_but_not_its_known_addresses(customer):
    home = Client(REMOTE_ADDR="203.0.113.5")
    login(home, customer.email)
    assert signed_in(home)
    for n in range(6):
        login(Client(REMOTE_ADDR=f"198.51.100.{n}"), customer.email, "wrong-password")
    # Past the limit, unknown addresses share one attempt per delay: the next one gets it...
    login(Client(REMOTE_ADDR="198.51.100.50"), customer.email, "wrong-password")
    # ...and the one after is told to wait, without its password being checked.
    response = login(Client(REMOTE_ADDR="198.51.100.51"), customer.email)
    assert "try again in a few seconds" in response.content.decode()
    again = Client(REMOTE_ADDR="203.0.113.5")
    login(again, customer.email)
    assert signed_in(again)


@override_settings(ACCOUNTS_LOGIN_FAILURES_GLOBAL=5, ACCOUNTS_LOGIN_FAILURES_PER_PAIR=100)
def test_a_spray_refuses_failing_addresses_but_not_fresh_ones(make_user):
    for n in range(5):
        login(Client(REMOTE_ADDR=f"198.51.100.{n}"), f"sprayed{n}@example.com", "Spring2026!")
    victim = make_user()
    sprayer = Client(REMOTE_ADDR="198.51.100.0")
    login(sprayer, victim.email)
    assert not signed_in(sprayer)
    fresh = Client(REMOTE_ADDR="203.0.113.77")
    login(fresh, victim.email)
    assert signed_in(fresh)


def test_client_login_without_a_request_still_works(client, customer):
    assert client.login(email=customer.email, password=PASSWORD)
