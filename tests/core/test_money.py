"""Money reads as the store's locale and currency say, and never breaks across lines."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.money import NO_BREAK_SPACE, format_money


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("92.85"), "€92.85"),
        (Decimal("1234.5"), "€1,234.50"),
        (Decimal("0"), "€0.00"),
        ("12", "€12.00"),
        (Decimal("1234567.891"), "€1,234,567.89"),
    ],
)
def test_amounts_read_in_the_store_locale_and_currency(amount, expected):
    assert format_money(amount) == expected


def test_not_a_number_reads_as_nothing():
    assert format_money(None) == ""
    assert format_money("") == ""
    assert format_money("n/a") == ""


def test_another_locale_keeps_number_and_symbol_together(settings):
    settings.STORE_LOCALE = "de_DE"
    assert format_money(Decimal("1234.5")) == f"1.234,50{NO_BREAK_SPACE}€"
    settings.STORE_LOCALE = "en_IE"
    assert format_money(Decimal("10"), "GBP") == "£10.00"
    assert " " not in format_money(Decimal("10"), "CHF")


def test_the_money_filter_takes_an_optional_currency():
    html = Template("{% load money %}{{ a|money }} {{ a|money:'USD' }} {{ b|money }}").render(
        Context({"a": Decimal("1234.5"), "b": None})
    )
    assert html == "€1,234.50 US$1,234.50 "
