"""Chat websockets. Both sockets sit behind the same origin check and auth middleware as the
order-status socket (site_project/asgi.py); each connection is checked again here.

Every frame and every periodic check asks whether the socket's person may still chat. What is
the same for every customer socket of a process (is chat on for this site, is an agent online) is
read once a second per process (`SharedAnswer`, core/realtime.py) instead of by each socket:
consumers' database calls share one thread per process, and at 500 sockets per-socket reads of
those answers queued ahead of the messages (see core/realtime.py). Revocation still reads fresh:
a revoke arrives after the commit that took the right away, which a shared answer may predate.
"""

import secrets
import time

from channels.db import database_sync_to_async
from wagtail.models import Site

from commerce.accounts import access
from core.client_address import scope_client_address
from core.models import StoreSettings
from core.realtime import CUSTOMER_CHAT, REVOKED_CLOSE_CODE, RealtimeConsumer, SharedAnswer

from . import frames, limits, selectors, services
from .models import Conversation, Message

GUEST_TOKEN_KEY = "chat_guest_token"  # noqa: S105 - a session key name, not a secret
# Chat switched off, or the account deactivated (or no longer an agent) while the socket was open:
# core.realtime closes the socket (REVOKED_CLOSE_CODE) as soon as a service revokes it.
# How old a shared answer may be: with checks spread over REALTIME_CHECK_SECONDS (20 s), 250
# sockets of a process make about one read a second instead of twelve; presence itself is only
# known to within CHAT_PRESENCE_TIMEOUT_SECONDS, and switching chat off is pushed.
SHARED_ANSWER_SECONDS = 1.0


class RateLimit:
    """A token bucket: `capacity` messages at once, refilled at `per_second`."""

    def __init__(self, capacity=5, per_second=1.0):
        self.capacity = capacity
        self.per_second = per_second
        self.tokens = float(capacity)
        self.stamp = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def chat_enabled_on(hostname: str) -> bool:
    site = Site.objects.filter(hostname=hostname).first() or Site.objects.filter(is_default_site=True).first()
    return bool(site) and StoreSettings.for_site(site).chat_enabled


chat_enabled = SharedAnswer(chat_enabled_on, seconds=SHARED_ANSWER_SECONDS)
agents_online = SharedAnswer(selectors.agents_online, seconds=SHARED_ANSWER_SECONDS)


def _hostname(scope) -> str:
    headers = dict(scope.get("headers", []))
    return headers.get(b"host", b"").decode("latin-1").split(":")[0]


def _customer_conversation(user, guest_token) -> Conversation | None:
    conversations = access.owned_by(Conversation.objects.all(), user=user, guest_token=guest_token)
    return conversations.exclude(status=Conversation.Status.CLOSED).first()


def _active_user(user_id):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


async def customer_may_chat(scope, *, fresh: bool = False) -> bool:
    """An active account (or a guest) on a site with chat on; `fresh` reads chat's switch anew."""
    user = scope["user"]
    if user.is_authenticated and await database_sync_to_async(_active_user)(user.pk) is None:
        return False
    return await chat_enabled.get(_hostname(scope), fresh=fresh)


def _agent_may_chat(scope) -> bool:
    user = _active_user(scope["user"].pk)
    return user is not None and access.is_agent(user)


agent_may_chat = database_sync_to_async(_agent_may_chat)


def _serialized(messages):
    return [services.serialize_message(message) for message in messages]


