"""Deploy checks: `manage.py check --deploy` fails on settings that must never reach customers.

Django's own deploy checks already warn about DEBUG and a weak SECRET_KEY; these say it in the
shop's terms and add what Django cannot know: the PayPal sandbox, and the local PayPal stand-in
(which verifies IPNs it signed itself, so anyone could mark an order paid).
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# What base.py falls back to when SECRET_KEY is unset; dev and test keys look like it.
_INSECURE_PREFIXES = ("insecure", "django-insecure", "test-", "local-")


def _secret_is_insecure(secret: str) -> bool:
    return len(secret) < 50 or len(set(secret)) < 5 or secret.lower().startswith(_INSECURE_PREFIXES)


@register(Tags.security, deploy=True)
def check_production_is_safe(app_configs, **kwargs):
    from commerce.payments.standin import stand_in_enabled

    problems = []
    if settings.DEBUG:
        problems.append(
            Error("DEBUG is on.", hint="Unset DEBUG in production: it shows settings and code.", id="shop.E001")
        )
    if _secret_is_insecure(settings.SECRET_KEY):
        problems.append(
            Error(
                "SECRET_KEY is a development key or too weak.",
                hint="Set SECRET_KEY to 50+ random characters, e.g. from secrets.token_urlsafe(60).",
                id="shop.E002",
            )
        )
    if stand_in_enabled():
        problems.append(
            Error(
                "The local PayPal stand-in is enabled (DEBUG and PAYPAL_TEST).",
                hint="It verifies IPNs it signed itself: anyone could mark an order paid.",
                id="shop.E003",
            )
        )
    if settings.PAYPAL_TEST:
        problems.append(
            Warning(
                "PAYPAL_TEST is on: customers pay into the PayPal sandbox and no real money arrives.",
                hint="Unset PAYPAL_TEST (or set it to false) outside staging.",
                id="shop.W001",
            )
        )
    if settings.PAYPAL_TEST and settings.PAYPAL_POSTBACK_URL:
        problems.append(
            Warning(
                "PAYPAL_POSTBACK_URL is set: IPNs are verified by a server other than PayPal.",
                hint="Unset PAYPAL_POSTBACK_URL in production.",
                id="shop.W002",
            )
        )
    if "*" in settings.TRUSTED_PROXIES:
        problems.append(
            Warning(
                "TRUSTED_PROXIES is '*': uvicorn (websockets) then takes the client address from the left-most, "
                "client-chosen X-Forwarded-For entry, and per-address limits can be dodged.",
                hint="Name the proxies' addresses or networks, e.g. 10.0.0.0/8.",
                id="shop.W003",
            )
        )
    if not settings.REDIS_URL:
        problems.append(
            Warning(
                "REDIS_URL is unset: the channel layer, cache and page cache live in each process, so order "
                "updates made on the Procfile's web process never reach the sockets of its realtime process, "
                "and chat messages miss the customers and agents connected to its other workers.",
                hint="Set REDIS_URL.",
                id="shop.W004",
            )
        )
    return problems
