"""Account emails: each is a text and an HTML template under templates/accounts/email/."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.selectors import store_settings
from core.tasks import enqueue_email

from . import tokens


def store_context(request) -> dict:
    """The store's name and contact address for an email; the default site's when the request's
    host matches no site (store_settings(request) raises then)."""
    try:
        store = store_settings(request)
    except ObjectDoesNotExist:
        store = store_settings()
    return {"store_name": store.store_name, "contact_email": store.contact_email}


def send_templated_email(*, request, to: str, template: str, context: dict) -> None:
    context = {**store_context(request), **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    text = render_to_string(f"accounts/email/{template}.txt", context, request=request)
    html = render_to_string(f"accounts/email/{template}.html", context, request=request)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    enqueue_email(message)


def _absolute(request, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_verification_email(*, request, user) -> None:
    link = _absolute(request, reverse("accounts:verify", args=[tokens.verification_token(user)]))
    send_templated_email(
        request=request, to=user.email, template="verify", context={"user": user, "link": link, **_validity()}
    )


def send_email_change_email(*, request, user, new_email: str) -> None:
    link = _absolute(
        request, reverse("accounts:email_change_confirm", args=[tokens.email_change_token(user, new_email)])
    )
    send_templated_email(
        request=request,
        to=new_email,
        template="email_change",
        context={"user": user, "link": link, "new_email": new_email, **_validity()},
    )


def _validity() -> dict:
    return {"valid_hours": settings.ACCOUNTS_EMAIL_TOKEN_MAX_AGE // 3600}


def send_email_changed_notice(*, request, user, old_email: str) -> None:
    send_templated_email(
        request=request, to=old_email, template="email_changed", context={"user": user, "old_email": old_email}
    )


def send_account_exists_notice(*, request, user) -> None:
    """Registration with a known address tells the account's owner, not the person registering."""
    send_templated_email(
        request=request,
        to=user.email,
        template="account_exists",
        context={
            "user": user,
            "login_link": _absolute(request, reverse("accounts:login")),
            "reset_link": _absolute(request, reverse("accounts:password_reset")),
        },
    )
