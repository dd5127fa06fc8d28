"""Conventions shared by the economics of payment terms, and the days of a term.

The economics of payment terms is split by the question each module answers:
`discount_decision` (is a discount worth taking),
`term_comparison` (terms on one axis),
`term_change` (what a term change is worth),
`financing` (dynamic discounting, supply chain finance),
`cash_flow` (NPV, DPO, payables turnover) and
`late_payment` (late-payment interest, the EU Directive).
This module holds what they share: the rate and day conventions, the rounding and
formatting helpers, and the days of a term (how many days after the invoice an
installment is paid, averaged over a reference year when no invoice date is given).

Conventions (each a named parameter; the default is given with every function):

* Rates are ``Decimal`` fractions (``Decimal("0.08")`` is 8 %), never percents.
* Days are whole calendar days after the baseline (the invoice date unless the
  terms say otherwise).
* Day basis ``B`` (``day_basis``): 365 by default for costs of capital and
  discounts, 360 where the source of the rule uses 360 (dynamic discounting,
  supply chain finance, US late-payment interest, the US Treasury discount rule).
* [`Compounding`][spendrules.payment_terms.Compounding]: ``simple`` (nominal, the textbook and AccountingTools
  formula) or ``effective`` (compound, the CFA formula).
* Arithmetic runs in the private 60-digit context (`spendrules._decimal.exact`);
  the caller's decimal context never changes an answer.
* Precision: rates are returned rounded half-even to `RATE_PLACES` (10)
  decimal places and day counts to `DAY_PLACES` (2). Effective rates and
  compound discount factors need non-integer powers, computed as
  ``exp(y × ln x)`` with the ``decimal`` module's correctly rounded ``exp`` and
  ``ln`` at 35 significant digits plus one per digit of the result's integer
  part: at least 25 correct decimal places before the final rounding, so the
  returned digits are exact (a 2,000-digit reference agrees in the tests, up to
  a 741-digit rate). Money is rounded once, at the output boundary, to the
  currency's ISO 4217 minor units with ``rounding`` (default ``ROUND_HALF_UP``).

References:
    AccountingTools, "Cost of credit formula" (simple cost, d/(1−d) × B/(N−D)).
    CFA Institute, cost of trade credit (effective annual cost), as quoted on
    AnalystForum. FreeAcademy, "Payment Terms and Financing". Domain notes
    ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Context, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final, TypeVar

import attrs

from spendrules._checks import (
    check_date,
    check_decimal,
    check_fraction,
    check_int,
    check_positive,
)
from spendrules._decimal import CONTEXT, exact
from spendrules._enums import SpendEnum
from spendrules._terms.due_rules import (
    Advance,
    DueRule,
    NetDays,
)
from spendrules._terms.model import (
    Installment,
    PaymentTerms,
)
from spendrules._terms.parser import format_terms
from spendrules._terms.shares import (
    FixedAmount,
    Percent,
    Ratio,
)
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "DAY_PLACES",
    "RATE_PLACES",
    "REFERENCE_CYCLE_DAYS",
    "REFERENCE_CYCLE_START",
    "REFERENCE_YEAR_DAYS",
    "REFERENCE_YEAR_START",
    "Compounding",
    "DayCount",
    "DiscountConvention",
]

#: Decimal places of every rate this module returns (rounded half-even).
RATE_PLACES: Final = 10
#: Decimal places of every day count this module returns (rounded half-even).
DAY_PLACES: Final = 2

_ROUND_HALF_EVEN: Final = decimal.ROUND_HALF_EVEN
_ROUND_HALF_UP: Final = decimal.ROUND_HALF_UP
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)

E = TypeVar("E", bound=StrEnum)


class DiscountConvention(SpendEnum):
    """The rule [`should_take_discount`][spendrules.payment_terms.should_take_discount] decides by.

    Attributes:
        COST_OF_CAPITAL: Take a discount when skipping it costs more a year than
            the buyer's cost of capital (day basis 365 unless given; simple or
            effective rate).
        US_TREASURY: The US Treasury Prompt Payment rule: take it when the
            effective annual discount rate ``d/(1−d) × 360/(days in the payment
            period − days left in the discount period)`` is larger than the Current
            Value of Funds rate (TFM Vol. I Part 6 Chapter 8000, section 8040.40).
            Day basis 360 and the simple formula are part of the rule.
    """

    COST_OF_CAPITAL = "cost_of_capital"
    US_TREASURY = "us_treasury"


# --------------------------------------------------------------------------
# Conventions
# --------------------------------------------------------------------------


class Compounding(SpendEnum):
    """How a rate over a period of days becomes an annual rate (or is discounted).

    Attributes:
        SIMPLE: Nominal annual rate, ``d/(1−d) × B/Δ`` for a forgone discount and
            ``1/(1 + r·t)`` for discounting (AccountingTools; Brigham-style texts).
        EFFECTIVE: Compound annual rate, ``(1 + d/(1−d))^(B/Δ) − 1`` for a forgone
            discount and ``(1 + r)^(−t)`` for discounting (CFA Institute; Excel XNPV).
        ROUGH: The rule of thumb ``d × B/Δ`` that ignores the ``1 − d`` denominator
            (NOAA NAO 203-31 Exhibit 4); it understates the cost and is offered only
            to reproduce documents that use it. Forgone-rate functions only.
    """

    SIMPLE = "simple"
    EFFECTIVE = "effective"
    ROUGH = "rough"


class DayCount(SpendEnum):
    """Day-count conventions for [`npv`][spendrules.payment_terms.npv] (year fraction between two dates).

    Attributes:
        ACT_365F: Actual days / 365 (fixed).
        ACT_360: Actual days / 360.
        THIRTY_360: 30/360 US bond basis (ISDA 2006 4.16(f)): a 31st start day
            counts as the 30th; a 31st end day counts as the 30th when the start
            day is the 30th or 31st.
    """

    ACT_365F = "ACT/365F"
    ACT_360 = "ACT/360"
    THIRTY_360 = "30/360"


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _enum(cls: type[E], value: object, field: str) -> E:
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    choices = ", ".join(repr(member.value) for member in cls)
    raise InvalidInputError(field, value, f"one of {choices}")


def _rounding_context(digits: int) -> Context:
    return Context(
        prec=digits,
        rounding=_ROUND_HALF_EVEN,
        Emin=CONTEXT.Emin,
        Emax=CONTEXT.Emax,
        traps=[decimal.InvalidOperation],
    )


#: Read-only context for rounding values of up to 60 significant digits.
_ROUNDING: Final = _rounding_context(CONTEXT.prec)


def _round_places(value: Decimal, places: int) -> Decimal:
    """Round half-even to ``places`` decimals, with enough precision for any magnitude."""
    digits = value.adjusted() + places + 2
    context = _ROUNDING if digits <= CONTEXT.prec else _rounding_context(digits)
    return value.quantize(Decimal(1).scaleb(-places, context=_ROUNDING), context=context)


def _rate(value: Decimal) -> Decimal:
    return _round_places(value, RATE_PLACES)


def _days(value: Decimal) -> Decimal:
    return _round_places(value, DAY_PLACES)


def _pct(rate: Decimal, places: int = 2) -> str:
    """``Decimal('0.3724489796')`` -> ``'37.24 %'``."""
    with exact():
        percent = rate * _HUNDRED
    return f"{_round_places(percent, places)} %"


def _plain_pct(rate: Decimal) -> str:
    """``Decimal('0.025')`` -> ``'2.5 %'`` (no trailing zeros, never exponent notation)."""
    with exact():
        percent = (rate * _HUNDRED).normalize()
        exponent = percent.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:
            percent = percent.quantize(_ONE)
    return f"{percent} %"


def _points(rate: Decimal, places: int = 2) -> str:
    """``Decimal('0.2924')`` -> ``'29.24 percentage points'``."""
    with exact():
        percent = rate * _HUNDRED
    return f"{_round_places(percent, places)} percentage points"


def _fmt(amount: Decimal, currency: str) -> str:
    return f"{amount:,} {currency}"


def _check_day_basis(value: object, field: str = "day_basis") -> int:
    return check_int(value, field, minimum=1)


def _check_rate_above_minus_one(value: object, field: str) -> Decimal:
    rate = check_decimal(value, field)
    if rate <= -1:
        raise InvalidInputError(field, value, "> -1 (a fraction: 8 % is 0.08)")
    return rate


def _check_discount(value: object, field: str) -> Decimal:
    rate = check_fraction(value, field)
    if rate == 1:
        raise InvalidInputError(field, value, "below 1 (a 100 % discount has no finite cost)")
    return rate


#: Significant digits of the first pass of `_power`.
_POWER_DIGITS: Final = 35
_LN10: Final = Context(prec=_POWER_DIGITS + 5).ln(Decimal(10))


def _power_context(digits: int) -> Context:
    return Context(
        prec=digits,
        rounding=_ROUND_HALF_EVEN,
        Emin=CONTEXT.Emin,
        Emax=CONTEXT.Emax,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


def _power(base: Decimal, exponent: Decimal, minus: Decimal = _ZERO) -> Decimal:
    """``base ** exponent − minus`` for ``base > 0`` as ``exp(exponent × ln(base))``.

    Computed with 35 significant digits plus one per digit of the result's
    integer part, so the result carries at least 25 correct decimal places
    (``ln`` and ``exp`` of the ``decimal`` module are correctly rounded; the
    error of ``exponent × ln(base)`` is amplified by at most its magnitude).
    """
    context = _power_context(_POWER_DIGITS)
    power = context.multiply(exponent, context.ln(base))
    if power > _POWER_DIGITS // 3:
        integer_digits = int(context.divide_int(power, _LN10)) + 1
        context = _power_context(_POWER_DIGITS + integer_digits)
        power = context.multiply(exponent, context.ln(base))
    return context.subtract(context.exp(power), minus)


# --------------------------------------------------------------------------
# Days of a term (shared by the terms forms)
# --------------------------------------------------------------------------

#: First baseline of the reference year over which the days of calendar-dependent
#: due rules are averaged when no invoice date is given (spend spread evenly).
REFERENCE_YEAR_START: Final = date(2025, 1, 1)
#: Days in the reference year (2025, a common year).
REFERENCE_YEAR_DAYS: Final = 365
#: First baseline of the reference cycle searched for the worst case of
#: calendar-dependent due rules ([`check_late_payment_directive`][spendrules.payment_terms.check_late_payment_directive]).
REFERENCE_CYCLE_START: Final = date(2024, 1, 1)
#: Days in the reference cycle: 2024-01-01 to 2027-12-31, one full leap-year cycle.
REFERENCE_CYCLE_DAYS: Final = 1461

_CONSTANT_RULES: Final = (NetDays, Advance)


def _offset(rule: DueRule, base: date) -> int:
    try:
        return (rule.due_date(base) - base).days
    except (OverflowError, ValueError):
        raise InvalidInputError(
            "invoice_date", base, "a date whose due dates fall before the year 10000"
        ) from None


def _bases(start: date, count: int) -> tuple[date, ...]:
    return tuple(start + timedelta(days=i) for i in range(count))


def _constant(installment: Installment) -> bool:
    return isinstance(installment.due, _CONSTANT_RULES) and all(
        isinstance(tier.deadline, _CONSTANT_RULES) for tier in installment.discounts
    )


@attrs.frozen
class _Timing:
    """Days after the baseline of an installment's net due date and tier deadlines."""

    net: Fraction
    tiers: tuple[Fraction, ...]
    averaged: bool


