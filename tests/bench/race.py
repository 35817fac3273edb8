"""Checkout under contention, as deployed: `shoppers` guests (each with a session and a cart of one
unit of the same variant, over HTTP like a browser) press "Place order" at the same moment, for a
variant with `stock` units. Counted afterwards from the database: orders placed, units sold, stock
left. Every request's latency and status are kept; any 5xx, timeout or oversold unit is a failure.
"""

import re
import statistics
import threading
import time

import requests

FIELD = r'name="{}" value="([^"]*)"'
ADDRESS = {
    "full_name": "Bench Buyer",
    "line1": "1 Load Street",
    "city": "York",
    "postcode": "YO1 7HH",
    "country": "United Kingdom",
}


class Shopper:
    """One guest's browser: cookies sent by hand, since production marks them Secure and the bench
    speaks plain HTTP on loopback."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method, path, **kwargs):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        response = self.http.request(
            method, self.base_url + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        self.cookies.update({cookie.name: cookie.value for cookie in response.cookies})
        return response

    def fill_cart(self, variant_id: int) -> dict:
        """Add one unit, open checkout; the fields the checkout form will post."""
        self.token = self.request("GET", "/csrf/").json()["token"]
        added = self.request(
            "POST", "/cart/add/", data={"variant": variant_id, "quantity": 1, "csrfmiddlewaretoken": self.token}
        )
        assert added.status_code in (200, 302), added.status_code
        html = self.request("GET", "/checkout/").text
        fields = {name: re.search(FIELD.format(name), html).group(1) for name in ("checkout_token", "reviewed_lines")}
        shipping = re.search(r'name="shipping_method" value="(\d+)"', html).group(1)
        return {
            "csrfmiddlewaretoken": self.token,
            "email": f"race-{id(self)}@example.com",
            "shipping_method": shipping,
            "payment_method": "bank_transfer",
            **{f"new-{name}": value for name, value in ADDRESS.items()},
            **fields,
        }


def run_race(base_url: str, variant_id: int, *, shoppers: int) -> dict:
    """Every shopper fills a cart, then all post checkout at once; statuses and latencies."""
    people = [Shopper(base_url) for _ in range(shoppers)]
    forms = [person.fill_cart(variant_id) for person in people]
    start = threading.Barrier(shoppers)
    outcomes: list[tuple[str, float]] = []

    def place(person, form):
        start.wait(timeout=60)
        began = time.perf_counter()
        try:
            response = person.request("POST", "/checkout/", data=form)
            location = response.headers.get("Location", "")
            if response.status_code >= 500:
                outcome = f"{response.status_code}"
            elif location.startswith(("/payments/", "/accounts/orders/")):  # the order's pay or thank-you page
                outcome = "placed"
            else:
                outcome = "refused"
        except requests.RequestException as error:
            outcome = type(error).__name__
        outcomes.append((outcome, (time.perf_counter() - began) * 1000))

    threads = [threading.Thread(target=place, args=pair) for pair in zip(people, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(ms for _, ms in outcomes)
    kinds = [outcome for outcome, _ in outcomes]
    return {
        "shoppers": shoppers,
        "placed_responses": kinds.count("placed"),
        "refused_responses": kinds.count("refused"),
        "errors": len([kind for kind in kinds if kind not in ("placed", "refused")]),
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[max(0, round(0.95 * len(latencies)) - 1)],
        "max_ms": latencies[-1],
    }
