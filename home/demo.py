"""Demo content for `seed_demo`: the site tree, the home and content pages, the store settings. Safe to run again."""

from django.conf import settings
from wagtail.models import Page, Site

from catalogue.models import Category
from core.models import StoreSettings

from .models import ContactFormField, ContactPage, ContentPage, HomePage

FEATURED_CATEGORY_SLUGS = ["kitchen", "camping", "garden", "bags"]


def seed_site(*, stdout=None) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Home",
                slug="home-shop",
                hero_title="Good things, delivered",
                hero_text="Hand-picked goods for home and outdoors, shipped within two working days.",
                hero_cta_label="Browse the shop",
                intro="<p>Free returns within 30 days. Questions? Our team is one chat away.</p>",
                body=_home_body(),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Storefront"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    # Wagtail's placeholder "Welcome" page is replaced by our home page.
    for page in root.get_children().exclude(pk=home.pk).not_type(HomePage):
        page.delete()

    if not ContentPage.objects.child_of(home).filter(slug="about").exists():
        home.add_child(
            instance=ContentPage(
                title="About us",
                slug="about",
                show_in_menus=True,
                intro="A small team that ships good things.",
                body=[
                    ("heading", {"text": "Who we are", "size": "h2"}),
                    ("paragraph", "<p>We started in a garage in 2019 and still pack every order by hand.</p>"),
                    (
                        "call_to_action",
                        {
                            "title": "Ready to look around?",
                            "text": "",
                            "button_label": "Visit the shop",
                            "page": None,
                            "url": "/shop/",
                        },
                    ),
                ],
            )
        )
    if not ContactPage.objects.exists():
        contact = home.add_child(
            instance=ContactPage(
                title="Contact",
                slug="contact",
                show_in_menus=True,
                intro="<p>Write to us and we will answer within one working day.</p>",
                thank_you_text="<p>Thank you, your message is on its way.</p>",
                subject="New message from the contact form",
                from_address=settings.DEFAULT_FROM_EMAIL,
            )
        )
        for order, (label, field_type) in enumerate(
            [("Your name", "singleline"), ("Email", "email"), ("Message", "multiline")]
        ):
            ContactFormField.objects.create(
                page=contact, sort_order=order, label=label, field_type=field_type, required=True
            )

    store = StoreSettings.for_site(site)
    policies = _seed_policy_pages(home)
    for field, page in policies.items():
        if getattr(store, f"{field}_id") is None:
            setattr(store, field, page)
    store.save()
    if not store.phone:
        store.store_name = "Storefront"
        store.contact_email = "hello@example.com"
        store.phone = "+44 20 7946 0000"
        store.address = "1 Market Street\nLondon EC1A 1AA"
        store.bank_account_name = "Storefront Ltd"
        store.bank_name = "Demo Bank"
        store.bank_iban = "GB33BUKB20201555555555"
        store.bank_bic = "BUKBGB22"
        store.save()
    return home


