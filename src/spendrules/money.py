"""Money: ISO 4217 minor units, explicit rounding, and allocation that conserves totals.

Conventions:

* Amounts are `decimal.Decimal` (``int`` is accepted exactly). A
  ``float`` amount raises ``TypeError`` naming the parameter; NaN and
  Infinity raise [`InvalidInputError`][spendrules.errors.InvalidInputError].
* Currencies are active ISO 4217 alphabetic codes in upper case; minor units
  come from the table shipped in the package (ISO, not CLDR display digits:
  ``IQD`` has 3, ``JPY`` 0, ``BHD`` 3). See `ISO4217_AS_OF`.
* Rounding is explicit: every function that rounds takes ``rounding=`` (one of
  the `decimal` rounding constants), default ``ROUND_HALF_UP`` (half away
  from zero, as Odoo's default and ERPNext's "Commercial Rounding").
* The caller's thread-local decimal context is never read or changed.

Examples:
    >>> from decimal import Decimal
    >>> quantize(Decimal("2.675"), "USD")
    Decimal('2.68')
    >>> allocate(Decimal("0.03"), [1, 1], "USD")
    (Decimal('0.02'), Decimal('0.01'))
    >>> minor_units("IQD"), minor_units("JPY")
    (3, 0)

References:
    ISO 4217:2015 Codes for the representation of currencies, List One, as
    maintained by the ISO 4217 Maintenance Agency (SIX Financial Information AG).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

from spendrules._checks import check_currency, check_decimal, check_int
from spendrules._decimal import CONTEXT
from spendrules._enums import SpendEnum
from spendrules._iso4217 import AS_OF, MINOR_UNITS
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "ISO4217_AS_OF",
    "ROUNDING_MODES",
    "AllocationMethod",
    "allocate",
    "currencies",
    "from_minor_units",
    "minor_units",
    "quantize",
    "to_minor_units",
]

#: Date up to which the shipped ISO 4217 table follows List One.
ISO4217_AS_OF: Final = AS_OF

#: The rounding modes accepted by every ``rounding=`` parameter.
ROUNDING_MODES: Final = frozenset(
    {
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_UP,
        decimal.ROUND_DOWN,
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
        decimal.ROUND_05UP,
    }
)

_QUANTA: Final = {digits: Decimal(1).scaleb(-digits) for digits in set(MINOR_UNITS.values())}
_ONE: Final = Decimal(1)


class AllocationMethod(SpendEnum):
    """How [`allocate`][spendrules.money.allocate] places the minor units that rounding leaves over.

    Attributes:
        LARGEST_REMAINDER: Every part gets the floor of its exact share (in minor
            units, towards zero); the units left go one each to the parts with the
            largest remainders, earlier parts first on ties. No part differs from
            its exact share by a full minor unit or more.
        LAST: Every part but the last one with a non-zero weight is its exact
            share rounded on its own with ``rounding`` (as [`quantize`][spendrules.money.quantize] would
            round that signed amount); the last part with a non-zero weight absorbs
            the difference (Odoo's "last installment absorbs the rounding"), so
            zero weights still get zero parts. That part may differ from its share
            by several units, and can even take the other sign: 0.05 USD in nine
            equal parts is eight parts of 0.01 and a last part of -0.03.
    """

    LARGEST_REMAINDER = "largest_remainder"
    LAST = "last"


def _check_rounding(rounding: object) -> str:
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
    return str(rounding)


def currencies() -> frozenset[str]:
    """Return the active ISO 4217 codes the package knows.

    Examples:
        >>> "EUR" in currencies(), "XAU" in currencies()
        (True, False)
    """
    return frozenset(MINOR_UNITS)


def minor_units(currency: str) -> int:
    """Return the ISO 4217 minor units (decimal places) of ``currency``.

    Args:
        currency: Active ISO 4217 alphabetic code, upper case.

    Returns:
        The exponent: 2 for USD, 0 for JPY, 3 for BHD and IQD, 4 for CLF.

    Raises:
        UnknownCurrencyError: ``currency`` is not an active code (including
            lower-case spellings and the ``N.A.`` codes such as XAU).
        TypeError: ``currency`` is not a ``str``.

    Examples:
        >>> minor_units("BHD")
        3
        >>> minor_units("usd")
        Traceback (most recent call last):
        ...
        spendrules.errors.UnknownCurrencyError: currency must be an active ISO 4217 currency code: 'usd'
    """
    return MINOR_UNITS[check_currency(currency, "currency")]


def quantize(
    amount: Decimal | int,
    currency: str,
    *,
    rounding: str = decimal.ROUND_HALF_UP,
) -> Decimal:
    """Round ``amount`` to the minor unit of ``currency``.

    Args:
        amount: The amount, any sign.
        currency: Active ISO 4217 code.
        rounding: A `decimal` rounding constant; default ``ROUND_HALF_UP``
            (half away from zero, so ``-0.125`` becomes ``-0.13``).

    Returns:
        ``amount`` with exactly ``minor_units(currency)`` decimal places.

    Raises:
        TypeError: ``amount`` is a ``float`` (or another non-Decimal type).
        InvalidInputError: ``amount`` is NaN or infinite, or ``rounding`` is unknown.
        UnknownCurrencyError: unknown ``currency``.

    Examples:
        >>> quantize(Decimal("0.125"), "EUR"), quantize(Decimal("0.125"), "EUR", rounding=decimal.ROUND_HALF_EVEN)
        (Decimal('0.13'), Decimal('0.12'))
        >>> quantize(Decimal("1234.5"), "JPY")
        Decimal('1235')
        >>> quantize(1.5, "USD")
        Traceback (most recent call last):
        ...
        TypeError: amount must be a Decimal or int, not float: 1.5
    """
    value = check_decimal(amount, "amount")
    mode = _check_rounding(rounding)
    quantum = _QUANTA[minor_units(currency)]
    return _quantize(value, quantum, mode, "amount")


def _quantize(value: Decimal, quantum: Decimal, rounding: str, field: str) -> Decimal:
    try:
        rounded = value.quantize(quantum, rounding=rounding, context=CONTEXT)
    except decimal.InvalidOperation:
        raise InvalidInputError(
            field, value, f"at most {CONTEXT.prec} significant digits once rounded"
        ) from None
    # No negative zero: -0.001 rounds to 0.00, not to -0.00 (which would print as "-0.00").
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _from_units(units: int, digits: int) -> Decimal:
    """Return ``units`` minor units as a Decimal with ``digits`` places, exactly (no context)."""
    return Decimal(f"{units}E-{digits}")  # parsing a literal is exact; no context involved


def to_minor_units(
    amount: Decimal | int,
    currency: str,
    *,
    rounding: str = decimal.ROUND_HALF_UP,
) -> int:
    """Return ``amount`` as an integer count of minor units (cents), rounding first.

    Examples:
        >>> to_minor_units(Decimal("12.345"), "USD")
        1235
        >>> to_minor_units(Decimal("-1.5"), "KWD")
        -1500
    """
    rounded = quantize(amount, currency, rounding=rounding)
    return int(rounded.scaleb(minor_units(currency), context=CONTEXT))


def from_minor_units(units: int, currency: str) -> Decimal:
    """Return ``units`` minor units of ``currency`` as a Decimal amount.

    Examples:
        >>> from_minor_units(1235, "USD"), from_minor_units(7, "JPY")
        (Decimal('12.35'), Decimal('7'))
    """
    count = check_int(units, "units")
    return _from_units(count, minor_units(currency))


def allocate(
    total: Decimal | int,
    weights: Iterable[Decimal | int | Fraction],
    currency: str,
    *,
    rounding: str = decimal.ROUND_HALF_UP,
    method: AllocationMethod = AllocationMethod.LARGEST_REMAINDER,
) -> tuple[Decimal, ...]:
    """Split ``total`` in proportion to ``weights``; the parts sum exactly to the rounded total.

    The total is first rounded to the currency with ``rounding``; the split is
    then done in whole minor units with exact rational shares (weights may be
    ``Fraction(1, 3)``: no 33.33 % approximation). With ``LARGEST_REMAINDER`` a
    negative total (a credit note) is split as its absolute value and negated,
    so credits mirror debits; ``LAST`` rounds each signed share with
    ``rounding``, which mirrors too for every mode but ``ROUND_CEILING`` and
    ``ROUND_FLOOR``. No intermediate is rounded to a working precision.

    Args:
        total: Amount to split, any sign.
        weights: Non-negative weights (Decimal, int or Fraction), at least one,
            with a positive sum. A zero weight gets a zero part.
        currency: Active ISO 4217 code.
        rounding: Rounding of the total (and of each part with ``method=LAST``).
        method: Where the left-over minor units go; see [`AllocationMethod`][spendrules.money.AllocationMethod].

    Returns:
        One amount per weight, in order, each with the currency's minor units,
        summing exactly to ``quantize(total, currency, rounding=rounding)``.

    Raises:
        InvalidInputError: no weights, a negative weight, weights summing to 0,
            a NaN or infinite total or weight, an unknown ``rounding`` or ``method``.
        TypeError: a ``float`` (or ``bool``) total or weight, or ``weights`` not
            an iterable.
        UnknownCurrencyError: unknown ``currency``.

    Examples:
        >>> from fractions import Fraction
        >>> allocate(Decimal("100.00"), [Fraction(1, 3)] * 3, "USD")
        (Decimal('33.34'), Decimal('33.33'), Decimal('33.33'))
        >>> allocate(Decimal("-0.05"), [1, 1], "EUR")
        (Decimal('-0.03'), Decimal('-0.02'))
        >>> allocate(Decimal("100"), [1, 1, 1], "USD", method=AllocationMethod.LAST)
        (Decimal('33.33'), Decimal('33.33'), Decimal('33.34'))
    """
    mode = _check_rounding(rounding)
    digits = minor_units(currency)
    weight_list = _weight_list(weights)
    numerators = _integer_weights(weight_list)
    weight_sum = sum(numerators)
    if weight_sum == 0:
        raise InvalidInputError("weights", weight_list, "weights with a positive sum")
    try:
        method = AllocationMethod(method)
    except ValueError:
        raise InvalidInputError(
            "method", method, "an AllocationMethod ('largest_remainder' or 'last')"
        ) from None
    rounded_total = _quantize(check_decimal(total, "total"), _QUANTA[digits], mode, "total")
    units = int(rounded_total.scaleb(digits, context=CONTEXT))
    if method is AllocationMethod.LARGEST_REMAINDER:
        sign = -1 if units < 0 else 1
        parts = [sign * part for part in _largest_remainder(abs(units), numerators, weight_sum)]
    else:
        parts = _last_absorbs(units, numerators, weight_sum, mode)
    return tuple(_from_units(part, digits) for part in parts)


def _weight_list(weights: object) -> list[Decimal | int | Fraction]:
    if isinstance(weights, str | bytes) or not isinstance(weights, Iterable):
        raise TypeError(
            f"weights must be an iterable of Decimal, int or Fraction, "
            f"not {type(weights).__name__}: {_shown(weights)}"
        )
    return list(weights)


def _integer_weights(weights: Sequence[Decimal | int | Fraction]) -> list[int]:
    """Return the weights scaled to integers with the same ratios (exactly)."""
    ratios: list[tuple[int, int]] = []
    for index, weight in enumerate(weights):
        if isinstance(weight, int) and not isinstance(weight, bool):
            ratio = (weight, 1)
        elif isinstance(weight, Fraction):
            ratio = (weight.numerator, weight.denominator)
        else:
            ratio = check_decimal(weight, f"weights[{index}]").as_integer_ratio()
        if ratio[0] < 0:
            raise InvalidInputError(f"weights[{index}]", weight, ">= 0")
        ratios.append(ratio)
    if not ratios:
        raise InvalidInputError("weights", [], "at least one weight")
    common = math.lcm(*(den for _, den in ratios))
    return [num * (common // den) for num, den in ratios]


def _largest_remainder(units: int, numerators: Sequence[int], weight_sum: int) -> list[int]:
    parts: list[int] = []
    remainders: list[int] = []
    for numerator in numerators:
        part, remainder = divmod(units * numerator, weight_sum)
        parts.append(part)
        remainders.append(remainder)
    left = units - sum(parts)
    if left:
        by_remainder = sorted(
            range(len(parts)), key=lambda i: -remainders[i]
        )  # stable: ties keep order
        for index in by_remainder[:left]:
            parts[index] += 1
    return parts


def _last_absorbs(
    units: int, numerators: Sequence[int], weight_sum: int, rounding: str
) -> list[int]:
    """Round every share but the last weighted one on its own; that one takes the rest."""
    last = max(index for index, numerator in enumerate(numerators) if numerator)
    parts = [
        0 if index == last else _round_ratio(units * numerator, weight_sum, rounding)
        for index, numerator in enumerate(numerators)
    ]
    parts[last] = units - sum(parts)
    return parts


def _round_ratio(numerator: int, denominator: int, rounding: str) -> int:
    """Round ``numerator / denominator`` (``denominator > 0``) to an integer, exactly.

    The quotient is not computed in a finite precision (which could round
    0.4999... up to 0.5 before the real rounding): a stand-in with the same
    sign, the same integer part and the same side of one half is rounded instead.
    """
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 < denominator:
        fraction = "25" if remainder else "0"
    else:
        fraction = "5" if remainder * 2 == denominator else "75"
    stand_in = Decimal(f"{'-' if numerator < 0 else ''}{quotient}.{fraction}")
    return int(stand_in.quantize(_ONE, rounding=rounding, context=CONTEXT))
