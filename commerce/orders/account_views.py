from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .guest_access import guest_token_for, remember_guest_order
from .selectors import order_for_owner, orders_of


@login_required
def order_history(request):
    page_obj = Paginator(orders_of(user=request.user), 10).get_page(request.GET.get("page"))
    return render(request, "orders/order_history.html", {"page_obj": page_obj})


@never_cache
def order_detail(request, reference):
    """The order page, for its account holder or a guest whose session holds the order's link."""
    guest_token = guest_token_for(request.session, reference)
    if not request.user.is_authenticated and not guest_token:
        return redirect_to_login(request.get_full_path())
    order = order_for_owner(user=request.user, reference=reference, guest_token=guest_token)
    customer_notes = order.notes.filter(to_customer=True)
    return render(request, "orders/order_detail.html", {"order": order, "customer_notes": customer_notes})


@never_cache
@require_GET
def guest_order_link(request, reference, token):
    """The secret link in a guest order's emails: keep the token in the session, then show the order
    at its plain address (so the secret does not linger in the address bar, history or Referer)."""
    try:
        order = order_for_owner(user=request.user, reference=reference, guest_token=token)
    except Http404:
        if request.user.is_authenticated:
            raise
        # An order attached to an account since the email was sent opens for its owner only.
        return redirect_to_login(reverse("account_orders:detail", args=[reference]))
    remember_guest_order(request.session, order)
    return redirect("account_orders:detail", order.reference)
