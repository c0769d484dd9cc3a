"""Money as integers in minor units of an ISO 4217 currency, and dated exchange rates.

Floats never hold an amount: a user's amount is parsed from its decimal text into minor units,
and a rate is kept as an exact fraction, so every total in the ledger adds up to the unit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from sentinelle.errors import InputError

# ISO 4217 codes and their minor-unit exponents for the currencies a Sahel fund meets:
# the CFA francs have no minor unit; the Gulf dinars have three decimals.
CURRENCY_EXPONENTS: dict[str, int] = {
    "XOF": 0, "XAF": 0, "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "CAD": 2, "SEK": 2,
    "NOK": 2, "DKK": 2, "JPY": 0, "KRW": 0, "CNY": 2, "AUD": 2, "NZD": 2, "MAD": 2,
    "DZD": 2, "TND": 3, "MRU": 2, "NGN": 2, "GHS": 2, "GMD": 2, "GNF": 0, "SAR": 2,
    "AED": 2, "QAR": 2, "KWD": 3, "BHD": 3, "OMR": 3, "LYD": 3, "EGP": 2, "TRY": 2,
    "INR": 2, "BRL": 2, "ZAR": 2, "RUB": 2,
}  # fmt: skip
# The largest amount accepted, in minor units: it fits a signed 64-bit column with room for
# sums of many such amounts (10^15 is a thousand trillion XOF).
MAX_MINOR = 10**15
_DECIMAL_TEXT = re.compile(r"^\d+(\.\d+)?$")


def check_currency(code: Any) -> str:
    """The ISO 4217 code ``code`` upper-cased, or InputError for an unknown one."""
    if not isinstance(code, str) or code.strip().upper() not in CURRENCY_EXPONENTS:
        known = ", ".join(sorted(CURRENCY_EXPONENTS))
        raise InputError(f"unknown currency {code!r} (ISO 4217 codes known: {known})")
    return code.strip().upper()


def check_minor(amount: Any, *, what: str = "amount", allow_zero: bool = False) -> int:
    """An amount in minor units: a positive int, never a float, a bool or a negative."""
    if isinstance(amount, float):
        raise InputError(f"{what} {amount!r} is a float: give an integer or a decimal string")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InputError(f"{what} {amount!r} is not an integer number of minor units")
    if amount < 0:
        raise InputError(f"{what} {amount} is negative: amounts must be positive")
    if amount == 0 and not allow_zero:
        raise InputError(f"{what} is zero: amounts must be positive")
    if amount > MAX_MINOR:
        raise InputError(f"{what} {amount} exceeds the largest accepted ({MAX_MINOR})")
    return amount


def parse_amount(text: Any, currency: str) -> int:
    """Minor units of ``text`` (a decimal in major units, e.g. "2500.50" EUR -> 250050)."""
    code = check_currency(currency)
    if isinstance(text, float):
        raise InputError(f"amount {text!r} is a float: give it as a decimal string")
    if isinstance(text, int) and not isinstance(text, bool):
        return check_minor(text * 10 ** CURRENCY_EXPONENTS[code])
    raw = str(text).strip().replace("_", "").replace(",", "")
    if raw.startswith("-"):
        raise InputError(f"amount {text!r} is negative: amounts must be positive")
    if not _DECIMAL_TEXT.match(raw):
        raise InputError(f"amount {text!r} is not a plain decimal number (e.g. 2500.50)")
    exponent = CURRENCY_EXPONENTS[code]
    whole, _, fraction = raw.partition(".")
    if len(fraction.rstrip("0")) > exponent:
        raise InputError(f"amount {text!r} has more decimals than {code} allows ({exponent})")
    minor = int(whole) * 10**exponent + int((fraction + "0" * exponent)[:exponent] or "0")
    return check_minor(minor)


def format_amount(minor: int, currency: str) -> str:
    """``minor`` units of ``currency`` as decimal text, e.g. 250050 EUR -> "2500.50 EUR"."""
    exponent = CURRENCY_EXPONENTS[currency]
    if exponent == 0:
        return f"{minor} {currency}"
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**exponent)
    return f"{sign}{whole}.{fraction:0{exponent}d} {currency}"


@dataclass(frozen=True)
class Rate:
    """One unit of ``base`` is worth ``value`` units of ``quote`` on ``valid_on``."""

    base: str
    quote: str
    value: Fraction
    valid_on: dt.date


def parse_rate(text: Any) -> Fraction:
    """An exact positive rate from its decimal text ("655.957"); floats are refused."""
    if isinstance(text, float):
        raise InputError(f"rate {text!r} is a float: give it as a decimal string")
    raw = str(text).strip()
    if not _DECIMAL_TEXT.match(raw):
        raise InputError(f"rate {text!r} is not a plain positive decimal number")
    try:
        value = Fraction(Decimal(raw))
    except InvalidOperation:
        raise InputError(f"rate {text!r} is not a decimal number") from None
    if value <= 0:
        raise InputError(f"rate {text!r} must be positive")
    return value


def convert_minor(minor: int, rate: Rate, *, round_up: bool = False) -> int:
    """``minor`` units of ``rate.base`` in minor units of ``rate.quote`` (half-even rounding)."""
    shift = CURRENCY_EXPONENTS[rate.quote] - CURRENCY_EXPONENTS[rate.base]
    exact = Fraction(minor) * rate.value * Fraction(10) ** shift
    if round_up:
        return -((-exact.numerator) // exact.denominator)
    return round(exact)


def invert(rate: Rate) -> Rate:
    """The same rate seen from the other currency."""
    return Rate(rate.quote, rate.base, 1 / rate.value, rate.valid_on)
