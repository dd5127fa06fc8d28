"""Shares of an invoice total and early-payment discounts.

An installment's **share** is a [`Percent`][spendrules.payment_terms.Percent] (of the total), a
[`Ratio`][spendrules.payment_terms.Ratio] (an exact fraction such as 1/3), a [`FixedAmount`][spendrules.payment_terms.FixedAmount], or the
[`Remainder`][spendrules.payment_terms.Remainder] (what the other installments leave). Its early-payment
discount is either rate tiers ([`DiscountTier`][spendrules.payment_terms.DiscountTier], a rate and a deadline) or
one [`FixedDiscount`][spendrules.payment_terms.FixedDiscount] (an amount and a deadline).

Examples:
    >>> Percent(Decimal("30")).fraction(), Ratio(Fraction(1, 3)).fraction()
    (Fraction(3, 10), Fraction(1, 3))
    >>> DiscountTier(Decimal("0.02"), NetDays(10)).describe()
    '2 % discount until 10 days after the baseline date'

References:
    Odoo ``addons/account/models/account_payment_term.py`` (percent and fixed
    lines, the early discount); Tryton ``modules/account_invoice/payment_term.py``
    (exact ratios, remainder); SAP T052 (two discount tiers); ERPNext
    ``payment_term.json`` (discount type "Percentage" or "Amount").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import attrs

from spendrules._checks import check_decimal, check_ratio
from spendrules._decimal import exact
from spendrules._terms.due_rules import (
    DueRule,
    NetDays,  # noqa: F401 - the doctests use it
    _check_due,
)
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "MAX_AMOUNT",
    "MAX_PLACES",
    "DiscountTier",
    "FixedAmount",
    "FixedDiscount",
    "Percent",
    "Ratio",
    "Remainder",
    "Share",
]

_HUNDRED = Decimal(100)


# --------------------------------------------------------------------------- shares


#: Decimal places a percent, rate or fixed amount may carry (so its text stays short).
MAX_PLACES = 18
#: Fixed amounts stay below this (and ratio terms below it too).
MAX_AMOUNT = 10**18


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite Decimals only reach here
    if exponent >= 0:
        return 0
    with exact():
        exponent_normal = number.normalize().as_tuple().exponent
    assert isinstance(exponent_normal, int)  # noqa: S101 - idem
    return max(0, -exponent_normal)


def _check_places(field: str, value: object, number: Decimal, places: int) -> None:
    if _places(number) > places:
        raise InvalidInputError(field, value, f"a number with at most {places} decimal places")


def _check_percent(_instance: object, _attribute: object, value: Any) -> None:
    number = check_decimal(value, "percent")
    if not 0 < number <= _HUNDRED:
        raise InvalidInputError("percent", value, "a percent above 0 and at most 100")
    _check_places("percent", value, number, MAX_PLACES)


@attrs.frozen
class Percent:
    """A share given as a percent of the invoice total (``Decimal("33.34")``).

    Attributes:
        value: Above 0 and at most 100, with at most `MAX_PLACES` decimal places.

    Examples:
        >>> Percent(Decimal("30")).fraction()
        Fraction(3, 10)
    """

    value: Decimal = attrs.field(validator=_check_percent)

    def fraction(self) -> Fraction:
        """Return the share as an exact fraction of the total."""
        return Fraction(self.value) / 100

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{self.value} %"


def _to_ratio(value: object) -> Fraction:
    return check_ratio(value, "ratio")


def _check_ratio(_instance: object, _attribute: object, value: Fraction) -> None:
    if not 0 < value <= 1:
        raise InvalidInputError("ratio", value, "a fraction above 0 and at most 1")
    if value.denominator >= MAX_AMOUNT:
        raise InvalidInputError("ratio", value, f"a fraction with a denominator below {MAX_AMOUNT}")


@attrs.frozen
class Ratio:
    """A share given as an exact fraction of the total (``Fraction(1, 3)``; Tryton ratio/divisor).

    Attributes:
        value: Above 0 and at most 1, its denominator below `MAX_AMOUNT`
            (a ``Decimal`` or ``int`` is converted exactly; a ``float`` is refused).

    Examples:
        >>> Ratio(Fraction(1, 3)).describe()
        '1/3 of the total'
    """

    value: Fraction = attrs.field(converter=_to_ratio, validator=_check_ratio)

    def fraction(self) -> Fraction:
        """Return the share as an exact fraction of the total."""
        return self.value

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{self.value} of the total"


def _check_fixed(_instance: object, _attribute: object, value: Any) -> None:
    number = check_decimal(value, "amount")
    if not 0 < number < MAX_AMOUNT:
        raise InvalidInputError("amount", value, f"above 0 and below {MAX_AMOUNT}")
    _check_places("amount", value, number, MAX_PLACES)


@attrs.frozen
class FixedAmount:
    """A share given as a fixed amount in the invoice currency (sign follows the total).

    Attributes:
        amount: Above 0 and below `MAX_AMOUNT`, with at most `MAX_PLACES`
            decimal places (and, when scheduled, whole minor units of the currency).

    Examples:
        >>> FixedAmount(Decimal("200.00")).describe()
        'a fixed 200.00'
    """

    amount: Decimal = attrs.field(validator=_check_fixed)

    def describe(self) -> str:
        """Return a one-line description."""
        return f"a fixed {self.amount}"


@attrs.frozen
class Remainder:
    """The share the other installments leave (at most one per term).

    Examples:
        >>> Remainder().describe()
        'the balance'
    """

    def describe(self) -> str:
        """Return a one-line description."""
        return "the balance"


#: Every kind of share.
Share: TypeAlias = Percent | Ratio | FixedAmount | Remainder

_SHARE_TYPES = (Percent, Ratio, FixedAmount, Remainder)


def _check_share(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, _SHARE_TYPES):
        raise TypeError(
            f"share must be Percent, Ratio, FixedAmount or Remainder, not {type(value).__name__}: {_shown(value)}"
        )


# --------------------------------------------------------------------------- discounts and installments


def _check_rate(_instance: object, _attribute: object, value: Any) -> None:
    number = check_decimal(value, "rate")
    if not 0 < number < 1:
        raise InvalidInputError("rate", value, "a fraction above 0 and below 1 (2 % is 0.02)")
    _check_places("rate", value, number, MAX_PLACES + 2)


@attrs.frozen
class DiscountTier:
    """An early-payment discount: ``rate`` off if paid by ``deadline``.

    Attributes:
        rate: The discount as a fraction (``Decimal("0.02")`` for 2 %), above 0 and
            below 1, with at most 20 decimal places.
        deadline: A due rule (other than [`Advance`][spendrules.payment_terms.Advance]) giving the last day
            the discount may be taken, computed from the same baseline as the
            net due date.

    Examples:
        >>> DiscountTier(Decimal("0.02"), NetDays(10)).describe()
        '2 % discount until 10 days after the baseline date'
    """

    rate: Decimal = attrs.field(validator=_check_rate)
    deadline: DueRule = attrs.field(validator=_check_due("deadline", advance=False))

    def percent(self) -> Decimal:
        """Return the rate in percent, without trailing zeros (``0.02`` gives ``2``)."""
        with exact():
            value = self.rate * _HUNDRED
        return _normal(value)

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{self.percent()} % discount until {self.deadline.describe()}"


def _normal(value: Decimal) -> Decimal:
    """Return ``value`` without trailing zeros and never in exponent notation."""
    with exact():
        normal = value.normalize()
        exponent = normal.as_tuple().exponent
        assert isinstance(exponent, int)  # noqa: S101 - only finite values reach here
        return normal.quantize(Decimal(1)) if exponent > 0 else normal


def _to_tiers(value: Iterable[DiscountTier]) -> tuple[DiscountTier, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"discounts must be a tuple of DiscountTier, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_tiers(_instance: object, _attribute: object, value: tuple[DiscountTier, ...]) -> None:
    for index, tier in enumerate(value):
        if not isinstance(tier, DiscountTier):
            raise TypeError(
                f"discounts[{index}] must be a DiscountTier, not {type(tier).__name__}: {_shown(tier)}"
            )
    rates = tuple(tier.rate for tier in value)
    with exact():
        increasing = any(a <= b for a, b in itertools.pairwise(rates))
    if increasing:
        raise InvalidInputError("discounts", rates, "tiers ordered by strictly decreasing rate")


@attrs.frozen
class FixedDiscount:
    """An early-payment discount of a fixed amount: ``amount`` off if paid by ``deadline``.

    ERPNext's discount type "Amount" on a payment-schedule row. The amount is in
    the invoice currency, takes the sign of its line (a credit note's discount
    is negative) and applies whatever the term's discount base; when
    scheduled it must be a whole number of the currency's minor units and at
    most the line's amount.

    Attributes:
        amount: Above 0 and below `MAX_AMOUNT`, at most `MAX_PLACES` decimal places.
        deadline: A due rule (other than [`Advance`][spendrules.payment_terms.Advance]), from the installment's baseline.

    Examples:
        >>> FixedDiscount(Decimal("50.00"), NetDays(1)).describe()
        'a fixed 50.00 discount until 1 day after the baseline date'

    References:
        ERPNext ``payment_schedule.json`` / ``payment_term.json`` (``discount_type``
        "Percentage" or "Amount"); ``test_payment_entry.py``
        ``test_payment_entry_against_payment_terms_with_discount_amount``.
    """

    amount: Decimal = attrs.field(validator=_check_fixed)
    deadline: DueRule = attrs.field(validator=_check_due("deadline", advance=False))

    def describe(self) -> str:
        """Return a one-line description."""
        return f"a fixed {self.amount} discount until {self.deadline.describe()}"


def _percent_text(share: Fraction) -> str:
    """``share`` as an exact percent (``99.9999999``), or ``about`` its value to 10 places."""
    percent = share * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    with exact():
        value = Decimal(percent.numerator) / Decimal(percent.denominator)
    if denominator == 1:  # a terminating decimal: shown exactly
        return f"{_normal(value):f}"
    with exact():
        rounded = value.quantize(Decimal("1e-10"))
    return f"about {_normal(rounded):f}"
