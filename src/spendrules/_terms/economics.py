"""The economics of payment terms: what a discount, a term change or a late payment is worth.

Finance asks for longer terms to protect cash; procurement knows that suppliers
price longer terms into the goods or refuse them. This module puts numbers on
both sides with the same inputs, so both teams get the same answer:

* :func:`forgone_discount_rate`: the annualised cost of skipping an early-payment
  discount (``2/10 net 30`` costs 37.24 % a year);
* :func:`should_take_discount`: take or skip, against a cost of capital or under
  the US Treasury Prompt Payment rule;
* :func:`effective_payment_days` and :func:`compare_terms`: terms on one axis,
  ranked by the present value of what the buyer pays;
* :func:`term_change_impact`: cash released by a term change, its annual value,
  the discounts lost, the supplier's extra financing cost (the price increase to
  expect), the break-even price increase, and a verdict with reasons;
* :func:`dynamic_discount`, :func:`supply_chain_finance`, :func:`npv`,
  :func:`days_payable_outstanding`, :func:`late_payment_interest` and
  :func:`check_late_payment_directive` (the EU caps of 60 and 30 days).

Conventions (each a named parameter; the default is given with every function):

* Rates are ``Decimal`` fractions (``Decimal("0.08")`` is 8 %), never percents.
* Days are whole calendar days after the baseline (the invoice date unless the
  terms say otherwise).
* Day basis ``B`` (``day_basis``): 365 by default for costs of capital and
  discounts, 360 where the source of the rule uses 360 (dynamic discounting,
  supply chain finance, US late-payment interest, the US Treasury discount rule).
* :class:`Compounding`: ``simple`` (nominal, the textbook and AccountingTools
  formula) or ``effective`` (compound, the CFA formula).
* Arithmetic runs in the private 60-digit context (:func:`spendrules._decimal.exact`);
  the caller's decimal context never changes an answer.
* Precision: rates are returned rounded half-even to :data:`RATE_PLACES` (10)
  decimal places and day counts to :data:`DAY_PLACES` (2). Effective rates and
  compound discount factors need non-integer powers, computed as
  ``exp(y × ln x)`` with the ``decimal`` module's correctly rounded ``exp`` and
  ``ln`` at 35 significant digits plus one per digit of the result's integer
  part: at least 25 correct decimal places before the final rounding, so the
  returned digits are exact (a 2,000-digit reference agrees in the tests, up to
  a 741-digit rate). Money is rounded once, at the output boundary, to the
  currency's ISO 4217 minor units with ``rounding`` (default ``ROUND_HALF_UP``).

Examples:
    >>> from decimal import Decimal
    >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30)
    Decimal('0.3724489796')
    >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30, compounding="effective")
    Decimal('0.4458529273')

References:
    AccountingTools, "Cost of credit formula" (simple cost, d/(1−d) × B/(N−D)).
    CFA Institute, cost of trade credit (effective annual cost), as quoted on
    AnalystForum. FreeAcademy, "Payment Terms and Financing". Domain notes
    ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Context, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Final, TypeVar

import attrs

from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_fraction,
    check_int,
    check_non_negative,
    check_positive,
)
from spendrules._decimal import CONTEXT, exact
from spendrules._enums import SpendEnum
from spendrules._terms.model import (
    MAX_DAYS,
    Advance,
    DiscountBase,
    DueRule,
    FixedAmount,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    Ratio,
)
from spendrules._terms.parser import format_terms
from spendrules._terms.schedule import PaymentSchedule
from spendrules.errors import CurrencyMismatchError, InvalidInputError, _shown
from spendrules.money import minor_units, quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "DAY_PLACES",
    "EU_FIXED_COMPENSATION_EUR",
    "EU_STATUTORY_MARGIN",
    "RATE_PLACES",
    "REFERENCE_CYCLE_DAYS",
    "REFERENCE_CYCLE_START",
    "REFERENCE_YEAR_DAYS",
    "REFERENCE_YEAR_START",
    "CashFlow",
    "Compounding",
    "DayCount",
    "Debtor",
    "DirectiveStatus",
    "DiscountConvention",
    "DiscountDecision",
    "DpoMethod",
    "DynamicDiscount",
    "InterestMethod",
    "LatePaymentDirectiveCheck",
    "LatePaymentInterest",
    "PriceSource",
    "RankedTerms",
    "SpendConvention",
    "SupplyChainFinance",
    "TakeDiscounts",
    "TermChangeImpact",
    "TermChangeVerdict",
    "TermsComparison",
    "TermsOffer",
    "TierComparison",
    "check_late_payment_directive",
    "compare_terms",
    "days_payable_outstanding",
    "dynamic_discount",
    "effective_payment_days",
    "eu_statutory_interest_rate",
    "forgone_discount_rate",
    "late_payment_interest",
    "npv",
    "should_take_discount",
    "supply_chain_finance",
    "term_change_impact",
]

#: Decimal places of every rate this module returns (rounded half-even).
RATE_PLACES: Final = 10
#: Decimal places of every day count this module returns (rounded half-even).
DAY_PLACES: Final = 2
#: The EU statutory late-payment interest margin over the ECB reference rate
#: (Directive 2011/7/EU, Art. 2(6): "at least eight percentage points").
EU_STATUTORY_MARGIN: Final = Decimal("0.08")
#: The EU fixed compensation for recovery costs, in EUR (Directive 2011/7/EU, Art. 6).
EU_FIXED_COMPENSATION_EUR: Final = Decimal("40")

_ROUND_HALF_EVEN: Final = decimal.ROUND_HALF_EVEN
_ROUND_HALF_UP: Final = decimal.ROUND_HALF_UP
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)

E = TypeVar("E", bound=StrEnum)


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
    """Day-count conventions for :func:`npv` (year fraction between two dates).

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


class DpoMethod(SpendEnum):
    """Which payables :func:`days_payable_outstanding` divides by cost of sales.

    Attributes:
        PERIOD_END: Payables at the end of the period.
        AVERAGE: The mean of opening and closing payables.
    """

    PERIOD_END = "period_end"
    AVERAGE = "average"


class InterestMethod(SpendEnum):
    """How :func:`late_payment_interest` accrues interest.

    Attributes:
        SIMPLE: ``P × r/B × d`` (EU Directive 2011/7/EU, 5 CFR 1315.17(b)(1)).
        US_PROMPT_PAYMENT: monthly compounding in 30-day periods,
            ``P(1 + r/12)^n × (1 + r/360 × d) − P`` with ``n`` whole 30-day periods
            and ``d`` remaining days, accruing for at most one year
            (5 CFR 1315.10(a)(3), (a)(5)(ii) and 1315.17(b)(2)).
    """

    SIMPLE = "simple"
    US_PROMPT_PAYMENT = "us_prompt_payment"


class Debtor(SpendEnum):
    """The kind of debtor under the EU Late Payment Directive 2011/7/EU.

    Attributes:
        BUSINESS: Business-to-business (Art. 3): 60 days unless expressly
            agreed otherwise and not grossly unfair to the creditor.
        PUBLIC_AUTHORITY: A public authority (Art. 4): 30 days, up to 60 if
            expressly agreed and objectively justified; never more than 60.
        PUBLIC_HEALTHCARE: A public entity providing healthcare, for which a
            Member State may set 60 days (Art. 4(4)(b)).
    """

    BUSINESS = "business"
    PUBLIC_AUTHORITY = "public_authority"
    PUBLIC_HEALTHCARE = "public_healthcare"


class DirectiveStatus(SpendEnum):
    """Outcome of :func:`check_late_payment_directive`.

    Attributes:
        COMPLIANT: Within the cap.
        CONDITIONAL: Over the cap but allowed by the Directive only under a
            condition the library cannot judge (express agreement and "not grossly
            unfair", or "objectively justified").
        NON_COMPLIANT: Over what the Directive allows.
    """

    COMPLIANT = "compliant"
    CONDITIONAL = "conditional"
    NON_COMPLIANT = "non_compliant"


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


#: Significant digits of the first pass of :func:`_power`.
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
#: calendar-dependent due rules (:func:`check_late_payment_directive`).
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

    A tier deadline later than the due date is cut back to it, as :func:`schedule` does.
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


def _check_terms(value: object, field: str) -> PaymentTerms:
    if not isinstance(value, PaymentTerms):
        raise TypeError(
            f"{field} must be PaymentTerms, not {type(value).__name__}: {_shown(value)}"
        )
    return value


def _optional_date(value: object, field: str) -> date | None:
    return None if value is None else check_date(value, field)


def _label(terms: PaymentTerms) -> str:
    """Return the canonical notation of ``terms``."""
    return format_terms(terms)


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


# --------------------------------------------------------------------------
# Forgone discount rate
# --------------------------------------------------------------------------


class TierComparison(SpendEnum):
    """What skipping a discount tier is compared with in :func:`forgone_discount_rate`.

    Attributes:
        NET: Paying the full amount on the pay day (the net day by default):
            the textbook cost of skipping the discount altogether.
        NEXT_TIER: Paying on the next tier's deadline with its smaller discount
            (the marginal cost of waiting; the last tier compares with the net day).
            For ``3/10, 2/30, net 60``, tier 0 costs ``(0.03 − 0.02)/(1 − 0.03)``
            over 20 days.
    """

    NET = "net"
    NEXT_TIER = "next_tier"


def _forgone(
    discount: Decimal,
    days: Decimal,
    basis: int,
    compounding: Compounding,
    later_discount: Decimal = _ZERO,
) -> Decimal:
    """Unrounded annual cost of giving up ``discount`` for ``later_discount`` ``days`` later."""
    with exact():
        if compounding is Compounding.ROUGH:
            return (discount - later_discount) * basis / days
        premium = (discount - later_discount) / (_ONE - discount)
        if compounding is Compounding.SIMPLE:
            return premium * basis / days
        return _power(_ONE + premium, Decimal(basis) / days, _ONE)


def _explicit_days(
    discount_days: object, net_days: object, pay_day: object
) -> tuple[int, int, int]:
    early = check_int(discount_days, "discount_days", minimum=0)
    net = check_int(net_days, "net_days", minimum=0)
    if net <= early:
        raise InvalidInputError("net_days", net_days, f"> discount_days ({early})")
    late = net if pay_day is None else check_int(pay_day, "pay_day", minimum=0)
    if late <= early:
        raise InvalidInputError("pay_day", pay_day, f"> discount_days ({early})")
    return early, net, late


def _no_explicit(terms_field: str, **values: object) -> None:
    for name, value in values.items():
        if value is not None:
            raise InvalidInputError(name, value, f"None when {terms_field} is given")


