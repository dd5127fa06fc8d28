"""Units, precision and validation shared by the inventory rules (private).

Precision (stated once, used everywhere):

* **Quantities** (units of stock, demand over an interval, safety stock,
  reorder points, buckets) are ``Decimal`` with [`QUANTITY_PLACES`][spendrules.inventory.QUANTITY_PLACES]
  decimal places. Quantities that come out of a split are never rounded
  again: the buckets sum exactly to the on-hand quantity.
* **Statistics** (z, probabilities, loss-function values, fill rates, mean
  and standard deviation of a demand series, ADI, CV²) are computed in
  binary floating point by `statistics.NormalDist` and `math`
  where the standard library only offers floats, then converted explicitly
  with ``Decimal(repr(x))`` and rounded half-even to
  [`STATISTIC_DIGITS`][spendrules.inventory.STATISTIC_DIGITS] significant digits (the digits an IEEE 754
  double is guaranteed to carry, ``sys.float_info.dig``).
* **Money** is rounded to the currency's ISO 4217 minor units, half up, once,
  at the output boundary ([`spendrules.money.quantize`][spendrules.money.quantize] and
  [`spendrules.money.allocate`][spendrules.money.allocate]).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from decimal import Context, Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeVar, cast

from spendrules._checks import check_decimal, check_non_negative, check_positive
from spendrules._decimal import CONTEXT
from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError

__all__ = [
    "QUANTITY_PLACES",
    "QUANTITY_QUANTUM",
    "STATISTIC_DIGITS",
    "TimeUnit",
    "as_float",
    "check_days_per_year",
    "check_open_fraction",
    "dec",
    "enum_validator",
    "enum_value",
    "lenient_enum",
    "non_negative",
    "opt_dec",
    "opt_non_negative",
    "quantity",
    "ratio_to_decimal",
    "round_statistic",
    "statistic",
    "unit_factor",
    "unit_ratio",
]

#: Decimal places of every quantity in a result (units of stock).
QUANTITY_PLACES = 6
#: ``Decimal("0.000001")``: the quantum of [`QUANTITY_PLACES`][spendrules.inventory.QUANTITY_PLACES].
QUANTITY_QUANTUM = Decimal(1).scaleb(-QUANTITY_PLACES)
#: Significant digits kept when a float statistic becomes a Decimal.
STATISTIC_DIGITS = 15

_STATISTIC_CONTEXT = Context(prec=STATISTIC_DIGITS, rounding=decimal.ROUND_HALF_EVEN)


class TimeUnit(SpendEnum):
    """The time unit of a rate or a duration.

    Conversions go through days: a week is 7 days, a year is ``days_per_year``
    days (a parameter, default 365) and a month is a twelfth of a year, so a
    month to a year is exactly 1/12 whatever the day basis.

    Attributes:
        DAY: One calendar day.
        WEEK: Seven days.
        MONTH: A twelfth of a year (30.4167 days on a 365-day year).
        YEAR: ``days_per_year`` days.
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def _days(unit: TimeUnit, days_per_year: Decimal) -> Fraction:
    if unit is TimeUnit.DAY:
        return Fraction(1)
    if unit is TimeUnit.WEEK:
        return Fraction(7)
    year = Fraction(days_per_year)
    return year / 12 if unit is TimeUnit.MONTH else year


def unit_ratio(source: TimeUnit, target: TimeUnit, days_per_year: Decimal) -> Fraction:
    """Return how many ``target`` units one ``source`` unit lasts (exact)."""
    return _days(source, days_per_year) / _days(target, days_per_year)


def ratio_to_decimal(value: Fraction) -> Decimal:
    """Return a Fraction as a Decimal in the 60-digit context (exact when it terminates)."""
    return CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


#: ``unit_factor`` on the default 365-day basis, computed once (a constant table).
_FACTORS_365 = MappingProxyType(
    {
        (source, target): ratio_to_decimal(unit_ratio(source, target, Decimal(365)))
        for source in TimeUnit
        for target in TimeUnit
    }
)


