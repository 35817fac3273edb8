def home_page_context(*, page) -> dict:
    from catalogue.selectors import featured_products, listing_item

    return {
        "featured_categories": [item.category for item in page.featured_categories.select_related("category")],
        "featured_products": [listing_item(product) for product in featured_products()],
    }