def forgone_discount_rate(
    terms: PaymentTerms | None = None,
    *,
    rate: Decimal | int | None = None,
    discount_days: int | None = None,
    net_days: int | None = None,
    pay_day: int | None = None,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.SIMPLE,
    tier: int = 0,
    installment: int | None = None,
    versus: TierComparison | str = TierComparison.NET,
    invoice_date: date | None = None,
) -> Decimal:
    """Return the annualised cost of skipping an early-payment discount, as a fraction.

    Skipping a discount ``d`` offered until day ``D`` and paying on day ``P``
    (the net day ``N`` unless ``pay_day`` says otherwise) borrows ``1 − d`` from
    the supplier for ``P − D`` days at the price ``d``. Give either ``terms``
    (and pick the ``tier``) or the explicit ``rate``, ``discount_days`` and
    ``net_days``.

    Args:
        terms: :class:`PaymentTerms` with at least one discount tier; or ``None``
            for the explicit form.
        rate: Explicit form: the discount ``d`` as a fraction, ``0 <= d < 1``.
        discount_days: Explicit form: ``D``, the last day of the discount.
        net_days: Explicit form: ``N``, the net due day, after ``D``.
        pay_day: ``P``, the day the buyer pays when skipping the discount; default
            ``None`` means the net day. Later than ``N`` lowers the cost (stretching).
            Must be after ``D``.
        day_basis: ``B``; default 365 (360 also common).
        compounding: ``"simple"`` (default): ``d/(1−d) × B/(P−D)``; ``"effective"``:
            ``(1 + d/(1−d))^(B/(P−D)) − 1``; ``"rough"``: ``d × B/(P−D)``.
        tier: Terms form: which discount tier (0, the highest rate, by default).
        installment: Terms form: which installment; default ``None`` means the
            only installment that offers a discount.
        versus: Terms form: ``"net"`` (default) compares with paying on ``P``;
            ``"next_tier"`` with paying on the next tier's deadline at its discount.
        invoice_date: Terms form: the baseline date, for due rules that depend on
            the calendar (end of month, prox). Default ``None``: the days of such
            rules are averaged over every baseline of 2025
            (:data:`REFERENCE_YEAR_START`), i.e. invoices spread evenly.

    Returns:
        The annual rate as a fraction, rounded half-even to :data:`RATE_PLACES`
        places. The discount is taken as a share of the installment's amount; for
        terms whose discounts apply to the amount before tax, the share of the
        amount paid is smaller (pass the explicit ``rate`` to account for it).

    Raises:
        InvalidInputError: both or neither of the forms; ``rate`` outside
            ``[0, 1)``; negative days; net or pay day not after the discount day;
            ``day_basis < 1``; unknown convention; a tier or installment that does
            not exist; an ambiguous installment.
        TypeError: a ``float`` rate, non-``int`` days, terms of the wrong type.

    Examples:
        >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30)
        Decimal('0.3724489796')
        >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30, day_basis=360)
        Decimal('0.3673469388')
        >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30, pay_day=45)
        Decimal('0.2128279883')
        >>> from spendrules.payment_terms import parse_terms
        >>> forgone_discount_rate(parse_terms("3/10, 2/30, net 60"), tier=1)
        Decimal('0.2482993197')
        >>> forgone_discount_rate(parse_terms("3/10, 2/30, net 60"), versus="next_tier")
        Decimal('0.1881443299')

    References:
        AccountingTools, "Cost of credit formula"; FreeAcademy, "Payment Terms and
        Financing"; CFA Institute cost of trade credit (effective); NOAA NAO 203-31
        Exhibit 4 (rough rule); SAP "Cash Discount Percentage Rates and Cash
        Discount Terms" (two tiers plus net).
    """
    basis = _check_day_basis(day_basis)
    mode = _enum(Compounding, compounding, "compounding")
    if terms is None:
        if rate is None or discount_days is None or net_days is None:
            raise InvalidInputError(
                "terms", None, "PaymentTerms, or rate, discount_days and net_days all given"
            )
        discount = _check_discount(rate, "rate")
        early, _net, late = _explicit_days(discount_days, net_days, pay_day)
        return _rate(_forgone(discount, Decimal(late - early), basis, mode))
    subject = _check_terms(terms, "terms")
    _no_explicit("terms", rate=rate, discount_days=discount_days, net_days=net_days)
    against = _enum(TierComparison, versus, "versus")
    index = _pick_installment(subject, installment)
    if index is None:
        raise InvalidInputError("terms", _label(subject), "terms with an early-payment discount")
    item = subject.installments[index]
    position = check_int(tier, "tier", minimum=0)
    if position >= len(item.discounts):
        raise InvalidInputError(
            "tier", tier, f"an index below {len(item.discounts)} (installment {index}'s tiers)"
        )
    timing = _timing(item, _optional_date(invoice_date, "invoice_date"))
    paid = timing.net if pay_day is None else Fraction(check_int(pay_day, "pay_day", minimum=0))
    later_discount = _ZERO
    if against is TierComparison.NEXT_TIER and position + 1 < len(item.discounts):
        paid = timing.tiers[position + 1]
        later_discount = item.discounts[position + 1].rate
    days = paid - timing.tiers[position]
    if days <= 0:
        raise InvalidInputError(
            "tier",
            tier,
            f"a tier whose deadline (day {_day_text(timing.tiers[position])}) is before the "
            f"day it is compared with (day {_day_text(paid)})",
        )
    return _rate(_forgone(item.discounts[position].rate, _dec(days), basis, mode, later_discount))


# --------------------------------------------------------------------------
# Should the buyer take the discount?
# --------------------------------------------------------------------------


