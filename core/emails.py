"""Customer emails: a plain-text part and a branded HTML part (templates/email/base.html), queued for the worker.

Each email is a pair of templates, `<name>.txt` (autoescape off: what people typed stays as it is) and
`<name>.html` (extends email/base.html: the shop's name and colours, escaped as usual).
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .selectors import store_settings
from .tasks import enqueue_email


def absolute_url(path: str, request=None) -> str:
    """`path` as a full address a mail client can open: the request's host, else the site's base URL."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def branding_context(request=None) -> dict:
    """The store's name, contact address and home page address for an email; the default site's when
    the request's host matches no site (store_settings(request) raises then)."""
    try:
        store = store_settings(request)
    except ObjectDoesNotExist:
        store = store_settings()
    return {
        "store_name": store.store_name,
        "contact_email": store.contact_email,
        "site_url": absolute_url("/", request),
    }


def send_customer_email(*, to: list[str], subject: str, template: str, context: dict, request=None) -> None:
    """Render `template`.txt and `template`.html with the store's branding and queue them as one email."""
    context = {**branding_context(request), **context}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template}.txt", context, request=request),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context, request=request), "text/html")
    enqueue_email(message)
