"""Demo catalogue for `seed_demo`: 8 categories, a shop page, 60 products with images and stock."""

import io
import random
from decimal import Decimal

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Site

from .models import Category, ProductImage, ProductPage, ProductVariant, ShopPage
from .services import set_stock

CATEGORIES = [
    ("Home & living", "home-living", None),
    ("Kitchen", "kitchen", "home-living"),
    ("Lighting", "lighting", "home-living"),
    ("Outdoors", "outdoors", None),
    ("Camping", "camping", "outdoors"),
    ("Garden", "garden", "outdoors"),
    ("Apparel", "apparel", None),
    ("Bags", "bags", "apparel"),
]
NOUNS = {
    "kitchen": [
        "Enamel Mug",
        "Oak Board",
        "Cast Iron Pan",
        "Linen Towel",
        "Pour-over Set",
        "Salt Cellar",
        "Bread Bin",
        "Spice Rack",
        "Tea Caddy",
    ],
    "lighting": [
        "Brass Lamp",
        "Paper Lantern",
        "Candle Set",
        "Desk Light",
        "String Lights",
        "Reading Lamp",
        "Wall Sconce",
        "Pendant Shade",
    ],
    "camping": [
        "Trail Stove",
        "Down Quilt",
        "Camp Chair",
        "Water Filter",
        "Head Torch",
        "Titanium Spork",
        "Tarp",
        "Dry Bag",
        "Camp Kettle",
    ],
    "garden": [
        "Trowel",
        "Seed Tin",
        "Watering Can",
        "Pruners",
        "Kneeler",
        "Plant Labels",
        "Twine Dispenser",
        "Potting Bench",
    ],
    "bags": [
        "Canvas Tote",
        "Roll-top Pack",
        "Sling Bag",
        "Duffel",
        "Wash Bag",
        "Market Net",
        "Hip Pack",
        "Laptop Sleeve",
        "Weekender",
    ],
    "apparel": [
        "Wool Beanie",
        "Field Shirt",
        "Rain Shell",
        "Merino Socks",
        "Work Apron",
        "Chore Coat",
        "Wool Scarf",
        "Fleece Vest",
        "Sun Hat",
    ],
    "home-living": [
        "Throw Blanket",
        "Stoneware Vase",
        "Jute Rug",
        "Wall Hook",
        "Door Mat",
        "Cushion Cover",
        "Coat Rack",
    ],
}
ADJECTIVES = ["Classic", "Heritage", "Everyday", "Alpine", "Coastal", "Studio", "Workshop", "Nordic", "Field"]
OPTIONS = [["Small", "Medium", "Large"], ["Sand", "Forest", "Charcoal"], ["Single", "Pair"]]
PALETTE = [(16, 94, 73), (180, 83, 9), (30, 64, 175), (190, 18, 60), (77, 124, 15), (87, 83, 78)]


def _demo_image(index: int):
    Image = get_image_model()
    title = f"Demo product {index}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    colour = PALETTE[index % len(PALETTE)]
    canvas = PILImage.new("RGB", (800, 800), (245, 245, 244))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((120, 120, 680, 680), radius=80, fill=colour)
    draw.ellipse((260 + index % 5 * 20, 260, 540, 540), fill=(250, 250, 249))
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"demo-product-{index}.png"))


def seed_categories(*, stdout=None) -> dict[str, Category]:
    """The demo categories by slug; they need no page, so content pages can feature them."""
    categories = {}
    for order, (name, slug, parent_slug) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": categories.get(parent_slug), "sort_order": order}
        )
    return categories


def seed_catalogue(*, stdout=None) -> None:
    """The shop page under the default site's root page, and its products."""
    shop = ShopPage.objects.first()
    if shop is None:
        site_root = Site.objects.get(is_default_site=True).root_page
        shop = site_root.add_child(
            instance=ShopPage(
                title="Shop", slug="shop", show_in_menus=True, intro="<p>Everything we make and stock.</p>"
            )
        )
    categories = seed_categories()
    if ProductPage.objects.exists():
        return

    rng = random.Random(2026)  # the same demo shop every time
    images = [_demo_image(i) for i in range(12)]
    number = 0
    for slug, nouns in NOUNS.items():
        for noun in nouns:
            number += 1
            title = f"{rng.choice(ADJECTIVES)} {noun}"
            product = ProductPage(
                title=title,
                slug=f"{slug}-{number}",
                summary=f"{title}: made to be used every day and to last for years.",
                description=[
                    ("paragraph", f"<p>Our {title.lower()} is designed in-house and made in small batches.</p>")
                ],
                featured=number % 7 == 0,
                categories=[categories[slug]],
            )
            options = rng.choice(OPTIONS)[: rng.randint(1, 3)]
            base = Decimal(rng.randrange(900, 12900)) / 100
            for position, option in enumerate(options):
                price = base + position * Decimal("5.00")
                product.variants.add(
                    ProductVariant(
                        sku=f"{slug[:3].upper()}-{number:03d}-{position + 1}",
                        option_label=option if len(options) > 1 else "",
                        price=price,
                        compare_at_price=(price * Decimal("1.25")).quantize(Decimal("0.01"))
                        if number % 5 == 0
                        else None,
                        sort_order=position,
                    )
                )
            for position in range(3):  # a gallery to page through: the main image and two more views
                image = images[(number + position * 5) % len(images)]
                product.gallery_images.add(ProductImage(image=image, sort_order=position))
            shop.add_child(instance=product)
            product.save_revision().publish()
            for variant in product.variants.all():
                set_stock(variant=variant, quantity=rng.choice([0, 2, 4, 8, 15, 25, 40]))
    if stdout:
        stdout.write(f"  {number} products in {len(categories)} categories")
