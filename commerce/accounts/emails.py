"""Account emails: each is a text and an HTML template under templates/accounts/email/."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.emails import absolute_url, branding_context, send_customer_email

from . import tokens


def send_templated_email(*, request, to: str, template: str, context: dict) -> None:
    """accounts/email/<template>_subject.txt, .txt and .html, branded and queued (core.emails)."""
    context = {**branding_context(request), **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    send_customer_email(
        to=[to], subject=subject, template=f"accounts/email/{template}", context=context, request=request
    )


def send_verification_email(*, request, user) -> None:
    link = absolute_url(reverse("accounts:verify", args=[tokens.verification_token(user)]), request)
    send_templated_email(
        request=request, to=user.email, template="verify", context={"user": user, "link": link, **_validity()}
    )


def send_email_change_email(*, request, user, new_email: str) -> None:
    link = absolute_url(
        reverse("accounts:email_change_confirm", args=[tokens.email_change_token(user, new_email)]), request
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
            "login_link": absolute_url(reverse("accounts:login"), request),
            "reset_link": absolute_url(reverse("accounts:password_reset"), request),
        },
    )
