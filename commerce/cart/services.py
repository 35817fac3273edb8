"""Cart writes. Every refusal raises CartError with a message meant for the shopper."""

from django.conf import settings
from django.db import transaction

from catalogue.models import ProductVariant
from catalogue.offers import current_price, variant_offers, variants_on_sale
from commerce.discounts.selectors import DiscountRefused, discount_for, normalise

from .models import Cart, CartLine

SESSION_KEY = "cart_id"


class CartError(Exception):
    pass


def parse_quantity(raw) -> int:
    """A whole number from 1 to CART_MAX_QUANTITY_PER_LINE, or CartError saying what is wrong."""
    maximum = settings.CART_MAX_QUANTITY_PER_LINE
    try:
        text = str(raw).strip()
        quantity = int(text)
    except (TypeError, ValueError):
        raise CartError("Please enter the quantity as a whole number.") from None
    if quantity < 1:
        raise CartError("The quantity must be at least 1.")
    if quantity > maximum:
        raise CartError(f"You can buy at most {maximum} of one item per order.")
    return quantity


def cart_for(*, user, session, create: bool) -> Cart | None:
    """The visitor's cart: the user's when signed in, else the one named in the session."""
    if user is not None and user.is_authenticated:
        if create:
            return Cart.objects.get_or_create(user=user)[0]
        return Cart.objects.filter(user=user).first()
    cart_id = session.get(SESSION_KEY)
    cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if cart is None and create:
        cart = Cart.objects.create()
        session[SESSION_KEY] = cart.pk
    return cart


def _purchasable(variant_id) -> ProductVariant:
    try:
        variant_id = int(variant_id)
    except (TypeError, ValueError):
        raise CartError("Please choose an option.") from None
    variant = variants_on_sale().filter(pk=variant_id).select_related("product").first()
    if variant is None:
        raise CartError("That product is no longer available.")
    return variant


def _check_stock(variant: ProductVariant, quantity: int) -> None:
    available = variant_offers([variant.pk])[variant.pk].quantity
    if available <= 0:
        raise CartError(f"Sorry, {variant.display_name} is sold out.")
    if quantity > available:
        raise CartError(f"Only {available} of {variant.display_name} left in stock.")


@transaction.atomic
def add_to_cart(*, cart: Cart, variant_id, quantity) -> CartLine:
    """Add units of a variant (adding to a line already there), never above stock or the per-line cap."""
    variant = _purchasable(variant_id)
    quantity = parse_quantity(quantity)
    line = CartLine.objects.select_for_update().filter(cart=cart, variant=variant).first()
    total = quantity + (line.quantity if line else 0)
    if total > settings.CART_MAX_QUANTITY_PER_LINE:
        raise CartError(f"You can buy at most {settings.CART_MAX_QUANTITY_PER_LINE} of one item per order.")
    _check_stock(variant, total)
    price = current_price(variant)
    if line is None:
        return CartLine.objects.create(cart=cart, variant=variant, quantity=total, seen_price=price)
    line.quantity = total
    line.seen_price = price
    line.save(update_fields=["quantity", "seen_price"])
    return line


@transaction.atomic
def set_line_quantity(*, cart: Cart, line_id, quantity) -> CartLine:
    line = CartLine.objects.select_for_update().filter(cart=cart, pk=line_id).select_related("variant").first()
    if line is None:
        raise CartError("That item is no longer in your cart.")
    quantity = parse_quantity(quantity)
    _check_stock(line.variant, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def remove_line(*, cart: Cart, line_id) -> None:
    deleted, _ = CartLine.objects.filter(cart=cart, pk=line_id).delete()
    if not deleted:
        raise CartError("That item is no longer in your cart.")


@transaction.atomic
def merge_carts(*, source: Cart, target: Cart) -> Cart:
    """Move an anonymous cart into a signed-in shopper's: quantities add up, capped by stock and the cap."""
    if source.pk == target.pk:
        return target
    source_lines = list(source.lines.select_related("variant"))
    offers = variant_offers(line.variant_id for line in source_lines)
    existing = {line.variant_id: line for line in target.lines.select_for_update()}
    for line in source_lines:
        available = offers[line.variant_id].quantity if line.variant_id in offers else 0
        current = existing.get(line.variant_id)
        have = current.quantity if current else 0
        quantity = min(have + line.quantity, settings.CART_MAX_QUANTITY_PER_LINE, max(available, have))
        if current is not None and quantity != have:
            current.quantity = quantity
            current.save(update_fields=["quantity"])
        elif current is None and quantity >= 1:
            CartLine.objects.create(cart=target, variant=line.variant, quantity=quantity, seen_price=line.seen_price)
    if source.discount_code and not target.discount_code:
        target.discount_code = source.discount_code
        target.save(update_fields=["discount_code", "updated"])
    source.delete()
    return target


@transaction.atomic
def empty_cart(*, cart: Cart) -> None:
    cart.lines.all().delete()


@transaction.atomic
def apply_discount_code(*, cart: Cart, code, user=None) -> str:
    """Keep the code on the cart if it gives a discount on the cart as it is; CartError says why not.

    Returns the code as stored. The code is checked again at checkout and when the order is placed
    (commerce.discounts.services.claim_code), where the last use may have gone meanwhile.
    """
    from .selectors import cart_rows, discount_items

    text = normalise(code)
    if not text:
        raise CartError("Please enter a discount code.")
    try:
        discount_for(text=text, items=discount_items(cart_rows(cart)), user=user, email=getattr(user, "email", ""))
    except DiscountRefused as refusal:
        raise CartError(str(refusal)) from None
    cart.discount_code = text
    cart.save(update_fields=["discount_code", "updated"])
    return text


@transaction.atomic
def remove_discount_code(*, cart: Cart) -> None:
    cart.discount_code = ""
    cart.save(update_fields=["discount_code", "updated"])
