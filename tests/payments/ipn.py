"""IPN bodies as PayPal sends them: form-encoded bytes in the charset the body names."""

from urllib.parse import urlencode

CHARSET = "windows-1252"


def web_accept_params(order, **overrides) -> dict:
    params = {
        "mc_gross": f"{order.total:.2f}",
        "protection_eligibility": "Eligible",
        "address_status": "confirmed",
        "payer_id": "LPLWNMTBWMFAY",
        "tax": "0.00",
        "address_street": "1 Main St",
        "payment_date": "20:12:59 Jan 13, 2009 PST",
        "payment_status": "Completed",
        "charset": CHARSET,
        "address_zip": "95131",
        "first_name": "Jörg",
        "mc_fee": "0.88",
        "address_country_code": "US",
        "address_name": "Jörg Müller",
        "notify_version": "2.6",
        "custom": "",
        "payer_status": "verified",
        "business": "payments@example.com",
        "address_country": "United States",
        "address_city": "San Jose",
        "quantity": "1",
        "verify_sign": "AtkOfCXbDm2hu0ZELryHFjY-Vb7PAUvS6nMXgysbElEn9v-1XcmSoGtf",
        "payer_email": "gpmac_1231902590_per@paypal.com",
        "txn_id": "61E67681CH3238416",
        "payment_type": "instant",
        "last_name": "Müller",
        "address_state": "CA",
        "receiver_email": "payments@example.com",
        "payment_fee": "0.88",
        "receiver_id": "S8XGHLYDW9T3S",
        "txn_type": "web_accept",
        "item_name": f"Order {order.reference}",
        "mc_currency": order.currency,
        "item_number": "",
        "residence_country": "US",
        "test_ipn": "1",
        "handling_amount": "0.00",
        "transaction_subject": "",
        "payment_gross": "",
        "shipping": "0.00",
        "ipn_track_id": "545a1e8f4d7e4",
        "invoice": order.reference,
    }
    params.update(overrides)
    return params


def refund_params(order, *, parent_txn_id, **overrides) -> dict:
    params = web_accept_params(
        order,
        payment_status="Refunded",
        txn_id="9J512302NL5730413",
        parent_txn_id=parent_txn_id,
        reason_code="refund",
        mc_gross=f"-{order.total:.2f}",
        mc_fee="-0.88",
    )
    del params["txn_type"]
    params.update(overrides)
    return params


def encode(params: dict, charset: str = CHARSET) -> str:
    body = urlencode({k: v for k, v in params.items() if v is not None}, encoding=charset)
    return body


def post_ipn(client, params: dict, charset: str = CHARSET):
    return client.post(
        "/paypal/", encode({**params, "charset": charset}, charset), content_type="application/x-www-form-urlencoded"
    )
