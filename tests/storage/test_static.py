"""STATIC_ON_S3: collectstatic uploads hashed files and the manifest under static/ in the bucket."""

import json
import urllib.request

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


@pytest.fixture
def static_on_s3(settings, s3_bucket):
    """Static files on the test bucket, configured as base.py does with STATIC_ON_S3=true."""
    settings.AWS_STORAGE_BUCKET_NAME = s3_bucket.name
    settings.AWS_S3_ENDPOINT_URL = s3_bucket.endpoint_url
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = "testing"
    settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_S3_FILE_OVERWRITE = False
    # Only the shop's own static/ folder: Wagtail's admin assets would add thousands of uploads
    # and prove nothing more about the storage.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "storages.backends.s3.S3ManifestStaticStorage",
            "OPTIONS": {
                "location": "static",
                "file_overwrite": True,
                "object_parameters": {"CacheControl": "public, max-age=31536000"},
            },
        },
    }
    return s3_bucket


def test_collectstatic_uploads_the_manifest_and_hashed_files_under_static(static_on_s3):
    call_command("collectstatic", interactive=False, verbosity=0)

    keys = static_on_s3.object_keys()
    assert "static/staticfiles.json" in keys
    assert all(key.startswith("static/") for key in keys)
    manifest = json.loads(
        static_on_s3.client.get_object(Bucket=static_on_s3.name, Key="static/staticfiles.json")["Body"].read()
    )
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    assert f"static/{hashed}" in keys


def test_static_urls_point_at_hashed_files_in_the_bucket_after_collectstatic(static_on_s3):
    call_command("collectstatic", interactive=False, verbosity=0)

    url = staticfiles_storage.url("css/site.css")

    assert url.startswith(f"{static_on_s3.endpoint_url}/{static_on_s3.name}/static/css/site.")
    with urllib.request.urlopen(url, timeout=10) as served:  # noqa: S310 - the local test endpoint
        assert served.headers["Cache-Control"] == "public, max-age=31536000"
        assert served.read() == (staticfiles_storage.open("css/site.css").read())


def test_collectstatic_can_run_again_over_the_same_bucket(static_on_s3):
    call_command("collectstatic", interactive=False, verbosity=0)
    before = static_on_s3.object_keys()

    call_command("collectstatic", interactive=False, verbosity=0)

    assert static_on_s3.object_keys() == before
