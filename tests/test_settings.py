"""Settings resolve from the environment: the embedded default with none, real services with it."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "db_engine": db["ENGINE"], "db_name": str(db["NAME"]), "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"], "pool": db.get("OPTIONS", {}).get("pool"),
    "cache": settings.CACHES["default"]["BACKEND"], "cache_location": settings.CACHES["default"].get("LOCATION"),
    "renditions_cache": settings.CACHES["renditions"]["BACKEND"],
    "channel_layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "channel_hosts": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts"),
    "default_storage": settings.STORAGES["default"]["BACKEND"],
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "email_backend": settings.EMAIL_BACKEND, "email_host": getattr(settings, "EMAIL_HOST", None),
    "debug": settings.DEBUG, "websocket_origin": settings.WEBSOCKET_ORIGIN,
    "connect_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"],
}))
"""


def probe(settings_module, **environment) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": settings_module, **environment}
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def resolve(settings_module, **environment):
    result = probe(settings_module, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_environment_gives_the_embedded_default():
    resolved = resolve("site_project.settings.dev")
    assert resolved["db_engine"] == "django.db.backends.sqlite3"
    assert resolved["db_name"].endswith("db.sqlite3")
    assert resolved["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert resolved["renditions_cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert resolved["channel_layer"] == "channels.layers.InMemoryChannelLayer"
    assert resolved["default_storage"] == "django.core.files.storage.FileSystemStorage"
    assert resolved["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert resolved["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert resolved["debug"] is True
    assert resolved["websocket_origin"] == ""
    assert resolved["connect_src"] == ["'self'"]


def test_a_websocket_origin_of_its_own_is_one_pages_may_connect_to():
    resolved = resolve("site_project.settings.dev", WEBSOCKET_ORIGIN="wss://ws.shop.example.com/")
    assert resolved["websocket_origin"] == "wss://ws.shop.example.com"
    assert resolved["connect_src"] == ["'self'", "wss://ws.shop.example.com"]


@pytest.mark.parametrize("origin", ["https://ws.shop.example.com", "wss://ws.shop.example.com/ws/", "ws.example.com"])
def test_a_websocket_origin_that_is_not_one_is_refused(origin):
    result = probe("site_project.settings.dev", WEBSOCKET_ORIGIN=origin)
    assert result.returncode != 0
    assert "WEBSOCKET_ORIGIN must be a ws:// or wss:// origin" in result.stderr


def test_environment_switches_to_real_services():
    resolved = resolve(
        "site_project.settings.dev",
        DATABASE_URL="postgres://shop:secret@db.internal:5432/shop",
        REDIS_URL="redis://cache.internal:6379/2",
        AWS_STORAGE_BUCKET_NAME="shop-media",
        EMAIL_URL="smtp+tls://mailer:secret@mail.internal:587",
    )
    assert resolved["db_engine"] == "django.db.backends.postgresql"
    assert resolved["db_name"] == "shop"
    assert resolved["cache"] == "django_redis.cache.RedisCache"
    assert resolved["cache_location"] == "redis://cache.internal:6379/2"
    assert resolved["channel_layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert [host["address"] for host in resolved["channel_hosts"]] == ["redis://cache.internal:6379/2"]
    assert resolved["default_storage"] == "storages.backends.s3.S3Storage"
    assert resolved["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert resolved["email_host"] == "mail.internal"


def test_postgres_connections_are_pooled_not_persistent():
    resolved = resolve("site_project.settings.dev", DATABASE_URL="postgres://shop@db.internal:5432/shop")
    assert resolved["conn_max_age"] == 0
    assert resolved["health_checks"] is True
    assert resolved["pool"]["max_size"] >= resolved["pool"]["min_size"] > 0


@pytest.mark.parametrize(
    ("missing", "message"), [("SECRET_KEY", "Set SECRET_KEY"), ("ALLOWED_HOSTS", "Set ALLOWED_HOSTS")]
)
def test_production_refuses_to_start_without(missing, message):
    env = {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "shop.example.com"}
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "site_project.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "shop.example.com",
            "REDIS_URL": "redis://127.0.0.1:6379/0",  # only named: the checks do not connect
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/settings/home/storesettings/", "/admin/settings/core/storesettings/"),
        ("/admin/settings/home/storesettings/2/", "/admin/settings/core/storesettings/2/"),
        ("/admin/snippets/catalogue/review/?q=mug", "/admin/snippets/reviews/review/?q=mug"),
        ("/admin/snippets/catalogue/review/edit/5/", "/admin/snippets/reviews/review/edit/5/"),
    ],
)
def test_admin_screens_that_moved_app_keep_their_old_urls(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.django_db
def test_the_moved_screens_open_for_a_manager(client, manager, home_page):
    client.force_login(manager)
    for old in ["/admin/settings/home/storesettings/", "/admin/snippets/catalogue/review/"]:
        assert client.get(old, follow=True).status_code == 200, old
