"""Roles are groups. This table is the one place that says what each role may do.

The groups themselves are created by a data migration; their permissions are synchronised from
this table after every `migrate`, so a model added later (and its permissions) is covered
without another data migration.
"""

from fnmatch import fnmatch

CLIENT = "Client"
AGENT = "Agent"
MANAGER = "Manager"
STAFF_ROLES = (AGENT, MANAGER)

# "app_label.codename" patterns (fnmatch) of model permissions per role.
ROLE_PERMISSIONS = {
    CLIENT: [],
    AGENT: [
        "wagtailadmin.access_admin",
        # Conversations, not the canned replies: Managers keep those (Snippets), Agents use them.
        "livechat.*_conversation",
        "livechat.*_message",
        "livechat.*_agentpresence",
        "orders.view_*",
        "payments.view_*",
        # No accounts.view_user: an agent sees a customer only inside the conversation they are in.
    ],
    MANAGER: [
        "wagtailadmin.access_admin",
        "catalogue.*",
        "reviews.*",
        "orders.*",
        "payments.*",
        "livechat.*",
        "accounts.view_user",
        "accounts.change_user",
        "core.change_storesettings",
        "wagtailforms.*",
        "wagtailredirects.*",
        "wagtailsearchpromotions.*",
        "discounts.*_discountcode",
        "discounts.view_redemption",  # uses are taken and given back only by orders
        "wagtailimages.*",
        "wagtaildocs.*",
        "taggit.*",
    ],
}

# Page and collection permissions are granted on the tree roots, so they cover the whole site.
MANAGER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
MANAGER_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
]


def permissions_matching(patterns):
    from django.contrib.auth.models import Permission

    if not patterns:
        return Permission.objects.none()
    perms = Permission.objects.select_related("content_type")
    wanted = [p.pk for p in perms if any(fnmatch(f"{p.content_type.app_label}.{p.codename}", pat) for pat in patterns)]
    return Permission.objects.filter(pk__in=wanted)


def _last_migrated_app():
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.models_module][-1]


def sync_role_permissions(sender=None, **kwargs):
    """Make every role's permissions equal to ROLE_PERMISSIONS (run after migrate)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    if sender is not None and sender is not _last_migrated_app():
        return
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_matching(patterns))

    manager = Group.objects.get(name=MANAGER)
    root_page = Page.get_first_root_node()
    if root_page:
        for codename in MANAGER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=manager,
                page=root_page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    root_collection = Collection.get_first_root_node()
    if root_collection:
        for perm in MANAGER_COLLECTION_PERMISSIONS:
            app_label, codename = perm.split(".")
            GroupCollectionPermission.objects.get_or_create(
                group=manager,
                collection=root_collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )
