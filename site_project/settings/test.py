from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, CHANNEL_LAYERS, DATABASES, REDIS_URL, STORAGES, TASK_BACKENDS, env

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run where they are enqueued, so mail.outbox sees an email once its transaction commits;
# tests of the queue itself switch to the database backend (tests/tasks).
TASKS = {"default": {"BACKEND": TASK_BACKENDS["immediate"]}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
# Off unless a test asks for it (the `page_cache` fixture): most tests change data inside a
# transaction that never commits, so no purge would run between their requests.
PAGE_CACHE_SECONDS = 0

# Browser tests run the ASGI server in a second process, which cannot see an in-memory SQLite
# database, so the embedded test database is a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db{env('TEST_DB_SUFFIX', default='')}.sqlite3")}

# Parallel test workers (pytest-xdist) each get their own Redis database, so one worker's
# cache.clear() never reaches another's tests; pub/sub ignores databases, so each worker's channel
# layer has its own prefix too.
_worker = env("PYTEST_XDIST_WORKER", default="")
if REDIS_URL and _worker.startswith("gw"):
    _parsed = urlsplit(REDIS_URL)
    _database = int(_parsed.path.strip("/") or 0) + 1 + int(_worker[2:])
    _worker_url = urlunsplit(_parsed._replace(path=f"/{_database}"))
    for _cache in CACHES.values():
        _cache["LOCATION"] = _worker_url
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["address"] = _worker_url
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"asgi-{_worker}"
