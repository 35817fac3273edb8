"""A large catalogue in bulk, for `make bench`: products as rows, not through Wagtail's page API.

`seed_demo` builds the site, categories and ~60 demo products first; this adds products until the
shop holds `count`, each with 2-3 variants, stock and a category, in a few statements per batch.
Wagtail's page tree is kept valid by hand: treebeard paths under the shop page, `numchild`,
`url_path`, live and published. The search index is filled for the new products with
`update_index` only when asked (it is the slow part).
"""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from catalogue.models import Category, ProductPage, ProductVariant, ShopPage, StockRecord

BATCH = 1000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node alphabet, steplen 4
WORDS = ["Oak", "Linen", "Brass", "Enamel", "Trail", "Camp", "Wool", "Cedar", "Copper", "Stone", "Canvas", "Slate"]
THINGS = ["Mug", "Lamp", "Board", "Stove", "Quilt", "Bag", "Chair", "Kettle", "Towel", "Shade", "Rack", "Tarp"]


def _step(number: int) -> str:
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits


def seed_catalogue(count: int, *, seed: int = 14) -> int:
    """Add products until the shop has `count`; returns how many were added."""
    rng = random.Random(seed)
    shop = ShopPage.objects.get()
    have = ProductPage.objects.count()
    if have >= count:
        return 0
    categories = list(Category.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(ProductPage)
    locale = Locale.get_default()
    now = timezone.now()
    last = shop.get_children().order_by("-path").values_list("path", flat=True).first()
    next_step = int(last[-4:], 36) + 1 if last else 1
    added = 0
    page_table = ProductPage._meta.db_table
    categories_table = ProductPage.categories.through._meta.db_table
    while have + added < count:
        size = min(BATCH, count - have - added)
        with transaction.atomic():
            pages = []
            for offset in range(size):
                number = have + added + offset
                # Published over the past weeks, one product an hour, as a real catalogue grows.
                published = now - timedelta(hours=count - number)
                title = f"{rng.choice(WORDS)} {rng.choice(THINGS)} {number}"
                slug = f"bench-{number}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        path=shop.path + _step(next_step + offset),
                        depth=shop.depth + 1,
                        numchild=0,
                        url_path=f"{shop.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=published,
                        last_published_at=published,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            pages = Page.objects.bulk_create(pages)
            if connection.vendor != "postgresql":  # only PostgreSQL returns the new ids
                pages = list(Page.objects.filter(path__in=[page.path for page in pages]).order_by("path"))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {page_table} (page_ptr_id, summary, description, featured) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s)",
                    [(page.pk, "A sturdy thing for every day.", "[]", False) for page in pages],
                )
                cursor.executemany(
                    f"INSERT INTO {categories_table} (productpage_id, category_id) VALUES (%s, %s)",  # noqa: S608
                    [(page.pk, rng.choice(categories)) for page in pages if categories],
                )
            variants = []
            for page in pages:
                base = Decimal(rng.randrange(500, 20000)) / 100
                for position, label in enumerate(["Small", "Large", "Deluxe"][: rng.choice([2, 3])]):
                    variants.append(
                        ProductVariant(
                            product_id=page.pk,
                            sku=f"B-{page.pk}-{position}",
                            option_label=label,
                            price=base + position * 5,
                            sort_order=position,
                        )
                    )
            variants = ProductVariant.objects.bulk_create(variants)
            if connection.vendor != "postgresql":
                variants = list(ProductVariant.objects.filter(sku__startswith="B-", stock__isnull=True))
            StockRecord.objects.bulk_create(
                [StockRecord(variant_id=variant.pk, quantity=rng.choice([0, 3, 20, 100])) for variant in variants]
            )
        added += size
        next_step += size
    Page.objects.filter(pk=shop.pk).update(numchild=shop.get_children().count())
    if connection.vendor == "postgresql":
        # Fresh statistics: with the planner still believing the tables small, the listing and
        # related-product queries pick nested loops over every product (seconds, not milliseconds).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return added


def _signed_in_session(user) -> str:
    """A session key as the sign-in form would leave it, for a load client's cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def seed_load(*, chat_customers: int, race_stock: int) -> dict:
    """What the load targets need: a signed-in shopper with a cart of three lines, `chat_customers`
    signed-in customers each with an open conversation, and a variant with `race_stock` units for the
    checkout race. Returns their session keys and the variant's id."""
    from django.contrib.auth import get_user_model

    from catalogue.services import set_stock
    from commerce.cart.services import add_to_cart, cart_for
    from livechat.services import start_conversation

    users = get_user_model().objects

    def customer(email):
        user = users.filter(email=email).first() or users.create_user(email=email, email_verified=True)
        return user

    shopper = customer("bench-cart@example.com")
    cart = cart_for(user=shopper, session={}, create=True)
    if not cart.lines.exists():
        for variant in ProductVariant.objects.filter(product__live=True, stock__quantity__gt=5).order_by("pk")[:3]:
            add_to_cart(cart=cart, variant_id=variant.pk, quantity=1)
    chatters = []
    for number in range(chat_customers):
        user = customer(f"bench-chat-{number}@example.com")
        start_conversation(customer=user)  # the open one, or a new one
        chatters.append(_signed_in_session(user))
    race_variant = ProductVariant.objects.filter(product__live=True).order_by("-pk").first()
    set_stock(variant=race_variant, quantity=race_stock)
    return {
        "cart_session": _signed_in_session(shopper),
        "chat_sessions": chatters,
        "race_variant": race_variant.pk,
    }
