"""Amounts are integers in minor units of a known currency; floats and negatives are refused."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from sentinelle.errors import InputError
from sentinelle.funds.money import (
    Rate,
    check_minor,
    convert_minor,
    format_amount,
    parse_amount,
    parse_rate,
)


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("2500.50", "EUR", 250050), ("1000000", "XOF", 1000000), ("0.125", "KWD", 125),
     ("1,000.00", "usd", 100000), ("7", "EUR", 700)],
)  # fmt: skip
def test_decimal_text_becomes_minor_units(text: str, currency: str, minor: int) -> None:
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [("-5", "EUR", "negative"), ("0", "EUR", "zero"), ("5.001", "EUR", "more decimals"),
     ("1.5", "XOF", "more decimals"), ("1e3", "EUR", "plain decimal"), (2.5, "EUR", "float"),
     ("10", "XQQ", "unknown currency"), ("ten", "EUR", "plain decimal")],
)  # fmt: skip
def test_bad_amounts_are_refused_with_a_reason(text: object, currency: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_amount(text, currency)


@pytest.mark.parametrize("value", [1.0, True, "12", -1])
def test_minor_units_must_be_a_positive_int(value: object) -> None:
    with pytest.raises(InputError):
        check_minor(value)


def test_conversion_is_exact_and_rounds_up_when_reserving() -> None:
    rate = Rate("EUR", "XOF", parse_rate("655.957"), dt.date(2015, 1, 1))
    assert convert_minor(100, rate) == 656  # 1.00 EUR -> 655.957 XOF, half-even to 656
    back = Rate("XOF", "EUR", 1 / rate.value, rate.valid_on)
    assert convert_minor(655_957, back) == 100_000  # 655,957 XOF is exactly 1,000.00 EUR
    assert convert_minor(1, back, round_up=True) == 1  # 1 XOF reserves a whole cent


def test_rates_are_exact_fractions_and_floats_are_refused() -> None:
    assert parse_rate("655.957") == Fraction(655957, 1000)
    with pytest.raises(InputError, match="float"):
        parse_rate(655.957)


def test_amounts_print_in_major_units() -> None:
    assert format_amount(250050, "EUR") == "2500.50 EUR"
    assert format_amount(1000, "XOF") == "1000 XOF"
