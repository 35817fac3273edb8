from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .selectors import cart_discount, cart_rows, cart_summary, rows_subtotal
from .services import (
    CartError,
    add_to_cart,
    apply_discount_code,
    cart_for,
    remove_discount_code,
    remove_line,
    set_line_quantity,
)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _summary_payload(request) -> dict:
    summary = cart_summary(cart_for(user=request.user, session=request.session, create=False))
    return {"count": summary.count, "subtotal": str(summary.subtotal)}


def _respond(request, *, message: str, ok: bool, back: str):
    if _wants_json(request):
        return JsonResponse(
            {"ok": ok, "message": message, "cart": _summary_payload(request)}, status=200 if ok else 400
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(back)


@never_cache
def cart_detail(request):
    cart = cart_for(user=request.user, session=request.session, create=False)
    rows = cart_rows(cart)
    subtotal = rows_subtotal(rows)
    discount = cart_discount(cart=cart, rows=rows, user=request.user)
    return render(
        request,
        "cart/cart_detail.html",
        {
            "rows": rows,
            "subtotal": subtotal,
            "discount": discount,
            "total_before_shipping": subtotal - (discount.amount if discount else 0),
        },
    )


def _csrf_refusal(request):
    """Django's own CSRF check, run by hand: the refusal response, or None if the token is good."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


# Product pages come from the shared page cache without a CSRF token; static/js/csrf.js adds this
# visitor's before the form is sent. A post without a good token (no JavaScript, or a forged post)
# changes nothing: it gets a page asking to confirm, whose form carries this visitor's own token.
@csrf_exempt
@never_cache
@require_POST
def cart_add(request):
    if _csrf_refusal(request) is not None:
        return render(
            request,
            "cart/confirm_add.html",
            {"variant": request.POST.get("variant", ""), "quantity": request.POST.get("quantity", "1")},
            status=403,
        )
    cart = cart_for(user=request.user, session=request.session, create=True)
    back = request.headers.get("Referer") or reverse("cart:detail")
    try:
        line = add_to_cart(cart=cart, variant_id=request.POST.get("variant"), quantity=request.POST.get("quantity", 1))
    except CartError as refusal:
        return _respond(request, message=str(refusal), ok=False, back=back)
    added = f"Added {line.variant.display_name} to your cart."
    return _respond(request, message=added, ok=True, back=reverse("cart:detail"))


def _change_line(request, change, done: str):
    cart = cart_for(user=request.user, session=request.session, create=False)
    try:
        if cart is None:
            raise CartError("Your cart is empty.")
        change(cart)
    except CartError as refusal:
        return _respond(request, message=str(refusal), ok=False, back=reverse("cart:detail"))
    return _respond(request, message=done, ok=True, back=reverse("cart:detail"))


@require_POST
def cart_update(request, line_id):
    quantity = request.POST.get("quantity")
    return _change_line(
        request, lambda cart: set_line_quantity(cart=cart, line_id=line_id, quantity=quantity), "Cart updated."
    )


@require_POST
def cart_remove(request, line_id):
    return _change_line(request, lambda cart: remove_line(cart=cart, line_id=line_id), "Removed from your cart.")


def _back(request) -> str:
    """The cart, or the page the discount form was on (the checkout), if it is one of ours."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("cart:detail")


@require_POST
def discount_apply(request):
    cart = cart_for(user=request.user, session=request.session, create=False)
    try:
        if cart is None:
            raise CartError("Your cart is empty.")
        code = apply_discount_code(cart=cart, code=request.POST.get("code", ""), user=request.user)
    except CartError as refusal:
        return _respond(request, message=str(refusal), ok=False, back=_back(request))
    return _respond(request, message=f"Discount code {code} applied.", ok=True, back=_back(request))


@require_POST
def discount_remove(request):
    cart = cart_for(user=request.user, session=request.session, create=False)
    if cart is not None:
        remove_discount_code(cart=cart)
    return _respond(request, message="Discount code removed.", ok=True, back=_back(request))


@never_cache
@require_GET
def cart_summary_json(request):
    response = JsonResponse(_summary_payload(request))
    response["Cache-Control"] = "private, no-store"
    return response
