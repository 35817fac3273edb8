"""The anonymous page cache: what is served from it, what never is, and what purges it."""

from decimal import Decimal

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.session import SessionStorage
from django.test import Client

from catalogue.services import allocate_stock
from commerce.cart.models import CartLine
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_FIELD = "csrfmiddlewaretoken"


def cache_state(response):
    return response.get("X-Page-Cache")


@pytest.fixture
def product(make_product, make_category):
    return make_product("Blue Mug", variants=[("", "12.00", 10)], categories=[make_category("Kitchen")])


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the purge) now: tests run inside a transaction that never commits."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.mark.parametrize("url", ["/", "/shop/", "/shop/category/kitchen/", "/shop/?q=mug", "product", "/about/"])
def test_storefront_pages_are_served_from_the_cache_to_anonymous_visitors(page_cache, product, url):
    url = product.url if url == "product" else url
    first = Client().get(url)
    assert first.status_code == 200
    assert cache_state(first) == "miss"
    second = Client().get(url)
    assert cache_state(second) == "hit"
    assert second.content == first.content


def test_a_render_for_the_cache_reads_the_shared_data_in_one_round_trip(page_cache, product, monkeypatch):
    from core import pagecache

    first = Client().get(product.url)  # this process learns which shared data every page reads
    reads = []
    read = pagecache._read
    monkeypatch.setattr(pagecache, "_read", lambda cache, keys: reads.append(keys) or read(cache, keys))
    other = Client().get(product.url + "?visit=2")
    assert cache_state(other) == "miss"
    assert len(reads) == 1
    assert other.content == first.content


def test_a_page_this_process_served_lately_is_served_from_memory_while_its_generation_holds(page_cache, product):
    from core import pagecache

    shared_cache = pagecache._cache()
    first = Client().get(product.url)
    assert cache_state(first) == "miss"
    shared_cache.delete(pagecache._key(Client().get(product.url).wsgi_request))

    # Only the generation is asked of the shared cache: the body is this process' copy.
    again = Client().get(product.url)
    assert cache_state(again) == "hit"
    assert again.content == first.content

    # A purge by another process (the generation moved on in the shared cache) is seen at once.
    shared_cache.set(pagecache.GENERATION_KEY, shared_cache.get(pagecache.GENERATION_KEY) + 1, None)
    assert cache_state(Client().get(product.url)) == "miss"


def test_cached_pages_carry_no_csrf_token_and_no_cookie(page_cache, product):
    for _ in range(2):
        response = Client().get(product.url)
        assert TOKEN_FIELD not in response.content.decode()
        assert not response.cookies


def test_a_page_that_renders_a_csrf_token_is_never_stored(page_cache, home_page):
    # The contact form renders this visitor's token: storing it would hand it to the next one.
    contact = Client().get("/contact/")
    assert TOKEN_FIELD in contact.content.decode()
    again = Client().get("/contact/")
    assert cache_state(again) is None
    assert again.content != contact.content or TOKEN_FIELD not in again.content.decode()


def test_signed_in_visitors_neither_fill_nor_read_the_cache(page_cache, product, customer):
    signed_in = Client()
    assert signed_in.login(email=customer.email, password=PASSWORD)
    mine = signed_in.get(product.url)
    assert cache_state(mine) is None
    assert customer.get_short_name() in mine.content.decode()

    anonymous = Client().get(product.url)
    assert cache_state(anonymous) == "miss"
    assert customer.get_short_name() not in anonymous.content.decode()
    assert "Sign in" in anonymous.content.decode()

    again = signed_in.get(product.url)
    assert cache_state(again) is None
    assert "Sign out" in again.content.decode()


def test_visitors_with_a_session_read_but_never_fill_the_cache(page_cache, product):
    shopper = Client()
    shopper.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 1})  # a session
    assert cache_state(shopper.get(product.url)) is None  # rendered for a visitor with cookies: not stored
    assert cache_state(Client().get(product.url)) == "miss"
    assert cache_state(shopper.get(product.url)) == "hit"  # anonymous, nothing waiting: the shared page


