from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from commerce.accounts.access import verified_email_required
from commerce.cart.selectors import cart_discount, cart_rows, rows_fingerprint
from commerce.cart.services import cart_for
from commerce.orders.guest_access import remember_guest_order
from commerce.orders.models import PaymentMethod
from commerce.orders.services import CART_ALREADY_ORDERED, CheckoutProblem

from .forms import CheckoutForm
from .selectors import checkout_summary
from .services import place_order_and_start_payment


@never_cache
@verified_email_required(guests_allowed=True)
def checkout(request):
    """Checkout for a verified customer (saved addresses) or a guest (email and address only)."""
    customer = request.user if request.user.is_authenticated else None
    cart = cart_for(user=request.user, session=request.session, create=False)
    rows = cart_rows(cart)
    if not rows:
        messages.info(request, CART_ALREADY_ORDERED if request.method == "POST" else "Your cart is empty.")
        return redirect("cart:detail")

    form = CheckoutForm(request.POST or None, user=customer, session_key=request.session.session_key)
    discount = cart_discount(cart=cart, rows=rows, user=customer, email=customer.email if customer else "")
    if request.method == "POST" and not form.is_valid() and "checkout_token" in form.errors:
        messages.error(request, form.errors["checkout_token"][0])
        return redirect("checkout:checkout")
    if request.method == "POST" and form.is_valid():
        try:
            order = place_order_and_start_payment(
                cart=cart,
                user=customer,
                email=form.cleaned_data["email"],
                address=form.shipping_address(),
                shipping_method=form.cleaned_data["shipping_method"],
                payment_method=form.cleaned_data["payment_method"],
                checkout_token=form.cleaned_data["checkout_token"],
                reviewed_lines=form.cleaned_data["reviewed_lines"],
            )
        except CheckoutProblem as problem:
            messages.error(request, str(problem))
            return redirect("checkout:checkout")
        remember_guest_order(request.session, order)
        if order.payment_method == PaymentMethod.PAYPAL:
            return redirect("payments:pay", order.reference)
        return redirect("payments:thank_you", order.reference)

    return render(
        request,
        "checkout/checkout.html",
        {
            "form": form,
            "rows": rows,
            "summary": checkout_summary(
                rows=rows,
                shipping_methods=form.fields["shipping_method"].queryset,
                chosen_method_id=form["shipping_method"].value(),
                discount=discount,
            ),
            "discount": discount,
            "reviewed_lines": rows_fingerprint(rows) + (discount.fingerprint if discount else ""),
            "price_changes": [row for row in rows if row.price_changed],
            "stock_problems": [row for row in rows if row.short_of_stock],
        },
    )
