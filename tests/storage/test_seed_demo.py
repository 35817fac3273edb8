"""`seed_demo` builds the demo shop with its images on S3, as it does on the local folder."""

import io

from django.core.management import call_command
from wagtail.images import get_image_model

from catalogue.models import ProductPage


def test_seed_demo_stores_the_demo_images_in_the_bucket_and_pages_render_them_from_it(db, s3_storage, client):
    output = io.StringIO()
    call_command("seed_demo", stdout=output)

    assert "Demo shop ready." in output.getvalue()

    images = list(get_image_model().objects.order_by("id"))
    assert len(images) == 12
    assert {f"media/{image.file.name}" for image in images} <= set(s3_storage.object_keys("media/original_images/"))
    product = ProductPage.objects.live().first()
    page = client.get(product.url).content.decode()
    bucket_url = f"{s3_storage.endpoint_url}/{s3_storage.name}/media/images/demo-product-"
    assert bucket_url in page
    assert s3_storage.object_keys("media/images/")
