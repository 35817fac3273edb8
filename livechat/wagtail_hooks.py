from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from commerce.accounts.access import is_agent
from commerce.accounts.wagtail_hooks import CUSTOMER_PAGE_PANELS_HOOK
from commerce.orders.wagtail_hooks import ORDER_PAGE_PANELS_HOOK

from . import views
from .admin_panels import ChatsWaitingPanel, CustomerConversationsPanel


@hooks.register("register_admin_urls")
def register_livechat_urls():
    return [
        path("livechat/", views.AgentPanelView.as_view(), name="livechat_panel"),
        path("livechat/toggle/", views.toggle_chat, name="livechat_toggle"),
    ]


class AgentMenuItem(MenuItem):
    def is_shown(self, request):
        return is_agent(request.user)


@hooks.register("register_admin_menu_item")
def register_livechat_menu_item():
    return AgentMenuItem("Live chat", reverse("livechat_panel"), icon_name="comment", order=150)


@hooks.register("construct_homepage_panels")
def add_chats_waiting_panel(request, panels):
    if is_agent(request.user):
        panels.append(ChatsWaitingPanel(request.user))


@hooks.register(CUSTOMER_PAGE_PANELS_HOOK)
def customer_conversations_panel(request, customer):
    if is_agent(request.user):
        return CustomerConversationsPanel(customer)
    return None


@hooks.register(ORDER_PAGE_PANELS_HOOK)
def order_conversations_panel(request, order):
    # The customer's conversations beside their order, for whoever handles both (Managers, Agents).
    if is_agent(request.user) and order.user_id:
        return CustomerConversationsPanel(order.user)
    return None
