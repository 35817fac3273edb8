import pytest
from django.urls import reverse

from catalogue.models import Category, StockRecord
from catalogue.services import set_stock

pytestmark = pytest.mark.django_db


def test_inventory_lists_stock_and_filters_low_stock(client, manager, make_product, settings):
    settings.LOW_STOCK_THRESHOLD = 5
    make_product("Plenty Mug", variants=[("", "5.00", 50)])
    make_product("Scarce Mug", variants=[("", "5.00", 2)])
    client.force_login(manager)
    assert "Plenty Mug" in client.get("/admin/inventory/").content.decode()
    low = client.get("/admin/inventory/", {"low_stock": "true"}).content.decode()
    assert "Scarce Mug" in low
    assert "Plenty Mug" not in low
    assert "Scarce Mug" in client.get("/admin/inventory/", {"q": "SKU"}).content.decode()


def test_inventory_edit_sets_stock_and_refuses_negative(client, manager, make_product):
    variant = make_product("Mug", variants=[("", "5.00", 3)]).variants.get()
    record = StockRecord.objects.get(variant=variant)
    client.force_login(manager)
    response = client.post(f"/admin/inventory/edit/{record.pk}/", {"quantity": "-4"})
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.quantity == 3
    client.post(f"/admin/inventory/edit/{record.pk}/", {"quantity": "12"})
    record.refresh_from_db()
    assert record.quantity == 12


def test_agents_cannot_edit_inventory(client, agent, make_product):
    record = StockRecord.objects.get(variant=make_product().variants.get())
    client.force_login(agent)
    client.post(f"/admin/inventory/edit/{record.pk}/", {"quantity": "99"})
    record.refresh_from_db()
    assert record.quantity == 10


@pytest.mark.parametrize(
    ("spelling", "message"),
    [(str, "Product variant with this SKU already exists."), (str.lower, "SKU {sku} is already used by “Existing”.")],
)
def test_duplicate_skus_are_a_form_error_in_the_page_editor(
    client, manager, make_product, shop_page, spelling, message
):
    make_product("Existing", variants=[("", "5.00", 3)])
    existing_sku = StockRecord.objects.get().variant.sku
    client.force_login(manager)
    response = client.post(
        f"/admin/pages/add/catalogue/productpage/{shop_page.pk}/",
        {
            "title": "Copycat",
            "slug": "copycat",
            "summary": "",
            "description-count": "0",
            "gallery_images-TOTAL_FORMS": "0",
            "gallery_images-INITIAL_FORMS": "0",
            "gallery_images-MIN_NUM_FORMS": "0",
            "gallery_images-MAX_NUM_FORMS": "1000",
            "variants-TOTAL_FORMS": "1",
            "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "1",
            "variants-MAX_NUM_FORMS": "1000",
            "variants-0-sku": spelling(existing_sku),
            "variants-0-option_label": "",
            "variants-0-price": "9.00",
            "variants-0-compare_at_price": "",
            "variants-0-ORDER": "1",
            "variants-0-DELETE": "",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    errors = [str(error) for variant in form.formsets["variants"].forms for error in variant.errors.get("sku", [])]
    assert errors == [message.format(sku=spelling(existing_sku))]


def test_new_variants_start_with_an_empty_stock_record(make_product):
    variant = make_product(variants=[("", "5.00", 0)]).variants.get()
    assert StockRecord.objects.get(variant=variant).quantity == 0
    set_stock(variant=variant, quantity=4)
    variant.save()
    assert StockRecord.objects.get(variant=variant).quantity == 4


def test_categories_are_managed_as_snippets(client, manager):
    client.force_login(manager)
    response = client.post(
        "/admin/snippets/catalogue/category/add/",
        {"name": "Lighting", "slug": "lighting", "description": "", "sort_order": "1"},
    )
    assert response.status_code == 302
    assert Category.objects.get().name == "Lighting"
    assert "Lighting" in client.get("/admin/snippets/catalogue/category/", {"q": "light"}).content.decode()


def test_inventory_rows_open_their_stock_form_and_offer_no_add_or_delete(client, manager, make_product):
    record = StockRecord.objects.get(variant=make_product("Linked Mug").variants.get())
    client.force_login(manager)
    content = client.get(reverse("inventory:index")).content.decode()
    assert f'href="{reverse("inventory:edit", args=[record.pk])}"' in content
    assert reverse("inventory:add") not in content
    assert reverse("inventory:delete", args=[record.pk]) not in content
    assert client.get(reverse("inventory:add")).status_code in (302, 403)
    client.post(reverse("inventory:delete", args=[record.pk]))
    assert StockRecord.objects.filter(pk=record.pk).exists()
