from django.conf import settings
from django.db import models

MESSAGE_MAX_LENGTH = 2000


class Conversation(models.Model):
    # commerce.accounts.access: a signed-in customer owns it through `customer`, a guest through
    # the token in their session.
    owner_field = "customer"
    guest_token_field = "guest_token"  # noqa: S105 - a field name

    class Status(models.TextChoices):
        OPEN = "open", "Waiting"
        ASSIGNED = "assigned", "Assigned"
        CLOSED = "closed", "Closed"

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="chat_conversations"
    )
    # A guest is known by a random token kept in their session data (the session key itself
    # rotates at login, the data does not).
    guest_token = models.CharField(max_length=64, blank=True, db_index=True)
    guest_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False) | ~models.Q(guest_token=""),
                name="livechat_conversation_has_an_owner",
            )
        ]

    def __str__(self):
        return f"Conversation {self.pk} with {self.customer_label}"

    @property
    def customer_label(self) -> str:
        if self.customer_id:
            return self.customer.get_full_name()
        return self.guest_name or "Guest"


class Message(models.Model):
    class Role(models.TextChoices):
        CUSTOMER = "customer", "Customer"
        AGENT = "agent", "Agent"
        # A notice the chat itself adds (handed to another agent, closed): both sides see it.
        SYSTEM = "system", "Notice"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_role = models.CharField(max_length=10, choices=Role.choices)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "id"])]

    def __str__(self):
        return f"{self.sender_role}: {self.body[:40]}"


class AgentPresence(models.Model):
    """One row per open agent socket, refreshed by heartbeats; stale rows count as offline."""

    channel_name = models.CharField(max_length=200, unique=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.agent} on {self.channel_name}"


class CannedReply(models.Model):
    """A prepared answer agents insert into the reply box (a snippet, kept by Managers)."""

    title = models.CharField(max_length=100, unique=True)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "canned replies"

    def __str__(self):
        return self.title
