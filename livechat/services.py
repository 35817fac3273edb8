"""Chat writes. A message is stored in its own transaction and broadcast only after commit:
the channel layer delivers at most once, so the database is the truth clients re-sync from."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import StoreSettings
from core.realtime import CUSTOMER_CHAT, broadcast, revoke_feature

from .models import MESSAGE_MAX_LENGTH, AgentPresence, Conversation, Message

AGENTS_GROUP = "chat.agents"


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
        "sender": message.sender.get_short_name() if message.sender_id else "Guest",
        "body": message.body,
        "created": message.created.isoformat(),
        "read": message.read_at is not None,
    }


@transaction.atomic
def start_conversation(*, customer=None, guest_token: str = "", guest_name: str = "") -> Conversation:
    """The customer's (or guest's) conversation that is not closed yet, or a new one."""
    owner = {"customer": customer} if customer is not None else {"guest_token": guest_token, "customer": None}
    if not customer and not guest_token:
        raise ChatRefused("Chat needs a session.")
    conversation = Conversation.objects.filter(**owner).exclude(status=Conversation.Status.CLOSED).first()
    if conversation is None:
        conversation = Conversation.objects.create(guest_name=guest_name, **owner)
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


@transaction.atomic
def close_conversation(*, conversation: Conversation) -> Conversation:
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    locked.status = Conversation.Status.CLOSED
    locked.save(update_fields=["status"])
    transaction.on_commit(lambda: _announce_status(locked))
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


@transaction.atomic
def set_chat_enabled(*, site, enabled: bool) -> StoreSettings:
    """Switch customer chat on or off for a site; switched off, its open customer sockets close
    within seconds of the commit (agents' sockets stay)."""
    store = StoreSettings.for_site(site)
    store.chat_enabled = enabled
    store.save(update_fields=["chat_enabled"])
    if not enabled:
        revoke_feature(CUSTOMER_CHAT)
    return store


def presence_cutoff(now=None):
    """Presence rows last seen before this count as offline: their socket died unseen."""
    return (now or timezone.now()) - timedelta(seconds=settings.CHAT_PRESENCE_TIMEOUT_SECONDS)


def agent_connected(*, channel_name: str, agent) -> None:
    """Record an agent's new socket, and forget sockets whose process died before their cleanup ran."""
    AgentPresence.objects.filter(last_seen__lt=presence_cutoff()).delete()
    agent_heartbeat(channel_name=channel_name, agent=agent)


def agent_heartbeat(*, channel_name: str, agent) -> None:
    AgentPresence.objects.update_or_create(
        channel_name=channel_name, defaults={"agent": agent, "last_seen": timezone.now()}
    )


def agent_disconnected(*, channel_name: str) -> None:
    AgentPresence.objects.filter(channel_name=channel_name).delete()
