"""The reviews' dashboard panel (registered in wagtail_hooks)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import Review


class ReviewsWaitingPanel(Component):
    """Reviews waiting for moderation, linking to the listing filtered to them."""

    name = "reviews_waiting"
    order = 30
    template_name = "reviews/admin/dashboard_waiting.html"

    def get_context_data(self, parent_context=None):
        return {
            "waiting": Review.objects.filter(approved=False, rejected=False).count(),
            "url": reverse(Review.snippet_viewset.get_url_name("list")) + "?moderation=waiting",
        }
