"""After sending a review the customer lands on the message about it, inside the reviews section."""

import re

import pytest

pytestmark = pytest.mark.django_db


def review(client, product, **fields):
    data = {"rating": 5, "title": "Lovely", "body": "Keeps tea hot.", **fields}
    return client.post(f"/reviews/{product.pk}/", data)


def feedback(html: str) -> str:
    block = re.search(r'<div id="review-feedback".*?</div>', html, re.S)
    return block[0] if block else ""


def test_a_sent_review_lands_on_the_thank_you_message_in_the_reviews_section(client, buyer, product):
    client.force_login(buyer)
    response = review(client, product)
    assert response["Location"] == product.url + "#review-feedback"
    html = client.get(product.url).content.decode()
    assert "Your review will appear once we have checked it." in feedback(html)
    assert html.count("Your review will appear") == 1  # not also at the top of the page
    assert html.index('id="reviews"') < html.index('id="review-feedback"')


def test_a_refused_review_lands_on_the_error_message(client, buyer, product):
    client.force_login(buyer)
    response = review(client, product, title="")
    assert response["Location"].endswith("#review-feedback")
    html = client.get(product.url).content.decode()
    assert "Please give a rating, a title and a few words." in feedback(html)
    assert "bg-red-50" in feedback(html)


def test_the_message_is_shown_once(client, buyer, product):
    client.force_login(buyer)
    review(client, product)
    client.get(product.url)
    assert feedback(client.get(product.url).content.decode()) == ""
