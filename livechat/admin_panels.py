"""The live chat's dashboard panel (registered in wagtail_hooks): the one panel Agents see."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import Conversation


class ChatsWaitingPanel(Component):
    """Conversations waiting for an agent, and the ones the agent looking at the dashboard holds."""

    name = "chats_waiting"
    order = 5
    template_name = "livechat/admin/dashboard_waiting.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {
            "waiting": Conversation.objects.filter(status=Conversation.Status.OPEN).count(),
            "mine": Conversation.objects.filter(status=Conversation.Status.ASSIGNED, assigned_agent=self.user).count(),
            "url": reverse("livechat_panel"),
        }


class CustomerConversationsPanel(Component):
    """The conversations section of the customer page (accounts' hook), newest first."""

    template_name = "livechat/admin/customer_conversations_panel.html"

    def __init__(self, customer):
        self.customer = customer

    def get_context_data(self, parent_context=None):
        conversations = Conversation.objects.filter(customer=self.customer).select_related("assigned_agent")
        return {
            "conversations": conversations.annotate(message_count=Count("messages"))[:20],
            "panel_url": reverse("livechat_panel") + "?" + urlencode({"q": self.customer.email}),
        }