class DiscountConvention(SpendEnum):
    """The rule :func:`should_take_discount` decides by.

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


@attrs.frozen
class DiscountDecision(Explained):
    """Whether to take an early-payment discount, and by what margin.

    Attributes:
        take: Take the discount (pay by ``pay_day`` at the discounted amount).
        convention: :class:`DiscountConvention` used.
        compounding: :class:`Compounding` of the rates.
        day_basis: Days in the year.
        cost_of_capital: The rate the forgone rate is compared with (the Current
            Value of Funds rate under the US Treasury rule).
        installment: Index of the installment decided on (``None`` for the explicit form).
        tier: Index of the tier taken, or of the best tier declined; ``None``
            when no discount is available.
        discount_rate: That tier's discount (0 when none).
        discount_days: That tier's deadline, days after the baseline (0 when none).
        pay_day: When to pay, days after the baseline: the tier's deadline if
            taken, else the net (or given) pay day.
        forgone_rate: Annualised cost of skipping that tier; ``None`` when no
            discount is available or it is open until the pay day (free).
        break_even_cost_of_capital: The cost of capital at which the decision flips
            (the highest forgone rate of any tier); ``None`` as for ``forgone_rate``.
        margin: ``break_even_cost_of_capital − cost_of_capital`` (positive: take);
            ``None`` when there is no finite break-even.
    """

    take: bool
    convention: DiscountConvention
    compounding: Compounding
    day_basis: int
    cost_of_capital: Decimal
    installment: int | None
    tier: int | None
    discount_rate: Decimal
    discount_days: Decimal
    pay_day: Decimal
    forgone_rate: Decimal | None
    break_even_cost_of_capital: Decimal | None
    margin: Decimal | None
    rule: str = "payment_terms.discount_decision@1"
    reasons: tuple[Reason, ...] = ()

    def primary_reason(self) -> Reason | None:
        """Return the reason that states the decision (take, skip, indifferent or none).

        Examples:
            >>> decision = should_take_discount(rate=Decimal("0.02"), discount_days=10,
            ...                                 net_days=30, cost_of_capital=Decimal("0.08"))
            >>> decision.primary_reason().code
            'TERMS.DISCOUNT.TAKE'
        """
        return self.reasons[-1] if self.reasons else None


@attrs.frozen
class _Option:
    index: int
    rate: Decimal
    deadline: Fraction


def _growth(rate: Decimal, days: Decimal, basis: int, compounding: Compounding) -> Decimal:
    with exact():
        if compounding is Compounding.EFFECTIVE:
            return _power(_ONE + rate, days / basis)
        return _ONE + rate * days / basis


def _decide(
    options: Sequence[_Option],
    pay: Fraction,
    *,
    cost: Decimal,
    convention: DiscountConvention,
    compounding: Compounding,
    basis: int,
    age: int,
    installment: int | None,
    extra: Sequence[Reason],
) -> DiscountDecision:
    reasons: list[Reason] = list(extra)
    if convention is DiscountConvention.US_TREASURY:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.US_TREASURY",
                "US Treasury rule (TFM 6-8040.40): effective annual discount rate "
                "d/(1−d) × 360/(days in the payment period − days left in the discount "
                f"period), taken when larger than the Current Value of Funds rate {_pct(cost)}.",
                current_value_of_funds=cost,
                invoice_age_days=age,
            )
        )
    available: list[tuple[_Option, Decimal | None, Fraction]] = []
    for option in options:
        left = option.deadline - age
        label = f"{_plain_pct(option.rate)} discount (until day {_day_text(option.deadline)})"
        if left < 0:
            reasons.append(
                Reason.of(
                    "TERMS.DISCOUNT.EXPIRED",
                    f"The {label} expired: the invoice is {age} days old.",
                    tier=option.index,
                    invoice_age_days=age,
                )
            )
            continue
        days = pay - left
        if days <= 0:
            reasons.append(
                Reason.of(
                    "TERMS.DISCOUNT.FREE",
                    f"The {label} is open until the pay day (day {_day_text(pay)}) itself: "
                    "taking it costs no financing at all.",
                    tier=option.index,
                )
            )
            available.append((option, None, days))
            continue
        forgone = _rate(_forgone(option.rate, _dec(days), basis, compounding))
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.FORGONE_RATE",
                f"Skipping the {label} to pay {_day_text(days)} days later costs "
                f"{_pct(forgone)} a year ({compounding.value}, {basis}-day basis).",
                tier=option.index,
                days=_dec(days),
                forgone_rate=forgone,
            )
        )
        available.append((option, forgone, days))
    if not available:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.NONE",
                f"No early-payment discount is available: pay on day {_day_text(pay)}.",
                pay_day=_dec(pay),
            )
        )
        return DiscountDecision(
            take=False,
            convention=convention,
            compounding=compounding,
            day_basis=basis,
            cost_of_capital=cost,
            installment=installment,
            tier=None,
            discount_rate=_ZERO,
            discount_days=_days(_ZERO),
            pay_day=_days(_dec(pay)),
            forgone_rate=None,
            break_even_cost_of_capital=None,
            margin=None,
            reasons=tuple(reasons),
        )
    finite = [forgone for _o, forgone, _d in available if forgone is not None]
    free = any(forgone is None for _o, forgone, _d in available)
    break_even = None if free else max(finite)
    take = free or (break_even is not None and cost < break_even)

    def saving(entry: tuple[_Option, Decimal | None, Fraction]) -> tuple[Decimal, Fraction]:
        option, _forgone_rate, days = entry
        with exact():
            if compounding is Compounding.ROUGH:
                value = option.rate - cost * _dec(max(days, Fraction(0))) / basis
            else:
                growth = _growth(cost, _dec(max(days, Fraction(0))), basis, compounding)
                value = _ONE - (_ONE - option.rate) * growth
        return value, option.deadline

    if take:
        eligible = [e for e in available if e[1] is None or cost < e[1]]
        chosen = max(eligible, key=saving)
    else:
        chosen = max(available, key=lambda e: (e[1], -e[0].index))
    option, chosen_rate, _days_gained = chosen
    with exact():
        margin = None if break_even is None else break_even - cost
    pay_day = option.deadline if take else pay
    head = f"the {_plain_pct(option.rate)} discount"
    if free:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.TAKE",
                f"Take {head} and pay on day {_day_text(pay_day)}: it costs nothing to take.",
                tier=option.index,
            )
        )
    elif take:
        assert break_even is not None and margin is not None  # noqa: S101 - not free
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.TAKE",
                f"Take {head} and pay by day {_day_text(pay_day)}: skipping it costs "
                f"{_pct(chosen_rate or _ZERO)} a year, more than the {_pct(cost)} cost of capital "
                f"(break-even {_pct(break_even)}, margin {_points(margin)}).",
                tier=option.index,
                break_even=break_even,
                margin=margin,
            )
        )
    else:
        assert break_even is not None and margin is not None  # noqa: S101 - not free
        code = "TERMS.DISCOUNT.INDIFFERENT" if cost == break_even else "TERMS.DISCOUNT.SKIP"
        relation = "equals" if cost == break_even else "is above"
        reasons.append(
            Reason.of(
                code,
                f"Skip {head} and pay on day {_day_text(pay)}: the {_pct(cost)} cost of capital "
                f"{relation} what skipping costs ({_pct(break_even)} a year); the discount is "
                f"worth taking only while capital costs less than {_pct(break_even)}.",
                tier=option.index,
                break_even=break_even,
                margin=margin,
            )
        )
    return DiscountDecision(
        take=take,
        convention=convention,
        compounding=compounding,
        day_basis=basis,
        cost_of_capital=cost,
        installment=installment,
        tier=option.index,
        discount_rate=option.rate,
        discount_days=_days(_dec(option.deadline)),
        pay_day=_days(_dec(pay_day)),
        forgone_rate=chosen_rate,
        break_even_cost_of_capital=break_even,
        margin=margin,
        reasons=tuple(reasons),
    )


def _averaged_reason(terms: PaymentTerms, timing: _Timing) -> Reason:
    return Reason.of(
        "TERMS.DAYS.AVERAGED",
        f"'{_label(terms)}' depends on the invoice date; its days are averaged over the "
        f"invoice dates of {REFERENCE_YEAR_START.year} (net day {_day_text(timing.net)} on "
        "average).",
        net_days=_dec(timing.net),
    )


def _base_reason(terms: PaymentTerms) -> list[Reason]:
    if terms.discount_base is DiscountBase.GROSS:
        return []
    return [
        Reason.of(
            "TERMS.DISCOUNT.BASE_NOT_GROSS",
            f"The discounts of '{_label(terms)}' apply to the amount before tax, so they are a "
            "smaller share of what is paid than their rate; the rates here use the full rate "
            "(an upper bound of the discount's value).",
            severity=Severity.WARNING,
            discount_base=terms.discount_base,
        )
    ]


def should_take_discount(
    terms: PaymentTerms | None = None,
    *,
    cost_of_capital: Decimal | int,
    rate: Decimal | int | None = None,
    discount_days: int | None = None,
    net_days: int | None = None,
    pay_day: int | None = None,
    convention: DiscountConvention | str = DiscountConvention.COST_OF_CAPITAL,
    day_basis: int | None = None,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_age_days: int = 0,
    installment: int | None = None,
    invoice_date: date | None = None,
) -> DiscountDecision:
    """Decide whether to take an early-payment discount.

    Each tier's forgone rate (see :func:`forgone_discount_rate`) is compared with
    ``cost_of_capital``: the discount is taken when skipping it costs more. With
    several tiers, the decision flips at the highest forgone rate
    (``break_even_cost_of_capital``), and the tier taken is the one that saves the
    most once the cost of paying early is counted. Equality means skip (keep the
    cash; the reason says indifferent).

    Args:
        terms: :class:`PaymentTerms`; or ``None`` for the explicit form.
        cost_of_capital: The buyer's annual cost of capital (or the Treasury's
            Current Value of Funds rate), a fraction ``> -1``.
        rate: Explicit form: the discount, ``0 <= d < 1``.
        discount_days: Explicit form: the last day of the discount.
        net_days: Explicit form: the net due day.
        pay_day: The day the buyer pays when skipping; default the net day.
        convention: ``"cost_of_capital"`` (default) or ``"us_treasury"``.
        day_basis: Default ``None``: 365 under ``cost_of_capital``, 360 under
            ``us_treasury`` (which requires 360).
        compounding: ``"simple"`` (default), ``"effective"`` or ``"rough"``;
            ``us_treasury`` requires ``"simple"``.
        invoice_age_days: ``us_treasury`` only: days since the invoice was
            received; the days left in the discount period are the discount days
            minus this. Default 0.
        installment: Terms form: which installment; default the only one with a
            discount.
        invoice_date: Terms form: the baseline date for calendar-dependent rules;
            default ``None`` averages them over the invoice dates of 2025.

    Returns:
        A :class:`DiscountDecision`. No discount available is a decision to skip,
        not an error.

    Raises:
        InvalidInputError: as :func:`forgone_discount_rate`; a day basis or
            compounding that contradicts ``us_treasury``; ``invoice_age_days`` with
            ``cost_of_capital``.
        TypeError: ``float`` rates, non-``int`` days.

    Examples:
        >>> decision = should_take_discount(rate=Decimal("0.02"), discount_days=10, net_days=30,
        ...                                 cost_of_capital=Decimal("0.08"))
        >>> decision.take, decision.break_even_cost_of_capital, decision.margin
        (True, Decimal('0.3724489796'), Decimal('0.2924489796'))
        >>> treasury = should_take_discount(rate=Decimal("0.02"), discount_days=10, net_days=30,
        ...     cost_of_capital=Decimal("0.01"), convention="us_treasury", invoice_age_days=6)
        >>> treasury.take, treasury.forgone_rate
        (True, Decimal('0.2825745683'))

    References:
        fiscal.treasury.gov, "Formula and Calculator for Discounts"; Treasury
        Financial Manual Vol. I Part 6 Chapter 8000, section 8040.40 (quoted in
        Treasury OIG letter OIG-13-CA-008); AccountingTools, "Cost of credit formula".
    """
    cost = _check_rate_above_minus_one(cost_of_capital, "cost_of_capital")
    rule = _enum(DiscountConvention, convention, "convention")
    mode = _enum(Compounding, compounding, "compounding")
    age = check_int(invoice_age_days, "invoice_age_days", minimum=0)
    if rule is DiscountConvention.US_TREASURY:
        if day_basis is not None and day_basis != 360:
            raise InvalidInputError("day_basis", day_basis, "360 (or None) under 'us_treasury'")
        if mode is not Compounding.SIMPLE:
            raise InvalidInputError("compounding", compounding, "'simple' under 'us_treasury'")
        basis = 360
    else:
        if age:
            raise InvalidInputError(
                "invoice_age_days", invoice_age_days, "0 unless convention is 'us_treasury'"
            )
        basis = 365 if day_basis is None else _check_day_basis(day_basis)
    if terms is None:
        if rate is None or discount_days is None or net_days is None:
            raise InvalidInputError(
                "terms", None, "PaymentTerms, or rate, discount_days and net_days all given"
            )
        discount = _check_discount(rate, "rate")
        early, _net, late = _explicit_days(discount_days, net_days, pay_day)
        options = [_Option(0, discount, Fraction(early))] if discount > 0 else []
        return _decide(
            options,
            Fraction(late),
            cost=cost,
            convention=rule,
            compounding=mode,
            basis=basis,
            age=age,
            installment=None,
            extra=(),
        )
    subject = _check_terms(terms, "terms")
    _no_explicit("terms", rate=rate, discount_days=discount_days, net_days=net_days)
    index = _pick_installment(subject, installment)
    given_date = _optional_date(invoice_date, "invoice_date")
    extra = _base_reason(subject)
    if index is None:
        timing = _timing(subject.installments[-1], given_date)
        options = []
    else:
        item = subject.installments[index]
        timing = _timing(item, given_date)
        options = [
            _Option(position, tier.rate, deadline)
            for position, (tier, deadline) in enumerate(
                zip(item.discounts, timing.tiers, strict=True)
            )
        ]
    if timing.averaged:
        extra.append(_averaged_reason(subject, timing))
    paid = timing.net if pay_day is None else Fraction(check_int(pay_day, "pay_day", minimum=0))
    return _decide(
        options,
        paid,
        cost=cost,
        convention=rule,
        compounding=mode,
        basis=basis,
        age=age,
        installment=index,
        extra=extra,
    )


# --------------------------------------------------------------------------
# Effective payment days and comparing terms
# --------------------------------------------------------------------------


class TakeDiscounts(SpendEnum):
    """Which discounts :func:`effective_payment_days` and :func:`compare_terms` assume are taken.

    Attributes:
        NEVER: Every installment is paid on its net day at the full amount.
        ALWAYS: Every installment with a discount is paid on its first (highest)
            tier's deadline at the discounted amount.
        WHEN_WORTH_IT: Each installment is paid on the option (a tier's deadline,
            or the net day) with the lowest present value at ``cost_of_capital``.
    """

    NEVER = "never"
    ALWAYS = "always"
    WHEN_WORTH_IT = "when_worth_it"


def _discount_factor_days(
    rate: Decimal, days: Decimal, basis: int, compounding: Compounding
) -> Decimal:
    with exact():
        return _ONE / _growth(rate, days, basis, compounding)


@attrs.frozen
class _Plan:
    """How one term is paid: weighted days, the share of the price paid, PV per unit."""

    days: Fraction
    discount: Decimal
    present_value: Decimal | None
    taken: tuple[int | None, ...]
    averaged: bool


def _plan(
    terms: PaymentTerms,
    *,
    policy: TakeDiscounts,
    invoice_date: date | None,
    invoice_amount: object,
    cost: Decimal | None,
    basis: int,
    compounding: Compounding,
    field: str,
) -> _Plan:
    weights = _weights(terms, invoice_amount, field)
    days = Fraction(0)
    discount = _ZERO
    present = _ZERO
    taken: list[int | None] = []
    averaged = False
    for weight, item in zip(weights, terms.installments, strict=True):
        timing = _timing(item, invoice_date)
        averaged = averaged or timing.averaged
        choice: int | None = None
        if item.discounts and policy is TakeDiscounts.ALWAYS:
            choice = 0
        elif item.discounts and policy is TakeDiscounts.WHEN_WORTH_IT:
            assert cost is not None  # noqa: S101 - checked by the callers
            best = _discount_factor_days(cost, _dec(timing.net), basis, compounding)
            for position, tier in enumerate(item.discounts):
                with exact():
                    value = (_ONE - tier.rate) * _discount_factor_days(
                        cost, _dec(timing.tiers[position]), basis, compounding
                    )
                if value < best:
                    best, choice = value, position
        day = timing.net if choice is None else timing.tiers[choice]
        paid = _ONE if choice is None else _ONE - item.discounts[choice].rate
        days += weight * day
        with exact():
            share = _dec(weight)
            discount += share * (_ONE - paid)
            if cost is not None:
                present += share * paid * _discount_factor_days(cost, _dec(day), basis, compounding)
        taken.append(choice)
    return _Plan(days, discount, present if cost is not None else None, tuple(taken), averaged)


def effective_payment_days(
    terms: PaymentTerms,
    *,
    take_discounts: TakeDiscounts | str = TakeDiscounts.NEVER,
    cost_of_capital: Decimal | int | None = None,
    invoice_date: date | None = None,
    invoice_amount: Decimal | int | None = None,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.EFFECTIVE,
) -> Decimal:
    """Return the amount-weighted days from the baseline to payment.

    Each installment counts with its share of the invoice; its day is its net
    day, or its discount deadline when the discount is taken under
    ``take_discounts``. "net 75", "net 60" and "2/30 net 60 when the discount is
    taken" become 75, 60 and 30 days. (To fold the discount itself into the
    days, see ``equivalent_net_days`` in :func:`compare_terms`.)

    Args:
        terms: The :class:`PaymentTerms`.
        take_discounts: ``"never"`` (default), ``"always"`` (first tier) or
            ``"when_worth_it"`` (needs ``cost_of_capital``).
        cost_of_capital: Annual rate for ``"when_worth_it"``.
        invoice_date: Baseline for calendar-dependent rules; default ``None``
            averages them over the invoice dates of 2025 (invoices spread evenly).
        invoice_amount: The invoice amount; needed only for fixed-amount installments.
        day_basis: Day basis of the ``"when_worth_it"`` comparison; default 365.
        compounding: Discounting of that comparison; default ``"effective"``.

    Returns:
        Days, rounded half-even to :data:`DAY_PLACES` places.

    Raises:
        InvalidInputError: ``"when_worth_it"`` without a cost of capital; a missing
            or too small ``invoice_amount`` for fixed amounts; unknown conventions.
        TypeError: terms of the wrong type.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> effective_payment_days(parse_terms("30% advance, 70% net 30"))
        Decimal('21.00')
        >>> effective_payment_days(parse_terms("2/30 net 60"), take_discounts="always")
        Decimal('30.00')

    References:
        Capgemini (2013), payment-term benefit: "net 75 vs net 60 vs 2 % 30 net 60";
        domain notes ``payment_terms.md`` section 7.2 (effective days).
    """
    subject = _check_terms(terms, "terms")
    policy = _enum(TakeDiscounts, take_discounts, "take_discounts")
    basis = _check_day_basis(day_basis)
    mode = _enum(Compounding, compounding, "compounding")
    if mode is Compounding.ROUGH:
        raise InvalidInputError("compounding", compounding, "'simple' or 'effective'")
    cost = None
    if policy is TakeDiscounts.WHEN_WORTH_IT:
        if cost_of_capital is None:
            raise InvalidInputError(
                "cost_of_capital", None, "a rate when take_discounts is 'when_worth_it'"
            )
        cost = _check_rate_above_minus_one(cost_of_capital, "cost_of_capital")
    elif cost_of_capital is not None:
        raise InvalidInputError(
            "cost_of_capital", cost_of_capital, "None unless take_discounts is 'when_worth_it'"
        )
    plan = _plan(
        subject,
        policy=policy,
        invoice_date=_optional_date(invoice_date, "invoice_date"),
        invoice_amount=invoice_amount,
        cost=cost,
        basis=basis,
        compounding=mode,
        field="terms",
    )
    return _days(_dec(plan.days))


def _check_price_change(_instance: object, _attribute: object, value: Any) -> None:
    _check_rate_above_minus_one(value, "price_change")


def _check_label(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"label must be a str, not {type(value).__name__}: {_shown(value)}")


def _check_offer_terms(_instance: object, _attribute: object, value: Any) -> None:
    _check_terms(value, "terms")


@attrs.frozen
class TermsOffer:
    """An alternative for :func:`compare_terms`: terms, with the price they come at.

    Attributes:
        terms: The :class:`PaymentTerms`.
        price_change: The price change these terms come with, as a fraction of the
            reference price (``Decimal("0.01")``: 1 % dearer); default 0.
        label: A name for the reports; default ``""`` means the terms' notation.
    """

    terms: PaymentTerms = attrs.field(validator=_check_offer_terms)
    price_change: Decimal = attrs.field(default=_ZERO, validator=_check_price_change)
    label: str = attrs.field(default="", validator=_check_label)


@attrs.frozen
class RankedTerms:
    """One alternative in a :class:`TermsComparison`, cheapest first.

    Attributes:
        rank: 1 for the cheapest in present value.
        index: Position in the list given to :func:`compare_terms`.
        label: The offer's label, or the terms' notation.
        price_change: The offer's price change (fraction).
        discounts_taken: For each installment, the tier taken (``None``: paid net).
        payment_days: Amount-weighted days to payment.
        price_paid: Share of the reference price paid, after price change and
            discounts (``0.98`` for a 2 % discount taken).
        present_value: Present value of the payments per unit of reference price.
        equivalent_net_days: The net term, at the reference price, with the same
            present value: the one axis all alternatives compare on.
        extra_cost: ``present_value`` minus the cheapest alternative's (per unit).
    """

    rank: int
    index: int
    label: str
    price_change: Decimal
    discounts_taken: tuple[int | None, ...]
    payment_days: Decimal
    price_paid: Decimal
    present_value: Decimal
    equivalent_net_days: Decimal
    extra_cost: Decimal


@attrs.frozen
class TermsComparison(Explained):
    """Alternatives ranked by the present value of what the buyer pays.

    Attributes:
        cost_of_capital: The buyer's annual cost of capital.
        compounding: Discounting convention.
        day_basis: Days in the year.
        take_discounts: Which discounts were assumed taken.
        ranking: :class:`RankedTerms`, cheapest first (ties keep the given order).
    """

    cost_of_capital: Decimal
    compounding: Compounding
    day_basis: int
    take_discounts: TakeDiscounts
    ranking: tuple[RankedTerms, ...]
    rule: str = "payment_terms.compare_terms@1"
    reasons: tuple[Reason, ...] = ()

    def _detail_lines(self) -> list[str]:
        lines = ["  ranking:"]
        for entry in self.ranking:
            lines.append(
                f"    {entry.rank}. {entry.label}: {entry.payment_days} days, pays "
                f"{_pct(entry.price_paid)} of the price, present value "
                f"{_pct(entry.present_value)}, like net {entry.equivalent_net_days}"
            )
        return lines


def _equivalent_days(
    present: Decimal, cost: Decimal, basis: int, compounding: Compounding
) -> Decimal:
    with exact():
        if compounding is Compounding.EFFECTIVE:
            return -basis * present.ln() / (_ONE + cost).ln()
        return basis * (_ONE / present - _ONE) / cost


def compare_terms(
    alternatives: Sequence[PaymentTerms | TermsOffer],
    *,
    cost_of_capital: Decimal | int,
    take_discounts: TakeDiscounts | str = TakeDiscounts.WHEN_WORTH_IT,
    invoice_date: date | None = None,
    invoice_amount: Decimal | int | None = None,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.EFFECTIVE,
) -> TermsComparison:
    """Rank alternative terms by the present value of what the buyer pays.

    Each alternative pays, per unit of reference price, ``(1 + price_change)``
    times each installment's share, less any discount taken, on that
    installment's day; the present value at the baseline uses the buyer's
    ``cost_of_capital``. The cheapest ranks first, and every alternative gets
    the *equivalent net days*: the plain net term with the same present value.

    Args:
        alternatives: :class:`PaymentTerms` or :class:`TermsOffer` (terms at a price), at least one.
        cost_of_capital: The buyer's annual cost of capital, ``> 0``.
        take_discounts: Default ``"when_worth_it"``: each installment is paid on the
            cheapest of its options; ``"always"`` or ``"never"`` fix the choice.
        invoice_date: Baseline for calendar-dependent rules; default ``None``
            averages them over the invoice dates of 2025.
        invoice_amount: The invoice amount; needed only for fixed-amount installments.
        day_basis: Default 365.
        compounding: Default ``"effective"``: ``(1 + r)^(−t/B)`` (Excel XNPV);
            ``"simple"``: ``1/(1 + r·t/B)``.

    Returns:
        A :class:`TermsComparison`.

    Raises:
        InvalidInputError: no alternatives, ``cost_of_capital <= 0``, unknown
            conventions, missing ``invoice_amount`` for fixed amounts.
        TypeError: an alternative of the wrong type.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> result = compare_terms([parse_terms(t) for t in ("net 75", "net 60", "2/30 net 60")],
        ...                        cost_of_capital=Decimal("0.08"))
        >>> [(r.label, r.equivalent_net_days) for r in result.ranking]
        [('2/30 net 60', Decimal('125.81')), ('net 75', Decimal('75.00')), ('net 60', Decimal('60.00'))]

    References:
        Capgemini (2013), "net 75 vs net 60 vs 2 % 30 net 60"; Microsoft Excel
        ``XNPV``; FreeAcademy, ``PV = Pay/(1 + r·t/B)``.
    """
    cost = check_positive(cost_of_capital, "cost_of_capital")
    policy = _enum(TakeDiscounts, take_discounts, "take_discounts")
    basis = _check_day_basis(day_basis)
    mode = _enum(Compounding, compounding, "compounding")
    if mode is Compounding.ROUGH:
        raise InvalidInputError("compounding", compounding, "'simple' or 'effective'")
    given_date = _optional_date(invoice_date, "invoice_date")
    offers: list[TermsOffer] = []
    for index, item in enumerate(alternatives):
        if isinstance(item, TermsOffer):
            offers.append(item)
        elif isinstance(item, PaymentTerms):
            offers.append(TermsOffer(item))
        else:
            raise TypeError(
                f"alternatives[{index}] must be PaymentTerms or TermsOffer, "
                f"not {type(item).__name__}: {_shown(item)}"
            )
    if not offers:
        raise InvalidInputError("alternatives", list(alternatives), "at least one alternative")
    rows = []
    averaged = False
    for index, offer in enumerate(offers):
        plan = _plan(
            offer.terms,
            policy=policy,
            invoice_date=given_date,
            invoice_amount=invoice_amount,
            cost=cost,
            basis=basis,
            compounding=mode,
            field=f"alternatives[{index}]",
        )
        averaged = averaged or plan.averaged
        assert plan.present_value is not None  # noqa: S101 - cost given
        with exact():
            factor = _ONE + offer.price_change
            present = plan.present_value * factor
            paid = (_ONE - plan.discount) * factor
        rows.append((present, index, offer, plan, paid))
    rows.sort(key=lambda row: (row[0], row[1]))
    best = rows[0][0]
    ranking = []
    reasons = []
    for rank, (present, index, offer, plan, paid) in enumerate(rows, start=1):
        label = offer.label or _label(offer.terms)
        equivalent = _days(_equivalent_days(present, cost, basis, mode))
        with exact():
            extra = present - best
        entry = RankedTerms(
            rank=rank,
            index=index,
            label=label,
            price_change=offer.price_change,
            discounts_taken=plan.taken,
            payment_days=_days(_dec(plan.days)),
            price_paid=_rate(paid),
            present_value=_rate(present),
            equivalent_net_days=equivalent,
            extra_cost=_rate(extra),
        )
        ranking.append(entry)
        taken = any(choice is not None for choice in plan.taken)
        how = "taking the discount" if taken else "paying net"
        price = (
            "" if offer.price_change == 0 else f" at a price change of {_pct(offer.price_change)}"
        )
        reasons.append(
            Reason.of(
                "TERMS.COMPARE.RANKED",
                f"{rank}. {label}{price}, {how}: pays {_pct(entry.price_paid)} of the price after "
                f"{entry.payment_days} days on average; present value {_pct(entry.present_value)} "
                f"of the price, as good as net {equivalent} days"
                + (
                    "."
                    if rank == 1
                    else f"; costs {_pct(entry.extra_cost, 3)} of the price more than the best."
                ),
                rank=rank,
                present_value=entry.present_value,
                equivalent_net_days=equivalent,
            )
        )
    if averaged:
        reasons.append(
            Reason.of(
                "TERMS.DAYS.AVERAGED",
                "Some terms depend on the invoice date; their days are averaged over the "
                f"invoice dates of {REFERENCE_YEAR_START.year}.",
            )
        )
    return TermsComparison(
        cost_of_capital=cost,
        compounding=mode,
        day_basis=basis,
        take_discounts=policy,
        ranking=tuple(ranking),
        reasons=tuple(reasons),
    )


# --------------------------------------------------------------------------
# Term change impact
# --------------------------------------------------------------------------


class SpendConvention(SpendEnum):
    """How :func:`term_change_impact` turns extra days into cash.

    Attributes:
        DAILY: Spend flows evenly through the year: ``annual_spend × Δdays / B``
            (calcsimpler "Payment Terms Extension ROI Calculator").
        MONTHLY: Invoices arrive monthly: each 30 days of extra term hold one
            month's spend, ``annual_spend / 12 × Δdays / 30`` (Timelio).
    """

    DAILY = "daily"
    MONTHLY = "monthly"


class PriceSource(SpendEnum):
    """Where the price increase in a :class:`TermChangeImpact` comes from.

    Attributes:
        ASKED: The supplier's actual ask (``price_increase``).
        SUPPLIER_COST: The supplier's extra financing cost at its cost of capital.
        NOT_PRICED: Neither is known; no price increase is assumed.
    """

    ASKED = "asked"
    SUPPLIER_COST = "supplier_cost"
    NOT_PRICED = "not_priced"


class TermChangeVerdict(SpendEnum):
    """The verdict of a :class:`TermChangeImpact`.

    Attributes:
        PROPOSED_BETTER: The proposed terms create value net of discounts lost
            and the price increase.
        CURRENT_BETTER: They destroy value: keep the current terms.
        BREAK_EVEN: The price increase equals the break-even exactly.
    """

    PROPOSED_BETTER = "proposed_better"
    CURRENT_BETTER = "current_better"
    BREAK_EVEN = "break_even"


@attrs.frozen
class TermChangeImpact(Explained):
    """What a change of payment terms is worth to the buyer, and what the supplier will charge.

    Money amounts are per year except ``cash_released`` (once). Positive
    ``days_change`` means the buyer pays later.

    Attributes:
        currency: ISO 4217 code of every amount.
        annual_spend: The annual spend with the supplier (reference price), rounded.
        current: The current terms, in notation.
        proposed: The proposed terms, in notation.
        current_days: Amount-weighted days to payment under the current terms.
        proposed_days: The same under the proposed terms.
        days_change: ``proposed_days − current_days``.
        cash_released: Working capital released once (negative: absorbed).
        cost_of_capital: The buyer's annual cost of capital.
        annual_value: ``cash_released × cost_of_capital``: what the cash is worth a year.
        discounts_lost: Early-payment discounts given up a year (negative: gained).
        supplier_cost_of_capital: The supplier's cost of capital, if known.
        supplier_extra_cost: The supplier's extra financing cost a year,
            ``cash_released × supplier_cost_of_capital`` (``None`` if unknown).
        price_increase: The price increase the verdict assumes, as a fraction of spend.
        price_increase_amount: ``annual_spend × price_increase``, rounded.
        price_source: :class:`PriceSource`.
        net_annual_value: ``annual_value − discounts_lost − price_increase_amount``.
        break_even_price_increase: The price increase (fraction of spend) at which
            ``net_annual_value`` is zero to the minor unit; given to as many places
            as that needs (at least :data:`RATE_PLACES`).
        break_even_price_increase_amount: ``annual_value − discounts_lost``.
        verdict: :class:`TermChangeVerdict`, from comparing ``price_increase`` with
            ``break_even_price_increase``.
        discount_share: Share of spend paid within the discount window, if given
            (``None``: each discount taken when worth it at ``cost_of_capital``).
        day_basis: Days in the year.
        convention: :class:`SpendConvention`.
        compounding: :class:`Compounding` of the forgone-discount rates that decide
            whether a discount is worth taking (when ``discount_share`` is ``None``).
    """

    currency: str
    annual_spend: Decimal
    current: str
    proposed: str
    current_days: Decimal
    proposed_days: Decimal
    days_change: Decimal
    cash_released: Decimal
    cost_of_capital: Decimal
    annual_value: Decimal
    discounts_lost: Decimal
    supplier_cost_of_capital: Decimal | None
    supplier_extra_cost: Decimal | None
    price_increase: Decimal
    price_increase_amount: Decimal
    price_source: PriceSource
    net_annual_value: Decimal
    break_even_price_increase: Decimal
    break_even_price_increase_amount: Decimal
    verdict: TermChangeVerdict
    discount_share: Decimal | None
    day_basis: int
    convention: SpendConvention
    compounding: Compounding
    rule: str = "payment_terms.term_change_impact@1"
    reasons: tuple[Reason, ...] = ()


@attrs.frozen
class _Usage:
    """How a term is used for a year's spend: weighted days and discount rate captured."""

    days: Fraction
    discount: Decimal
    averaged: bool


