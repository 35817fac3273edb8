import codecs
import logging

import requests
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from paypal.standard.ipn.forms import PayPalIPNForm
from paypal.standard.models import DEFAULT_ENCODING

from commerce.accounts import access
from commerce.orders.guest_access import guest_token_for
from commerce.orders.models import Order, OrderStatus, PaymentMethod

from . import standin
from .forms import paypal_form_for
from .models import Payment, PaymentStatus, TimedPayPalIPN
from .selectors import thank_you_context

logger = logging.getLogger(__name__)

# Every genuine IPN carries these; without them there is nothing to verify or match.
REQUIRED_IPN_FIELDS = ("receiver_email", "verify_sign")


class TimedPayPalIPNForm(PayPalIPNForm):
    class Meta(PayPalIPNForm.Meta):
        model = TimedPayPalIPN


@csrf_exempt
@require_POST
def paypal_ipn(request):
    """PayPal's notify_url: django-paypal's IPN view with input checks and a bounded postback.

    Malformed requests are answered 4xx before anything is stored. A well-formed IPN is
    stored, verified with PayPal (timeout settings.PAYPAL_POSTBACK_TIMEOUT) and signalled as
    django-paypal does; if PayPal cannot be reached in time the IPN is stored flagged and
    answered 503, so PayPal sends it again later.
    """
    if request.content_type != "application/x-www-form-urlencoded":
        return HttpResponse("Expected application/x-www-form-urlencoded.", status=415)
    try:
        request.body.decode("ascii")  # django-paypal keeps the raw body as ASCII for the postback
        charset = QueryDict(request.body, encoding="latin-1").get("charset") or DEFAULT_ENCODING
        codecs.lookup(charset)
        data = QueryDict(request.body, encoding=charset).copy()
    except (UnicodeDecodeError, LookupError):
        return HttpResponseBadRequest("Bad body or charset.")
    missing = [name for name in REQUIRED_IPN_FIELDS if not data.get(name)]
    if missing or not (data.get("txn_type") or data.get("payment_status")):
        return HttpResponseBadRequest(f"Not an IPN: missing {', '.join(missing) or 'txn_type/payment_status'}.")
    for field in TimedPayPalIPN._meta.get_fields():
        if field.__class__.__name__ == "DateTimeField" and data.get(field.attname) == "N/A":
            del data[field.attname]
    form = TimedPayPalIPNForm(data)
    if not form.is_valid():
        logger.warning("Malformed PayPal IPN refused: %s", form.errors.as_json())
        return HttpResponseBadRequest("Invalid IPN fields.")

    ipn_obj = form.save(commit=False)
    ipn_obj.initialize(request)
    if standin.stand_in_enabled():
        ipn_obj.stand_in_postback_url = request.build_absolute_uri(reverse("payments:stand_in_postback"))
    try:
        ipn_obj.verify()
    except requests.RequestException as error:
        ipn_obj.set_flag(f"Postback failed. ({error.__class__.__name__})")
        ipn_obj.save()
        ipn_obj.send_signals()
        return HttpResponse("Verification unavailable, send again later.", status=503)
    ipn_obj.send_signals()
    return HttpResponse("OKAY")


def _owned_order(request, reference: str) -> Order:
    """The customer's order, or the guest order whose link this session opened (or placed it)."""
    guest_token = guest_token_for(request.session, reference)
    return access.get_owned_or_404(Order.objects.all(), user=request.user, guest_token=guest_token, reference=reference)


def _order_url(order: Order) -> str:
    return reverse("account_orders:detail", args=[order.reference])


@require_GET
def pay(request, reference: str):
    """The pay page: PayPal's button, or the bank details to quote, while the order awaits payment."""
    if not request.user.is_authenticated and not guest_token_for(request.session, reference):
        return redirect_to_login(request.get_full_path())
    order = _owned_order(request, reference)
    if order.status != OrderStatus.PENDING_PAYMENT:
        return redirect(_order_url(order))
    context = {
        "order": order,
        "order_url": _order_url(order),
        "is_paypal": order.payment_method == PaymentMethod.PAYPAL,
    }
    if context["is_paypal"]:
        context["paypal_form"] = paypal_form_for(order=order, request=request)
        context["stand_in"] = standin.stand_in_enabled()
    return render(request, "payments/pay.html", context)


# PayPal returns the buyer with a GET, or a POST when the button asks for rm=2.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def paypal_return(request, reference: str):
    """The thank-you page: the order's summary and its status, followed live until it is paid."""
    order = _owned_order(request, reference)
    return render(request, "payments/return.html", thank_you_context(order=order, request=request))


@require_GET
def thank_you(request, reference: str):
    """The same thank-you page after placing an order paid by bank transfer."""
    return paypal_return(request, reference)


@require_GET
def order_payment_status(request, reference: str):
    """The order's status as JSON, polled by the return page while PayPal's notification arrives."""
    order = _owned_order(request, reference)
    payment = Payment.objects.filter(order=order).first()
    response = JsonResponse(
        {
            "status": order.status,
            "status_label": order.get_status_display(),
            "payment_status": payment.status if payment else PaymentStatus.NONE,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def paypal_cancel(request, reference: str):
    order = _owned_order(request, reference)
    return render(
        request,
        "payments/cancel.html",
        {"order": order, "order_url": _order_url(order), "can_retry": order.status == OrderStatus.PENDING_PAYMENT},
    )


# The shop's own pay page posts here as it would post to PayPal, with no CSRF token.
@csrf_exempt
@require_POST
def stand_in_checkout(request):
    """Stand-in for PayPal's checkout page: shows what is being paid and a Pay button."""
    fields = {name: request.POST.get(name, "") for name in request.POST if name != "csrfmiddlewaretoken"}
    order = Order.objects.filter(reference=fields.get("invoice", "")).first()
    return render(request, "payments/stand_in.html", {"fields": fields, "order": order})


@require_POST
def stand_in_pay(request):
    """Send PayPal's IPN for this payment to the shop's notify_url, then return the buyer."""
    form_data = request.POST
    user = request.user
    body = standin.build_ipn_body(
        form_data=form_data,
        payer_email=getattr(user, "email", "") or "buyer@example.com",
        first_name=getattr(user, "first_name", "") or "Sandbox",
        last_name=getattr(user, "last_name", "") or "Buyer",
    )
    response = requests.post(
        form_data["notify_url"],
        data=body,
        headers={"Content-Type": f"application/x-www-form-urlencoded; charset={standin.CHARSET}"},
        timeout=settings.PAYPAL_POSTBACK_TIMEOUT + 5,
    )
    logger.info("PayPal stand-in IPN answered %s", response.status_code)
    return redirect(form_data["return"])


@csrf_exempt
@require_POST
def stand_in_postback(request):
    """Stand-in for PayPal's IPN verification endpoint."""
    return HttpResponse("VERIFIED" if standin.postback_is_genuine(request.body) else "INVALID")
