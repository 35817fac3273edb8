from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class DiscountKind(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage off"
    FIXED = "fixed", "Fixed amount off"


class DiscountCode(index.Indexed, models.Model):
    """A code a customer types in the cart or at checkout. Managed by Managers in the admin.

    `times_used` counts the orders holding a use now (a use comes back when an unpaid order is
    cancelled or expires); it changes only in commerce.discounts.services under this row's lock.
    """

    code = models.CharField(max_length=40, help_text="What customers type; upper and lower case are the same.")
    description = models.CharField(max_length=200, blank=True, help_text="For staff: what the promotion is.")
    kind = models.CharField(max_length=20, choices=DiscountKind.choices, default=DiscountKind.PERCENTAGE)
    value = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="A percentage (1 to 100) or an amount in the store currency.",
    )
    categories = models.ManyToManyField(
        "catalogue.Category",
        blank=True,
        related_name="+",
        help_text="Only products in these categories (or below them) are discounted; none: the whole order.",
    )
    minimum_order_value = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="The cart subtotal (before the discount and shipping) must reach this.",
    )
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    usage_limit = models.PositiveIntegerField(null=True, blank=True, help_text="Uses in all. Empty: no limit.")
    usage_limit_per_customer = models.PositiveIntegerField(
        null=True, blank=True, help_text="Uses per customer (account or email address). Empty: no limit."
    )
    is_active = models.BooleanField(default=True)
    times_used = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("is_active")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldPanel("categories"),
        FieldPanel("minimum_order_value"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")], heading="Valid"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("usage_limit_per_customer")])], heading="Limits"
        ),
    ]
    search_fields = [index.SearchField("code"), index.AutocompleteField("code"), index.SearchField("description")]

    class Meta:
        ordering = ["-created", "pk"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="discounts_code_ci_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="discounts_code_value_gte_0"),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip().upper()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()
        if " " in self.code:
            raise ValidationError({"code": "A code has no spaces."})
        if DiscountCode.objects.filter(code__iexact=self.code).exclude(pk=self.pk).exists():
            raise ValidationError({"code": "Another discount code already uses this code."})
        if self.kind == DiscountKind.PERCENTAGE and self.value is not None and not 0 < self.value <= 100:
            raise ValidationError({"value": "A percentage is from 1 to 100."})
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": "The end comes after the start."})

    @property
    def summary(self) -> str:
        amount = f"{self.value.normalize():f} %" if self.kind == DiscountKind.PERCENTAGE else f"{self.value}"
        return f"{amount} off"


class Redemption(models.Model):
    """One order's use of a code. Deleted when the unpaid order is cancelled or expires (the use comes back)."""

    code = models.ForeignKey(DiscountCode, on_delete=models.PROTECT, related_name="redemptions")
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="redemption")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "pk"]
        indexes = [models.Index(fields=["code", "email"])]

    def __str__(self):
        return f"{self.code} on {self.order}"
