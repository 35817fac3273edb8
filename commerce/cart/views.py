from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .selectors import cart_rows, cart_summary, rows_subtotal
from .services import CartError, add_to_cart, cart_for, remove_line, set_line_quantity


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
    return render(request, "cart/cart_detail.html", {"rows": rows, "subtotal": rows_subtotal(rows)})


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


@never_cache
@require_GET
def cart_summary_json(request):
    response = JsonResponse(_summary_payload(request))
    response["Cache-Control"] = "private, no-store"
    return response
