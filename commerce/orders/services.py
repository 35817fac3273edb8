"""Order writes. Each function is one transaction; status changes are broadcast after commit."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalogue.offers import Availability
from catalogue.services import OutOfStock, allocate_stock, return_stock
from commerce.cart.models import Cart
from commerce.cart.selectors import cart_rows, discount_items, rows_fingerprint
from commerce.cart.services import empty_cart
from commerce.discounts.services import DiscountRefused, claim_code, record_redemption, release_redemption

from .models import (
    Order,
    OrderEvent,
    OrderLine,
    OrderNote,
    OrderStatus,
    PaymentMethod,
    generate_access_token,
    payment_time_allowed,
)

S = OrderStatus
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.PAID, S.CANCELLED},
    S.PAID: {S.PROCESSING, S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.PROCESSING: {S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.REFUNDED},
    S.DELIVERED: {S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}
# Leaving for one of these puts the order's units back on the shelf.
STOCK_RETURNING_STATUSES = {S.CANCELLED, S.REFUNDED}
# Money decides these, so only commerce.payments moves an order to them (through settlement.py).
SETTLED_BY_PAYMENT = frozenset({S.PAID, S.REFUNDED})


class InvalidTransition(Exception):
    def __init__(self, order: Order, to_status: str, reason: str = ""):
        self.order = order
        self.to_status = to_status
        super().__init__(
            reason or f"Order {order.reference} cannot go from {S(order.status).label} to {S(to_status).label}."
        )


def allowed_next_statuses(order: Order) -> list[str]:
    """The statuses staff may move the order to: fulfilment steps, never paid or refunded."""
    return [status for status in S.values if status in ALLOWED_TRANSITIONS[order.status] - SETTLED_BY_PAYMENT]


def change_order_status(*, order: Order, to_status: str, actor=None, note: str = "") -> Order:
    """Move an order along the fulfilment workflow, or raise InvalidTransition and change nothing.

    Paid and refunded are refused here: a payment records those (commerce.payments.services).
    """
    if to_status in SETTLED_BY_PAYMENT:
        raise InvalidTransition(
            order,
            to_status,
            f"Order {order.reference} becomes {S(to_status).label.lower()} only when its payment is recorded "
            "(a verified PayPal notification, or a bank transfer recorded under Payments).",
        )
    return _move_order(order=order, to_status=to_status, actor=actor, note=note)


@transaction.atomic
def _move_order(*, order: Order, to_status: str, actor=None, note: str = "") -> Order:
    """Apply one workflow transition, or raise InvalidTransition and change nothing.

    Private to this package: change_order_status (staff, expiry) and settlement.py (payments)
    are its callers, and they decide who may ask for which status. The order row is locked
    first, so two concurrent changes (a payment notification and a member of staff, say) are
    applied one after the other against the current status.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if to_status not in ALLOWED_TRANSITIONS[locked.status]:
        raise InvalidTransition(locked, to_status)
    from_status = locked.status
    locked.status = to_status
    update_fields = ["status", "updated"]
    if to_status == S.PAID:
        locked.paid_at = timezone.now()
        update_fields.append("paid_at")
    locked.save(update_fields=update_fields)
    OrderEvent.objects.create(order=locked, actor=actor, from_status=from_status, to_status=to_status, note=note)
    if to_status in STOCK_RETURNING_STATUSES:
        return_stock(quantities=_line_quantities(locked))
    if from_status == S.PENDING_PAYMENT and to_status == S.CANCELLED:
        # Never paid (cancelled or expired): its use of a discount code goes back to the code.
        release_redemption(order=locked)
    transaction.on_commit(lambda: _announce_status_change(locked))
    order.refresh_from_db()
    return locked


def cancel_order(*, order: Order, actor=None, note: str = "") -> Order:
    return change_order_status(order=order, to_status=S.CANCELLED, actor=actor, note=note)


@transaction.atomic
def ship_order(*, order: Order, carrier: str, tracking_number: str, actor=None, note: str = "") -> Order:
    """Mark the order shipped with its carrier and tracking number, or raise InvalidTransition and change nothing.

    The tracking details are saved in the same transaction as the status, so the shipped email and
    the live update (both sent after commit) carry them.
    """
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    if not carrier or not tracking_number:
        raise InvalidTransition(order, S.SHIPPED, "A shipped order needs its carrier and tracking number.")
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if S.SHIPPED not in ALLOWED_TRANSITIONS[locked.status]:
        raise InvalidTransition(locked, S.SHIPPED)
    locked.carrier, locked.tracking_number = carrier, tracking_number
    locked.save(update_fields=["carrier", "tracking_number", "updated"])
    return _move_order(order=order, to_status=S.SHIPPED, actor=actor, note=note)


