"""Private input checks shared by every rule family.

Each check takes the value and the public name of the field it came from,
returns the value in canonical form, and raises:

* ``TypeError`` naming the field for a wrong type (a ``float`` amount, a
  ``datetime`` or ``str`` where a ``date`` belongs, a ``bool`` where a number
  belongs): spendrules never coerces silently;
* [`InvalidInputError`][spendrules.errors.InvalidInputError] for a value of the right type
  that breaks a constraint (NaN, Infinity, a negative quantity, ...).

The ``attrs`` validators at the bottom wrap the same checks for value objects.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, TypeVar

from spendrules._iso4217 import MINOR_UNITS
from spendrules.errors import InvalidInputError, UnknownCurrencyError, _shown

__all__ = [
    "check_currency",
    "check_date",
    "check_decimal",
    "check_fraction",
    "check_int",
    "check_non_negative",
    "check_positive",
    "check_ratio",
    "to_enum",
]

_E = TypeVar("_E", bound=Enum)


#: Largest adjusted exponent of an accepted number: magnitudes below 10**101.
MAX_ADJUSTED = 100
#: Smallest exponent of an accepted number: at most 1000 decimal places.
MIN_EXPONENT = -1000
_INT_LIMIT = 10 ** (MAX_ADJUSTED + 1)
_RANGE = "a number below 10**101 in magnitude with at most 1000 decimal places"


def _type_error(field: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{field} must be {expected}, not {type(value).__name__}: {_shown(value)}")


def check_decimal(value: object, field: str) -> Decimal:
    """Return ``value`` as a finite ``Decimal``; ``int`` is accepted exactly.

    Examples:
        >>> check_decimal(3, "qty")
        Decimal('3')
        >>> check_decimal(0.1, "amount")
        Traceback (most recent call last):
        ...
        TypeError: amount must be a Decimal or int, not float: 0.1

        Numbers far outside any amount, quantity or rate are refused before
        arithmetic on them could overflow or run for minutes:

        >>> check_decimal(Decimal("1E+999999"), "cost_of_capital")
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: cost_of_capital must be a number below 10**101 in magnitude with at most 1000 decimal places: Decimal('1E+999999')
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError(field, value, "a finite number")
        adjusted = value.adjusted()
        exponent = adjusted - len(value.as_tuple().digits) + 1
        if adjusted > MAX_ADJUSTED or exponent < MIN_EXPONENT:
            raise InvalidInputError(field, value, _RANGE)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= _INT_LIMIT:
            raise InvalidInputError(field, value, _RANGE)
        return Decimal(value)
    raise _type_error(field, "a Decimal or int", value)


def check_non_negative(value: object, field: str) -> Decimal:
    """Return ``value`` as a ``Decimal`` that is ``>= 0``."""
    number = check_decimal(value, field)
    if number < 0:
        raise InvalidInputError(field, value, ">= 0")
    return number


def check_positive(value: object, field: str) -> Decimal:
    """Return ``value`` as a ``Decimal`` that is ``> 0``."""
    number = check_decimal(value, field)
    if number <= 0:
        raise InvalidInputError(field, value, "> 0")
    return number


def check_fraction(
    value: object,
    field: str,
    *,
    low: Decimal = Decimal(0),
    high: Decimal = Decimal(1),
) -> Decimal:
    """Return ``value`` as a ``Decimal`` rate in ``[low, high]`` (a fraction, not a percent).

    Examples:
        >>> check_fraction(Decimal("0.02"), "discount_rate")
        Decimal('0.02')
        >>> check_fraction(2, "discount_rate")
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: discount_rate must be a fraction between 0 and 1 (2 % is 0.02): 2
    """
    number = check_decimal(value, field)
    if not low <= number <= high:
        hint = " (2 % is 0.02)" if low == 0 and high == 1 else ""
        raise InvalidInputError(field, value, f"a fraction between {low} and {high}{hint}")
    return number


def check_ratio(value: object, field: str) -> Fraction:
    """Return a non-negative weight as an exact ``Fraction`` (Decimal, int or Fraction)."""
    number = value if isinstance(value, Fraction) else Fraction(check_decimal(value, field))
    if number < 0:
        raise InvalidInputError(field, value, ">= 0")
    return number


def check_int(value: object, field: str, *, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int`` (``bool`` is refused), optionally ``>= minimum``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise _type_error(field, "an int", value)
    if minimum is not None and value < minimum:
        raise InvalidInputError(field, value, f">= {minimum}")
    return value


def check_date(value: object, field: str) -> date:
    """Return ``value`` if it is a ``datetime.date`` (a ``datetime`` or ``str`` is refused).

    Examples:
        >>> check_date("2026-01-31", "invoice_date")
        Traceback (most recent call last):
        ...
        TypeError: invoice_date must be a datetime.date, not str: '2026-01-31'
    """
    if isinstance(value, datetime) or not isinstance(value, date):
        raise _type_error(field, "a datetime.date", value)
    return value


def check_currency(value: object, field: str) -> str:
    """Return ``value`` if it is an active ISO 4217 alphabetic code (upper case)."""
    if not isinstance(value, str):
        raise _type_error(field, "an ISO 4217 code str", value)
    if value not in MINOR_UNITS:
        raise UnknownCurrencyError(field, value)
    return value


# attrs validators -----------------------------------------------------------


def decimal_validator(_instance: Any, attribute: Any, value: object) -> None:
    """attrs validator: a finite Decimal or int."""
    check_decimal(value, attribute.name)


def non_negative_validator(_instance: Any, attribute: Any, value: object) -> None:
    """attrs validator: a finite Decimal or int ``>= 0``."""
    check_non_negative(value, attribute.name)


def date_validator(_instance: Any, attribute: Any, value: object) -> None:
    """attrs validator: a ``datetime.date`` that is not a ``datetime``."""
    check_date(value, attribute.name)


def currency_validator(_instance: Any, attribute: Any, value: object) -> None:
    """attrs validator: an active ISO 4217 code."""
    check_currency(value, attribute.name)


def to_enum(kind: type[_E], value: object, field: str) -> _E:
    """Return ``value`` as a member of ``kind``, else [`InvalidInputError`][spendrules.errors.InvalidInputError] naming ``field``.

    Used as an attrs converter (``converter=lambda v: to_enum(Stage, v, "stage")``).

    Examples:
        >>> from spendrules.results import Severity
        >>> to_enum(Severity, "x", "severity")
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: severity must be one of info, warning, error: 'x'
    """
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise InvalidInputError(field, value, f"one of {allowed}") from None
