"""Schedule amounts: how a total is split into installments, in minor units.

The total is rounded once to the currency's minor units. Fixed amounts are
taken first (in whole minor units, with the total's sign); percent and ratio
shares are exact fractions of the total; the remainder takes the rest; then
[`spendrules.money.allocate`][spendrules.money.allocate] turns the exact shares into minor units so the
lines add up to the rounded total exactly. When the other lines take more than
the total, the remainder would be negative: refused by default
([`BalanceConvention.STRICT`][spendrules.payment_terms.BalanceConvention.STRICT]), or, with [`BalanceConvention.ODOO`][spendrules.payment_terms.BalanceConvention.ODOO],
each percent line is rounded on its own and the remainder takes what is left.

References:
    Odoo ``account.payment.term._compute_terms`` (the last line absorbs rounding,
    the balance line takes the residual "no matter the type"); Tryton
    ``payment_term.compute`` (exact ratios, the remainder line).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from spendrules._decimal import CONTEXT, exact
from spendrules._enums import SpendEnum
from spendrules._terms.model import (
    PaymentTerms,
)
from spendrules._terms.shares import (
    FixedAmount,
    Percent,
    Ratio,
    Remainder,
)
from spendrules.errors import InvalidInputError
from spendrules.money import (
    AllocationMethod,
    allocate,
    from_minor_units,
    minor_units,
    quantize,
)
from spendrules.results import Reason, Severity

__all__ = ["BalanceConvention"]


class BalanceConvention(SpendEnum):
    """What the [`Remainder`][spendrules.payment_terms.Remainder] line may take (``schedule(balance=)``).

    Attributes:
        STRICT: The default: when the fixed amounts and percent shares take
            more than the total, the schedule is refused (``InvalidInputError``
            on ``amount``, saying what they need); a zero balance is a zero line.
        ODOO: Odoo 17/18's last "balance" line: it takes whatever the other
            lines leave, even zero or negative. When it would be negative, each
            percent or ratio line is rounded on its own (``rounding``) and the
            balance is the total minus the other lines, so the lines still add
            up to the total; a ``TERMS.BALANCE_NEGATIVE`` warning says so.
            Otherwise the schedule is the same as under ``STRICT``.

    References:
        Odoo ``addons/account/models/account_payment_term.py`` ``_compute_terms``
        (the last line gets the residual "no matter the type"); Odoo 18
        ``addons/account/tests/test_payment_term.py``
        ``test_payment_term_last_balance_line_with_fixed_negative``.
    """

    STRICT = "strict"
    ODOO = "odoo"


# --------------------------------------------------------------------------- amounts


def _exponent_ok(value: Decimal, digits: int) -> bool:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite Decimals only reach here
    return exponent >= -digits or value == value.quantize(
        Decimal(1).scaleb(-digits), context=CONTEXT
    )


def _split(
    terms: PaymentTerms,
    total: Decimal,
    currency: str,
    *,
    rounding: str,
    allocation: AllocationMethod,
    balance: BalanceConvention = BalanceConvention.STRICT,
) -> tuple[Decimal, ...]:
    """Return the installment amounts (total already rounded, non-zero)."""
    if len(terms.installments) == 1:  # the whole amount: nothing to split
        return (total,)
    digits = minor_units(currency)
    units = int(total.scaleb(digits, context=CONTEXT))
    sign = -1 if units < 0 else 1
    magnitude = abs(units)
    parts: list[int | None] = []
    fixed_units = 0
    for index, item in enumerate(terms.installments):
        share = item.share
        if isinstance(share, FixedAmount):
            if not _exponent_ok(share.amount, digits):
                raise InvalidInputError(
                    f"terms.installments[{index}].share.amount",
                    share.amount,
                    f"a whole number of {currency} minor units ({digits} decimal places)",
                )
            value = int(share.amount.scaleb(digits, context=CONTEXT))
            fixed_units += value
            parts.append(value)
        else:
            parts.append(None)
    rest = magnitude - fixed_units
    if balance is BalanceConvention.ODOO:
        over = _odoo_balance(terms, parts, magnitude, digits, rounding)
        if over is not None:
            return tuple(from_minor_units(sign * part, currency) for part in over)
    if rest < 0:
        raise InvalidInputError(
            "amount",
            total,
            f"at least the fixed installments' total {from_minor_units(fixed_units, currency)}",
        )
    weights: list[Fraction] = []
    for item in terms.installments:
        if isinstance(item.share, Percent | Ratio):
            weights.append(magnitude * item.share.fraction())
        elif isinstance(item.share, Remainder):
            weights.append(Fraction(0))  # set below
    proportional = sum(weights, Fraction(0))
    remainder = rest - proportional
    if remainder < 0:
        needed = _round_fraction((fixed_units + proportional) / 10**digits, currency, rounding)
        raise InvalidInputError(
            "amount",
            total,
            f"large enough for the fixed amounts and the percent shares (they need {needed})",
        )
    slots = [
        i for i, item in enumerate(terms.installments) if not isinstance(item.share, FixedAmount)
    ]
    for slot_index, i in enumerate(slots):
        if isinstance(terms.installments[i].share, Remainder):
            weights[slot_index] = remainder
    if rest == 0:
        shared: tuple[int, ...] = tuple(0 for _ in slots)
    else:
        pieces = allocate(
            from_minor_units(rest, currency),
            weights,
            currency,
            rounding=rounding,
            method=allocation,
        )
        shared = tuple(int(piece.scaleb(digits, context=CONTEXT)) for piece in pieces)
    for slot_index, i in enumerate(slots):
        parts[i] = shared[slot_index]
    return tuple(from_minor_units(sign * part, currency) for part in parts if part is not None)


def _odoo_balance(
    terms: PaymentTerms, parts: list[int | None], magnitude: int, digits: int, rounding: str
) -> list[int] | None:
    """Odoo's split when the other lines leave the balance negative (else None).

    ``parts`` holds the fixed amounts in minor units (None elsewhere); each
    percent or ratio share is rounded on its own; the balance takes the rest.
    """
    units: list[int | None] = []
    for item, part in zip(terms.installments, parts, strict=True):
        if isinstance(item.share, Percent | Ratio):
            share = magnitude * item.share.fraction()
            with exact():
                value = Decimal(share.numerator) / Decimal(share.denominator)
                units.append(int(value.quantize(Decimal(1), rounding=rounding)))
        else:
            units.append(part)
    taken = sum(part for part in units if part is not None)
    if taken <= magnitude:
        return None
    return [magnitude - taken if part is None else part for part in units]


def _round_fraction(value: Fraction, currency: str, rounding: str) -> Decimal:
    with exact():
        decimal_value = Decimal(value.numerator) / Decimal(value.denominator)
    return quantize(decimal_value, currency, rounding=rounding)


def _note_negative_balance(
    terms: PaymentTerms,
    amounts: tuple[Decimal, ...],
    total: Decimal,
    currency: str,
    reasons: list[Reason],
    *,
    balance: BalanceConvention,
) -> None:
    """Warn when the balance line (only under ``BalanceConvention.ODOO``) has the total's opposite sign.

    Under ``STRICT`` such a line comes only from ``AllocationMethod.LAST``
    rounding the other lines up; ``TERMS.CONSERVED`` says how the units were placed.
    """
    if balance is not BalanceConvention.ODOO:
        return
    for index, (item, amount) in enumerate(zip(terms.installments, amounts, strict=True)):
        if isinstance(item.share, Remainder) and amount != 0 and (amount < 0) != (total < 0):
            others = total - amount
            reasons.append(
                Reason.of(
                    "TERMS.BALANCE_NEGATIVE",
                    f"Installment {index + 1} (the balance) is {amount} {currency}: the other "
                    f"lines take {others} {currency} of the {total} {currency} total, and the "
                    "balance line takes what remains, as Odoo's does (balance convention odoo).",
                    severity=Severity.WARNING,
                    installment=index + 1,
                    amount=amount,
                    others=others,
                )
            )
