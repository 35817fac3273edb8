import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from core.selectors import store_settings
from home.models import ContactPage, ContentPage, HomePage

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_and_navigation_from_the_page_tree(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert home_page.hero_title in html
    assert 'href="/about/"' in html
    assert 'href="/contact/"' in html


def test_pages_left_out_of_menus_are_not_in_the_navigation(client, home_page):
    home_page.add_child(instance=ContentPage(title="Secret sale", slug="secret-sale", show_in_menus=False))
    assert 'href="/secret-sale/"' not in client.get("/").content.decode()
    assert client.get("/secret-sale/").status_code == 200


def test_content_page_renders_every_body_block(client, home_page):
    image = Image.objects.create(title="Shelf", file=get_test_image_file())
    page = home_page.add_child(
        instance=ContentPage(
            title="Care guide",
            slug="care-guide",
            intro="How to look after things.",
            body=[
                ("heading", {"text": "Washing", "size": "h2"}),
                ("paragraph", "<p>Cold water <b>only</b>.</p>"),
                ("image", {"image": image, "caption": "Drying rack"}),
                (
                    "call_to_action",
                    {"title": "Need more?", "text": "", "button_label": "Ask us", "page": home_page, "url": ""},
                ),
            ],
        )
    )
    html = client.get(page.url).content.decode()
    assert "<h2" in html
    assert "Washing" in html
    assert "<b>only</b>" in html
    assert "Drying rack" in html
    assert 'src="/' in html
    assert "Ask us" in html


def test_footer_shows_the_store_contact_details_from_settings(client, home_page):
    store = store_settings()
    store.store_name = "Fern & Flint"
    store.contact_email = "help@fernflint.example"
    store.phone = "+44 1234 567890"
    store.save()
    html = client.get("/about/").content.decode()
    assert "Fern &amp; Flint" in html
    assert "help@fernflint.example" in html
    assert "+44 1234 567890" in html


def test_contact_form_stores_the_submission_and_emails_the_store(client, home_page, django_capture_on_commit_callbacks):
    store = store_settings()
    store.contact_email = "inbox@shop.example"
    store.save()
    contact = ContactPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            contact.url, {"your_name": "Sam", "email": "sam@example.com", "message": "Do you ship to Norway?"}
        )
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["message"] == "Do you ship to Norway?"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["inbox@shop.example"]
    assert "Do you ship to Norway?" in mail.outbox[0].body


def test_contact_form_with_missing_fields_stores_nothing(client, home_page):
    contact = ContactPage.objects.get()
    response = client.post(contact.url, {"your_name": "Sam", "email": "not-an-email", "message": ""})
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Page.objects.count(), HomePage.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), HomePage.objects.count()) == counts
    assert HomePage.objects.count() == 1


def test_home_page_renders_category_tiles_and_featured_products_from_its_blocks(
    client, home_page, make_product, make_category
):
    make_product("Star Lamp", featured=True)
    make_product("Plain Lamp")
    home_page.body.insert(
        0, ("category_tiles", {"heading": "Shop by category", "categories": [make_category("Lighting")]})
    )
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'data-testid="category-tiles"' in html
    assert 'href="/shop/category/lighting/"' in html
    assert "Featured products" in html
    assert "Star Lamp" in html
    assert "Plain Lamp" not in html


def test_demo_home_page_shows_the_demo_category_tiles_and_featured_products(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    html = client.get("/").content.decode()
    assert [block.block_type for block in HomePage.objects.get().body] == ["category_tiles", "product_grid"]
    assert 'href="/shop/category/kitchen/"' in html
    assert html.count('data-testid="product-card"') == 8


def test_demo_landing_page_is_built_from_the_product_blocks_and_the_demo_codes_exist(client):
    from commerce.discounts.models import DiscountCode

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = ContentPage.objects.get(slug="spring-sale")
    assert [block.block_type for block in page.body] == [
        "promotion_banner",
        "featured_product",
        "product_grid",
        "category_tiles",
    ]
    html = client.get(page.url).content.decode()
    assert 'data-testid="promotion-banner"' in html
    assert 'data-testid="featured-product-block"' in html
    assert html.count('data-testid="product-card"') >= 2
    assert sorted(DiscountCode.objects.values_list("code", "kind")) == [("SAVE5", "fixed"), ("WELCOME10", "percentage")]
