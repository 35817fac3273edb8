"""Reviews on catalogue pages, without the catalogue knowing about reviews: `{% load reviews %}`."""

from django import template
from django.contrib.messages import get_messages

from reviews.selectors import approved_reviews, can_review, review_summary

register = template.Library()

# Messages about a review just sent carry this tag: the reviews section shows them (base.html leaves
# them out), and the review view sends the customer back to the anchor of that message.
FEEDBACK_TAG = "review-feedback"
FEEDBACK_ANCHOR = "#review-feedback"


@register.inclusion_tag("reviews/includes/rating_summary.html")
def product_rating(product, summary=None):
    """The average rating and number of approved reviews, for beside the product's title
    (`summary` when the page already has it, from product_rating_data)."""
    return {"summary": summary if summary is not None else review_summary(product=product)}


@register.inclusion_tag("reviews/includes/product_reviews.html", takes_context=True)
def product_reviews(context, product):
    """The approved reviews, the review form for a customer who may review the product, and what
    became of the review they just sent."""
    request = context["request"]
    return {
        "feedback": [message for message in get_messages(request) if FEEDBACK_TAG in message.tags],
        "product": product,
        "reviews": approved_reviews(product=product),
        "can_review": can_review(user=request.user, product=product),
    }


@register.simple_tag
def product_rating_data(product):
    """{"average", "count"} of approved reviews, e.g. for the product's structured data."""
    return review_summary(product=product)