def change_orders_status(*, orders, to_status: str, actor=None, note: str = "") -> tuple[list[Order], list[str]]:
    """Move each order to `to_status` in its own transaction: (orders moved, refusals in words).

    Shipping needs a tracking number per order, so it is refused here; one refused order does not
    stop the others.
    """
    moved, refusals = [], []
    for order in orders:
        try:
            if to_status == S.SHIPPED:
                raise InvalidTransition(
                    order, to_status, f"Order {order.reference} needs a tracking number: ship it from its page."
                )
            moved.append(change_order_status(order=order, to_status=to_status, actor=actor, note=note))
        except InvalidTransition as refusal:
            refusals.append(str(refusal))
    return moved, refusals


@transaction.atomic
def add_order_note(*, order: Order, body: str, author=None, to_customer: bool = False) -> OrderNote:
    """Keep a note on the order; a note to the customer is emailed to them after commit."""
    body = body.strip()
    if not body:
        raise ValueError("A note needs some text.")
    note = OrderNote.objects.create(order=order, author=author, body=body, to_customer=to_customer)
    if to_customer:
        transaction.on_commit(lambda: _send_customer_note(note))
    return note


def _line_quantities(order: Order) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for variant_id, quantity in order.lines.filter(variant__isnull=False).values_list("variant_id", "quantity"):
        quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    return quantities


def _announce_status_change(order: Order) -> None:
    from .notifications import order_status_changed

    order_status_changed(order)


def _send_customer_note(note: OrderNote) -> None:
    from .notifications import order_note_for_customer

    order_note_for_customer(note)


class CheckoutProblem(Exception):
    """The order cannot be placed as it stands; the message says what the shopper must do."""


# What a form posted for an emptied cart hears: another tab or an earlier click placed the order.
CART_ALREADY_ORDERED = "Your cart is empty: if you placed this order in another tab, it is in your order history."


class PricesChanged(CheckoutProblem):
    pass


def _money(amount) -> Decimal:
    return Decimal(amount).quantize(settings.MONEY_QUANTUM)


