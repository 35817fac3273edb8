"""The Procfile's web (pages) and realtime (websockets) processes on PostgreSQL and Redis, tried as
an operator would: idle sockets, crashed sockets, Redis going away and coming back, and SIGTERM."""

import json
import signal
import subprocess
import threading
import time
from datetime import timedelta

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from commerce.orders.services import change_order_status
from livechat import selectors, services
from livechat.models import AgentPresence
from tests.fixtures.accounts import PASSWORD
from tests.ops.procfile import SECRET_KEY, Deployment, free_port, receive_until, wait_until
from tests.payments.ipn import CHARSET, encode, web_accept_params

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

IDLE_SECONDS = 60


@pytest.fixture(autouse=True)
def _server_secret(settings):
    settings.SECRET_KEY = SECRET_KEY


@pytest.fixture
def deploy():
    servers = []

    def start(**environment):
        server = Deployment(**environment)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def order(customer, make_product, make_order):
    return make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])


def test_idle_sockets_hold_and_presence_follows_only_live_sockets(
    home_page, customer, agent, make_user, manager, order, session_cookie, deploy, settings
):
    # Presence is read here and written by the servers: both use the same short expiry.
    settings.CHAT_PRESENCE_TIMEOUT_SECONDS = 3
    quick = {"REALTIME_CHECK_SECONDS": "1", "CHAT_PRESENCE_TIMEOUT_SECONDS": "3"}
    server = deploy(processes=["realtime"], **quick)
    with (
        server.socket("/ws/chat/", session_cookie(customer)) as customer_socket,
        server.socket("/ws/chat/agent/", session_cookie(agent)) as agent_socket,
        server.socket(f"/ws/orders/{order.reference}/", session_cookie(customer)) as order_socket,
    ):
        receive_until(customer_socket, "hello")
        receive_until(agent_socket, "conversations")
        assert json.loads(order_socket.recv(timeout=10))["status"] == "pending_payment"

        time.sleep(IDLE_SECONDS)  # the idle period is what this test is about

        customer_socket.send(json.dumps({"type": "message", "body": "Still there?"}))
        assert receive_until(customer_socket, "message")["message"]["body"] == "Still there?"
        assert receive_until(agent_socket, "conversations")["conversations"]
        change_order_status(order=order, to_status="cancelled", actor=manager)
        assert json.loads(order_socket.recv(timeout=10))["status"] == "cancelled"

        # Twenty agents on another realtime process that dies without running any socket's cleanup.
        doomed = deploy(processes=["realtime"], **quick)
        others = [make_user("Agent") for _ in range(20)]
        sockets = [doomed.socket("/ws/chat/agent/", session_cookie(other)) for other in others]
        for other_socket in sockets:
            receive_until(other_socket, "conversations")
        assert selectors.online_agent_ids() == {agent.pk, *(other.pk for other in others)}
        doomed.crash()

        wait_until(lambda: selectors.online_agent_ids() == {agent.pk}, timeout=15, message="only the live agent")
        assert selectors.agents_online()


def test_presence_expires_by_the_clock_given(agent, make_user):
    now = timezone.now()
    services.agent_connected(channel_name="live", agent=agent)
    crashed = make_user("Agent")
    AgentPresence.objects.create(channel_name="crashed", agent=crashed, last_seen=now - timedelta(seconds=30))

    assert selectors.online_agent_ids(now=now) == {agent.pk, crashed.pk}
    later = now + timedelta(seconds=services.settings.CHAT_PRESENCE_TIMEOUT_SECONDS)
    assert selectors.online_agent_ids(now=later) == {agent.pk}


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own on a spare port, which the test stops and starts."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]

    class Redis:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL)
            wait_until(lambda: _answers(port), timeout=10, message="private Redis up")

        def stop(self):
            self.process.terminate()
            self.process.wait(timeout=10)

    redis = Redis()
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()


