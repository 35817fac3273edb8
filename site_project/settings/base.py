"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the environment with
django-environ. With no environment at all the shop runs on the embedded default: SQLite, an
in-memory channel layer and cache, media in a local folder and email on the console.
"""

from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "site_project.apps.SiteProjectConfig",
    "home",
    "catalogue",
    "commerce.accounts",
    "commerce.cart",
    "commerce.discounts",
    "commerce.orders",
    "commerce.payments",
    "commerce.checkout",
    "livechat",
    "reviews",
    "core",
    "site_project.apps.PayPalIPNConfig",
    "channels",
    "csp",
    "storages",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "commerce.accounts.wagtail_users.SuperuserOnlyUsersAdminConfig",  # Wagtail users admin, superusers only
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "site_project.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous storefront pages from the cache (core/pagecache.py); after auth and messages.
    "core.pagecache.AnonymousPageCacheMiddleware",
    "core.pagecache.SharedSiteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# --- Content-Security-Policy (django-csp; site_project/csp.py) ------------------------------------
WAGTAILADMIN_PATH = "/admin/"
_CSP_SELF, _CSP_NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF, "data:"],
        "connect-src": [_CSP_SELF],
        # Wagtail embeds (videos in content pages) and the admin's page preview.
        "frame-src": [_CSP_SELF, "https:"],
        "form-action": [_CSP_SELF, "https://www.paypal.com", "https://www.sandbox.paypal.com"],
        "frame-ancestors": [_CSP_SELF],
        "base-uri": [_CSP_SELF],
        "object-src": [_CSP_NONE],
    }
}
# Where pages open their websockets (chat, live order status, the agent panel) when the Procfile's
# realtime process is reached at an origin of its own, e.g. wss://ws.shop.example.com or, in
# `make serve`, ws://localhost:8001; empty, the page's own host (`make run`, or a proxy that routes
# /ws/ to it). With it set, list the pages' origin in CSRF_TRUSTED_ORIGINS: sockets accept a page of
# another origin only from there (site_project/origins.py).
WEBSOCKET_ORIGIN = env("WEBSOCKET_ORIGIN", default="").rstrip("/")
if WEBSOCKET_ORIGIN:
    _parts = urlsplit(WEBSOCKET_ORIGIN)
    if (
        _parts.scheme not in {"ws", "wss"}
        or not _parts.hostname
        or f"{_parts.scheme}://{_parts.netloc}" != WEBSOCKET_ORIGIN
    ):
        raise ImproperlyConfigured("WEBSOCKET_ORIGIN must be a ws:// or wss:// origin, e.g. wss://ws.example.com")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"].append(WEBSOCKET_ORIGIN)
# Wagtail 8's page editor still runs inline scripts (InlinePanel forms, StreamField, choosers): without
# them "Add variants" and the like do nothing. Only /admin/, behind staff sign-in, gets this.
CONTENT_SECURITY_POLICY_ADMIN_ALLOWANCES = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "worker-src": [_CSP_SELF, "blob:"],
}

ROOT_URLCONF = "site_project.urls"
WSGI_APPLICATION = "site_project.wsgi.application"
ASGI_APPLICATION = "site_project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.store",
                "commerce.cart.context_processors.cart",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# The embedded default is a SQLite file. DATABASE_URL switches to PostgreSQL through psycopg 3.
# Websockets are served by ASGI, where a persistent connection would be pinned to a worker thread per
# request, so connections are not kept (CONN_MAX_AGE=0) and psycopg 3's pool hands them out instead,
# in the WSGI server of the pages too.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=20),
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one request writes; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue up instead of failing with "database is locked" mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and channel layer ---------------------------------------------------------
# Redis is a cache and a message bus, never a single point of failure. The cache is django-redis
# with its ignore-exceptions option: while Redis is down every cache read misses and every write
# is dropped (and logged), so pages, cart, checkout, sign-in and IPNs go on without it. Django's
# own RedisCache has no such option. Connections fail fast instead of holding a request.
# The channel layer is channels-redis' pub/sub layer: group membership lives in the process that
# holds the socket (so a crashed socket leaves nothing behind in Redis, and a Redis restart loses
# no membership: redis-py subscribes again when it reconnects), and it blocks on no Redis read, so
# redis-py's 5 s socket_timeout never closes an idle socket (channels_redis issue #422).
REDIS_URL = env("REDIS_URL", default="")
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=1)
# How often every socket checks that the channel layer still carries its messages (and an agent's
# socket refreshes its presence); a socket whose check fails closes as "unavailable" (4503).
REALTIME_CHECK_SECONDS = env.float("REALTIME_CHECK_SECONDS", default=20)
# Chat limits per person (customer, guest session or agent) and per client address, shared by
# every socket and process through the cache (livechat/limits.py): kind -> (per person, per address,
# window in seconds). Past a limit messages, new conversations and syncs are refused; typing is dropped.
CHAT_RATE_LIMITS = {
    "message": (20, 60, 60),
    "conversation": (3, 10, 60 * 60),
    "sync": (10, 30, 60),
    "typing": (1, 5, 2),
}
# An agent counts as online while one of their sockets was seen this recently (several checks).
CHAT_PRESENCE_TIMEOUT_SECONDS = env.float("CHAT_PRESENCE_TIMEOUT_SECONDS", default=75)
if REDIS_URL:
    _redis_options = {
        "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
        "SOCKET_TIMEOUT": env.float("REDIS_CACHE_TIMEOUT", default=2),
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="shop"),
            "OPTIONS": _redis_options,
        },
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="shop") + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": _redis_options,
        },
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_connect_timeout": REDIS_CONNECT_TIMEOUT}],
                "prefix": env("CHANNEL_LAYER_PREFIX", default="asgi"),
            },
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
            "TIMEOUT": 60 * 60 * 24,
        },
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Anonymous page cache (core/pagecache.py) on the default cache; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Sessions stay in the database (Django's default engine), never in the cache: Redis going away
# must not sign anyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A parent domain (".shop.example.com") when websockets are served from a subdomain (WEBSOCKET_ORIGIN),
# so the session cookie goes with them; ports of one host share cookies without it.
SESSION_COOKIE_DOMAIN = env("SESSION_COOKIE_DOMAIN", default=None)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# ModelBackend plus sign-in throttling, so the shop's and Wagtail's login forms are both throttled.
AUTHENTICATION_BACKENDS = ["commerce.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (commerce/accounts/throttling.py, kept in the cache), counted per window:
# an address is refused for an account after PER_PAIR failures on it, and for every account after
# PER_IP failures; an account is never locked, but past PER_ACCOUNT failures (from anywhere)
# addresses it never signed in from get one attempt per ACCOUNT_DELAY seconds; past GLOBAL
# failures site-wide, any address that failed in the window is refused.
ACCOUNTS_LOGIN_FAILURES_PER_PAIR = env.int("ACCOUNTS_LOGIN_FAILURES_PER_PAIR", default=5)
ACCOUNTS_LOGIN_FAILURES_PER_IP = env.int("ACCOUNTS_LOGIN_FAILURES_PER_IP", default=20)
ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT = env.int("ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT", default=10)
ACCOUNTS_LOGIN_ACCOUNT_DELAY_SECONDS = env.int("ACCOUNTS_LOGIN_ACCOUNT_DELAY_SECONDS", default=5)
ACCOUNTS_LOGIN_FAILURES_GLOBAL = env.int("ACCOUNTS_LOGIN_FAILURES_GLOBAL", default=500)
ACCOUNTS_LOGIN_LOCKOUT_SECONDS = env.int("ACCOUNTS_LOGIN_LOCKOUT_SECONDS", default=15 * 60)
# Addresses or networks of our own proxies (load balancer, nginx): X-Forwarded-For is read only
# from them, right to left (core/client_address.py). The Procfile gives gunicorn and uvicorn the same list.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
# Lifetime of email verification links; password reset links use PASSWORD_RESET_TIMEOUT.
ACCOUNTS_EMAIL_TOKEN_MAX_AGE = env.int("ACCOUNTS_EMAIL_TOKEN_MAX_AGE", default=3 * 24 * 60 * 60)
# Email change links are shorter lived: a link left in a mailbox is a way into the account.
ACCOUNTS_EMAIL_CHANGE_TOKEN_MAX_AGE = env.int("ACCOUNTS_EMAIL_CHANGE_TOKEN_MAX_AGE", default=2 * 60 * 60)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

# --- Internationalisation and money ---------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
STORE_CURRENCY = env("STORE_CURRENCY", default="EUR")
# How money reads (core.money, Babel/CLDR): "en_IE" gives "€1,234.50", "de_DE" "1.234,50 €".
STORE_LOCALE = env("STORE_LOCALE", default="en_IE")
CART_MAX_QUANTITY_PER_LINE = 99
UNPAID_ORDER_TIMEOUT_MINUTES = env.int("UNPAID_ORDER_TIMEOUT_MINUTES", default=30)
BANK_TRANSFER_TIMEOUT_DAYS = env.int("BANK_TRANSFER_TIMEOUT_DAYS", default=7)
LOW_STOCK_THRESHOLD = env.int("LOW_STOCK_THRESHOLD", default=5)
MONEY_QUANTUM = Decimal("0.01")

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STATIC_ON_S3 = env.bool("STATIC_ON_S3", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    # Media (and, with STATIC_ON_S3, static files) in one bucket under media/ and static/; see docs/s3.md.
    # An endpoint URL points at an S3-compatible service (MinIO, Cloudflare R2, ...), which usually
    # wants AWS_S3_ADDRESSING_STYLE=path. A custom domain (a CDN in front of the bucket) becomes the
    # host of every file URL. Keys may stay unset: boto3 then finds an instance or task role itself.
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    # No per-object ACLs (buckets created since 2023 refuse them): read access comes from the bucket
    # policy or the CDN, and URLs are plain, unsigned and cacheable.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    # A clash gets a new name instead of replacing a file a page or a CDN still points at.
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": f"public, max-age={env.int('AWS_S3_MEDIA_MAX_AGE', default=86400)}"}
    # The bucket policy makes only renditions (media/images/) public; documents stay private and are
    # streamed by Wagtail's view, which checks collection privacy, instead of redirecting to S3.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    # File URLs point at the bucket (or its CDN), so the Content-Security-Policy must allow it.
    _BUCKET_ORIGIN = (
        f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else AWS_S3_ENDPOINT_URL or "https://*.amazonaws.com"
    )
    for _directive in ["img-src", "media-src"] + (["script-src", "style-src", "font-src"] if STATIC_ON_S3 else []):
        CONTENT_SECURITY_POLICY["DIRECTIVES"].setdefault(_directive, [_CSP_SELF]).append(_BUCKET_ORIGIN)
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "media"},
    }
    if STATIC_ON_S3:
        # collectstatic deletes before it copies and names carry a content hash, so the existence
        # check before each upload would only add a request per file.
        STORAGES["staticfiles"] = {
            "BACKEND": "storages.backends.s3.S3ManifestStaticStorage",
            "OPTIONS": {
                "location": "static",
                "file_overwrite": True,
                "object_parameters": {"CacheControl": "public, max-age=31536000"},
            },
        }
        # Hashed names already bust caches. Left to decide for itself, Wagtail opens the static
        # storage while models load, which reads the manifest from the bucket in every process
        # (migrate included) and fails the start if the bucket cannot be reached.
        WAGTAILADMIN_STATIC_FILE_VERSION_STRINGS = False

# --- Email ----------------------------------------------------------------------------------
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="shop@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks) --------------------------------------------------------
# Emails, order expiry and Wagtail's own background work. The embedded default runs each task at
# once in the process that enqueues it, so `make run` needs no worker; "database" keeps them in
# the database for the `worker` process (db_worker), which production always uses.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env("TASKS_BACKEND", default="immediate")]}}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Storefront"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# "english" stems on PostgreSQL ("mugs" finds "mug"); SQLite ignores it (catalogue.search makes up for it).
# After changing it, run `python manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
# Refuses files that look like images but do not decode (core/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.ImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: staff avatars would load from a third party (sending a hash of their email) and
# need a CSP exception.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- PayPal (django-paypal, Payments Standard) ----------------------------------------------
PAYPAL_TEST = env.bool("PAYPAL_TEST", default=True)
PAYPAL_RECEIVER_EMAIL = env("PAYPAL_RECEIVER_EMAIL", default="payments@example.com")
# Seconds to wait for PayPal's answer to an IPN verification before giving up (PayPal retries).
PAYPAL_POSTBACK_TIMEOUT = env.float("PAYPAL_POSTBACK_TIMEOUT", default=10)
# Where IPNs are verified instead of PayPal; honoured only while PAYPAL_TEST is on.
PAYPAL_POSTBACK_URL = env("PAYPAL_POSTBACK_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "core.logs.OneLineError"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_redis.cache": {"filters": ["one_line"]},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Password given to the demo accounts by `seed_demo`, only when DEBUG is on.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="shop-demo-2026")