@transaction.atomic
def place_order(
    *,
    cart,
    user,
    email: str,
    address,
    shipping_method,
    payment_method: str,
    checkout_token: str,
    reviewed_lines: str,
) -> Order:
    """Turn the cart into an order awaiting payment, all or nothing.

    `user` is None for a guest: the order then gets an access token, the secret in the link
    its emails carry (commerce.accounts.access opens it with that token).

    Stock rows are locked in variant-id order and every line must be in stock, or nothing is
    taken; prices are the current ones and must be the ones the shopper reviewed
    (`reviewed_lines`, from cart.selectors.rows_fingerprint, followed by the discount's fingerprint
    when the cart has a code). The cart's discount code is claimed under its row lock
    (discounts.services.claim_code): refused, the order is not placed and the reason is given;
    the discount never exceeds the lines it applies to, so the total never goes below zero. The order
    snapshots names, SKUs, prices, the address and shipping. The same checkout token placed
    twice yields the first order (a double-submitted form places one order).

    The cart row is locked first, so posts for the same cart run one after the other: a form
    posted again finds the order it placed, another tab's form finds the cart already emptied.
    """
    locked_cart = Cart.objects.select_for_update().filter(pk=cart.pk).first()
    code_text = locked_cart.discount_code if locked_cart is not None else ""
    existing = Order.objects.filter(checkout_token=checkout_token).first()
    if existing is not None:
        if existing.user_id != getattr(user, "pk", None):
            raise CheckoutProblem("This checkout form is no longer valid. Please start again.")
        return existing
    if not shipping_method.is_active:
        raise CheckoutProblem("That shipping method is no longer offered.")
    if payment_method not in PaymentMethod.values:
        raise CheckoutProblem("Please choose a payment method.")

    rows = sorted(cart_rows(cart), key=lambda row: row.line.variant_id)
    if not rows:
        raise CheckoutProblem(CART_ALREADY_ORDERED)
    if any(row.offer.status == Availability.UNAVAILABLE for row in rows):
        raise CheckoutProblem("Some products are no longer sold. Please remove them from your cart.")
    reviewed_rows, _, reviewed_discount = reviewed_lines.partition(";code=")
    if rows_fingerprint(rows) != reviewed_rows:
        raise PricesChanged("Prices or quantities changed since you reviewed your order. Please check it again.")
    try:
        allocate_stock(quantities={row.line.variant_id: row.line.quantity for row in rows})
    except OutOfStock as shortage:
        names = ", ".join(row.line.variant.display_name for row in rows if row.line.variant_id in shortage.shortages)
        raise CheckoutProblem(f"Not enough stock left for: {names}. Please change your cart.") from None

    applied = None
    if code_text:
        try:
            applied = claim_code(text=code_text, items=discount_items(rows), user=user, email=email)
        except DiscountRefused as refusal:
            raise CheckoutProblem(f"{refusal} Please remove the code from your cart or try another.") from None
    if (applied.fingerprint if applied else "") != (f";code={reviewed_discount}" if reviewed_discount else ""):
        raise PricesChanged("Your discount changed since you reviewed your order. Please check it again.")

    subtotal = _money(sum(row.line_total for row in rows))
    shipping_cost = _money(shipping_method.price)
    discount = applied.amount if applied else Decimal("0.00")
    order = Order.objects.create(
        user=user,
        access_token="" if user is not None else generate_access_token(),
        email=email,
        payment_method=payment_method,
        currency=settings.STORE_CURRENCY,
        checkout_token=checkout_token,
        shipping_full_name=address.full_name,
        shipping_line1=address.line1,
        shipping_line2=address.line2,
        shipping_city=address.city,
        shipping_postcode=address.postcode,
        shipping_region=address.region,
        shipping_country=address.country,
        shipping_phone=address.phone,
        shipping_method_name=shipping_method.name,
        shipping_cost=shipping_cost,
        subtotal=subtotal,
        discount_code=applied.code.code if applied else "",
        discount=discount,
        total=max(subtotal - discount, Decimal("0.00")) + shipping_cost,
    )
    if applied is not None:
        record_redemption(applied=applied, order=order, user=user, email=email)
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant=row.line.variant,
            product=row.line.variant.product,
            product_name=row.line.variant.product.title,
            variant_label=row.line.variant.option_label,
            sku=row.line.variant.sku,
            unit_price=row.unit_price,
            quantity=row.line.quantity,
            line_total=_money(row.line_total),
        )
        for row in rows
    )
    OrderEvent.objects.create(order=order, actor=user, to_status=S.PENDING_PAYMENT, note="Order placed")
    empty_cart(cart=cart)
    if code_text:
        Cart.objects.filter(pk=cart.pk).update(discount_code="")
    transaction.on_commit(lambda: _schedule_expiry(order), robust=True)
    transaction.on_commit(lambda: _announce_order_placed(order))
    return order


@transaction.atomic
def attach_guest_orders(*, user) -> int:
    """Give a verified account the guest orders placed with its email address; returns how many.

    Called once the address is verified (commerce.accounts.services.on_email_verified), so only
    someone who receives mail at that address gains them. Orders placed with an account, or left
    by a deleted one, are not guest orders and are never attached.
    """
    if not user.email_verified:
        return 0
    guest_orders = Order.objects.filter(user__isnull=True, email__iexact=user.email).exclude(access_token="")
    return guest_orders.update(user=user)


@transaction.atomic
def expire_unpaid_order(*, order_id: int) -> bool:
    """Cancel the order if it is still awaiting payment, and say whether it did; its stock goes back.

    Safe from several processes: the status is read under the order's row lock, so an order paid
    or expired by another transaction meanwhile is left alone.
    """
    order = Order.objects.select_for_update().filter(pk=order_id, status=S.PENDING_PAYMENT).first()
    if order is None:
        return False
    change_order_status(order=order, to_status=S.CANCELLED, note="Payment not received in time")
    return True


def expire_unpaid_orders(*, now=None) -> int:
    """Cancel orders left awaiting payment past their deadline (Order.payment_deadline); their stock
    goes back.

    Each order schedules its own expiry when placed (tasks.expire_order); this sweeps up the ones
    that did not (placed before that, or on a backend that cannot defer). Safe to run often.
    """
    now = now or timezone.now()
    overdue = Q()
    for method in PaymentMethod.values:
        overdue |= Q(payment_method=method, created__lt=now - payment_time_allowed(method))
    candidates = Order.objects.filter(overdue, status=S.PENDING_PAYMENT).values_list("pk", flat=True)
    return sum(expire_unpaid_order(order_id=pk) for pk in list(candidates))


def _announce_order_placed(order: Order) -> None:
    from .notifications import order_placed

    order_placed(order)


def _schedule_expiry(order: Order) -> None:
    from .tasks import schedule_expiry

    schedule_expiry(order)