# The policy pages a shop needs, as editable content pages linked from the footer (StoreSettings).
POLICY_PAGES = {
    "shipping_page": (
        "Shipping",
        "shipping",
        "Where we ship, how long it takes and what it costs.",
        [
            ("heading", {"text": "Delivery times", "size": "h2"}),
            (
                "paragraph",
                "<p>We pack orders on working days and hand them to the carrier within two working days of "
                "payment. Standard delivery takes 2 to 3 working days; express arrives the next working day "
                "when you order before noon.</p>",
            ),
            ("heading", {"text": "Costs", "size": "h2"}),
            ("paragraph", "<p>The shipping cost for each method is shown at checkout before you place your order.</p>"),
        ],
    ),
    "returns_page": (
        "Returns",
        "returns",
        "Changed your mind? Send it back within 30 days.",
        [
            ("heading", {"text": "30 days to return", "size": "h2"}),
            (
                "paragraph",
                "<p>Return unused items in their original packaging within 30 days of delivery and we refund "
                "the price of the items to your original payment method within 5 working days of receiving "
                "them.</p>",
            ),
            ("paragraph", "<p>Write to us through the contact page with your order reference to start a return.</p>"),
        ],
    ),
    "privacy_page": (
        "Privacy policy",
        "privacy",
        "What we keep about you, why, and for how long.",
        [
            ("heading", {"text": "What we keep", "size": "h2"}),
            (
                "paragraph",
                "<p>Your name, email address, shipping addresses and orders, to deliver what you buy and to "
                "answer your questions. Payments are handled by PayPal or your bank; we never see card "
                "details.</p>",
            ),
            ("heading", {"text": "Your rights", "size": "h2"}),
            ("paragraph", "<p>You can see, correct and delete your account and addresses from your profile.</p>"),
        ],
    ),
    "terms_page": (
        "Terms and conditions",
        "terms",
        "The terms of every sale on this site.",
        [
            ("heading", {"text": "Orders", "size": "h2"}),
            (
                "paragraph",
                "<p>A contract is made when we confirm your payment. Prices include VAT; shipping is added "
                "at checkout.</p>",
            ),
            ("heading", {"text": "Liability", "size": "h2"}),
            ("paragraph", "<p>Nothing in these terms limits your statutory rights as a consumer.</p>"),
        ],
    ),
}


def _seed_policy_pages(home: HomePage) -> dict:
    """The shipping, returns, privacy and terms pages under home (out of the menu), created once."""
    pages = {}
    for field, (title, slug, intro, body) in POLICY_PAGES.items():
        page = ContentPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = home.add_child(instance=ContentPage(title=title, slug=slug, intro=intro, body=body))
        pages[field] = page
    return pages


def _home_body():
    by_slug = Category.objects.in_bulk(FEATURED_CATEGORY_SLUGS, field_name="slug")
    categories = [by_slug[slug] for slug in FEATURED_CATEGORY_SLUGS if slug in by_slug]
    body = [("category_tiles", {"heading": "Shop by category", "categories": categories})] if categories else []
    featured = {"heading": "Featured products", "source": "featured", "products": [], "count": 8, "sort": "newest"}
    return [*body, ("product_grid", featured)]


LANDING_SLUG = "spring-sale"


def seed_landing_page(*, stdout=None) -> ContentPage | None:
    """A landing page built from the product blocks: a promotion banner, a featured product, a
    category grid and category tiles. Needs the catalogue (seeded before it)."""
    from catalogue.models import ProductPage

    home = HomePage.objects.first()
    if home is None or ContentPage.objects.child_of(home).filter(slug=LANDING_SLUG).exists():
        return None
    garden = Category.objects.filter(slug="garden").first()
    star = ProductPage.objects.live().filter(categories=garden).order_by("pk").first() if garden else None
    body = [
        (
            "promotion_banner",
            {
                "image": None,
                "heading": "Spring sale: 10 % off everything",
                "text": "Enter WELCOME10 in your cart. Orders from 30.00 also take SAVE5 (5.00 off).",
                "link_label": "Shop the garden",
                "link_page": None,
                "link_url": "/shop/category/garden/" if garden else "/shop/",
                "starts": None,
                "ends": None,
            },
        )
    ]
    if star is not None:
        body.append(("featured_product", {"product": star, "heading": "Pick of the season", "text": star.summary}))
    if garden is not None:
        grid = {"heading": "For the garden", "source": "category", "category": garden, "products": []}
        body.append(("product_grid", {**grid, "count": 8, "sort": "price_asc"}))
    by_slug = Category.objects.in_bulk(FEATURED_CATEGORY_SLUGS, field_name="slug")
    categories = [by_slug[slug] for slug in FEATURED_CATEGORY_SLUGS if slug in by_slug]
    if categories:
        body.append(("category_tiles", {"heading": "More to explore", "categories": categories}))
    page = home.add_child(
        instance=ContentPage(title="Spring sale", slug=LANDING_SLUG, intro="Fresh picks for the season.", body=body)
    )
    page.save_revision().publish()
    if stdout:
        stdout.write(f"  landing page /{LANDING_SLUG}/")
    return page
