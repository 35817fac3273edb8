from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, MenuItem
from wagtail.permissions import register_permission_policy

from commerce.orders.models import OrderStatus, PaymentMethod
from commerce.orders.services import InvalidTransition
from commerce.orders.wagtail_hooks import ORDER_PAGE_PANELS_HOOK
from core.money import format_money
from core.permissions import RefusingPermissionPolicy

from .models import Payment, PaymentStatus
from .services import PaymentRefused, record_bank_transfer, record_bank_transfer_refund

# Payments come from orders and notifications: staff may annotate them, never add or delete.
register_permission_policy(Payment, RefusingPermissionPolicy(Payment))


def _bank_transfer_action(user, payment: Payment) -> tuple[str, str] | None:
    """(label, url name) of the action a Manager can take on this payment now, if any."""
    if payment.method != PaymentMethod.BANK_TRANSFER or not user.has_perm("payments.change_payment"):
        return None
    if payment.order.status == OrderStatus.PENDING_PAYMENT:
        return "Record bank transfer", "payments_admin:record_bank_transfer"
    if payment.status == PaymentStatus.COMPLETED and payment.order.status in OrderStatus.paid_statuses():
        return "Record refund", "payments_admin:record_refund"
    return None


class PaymentFilterSet(WagtailFilterSet):
    class Meta:
        model = Payment
        fields = ["status", "method", "needs_attention"]


def _order_url(payment: Payment) -> str:
    return reverse("orders:inspect", args=[payment.order_id])


class PaymentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("order")

    @cached_property
    def columns(self):
        # Each row opens its order; the payment's own screens stay in the row's "More" menu.
        title = self._get_custom_column(
            "order__reference", self._get_title_column_class(TitleColumn), get_url=_order_url
        )
        return [title, *super().columns[1:]]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem("Payment details", url=reverse("payments_admin:inspect", args=[instance.pk]), icon_name="info")
        )
        if action := _bank_transfer_action(self.request.user, instance):
            label, url_name = action
            buttons.append(MenuItem(label, url=reverse(url_name, args=[instance.pk]), icon_name="tick", priority=5))
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
                "<li>IPN {} · {} · {} {} · txn {}{} → <strong>{}</strong>: {}</li>",
                (
                    (
                        row.ipn.pk,
                        row.ipn.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                        row.ipn.payment_status or row.ipn.txn_type,
                        format_money(row.ipn.mc_gross, row.ipn.mc_currency),
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
        if action := _bank_transfer_action(self.request.user, self.object):
            label, url_name = action
            return [Button(label, url=reverse(url_name, args=[self.object.pk]), icon_name="tick", priority=5)]
        return []


class PaymentViewSet(ModelViewSet):
    """Every order's payment, its status and the PayPal notifications behind it.

    Agents have view permission only, so they see this read-only; Managers can annotate a
    payment and record a bank transfer, or its refund. Status and amount are never edited:
    they change only through commerce.payments.services.
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
        "order",  # the title column (the order's reference, opening the order), with each row's action buttons
        "method",
        "status",
        Column("amount", label="Amount", accessor=lambda payment: format_money(payment.amount, payment.currency)),
        Column("txn_id", label="Transaction id", accessor=lambda payment: payment.txn_id or "—"),
        Column(
            "needs_attention",
            label="Needs attention",
            accessor=lambda payment: "Needs attention" if payment.needs_attention else "—",
        ),
        DateColumn("created", label="Created", sort_key="created"),
    ]
    form_fields = ["needs_attention", "problems"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("record-bank-transfer/<int:pk>/", record_bank_transfer_view, name="record_bank_transfer"),
            # The address of the former "Mark paid" action, so bookmarks keep working.
            path("mark-paid/<int:pk>/", record_bank_transfer_view, name="mark_paid"),
            path("record-refund/<int:pk>/", record_refund_view, name="record_refund"),
        ]


def record_bank_transfer_view(request, pk):
    """A Manager confirms a bank transfer seen on the statement; the order becomes paid."""
    return _confirm_payment_action(
        request,
        pk,
        service=record_bank_transfer,
        title="Record bank transfer for {reference}",
        question="Record the bank transfer for order {reference} ({amount}) as received?",
        warning="Only confirm once the money is on the statement: the order will be released for shipping.",
        button="Yes, record the transfer",
        done="Bank transfer recorded: order {reference} is paid.",
    )


def record_refund_view(request, pk):
    """A Manager confirms that a bank transfer was paid back; the order is refunded and its stock returns."""
    return _confirm_payment_action(
        request,
        pk,
        service=record_bank_transfer_refund,
        title="Record refund for {reference}",
        question="Record that {amount} for order {reference} was paid back to the customer?",
        warning="Only confirm once the money has left: the order becomes refunded and its stock is returned.",
        button="Yes, record the refund",
        done="Refund recorded: order {reference} is refunded.",
    )


def _confirm_payment_action(request, pk, *, service, title, question, warning, button, done):
    payment = get_object_or_404(Payment.objects.select_related("order"), pk=pk)
    if not request.user.has_perm("payments.change_payment"):
        raise PermissionDenied
    order = payment.order
    words = {"reference": order.reference, "amount": format_money(order.total, order.currency)}
    index_url = reverse("payments_admin:index")
    if request.method == "POST":
        try:
            service(payment=payment, actor=request.user, note=request.POST.get("note", "")[:500])
        except (PaymentRefused, InvalidTransition) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done.format(**words))
        return redirect(index_url)
    return TemplateResponse(
        request,
        "payments/admin/confirm_payment_action.html",
        {
            "header_title": title.format(**words),
            "question": question.format(**words),
            "warning": warning,
            "button": button,
            "index_url": index_url,
        },
    )


class OrderPaymentPanel(Component):
    """The payment section of the order page (registered into orders' hook: orders never imports payments)."""

    template_name = "payments/admin/order_payment_panel.html"

    def __init__(self, payment, user):
        self.payment = payment
        self.user = user

    def get_context_data(self, parent_context=None):
        payment = self.payment
        action = _bank_transfer_action(self.user, payment) if payment else None
        return {
            "payment": payment,
            "notifications": list(payment.notifications.select_related("ipn")) if payment else [],
            "details_url": reverse("payments_admin:inspect", args=[payment.pk]) if payment else None,
            "action": (action[0], reverse(action[1], args=[payment.pk])) if action else None,
        }


@hooks.register(ORDER_PAGE_PANELS_HOOK)
def order_payment_panel(request, order):
    return OrderPaymentPanel(Payment.objects.filter(order=order).first(), request.user)


@hooks.register("register_admin_viewset")
def register_payments_admin():
    return PaymentViewSet()
