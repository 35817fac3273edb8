from django import forms
from django.contrib import messages
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Order, OrderStatus, ShippingMethod
from .services import InvalidTransition, allowed_next_statuses, change_order_status


class OrderStatusForm(forms.ModelForm):
    """Staff move an order along the fulfilment workflow; only the transitions allowed from here are offered.

    Paid and refunded are never offered: payments record those (the payments admin, or PayPal).
    """

    to_status = forms.ChoiceField(
        label="New status",
        error_messages={
            "invalid_choice": "Staff cannot move this order to “%(value)s” here: paid and refunded are recorded "
            "under Payments, and other statuses follow the workflow."
        },
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept in the history.")

    class Meta:
        model = Order
        fields = []

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, OrderStatus(status).label) for status in allowed_next_statuses(self.instance)
        ]


class OrderEditView(EditView):
    template_name = "orders/admin/order_edit.html"

    def save_instance(self):
        return change_order_status(
            order=self.object,
            to_status=self.form.cleaned_data["to_status"],
            actor=self.request.user,
            note=self.form.cleaned_data["note"],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except InvalidTransition as refusal:
            messages.error(self.request, str(refusal))
            return self.form_invalid(form)

    def get_success_message(self, instance=None):
        return f"Order {self.object.reference} is now {self.object.get_status_display()}."


class OrderIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class OrderFilterSet(WagtailFilterSet):
    class Meta:
        model = Order
        fields = ["status", "payment_method"]


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "doc-full"
    menu_label = "Orders"
    name = "orders"
    add_to_admin_menu = False
    create_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "reference",
        "status",
        "email",
        "user",
        "payment_method",
        "subtotal",
        "shipping_cost",
        "total",
        "currency",
        "shipping_full_name",
        "shipping_line1",
        "shipping_line2",
        "shipping_city",
        "shipping_postcode",
        "shipping_country",
        "shipping_method_name",
        "created",
        "paid_at",
    ]
    index_view_class = OrderIndexView
    edit_view_class = OrderEditView
    filterset_class = OrderFilterSet
    search_fields = ["reference", "email", "shipping_full_name"]
    list_display = ["reference", "email", "status", "total", "payment_method", "created"]
    ordering = ["-created"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return OrderStatusForm


class ShippingMethodViewSet(ModelViewSet):
    model = ShippingMethod
    icon = "site"
    menu_label = "Shipping methods"
    name = "shipping-methods"
    add_to_admin_menu = False
    form_fields = ["name", "description", "price", "is_active", "sort_order"]
    list_display = ["name", "price", "is_active", "sort_order"]
    ordering = ["sort_order", "price"]


class OrdersGroup(ViewSetGroup):
    menu_label = "Orders"
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (OrderViewSet, ShippingMethodViewSet)


@hooks.register("register_admin_viewset")
def register_orders_admin():
    return OrdersGroup()