def unit_factor(source: TimeUnit, target: TimeUnit, days_per_year: Decimal) -> Decimal:
    """Return `unit_ratio` as a Decimal (60 digits), from a table for 365 days."""
    if days_per_year == 365:
        return _FACTORS_365[source, target]
    return ratio_to_decimal(unit_ratio(source, target, days_per_year))


def check_days_per_year(value: object) -> Decimal:
    """Validate the ``days_per_year`` convention (a positive number, 365 by default)."""
    return check_positive(value, "days_per_year")


def check_open_fraction(value: object, field: str) -> Decimal:
    """Return a probability strictly between 0 and 1 (a fraction, not a percent).

    The probability must also stay strictly inside (0, 1) as a double, since
    the normal and Poisson quantiles are computed in floating point.
    """
    number = check_decimal(value, field)
    if not 0 < number < 1:
        raise InvalidInputError(field, value, "a fraction strictly between 0 and 1 (95 % is 0.95)")
    if not 0.0 < float(number) < 1.0:
        raise InvalidInputError(
            field, value, "a fraction a double can tell apart from 0 and 1 (within 1e-16)"
        )
    return number


def as_float(value: Decimal, field: str) -> float:
    """Return ``value`` as a finite float, or raise naming ``field``."""
    number = float(value)
    if not math.isfinite(number):
        raise InvalidInputError(field, value, "within the range of a double (|x| < 1e308)")
    return number


def statistic(value: float) -> Decimal:
    """Convert a float statistic: ``Decimal(repr(x))`` rounded to 15 significant digits."""
    return _STATISTIC_CONTEXT.create_decimal(repr(value))


def round_statistic(value: Decimal) -> Decimal:
    """Round an exact Decimal statistic to [`STATISTIC_DIGITS`][spendrules.inventory.STATISTIC_DIGITS] significant digits."""
    return _STATISTIC_CONTEXT.plus(value)


def quantity(value: Decimal, rounding: str = decimal.ROUND_HALF_EVEN) -> Decimal:
    """Round a quantity to [`QUANTITY_PLACES`][spendrules.inventory.QUANTITY_PLACES] decimal places (never ``-0``)."""
    rounded = value.quantize(QUANTITY_QUANTUM, rounding=rounding, context=CONTEXT)
    return rounded.copy_abs() if rounded.is_zero() else rounded


# attrs converters: ints become Decimals; anything else is passed on unchanged so
# that the field's validator can raise a TypeError that names the field.


def dec(value: Decimal | int) -> Decimal:
    """attrs converter: an ``int`` becomes an exact ``Decimal``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return cast(Decimal, value)


def opt_dec(value: Decimal | int | None) -> Decimal | None:
    """attrs converter: like `dec`, keeping ``None``."""
    return None if value is None else dec(value)


def non_negative(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a finite Decimal ``>= 0``."""
    check_non_negative(value, attribute.name)


def opt_non_negative(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or a finite Decimal ``>= 0``."""
    if value is not None:
        check_non_negative(value, attribute.name)


_E = TypeVar("_E", bound=StrEnum)


def enum_value(kind: type[_E], value: Any, field: str) -> _E:
    """Return ``value`` as a member of ``kind`` (a member or its value), or raise naming ``field``.

    Examples:
        >>> enum_value(TimeUnit, "week", "period")
        <TimeUnit.WEEK: 'week'>
        >>> enum_value(TimeUnit, "fortnight", "period")
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: period must be one of 'day', 'week', 'month', 'year': 'fortnight'
    """
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in kind)
        raise InvalidInputError(field, value, f"one of {allowed}") from None


def lenient_enum(kind: type[_E], value: Any) -> Any:
    """attrs converter body: the member of ``kind`` for a valid value, else ``value`` unchanged.

    The field's `enum_validator` then raises naming the field.
    """
    try:
        return kind(value)
    except ValueError:
        return value


def enum_validator(kind: type[_E], *, optional: bool = False) -> Callable[[Any, Any, Any], None]:
    """Return an attrs validator raising [`InvalidInputError`][spendrules.errors.InvalidInputError] naming the field."""

    def validate(_instance: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        enum_value(kind, value, attribute.name)

    return validate
