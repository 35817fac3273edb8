import pytest

from commerce.orders.settlement import mark_order_paid
from reviews.models import Review


@pytest.fixture
def product(make_product):
    return make_product("Enamel Mug", variants=[("", "12.00", 20)])


@pytest.fixture
def buyer(customer, product, make_order):
    order = make_order(customer, [(product.variants.get(), 1)])
    mark_order_paid(order=order)
    return customer


@pytest.fixture
def make_review(make_user):
    def make(product, *, author=None, rating=4, title="Nice", approved=False):
        return Review.objects.create(
            product=product, author=author or make_user(), rating=rating, title=title, body="Text", approved=approved
        )

    return make