class ChatConsumerBase(RealtimeConsumer):
    role: str
    joined: set[int]

    async def may_chat(self, *, fresh: bool = False) -> bool:
        """Whether the socket's person may still chat: asked on every frame and every periodic
        check, and `fresh` when a revoke arrives."""
        return True

    async def refuse(self, message: str):
        await self.send_json({"type": "error", "message": message})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Every frame is checked before anything acts on it: a malformed one gets an error and the
        # socket stays open; a person who may no longer chat is disconnected.
        try:
            content = frames.parse(text_data, bytes_data)
        except frames.BadFrame as error:
            await self.refuse(str(error))
            return
        if not await self.may_chat():
            await self.close(code=REVOKED_CLOSE_CODE)
            return
        await self.receive_json(content, **kwargs)

    async def on_check(self):
        if not await self.may_chat():
            await self.close(code=REVOKED_CLOSE_CODE)

    async def still_permitted(self) -> bool:
        return await self.may_chat(fresh=True)

    async def within_limit(self, kind: str) -> bool:
        return await limits.allow(kind, person=self.person, address=self.address)

    async def send_history(self, conversation_id: int, after: int):
        messages = await database_sync_to_async(
            lambda: _serialized(
                selectors.messages_after(conversation=Conversation.objects.get(pk=conversation_id), after_id=after)
            )
        )()
        await self.send_json({"type": "history", "conversation": conversation_id, "messages": messages})

    async def join(self, conversation_id: int):
        if conversation_id not in self.joined:
            await self.channel_layer.group_add(services.conversation_group(conversation_id), self.channel_name)
            self.joined.add(conversation_id)

    async def disconnect(self, code):
        for conversation_id in getattr(self, "joined", set()):
            await self.channel_layer.group_discard(services.conversation_group(conversation_id), self.channel_name)

    # Events from the channel layer.
    async def chat_message(self, event):
        await self.send_json({"type": "message", "message": event["message"]})

    async def chat_typing(self, event):
        if event["role"] != self.role:
            await self.send_json({"type": "typing", "conversation": event["conversation"], "role": event["role"]})

    async def chat_read(self, event):
        await self.send_json({"type": "read", **{k: v for k, v in event.items() if k != "type"}})

    async def chat_status(self, event):
        await self.send_json({"type": "status", "conversation": event["conversation"], "status": event["status"]})

    async def chat_conversations_changed(self, event):
        return

    async def post(self, conversation_id: int, body):
        if not self.rate_limit.allow() or not await self.within_limit("message"):
            await self.refuse("You are sending messages too quickly. Please wait a moment.")
            return

        def store():  # one turn on the database thread, not two
            conversation = Conversation.objects.get(pk=conversation_id)
            services.post_message(conversation=conversation, sender=self.sender, role=self.role, body=body)

        try:
            await database_sync_to_async(store)()
        except services.ChatRefused as refusal:
            await self.refuse(str(refusal))

    async def typing(self, conversation_id: int):
        if not await self.within_limit("typing"):
            return  # typing is a hint: extra ones are dropped quietly
        await self.channel_layer.group_send(
            services.conversation_group(conversation_id),
            {"type": "chat.typing", "conversation": conversation_id, "role": self.role},
        )

    async def read(self, conversation_id: int, up_to):
        up_to = frames.identifier(up_to)
        if up_to is None:
            await self.refuse("up_to must be a message id.")
            return
        conversation = await database_sync_to_async(Conversation.objects.get)(pk=conversation_id)
        await database_sync_to_async(services.mark_read)(
            conversation=conversation, reader_role=self.role, up_to_id=up_to
        )


class CustomerChatConsumer(ChatConsumerBase):
    """/ws/chat/: a customer (or guest) talks in their own conversation only."""

    role = Message.Role.CUSTOMER
    revocable_features = (CUSTOMER_CHAT,)

    async def may_chat(self, *, fresh: bool = False) -> bool:
        return await customer_may_chat(self.scope, fresh=fresh)

    async def connect(self):
        self.joined = set()
        self.rate_limit = RateLimit()
        if not await self.may_chat(fresh=True):
            await self.close()
            return
        user = self.scope["user"]
        session = self.scope["session"]
        self.sender = user if user.is_authenticated else None
        self.guest_token = await database_sync_to_async(session.get)(GUEST_TOKEN_KEY, "")
        self.person = limits.person(self.sender, self.guest_token)
        self.address = scope_client_address(self.scope)
        if not user.is_authenticated and not self.guest_token:
            # The widget asks /chat/session/ for a token first; without one there is no identity.
            await self.close()
            return
        conversation = await database_sync_to_async(_customer_conversation)(user, self.guest_token)
        self.conversation_id = conversation.pk if conversation else None
        await self.accept()
        if self.conversation_id:
            await self.join(self.conversation_id)
        await self.channel_layer.group_add(services.CUSTOMERS_GROUP, self.channel_name)
        # Fresh: a cached answer may predate an announcement sent before this socket joined the group.
        self.agents_online = await agents_online.get(fresh=True)
        await self.send_json(
            {"type": "hello", "conversation": self.conversation_id, "agents_online": self.agents_online}
        )

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "sync":
            if not await self.within_limit("sync"):
                await self.refuse("Too many requests. Please wait a moment.")
            elif (after := frames.identifier(content.get("after", 0), minimum=0)) is None:
                await self.refuse("after must be a message id.")
            elif self.conversation_id:
                await self.send_history(self.conversation_id, after)
        elif kind == "message":
            if self.conversation_id is None:
                try:
                    services.clean_body(content.get("body"))
                except services.ChatRefused as refusal:
                    await self.refuse(str(refusal))  # before a conversation is opened for nothing
                    return
                user = self.scope["user"]
                existing = await database_sync_to_async(_customer_conversation)(user, self.guest_token)
                if existing is None and not await self.within_limit("conversation"):
                    await self.refuse("Too many new conversations. Please try again later.")
                    return
                conversation = existing or await database_sync_to_async(services.start_conversation)(
                    customer=user if user.is_authenticated else None, guest_token=self.guest_token
                )
                self.conversation_id = conversation.pk
                await self.join(self.conversation_id)
            await self.post(self.conversation_id, content.get("body"))
        elif kind in {"typing", "read"}:
            # Sent by the widget while the first message is typed, before there is a conversation to
            # tell anyone about: nothing to do, and nothing wrong.
            if self.conversation_id is None:
                return
            if kind == "typing":
                await self.typing(self.conversation_id)
            else:
                await self.read(self.conversation_id, content.get("up_to"))
        else:
            await self.refuse("Unknown request.")

    async def disconnect(self, code):
        await super().disconnect(code)
        await self.channel_layer.group_discard(services.CUSTOMERS_GROUP, self.channel_name)

    async def chat_status(self, event):
        if event["status"] == Conversation.Status.CLOSED and event["conversation"] == self.conversation_id:
            self.conversation_id = None  # the customer's next message starts a new conversation
        await super().chat_status(event)

    async def chat_agents_online(self, event):
        agents_online.forget()  # the shared answer predates this announcement
        self.agents_online = event["online"]
        await self.send_json({"type": "agents_online", "online": event["online"]})

    async def on_check(self):
        await super().on_check()
        # Connects and disconnects are announced; an agent whose socket died unseen only expires,
        # so each check looks again and tells the widget when that changed the answer.
        online = await agents_online.get()
        if online != self.agents_online:
            await self.chat_agents_online({"online": online})


