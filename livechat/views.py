from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from commerce.accounts.access import is_agent
from core.selectors import store_settings

from . import selectors
from .consumers import GUEST_TOKEN_KEY, new_guest_token
from .services import set_chat_enabled


@require_POST
def chat_session(request):
    """Give a guest a chat identity in their session before the widget opens its socket."""
    if not store_settings(request).chat_enabled:
        raise Http404("Chat is switched off")
    if not request.user.is_authenticated and not request.session.get(GUEST_TOKEN_KEY):
        request.session[GUEST_TOKEN_KEY] = new_guest_token()
    return JsonResponse({"ok": True})


class AgentPanelView(WagtailAdminTemplateMixin, TemplateView):
    """The "Live chat" panel in the Wagtail admin: live list, conversation, customer, switch."""

    template_name = "livechat/agent_panel.html"
    page_title = "Live chat"
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": "Home"}, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not is_agent(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        context.update(
            {
                "chat_enabled": store_settings(self.request).chat_enabled,
                "query": query,
                "closed_conversations": selectors.closed_conversations(query=query),
            }
        )
        return context


@require_POST
def toggle_chat(request):
    if not is_agent(request.user):
        raise PermissionDenied
    enabled = request.POST.get("enabled") == "on"
    set_chat_enabled(site=Site.find_for_request(request) or Site.objects.get(is_default_site=True), enabled=enabled)
    messages.success(request, f"Customer chat is now {'on' if enabled else 'off'}.")
    return redirect("livechat_panel")
