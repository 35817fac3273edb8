import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

# No 0/O or 1/I/L: references are read out over the phone and typed from bank statements.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 12


def generate_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def generate_access_token():
    return secrets.token_urlsafe(32)


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "Awaiting payment"
    PAID = "paid", "Paid"
    PROCESSING = "processing", "Processing"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"

    @classmethod
    def paid_statuses(cls) -> frozenset[str]:
        """Statuses of an order whose money has arrived and not gone back."""
        return frozenset({cls.PAID, cls.PROCESSING, cls.SHIPPED, cls.DELIVERED})


class PaymentMethod(models.TextChoices):
    PAYPAL = "paypal", "PayPal"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"


def payment_time_allowed(payment_method: str) -> timedelta:
    """PayPal is paid at once or abandoned; a bank transfer takes days to arrive."""
    if payment_method == PaymentMethod.BANK_TRANSFER:
        return timedelta(days=settings.BANK_TRANSFER_TIMEOUT_DAYS)
    return timedelta(minutes=settings.UNPAID_ORDER_TIMEOUT_MINUTES)


def money_field(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], **kwargs)


class ShippingMethod(models.Model):
    """A flat-rate shipping option, managed by Managers in the admin."""

    name = models.CharField(max_length=100)
    description = models.CharField(max_length=250, blank=True)
    price = money_field()
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "price"]

    def __str__(self):
        return self.name


class Order(models.Model):
    """What a customer bought, frozen at checkout: lines, address, shipping and totals are copies."""

    # commerce.accounts.access: an account owns it through `user`; a guest order (no user) opens
    # with its `access_token`, sent in the confirmation email and kept in the guest's session.
    owner_field = "user"
    guest_token_field = "access_token"  # noqa: S105 - a field name

    reference = models.CharField(max_length=REFERENCE_LENGTH, unique=True, default=generate_reference, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    email = models.EmailField()
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT, db_index=True
    )
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.PAYPAL)
    currency = models.CharField(max_length=3)
    # Set from the checkout form's one-time token, so a form posted twice places one order.
    checkout_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # Set only for orders placed without an account; empty means no link opens the order.
    access_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    shipping_full_name = models.CharField(max_length=200)
    shipping_line1 = models.CharField(max_length=200)
    shipping_line2 = models.CharField(max_length=200, blank=True)
    shipping_city = models.CharField(max_length=100)
    shipping_postcode = models.CharField(max_length=20)
    shipping_region = models.CharField(max_length=100, blank=True)
    shipping_country = models.CharField(max_length=100)
    shipping_phone = models.CharField(max_length=40, blank=True)
    shipping_method_name = models.CharField(max_length=100)
    shipping_cost = money_field()

    subtotal = money_field()
    # The discount code used and what it took off the subtotal, as they were when the order was placed.
    discount_code = models.CharField(max_length=40, blank=True)
    discount = money_field(default=0)
    total = money_field()

    # Set when the order is marked shipped; the customer sees them on the order page and in the email.
    carrier = models.CharField(max_length=100, blank=True)
    tracking_number = models.CharField(max_length=100, blank=True)

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "-created"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="orders_order_total_gte_0"),
        ]

    def __str__(self):
        return self.reference

    @property
    def payment_deadline(self):
        """When an order still awaiting payment is cancelled and its stock released."""
        return self.created + payment_time_allowed(self.payment_method)

    @property
    def placed_as_guest(self) -> bool:
        return bool(self.access_token)

    @property
    def shipping_address_lines(self):
        return [
            line
            for line in [
                self.shipping_full_name,
                self.shipping_line1,
                self.shipping_line2,
                f"{self.shipping_postcode} {self.shipping_city}".strip(),
                self.shipping_region,
                self.shipping_country,
            ]
            if line
        ]


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalogue.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product = models.ForeignKey(
        "catalogue.ProductPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_name = models.CharField(max_length=255)
    variant_label = models.CharField(max_length=100, blank=True)
    sku = models.CharField(max_length=64)
    unit_price = money_field()
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    line_total = money_field()

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orders_line_quantity_gte_1")]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"


class OrderEvent(models.Model):
    """One status change in an order's history: who, when, from, to, and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    created = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.order}: {self.from_status or '—'} → {self.to_status}"


class OrderNote(models.Model):
    """A note on an order: internal (staff only) or to the customer (emailed and shown on their order page)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notes")
    created = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    to_customer = models.BooleanField(default=False)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.order}: {'to customer' if self.to_customer else 'internal'} note"