class AgentChatConsumer(ChatConsumerBase):
    """/ws/chat/agent/: Agents and Managers see every open conversation and answer any of them."""

    role = Message.Role.AGENT

    async def may_chat(self, *, fresh: bool = False) -> bool:
        return await agent_may_chat(self.scope)  # one query about the agent, always fresh

    async def connect(self):
        self.joined = set()
        self.rate_limit = RateLimit(capacity=10, per_second=2)
        user = self.scope["user"]
        if not await database_sync_to_async(access.is_agent)(user):
            await self.close()
            return
        self.sender = user
        # Staff are limited per person only: an office behind one address must not share a budget.
        self.person, self.address = limits.person(user, ""), None
        await self.accept()
        # Presence first: its broadcast tells the other agents, and this socket's own list follows.
        await database_sync_to_async(services.agent_connected)(channel_name=self.channel_name, agent=user)
        await self.channel_layer.group_add(services.AGENTS_GROUP, self.channel_name)
        await self.send_conversations()

    async def disconnect(self, code):
        # Presence first: it is in the database, and the group discards below may fail with Redis away.
        await database_sync_to_async(services.agent_disconnected)(channel_name=self.channel_name)
        await super().disconnect(code)
        await self.channel_layer.group_discard(services.AGENTS_GROUP, self.channel_name)

    async def on_check(self):
        # Presence is refreshed by the server on a timer: a socket that died unseen simply expires.
        await database_sync_to_async(services.agent_heartbeat)(channel_name=self.channel_name, agent=self.sender)
        await super().on_check()

    async def send_conversations(self):
        def listing():
            return [
                {
                    "id": c.pk,
                    "customer": c.customer_label,
                    "status": c.status,
                    "unread": c.unread,
                    "assigned_to": c.assigned_agent.get_short_name() if c.assigned_agent_id else "",
                    "mine": c.assigned_agent_id == self.sender.pk,
                    "last_message_at": (c.last_message_at or c.created).isoformat(),
                }
                for c in selectors.open_conversations()
            ]

        def agents():
            return selectors.handover_agents(exclude=self.sender)

        def closed():
            return [
                {
                    "id": c.pk,
                    "customer": c.customer_label,
                    "email": c.customer.email if c.customer_id else "",
                    "last_message_at": (c.last_message_at or c.created).isoformat(),
                }
                for c in selectors.closed_conversations(limit=20)
            ]

        await self.send_json(
            {
                "type": "conversations",
                "conversations": await database_sync_to_async(listing)(),
                "closed": await database_sync_to_async(closed)(),
                "agents": await database_sync_to_async(agents)(),
            }
        )

    async def chat_conversations_changed(self, event):
        await self.send_conversations()

    async def chat_conversation_started(self, event):
        return  # the listing follows with the first message; the alert is the menu badge's (AgentBadgeConsumer)

    async def hand_over(self, conversation_id: int, to_agent_id: int | None):
        def act():
            conversation = Conversation.objects.get(pk=conversation_id)
            to_agent = _active_user(to_agent_id) if to_agent_id else None
            services.hand_over_conversation(conversation=conversation, from_agent=self.sender, to_agent=to_agent)

        try:
            await database_sync_to_async(act)()
        except services.ChatRefused as refusal:
            await self.refuse(str(refusal))

    async def chat_handover(self, event):
        if event["to_agent"] == self.sender.pk:
            await self.send_json(
                {
                    "type": "handed_over",
                    "conversation": event["conversation"],
                    "from": event["from_agent"],
                    "customer": event["customer"],
                }
            )

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        conversation_id = frames.identifier(content.get("conversation")) if isinstance(content, dict) else None
        if kind == "heartbeat":
            await database_sync_to_async(services.agent_heartbeat)(channel_name=self.channel_name, agent=self.sender)
            return
        if kind == "list":
            await self.send_conversations()
            return
        if kind == "agents":  # who is online now, when the agent is about to hand a conversation over
            agents = await database_sync_to_async(selectors.handover_agents)(exclude=self.sender)
            await self.send_json({"type": "agents", "agents": agents})
            return
        if (
            conversation_id is None
            or not await database_sync_to_async(Conversation.objects.filter(pk=conversation_id).exists)()
        ):
            await self.refuse("No such conversation.")
            return
        if kind == "open":
            await self.join(conversation_id)
            await self.send_history(conversation_id, frames.identifier(content.get("after"), minimum=0) or 0)
            details = await database_sync_to_async(
                lambda: selectors.customer_details(conversation=Conversation.objects.get(pk=conversation_id))
            )()
            await self.send_json({"type": "customer", "conversation": conversation_id, **details})
        elif kind == "message":
            await self.join(conversation_id)
            await self.post(conversation_id, content.get("body"))
        elif kind in {"claim", "close"}:
            conversation = await database_sync_to_async(Conversation.objects.get)(pk=conversation_id)
            action = services.assign_conversation if kind == "claim" else services.close_conversation
            try:
                await database_sync_to_async(action)(conversation=conversation, agent=self.sender)
            except services.ChatRefused as refusal:
                await self.refuse(str(refusal))
        elif kind == "handover":
            await self.hand_over(conversation_id, frames.identifier(content.get("to")))
        elif kind == "typing":
            await self.typing(conversation_id)
        elif kind == "read":
            await self.read(conversation_id, content.get("up_to"))
        else:
            await self.refuse("Unknown request.")