def _timing(installment: Installment, invoice_date: date | None) -> _Timing:
    """Return the installment's days; averaged over the reference year when needed.

    A tier deadline later than the due date is cut back to it, as [`schedule`][spendrules.payment_terms.schedule] does.
    """
    if invoice_date is not None or _constant(installment):
        base = REFERENCE_YEAR_START if invoice_date is None else invoice_date
        net = _offset(installment.due, base)
        tiers = tuple(
            Fraction(min(_offset(tier.deadline, base), net)) for tier in installment.discounts
        )
        return _Timing(Fraction(net), tiers, averaged=False)
    bases = _bases(REFERENCE_YEAR_START, REFERENCE_YEAR_DAYS)
    net_total = 0
    tier_totals = [0] * len(installment.discounts)
    for base in bases:
        net = _offset(installment.due, base)
        net_total += net
        for position, tier in enumerate(installment.discounts):
            tier_totals[position] += min(_offset(tier.deadline, base), net)
    count = len(bases)
    return _Timing(
        Fraction(net_total, count),
        tuple(Fraction(total, count) for total in tier_totals),
        averaged=True,
    )


def _worst_days(installment: Installment, invoice_date: date | None) -> int:
    if invoice_date is not None or _constant(installment):
        base = REFERENCE_CYCLE_START if invoice_date is None else invoice_date
        return _offset(installment.due, base)
    return max(
        _offset(installment.due, base)
        for base in _bases(REFERENCE_CYCLE_START, REFERENCE_CYCLE_DAYS)
    )


