"""Cash rounding of payment schedules (Odoo ``account.cash.rounding``).

Where coins below a step are not used (0.05 CHF, 0.05 in the Netherlands and
Finland for cash, 1 SEK), the amounts to pay are multiples of the step.
``schedule(..., cash_rounding=CashRounding(Decimal("0.05")))`` rounds

* every installment but one to a multiple of [`CashRounding.step`][spendrules.payment_terms.CashRounding.step] with
  [`CashRounding.rounding`][spendrules.payment_terms.CashRounding.rounding]; the one named by [`CashRounding.absorb`][spendrules.payment_terms.CashRounding.absorb]
  (the last by default, as Odoo's balance line; or the first) takes the
  difference, so the lines still add up to the invoice total to the minor unit;
* every discounted amount (what the line costs when paid by a discount
  deadline) to a multiple of the step; the discount is the line amount minus
  that (a discounted amount is never more than the line amount).

The lines are multiples of the step when the invoice total is: cash-round the
total first ([`CashRounding.round`][spendrules.payment_terms.CashRounding.round]), as Odoo does with its rounding line
on the invoice; the absorbing line otherwise keeps the odd minor units. Odoo's
choice between "add a rounding line" and "modify the tax amount" is about the
invoice, not the schedule, and is not modelled.

Examples:
    >>> rule = CashRounding(Decimal("0.05"))
    >>> rule.round(Decimal("42.07")), rule.round(Decimal("42.08"))
    (Decimal('42.05'), Decimal('42.10'))
    >>> CashRounding(Decimal("0.05"), rounding="ROUND_UP").round(Decimal("42.01"))
    Decimal('42.05')

References:
    Odoo ``addons/account/models/account_cash_rounding.py`` (``rounding``,
    ``rounding_method`` UP / DOWN / HALF-UP, ``compute_difference``) and
    ``account_payment_term.py`` ``_compute_terms`` (each line but the balance
    line cash-rounded; the discounted amount cash-rounded); Tryton
    ``account_cash_rounding`` (the currency's cash rounding, 0.05).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import attrs

from spendrules._checks import check_decimal, to_enum
from spendrules._decimal import CONTEXT, exact
from spendrules._enums import SpendEnum
from spendrules._terms.shares import (
    MAX_AMOUNT,
    MAX_PLACES,
    _normal,
)
from spendrules.errors import InvalidInputError, _shown
from spendrules.money import ROUNDING_MODES, minor_units
from spendrules.results import Reason

__all__ = [
    "CashRounding",
    "RoundingLine",
    "cash_round_lines",
    "cash_round_payable",
    "check_cash_rounding",
]


class RoundingLine(SpendEnum):
    """Which installment takes the difference cash rounding leaves (``CashRounding.absorb``).

    Attributes:
        LAST: The last installment (the default; Odoo's balance line).
        FIRST: The first installment (the deposit or advance, say).
    """

    LAST = "last"
    FIRST = "first"


def _check_step(_instance: object, _attribute: object, value: Any) -> None:
    number = check_decimal(value, "step")
    if not 0 < number < MAX_AMOUNT:
        raise InvalidInputError("step", value, f"above 0 and below {MAX_AMOUNT}")
    exponent = number.normalize(CONTEXT).as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite Decimals only reach here
    if -exponent > MAX_PLACES:
        raise InvalidInputError("step", value, f"a number with at most {MAX_PLACES} decimal places")


def _check_mode(_instance: object, _attribute: object, value: object) -> None:
    if value not in ROUNDING_MODES:
        raise InvalidInputError("rounding", value, "one of the decimal.ROUND_* constants")


def _to_line(value: object) -> RoundingLine:
    return to_enum(RoundingLine, value, "absorb")


@attrs.frozen
class CashRounding:
    """Round the amounts to pay to a multiple of ``step`` (Odoo ``account.cash.rounding``).

    Attributes:
        step: The smallest amount paid, above 0 (``Decimal("0.05")``); when
            scheduled, a whole number of the currency's minor units.
        rounding: A ``decimal.ROUND_*`` constant; default ``ROUND_HALF_UP``
            (Odoo ``HALF-UP``); ``ROUND_UP`` and ``ROUND_DOWN`` are Odoo ``UP``
            and ``DOWN`` (away from and towards zero, for credit notes too).
        absorb: The installment that takes the difference: `RoundingLine.LAST`
            (default) or `RoundingLine.FIRST`.

    Examples:
        >>> CashRounding(Decimal("0.05")).describe()
        'cash rounding to 0.05 (half up), the last installment takes the difference'
        >>> CashRounding(Decimal("0"))
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: step must be above 0 and below 1000000000000000000: Decimal('0')
    """

    step: Decimal = attrs.field(validator=_check_step)
    rounding: str = attrs.field(default=decimal.ROUND_HALF_UP, validator=_check_mode, kw_only=True)
    absorb: RoundingLine = attrs.field(default=RoundingLine.LAST, converter=_to_line, kw_only=True)

    def round(self, amount: Decimal) -> Decimal:
        """Return ``amount`` rounded to a multiple of `step` (with the step's places).

        Raises:
            TypeError: ``amount`` is not a ``Decimal`` or ``int``.
            InvalidInputError: NaN or infinity.
        """
        value = check_decimal(amount, "amount")
        with exact():
            steps = (value / self.step).quantize(Decimal(1), rounding=self.rounding)
            return (steps * self.step).quantize(self.step)

    def describe(self) -> str:
        """Return a one-line description."""
        mode = self.rounding.removeprefix("ROUND_").replace("_", " ").lower()
        return (
            f"cash rounding to {_normal(self.step):f} ({mode}), the {self.absorb.value} "
            "installment takes the difference"
        )


def check_cash_rounding(value: object, currency: str) -> CashRounding | None:
    """Return ``value`` checked for ``currency`` (``None`` passes).

    Raises:
        TypeError: not a [`CashRounding`][spendrules.payment_terms.CashRounding].
        InvalidInputError: a step that is not a whole number of the currency's minor units.
    """
    if value is None:
        return None
    if not isinstance(value, CashRounding):
        raise TypeError(
            f"cash_rounding must be a CashRounding or None, not {type(value).__name__}: {_shown(value)}"
        )
    digits = minor_units(currency)
    with exact():
        whole = value.step == value.step.quantize(Decimal(1).scaleb(-digits))
    if not whole:
        raise InvalidInputError(
            "cash_rounding.step",
            value.step,
            f"a whole number of {currency} minor units ({digits} decimal places)",
        )
    return value


def cash_round_lines(
    amounts: tuple[Decimal, ...],
    total: Decimal,
    rule: CashRounding,
    currency: str,
    reasons: list[Reason],
) -> tuple[Decimal, ...]:
    """Return the line amounts cash-rounded, the absorbing line taking the difference.

    One line: unchanged (it is the total). Adds a ``TERMS.CASH_ROUNDING`` reason.
    """
    if len(amounts) == 1:
        return amounts
    absorbing = len(amounts) - 1 if rule.absorb is RoundingLine.LAST else 0
    with exact():
        rounded = [
            amount if index == absorbing else rule.round(amount).quantize(total)
            for index, amount in enumerate(amounts)
        ]
        rounded[absorbing] = total - sum(
            (value for index, value in enumerate(rounded) if index != absorbing), Decimal(0)
        )
    changes = [
        f"{index + 1}: {before} to {after}"
        for index, (before, after) in enumerate(zip(amounts, rounded, strict=True))
        if before != after
    ]
    reasons.append(
        Reason.of(
            "TERMS.CASH_ROUNDING",
            f"Installments are cash-rounded to {_normal(rule.step):f} {currency} "
            f"({rule.rounding.removeprefix('ROUND_').replace('_', ' ').lower()}); installment "
            f"{absorbing + 1} takes the difference so the lines still add up to {total} {currency}"
            + (f" (installment {'; '.join(changes)})." if changes else "; no line changed."),
            step=rule.step,
            rounding=rule.rounding,
            absorbing_installment=absorbing + 1,
        )
    )
    return tuple(rounded)


def cash_round_payable(amount: Decimal, payable: Decimal, rule: CashRounding) -> Decimal:
    """Return the discounted amount ``payable`` cash-rounded, never beyond the line ``amount``."""
    with exact():
        rounded = rule.round(payable).quantize(amount)
    if abs(rounded) > abs(amount):
        return amount
    return rounded
