import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from core.realtime import revoke_user

from .models import User
from .roles import CLIENT, ROLE_PERMISSIONS
from .services import set_account_active


class CustomerFilterSet(WagtailFilterSet):
    role = django_filters.ModelChoiceFilter(
        label="Role", field_name="groups", queryset=Group.objects.filter(name__in=list(ROLE_PERMISSIONS))
    )

    class Meta:
        model = User
        fields = ["email_verified", "is_active"]


class CustomerForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["is_active"]
        labels = {"is_active": "Account active"}
        help_texts = {"is_active": "Untick to deactivate: the customer can no longer sign in. Orders are kept."}


def _visible_to(queryset, user):
    # Only superusers may act on staff accounts; a Manager manages customers, not colleagues.
    if user.is_superuser:
        return queryset
    return queryset.filter(is_superuser=False, is_staff=False, groups__name=CLIENT)


# Apps above accounts (orders, livechat) add sections to the customer page through this hook, so
# accounts never imports them: fn(request, customer) -> a wagtail.admin.ui.components.Component or None.
CUSTOMER_PAGE_PANELS_HOOK = "construct_customer_admin_panels"


class CustomerIndexView(IndexView):
    def get_base_queryset(self):
        return _visible_to(super().get_base_queryset(), self.request.user).prefetch_related("groups").distinct()

    @cached_property
    def columns(self):
        # Each row opens the customer page; deactivating is one click further, from there.
        title = self._get_custom_column(
            "email", self._get_title_column_class(TitleColumn), get_url=self.get_inspect_url
        )
        return [title, *super().columns[1:]]


class CustomerPageView(InspectView):
    """The customer page: details and addresses here; orders, amount spent and conversations from the apps above."""

    template_name = "accounts/admin/customer_page.html"
    page_title = "Customer"

    def get_object(self, queryset=None):
        customer = get_object_or_404(User, pk=self.pk)
        if not _visible_to(User.objects.filter(pk=customer.pk), self.request.user).exists():
            raise PermissionDenied
        return customer

    def get_fields(self):
        return []

    @cached_property
    def header_more_buttons(self):
        return []

    @property
    def header_buttons(self):
        if not self.request.user.has_perm("accounts.change_user"):
            return []
        label = "Deactivate" if self.object.is_active else "Reactivate"
        return [Button(label, url=reverse("customers:edit", args=[self.object.pk]), icon_name="edit", priority=10)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panels = [fn(self.request, self.object) for fn in hooks.get_hooks(CUSTOMER_PAGE_PANELS_HOOK)]
        context.update(
            {
                "customer": self.object,
                "addresses": self.object.addresses.all(),
                "panels": [panel for panel in panels if panel is not None],
            }
        )
        return context


class CustomerEditView(EditView):
    def get_object(self, queryset=None):
        user = super().get_object(queryset)
        if not _visible_to(User.objects.filter(pk=user.pk), self.request.user).exists():
            raise PermissionDenied
        return user

    def save_instance(self):
        return set_account_active(user=self.object, active=self.form.cleaned_data["is_active"], actor=self.request.user)

    def get_success_url(self):
        return reverse("customers:inspect", args=[self.object.pk])


class CustomerViewSet(ModelViewSet):
    """Customers for Managers: search, filter, and deactivate through the service."""

    model = User
    name = "customers"
    url_prefix = "customers"
    icon = "group"
    menu_label = "Customers"
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = CustomerIndexView
    edit_view_class = CustomerEditView
    inspect_view_class = CustomerPageView
    inspect_view_enabled = True
    filterset_class = CustomerFilterSet
    search_fields = ["first_name", "last_name", "email"]
    search_backend_name = None
    ordering = ["-date_joined"]
    list_per_page = 50
    copy_view_enabled = False
    list_display = [
        "email",
        Column("name", label="Name", accessor="get_full_name"),
        Column("roles", label="Role", accessor=lambda user: ", ".join(g.name for g in user.groups.all())),
        BooleanColumn("email_verified", label="Verified"),
        BooleanColumn("is_active", label="Active"),
        DateColumn("date_joined", label="Joined"),
    ]

    def get_form_class(self, for_update=False):
        return CustomerForm

    def get_urlpatterns(self):
        # Accounts are created by customers and deleted by them (delete_account keeps their orders
        # and reviews); the admin only deactivates.
        return [p for p in super().get_urlpatterns() if p.name not in {"add", "delete", "copy"}]


@hooks.register("register_admin_viewset")
def register_customer_admin():
    return CustomerViewSet()


@hooks.register("construct_settings_menu")
def hide_wagtail_users_and_groups(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in {"users", "groups"}]


@hooks.register("before_bulk_action")
def refuse_user_bulk_actions_to_non_superusers(request, action_type, objects, action_class_instance):
    if action_class_instance.model is get_user_model() and not request.user.is_superuser:
        return HttpResponseForbidden("Only superusers may change users in bulk.")
    return None


# Wagtail's own user screens (superusers only) save users without our services: an account
# deactivated, deleted or given another role there loses its open sockets all the same.
@hooks.register("after_edit_user")
def revoke_sockets_after_user_edit(request, user):
    revoke_user(user.pk)


@hooks.register("before_delete_user")
def remember_deleted_user(request, user):
    user.revoked_pk = user.pk  # delete() clears pk before the after hook runs


@hooks.register("after_delete_user")
def revoke_sockets_after_user_delete(request, user):
    revoke_user(getattr(user, "revoked_pk", user.pk))


@hooks.register("before_bulk_action")
def remember_bulk_users(request, action_type, objects, action_class_instance):
    if action_class_instance.model is get_user_model():
        action_class_instance.revoked_pks = [user.pk for user in objects]


@hooks.register("after_bulk_action")
def revoke_sockets_after_bulk_user_action(request, action_type, objects, action_class_instance):
    for pk in getattr(action_class_instance, "revoked_pks", []):
        revoke_user(pk)