def _dec(value: Fraction) -> Decimal:
    with exact():
        return Decimal(value.numerator) / Decimal(value.denominator)


def _day_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(_days(_dec(value)))


#: Why the economics refuse an installment that counts from a milestone event.
_EVENT_REFUSED = (
    "None: these figures count days from the terms' baseline, and a milestone event's "
    "date is not known here (schedule the invoice with events= instead)"
)
#: Why the economics refuse a fixed-amount discount (ERPNext "Amount").
_FIXED_DISCOUNT_REFUSED = (
    "None: a fixed-amount discount has a rate only for a given amount (schedule the "
    "invoice: each DiscountOffer carries its rate)"
)


def _check_terms(value: object, field: str, *, fixed_discounts: bool = False) -> PaymentTerms:
    """``value`` as terms the economics can count: no milestone event, no fixed discount.

    ``fixed_discounts``: True where a fixed-amount discount changes nothing the
    caller computes (it is then accepted and ignored).
    """
    if not isinstance(value, PaymentTerms):
        raise TypeError(
            f"{field} must be PaymentTerms, not {type(value).__name__}: {_shown(value)}"
        )
    for index, item in enumerate(value.installments):
        if item.event is not None:
            raise InvalidInputError(
                f"{field}.installments[{index}].event", item.event, _EVENT_REFUSED
            )
        if item.fixed_discount is not None and not fixed_discounts:
            raise InvalidInputError(
                f"{field}.installments[{index}].fixed_discount",
                item.fixed_discount,
                _FIXED_DISCOUNT_REFUSED,
            )
    return value


