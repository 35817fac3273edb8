"""Chat writes. A message is stored in its own transaction and broadcast only after commit:
the channel layer delivers at most once, so the database is the truth clients re-sync from."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commerce.accounts.access import is_agent
from core.realtime import broadcast

from .models import MESSAGE_MAX_LENGTH, AgentPresence, Conversation, Message

AGENTS_GROUP = "chat.agents"
# Every customer's socket, told when agents come online or go offline.
CUSTOMERS_GROUP = "chat.customers"


class ChatRefused(Exception):
    """A message or action the chat will not take; the text is shown to the person who tried."""


def conversation_group(conversation_id: int) -> str:
    return f"chat.conversation.{conversation_id}"


def clean_body(body) -> str:
    if not isinstance(body, str):
        raise ChatRefused("A message must be text.")
    if "\x00" in body:
        raise ChatRefused("A message may not contain NUL characters.")
    body = body.strip()
    if not body:
        raise ChatRefused("An empty message was not sent.")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ChatRefused(f"Messages can be at most {MESSAGE_MAX_LENGTH} characters; yours has {len(body)}.")
    return body


def serialize_message(message: Message) -> dict:
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "role": message.sender_role,
        "sender": _sender_label(message),
        "body": message.body,
        "created": message.created.isoformat(),
        "read": message.read_at is not None,
    }


def _sender_label(message: Message) -> str:
    if message.sender_role == Message.Role.SYSTEM:
        return ""
    return message.sender.get_short_name() if message.sender_id else "Guest"


def _agent_name(agent) -> str:
    return agent.get_short_name() or agent.get_full_name() or "An agent"


@transaction.atomic
def start_conversation(*, customer=None, guest_token: str = "", guest_name: str = "") -> Conversation:
    """The customer's (or guest's) conversation that is not closed yet, or a new one."""
    owner = {"customer": customer} if customer is not None else {"guest_token": guest_token, "customer": None}
    if not customer and not guest_token:
        raise ChatRefused("Chat needs a session.")
    conversation = Conversation.objects.filter(**owner).exclude(status=Conversation.Status.CLOSED).first()
    if conversation is None:
        conversation = Conversation.objects.create(guest_name=guest_name, **owner)
        started = {"type": "chat.conversation_started", "conversation": conversation.pk}
        transaction.on_commit(lambda: broadcast(AGENTS_GROUP, started))
    return conversation


@transaction.atomic
def post_message(*, conversation: Conversation, sender, role: str, body) -> Message:
    """Store a message, then (after commit) send it to the conversation and the agents' list."""
    body = clean_body(body)
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED:
        raise ChatRefused("This conversation is closed.")
    message = Message.objects.create(conversation=locked, sender=sender, sender_role=role, body=body)
    locked.last_message_at = message.created
    locked.save(update_fields=["last_message_at"])
    payload = serialize_message(message)
    transaction.on_commit(lambda: _announce_message(payload))
    return message


def _announce_message(payload: dict) -> None:
    broadcast(conversation_group(payload["conversation"]), {"type": "chat.message", "message": payload})
    broadcast(AGENTS_GROUP, {"type": "chat.conversations_changed"})


@transaction.atomic
def assign_conversation(*, conversation: Conversation, agent) -> Conversation:
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED:
        raise ChatRefused("This conversation is closed.")
    locked.assigned_agent = agent
    locked.status = Conversation.Status.ASSIGNED
    locked.save(update_fields=["assigned_agent", "status"])
    transaction.on_commit(lambda: _announce_status(locked))
    return locked


def _add_notice(locked: Conversation, body: str) -> Message:
    """A notice from the chat itself, stored and (after commit) sent like any message."""
    notice = Message.objects.create(conversation=locked, sender=None, sender_role=Message.Role.SYSTEM, body=body)
    locked.last_message_at = notice.created
    locked.save(update_fields=["last_message_at"])
    payload = serialize_message(notice)
    transaction.on_commit(lambda: _announce_message(payload))
    return notice


CLOSED_NOTICE = "{agent} closed this conversation. Write again any time to start a new one."
HANDOVER_NOTICE = "{agent} handed this conversation to {other}, who will answer you here."


@transaction.atomic
def close_conversation(*, conversation: Conversation, agent=None) -> Conversation:
    """Close a conversation and tell its customer so in the conversation (a stored notice);
    every agent's lists update after commit. Closing a closed conversation changes nothing."""
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED:
        return locked
    _add_notice(locked, CLOSED_NOTICE.format(agent=_agent_name(agent) if agent else "Support"))
    locked.status = Conversation.Status.CLOSED
    locked.save(update_fields=["status"])
    transaction.on_commit(lambda: _announce_status(locked))
    return locked


