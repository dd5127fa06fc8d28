"""Cash-flow arithmetic of payables: net present value, DPO and payables turnover.

* [`npv`][spendrules.payment_terms.npv]: the net present value of dated cash flows under a day count;
* [`days_payable_outstanding`][spendrules.payment_terms.days_payable_outstanding]: DPO as a ``Decimal``;
* [`payables_turnover`][spendrules.payment_terms.payables_turnover]: average payables, payables turnover and DPO, explained.

The conventions are those of `spendrules._terms.conventions`.

References:
    Domain notes ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_int,
    check_non_negative,
    check_positive,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._terms.conventions import (
    _ONE,
    _ROUND_HALF_UP,
    _ZERO,
    RATE_PLACES,
    Compounding,
    DayCount,
    _check_bool,
    _check_rate_above_minus_one,
    _days,
    _enum,
    _power,
    _round_places,
)
from spendrules._terms.schedule import PaymentSchedule
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.money import quantize
from spendrules.results import Explained, Reason

__all__ = [
    "CashFlow",
    "DpoMethod",
    "PayablesTurnover",
    "days_payable_outstanding",
    "npv",
    "payables_turnover",
]


class DpoMethod(SpendEnum):
    """Which payables [`days_payable_outstanding`][spendrules.payment_terms.days_payable_outstanding] and [`payables_turnover`][spendrules.payment_terms.payables_turnover] use.

    Attributes:
        PERIOD_END: Payables at the end of the period.
        AVERAGE: The mean of opening and closing payables.
    """

    PERIOD_END = "period_end"
    AVERAGE = "average"


# --------------------------------------------------------------------------
# NPV
# --------------------------------------------------------------------------


@attrs.frozen
class CashFlow:
    """One dated amount for [`npv`][spendrules.payment_terms.npv].

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
        cash_flows: A [`PaymentSchedule`][spendrules.payment_terms.PaymentSchedule] (each
            line on its due date, or on its first discount's deadline at the
            discounted amount with ``take_discounts``), or [`CashFlow`][spendrules.payment_terms.CashFlow]
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
        Days, rounded half-even to `DAY_PLACES` places.

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
    inputs = _payables_inputs(payables, cost_of_sales, period_days, method, opening_payables)
    with exact():
        result = inputs.balance * inputs.period_days / inputs.cost_of_sales
    return _days(result)


@attrs.frozen
class _PayablesInputs:
    closing: Decimal
    opening: Decimal | None
    balance: Decimal
    cost_of_sales: Decimal
    period_days: int
    method: DpoMethod


def _payables_inputs(
    payables: object,
    cost_of_sales: object,
    period_days: object,
    method: object,
    opening_payables: object,
) -> _PayablesInputs:
    closing = check_non_negative(payables, "payables")
    cost = check_positive(cost_of_sales, "cost_of_sales")
    days = check_int(period_days, "period_days", minimum=1)
    how = _enum(DpoMethod, method, "method")
    opening: Decimal | None = None
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
    return _PayablesInputs(closing, opening, balance, cost, days, how)


# --------------------------------------------------------------------------
# Payables turnover
# --------------------------------------------------------------------------


@attrs.frozen
class PayablesTurnover(Explained):
    """Average payables, payables turnover and DPO of one period ([`payables_turnover`][spendrules.payment_terms.payables_turnover]).

    Attributes:
        method: Which payables the ratios use ([`DpoMethod`][spendrules.payment_terms.DpoMethod]).
        payables: Trade payables at the end of the period.
        opening_payables: Payables at the start of the period (``None`` unless
            ``method`` is ``"average"``).
        cost_of_sales: Cost of sales (or purchases) of the period.
        period_days: Days in the period.
        average_payables: The payables the method uses: the mean of opening and
            closing payables for ``"average"``, closing payables for
            ``"period_end"`` (exact, not rounded).
        turnover: ``cost_of_sales ÷ average_payables``, times per period,
            rounded half-even to `RATE_PLACES` places.
        days_payable_outstanding: ``average_payables × period_days ÷ cost_of_sales``
            (``period_days ÷ turnover`` before rounding), rounded half-even to
            `DAY_PLACES` places; equal to [`days_payable_outstanding`][spendrules.payment_terms.days_payable_outstanding]
            for the same inputs.
    """

    method: DpoMethod
    payables: Decimal
    opening_payables: Decimal | None
    cost_of_sales: Decimal
    period_days: int
    average_payables: Decimal
    turnover: Decimal
    days_payable_outstanding: Decimal
    rule: str = "payment_terms.payables_turnover@1"
    reasons: tuple[Reason, ...] = ()


