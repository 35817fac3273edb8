"""The environment switch itself: importing the settings with AWS_* set gives the S3 backends."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Settings and storages need no app registry; STARTUP adds django.setup() where starting matters.
STARTUP = "import django; django.setup()"
PROBE = """
import json
from django.conf import settings
from django.core.files.storage import default_storage
# The static storage is not opened: on S3 that reads the manifest from a bucket that is not there.
print(json.dumps({
    "storages": settings.STORAGES,
    "acl": getattr(settings, "AWS_DEFAULT_ACL", "unset"),
    "querystring_auth": getattr(settings, "AWS_QUERYSTRING_AUTH", None),
    "file_overwrite": getattr(settings, "AWS_S3_FILE_OVERWRITE", None),
    "media_url": default_storage.url("images/mug.png"),
    "static_version_strings": getattr(settings, "WAGTAILADMIN_STATIC_FILE_VERSION_STRINGS", None),
    "image_form_base": settings.WAGTAILIMAGES_IMAGE_FORM_BASE,
    "documents_served_by": getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None),
}))
"""
BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "shop-media",
    "AWS_S3_REGION_NAME": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "example-secret",
}
PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "shop.example.com"}


def resolve(settings_module, *, start=False, **environment):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": settings_module, **environment}
    result = subprocess.run(
        [sys.executable, "-c", f"{STARTUP}\n{PROBE}" if start else PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_bucket_name_puts_media_on_s3_under_media_without_acls():
    resolved = resolve("site_project.settings.test", **BUCKET)

    assert resolved["storages"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "media"},
    }
    assert resolved["acl"] is None
    assert resolved["querystring_auth"] is False
    assert resolved["file_overwrite"] is False
    assert resolved["media_url"] == "https://shop-media.s3.amazonaws.com/media/images/mug.png"
    assert resolved["documents_served_by"] == "serve_view"


def test_a_custom_domain_serves_media_urls_through_the_cdn():
    resolved = resolve("site_project.settings.test", **BUCKET, AWS_S3_CUSTOM_DOMAIN="cdn.shop.example")

    assert resolved["media_url"] == "https://cdn.shop.example/media/images/mug.png"


def test_an_endpoint_url_points_media_at_an_s3_compatible_service():
    resolved = resolve(
        "site_project.settings.test",
        **BUCKET,
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_ADDRESSING_STYLE="path",
    )

    assert resolved["media_url"] == "https://objects.example.net/shop-media/media/images/mug.png"


def test_static_files_stay_on_whitenoise_with_a_bucket_unless_static_on_s3_is_set():
    resolved = resolve("site_project.settings.production", **PRODUCTION, **BUCKET)

    assert resolved["storages"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert resolved["storages"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_static_on_s3_moves_static_files_to_a_manifest_storage_under_static():
    # The process starts although the bucket cannot be reached: nothing reads the manifest at import.
    resolved = resolve("site_project.settings.production", start=True, **PRODUCTION, **BUCKET, STATIC_ON_S3="true")

    static = resolved["storages"]["staticfiles"]
    assert static["BACKEND"] == "storages.backends.s3.S3ManifestStaticStorage"
    assert static["OPTIONS"]["location"] == "static"
    assert resolved["static_version_strings"] is False
    assert resolved["storages"]["default"]["OPTIONS"] == {"location": "media"}


def test_without_a_bucket_media_stays_in_the_local_folder():
    resolved = resolve("site_project.settings.production", **PRODUCTION, STATIC_ON_S3="true")

    assert resolved["storages"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert resolved["storages"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert resolved["acl"] == "unset"
    assert resolved["image_form_base"] == "core.uploads.ImageForm"