def test_a_visitor_with_a_message_waiting_gets_their_own_page(page_cache, product, rf):
    Client().get(product.url)
    shopper = Client()
    shopper.post("/cart/add/", {"variant": "0", "quantity": 1})  # refused: leaves an error message
    response = shopper.get(product.url)
    assert cache_state(response) is None
    assert "is not for sale" in response.content.decode() or any(
        message.level == constants.ERROR for message in response.context["messages"]
    )


def test_publishing_a_page_purges(page_cache, product, commit):
    assert cache_state(Client().get("/shop/")) == "miss"
    assert cache_state(Client().get("/shop/")) == "hit"

    def rename():
        product.title = "Red Mug"
        product.save_revision().publish()

    commit(rename)
    for url in ("/shop/", product.url):
        response = Client().get(url)
        assert cache_state(response) == "miss"
        assert "Red Mug" in response.content.decode()


def test_unpublishing_a_product_purges(page_cache, product, commit):
    Client().get("/shop/")
    commit(product.unpublish)
    response = Client().get("/shop/")
    assert cache_state(response) == "miss"
    assert "Blue Mug" not in response.content.decode()


def test_a_price_change_purges(page_cache, product, commit):
    Client().get(product.url)
    Client().get("/shop/category/kitchen/")

    def reprice():
        variants = list(product.variants.all())
        variants[0].price = Decimal("9.50")
        product.variants = variants  # as the page editor does: the variants are part of the page
        product.save_revision().publish()

    commit(reprice)
    for url in (product.url, "/shop/category/kitchen/"):
        html = Client().get(url).content.decode()
        assert "9.50" in html
        assert "12.00" not in html


def test_selling_out_purges(page_cache, product, commit):
    assert "Add to cart" in Client().get(product.url).content.decode()
    commit(lambda: allocate_stock(quantities={product.variants.get().pk: 10}))
    html = Client().get(product.url).content.decode()
    assert "Sold out" in html
    assert "Add to cart" not in html


def test_a_sale_that_changes_no_label_keeps_the_cache(page_cache, make_product, commit):
    product = make_product("Big Mug", variants=[("", "12.00", 100)])
    Client().get(product.url)
    commit(lambda: allocate_stock(quantities={product.variants.get().pk: 1}))  # 99 left: still "In stock"
    assert cache_state(Client().get(product.url)) == "hit"


def test_a_category_edit_in_the_admin_purges(page_cache, product, manager, commit):
    Client().get(product.url)
    admin = Client()
    admin.force_login(manager)
    category = product.categories.get()

    def rename():
        response = admin.post(
            f"/admin/snippets/catalogue/category/edit/{category.pk}/",
            {"name": "Tableware", "slug": "kitchen", "description": "", "sort_order": 0},
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    commit(rename)
    assert "Tableware" in Client().get(product.url).content.decode()


def test_a_new_visitor_adds_to_cart_from_a_cached_page(page_cache, product):
    Client().get(product.url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(product.url)
    assert cache_state(page) == "hit"
    assert 'data-csrf-url="/csrf/"' in page.content.decode()

    token = visitor.get("/csrf/")
    assert "no-store" in token["Cache-Control"]
    response = visitor.post(
        "/cart/add/", {"variant": product.variants.get().pk, "quantity": 1, TOKEN_FIELD: token.json()["token"]}
    )
    assert response.status_code == 302
    assert CartLine.objects.filter(variant__product=product).count() == 1


def test_an_add_to_cart_without_a_token_changes_nothing_and_asks_to_confirm(page_cache, product):
    visitor = Client(enforce_csrf_checks=True)
    refused = visitor.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 2})
    assert refused.status_code == 403
    assert not CartLine.objects.exists()
    html = refused.content.decode()
    assert 'data-testid="confirm-add"' in html
    token = refused.context["csrf_token"]
    confirmed = visitor.post(
        "/cart/add/", {"variant": product.variants.get().pk, "quantity": 2, TOKEN_FIELD: str(token)}
    )
    assert confirmed.status_code == 302
    assert CartLine.objects.get().quantity == 2


def test_message_storage_is_checked_without_marking_messages_read(rf):
    request = rf.get("/")
    request.session = {}
    storage = SessionStorage(request)
    storage.add(constants.INFO, "hello")
    assert len(storage) == 1
    assert list(storage)[0].message == "hello"