def _usage(
    terms: PaymentTerms,
    *,
    share: Decimal | None,
    cost: Decimal,
    basis: int,
    compounding: Compounding,
    invoice_amount: object,
    field: str,
) -> _Usage:
    weights = _weights(terms, invoice_amount, field)
    days = Fraction(0)
    discount = _ZERO
    averaged = False
    for weight, item in zip(weights, terms.installments, strict=True):
        timing = _timing(item, None)
        averaged = averaged or timing.averaged
        taken = Fraction(0)
        rate = _ZERO
        deadline = timing.net
        if item.discounts:
            options = [
                _Option(position, tier.rate, timing.tiers[position])
                for position, tier in enumerate(item.discounts)
            ]
            decision = _decide(
                options,
                timing.net,
                cost=cost,
                convention=DiscountConvention.COST_OF_CAPITAL,
                compounding=compounding,
                basis=basis,
                age=0,
                installment=None,
                extra=(),
            )
            assert decision.tier is not None  # noqa: S101 - options are never empty here
            rate = item.discounts[decision.tier].rate
            deadline = timing.tiers[decision.tier]
            if share is None:
                taken = Fraction(1) if decision.take else Fraction(0)
            else:
                taken = Fraction(share)
        days += weight * (taken * deadline + (1 - taken) * timing.net)
        with exact():
            discount += _dec(weight * taken) * rate
    return _Usage(days, discount, averaged)


def _as_terms(value: object, field: str) -> PaymentTerms:
    if isinstance(value, int) and not isinstance(value, bool):
        days = check_int(value, field, minimum=0)
        if days > MAX_DAYS:
            raise InvalidInputError(field, value, f"at most {MAX_DAYS} days")
        return PaymentTerms.of(NetDays(days))
    if not isinstance(value, PaymentTerms):
        raise TypeError(
            f"{field} must be PaymentTerms or an int of net days, "
            f"not {type(value).__name__}: {_shown(value)}"
        )
    return value


