"""Pages and websockets served apart, as the Procfile runs them: a real browser on a page of the
`web` process (gunicorn) follows its order live over a socket of the `realtime` process (uvicorn, on
another port), with the page's session cookie and Origin, under the page's Content-Security-Policy."""

import pytest

from commerce.orders.services import change_order_status
from tests.ops.procfile import SECRET_KEY, Deployment

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _server_secret(settings):
    # The session made here is read by the servers, with their own SECRET_KEY.
    settings.SECRET_KEY = SECRET_KEY


@pytest.fixture
def deployment():
    server = Deployment()
    yield server
    server.stop()


def test_a_page_of_the_web_process_follows_its_order_over_the_realtime_process(
    deployment, new_page, home_page, customer, manager, make_order, make_product, session_cookie
):
    order = make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])
    name, _, value = session_cookie(customer).partition("=")
    page = new_page()
    page.context.add_cookies([{"name": name, "value": value, "url": deployment.url}])

    response = page.goto(f"{deployment.url}/accounts/orders/{order.reference}/")
    assert page.locator('meta[name="websocket-origin"]').get_attribute("content") == deployment.ws_url
    assert deployment.ws_url in response.headers["content-security-policy"]
    badge = page.get_by_test_id("order-status")
    assert "Cancelled" not in badge.inner_text()

    change_order_status(order=order, to_status="cancelled", actor=manager)
    badge.filter(has_text="Cancelled").wait_for()
