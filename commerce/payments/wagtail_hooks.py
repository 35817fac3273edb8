from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from commerce.orders.models import OrderStatus
from commerce.orders.services import InvalidTransition

from .models import Payment
from .services import mark_paid_by_staff


class PaymentPermissionPolicy(ModelPermissionPolicy):
    """Payments come from orders and notifications: staff may annotate them, never add or delete."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Payment, PaymentPermissionPolicy(Payment))


def can_mark_paid(user, payment: Payment) -> bool:
    return payment.order.status == OrderStatus.PENDING_PAYMENT and user.has_perm("payments.change_payment")


class PaymentFilterSet(WagtailFilterSet):
    class Meta:
        model = Payment
        fields = ["status", "method", "needs_attention"]


class PaymentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("order")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_mark_paid(self.request.user, instance):
            url = reverse("payments_admin:mark_paid", args=[instance.pk])
            buttons.append(MenuItem("Mark paid", url=url, icon_name="tick", priority=5))
        return buttons


class PaymentInspectView(InspectView):
    fields = [
        "order",
        "method",
        "status",
        "amount",
        "currency",
        "txn_id",
        "needs_attention",
        "problems",
        "notifications",
    ]

    def get_field_label(self, field_name, field):
        return "PayPal notifications" if field_name == "notifications" else super().get_field_label(field_name, field)

    def get_notifications_display_value(self):
        rows = self.object.notifications.select_related("ipn").order_by("created", "pk")
        if not rows:
            return "None"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>IPN {} · {} · {} {} {} · txn {}{} → <strong>{}</strong>: {}</li>",
                (
                    (
                        row.ipn.pk,
                        row.ipn.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                        row.ipn.payment_status or row.ipn.txn_type,
                        row.ipn.mc_gross,
                        row.ipn.mc_currency,
                        row.ipn.txn_id,
                        f" · flagged: {row.ipn.flag_info}" if row.ipn.flag else "",
                        row.get_outcome_display(),
                        row.detail,
                    )
                    for row in rows
                ),
            ),
        )

    @property
    def header_buttons(self):
        buttons = []
        if can_mark_paid(self.request.user, self.object):
            url = reverse("payments_admin:mark_paid", args=[self.object.pk])
            buttons.append(Button("Mark paid", url=url, icon_name="tick", priority=5))
        return buttons


class PaymentViewSet(ModelViewSet):
    """Every order's payment, its status and the PayPal notifications behind it.

    Agents have view permission only, so they see this read-only; Managers can annotate a
    payment and mark a bank transfer paid.
    """

    model = Payment
    icon = "tick-inverse"
    menu_label = "Payments"
    menu_order = 310
    add_to_admin_menu = True
    name = "payments_admin"
    index_view_class = PaymentIndexView
    inspect_view_class = PaymentInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "order",
        "method",
        "status",
        "amount",
        "currency",
        "txn_id",
        "needs_attention",
        "problems",
        "notifications",
    ]
    copy_view_enabled = False
    filterset_class = PaymentFilterSet
    search_fields = ["order__reference", "txn_id", "order__email"]
    search_backend_name = None
    ordering = ["-created"]
    list_display = [
        Column("reference", label="Order", accessor="order.reference"),
        "method",
        "status",
        "amount",
        "currency",
        "txn_id",
        "needs_attention",
        "created",
    ]
    form_fields = ["needs_attention", "problems"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("mark-paid/<int:pk>/", mark_paid_view, name="mark_paid")]


def mark_paid_view(request, pk):
    """Staff confirm a payment they have seen arrive (a bank transfer); the order becomes paid."""
    payment = get_object_or_404(Payment.objects.select_related("order"), pk=pk)
    if not request.user.has_perm("payments.change_payment"):
        raise PermissionDenied
    index_url = reverse("payments_admin:index")
    if request.method == "POST":
        try:
            mark_paid_by_staff(payment=payment, actor=request.user, note=request.POST.get("note", "")[:500])
        except InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Order {payment.order.reference} marked paid.")
        return redirect(index_url)
    return TemplateResponse(
        request,
        "payments/admin/confirm_mark_paid.html",
        {"payment": payment, "index_url": index_url, "header_title": f"Mark {payment.order.reference} paid"},
    )


@hooks.register("register_admin_viewset")
def register_payments_admin():
    return PaymentViewSet()
