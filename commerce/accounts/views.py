from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from . import emails, selectors, services
from .forms import (
    AddressForm,
    ConfirmPasswordForm,
    EmailLoginForm,
    PasswordResetForm,
    ProfileForm,
    RegistrationForm,
    ResendVerificationForm,
)
from .models import User
from .tokens import InvalidToken


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The answer is the same whether or not the address has an account, so the form cannot be
        # used to find out who shops here: a new account gets its verification link, a known
        # address a notice to its owner, and neither visitor is signed in.
        try:
            user = services.create_client(**form.cleaned_data)
        except services.EmailTaken:
            make_password(form.cleaned_data["password"])  # the same work as creating an account
            existing = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
            # At most one notice an hour per account, so the form cannot flood someone's inbox.
            if existing is not None and cache.add(f"accounts:exists-notice:{existing.pk}", 1, 60 * 60):
                emails.send_account_exists_notice(request=request, user=existing)
        else:
            emails.send_verification_email(request=request, user=user)
        messages.success(
            request,
            f"We have sent an email to {form.cleaned_data['email']}. Follow its link to verify your address, "
            "then sign in.",
        )
        login_url, next_url = reverse("accounts:login"), _safe_next(request)
        return redirect(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)
    return render(request, "accounts/register.html", {"form": form, "next": _safe_next(request)})


class LoginView(auth_views.LoginView):
    """Django's login (session key rotated by `login()`, safe `next` only) with our throttled form."""

    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule since 5.0): a link or image cannot sign anyone out."""


def verify(request, token):
    try:
        user = services.verify_email(token=token)
    except InvalidToken as error:
        return render(request, "accounts/verify_failed.html", {"reason": str(error)}, status=400)
    messages.success(request, f"Thank you, {user.email} is verified.")
    return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")


@require_http_methods(["GET", "POST"])
def verify_resend(request):
    user = request.user if request.user.is_authenticated else None
    form = None if user else ResendVerificationForm(request.POST or None)
    if request.method == "POST":
        if user is None and form.is_valid():
            user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
            sent_to = form.cleaned_data["email"]
        elif user is not None:
            sent_to = user.email
        else:
            return render(request, "accounts/verify_resend.html", {"form": form})
        # One mail a minute per account, so the form cannot be used to flood someone's inbox.
        if user is not None and not user.email_verified and cache.add(f"accounts:resend:{user.pk}", 1, 60):
            emails.send_verification_email(request=request, user=user)
        # The same answer whether or not the address has an account.
        messages.success(request, f"If {sent_to} needs verifying, a new link is on its way.")
        return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/verify_resend.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_profile(
            user=request.user, first_name=data["first_name"], last_name=data["last_name"], phone=data["phone"]
        )
        if form.email_changed:
            emails.send_email_change_email(request=request, user=request.user, new_email=data["email"])
            messages.info(request, f"We have sent a link to {data['email']}. Your email changes once you follow it.")
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def email_change_confirm(request, token):
    try:
        user, old_email = services.confirm_email_change(token=token)
    except InvalidToken as error:
        return render(request, "accounts/verify_failed.html", {"reason": str(error)}, status=400)
    except services.EmailTaken:
        return render(
            request, "accounts/verify_failed.html", {"reason": "Another account now uses that address."}, status=400
        )
    if old_email != user.email:
        # The old address hears about it, in case someone else made the change.
        emails.send_email_changed_notice(request=request, user=user, old_email=old_email)
    messages.success(request, f"Your email address is now {user.email}.")
    return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # A new password hash signs out every other session of this user; keep this one.
        update_session_auth_hash(request, user)
        messages.success(request, "Your password is changed. Other devices have been signed out.")
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


class StoreEmailContextMixin:
    def form_valid(self, form):
        self.extra_email_context = emails.branding_context(self.request)
        return super().form_valid(form)


class PasswordResetView(StoreEmailContextMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def address_list(request):
    return render(request, "accounts/address_list.html", {"addresses": selectors.addresses_for(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, address_id=None):
    address = selectors.address_for(user=request.user, address_id=address_id) if address_id else None
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        services.save_address(user=request.user, data=form.cleaned_data, address=address)
        messages.success(request, "Address saved.")
        return redirect(_safe_next(request) or "accounts:addresses")
    return render(
        request, "accounts/address_form.html", {"form": form, "address": address, "next": _safe_next(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def address_delete(request, address_id):
    address = selectors.address_for(user=request.user, address_id=address_id)
    if request.method == "POST":
        services.delete_address(user=request.user, address_id=address.pk)
        messages.success(request, "Address deleted.")
        return redirect("accounts:addresses")
    return render(request, "accounts/address_confirm_delete.html", {"address": address})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, "Your account has been deleted. Thank you for shopping with us.")
        return redirect(settings.LOGOUT_REDIRECT_URL or "/")
    return render(request, "accounts/account_delete.html", {"form": form})
