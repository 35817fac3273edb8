"""schema.org Product/Offer data for a product page, read from the one place that answers price and
availability (catalogue.offers through selectors.product_variants)."""

from django.conf import settings

from .offers import Availability

SCHEMA_AVAILABILITY = {
    Availability.IN_STOCK: "https://schema.org/InStock",
    Availability.LOW: "https://schema.org/LimitedAvailability",
    Availability.SOLD_OUT: "https://schema.org/OutOfStock",
    Availability.UNAVAILABLE: "https://schema.org/Discontinued",
}


def product_structured_data(*, product, variants: list[dict], url: str, image_url: str = "", rating=None) -> dict:
    """JSON-LD for the product: one Offer per variant (price, currency, availability) and, when
    given, `rating` ({"average", "count"}) as its AggregateRating."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "url": url,
        "offers": [
            {
                "@type": "Offer",
                "sku": item["variant"].sku,
                "price": str(item["offer"].price),
                "priceCurrency": settings.STORE_CURRENCY,
                "availability": SCHEMA_AVAILABILITY[item["offer"].status],
                "url": url,
            }
            for item in variants
        ],
    }
    if product.search_description or product.summary:
        data["description"] = product.search_description or product.summary
    if image_url:
        data["image"] = [image_url]
    if rating and rating.get("count"):
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(rating["average"]),
            "reviewCount": rating["count"],
        }
    return data
