"""Order work done by the worker: each unpaid order expires on its own schedule."""

from django_tasks import TaskContext, task

from core.tasks import retry_on_failure

from .models import Order
from .services import expire_unpaid_order


@task(takes_context=True)
def expire_order(context: TaskContext, order_id: int, attempt: int = 1) -> bool:
    """Cancel the order if it is still awaiting payment; a paid one is left as it is."""
    with retry_on_failure(context, attempt=attempt):
        return expire_unpaid_order(order_id=order_id)


def schedule_expiry(order: Order) -> None:
    """Have the worker expire the order when its time to pay is up.

    The embedded default runs tasks at once and cannot wait, so there the expire_unpaid_orders
    command is what releases abandoned orders' stock.
    """
    if not expire_order.get_backend().supports_defer:
        return
    expire_order.using(run_after=order.payment_deadline).enqueue(order_id=order.pk)
