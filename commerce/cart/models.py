from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class Cart(models.Model):
    """A shopper's cart, kept in the database so it survives restarts and new sessions.

    A signed-in shopper's cart belongs to the user; an anonymous one is found through the id
    stored in the session data (which survives the session-key rotation at login).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cart"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # The discount code the shopper entered; checked again (commerce.discounts) whenever it is shown or used.
    discount_code = models.CharField(max_length=40, blank=True)

    def __str__(self):
        return f"Cart {self.pk} ({self.user or 'anonymous'})"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalogue.ProductVariant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    # The price the shopper last saw; checkout compares it with the current price.
    seen_price = models.DecimalField(max_digits=10, decimal_places=2)
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_one_per_variant"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="cart_line_quantity_gte_1"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"
