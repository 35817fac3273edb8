from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from commerce.accounts.access import is_agent
from core.selectors import store_settings

from . import selectors
from .consumers import GUEST_TOKEN_KEY, new_guest_token


@require_POST
def chat_session(request):
    """Give a guest a chat identity in their session before the widget opens its socket."""
    if not store_settings(request).chat_enabled:
        raise Http404("Chat is switched off")
    if not request.user.is_authenticated and not request.session.get(GUEST_TOKEN_KEY):
        request.session[GUEST_TOKEN_KEY] = new_guest_token()
    return JsonResponse({"ok": True})


class AgentPanelView(WagtailAdminTemplateMixin, TemplateView):
    """The "Live chat" panel in the Wagtail admin: live list, conversation, customer, canned replies.

    Customer chat is switched on and off in Settings › Store settings, not here."""

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
                "query": query,
                "closed_conversations": selectors.closed_conversations(query=query),
                "canned_replies": selectors.canned_replies(),
            }
        )
        return context
