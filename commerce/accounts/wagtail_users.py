"""Wagtail's own Users and Groups admin, for superusers only.

Managers hold accounts.change_user so they can deactivate customers (the "Customers" screen in
wagtail_hooks.py), but Wagtail's Users screen would let that permission edit groups and other
people's passwords, a path to escalate. So its views refuse anyone but a superuser. This is
Wagtail's documented way to customise those viewsets: replace "wagtail.users" in INSTALLED_APPS
with this app config.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class SuperuserOnlyUsersAdminConfig(WagtailUsersAppConfig):
    user_viewset = "commerce.accounts.admin_viewsets.SuperuserOnlyUserViewSet"
    group_viewset = "commerce.accounts.admin_viewsets.SuperuserOnlyGroupViewSet"
