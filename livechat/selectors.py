from django.db.models import Count, Q
from django.urls import reverse

from commerce.orders.models import Order

from .models import AgentPresence, Conversation, Message
from .services import presence_cutoff


def online_agent_ids(*, now=None) -> set[int]:
    """The agents with a socket seen within CHAT_PRESENCE_TIMEOUT_SECONDS of `now`, on any process."""
    fresh = AgentPresence.objects.filter(last_seen__gte=presence_cutoff(now))
    return set(fresh.values_list("agent_id", flat=True).distinct())


def agents_online() -> bool:
    return AgentPresence.objects.filter(last_seen__gte=presence_cutoff()).exists()


def messages_after(*, conversation: Conversation, after_id: int = 0, limit: int = 200) -> list[Message]:
    """The messages a client has not seen yet (all of them for after_id=0), oldest first."""
    return list(conversation.messages.filter(pk__gt=after_id).select_related("sender").order_by("pk")[:limit])


def open_conversations() -> list[Conversation]:
    """Open and assigned conversations, waiting ones first, each with its unread customer messages."""
    conversations = (
        Conversation.objects.exclude(status=Conversation.Status.CLOSED)
        .select_related("customer", "assigned_agent")
        .annotate(
            unread=Count(
                "messages", filter=Q(messages__sender_role=Message.Role.CUSTOMER, messages__read_at__isnull=True)
            )
        )
    )
    return sorted(
        conversations,
        key=lambda c: (c.status != Conversation.Status.OPEN, -(c.last_message_at or c.created).timestamp()),
    )


def closed_conversations(*, query: str = "", limit: int = 50):
    conversations = Conversation.objects.filter(status=Conversation.Status.CLOSED).select_related("customer")
    if query:
        conversations = conversations.filter(
            Q(customer__email__icontains=query)
            | Q(customer__first_name__icontains=query)
            | Q(customer__last_name__icontains=query)
            | Q(guest_name__icontains=query)
            | Q(messages__body__icontains=query)
        ).distinct()
    return list(conversations.order_by("-last_message_at")[:limit])


def customer_details(*, conversation: Conversation) -> dict:
    customer = conversation.customer
    if customer is None:
        return {"name": conversation.customer_label, "email": "", "orders": []}
    orders = Order.objects.filter(user=customer).order_by("-created")[:5]
    return {
        "name": customer.get_full_name(),
        "email": customer.email,
        "orders": [
            {
                "reference": o.reference,
                "status": o.get_status_display(),
                "total": str(o.total),
                "currency": o.currency,
                "url": reverse("orders:inspect", args=[o.pk]),  # the order page in the admin
            }
            for o in orders
        ],
    }
