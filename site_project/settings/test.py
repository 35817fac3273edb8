from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES, env

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

# Browser tests run the ASGI server in a second process, which cannot see an in-memory SQLite
# database, so the embedded test database is a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db{env('TEST_DB_SUFFIX', default='')}.sqlite3")}