def test_making_a_page_private_purges(page_cache, product, commit):
    from wagtail.models import PageViewRestriction

    assert cache_state(Client().get(product.url)) == "miss"
    commit(lambda: PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.LOGIN))
    response = Client().get(product.url)
    assert response.status_code == 302
    assert cache_state(response) is None


def test_signed_in_pages_see_a_renamed_store_and_a_new_menu_page_once_saved(
    page_cache, product, customer, home_page, commit
):
    """Store settings, the menu and the shop's URL are kept with the cached pages for the renders of
    signed-in visitors, and purged by the same saves and publishes."""
    from core.selectors import store_settings
    from home.models import ContentPage

    signed_in = Client()
    assert signed_in.login(email=customer.email, password=PASSWORD)
    before = signed_in.get(product.url).content.decode()
    assert "Tea Emporium" not in before

    def rename():
        store = store_settings()
        store.store_name = "Tea Emporium"
        store.save()

    commit(rename)
    story = ContentPage(title="Our story", slug="our-story", show_in_menus=True)
    commit(lambda: home_page.add_child(instance=story).save_revision().publish())
    after = signed_in.get(product.url).content.decode()
    assert "Tea Emporium" in after
    assert 'href="/our-story/"' in after
    assert signed_in.get("/our-story/").status_code == 200  # routed through the home page's shared children


def test_listings_leave_out_a_private_section_once_restricted(page_cache, product, commit):
    from wagtail.models import PageViewRestriction

    assert "Blue Mug" in Client().get("/shop/").content.decode()
    commit(lambda: PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.LOGIN))
    assert "Blue Mug" not in Client().get("/shop/").content.decode()


def test_a_product_card_is_rendered_once_for_every_listing_that_shows_it(page_cache, product):
    """Cards are kept with the cached pages: another listing (a search, a category, another sort)
    reads neither the product's variants nor its images again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Client().get("/shop/")
    with CaptureQueriesContext(connection) as captured:
        html = Client().get("/shop/category/kitchen/?sort=name").content.decode()
    assert "Blue Mug" in html
    assert "12.00" in html
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "catalogue_productvariant" not in tables
    assert "catalogue_productimage" not in tables


def test_selling_out_shows_on_the_cards_signed_in_visitors_see(page_cache, product, customer, commit):
    signed_in = Client()
    assert signed_in.login(email=customer.email, password=PASSWORD)
    assert 'data-testid="stock-status">In stock<' in signed_in.get("/shop/").content.decode()
    commit(lambda: allocate_stock(quantities={product.variants.get().pk: 10}))
    assert 'data-testid="stock-status">Sold out<' in signed_in.get("/shop/?sort=name").content.decode()


def test_a_search_promotion_saved_in_the_admin_shows_on_a_cached_search(
    page_cache, product, manager, home_page, commit
):
    assert 'data-testid="search-promotions"' not in Client().get("/shop/?q=mug").content.decode()
    admin = Client()
    admin.force_login(manager)

    def promote():
        response = admin.post(
            "/admin/searchpicks/add/",
            {
                "query_string": "mug",
                "editors_picks-TOTAL_FORMS": "1",
                "editors_picks-INITIAL_FORMS": "0",
                "editors_picks-MIN_NUM_FORMS": "0",
                "editors_picks-MAX_NUM_FORMS": "1000",
                "editors_picks-0-page": home_page.pk,
                "editors_picks-0-description": "Our mug guide",
                "editors_picks-0-ORDER": "1",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    commit(promote)
    assert "Our mug guide" in Client().get("/shop/?q=mug").content.decode()


def test_a_product_published_in_a_category_shows_in_its_neighbours_you_may_also_like(
    page_cache, product, make_product, commit
):
    """The newest products of each category are kept with the shared data; publishing purges them."""
    assert 'data-testid="related-products"' not in Client().get(product.url).content.decode()
    commit(lambda: make_product("Green Jug", categories=[product.categories.get()]))
    html = Client().get(product.url + "?after").content.decode()
    assert "Green Jug" in html[html.index('data-testid="related-products"') :]