@transaction.atomic
def hand_over_conversation(*, conversation: Conversation, from_agent, to_agent) -> Conversation:
    """Give a conversation the agent holds to another agent. Refused unless `from_agent` is an
    agent holding it (assigned to them, not closed) and `to_agent` is another active agent. The
    customer sees a notice; the receiving agent is told after commit."""
    if not is_agent(from_agent):
        raise ChatRefused("Only agents can hand conversations over.")
    if to_agent is None or not is_agent(to_agent):
        raise ChatRefused("A conversation can only be handed to an agent.")
    if to_agent.pk == from_agent.pk:
        raise ChatRefused("This conversation is already yours.")
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED:
        raise ChatRefused("This conversation is closed.")
    if locked.status != Conversation.Status.ASSIGNED or locked.assigned_agent_id != from_agent.pk:
        raise ChatRefused("Only the agent holding a conversation can hand it over; claim it first.")
    _add_notice(locked, HANDOVER_NOTICE.format(agent=_agent_name(from_agent), other=_agent_name(to_agent)))
    locked.assigned_agent = to_agent
    locked.save(update_fields=["assigned_agent"])
    handed = {
        "type": "chat.handover",
        "conversation": locked.pk,
        "to_agent": to_agent.pk,
        "from_agent": _agent_name(from_agent),
        "customer": locked.customer_label,
    }
    transaction.on_commit(lambda: _announce_status(locked))
    transaction.on_commit(lambda: broadcast(AGENTS_GROUP, handed))
    return locked


def _announce_status(conversation: Conversation) -> None:
    broadcast(
        conversation_group(conversation.pk),
        {"type": "chat.status", "conversation": conversation.pk, "status": conversation.status},
    )
    broadcast(AGENTS_GROUP, {"type": "chat.conversations_changed"})


@transaction.atomic
def mark_read(*, conversation: Conversation, reader_role: str, up_to_id: int) -> int:
    """Mark the other side's messages up to `up_to_id` as read; tell the conversation after commit."""
    other = Message.Role.AGENT if reader_role == Message.Role.CUSTOMER else Message.Role.CUSTOMER
    updated = Message.objects.filter(
        conversation=conversation, sender_role=other, pk__lte=up_to_id, read_at__isnull=True
    ).update(read_at=timezone.now())
    if updated:
        event = {"type": "chat.read", "conversation": conversation.pk, "reader": reader_role, "up_to": up_to_id}
        transaction.on_commit(lambda: broadcast(conversation_group(conversation.pk), event))
        transaction.on_commit(lambda: broadcast(AGENTS_GROUP, {"type": "chat.conversations_changed"}))
    return updated


def presence_cutoff(now=None):
    """Presence rows last seen before this count as offline: their socket died unseen."""
    return (now or timezone.now()) - timedelta(seconds=settings.CHAT_PRESENCE_TIMEOUT_SECONDS)


def agent_connected(*, channel_name: str, agent) -> None:
    """Record an agent's new socket, and forget sockets whose process died before their cleanup ran;
    when this makes the first agent online, the customers' widgets are told."""
    AgentPresence.objects.filter(last_seen__lt=presence_cutoff()).delete()
    was_online = _anyone_online()
    agent_heartbeat(channel_name=channel_name, agent=agent)
    if not was_online:
        _announce_presence(online=True)


def agent_heartbeat(*, channel_name: str, agent) -> None:
    AgentPresence.objects.update_or_create(
        channel_name=channel_name, defaults={"agent": agent, "last_seen": timezone.now()}
    )


def agent_disconnected(*, channel_name: str) -> None:
    """Forget an agent's socket; when it was the last agent online, the customers' widgets are told."""
    AgentPresence.objects.filter(channel_name=channel_name).delete()
    if not _anyone_online():
        _announce_presence(online=False)


def _anyone_online() -> bool:
    return AgentPresence.objects.filter(last_seen__gte=presence_cutoff()).exists()


def _announce_presence(*, online: bool) -> None:
    # Only the flips between nobody and somebody, and only to customers: every agent socket coming
    # or going must not make every other agent socket query again (the agents a conversation can be
    # handed to are asked for when the panel needs them).
    broadcast(CUSTOMERS_GROUP, {"type": "chat.agents_online", "online": online})
