"""Money as customers and staff read it: the store's locale and currency, e.g. "€1,234.50".

Amounts are Decimals with two places (settings.MONEY_QUANTUM). Formatting goes through Babel
(CLDR data), so another STORE_LOCALE or STORE_CURRENCY needs no code. The result never breaks
across lines: any space CLDR puts between the number and the symbol is a no-break space.
"""

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import format_currency
from django.conf import settings

NO_BREAK_SPACE = "\u00a0"


def format_money(value, currency: str | None = None) -> str:
    """`value` (Decimal, int or numeric string) in `currency` (the store's by default); "" if not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(settings.MONEY_QUANTUM)
    except (InvalidOperation, ValueError):
        return ""
    return _formatted(str(amount), currency or settings.STORE_CURRENCY, settings.STORE_LOCALE)


@lru_cache(maxsize=4096)
def _formatted(amount: str, currency: str, locale: str) -> str:
    # Remembered: a listing shows the same prices again and again, and Babel works the locale's
    # pattern out anew on every call (a tenth of a product card's render). Keyed on the text, as
    # Decimal("-0.00") == Decimal("0.00").
    text = format_currency(Decimal(amount), currency, locale=locale)
    return text.replace(" ", NO_BREAK_SPACE).replace("\u202f", NO_BREAK_SPACE)
