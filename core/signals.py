"""Purge the page cache when what pages show changes: Wagtail's page signals, the store settings."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import StoreSettings
from .pagecache import purge_on_commit
from .realtime import CUSTOMER_CHAT, revoke_feature


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_pages_on_page_change(sender, **kwargs):
    # A page shows in menus, listings and other pages too: every page is purged, not only this one.
    purge_on_commit()


@receiver(post_save, sender=StoreSettings)
def purge_pages_on_store_settings(sender, **kwargs):
    # Store name, contact details and the chat widget are on every page.
    purge_on_commit()


@receiver(post_save, sender=StoreSettings)
def revoke_customer_chat_when_switched_off(sender, instance, **kwargs):
    # However the settings are saved (Settings › Store settings, a shell), customer chat switched
    # off closes every open customer chat socket once the change commits; agents' sockets stay.
    if not instance.chat_enabled:
        revoke_feature(CUSTOMER_CHAT)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_pages_on_privacy_change(sender, **kwargs):
    # A page made private must stop being served to everyone at once (and leaves listings).
    purge_on_commit()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_pages_on_site_change(sender, **kwargs):
    # Menus and links carry the site's host name and root page.
    purge_on_commit()
