import pytest

from catalogue.models import StockRecord
from commerce.cart.models import CartLine
from commerce.cart.selectors import cart_rows, rows_fingerprint
from commerce.cart.services import add_to_cart, cart_for
from commerce.checkout import services as checkout
from commerce.orders.models import Order, PaymentMethod
from commerce.payments.models import Payment, PaymentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def variant(make_product):
    return make_product(variants=[("", "10.00", 5)]).variants.get()


def place(customer, variant, shipping_method, make_address):
    cart = cart_for(user=customer, session={}, create=True)
    if not cart.lines.exists():
        add_to_cart(cart=cart, variant_id=variant.pk, quantity=2)
    return checkout.place_order_and_start_payment(
        cart=cart,
        user=customer,
        email=customer.email,
        address=customer.addresses.first() or make_address(customer),
        shipping_method=shipping_method,
        payment_method=PaymentMethod.BANK_TRANSFER,
        checkout_token="form-1",
        reviewed_lines=rows_fingerprint(cart_rows(cart)),
    )


def test_placing_an_order_starts_its_payment(customer, variant, shipping_method, make_address):
    order = place(customer, variant, shipping_method, make_address)
    payment = Payment.objects.get(order=order)
    assert (payment.method, payment.status, payment.amount, payment.currency) == (
        PaymentMethod.BANK_TRANSFER,
        PaymentStatus.NONE,
        order.total,
        order.currency,
    )


def test_the_same_form_placed_twice_keeps_one_order_and_one_payment(customer, variant, shipping_method, make_address):
    first = place(customer, variant, shipping_method, make_address)
    again = place(customer, variant, shipping_method, make_address)
    assert again == first
    assert (Order.objects.count(), Payment.objects.count()) == (1, 1)


def test_no_order_remains_when_its_payment_cannot_be_started(
    customer, variant, shipping_method, make_address, monkeypatch
):
    def fail(*, order):
        raise RuntimeError("payments table unavailable")

    monkeypatch.setattr(checkout, "start_payment", fail)

    with pytest.raises(RuntimeError):
        place(customer, variant, shipping_method, make_address)

    assert (Order.objects.count(), Payment.objects.count()) == (0, 0)
    assert StockRecord.objects.get(variant=variant).quantity == 5
    assert CartLine.objects.get().quantity == 2