def _spend_rate(ratio: Decimal, spend: Decimal, currency: str) -> Decimal:
    """Round a fraction of ``spend`` so that ``spend × rate`` is within 0.05 minor units of exact.

    ``|spend × (rounded − ratio)| <= spend × 0.5e-places < 0.05 minor units`` when
    ``places = adjusted(spend) + 2 + minor_units``; at least :data:`RATE_PLACES`.
    """
    places = max(RATE_PLACES, spend.adjusted() + 2 + minor_units(currency))
    return _round_places(ratio, places)


def term_change_impact(
    *,
    annual_spend: Decimal | int,
    currency: str,
    current: PaymentTerms | int,
    proposed: PaymentTerms | int,
    cost_of_capital: Decimal | int,
    supplier_cost_of_capital: Decimal | int | None = None,
    price_increase: Decimal | int | None = None,
    discount_share: Decimal | int | None = None,
    day_basis: int = 365,
    convention: SpendConvention | str = SpendConvention.DAILY,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_amount: Decimal | int | None = None,
    rounding: str = _ROUND_HALF_UP,
) -> TermChangeImpact:
    """Settle a change of payment terms with numbers finance and procurement both accept.

    Finance's side: paying later releases working capital once,
    ``annual_spend × Δdays / B``, worth ``cost_of_capital`` of itself every year.
    Procurement's side: the supplier must finance the same amount for longer,
    ``cash_released × supplier_cost_of_capital`` a year, which it prices into the
    goods; discounts the current terms offered may be lost. The verdict compares
    the price increase (asked, or expected from the supplier's cost of capital)
    with the break-even increase at which the change is worth nothing.

    Args:
        annual_spend: Annual spend with the supplier at today's prices, ``> 0``.
        currency: ISO 4217 code.
        current: The current terms, or an ``int`` of net days.
        proposed: The proposed terms, or an ``int`` of net days.
        cost_of_capital: The buyer's annual cost of capital (fraction, ``> -1``).
        supplier_cost_of_capital: The supplier's (fraction, ``> -1``); default
            ``None``: not known, no expected price increase is computed.
        price_increase: The price increase the supplier asks for the proposed
            terms, as a fraction of spend (``> -1``); default ``None``: use the
            supplier's financing cost if known, else assume none.
        discount_share: Share of spend paid within a discount window, ``0..1``,
            applied to each installment's best tier under both terms; default
            ``None``: each discount is taken when worth it at ``cost_of_capital``
            (see :func:`should_take_discount`), on all spend.
        day_basis: ``B`` of the daily convention and of the discount decisions;
            default 365. The monthly convention counts 12 months of 30 days.
        convention: ``"daily"`` (default) or ``"monthly"`` (see :class:`SpendConvention`).
        compounding: How the forgone-discount rate that decides whether a discount
            is worth taking is annualised (see :func:`should_take_discount`):
            ``"simple"`` (default), ``"effective"`` or ``"rough"``. Unused when
            ``discount_share`` is given.
        invoice_amount: A typical invoice amount; needed only for terms with
            fixed-amount installments.
        rounding: Rounding of every amount (default ``ROUND_HALF_UP``).

    Returns:
        A :class:`TermChangeImpact`. At ``price_increase ==
        break_even_price_increase`` the net annual value is exactly zero.

    Raises:
        InvalidInputError: ``annual_spend <= 0``; rates ``<= -1``; a discount share
            outside ``[0, 1]``; unknown currency or convention; terms with fixed
            amounts and no ``invoice_amount``.
        TypeError: ``float`` amounts or rates, terms of the wrong type.

    Examples:
        >>> impact = term_change_impact(annual_spend=Decimal("8000000"), currency="USD",
        ...     current=45, proposed=60, cost_of_capital=Decimal("0.10"))
        >>> impact.cash_released, impact.annual_value
        (Decimal('328767.12'), Decimal('32876.71'))
        >>> from spendrules.payment_terms import parse_terms
        >>> impact = term_change_impact(annual_spend=Decimal("10000000"), currency="USD",
        ...     current=parse_terms("net 30"), proposed=parse_terms("net 90"),
        ...     cost_of_capital=Decimal("0.08"), supplier_cost_of_capital=Decimal("0.12"))
        >>> impact.cash_released, impact.annual_value, impact.supplier_extra_cost
        (Decimal('1643835.62'), Decimal('131506.85'), Decimal('197260.27'))
        >>> impact.verdict
        <TermChangeVerdict.CURRENT_BETTER: 'current_better'>

    References:
        calcsimpler, "Payment Terms Extension ROI Calculator"; Timelio, "How to
        Pull the Trigger Without Getting Shot" (monthly convention); FreeAcademy,
        "Payment Terms and Financing" (supplier cost ``invoice × r_s × Δ/365``);
        chenhaozhou.me SCF course ch. 2 (credit arbitrage).
    """
    spend_raw = check_positive(annual_spend, "annual_spend")
    code = check_currency(currency, "currency")
    before = _as_terms(current, "current")
    after = _as_terms(proposed, "proposed")
    r_b = _check_rate_above_minus_one(cost_of_capital, "cost_of_capital")
    r_s = (
        None
        if supplier_cost_of_capital is None
        else _check_rate_above_minus_one(supplier_cost_of_capital, "supplier_cost_of_capital")
    )
    asked = (
        None
        if price_increase is None
        else _check_rate_above_minus_one(price_increase, "price_increase")
    )
    share = None if discount_share is None else check_fraction(discount_share, "discount_share")
    basis = _check_day_basis(day_basis)
    how = _enum(SpendConvention, convention, "convention")
    mode = _enum(Compounding, compounding, "compounding")
    spend = quantize(spend_raw, code, rounding=rounding)
    if spend <= 0:
        raise InvalidInputError("annual_spend", annual_spend, f"at least one {code} minor unit")
    old, new = (
        _usage(
            terms,
            share=share,
            cost=r_b,
            basis=basis,
            compounding=mode,
            invoice_amount=invoice_amount,
            field=field,
        )
        for terms, field in ((before, "current"), (after, "proposed"))
    )
    change = new.days - old.days
    days_in_year = basis if how is SpendConvention.DAILY else 360
    with exact():
        exact_cash = spend * _dec(change) / days_in_year
        exact_value = exact_cash * r_b
        exact_lost = spend * (old.discount - new.discount)
    cash = quantize(exact_cash, code, rounding=rounding)
    value = quantize(exact_value, code, rounding=rounding)
    lost = quantize(exact_lost, code, rounding=rounding)
    with exact():
        break_even_amount = value - lost
        break_even = _spend_rate(break_even_amount / spend, spend, code)
    supplier_cost = None
    if r_s is not None:
        with exact():
            supplier_exact = exact_cash * r_s
        supplier_cost = quantize(supplier_exact, code, rounding=rounding)
    if asked is not None:
        source, increase = PriceSource.ASKED, asked
        with exact():
            increase_amount = quantize(spend * asked, code, rounding=rounding)
    elif r_s is not None and supplier_cost is not None:
        source = PriceSource.SUPPLIER_COST
        with exact():
            increase = _spend_rate(supplier_exact / spend, spend, code)
        increase_amount = supplier_cost
    else:
        source, increase = PriceSource.NOT_PRICED, _ZERO
        increase_amount = quantize(_ZERO, code, rounding=rounding)
    with exact():
        net = value - lost - increase_amount
    if increase < break_even:
        verdict = TermChangeVerdict.PROPOSED_BETTER
    elif increase > break_even:
        verdict = TermChangeVerdict.CURRENT_BETTER
    else:
        verdict = TermChangeVerdict.BREAK_EVEN
    before_text, after_text = _label(before), _label(after)
    reasons = _impact_reasons(
        code=code,
        spend=spend,
        before=before_text,
        after=after_text,
        old=old,
        new=new,
        change=change,
        how=how,
        mode=mode,
        basis=basis,
        cash=cash,
        r_b=r_b,
        value=value,
        lost=lost,
        share=share,
        r_s=r_s,
        supplier_cost=supplier_cost,
        source=source,
        increase=increase,
        increase_amount=increase_amount,
        break_even=break_even,
        break_even_amount=break_even_amount,
        net=net,
        verdict=verdict,
    )
    return TermChangeImpact(
        currency=code,
        annual_spend=spend,
        current=before_text,
        proposed=after_text,
        current_days=_days(_dec(old.days)),
        proposed_days=_days(_dec(new.days)),
        days_change=_days(_dec(change)),
        cash_released=cash,
        cost_of_capital=r_b,
        annual_value=value,
        discounts_lost=lost,
        supplier_cost_of_capital=r_s,
        supplier_extra_cost=supplier_cost,
        price_increase=increase,
        price_increase_amount=increase_amount,
        price_source=source,
        net_annual_value=net,
        break_even_price_increase=break_even,
        break_even_price_increase_amount=break_even_amount,
        verdict=verdict,
        discount_share=share,
        day_basis=basis,
        convention=how,
        compounding=mode,
        reasons=tuple(reasons),
    )


def _impact_reasons(
    *,
    code: str,
    spend: Decimal,
    before: str,
    after: str,
    old: _Usage,
    new: _Usage,
    change: Fraction,
    how: SpendConvention,
    mode: Compounding,
    basis: int,
    cash: Decimal,
    r_b: Decimal,
    value: Decimal,
    lost: Decimal,
    share: Decimal | None,
    r_s: Decimal | None,
    supplier_cost: Decimal | None,
    source: PriceSource,
    increase: Decimal,
    increase_amount: Decimal,
    break_even: Decimal,
    break_even_amount: Decimal,
    net: Decimal,
    verdict: TermChangeVerdict,
) -> list[Reason]:
    later = "later" if change >= 0 else "earlier"
    reasons = [
        Reason.of(
            "TERMS.IMPACT.DAYS",
            f"'{before}' pays {_day_text(old.days)} days after the invoice on average; "
            f"'{after}' pays after {_day_text(new.days)} days: {_day_text(abs(change))} days "
            f"{later}.",
            current_days=_dec(old.days),
            proposed_days=_dec(new.days),
        )
    ]
    if old.averaged or new.averaged:
        reasons.append(
            Reason.of(
                "TERMS.DAYS.AVERAGED",
                "Terms that depend on the invoice date are averaged over the invoice dates of "
                f"{REFERENCE_YEAR_START.year} (spend spread evenly).",
            )
        )
    formula = (
        f"{_fmt(spend, code)} × {_day_text(change)}/{basis}"
        if how is SpendConvention.DAILY
        else f"{_fmt(spend, code)} / 12 × {_day_text(change)}/30 (monthly invoices)"
    )
    released = "releases" if cash >= 0 else "absorbs"
    reasons.append(
        Reason.of(
            "TERMS.IMPACT.CASH_RELEASED",
            f"Finance: paying {_day_text(abs(change))} days {later} {released} "
            f"{_fmt(cash.copy_abs(), code)} of working capital once ({formula}).",
            cash_released=cash,
            convention=how,
        )
    )
    reasons.append(
        Reason.of(
            "TERMS.IMPACT.CASH_VALUE",
            f"Finance: at the {_pct(r_b)} cost of capital that cash is worth {_fmt(value, code)} "
            "a year.",
            annual_value=value,
            cost_of_capital=r_b,
        )
    )
    if lost != 0:
        basis_text = (
            f"where worth taking at the cost of capital ({mode.value} rate, {basis}-day basis)"
            if share is None
            else f"on {_pct(share)} of spend"
        )
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.DISCOUNTS_LOST" if lost > 0 else "TERMS.IMPACT.DISCOUNTS_GAINED",
                f"Early-payment discounts taken {basis_text}: "
                f"{_pct(old.discount, 3)} of spend under '{before}', {_pct(new.discount, 3)} under "
                f"'{after}': {_fmt(lost.copy_abs(), code)} a year {'lost' if lost > 0 else 'gained'}.",
                discounts_lost=lost,
            )
        )
    if r_s is not None and supplier_cost is not None:
        longer = "longer" if change >= 0 else "less"
        with exact():
            supplier_share = _spend_rate(supplier_cost / spend, spend, code)
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.SUPPLIER_COST",
                f"Procurement: the supplier finances the same {_fmt(cash.copy_abs(), code)} for "
                f"{_day_text(abs(change))} days {longer}; at its {_pct(r_s)} cost of capital that "
                f"is {_fmt(supplier_cost, code)} a year ({_pct(supplier_share, 3)} "
                "of spend), the price change to expect.",
                supplier_extra_cost=supplier_cost,
                supplier_cost_of_capital=r_s,
            )
        )
        if r_s > r_b and cash > 0:
            with exact():
                chain = supplier_cost - value
            reasons.append(
                Reason.of(
                    "TERMS.IMPACT.COST_SHIFTED",
                    f"The supplier's cost of capital ({_pct(r_s)}) is above the buyer's "
                    f"({_pct(r_b)}): the change moves financing to the dearer balance sheet, and "
                    f"buyer and supplier together lose {_fmt(chain, code)} a year. Supply chain "
                    "finance on the buyer's credit can release the cash without that cost.",
                    severity=Severity.WARNING,
                    chain_loss=chain,
                )
            )
    if source is PriceSource.ASKED:
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.PRICE_ASKED",
                f"Procurement: the supplier asks {_pct(increase, 3)} more for '{after}', "
                f"{_fmt(increase_amount, code)} a year.",
                price_increase=increase,
                price_increase_amount=increase_amount,
            )
        )
    elif source is PriceSource.NOT_PRICED:
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.PRICE_NOT_PRICED",
                "The supplier's reaction is not priced, and suppliers price longer terms into the "
                "goods: give supplier_cost_of_capital or price_increase to include it.",
                severity=Severity.WARNING,
            )
        )
    if break_even >= 0:
        limit = (
            f"the price increase stays below {_pct(break_even, 3)} of spend "
            f"({_fmt(break_even_amount, code)} a year)"
        )
    else:
        limit = (
            f"the supplier cuts prices by more than {_pct(break_even.copy_negate(), 3)} of spend "
            f"({_fmt(break_even_amount.copy_negate(), code)} a year)"
        )
    reasons.append(
        Reason.of(
            "TERMS.IMPACT.BREAK_EVEN",
            f"Break-even: '{after}' is worth it only while {limit}.",
            break_even_price_increase=break_even,
            break_even_price_increase_amount=break_even_amount,
        )
    )
    netted = (
        "net of discounts lost, before any price change"
        if source is PriceSource.NOT_PRICED
        else "net of discounts lost and the price change"
    )
    worth = (
        f"is worth {_fmt(net, code)} a year"
        if net >= 0
        else f"costs {_fmt(net.copy_negate(), code)} a year"
    )
    message = {
        TermChangeVerdict.PROPOSED_BETTER: f"Move to '{after}': {netted}, it {worth}.",
        TermChangeVerdict.CURRENT_BETTER: f"Keep '{before}': {netted}, '{after}' {worth}.",
        TermChangeVerdict.BREAK_EVEN: f"'{after}' and '{before}' are worth the same: the price "
        "change equals the break-even.",
    }[verdict]
    reasons.append(
        Reason.of(
            f"TERMS.IMPACT.{verdict.name}",
            message,
            severity=Severity.WARNING
            if verdict is TermChangeVerdict.CURRENT_BETTER
            else Severity.INFO,
            net_annual_value=net,
        )
    )
    return reasons