def _answers(port):
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_the_shop_works_without_redis_and_chat_comes_back_with_it(
    home_page, make_product, customer, session_cookie, private_redis, deploy, make_payable_order, paypal_postback
):
    product = make_product()
    order = make_payable_order(user=customer)
    # The server runs production's password hashers, which do not read the tests' fast MD5 hashes.
    customer.password = PBKDF2PasswordHasher().encode(PASSWORD, "opstestsalt", iterations=1000)
    customer.save(update_fields=["password"])
    server = deploy(
        redis_url=private_redis.url,
        REALTIME_CHECK_SECONDS="1",
        PAYPAL_TEST="true",
        PAYPAL_POSTBACK_URL=paypal_postback.url,
    )
    private_redis.stop()

    # PayPal's notification is applied and answered 200 although the broadcast after it cannot go out.
    ipn = requests.post(
        f"{server.url}/paypal/",
        data=encode({**web_accept_params(order), "charset": CHARSET}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=20,
    )
    assert ipn.status_code == 200, ipn.text
    order.refresh_from_db()
    assert order.status == "paid"

    for path in ["/", product.url, "/cart/", "/checkout/", "/accounts/login/"]:
        assert server.get(path).status_code < 500, path
    # Production cookies are Secure, so the CSRF cookie is passed by hand over plain HTTP.
    token = server.get("/accounts/login/").cookies["csrftoken"]
    signed_in = requests.post(
        f"{server.url}/accounts/login/",
        data={"username": customer.email, "password": PASSWORD},
        headers={"X-CSRFToken": token, "Cookie": f"csrftoken={token}", "Referer": server.url},
        timeout=10,
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    customer.refresh_from_db()  # signing in upgraded the password hash, which session hashes follow

    with server.socket("/ws/chat/", session_cookie(customer)) as unavailable:
        with pytest.raises(Exception) as closed:  # noqa: PT011, B017 - the close is the answer
            unavailable.recv(timeout=10)
        assert unavailable.close_code == 4503, closed.value

    private_redis.start()

    def chat_answers():
        with server.socket("/ws/chat/", session_cookie(customer)) as chat:
            try:
                receive_until(chat, "hello", timeout=5)
            except Exception:  # noqa: BLE001 - closed as unavailable: not back yet
                return False
            chat.send(json.dumps({"type": "message", "body": "Back again"}))
            return receive_until(chat, "message")["message"]["body"] == "Back again"

    wait_until(chat_answers, timeout=20, interval=0.5, message="chat through the restarted Redis")


def test_sigterm_stops_the_web_and_realtime_processes_within_ten_seconds(
    home_page, customer, agent, session_cookie, deploy
):
    server = deploy()
    sockets = [server.socket("/ws/chat/agent/", session_cookie(agent)) for _ in range(5)]
    sockets.append(server.socket("/ws/chat/", session_cookie(customer)))
    responses = []

    def browse():
        for path in ["/", "/cart/", "/accounts/login/"] * 5:
            try:
                responses.append(server.get(path).status_code)
            except requests.RequestException as error:
                responses.append(error)

    browsers = [threading.Thread(target=browse) for _ in range(8)]
    for browser in browsers:
        browser.start()
    wait_until(lambda: len(responses) >= 20, timeout=30, message="traffic under way")

    started = time.monotonic()
    for server_process in server.processes:
        server_process.popen.send_signal(signal.SIGTERM)
    for server_process in server.processes:
        server_process.popen.wait(timeout=10)
    assert time.monotonic() - started < 10
    # gunicorn's arbiter stops its sync workers, each after the request in hand, and exits 0;
    # uvicorn's supervisor stops its workers, waits for each (their requests drained, their sockets
    # closed) and exits 0; a single uvicorn process (REALTIME_CONCURRENCY=1) re-raises the signal.
    assert [process.popen.returncode for process in server.processes] in ([0, 0], [0, -signal.SIGTERM])
    for browser in browsers:
        browser.join()
    for open_socket in sockets:
        open_socket.close()
    assert all(status < 500 for status in responses if isinstance(status, int))


def test_behind_gunicorn_a_spoofed_forwarded_for_does_not_reset_the_address_limit(home_page, make_user, deploy):
    # Loopback is no proxy of ours here: the test is a client that writes its own X-Forwarded-For.
    server = deploy(
        processes=["web"],
        TRUSTED_PROXIES="10.0.0.0/8",
        ACCOUNTS_LOGIN_FAILURES_PER_IP="2",
        ACCOUNTS_LOGIN_FAILURES_PER_PAIR="100",
    )
    victim = make_user()
    token = server.get("/accounts/login/").cookies["csrftoken"]

    def login(email, spoofed):
        return requests.post(
            f"{server.url}/accounts/login/",
            data={"username": email, "password": "not-the-password"},
            headers={"X-CSRFToken": token, "Cookie": f"csrftoken={token}", "X-Forwarded-For": spoofed},
            timeout=30,
            allow_redirects=False,
        )

    for n in range(2):
        assert "Too many failed" not in login(f"guess{n}@example.com", f"172.16.0.{n}").text
    assert "Too many failed" in login(victim.email, "172.16.9.9").text
