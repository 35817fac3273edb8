from .models import CannedReply

DEMO_CANNED_REPLIES = [
    (
        "Delivery times",
        "Orders placed before 2 pm on a working day leave the same day; Standard delivery takes 2-3 "
        "working days and Express the next working day. You can follow your parcel from your order page.",
    ),
    (
        "Returns",
        "You can return anything unused within 30 days. Write to us with your order reference and we "
        "will send you a return label; the refund follows as soon as the parcel is back with us.",
    ),
]


def seed_canned_replies(*, stdout=None) -> None:
    for title, body in DEMO_CANNED_REPLIES:
        CannedReply.objects.get_or_create(title=title, defaults={"body": body})