# --------------------------------------------------------------------------
# Dynamic discounting
# --------------------------------------------------------------------------


@attrs.frozen
class DynamicDiscount(Explained):
    """An early-payment offer priced at an APR (dynamic discounting).

    Attributes:
        currency: ISO 4217 code of every amount.
        amount: The invoice amount, rounded to the currency.
        apr: The annual rate the discount is priced at (a fraction).
        days_early: Days between the early payment and the due date.
        day_basis: Days in the year used for the pro-rating.
        discount: ``amount × apr × days_early / day_basis``, rounded.
        payable: ``amount − discount``.
        discount_rate: ``discount`` as a fraction of ``amount`` (unrounded
            formula ``apr × days_early / day_basis``, rounded to
            :data:`RATE_PLACES`).
    """

    currency: str
    amount: Decimal
    apr: Decimal
    days_early: int
    day_basis: int
    discount: Decimal
    payable: Decimal
    discount_rate: Decimal
    rule: str = "payment_terms.dynamic_discount@1"
    reasons: tuple[Reason, ...] = ()


def dynamic_discount(
    amount: Decimal | int,
    *,
    currency: str,
    apr: Decimal | int,
    days_early: int,
    day_basis: int = 360,
    rounding: str = _ROUND_HALF_UP,
) -> DynamicDiscount:
    """Price paying an invoice ``days_early`` days early at an annual rate (dynamic discounting).

    Args:
        amount: Invoice amount, ``>= 0``; rounded to the currency first, and the
            discount is computed on that rounded amount.
        currency: ISO 4217 code.
        apr: Annual rate of the offer as a fraction, ``>= 0``.
        days_early: Days between the early payment and the due date, ``>= 0``.
        day_basis: Days in the year; default 360, as Oracle Fusion and Kanexa price
            early-payment offers.
        rounding: Rounding of the discount (default ``ROUND_HALF_UP``).

    Returns:
        A :class:`DynamicDiscount`; ``discount + payable == amount`` exactly.

    Raises:
        InvalidInputError: negative amount, APR or days; unknown currency.
        TypeError: ``float`` amount or APR.

    Examples:
        >>> offer = dynamic_discount(Decimal("10000"), currency="USD", apr=Decimal("0.12"), days_early=30)
        >>> offer.discount, offer.payable
        (Decimal('100.00'), Decimal('9900.00'))

    References:
        Oracle Fusion, "Reviewing Early Payment Discount Offers" (APR × days / 360);
        Kanexa help; C2FO, "APR vs discount".
    """
    value = check_non_negative(amount, "amount")
    code = check_currency(currency, "currency")
    annual = check_non_negative(apr, "apr")
    days = check_int(days_early, "days_early", minimum=0)
    basis = _check_day_basis(day_basis)
    total = quantize(value, code, rounding=rounding)
    with exact():
        exact_discount = total * annual * days / basis  # on the amount shown, rounded once
        fraction = annual * days / basis
    discount = quantize(exact_discount, code, rounding=rounding)
    with exact():
        payable = total - discount
    reason = Reason.of(
        "TERMS.DYNAMIC_DISCOUNT.OFFER",
        f"Paying {_fmt(total, code)} {days} days early at {_pct(annual)} a year "
        f"({day_basis}-day basis) earns a discount of {_fmt(discount, code)}: "
        f"pay {_fmt(payable, code)}.",
        amount=total,
        apr=annual,
        days_early=days,
        day_basis=basis,
        discount=discount,
    )
    return DynamicDiscount(
        currency=code,
        amount=total,
        apr=annual,
        days_early=days,
        day_basis=basis,
        discount=discount,
        payable=payable,
        discount_rate=_rate(fraction),
        reasons=(reason,),
    )


# --------------------------------------------------------------------------
# Supply chain finance
# --------------------------------------------------------------------------


@attrs.frozen
class SupplyChainFinance(Explained):
    """Who gains what when a funder pays the supplier early against the buyer's credit.

    Notation (chenhaozhou SCF course, ch. 2): invoice ``F``, term ``T`` days,
    extended term ``T'`` (the day the buyer pays the funder), funding day ``t``
    (the day the funder pays the supplier), funder rate ``r_k``, supplier's cost
    of capital ``r_s``, buyer's cost of capital ``r_b``, day basis ``B``.

    Attributes:
        currency: ISO 4217 code of every amount.
        amount: ``F``, rounded.
        term_days: ``T``.
        extended_term_days: ``T'``.
        funding_day: ``t``.
        funder_rate: ``r_k``.
        supplier_cost_of_capital: ``r_s``.
        buyer_cost_of_capital: ``r_b``.
        day_basis: ``B``.
        funder_discount: What the supplier pays the funder, ``F × r_k × (T' − t)/B``.
        supplier_receives: ``F − funder_discount``, paid on day ``t``.
        supplier_cost_without: What carrying the receivable from day ``t`` to ``T``
            would cost the supplier itself, ``F × r_s × (T − t)/B``.
        supplier_gain: ``supplier_cost_without − funder_discount`` (negative: a loss).
        buyer_gain: Value of paying ``T' − T`` days later, ``F × r_b × (T' − T)/B``.
        total_gain: ``supplier_gain + buyer_gain`` (the funder's income is not counted).
        arbitrage: ``r_k < r_s``: the funder prices the buyer's credit below the
            supplier's own cost of funds ("credit arbitrage").
    """

    currency: str
    amount: Decimal
    term_days: int
    extended_term_days: int
    funding_day: int
    funder_rate: Decimal
    supplier_cost_of_capital: Decimal
    buyer_cost_of_capital: Decimal
    day_basis: int
    funder_discount: Decimal
    supplier_receives: Decimal
    supplier_cost_without: Decimal
    supplier_gain: Decimal
    buyer_gain: Decimal
    total_gain: Decimal
    arbitrage: bool
    rule: str = "payment_terms.supply_chain_finance@1"
    reasons: tuple[Reason, ...] = ()


def supply_chain_finance(
    amount: Decimal | int,
    *,
    currency: str,
    term_days: int,
    funding_day: int,
    funder_rate: Decimal | int,
    supplier_cost_of_capital: Decimal | int,
    buyer_cost_of_capital: Decimal | int,
    extended_term_days: int | None = None,
    day_basis: int = 360,
    rounding: str = _ROUND_HALF_UP,
) -> SupplyChainFinance:
    """Split the gains of a supply chain finance (reverse factoring) programme.

    A funder pays the supplier on ``funding_day`` at a discount priced on the
    buyer's credit; the buyer pays the funder in full on ``extended_term_days``
    (the original ``term_days`` when terms are not extended). The supplier
    compares the funder's discount with carrying the receivable itself; the
    buyer gains the value of the extension.

    Args:
        amount: Invoice amount ``F``, ``>= 0``; rounded to the currency first, and
            every amount is computed on that rounded ``F``.
        currency: ISO 4217 code.
        term_days: ``T``, the current term in days, ``>= 0``.
        funding_day: ``t``, when the funder pays the supplier, ``0 <= t <= T``.
        funder_rate: ``r_k``, the funder's annual discount rate (fraction, ``>= 0``).
        supplier_cost_of_capital: ``r_s`` (fraction, ``>= 0``).
        buyer_cost_of_capital: ``r_b`` (fraction, ``>= 0``).
        extended_term_days: ``T' >= T``; default ``None`` means ``T`` (no extension).
        day_basis: ``B``; default 360, as funders quote discounts ACT/360.
        rounding: Rounding of each amount (default ``ROUND_HALF_UP``).

    Returns:
        A :class:`SupplyChainFinance`; ``supplier_receives + funder_discount == amount``
        and ``total_gain == supplier_gain + buyer_gain`` exactly.

    Raises:
        InvalidInputError: negative inputs, ``funding_day > term_days`` or
            ``extended_term_days < term_days``.
        TypeError: ``float`` amounts or rates, non-``int`` days.

    Examples:
        >>> scf = supply_chain_finance(
        ...     Decimal("100000"), currency="EUR", term_days=60, extended_term_days=90,
        ...     funding_day=10, funder_rate=Decimal("0.04"),
        ...     supplier_cost_of_capital=Decimal("0.10"), buyer_cost_of_capital=Decimal("0.08"))
        >>> scf.funder_discount, scf.supplier_gain, scf.buyer_gain, scf.arbitrage
        (Decimal('888.89'), Decimal('500.00'), Decimal('666.67'), True)

    References:
        chenhaozhou.me SCF course, ch. 2 (notation F, T, t, Δt, r_b, r_s, r_k;
        "credit arbitrage"). FreeAcademy, "Payment Terms and Financing".
    """
    value = check_non_negative(amount, "amount")
    code = check_currency(currency, "currency")
    term = check_int(term_days, "term_days", minimum=0)
    funded = check_int(funding_day, "funding_day", minimum=0)
    if funded > term:
        raise InvalidInputError("funding_day", funding_day, f"<= term_days ({term})")
    extended = (
        term
        if extended_term_days is None
        else check_int(extended_term_days, "extended_term_days", minimum=term)
    )
    r_k = check_non_negative(funder_rate, "funder_rate")
    r_s = check_non_negative(supplier_cost_of_capital, "supplier_cost_of_capital")
    r_b = check_non_negative(buyer_cost_of_capital, "buyer_cost_of_capital")
    basis = _check_day_basis(day_basis)
    total = quantize(value, code, rounding=rounding)
    with exact():
        # on the amount shown (rounded to the currency), so every reason reproduces
        funder = total * r_k * (extended - funded) / basis
        without = total * r_s * (term - funded) / basis
        buyer = total * r_b * (extended - term) / basis
    funder_discount = quantize(funder, code, rounding=rounding)
    supplier_cost_without = quantize(without, code, rounding=rounding)
    buyer_gain = quantize(buyer, code, rounding=rounding)
    with exact():
        supplier_gain = supplier_cost_without - funder_discount
        supplier_receives = total - funder_discount
        total_gain = supplier_gain + buyer_gain
    arbitrage = r_k < r_s
    reasons = [
        Reason.of(
            "TERMS.SCF.FUNDER_DISCOUNT",
            f"The funder pays the supplier on day {funded} and collects "
            f"{_fmt(total, code)} from the buyer on day {extended}: "
            f"{extended - funded} days at {_pct(r_k)} ({basis}-day basis) is a discount of "
            f"{_fmt(funder_discount, code)}.",
            funder_rate=r_k,
            days=extended - funded,
            funder_discount=funder_discount,
        ),
        Reason.of(
            "TERMS.SCF.SUPPLIER_GAINS" if supplier_gain >= 0 else "TERMS.SCF.SUPPLIER_LOSES",
            f"Carrying the receivable from day {funded} to day {term} at its own "
            f"{_pct(r_s)} would cost the supplier {_fmt(supplier_cost_without, code)}; "
            f"the funder's discount is {_fmt(funder_discount, code)}, so the supplier "
            f"{'gains' if supplier_gain >= 0 else 'loses'} {_fmt(supplier_gain.copy_abs(), code)}.",
            severity=Severity.INFO if supplier_gain >= 0 else Severity.WARNING,
            supplier_gain=supplier_gain,
        ),
        Reason.of(
            "TERMS.SCF.BUYER_GAINS",
            f"The buyer pays {extended - term} days later than the {term}-day term; at its "
            f"{_pct(r_b)} cost of capital that is worth {_fmt(buyer_gain, code)}.",
            buyer_gain=buyer_gain,
            extension_days=extended - term,
        ),
    ]
    if not arbitrage:
        reasons.append(
            Reason.of(
                "TERMS.SCF.NO_ARBITRAGE",
                f"The funder's rate {_pct(r_k)} is not below the supplier's cost of capital "
                f"{_pct(r_s)}: financing on the buyer's credit brings the supplier no rate "
                "advantage.",
                severity=Severity.WARNING,
                funder_rate=r_k,
                supplier_cost_of_capital=r_s,
            )
        )
    return SupplyChainFinance(
        currency=code,
        amount=total,
        term_days=term,
        extended_term_days=extended,
        funding_day=funded,
        funder_rate=r_k,
        supplier_cost_of_capital=r_s,
        buyer_cost_of_capital=r_b,
        day_basis=basis,
        funder_discount=funder_discount,
        supplier_receives=supplier_receives,
        supplier_cost_without=supplier_cost_without,
        supplier_gain=supplier_gain,
        buyer_gain=buyer_gain,
        total_gain=total_gain,
        arbitrage=arbitrage,
        reasons=tuple(reasons),
    )


