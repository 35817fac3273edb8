import secrets

from django import forms
from django.core import signing

from commerce.accounts.models import Address
from commerce.orders.models import PaymentMethod, ShippingMethod

ADDRESS_FIELDS = ["full_name", "line1", "line2", "city", "postcode", "region", "country", "phone"]


class NewAddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ADDRESS_FIELDS


class CheckoutForm(forms.Form):
    email = forms.EmailField(label="Contact email")
    address = forms.ModelChoiceField(
        queryset=Address.objects.none(), required=False, empty_label="A new address", label="Ship to"
    )
    save_address = forms.BooleanField(required=False, label="Save this address to my address book")
    shipping_method = forms.ModelChoiceField(
        queryset=ShippingMethod.objects.filter(is_active=True), empty_label=None, widget=forms.RadioSelect
    )
    payment_method = forms.ChoiceField(choices=PaymentMethod.choices, widget=forms.RadioSelect)
    checkout_token = forms.CharField(widget=forms.HiddenInput)
    reviewed_lines = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, session_key: str | None = None, **kwargs):
        """`user` is the signed-in customer (saved addresses), or None for a guest, whose form's
        token is signed for their session (`session_key`)."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.token_signer = signing.Signer(salt=f"checkout-token:{session_key}")
        if user is not None:
            addresses = user.addresses.all()
            self.fields["address"].queryset = addresses
            self.fields["address"].initial = next((a.pk for a in addresses if a.is_default_shipping), None)
            self.fields["email"].initial = user.email
        else:
            del self.fields["address"], self.fields["save_address"]
        self.fields["payment_method"].initial = PaymentMethod.PAYPAL
        self.fields["shipping_method"].initial = self.fields["shipping_method"].queryset.first()
        # A token already placed finds its order again (a form posted twice). Guests have no account
        # to tell whose order that is, so theirs is signed for their session: another guest who got
        # hold of it cannot claim someone else's order with it.
        self.fields["checkout_token"].initial = (
            secrets.token_urlsafe(24) if user is not None else self.token_signer.sign(secrets.token_urlsafe(12))
        )
        self.new_address = NewAddressForm(*args, prefix="new", **kwargs)

    def clean_checkout_token(self):
        token = self.cleaned_data["checkout_token"]
        if self.user is None:
            try:
                self.token_signer.unsign(token)
            except signing.BadSignature as error:
                raise forms.ValidationError("This checkout form is no longer valid. Please start again.") from error
        return token

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("address") and not self.new_address.is_valid():
            self.add_error(
                None,
                "Please fill in your shipping address."
                if self.user is None
                else "Please choose a saved address or fill in a new one.",
            )
        return cleaned

    def shipping_address(self) -> Address:
        """The chosen saved address, or the new one (saved to the book when asked)."""
        if self.cleaned_data.get("address"):
            return self.cleaned_data["address"]
        address = self.new_address.save(commit=False)
        address.user = self.user
        if self.user is not None and self.cleaned_data.get("save_address"):
            address.save()
        return address
