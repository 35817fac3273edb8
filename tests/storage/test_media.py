"""Wagtail images on S3: uploads in the admin land in the bucket, renditions are served from it,
deleting an image removes its files, and bad uploads are refused with a message saying why."""

import io
import re
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.fixtures.accounts import PASSWORD

Image = get_image_model()


def image_bytes(fmt="PNG", size=(320, 240), colour=(16, 94, 73)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def upload(client, name, content, title="Upload"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": file, "collection": Collection.get_first_root_node().id},
    )


@pytest.fixture
def manager_client(client, manager):
    client.login(email=manager.email, password=PASSWORD)
    return client


def test_an_image_uploaded_in_the_admin_lands_in_the_bucket_under_media(s3_storage, manager_client):
    response = upload(manager_client, "blue-mug.png", image_bytes(), title="Blue mug")

    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get(title="Blue mug")
    assert (image.width, image.height) == (320, 240)
    assert s3_storage.object_keys() == [f"media/{image.file.name}"]
    assert image.file.name.startswith("original_images/blue-mug")
    body = s3_storage.client.get_object(Bucket=s3_storage.name, Key=f"media/{image.file.name}")
    assert body["Body"].read() == image_bytes()
    assert body["CacheControl"] == "public, max-age=86400"


def test_the_admin_shows_a_rendition_served_from_the_bucket(s3_storage, manager_client):
    upload(manager_client, "lamp.jpg", image_bytes("JPEG", size=(1200, 900)), title="Lamp")
    image = Image.objects.get(title="Lamp")

    page = manager_client.get(reverse("wagtailimages:edit", args=[image.id])).content.decode()

    bucket_url = f"{s3_storage.endpoint_url}/{s3_storage.name}/media/images/"
    shown = set(re.findall(re.escape(bucket_url) + r'[^"\s]+', page))
    renditions = list(image.renditions.all())
    assert renditions
    assert shown == {rendition.url for rendition in renditions}
    rendition = min(renditions, key=lambda rendition: rendition.width)
    assert f"media/{rendition.file.name}" in s3_storage.object_keys()
    with urllib.request.urlopen(rendition.url, timeout=10) as served:  # noqa: S310 - the local test endpoint
        content = served.read()
    assert PILImage.open(io.BytesIO(content)).size == (rendition.width, rendition.height)
    assert rendition.width < 1200


def test_deleting_an_image_in_the_admin_removes_the_original_and_its_renditions(
    s3_storage, manager_client, django_capture_on_commit_callbacks
):
    upload(manager_client, "tent.png", image_bytes(size=(600, 400)), title="Tent")
    image = Image.objects.get(title="Tent")
    image.get_rendition("fill-100x100")
    image.get_rendition("max-200x200")
    assert len(s3_storage.object_keys("media/")) == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("wagtailimages:delete", args=[image.id]))

    assert response.status_code == 302
    assert not Image.objects.filter(id=image.id).exists()
    assert s3_storage.object_keys() == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "notes.txt",
            image_bytes(),
            "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP.",
            id="extension",
        ),
        pytest.param(
            "photo.png",
            image_bytes("JPEG"),
            "Not a valid .png image. The extension does not match the file format (jpeg)",
            id="format-does-not-match-extension",
        ),
        pytest.param(
            "photo.png",
            b"\x89PNG\r\n\x1a\n but the rest is not",
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
            id="corrupt",
        ),
        pytest.param(
            "photo.png",
            image_bytes()[:200],
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
            id="truncated",
        ),
        pytest.param(
            "poster.bmp",
            image_bytes("BMP"),
            "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP.",
            id="unsupported-type",
        ),
    ],
)
def test_an_upload_that_is_not_an_allowed_image_is_refused_with_a_clear_message(
    s3_storage, manager_client, name, content, message
):
    response = upload(manager_client, name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Image.objects.exists()
    assert s3_storage.object_keys() == []


def test_an_upload_over_the_size_limit_is_refused_with_the_limit_in_the_message(s3_storage, manager_client, settings):
    content = image_bytes(size=(400, 400))
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    assert len(content) > 1024

    response = upload(manager_client, "big.png", content)

    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert "Maximum filesize 1.0\xa0KB." in response.content.decode()
    assert s3_storage.object_keys() == []


def test_a_custom_domain_becomes_the_host_of_media_urls(s3_storage, settings):
    settings.AWS_S3_CUSTOM_DOMAIN = "cdn.shop.example"
    settings.STORAGES = {**settings.STORAGES}  # a fresh storage reads the new domain

    assert default_storage.url("images/mug.png") == "https://cdn.shop.example/media/images/mug.png"


def upload_in_bulk(client, name, content):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": file, "collection": Collection.get_first_root_node().id},
    ).json()


def test_the_multiple_uploader_stores_an_image_in_the_bucket(s3_storage, manager_client):
    answer = upload_in_bulk(manager_client, "kettle.webp", image_bytes("WEBP"))

    assert answer["success"] is True
    image = Image.objects.get(id=answer["image_id"])
    assert s3_storage.object_keys() == [f"media/{image.file.name}"]


def test_the_multiple_uploader_refuses_an_image_that_does_not_decode_with_a_clear_message(s3_storage, manager_client):
    answer = upload_in_bulk(manager_client, "broken.png", image_bytes()[:200])

    assert answer == {
        "success": False,
        "error_message": "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
    }
    assert not Image.objects.exists()
    assert s3_storage.object_keys() == []


def test_editing_an_image_without_a_new_file_keeps_its_file_in_the_bucket(s3_storage, manager_client):
    upload(manager_client, "rug.png", image_bytes(), title="Rug")
    image = Image.objects.get(title="Rug")

    response = manager_client.post(
        reverse("wagtailimages:edit", args=[image.id]),
        {"title": "Jute rug", "collection": image.collection_id},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.title == "Jute rug"
    assert s3_storage.object_keys() == [f"media/{image.file.name}"]


def test_replacing_an_images_file_in_the_admin_stores_the_new_one_and_removes_the_old(s3_storage, manager_client):
    upload(manager_client, "rug.png", image_bytes(), title="Rug")
    image = Image.objects.get(title="Rug")
    old_key = f"media/{image.file.name}"
    file = io.BytesIO(image_bytes(size=(500, 500), colour=(180, 83, 9)))
    file.name = "rug.png"

    response = manager_client.post(
        reverse("wagtailimages:edit", args=[image.id]),
        {"title": "Rug", "collection": image.collection_id, "file": file},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert (image.width, image.height) == (500, 500)
    assert s3_storage.object_keys() == [f"media/{image.file.name}"]
    assert old_key not in s3_storage.object_keys()


def fetch_status(url):
    try:
        with urllib.request.urlopen(url, timeout=10):  # noqa: S310 - the local test endpoint
            return 200
    except urllib.error.HTTPError as error:
        return error.code


def test_visitors_can_fetch_renditions_but_not_originals_from_the_bucket(s3_storage, manager_client):
    upload(manager_client, "stove.png", image_bytes(size=(600, 400)), title="Stove")
    image = Image.objects.get(title="Stove")
    rendition = image.get_rendition("fill-120x80")

    assert fetch_status(rendition.url) == 200
    assert fetch_status(image.file.url) == 403


def test_a_document_is_streamed_from_the_private_bucket_through_wagtails_view(s3_storage, client, db):
    document = get_document_model().objects.create(
        title="Care guide", file=ContentFile(b"Oil it twice a year.", "care.txt")
    )
    assert fetch_status(document.file.url) == 403

    response = client.get(document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Oil it twice a year."