# --------------------------------------------------------------------------
# NPV
# --------------------------------------------------------------------------


@attrs.frozen
class CashFlow:
    """One dated amount for :func:`npv`.

    Attributes:
        on: The payment date.
        amount: The amount (any sign; the sign convention is the caller's).
    """

    on: date = attrs.field(validator=lambda _i, _a, v: check_date(v, "on"))
    amount: Decimal = attrs.field(validator=lambda _i, _a, v: check_decimal(v, "amount"))


def _thirty_360(start: date, end: date) -> int:
    day1 = min(start.day, 30)
    day2 = end.day
    if day2 == 31 and day1 == 30:
        day2 = 30
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + day2 - day1


def _year_fraction(start: date, end: date, day_count: DayCount) -> Decimal:
    with exact():
        if day_count is DayCount.ACT_365F:
            return Decimal((end - start).days) / 365
        if day_count is DayCount.ACT_360:
            return Decimal((end - start).days) / 360
        if end >= start:
            return Decimal(_thirty_360(start, end)) / 360
        return -Decimal(_thirty_360(end, start)) / 360


def _discount_factor(rate: Decimal, years: Decimal, compounding: Compounding) -> Decimal:
    with exact():
        if compounding is Compounding.SIMPLE:
            growth = _ONE + rate * years
            if growth <= 0:
                raise InvalidInputError(
                    "rate", rate, f"a rate with 1 + rate × t > 0 for every flow (t = {years})"
                )
            return _ONE / growth
        return _power(_ONE + rate, -years)


def _flows(cash_flows: Iterable[CashFlow | tuple[date, Decimal | int]]) -> list[CashFlow]:
    flows: list[CashFlow] = []
    for index, item in enumerate(cash_flows):
        if isinstance(item, CashFlow):
            flows.append(item)
        elif isinstance(item, tuple) and len(item) == 2:
            flows.append(
                CashFlow(
                    on=check_date(item[0], f"cash_flows[{index}][0]"),
                    amount=check_decimal(item[1], f"cash_flows[{index}][1]"),
                )
            )
        else:
            raise InvalidInputError(
                f"cash_flows[{index}]", item, "a CashFlow or a (date, amount) pair"
            )
    return flows


def npv(
    cash_flows: PaymentSchedule | Iterable[CashFlow | tuple[date, Decimal | int]],
    *,
    rate: Decimal | int,
    valuation_date: date,
    currency: str | None = None,
    take_discounts: bool = False,
    day_count: DayCount | str = DayCount.ACT_365F,
    compounding: Compounding | str = Compounding.EFFECTIVE,
    rounding: str = _ROUND_HALF_UP,
) -> Decimal:
    """Return the present value at ``valuation_date`` of dated amounts or of a payment schedule.

    Each flow ``A`` on date ``d`` is discounted over the year fraction ``t``
    from ``valuation_date`` to ``d`` under ``day_count``: ``A × (1 + r)^(−t)``
    (``effective``, Excel XNPV with ACT/365F) or ``A / (1 + r·t)`` (``simple``).
    Flows before ``valuation_date`` are compounded forward (``t < 0``).

    Args:
        cash_flows: A :class:`~spendrules.payment_terms.PaymentSchedule` (each
            line on its due date, or on its first discount's deadline at the
            discounted amount with ``take_discounts``), or :class:`CashFlow`
            objects or ``(date, amount)`` pairs.
        rate: Annual discount rate as a fraction, ``> -1``.
        valuation_date: The date values are brought to.
        currency: ISO 4217 code of the amounts (the result is rounded to it);
            required for plain flows, optional (and checked) for a schedule.
        take_discounts: Schedules only: pay each line with a discount at its first
            tier; default ``False``.
        day_count: Default ``"ACT/365F"``; also ``"ACT/360"``, ``"30/360"``.
        compounding: Default ``"effective"``; ``"simple"`` gives ``A/(1 + r·t)``.
        rounding: Rounding of the result (default ``ROUND_HALF_UP``).

    Returns:
        The sum of the discounted amounts, rounded once to the currency.

    Raises:
        InvalidInputError: ``rate <= -1``; a simple ``1 + r·t <= 0``; an item
            that is not a flow; ``compounding="rough"``; no currency for plain
            flows; ``take_discounts`` with plain flows.
        CurrencyMismatchError: ``currency`` differs from the schedule's.
        TypeError: ``float`` amounts or rate, non-``date`` dates.

    Examples:
        >>> from datetime import date
        >>> flows = [(date(2026, 1, 31), Decimal("1000")), (date(2026, 3, 2), Decimal("1000"))]
        >>> npv(flows, rate=Decimal("0.10"), valuation_date=date(2026, 1, 1), currency="USD")
        Decimal('1976.65')
        >>> npv(flows, rate=0, valuation_date=date(2026, 1, 1), currency="USD")
        Decimal('2000.00')
        >>> from spendrules.payment_terms import parse_terms, schedule
        >>> plan = schedule(parse_terms("2/10 net 30"), invoice_date=date(2026, 3, 15),
        ...                 amount=Decimal("1000.00"), currency="USD")
        >>> npv(plan, rate=Decimal("0.08"), valuation_date=date(2026, 3, 15))
        Decimal('993.69')
        >>> npv(plan, rate=Decimal("0.08"), valuation_date=date(2026, 3, 15), take_discounts=True)
        Decimal('977.94')

    References:
        FreeAcademy / finitefield, ``PV = Pay / (1 + r·t/B)``; Microsoft Excel
        ``XNPV``; ISDA 2006 Definitions 4.16 (day count fractions).
    """
    annual = _check_rate_above_minus_one(rate, "rate")
    anchor = check_date(valuation_date, "valuation_date")
    counting = _enum(DayCount, day_count, "day_count")
    mode = _enum(Compounding, compounding, "compounding")
    if mode is Compounding.ROUGH:
        raise InvalidInputError("compounding", compounding, "'simple' or 'effective' for npv")
    discounted = _check_bool(take_discounts, "take_discounts")
    if isinstance(cash_flows, PaymentSchedule):
        code = cash_flows.currency
        if currency is not None and check_currency(currency, "currency") != code:
            raise CurrencyMismatchError("currency", code, currency)
        flows = _flows(cash_flows.cash_flows(take_discounts=discounted))
    else:
        if currency is None:
            raise InvalidInputError("currency", None, "an ISO 4217 code for plain cash flows")
        if discounted:
            raise InvalidInputError("take_discounts", take_discounts, "False for plain cash flows")
        code = check_currency(currency, "currency")
        flows = _flows(cash_flows)
    total = _ZERO
    for flow in flows:
        factor = _discount_factor(annual, _year_fraction(anchor, flow.on, counting), mode)
        with exact():
            total += flow.amount * factor
    return quantize(total, code, rounding=rounding)


# --------------------------------------------------------------------------
# DPO
# --------------------------------------------------------------------------


def days_payable_outstanding(
    payables: Decimal | int,
    *,
    cost_of_sales: Decimal | int,
    period_days: int = 365,
    method: DpoMethod | str = DpoMethod.PERIOD_END,
    opening_payables: Decimal | int | None = None,
) -> Decimal:
    """Return days payable outstanding: payables ÷ (cost of sales / period days).

    Args:
        payables: Trade payables at the end of the period, ``>= 0``.
        cost_of_sales: Cost of sales (or purchases) of the period, ``> 0``.
        period_days: Days in the period; default 365 (a year), 90 for a quarter.
        method: ``"period_end"`` (default) divides closing payables;
            ``"average"`` divides the mean of ``opening_payables`` and ``payables``.
        opening_payables: Payables at the start of the period; required by, and
            only accepted with, ``method="average"``.

    Returns:
        Days, rounded half-even to :data:`DAY_PLACES` places.

    Raises:
        InvalidInputError: negative payables, ``cost_of_sales <= 0``,
            ``period_days < 1``, ``opening_payables`` missing for ``"average"`` or
            given for ``"period_end"``.
        TypeError: ``float`` amounts.

    Examples:
        >>> days_payable_outstanding(20, cost_of_sales=80)
        Decimal('91.25')
        >>> days_payable_outstanding(30, cost_of_sales=80, method="average", opening_payables=10)
        Decimal('91.25')

    References:
        income-outcome glossary, "DPO"; Sapling, "DPO" (average payables variant).
    """
    closing = check_non_negative(payables, "payables")
    cost = check_positive(cost_of_sales, "cost_of_sales")
    days = check_int(period_days, "period_days", minimum=1)
    how = _enum(DpoMethod, method, "method")
    if how is DpoMethod.AVERAGE:
        if opening_payables is None:
            raise InvalidInputError("opening_payables", None, "given when method is 'average'")
        opening = check_non_negative(opening_payables, "opening_payables")
        with exact():
            balance = (opening + closing) / 2
    else:
        if opening_payables is not None:
            raise InvalidInputError(
                "opening_payables", opening_payables, "None unless method is 'average'"
            )
        balance = closing
    with exact():
        result = balance * days / cost
    return _days(result)


# --------------------------------------------------------------------------
# Late-payment interest
# --------------------------------------------------------------------------

#: US Prompt Payment interest accrues for at most one year (5 CFR 1315.10(a)(5)(ii)).
_US_MAX_DAYS: Final = 365


@attrs.frozen
class LatePaymentInterest(Explained):
    """Interest owed on a late payment.

    Attributes:
        currency: ISO 4217 code.
        amount: The late principal, rounded.
        annual_rate: The annual interest rate (fraction).
        due_date: The due date; interest runs from the day after.
        paid_date: The payment date (included).
        method: :class:`InterestMethod`.
        day_basis: Days in the year.
        days_late: ``paid_date − due_date`` in days (0 when paid on time).
        days_charged: Days interest accrues for (``days_late``, capped at 365 under
            the US method).
        periods: Whole 30-day periods compounded (US method; 0 for simple).
        interest: The interest, rounded.
    """

    currency: str
    amount: Decimal
    annual_rate: Decimal
    due_date: date
    paid_date: date
    method: InterestMethod
    day_basis: int
    days_late: int
    days_charged: int
    periods: int
    interest: Decimal
    rule: str = "payment_terms.late_payment_interest@1"
    reasons: tuple[Reason, ...] = ()


