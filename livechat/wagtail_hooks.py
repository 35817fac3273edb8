from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.accounts.access import is_agent
from commerce.accounts.wagtail_hooks import CUSTOMER_PAGE_PANELS_HOOK
from commerce.orders.wagtail_hooks import ORDER_PAGE_PANELS_HOOK

from . import views
from .admin_panels import ChatsWaitingPanel, CustomerConversationsPanel
from .models import CannedReply


@hooks.register("register_admin_urls")
def register_livechat_urls():
    return [
        path("livechat/", views.AgentPanelView.as_view(), name="livechat_panel"),
    ]


class AgentMenuItem(MenuItem):
    def is_shown(self, request):
        return is_agent(request.user)


@hooks.register("register_admin_menu_item")
def register_livechat_menu_item():
    # static/js/livechat-badge.js finds the item by this attribute and keeps its badge live.
    return AgentMenuItem(
        "Live chat", reverse("livechat_panel"), icon_name="comment", order=150, attrs={"data-livechat-menu": ""}
    )


@hooks.register("insert_global_admin_js")
def livechat_badge_js():
    # On every admin page; the script itself does nothing without the menu item, which only
    # agents have, and the badge socket refuses anyone else.
    return format_html('<script type="module" src="{}"></script>', static("js/livechat-badge.js"))


@hooks.register("insert_global_admin_css")
def websocket_origin_meta():
    # The admin's <head> (this hook's place) tells the badge and agent panel where their sockets are.
    return render_to_string("includes/websocket_origin.html", {"websocket_origin": settings.WEBSOCKET_ORIGIN})


class CannedReplyViewSet(SnippetViewSet):
    """Prepared answers Managers keep; agents insert them in the panel's reply box."""

    model = CannedReply
    icon = "comment"
    menu_label = "Canned replies"
    list_display = ["title", "body"]
    search_fields = ["title", "body"]
    ordering = ["title"]


register_snippet(CannedReplyViewSet)


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
