import requests
from django.conf import settings
from django.db import models
from paypal.standard.ipn.models import PayPalIPN

from commerce.orders.models import PaymentMethod


class PaymentStatus(models.TextChoices):
    NONE = "none", "None"
    PENDING = "pending", "Pending"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    REFUNDED = "refunded", "Refunded"


class Payment(models.Model):
    """How an order is being paid: one per order, with every notification that touched it.

    `txn_id` is unique, so one PayPal transaction can settle one order only, and a replayed
    notification finds the payment it already settled.
    """

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="payment")
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.NONE, db_index=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    txn_id = models.CharField("Transaction id", max_length=64, unique=True, null=True, blank=True)
    needs_attention = models.BooleanField(
        default=False, db_index=True, help_text="A notification did not match the order; see the problems."
    )
    problems = models.TextField(blank=True, help_text="Mismatches and refusals, newest last, for staff.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.order.reference} ({self.get_method_display()}, {self.get_status_display()})"


class PaymentNotification(models.Model):
    """One PayPal IPN and what the shop did with it."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Applied"
        ALREADY_APPLIED = "already_applied", "Already applied"
        REJECTED = "rejected", "Rejected"
        RECORDED = "recorded", "Recorded only"

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="notifications")
    ipn = models.OneToOneField(PayPalIPN, on_delete=models.CASCADE, related_name="shop_notification")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    detail = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.ipn.txn_id or self.ipn.pk}: {self.get_outcome_display()}"


class TimedPayPalIPN(PayPalIPN):
    """django-paypal's IPN with a bounded verification call.

    Upstream posts back with no timeout, so a slow PayPal would hold a worker indefinitely.
    The endpoint follows settings.PAYPAL_TEST rather than the notification's own `test_ipn`
    field, so a sandbox payment can never be verified against a live shop.
    """

    class Meta:
        proxy = True

    # Set by the IPN view while the development stand-in is active.
    stand_in_postback_url: str | None = None

    def get_endpoint(self):
        if settings.PAYPAL_TEST:
            from paypal.standard.conf import SANDBOX_POSTBACK_ENDPOINT

            return self.stand_in_postback_url or settings.PAYPAL_POSTBACK_URL or SANDBOX_POSTBACK_ENDPOINT
        from paypal.standard.conf import POSTBACK_ENDPOINT

        return POSTBACK_ENDPOINT

    def _postback(self):
        return requests.post(
            self.get_endpoint(),
            data=b"cmd=_notify-validate&" + self.query.encode("ascii"),
            timeout=settings.PAYPAL_POSTBACK_TIMEOUT,
        ).content