def payables_turnover(
    payables: Decimal | int,
    *,
    cost_of_sales: Decimal | int,
    period_days: int = 365,
    method: DpoMethod | str = DpoMethod.PERIOD_END,
    opening_payables: Decimal | int | None = None,
) -> PayablesTurnover:
    """Return average payables, payables turnover and DPO of a period, with the formulas.

    Payables turnover is cost of sales divided by (average) trade payables: how
    many times the payables balance is paid off in the period. Days payable
    outstanding is the period's days divided by the turnover, the same number
    [`days_payable_outstanding`][spendrules.payment_terms.days_payable_outstanding] returns for the same inputs.

    Args:
        payables: Trade payables at the end of the period, ``>= 0``.
        cost_of_sales: Cost of sales (or purchases) of the period, ``> 0``.
        period_days: Days in the period; default 365 (a year), 90 for a quarter.
        method: ``"period_end"`` (default) uses closing payables; ``"average"``
            uses the mean of ``opening_payables`` and ``payables`` (the textbook
            "average accounts payable").
        opening_payables: Payables at the start of the period; required by, and
            only accepted with, ``method="average"``.

    Returns:
        A [`PayablesTurnover`][spendrules.payment_terms.PayablesTurnover] with one reason per figure, each stating its
        formula with the numbers.

    Raises:
        InvalidInputError: negative payables, ``cost_of_sales <= 0``,
            ``period_days < 1``, ``opening_payables`` missing for ``"average"`` or
            given for ``"period_end"``, or payables the method uses equal to zero
            (the turnover is then undefined; [`days_payable_outstanding`][spendrules.payment_terms.days_payable_outstanding]
            returns ``0`` days for them).
        TypeError: ``float`` amounts.

    Examples:
        Investopedia's worked example: cost of goods sold of 120 million, payables
        of 30 million at the start and 50 million at the end of the year:

        >>> result = payables_turnover(
        ...     50_000_000, cost_of_sales=120_000_000, method="average", opening_payables=30_000_000
        ... )
        >>> result.average_payables, result.turnover, result.days_payable_outstanding
        (Decimal('40000000'), Decimal('3.0000000000'), Decimal('121.67'))

    References:
        Investopedia, "Accounts Payable Turnover Ratio" (purchases or cost of
        sales ÷ average accounts payable, average = (beginning + ending) ÷ 2;
        days = 365 ÷ turnover); CFI, "Accounts Payable Turnover Ratio".
    """
    inputs = _payables_inputs(payables, cost_of_sales, period_days, method, opening_payables)
    balance, cost, days = inputs.balance, inputs.cost_of_sales, inputs.period_days
    if balance == 0:
        field = "payables" if inputs.opening is None else "opening_payables + payables"
        raise InvalidInputError(field, balance, "> 0 for a payables turnover")
    with exact():
        turnover = cost / balance
        dpo = balance * days / cost
    if inputs.opening is None:
        basis = Reason.of(
            "TERMS.PAYABLES.BALANCE",
            f"The ratios use payables at the end of the period: {balance:,}.",
            method=inputs.method.value,
            average_payables=balance,
        )
    else:
        basis = Reason.of(
            "TERMS.PAYABLES.BALANCE",
            f"Average payables = (opening + closing) ÷ 2 = ({inputs.opening:,} + "
            f"{inputs.closing:,}) ÷ 2 = {balance:,}.",
            method=inputs.method.value,
            average_payables=balance,
        )
    rounded_turnover = _round_places(turnover, RATE_PLACES)
    shown_turnover = _round_places(turnover, 2)
    days_outstanding = _days(dpo)
    reasons = (
        basis,
        Reason.of(
            "TERMS.PAYABLES.TURNOVER",
            f"Payables turnover = cost of sales ÷ payables = {cost:,} ÷ {balance:,} = "
            f"{shown_turnover} times in {days} days.",
            turnover=rounded_turnover,
            cost_of_sales=cost,
        ),
        Reason.of(
            "TERMS.PAYABLES.DPO",
            f"Days payable outstanding = payables × days ÷ cost of sales = {balance:,} × {days} "
            f"÷ {cost:,} = {days_outstanding} days ({days} ÷ turnover).",
            days_payable_outstanding=days_outstanding,
            period_days=days,
        ),
    )
    return PayablesTurnover(
        method=inputs.method,
        payables=inputs.closing,
        opening_payables=inputs.opening,
        cost_of_sales=cost,
        period_days=days,
        average_payables=balance,
        turnover=rounded_turnover,
        days_payable_outstanding=days_outstanding,
        reasons=reasons,
    )
