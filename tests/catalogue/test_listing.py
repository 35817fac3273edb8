import re

import pytest

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'class="font-medium hover:text-emerald-700">([^<]+)</a>', response.content.decode())


def test_shop_lists_live_products_only(client, make_product):
    make_product("Visible Mug")
    hidden = make_product("Draft Mug")
    hidden.unpublish()
    assert titles(client.get("/shop/")) == ["Visible Mug"]


def test_category_page_includes_subcategories(client, make_product, make_category):
    outdoors = make_category("Outdoors")
    camping = make_category("Camping", parent=outdoors)
    make_product("Tent", categories=[camping])
    make_product("Bench", categories=[outdoors])
    make_product("Mug", categories=[make_category("Kitchen")])
    assert sorted(titles(client.get("/shop/category/outdoors/"))) == ["Bench", "Tent"]
    assert titles(client.get("/shop/category/camping/")) == ["Tent"]
    assert client.get("/shop/category/no-such-thing/").status_code == 404


def test_price_range_and_in_stock_filters_combine(client, make_product):
    make_product("Cheap", variants=[("", "5.00", 3)])
    make_product("Mid", variants=[("", "25.00", 3)])
    make_product("Mid sold out", variants=[("", "30.00", 0)])
    make_product("Dear", variants=[("", "90.00", 3)])
    response = client.get("/shop/", {"min_price": "10", "max_price": "50", "in_stock": "on"})
    assert titles(response) == ["Mid"]
    assert sorted(titles(client.get("/shop/", {"min_price": "10", "max_price": "50"}))) == ["Mid", "Mid sold out"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_asc", ["B", "C", "A"]),
        ("price_desc", ["A", "C", "B"]),
        ("name", ["A", "B", "C"]),
        ("newest", ["C", "B", "A"]),
    ],
)
def test_sorting(client, make_product, sort, expected):
    make_product("A", variants=[("", "30.00", 1)])
    make_product("B", variants=[("", "10.00", 1)])
    make_product("C", variants=[("", "20.00", 1)])
    assert titles(client.get("/shop/", {"sort": sort})) == expected


def test_full_text_search_finds_title_summary_and_sku(client, make_product):
    make_product("Enamel Mug", summary="Holds a generous pint of tea")
    make_product("Oak Board", summary="End-grain chopping board")
    assert titles(client.get("/shop/", {"q": "mug"})) == ["Enamel Mug"]
    assert titles(client.get("/shop/", {"q": "chopping"})) == ["Oak Board"]


def test_empty_result_says_so_and_offers_to_clear_filters_only_when_some_are_set(client, make_product):
    make_product("Enamel Mug")
    html = client.get("/shop/", {"q": "unicorn"}).content.decode()
    assert 'data-testid="empty-result"' in html
    assert "Nothing matches “unicorn”." in html
    assert "Clear filters" not in html
    html = client.get("/shop/", {"q": "unicorn", "max_price": "1"}).content.decode()
    assert "Nothing matches “unicorn” with these filters." in html
    assert "Clear filters" in html


def test_pagination_shows_24_a_page_and_keeps_filters(client, make_product):
    for _ in range(30):
        make_product(variants=[("", "12.00", 5)])
    first = client.get("/shop/", {"in_stock": "on", "sort": "name"})
    assert len(titles(first)) == 24
    html = first.content.decode()
    assert "in_stock=on&amp;sort=name&amp;page=2" in html
    second = client.get("/shop/", {"in_stock": "on", "sort": "name", "page": 2})
    assert len(titles(second)) == 6
    assert not set(titles(first)) & set(titles(second))


def test_nonsense_filter_values_are_ignored_not_errors(client, make_product):
    make_product("Mug")
    response = client.get("/shop/", {"min_price": "-5", "max_price": "lots", "sort": "'; DROP", "page": "999"})
    assert response.status_code == 200
    assert titles(response) == ["Mug"]


@pytest.fixture
def lamps_and_a_mug(make_product):
    return [
        make_product("Enamel mug", summary="A camping mug"),
        make_product("Desk lamp"),
        make_product("Floor lamp"),
        make_product("Walnut chopping board"),
    ]


def _titles(client, query):
    response = client.get("/shop/", {"q": query})
    return sorted(titles(response)), response


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mugs", ["Enamel mug"]),
        ("enamel mugs", ["Enamel mug"]),
        ("lam", ["Desk lamp", "Floor lamp"]),
        ("lamps", ["Desk lamp", "Floor lamp"]),
        ("lmap", ["Desk lamp", "Floor lamp"]),
    ],
)
def test_search_forgives_plurals_prefixes_and_typos(client, lamps_and_a_mug, query, expected):
    titles, _ = _titles(client, query)
    assert titles == expected


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mugs", ["Enamel mug"]),
        ("lam", ["Desk lamp", "Floor lamp"]),
        ("lmap", ["Desk lamp", "Floor lamp"]),
        ("lampz", ["Desk lamp", "Floor lamp"]),
    ],
)
def test_search_forgives_on_postgresql(client, lamps_and_a_mug, query, expected):
    titles, _ = _titles(client, query)
    assert titles == expected


def test_a_corrected_query_says_did_you_mean(client, lamps_and_a_mug):
    _, response = _titles(client, "lmap")
    assert response.context["corrected_query"] == "lamp"
    assert "Did you mean" in response.content.decode()


def test_an_empty_result_offers_popular_products_and_categories(client, make_product, make_category):
    make_product("Desk lamp", featured=True, categories=[make_category("Lighting")])
    response = client.get("/shop/", {"q": "xylophone"})
    html = response.content.decode()
    assert "Nothing matches “xylophone”." in html
    assert "with these filters" not in html
    assert 'data-testid="popular-products"' in html
    assert "Desk lamp" in html
    assert "Lighting" in html
