from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from . import throttling
from .emails import send_templated_email
from .models import Address, User
from .services import email_in_use


class RegistrationForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    first_name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(
        max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self):
        # Whether the address already has an account is never said here (the view mails its owner).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class EmailLoginForm(AuthenticationForm):
    """Email + password; says plainly when throttling refuses (the backend enforces it)."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account.",
        "throttled": "Too many failed sign-in attempts. Please wait %(minutes)s minutes or reset your password.",
        "slowed": "This account is receiving many sign-in attempts. Please try again in a few seconds.",
    }

    def clean(self):
        self.cleaned_data["username"] = (self.cleaned_data.get("username") or "").strip().lower()
        # The backend decides (and marks the request); failures are counted by the
        # user_login_failed signal (commerce/accounts/signals.py), so every sign-in path counts.
        try:
            return super().clean()
        except forms.ValidationError:
            reason = getattr(self.request, "login_refusal", None)
            if reason == throttling.SLOWED:
                raise forms.ValidationError(self.error_messages["slowed"], code="throttled") from None
            if reason == throttling.LOCKED:
                raise forms.ValidationError(
                    self.error_messages["throttled"],
                    code="throttled",
                    params={"minutes": max(1, settings.ACCOUNTS_LOGIN_LOCKOUT_SECONDS // 60)},
                ) from None
            raise


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(
        max_length=254,
        help_text="If you change it, we email a link to the new address; it takes effect once confirmed.",
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        kwargs.setdefault(
            "initial",
            {"first_name": user.first_name, "last_name": user.last_name, "phone": user.phone, "email": user.email},
        )
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email != self.user.email and email_in_use(email=email, exclude_user=self.user):
            raise forms.ValidationError("Another account already uses this email address.")
        return email

    @property
    def email_changed(self) -> bool:
        return self.cleaned_data["email"] != self.user.email


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = [
            "full_name",
            "line1",
            "line2",
            "city",
            "postcode",
            "region",
            "country",
            "phone",
            "is_default_shipping",
        ]


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class ResendVerificationForm(forms.Form):
    """Used when signed out; signed-in users resend for their own address with no field."""

    email = forms.EmailField(max_length=254)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form; its email (accounts/email/password_reset*) is queued like every account email."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        send_templated_email(request=None, to=to_email, template="password_reset", context=context)
