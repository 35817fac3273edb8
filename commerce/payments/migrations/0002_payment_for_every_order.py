"""Orders placed before checkout created payments in its own transaction may have none: give them one."""

from django.db import migrations

# Literal values as they stood when this migration was written (OrderStatus, PaymentStatus).
PAID_ORDER_STATUSES = {"paid", "processing", "shipped", "delivered"}


def payment_status_for(order_status):
    if order_status in PAID_ORDER_STATUSES:
        return "completed"
    if order_status == "refunded":
        return "refunded"
    return "none"


def create_missing_payments(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Payment = apps.get_model("payments", "Payment")
    orders = Order.objects.filter(payment__isnull=True).only("pk", "status", "payment_method", "total", "currency")
    Payment.objects.bulk_create(
        (
            Payment(
                order=order,
                method=order.payment_method,
                status=payment_status_for(order.status),
                amount=order.total,
                currency=order.currency,
            )
            for order in orders.iterator()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("payments", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_missing_payments, migrations.RunPython.noop)]
