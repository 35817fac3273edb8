"""A development stand-in for PayPal, so `make run` can complete a purchase with no network.

Active only when DEBUG and PAYPAL_TEST are both on. It plays PayPal's two parts: it sends a
web_accept IPN exactly as PayPal formats one (form-encoded, with `charset`) to the shop's
notify_url, and it answers the shop's verification postback, saying VERIFIED only for IPNs it
signed itself.
"""

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

CHARSET = "windows-1252"
SIGNATURE_FIELD = "verify_sign"
_SALT = "commerce.payments.standin"


def stand_in_enabled() -> bool:
    return bool(settings.DEBUG and settings.PAYPAL_TEST)


def build_ipn_body(*, form_data, payer_email: str, first_name: str, last_name: str) -> bytes:
    """A signed web_accept IPN body for the Buy Now form fields `form_data`."""
    paypal_time = timezone.now().astimezone(ZoneInfo("America/Los_Angeles"))
    amount = form_data.get("amount", "")
    fields = {
        "mc_gross": amount,
        "protection_eligibility": "Eligible",
        "address_status": "confirmed",
        "payer_id": "STANDIN" + get_random_string(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
        "address_street": "1 Main St",
        "payment_date": paypal_time.strftime("%H:%M:%S %b %d, %Y ") + paypal_time.tzname(),
        "payment_status": "Completed",
        "charset": CHARSET,
        "address_zip": "95131",
        "first_name": first_name,
        "mc_fee": "0.00",
        "address_country_code": "US",
        "address_name": f"{first_name} {last_name}".strip(),
        "notify_version": "3.9",
        "custom": form_data.get("custom", ""),
        "payer_status": "verified",
        "business": form_data.get("business", ""),
        "address_country": "United States",
        "address_city": "San Jose",
        "quantity": "1",
        "payer_email": payer_email,
        "txn_id": get_random_string(17, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"),
        "payment_type": "instant",
        "last_name": last_name,
        "address_state": "CA",
        "receiver_email": form_data.get("business", ""),
        "payment_fee": "",
        "receiver_id": "STANDINRECEIVER",
        "txn_type": "web_accept",
        "item_name": form_data.get("item_name", ""),
        "mc_currency": form_data.get("currency_code", ""),
        "item_number": form_data.get("item_number", ""),
        "residence_country": "US",
        "test_ipn": "1",
        "handling_amount": "0.00",
        "transaction_subject": "",
        "payment_gross": "",
        "shipping": "0.00",
        "ipn_track_id": get_random_string(13, "abcdef0123456789"),
        "invoice": form_data.get("invoice", ""),
    }
    unsigned = urlencode(fields, encoding=CHARSET, errors="replace")
    return f"{unsigned}&{SIGNATURE_FIELD}={_signature(unsigned)}".encode("ascii")


def postback_is_genuine(body: bytes) -> bool:
    """Whether a verification postback (`cmd=_notify-validate&<IPN>`) carries an IPN we signed."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return False
    parts = text.split("&")
    if not parts or parts[0] != "cmd=_notify-validate":
        return False
    signatures = [p for p in parts[1:] if p.startswith(f"{SIGNATURE_FIELD}=")]
    unsigned = "&".join(p for p in parts[1:] if not p.startswith(f"{SIGNATURE_FIELD}="))
    if len(signatures) != 1:
        return False
    return constant_time_compare(signatures[0].split("=", 1)[1], _signature(unsigned))


def _signature(unsigned: str) -> str:
    return salted_hmac(_SALT, unsigned, algorithm="sha256").hexdigest()
