from django.db.models import Count, Q
from django.urls import reverse

from commerce.accounts.access import agent_users
from commerce.orders.models import Order
from core.money import format_money

from .models import AgentPresence, CannedReply, Conversation, Message
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
        return {"name": conversation.customer_label, "email": "", "orders": [], "status": conversation.status}
    orders = Order.objects.filter(user=customer).order_by("-created")[:5]
    return {
        "status": conversation.status,
        "name": customer.get_full_name(),
        "email": customer.email,
        "orders": [
            {
                "reference": o.reference,
                "status": o.get_status_display(),
                # Formatted here, in the store's locale: the panel shows it as it comes.
                "total": format_money(o.total, o.currency),
                "url": reverse("orders:inspect", args=[o.pk]),  # the order page in the admin
            }
            for o in orders
        ],
    }


def badge_count(*, agent) -> int:
    """What the "Live chat" menu badge shows `agent`: conversations waiting for anyone, plus the
    ones assigned to them with customer messages they have not read."""
    unread_mine = Q(
        status=Conversation.Status.ASSIGNED,
        assigned_agent=agent,
        messages__sender_role=Message.Role.CUSTOMER,
        messages__read_at__isnull=True,
    )
    return Conversation.objects.filter(Q(status=Conversation.Status.OPEN) | unread_mine).distinct().count()


def handover_agents(*, exclude=None) -> list[dict]:
    """Every agent a conversation can be handed to, online ones first, then by name."""
    online = online_agent_ids()
    agents = [
        {"id": user.pk, "name": user.get_full_name() or user.email, "online": user.pk in online}
        for user in agent_users().exclude(pk=getattr(exclude, "pk", None)).order_by("first_name", "last_name", "pk")
    ]
    return sorted(agents, key=lambda agent: not agent["online"])


def canned_replies() -> list[CannedReply]:
    return list(CannedReply.objects.order_by("title"))
