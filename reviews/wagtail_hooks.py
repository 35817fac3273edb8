from urllib.parse import urlencode

import django_filters
from django.shortcuts import get_list_or_404
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from catalogue.wagtail_hooks import CATALOGUE_MENU_HOOK
from core.permissions import RefusingPermissionPolicy

from .admin_panels import ReviewsWaitingPanel
from .models import Review
from .services import moderate_reviews


class ReviewModerationBulkAction(SnippetBulkAction):
    """Approve, withdraw or reject the selected reviews (one or many) through the moderation service.

    `action_type` is the service's decision ("approve", "unapprove", "reject")."""

    done: str
    question: str
    icon_name: str
    models = [Review]
    template_name = "reviews/admin/confirm_bulk_approval.html"

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.select_related("product"), pk__in=object_ids)

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return moderate_reviews(reviews=objects, decision=cls.action_type), 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question, "action_label": self.display_name}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d review %(done)s.", "%(count)d reviews %(done)s.", num_parent_objects) % {
            "count": num_parent_objects,
            "done": self.done,
        }


@hooks.register("register_bulk_action")
class ApproveReviewsBulkAction(ReviewModerationBulkAction):
    done = "approved"
    question = "Show these reviews on the product pages?"
    icon_name = "check"
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected reviews"
    action_priority = 10


@hooks.register("register_bulk_action")
class UnapproveReviewsBulkAction(ReviewModerationBulkAction):
    done = "withdrawn to the moderation queue"
    question = "Take these reviews off the product pages and back to the moderation queue?"
    icon_name = "cross"
    display_name = "Unapprove"
    action_type = "unapprove"
    aria_label = "Withdraw the selected reviews from the site"
    action_priority = 20


@hooks.register("register_bulk_action")
class RejectReviewsBulkAction(ReviewModerationBulkAction):
    done = "rejected"
    question = "Reject these reviews? They stay off the product pages and leave the moderation queue."
    icon_name = "no"
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject the selected reviews"
    action_priority = 30


class ReviewIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("product", "author")

    def get_list_more_buttons(self, instance):
        # One review is moderated through the same confirmation as a bulk selection.
        if instance.approved:
            actions = [UnapproveReviewsBulkAction, RejectReviewsBulkAction]
        elif instance.rejected:
            actions = [ApproveReviewsBulkAction]
        else:
            actions = [ApproveReviewsBulkAction, RejectReviewsBulkAction]
        query = urlencode({"id": instance.pk, "next": self.request.get_full_path()})
        return [
            *super().get_list_more_buttons(instance),
            *(
                MenuItem(
                    action.display_name,
                    url=reverse("wagtail_bulk_action", args=("reviews", "review", action.action_type)) + f"?{query}",
                    icon_name=action.icon_name,
                    priority=15 + index,
                )
                for index, action in enumerate(actions)
            ),
        ]


MODERATION_STATES = {
    "waiting": {"approved": False, "rejected": False},
    "approved": {"approved": True},
    "rejected": {"rejected": True},
}


class ReviewFilterSet(WagtailFilterSet):
    moderation = django_filters.ChoiceFilter(
        label="Moderation",
        choices=[("waiting", "Waiting"), ("approved", "Approved"), ("rejected", "Rejected")],
        method="filter_moderation",
        empty_label="All",
    )

    def filter_moderation(self, queryset, name, value):
        return queryset.filter(**MODERATION_STATES[value]) if value in MODERATION_STATES else queryset

    class Meta:
        model = Review
        fields = ["moderation", "approved", "rating"]


# Reviews come only from verified buyers (reviews.services.submit_review): staff moderate them and
# may remove spam, never write one.
register_permission_policy(Review, RefusingPermissionPolicy(Review, refused=frozenset({"add"})))


class ReviewViewSet(SnippetViewSet):
    """Moderation: new reviews arrive waiting; a Manager approves or rejects them from the listing
    (?moderation=waiting is the queue), one at a time or in bulk."""

    model = Review
    icon = "openquote"
    menu_label = "Reviews"
    menu_hook = CATALOGUE_MENU_HOOK
    menu_order = 200
    index_view_class = ReviewIndexView
    list_display = [
        "title",
        "product",
        "rating",
        Column("author", label="Author", accessor="author_display_name"),
        Column("moderation", label="Moderation", accessor="moderation_label"),
        "created",
    ]
    search_fields = ["title", "body", "author__first_name"]
    filterset_class = ReviewFilterSet
    ordering = ["approved", "rejected", "-created"]
    panels = [
        FieldPanel("product", read_only=True),
        FieldPanel("author", read_only=True),
        FieldPanel("approved", read_only=True),
        FieldPanel("rejected", read_only=True),
        FieldPanel("rating"),
        FieldPanel("title"),
        FieldPanel("body"),
    ]


register_snippet(ReviewViewSet)


@hooks.register("construct_homepage_panels")
def add_reviews_waiting_panel(request, panels):
    if request.user.has_perm("reviews.change_review"):
        panels.append(ReviewsWaitingPanel())