def _optional_date(value: object, field: str) -> date | None:
    return None if value is None else check_date(value, field)


def _label(terms: PaymentTerms) -> str:
    """Return the canonical notation of ``terms``, or their description when none writes them.

    Compound due rules read from Tryton (``RelativeDelta``, ``DeltaChain``) have no notation;
    their one-line description labels them instead.
    """
    try:
        return format_terms(terms)
    except InvalidInputError:
        return terms.describe().replace("\n", "; ")


def _pick_installment(terms: PaymentTerms, installment: object) -> int | None:
    """Index of the installment to analyse; ``None`` when no installment has a discount."""
    count = len(terms.installments)
    if installment is not None:
        index = check_int(installment, "installment", minimum=0)
        if index >= count:
            raise InvalidInputError("installment", installment, f"an index below {count}")
        return index
    discounted = [i for i, item in enumerate(terms.installments) if item.discounts]
    if len(discounted) > 1:
        raise InvalidInputError(
            "installment",
            None,
            f"the index of one installment: installments {discounted} all offer discounts",
        )
    return discounted[0] if discounted else None


def _weights(terms: PaymentTerms, invoice_amount: object, field: str) -> tuple[Fraction, ...]:
    """Each installment's exact share of the invoice (fixed amounts need the amount)."""
    shares = [item.share for item in terms.installments]
    fixed = [share for share in shares if isinstance(share, FixedAmount)]
    amount: Fraction | None = None
    if fixed:
        if invoice_amount is None:
            raise InvalidInputError(
                "invoice_amount",
                None,
                f"the invoice amount: {field} has fixed-amount installments",
            )
        amount = Fraction(check_positive(invoice_amount, "invoice_amount"))
        fixed_total = sum((Fraction(share.amount) for share in fixed), Fraction(0))
        if fixed_total > amount:
            raise InvalidInputError(
                "invoice_amount",
                invoice_amount,
                f"at least the fixed installments of {field} ({_dec(fixed_total)})",
            )
    weights: list[Fraction | None] = []
    for share in shares:
        if isinstance(share, Percent | Ratio):
            weights.append(share.fraction())
        elif isinstance(share, FixedAmount):
            assert amount is not None  # noqa: S101 - set above when any share is fixed
            weights.append(Fraction(share.amount) / amount)
        else:
            weights.append(None)
    rest = 1 - sum((w for w in weights if w is not None), Fraction(0))
    if rest < 0:
        raise InvalidInputError(
            "invoice_amount",
            invoice_amount,
            f"large enough for the fixed amounts and percent shares of {field}",
        )
    return tuple(rest if w is None else w for w in weights)


def _no_explicit(terms_field: str, **values: object) -> None:
    for name, value in values.items():
        if value is not None:
            raise InvalidInputError(name, value, f"None when {terms_field} is given")


def _check_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{field} must be a bool, not {type(value).__name__}: {_shown(value)}")
    return value
