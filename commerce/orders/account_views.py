from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .selectors import order_for_owner, orders_of


@login_required
def order_history(request):
    page_obj = Paginator(orders_of(user=request.user), 10).get_page(request.GET.get("page"))
    return render(request, "orders/order_history.html", {"page_obj": page_obj})


@login_required
def order_detail(request, reference):
    order = order_for_owner(user=request.user, reference=reference)
    customer_notes = order.notes.filter(to_customer=True)
    return render(request, "orders/order_detail.html", {"order": order, "customer_notes": customer_notes})