def late_payment_interest(
    amount: Decimal | int,
    *,
    currency: str,
    annual_rate: Decimal | int,
    due_date: date,
    paid_date: date,
    method: InterestMethod | str = InterestMethod.SIMPLE,
    day_basis: int = 360,
    rounding: str = _ROUND_HALF_UP,
) -> LatePaymentInterest:
    """Return the interest owed on ``amount`` paid after ``due_date``.

    Interest runs from the day after the due date through the payment date: due
    1 April and paid 11 April is 10 days. ``simple``: ``P × r/B × d``.
    ``us_prompt_payment``: ``P(1 + r/12)^n × (1 + r/360 × d) − P``, with ``n``
    whole 30-day periods and ``d`` remaining days, for at most 365 days.

    Args:
        amount: The late principal, ``>= 0``; rounded to the currency first, and
            the interest is computed on that rounded principal.
        currency: ISO 4217 code.
        annual_rate: Annual rate as a fraction, ``>= 0`` (the Prompt Payment rate; in
            the EU the ECB reference rate plus 8 points, see
            :func:`eu_statutory_interest_rate`).
        due_date: Due date.
        paid_date: Payment date; on or before the due date there is no interest.
        method: ``"simple"`` (default) or ``"us_prompt_payment"``.
        day_basis: Default 360 (5 CFR 1315.17); the US method requires 360. Use 365
            where national law counts a 365-day year.
        rounding: Rounding of the interest (default ``ROUND_HALF_UP``).

    Returns:
        A :class:`LatePaymentInterest`.

    Raises:
        InvalidInputError: negative amount or rate, unknown method or currency,
            ``day_basis`` other than 360 with the US method.
        TypeError: ``float`` amount or rate, dates that are not ``date``.

    Examples:
        >>> from datetime import date
        >>> late_payment_interest(Decimal("1500"), currency="USD", annual_rate=Decimal("0.065"),
        ...                       due_date=date(2026, 4, 1), paid_date=date(2026, 4, 11)).interest
        Decimal('2.71')

    References:
        5 CFR 1315.10(a) (interest from the day after the due date; 30-day
        compounding; one-year limit) and 1315.17(b) (formulas and examples);
        fiscal.treasury.gov "Calculators and Formulas for Paying Interest";
        Directive 2011/7/EU, Art. 2(6), 3 and 4.
    """
    principal = check_non_negative(amount, "amount")
    code = check_currency(currency, "currency")
    rate = check_non_negative(annual_rate, "annual_rate")
    due = check_date(due_date, "due_date")
    paid = check_date(paid_date, "paid_date")
    how = _enum(InterestMethod, method, "method")
    basis = _check_day_basis(day_basis)
    if how is InterestMethod.US_PROMPT_PAYMENT and basis != 360:
        raise InvalidInputError(
            "day_basis", day_basis, "360 with method 'us_prompt_payment' (5 CFR 1315.17)"
        )
    total = quantize(principal, code, rounding=rounding)
    days_late = max((paid - due).days, 0)
    reasons: list[Reason] = []
    periods = 0
    days_charged = days_late
    if days_late == 0:
        interest = quantize(_ZERO, code, rounding=rounding)
        reasons.append(
            Reason.of(
                "TERMS.LATE.NOT_LATE",
                f"Paid on {paid.isoformat()}, not after the due date {due.isoformat()}: "
                "no interest.",
                days_late=days_late,
                annual_rate=rate,
            )
        )
    elif how is InterestMethod.SIMPLE:
        with exact():
            exact_interest = total * rate / basis * days_late
        interest = quantize(exact_interest, code, rounding=rounding)
        reasons.append(
            Reason.of(
                "TERMS.LATE.SIMPLE",
                f"{days_late} days late (from the day after {due.isoformat()} through "
                f"{paid.isoformat()}): {_fmt(total, code)} × {_pct(rate, 3)} / {basis} × "
                f"{days_late} = {_fmt(interest, code)}.",
                days_late=days_late,
                annual_rate=rate,
                interest=interest,
            )
        )
    else:
        days_charged = min(days_late, _US_MAX_DAYS)
        periods, rest = divmod(days_charged, 30)
        with exact():
            grown = total * (_ONE + rate / 12) ** periods * (_ONE + rate / 360 * rest)
            exact_interest = grown - total
        interest = quantize(exact_interest, code, rounding=rounding)
        reasons.append(
            Reason.of(
                "TERMS.LATE.COMPOUNDED",
                f"{days_charged} days late: {periods} whole 30-day periods compounded "
                f"monthly and {rest} more days, {_fmt(total, code)} × (1 + {_pct(rate, 3)}/12)"
                f"^{periods} × (1 + {_pct(rate, 3)}/360 × {rest}) − principal = "
                f"{_fmt(interest, code)}.",
                days_late=days_late,
                annual_rate=rate,
                periods=periods,
                interest=interest,
            )
        )
        if days_late > _US_MAX_DAYS:
            reasons.append(
                Reason.of(
                    "TERMS.LATE.ONE_YEAR_LIMIT",
                    f"Interest stops after one year: {days_late} days late, {_US_MAX_DAYS} "
                    "charged (5 CFR 1315.10(a)(5)(ii)).",
                    days_late=days_late,
                    days_charged=days_charged,
                )
            )
        if interest < 1:
            reasons.append(
                Reason.of(
                    "TERMS.LATE.UNDER_ONE_DOLLAR",
                    f"An interest penalty of {_fmt(interest, code)} is under one dollar and need "
                    "not be paid (5 CFR 1315.10(a)(7)).",
                    interest=interest,
                )
            )
    return LatePaymentInterest(
        currency=code,
        amount=total,
        annual_rate=rate,
        due_date=due,
        paid_date=paid,
        method=how,
        day_basis=basis,
        days_late=days_late,
        days_charged=days_charged,
        periods=periods,
        interest=interest,
        reasons=tuple(reasons),
    )


# --------------------------------------------------------------------------
# EU Late Payment Directive
# --------------------------------------------------------------------------


def eu_statutory_interest_rate(reference_rate: Decimal | int) -> Decimal:
    """Return the EU statutory late-payment rate: the ECB reference rate plus 8 points.

    Args:
        reference_rate: The ECB main refinancing rate for the half-year (fraction,
            may be negative).

    Returns:
        ``reference_rate + 0.08`` (the Directive's minimum; Member States may add more).

    Examples:
        >>> eu_statutory_interest_rate(Decimal("0.0215"))
        Decimal('0.1015')

    References:
        Directive 2011/7/EU, Art. 2(6) and 2(7) (EUR-Lex summary).
    """
    reference = check_decimal(reference_rate, "reference_rate")
    with exact():
        return reference + EU_STATUTORY_MARGIN


_EU_CAPS: Final = {
    Debtor.BUSINESS: (60, None),
    Debtor.PUBLIC_AUTHORITY: (30, 60),
    Debtor.PUBLIC_HEALTHCARE: (60, 60),
}


@attrs.frozen
class LatePaymentDirectiveCheck(Explained):
    """Whether a payment period fits the EU Late Payment Directive 2011/7/EU.

    Attributes:
        debtor: :class:`Debtor`.
        payment_days: The longest period, in days after the invoice, the terms allow.
        max_days: The Directive's cap for this debtor without conditions.
        absolute_max_days: The cap no agreement can lift (``None`` for businesses,
            whose cap an express, not grossly unfair agreement can lift).
        expressly_agreed: Whether the caller states the period was expressly agreed.
        status: :class:`DirectiveStatus`.
    """

    debtor: Debtor
    payment_days: int
    max_days: int
    absolute_max_days: int | None
    expressly_agreed: bool
    status: DirectiveStatus
    rule: str = "payment_terms.eu_late_payment_check@1"
    reasons: tuple[Reason, ...] = ()


def _directive_check(
    payment_days: int, debtor: Debtor, *, expressly_agreed: bool, extra: tuple[Reason, ...]
) -> LatePaymentDirectiveCheck:
    cap, absolute = _EU_CAPS[debtor]
    who = {
        Debtor.BUSINESS: "between businesses (Art. 3(5))",
        Debtor.PUBLIC_AUTHORITY: "for a public authority (Art. 4(3) and 4(6))",
        Debtor.PUBLIC_HEALTHCARE: "for a public healthcare entity (Art. 4(4)(b))",
    }[debtor]
    if payment_days <= cap:
        status = DirectiveStatus.COMPLIANT
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.COMPLIANT",
            f"{payment_days} days is within the {cap}-day cap {who}.",
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    elif absolute is not None and payment_days > absolute:
        status = DirectiveStatus.NON_COMPLIANT
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.NON_COMPLIANT",
            f"{payment_days} days exceeds the {absolute}-day limit {who}, which no agreement "
            "can lift.",
            severity=Severity.ERROR,
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    elif expressly_agreed:
        status = DirectiveStatus.CONDITIONAL
        condition = (
            "only if it is not grossly unfair to the creditor"
            if debtor is Debtor.BUSINESS
            else "only if it is objectively justified by the nature of the contract"
        )
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.CONDITIONAL",
            f"{payment_days} days exceeds the {cap}-day cap {who}; the express agreement "
            f"makes it lawful {condition}.",
            severity=Severity.WARNING,
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    else:
        status = DirectiveStatus.NON_COMPLIANT
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.NON_COMPLIANT",
            f"{payment_days} days exceeds the {cap}-day cap {who} and was not expressly agreed.",
            severity=Severity.ERROR,
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    remedies = Reason.of(
        "TERMS.EU_LATE_PAYMENT.REMEDIES",
        "Paid late, the creditor is owed interest at the ECB reference rate plus at least "
        f"{_points(EU_STATUTORY_MARGIN, 0)} and at least EUR {EU_FIXED_COMPENSATION_EUR} "
        "for recovery costs (Art. 2(6), 6).",
        margin=EU_STATUTORY_MARGIN,
        fixed_compensation_eur=EU_FIXED_COMPENSATION_EUR,
    )
    return LatePaymentDirectiveCheck(
        debtor=debtor,
        payment_days=payment_days,
        max_days=cap,
        absolute_max_days=absolute,
        expressly_agreed=expressly_agreed,
        status=status,
        reasons=(*extra, reason, remedies),
    )


def check_late_payment_directive(
    terms: PaymentTerms | None = None,
    *,
    payment_days: int | None = None,
    debtor: Debtor | str = Debtor.BUSINESS,
    expressly_agreed: bool = False,
    invoice_date: date | None = None,
) -> LatePaymentDirectiveCheck:
    """Check a payment period against the caps of the EU Late Payment Directive.

    The period is counted from the baseline of the terms (the Directive counts
    from receipt of the invoice) to the last net due date; discounts do not
    matter.

    Args:
        terms: :class:`PaymentTerms`; or ``None`` with ``payment_days``.
        payment_days: Explicit form: days from receipt of the invoice to payment.
        debtor: ``"business"`` (default, 60 days), ``"public_authority"`` (30 days,
            60 at most) or ``"public_healthcare"`` (60 days).
        expressly_agreed: The longer period was expressly agreed in the contract
            (default ``False``).
        invoice_date: Terms form: the baseline; default ``None`` checks the worst
            case over every baseline from 2024-01-01 to 2027-12-31 (for "net 30 EOM"
            that is 60 days, for an invoice dated the 1st of a 31-day month).

    Returns:
        A :class:`LatePaymentDirectiveCheck`; being over the cap is a result, not an
        exception.

    Raises:
        InvalidInputError: both or neither of ``terms`` and ``payment_days``;
            negative days; unknown debtor.
        TypeError: non-``int`` days, non-``bool`` ``expressly_agreed``, terms of the
            wrong type.

    Examples:
        >>> check_late_payment_directive(payment_days=90).status
        <DirectiveStatus.NON_COMPLIANT: 'non_compliant'>
        >>> check_late_payment_directive(payment_days=90, expressly_agreed=True).status
        <DirectiveStatus.CONDITIONAL: 'conditional'>
        >>> check_late_payment_directive(payment_days=45, debtor="public_authority").status
        <DirectiveStatus.NON_COMPLIANT: 'non_compliant'>
        >>> from spendrules.payment_terms import parse_terms
        >>> check_late_payment_directive(parse_terms("net 30 EOM")).payment_days
        60

    References:
        Directive 2011/7/EU on combating late payment in commercial transactions,
        Art. 3 and 4 (EUR-Lex summary).
    """
    who = _enum(Debtor, debtor, "debtor")
    agreed = _check_bool(expressly_agreed, "expressly_agreed")
    if terms is None:
        if payment_days is None:
            raise InvalidInputError("terms", None, "PaymentTerms, or payment_days given")
        days = check_int(payment_days, "payment_days", minimum=0)
        return _directive_check(days, who, expressly_agreed=agreed, extra=())
    subject = _check_terms(terms, "terms")
    _no_explicit("terms", payment_days=payment_days)
    given_date = _optional_date(invoice_date, "invoice_date")
    days = max(_worst_days(item, given_date) for item in subject.installments)
    extra: tuple[Reason, ...] = ()
    if given_date is None and not all(_constant(item) for item in subject.installments):
        extra = (
            Reason.of(
                "TERMS.EU_LATE_PAYMENT.WORST_CASE",
                f"'{_label(subject)}' depends on the invoice date; over invoice dates from "
                f"{REFERENCE_CYCLE_START.isoformat()} over {REFERENCE_CYCLE_DAYS} days it allows "
                f"up to {days} days.",
                payment_days=days,
            ),
        )
    return _directive_check(days, who, expressly_agreed=agreed, extra=extra)


def _check_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{field} must be a bool, not {type(value).__name__}: {_shown(value)}")
    return value