class AgentBadgeConsumer(RealtimeConsumer):
    """/ws/chat/agent/badge/: the "Live chat" menu badge on every admin page of an agent.

    It only listens: it is not presence (an agent is online while the panel is open), and it
    sends the count for this agent whenever the conversations change, plus an alert for a new
    conversation or one handed to them."""

    async def connect(self):
        user = self.scope["user"]
        if not await database_sync_to_async(access.is_agent)(user):
            await self.close()
            return
        self.agent = user
        await self.accept()
        await self.channel_layer.group_add(services.AGENTS_GROUP, self.channel_name)
        await self.send_count()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(services.AGENTS_GROUP, self.channel_name)

    async def receive_json(self, content, **kwargs):
        return  # nothing to ask: the badge is told

    async def on_check(self):
        if not await agent_may_chat(self.scope):
            await self.close(code=REVOKED_CLOSE_CODE)

    async def send_count(self):
        count = await database_sync_to_async(selectors.badge_count)(agent=self.agent)
        await self.send_json({"type": "badge", "count": count})

    async def chat_conversations_changed(self, event):
        await self.send_count()

    async def chat_conversation_started(self, event):
        await self.send_json({"type": "alert", "kind": "new", "conversation": event["conversation"]})

    async def chat_handover(self, event):
        if event["to_agent"] == self.agent.pk:
            await self.send_json(
                {
                    "type": "alert",
                    "kind": "handover",
                    "conversation": event["conversation"],
                    "from": event["from_agent"],
                    "customer": event["customer"],
                }
            )


def new_guest_token() -> str:
    return secrets.token_urlsafe(32)
