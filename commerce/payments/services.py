"""Payment writes: the only place an order becomes paid or refunded (through commerce.orders.settlement).

A PayPal order is paid or refunded only by a verified IPN; a bank transfer only by a Manager
recording it in the payments admin.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from paypal.standard.ipn.models import PayPalIPN
from paypal.standard.models import (
    ST_PP_COMPLETED,
    ST_PP_DENIED,
    ST_PP_EXPIRED,
    ST_PP_FAILED,
    ST_PP_PENDING,
    ST_PP_REFUNDED,
    ST_PP_REVERSED,
    ST_PP_VOIDED,
)

from commerce.orders.models import Order, OrderStatus, PaymentMethod
from commerce.orders.services import InvalidTransition
from commerce.orders.settlement import mark_order_paid, refund_order

from .models import Payment, PaymentNotification, PaymentStatus

logger = logging.getLogger(__name__)

Outcome = PaymentNotification.Outcome
FAILED_STATUSES = {ST_PP_DENIED, ST_PP_EXPIRED, ST_PP_FAILED, ST_PP_VOIDED}
REFUND_STATUSES = {ST_PP_REFUNDED, ST_PP_REVERSED}
# Orders in these statuses have been paid, so a refund or chargeback can undo them.
REFUNDABLE_ORDER_STATUSES = OrderStatus.paid_statuses()


class PaymentRefused(Exception):
    """A payment action that does not apply to this payment; the message says why, for staff."""


@transaction.atomic
def start_payment(*, order: Order) -> Payment:
    """Create the payment record of a newly placed order (status none), so staff see it awaited.

    Called by checkout in the order's own transaction; asked again for the same order (a form
    posted twice), it returns the record already there.
    """
    payment, _ = Payment.objects.get_or_create(
        order=order,
        defaults={"method": order.payment_method, "amount": order.total, "currency": order.currency},
    )
    return payment


@transaction.atomic
def apply_paypal_ipn(*, ipn: PayPalIPN) -> PaymentNotification | None:
    """Act on a verified IPN and record what was done, linked to the order's payment.

    Guarantees: the order is marked paid only for a Completed payment to our receiver whose
    invoice names an order awaiting payment and whose amount and currency equal the order's
    exactly; the order row is locked first, so the same notification delivered several times,
    even at once, marks it paid once. Anything that does not match is recorded for staff.
    Returns None when the notification names no order of ours.
    """
    order = _locked_order_for(ipn)
    if order is None:
        logger.warning("PayPal IPN %s names no order (invoice %r, txn %s)", ipn.pk, ipn.invoice, ipn.txn_id)
        return None
    payment = Payment.objects.select_for_update().get(order=order)
    if ipn.payment_status == ST_PP_COMPLETED:
        return _apply_completed(ipn=ipn, order=order, payment=payment)
    if ipn.payment_status in REFUND_STATUSES:
        return _apply_refund(ipn=ipn, order=order, payment=payment)
    if payment.status not in {PaymentStatus.COMPLETED, PaymentStatus.REFUNDED}:
        if ipn.payment_status == ST_PP_PENDING:
            payment.status = PaymentStatus.PENDING
        elif ipn.payment_status in FAILED_STATUSES:
            payment.status = PaymentStatus.FAILED
        payment.save(update_fields=["status", "updated"])
    reason = f" ({ipn.pending_reason})" if ipn.pending_reason else ""
    return _record(payment, ipn, Outcome.RECORDED, f"PayPal reports {ipn.payment_status or ipn.txn_type}{reason}.")


@transaction.atomic
def record_invalid_ipn(*, ipn: PayPalIPN) -> PaymentNotification | None:
    """Log a flagged IPN (failed verification, duplicate, bad form) and link it to its order if any."""
    logger.warning("PayPal IPN %s flagged: %s", ipn.pk, ipn.flag_info)
    order = Order.objects.filter(reference=ipn.invoice).first() if ipn.invoice else None
    if order is None or ipn.pk is None:
        return None
    return _record(order.payment, ipn, Outcome.REJECTED, f"Flagged: {ipn.flag_info}")


@transaction.atomic
def record_bank_transfer(*, payment: Payment, actor, note: str = "") -> Payment:
    """A Manager records a bank transfer seen on the statement: the payment completes, the order is paid.

    Raises PaymentRefused for a PayPal payment (only PayPal's verified notification pays those)
    and InvalidTransition when the order is not awaiting payment; either way nothing changes.
    """
    locked = _locked_bank_transfer(payment, "paid")
    mark_order_paid(order=locked.order, actor=actor, note=note or "Bank transfer received")
    locked.status = PaymentStatus.COMPLETED
    locked.save(update_fields=["status", "updated"])
    return locked


@transaction.atomic
def record_bank_transfer_refund(*, payment: Payment, actor, note: str = "") -> Payment:
    """A Manager records money sent back for a paid bank transfer: the order is refunded, its stock returns.

    Raises PaymentRefused for a PayPal payment (PayPal's refund notification refunds those) or a
    payment not completed, and InvalidTransition when the order cannot be refunded; nothing changes.
    """
    locked = _locked_bank_transfer(payment, "refunded")
    if locked.status != PaymentStatus.COMPLETED:
        raise PaymentRefused(
            f"Order {locked.order.reference}: only a completed payment can be refunded "
            f"(this one is {locked.get_status_display().lower()})."
        )
    refund_order(order=locked.order, actor=actor, note=note or "Bank transfer refunded")
    locked.status = PaymentStatus.REFUNDED
    locked.save(update_fields=["status", "updated"])
    return locked


def _locked_bank_transfer(payment: Payment, action: str) -> Payment:
    # The order row first, then the payment, as apply_paypal_ipn locks them.
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    locked.order = order
    if locked.method != PaymentMethod.BANK_TRANSFER:
        raise PaymentRefused(
            f"Order {order.reference} is paid with {locked.get_method_display()}: only "
            f"{locked.get_method_display()}'s verified notification can mark it {action}, not staff."
        )
    return locked


def _locked_order_for(ipn: PayPalIPN) -> Order | None:
    orders = Order.objects.select_for_update()
    if ipn.invoice:
        order = orders.filter(reference=ipn.invoice).first()
        if order is not None:
            return order
    if ipn.parent_txn_id:
        # Refunds and reversals name the original transaction; the invoice may be missing.
        order_id = Payment.objects.filter(txn_id=ipn.parent_txn_id).values_list("order_id", flat=True).first()
        if order_id is not None:
            return orders.get(pk=order_id)
    return None


def _money_problems(ipn: PayPalIPN, order: Order, amount: Decimal | None) -> list[str]:
    problems = []
    if (ipn.receiver_email or "").strip().lower() != settings.PAYPAL_RECEIVER_EMAIL.strip().lower():
        problems.append(f"receiver {ipn.receiver_email!r} is not ours")
    if amount != order.total:
        problems.append(f"amount {amount} {ipn.mc_currency} does not equal the order total {order.total}")
    if ipn.mc_currency != order.currency:
        problems.append(f"currency {ipn.mc_currency!r} is not the order's {order.currency}")
    if ipn.test_ipn and not settings.PAYPAL_TEST:
        problems.append("a sandbox payment reached the live shop")
    return problems


def _apply_completed(*, ipn: PayPalIPN, order: Order, payment: Payment) -> PaymentNotification:
    if payment.txn_id == ipn.txn_id and payment.status in {PaymentStatus.COMPLETED, PaymentStatus.REFUNDED}:
        return _record(payment, ipn, Outcome.ALREADY_APPLIED, "This transaction was already applied.")
    problems = _money_problems(ipn, order, ipn.mc_gross)
    if order.status != OrderStatus.PENDING_PAYMENT:
        problems.append(f"the order is {order.get_status_display().lower()}, not awaiting payment")
    if Payment.objects.filter(txn_id=ipn.txn_id).exclude(pk=payment.pk).exists():
        problems.append(f"transaction {ipn.txn_id} already paid another order")
    if problems:
        return _reject(payment, ipn, problems)
    mark_order_paid(order=order, note=f"PayPal payment {ipn.txn_id} verified")
    payment.status = PaymentStatus.COMPLETED
    payment.txn_id = ipn.txn_id
    payment.save(update_fields=["status", "txn_id", "updated"])
    return _record(payment, ipn, Outcome.APPLIED, f"Paid {ipn.mc_gross} {ipn.mc_currency}.")


def _apply_refund(*, ipn: PayPalIPN, order: Order, payment: Payment) -> PaymentNotification:
    if order.status == OrderStatus.REFUNDED:
        return _record(payment, ipn, Outcome.ALREADY_APPLIED, "The order is already refunded.")
    amount = -ipn.mc_gross if ipn.mc_gross is not None else None
    problems = _money_problems(ipn, order, amount)
    if not payment.txn_id or ipn.parent_txn_id != payment.txn_id:
        problems.append(f"it refunds transaction {ipn.parent_txn_id}, not this order's {payment.txn_id}")
    if order.status not in REFUNDABLE_ORDER_STATUSES:
        problems.append(f"the order is {order.get_status_display().lower()}")
    if problems:
        return _reject(payment, ipn, problems)
    try:
        refund_order(order=order, note=f"PayPal {ipn.payment_status.lower()} {ipn.txn_id}")
    except InvalidTransition as error:
        return _reject(payment, ipn, [str(error)])
    payment.status = PaymentStatus.REFUNDED
    payment.save(update_fields=["status", "updated"])
    return _record(payment, ipn, Outcome.APPLIED, f"{ipn.payment_status} {amount} {ipn.mc_currency}.")


def _reject(payment: Payment, ipn: PayPalIPN, problems: list[str]) -> PaymentNotification:
    detail = f"IPN {ipn.pk} ({ipn.payment_status}, txn {ipn.txn_id}) not applied: " + "; ".join(problems)
    logger.warning("PayPal %s", detail)
    payment.needs_attention = True
    payment.problems = f"{payment.problems}\n{detail}".strip()
    payment.save(update_fields=["needs_attention", "problems", "updated"])
    return _record(payment, ipn, Outcome.REJECTED, detail)


def _record(payment: Payment, ipn: PayPalIPN, outcome: str, detail: str) -> PaymentNotification:
    notification, _ = PaymentNotification.objects.update_or_create(
        ipn=ipn, defaults={"payment": payment, "outcome": outcome, "detail": detail}
    )
    return notification
