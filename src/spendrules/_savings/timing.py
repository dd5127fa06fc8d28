"""Timing: fiscal periods and proration of annualised savings (private)."""

from __future__ import annotations

import calendar
import decimal
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import attrs

from spendrules._checks import check_date, check_decimal, check_int
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._savings import _fields as f
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, minor_units, quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "FiscalPeriod",
    "ProratedAmount",
    "Proration",
    "ProrationConvention",
    "add_months",
    "check_periods",
    "fiscal_years",
    "overlap_days",
    "prorate",
]

RULE = "savings.prorate@1"
_ONE_DAY = timedelta(days=1)
_SNOW_CAP = 365


class ProrationConvention(SpendEnum):
    """How an annualised amount is spread over periods.

    Attributes:
        ACTUAL_DAYS: By actual calendar days, both ends inclusive: each period gets
            ``amount × overlap_days / window_days``, split in whole minor units with
            :func:`spendrules.money.allocate` so the parts (plus the part outside every
            period) sum exactly to the amount. Leap days count.
        SERVICENOW: ServiceNow Sourcing and Procurement Operations' "Hard Savings YTD"
            proration: ``amount × min(overlap_days, 365) / min(window_days, 365)`` per
            period, each rounded to the minor unit. It treats the amount as an annual rate,
            so it does not conserve the amount over several periods.
    """

    ACTUAL_DAYS = "actual_days"
    SERVICENOW = "servicenow"


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` calendar months from the anchor, clipped to month end.

    The same result as ``day + dateutil.relativedelta(months=months)``: 31 January plus one
    month is 28 (or 29) February.
    """
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _period_order(instance: FiscalPeriod, _attribute: Any, value: Any) -> None:
    if value < instance.start:
        raise InvalidInputError("end", value, f"on or after start {instance.start.isoformat()}")


@attrs.frozen(kw_only=True)
class FiscalPeriod:
    """A named period with inclusive start and end dates.

    Examples:
        >>> FiscalPeriod(name="FY2026", start=date(2026, 1, 1), end=date(2026, 12, 31)).days
        365
    """

    name: str = attrs.field(validator=f.label)
    start: date = attrs.field(validator=f.day)
    end: date = attrs.field(validator=[f.day, _period_order])

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Return True if ``day`` falls in the period."""
        return self.start <= day <= self.end


def fiscal_years(first_start: date, *, count: int) -> tuple[FiscalPeriod, ...]:
    """Return ``count`` consecutive 12-month fiscal years, the first starting on ``first_start``.

    Each year is named ``FY<year of its last day>`` (a July–June year ending in 2026 is
    FY2026). Month arithmetic runs from the anchor date, never chained.

    Args:
        first_start: First day of the first year.
        count: Number of years (>= 1, and few enough that the last year ends
            within the calendar: ``first_start.year + count <= 9999``).

    Returns:
        The periods, in order.

    Examples:
        >>> [(p.name, p.start.isoformat(), p.end.isoformat()) for p in fiscal_years(date(2024, 7, 1), count=2)]
        [('FY2025', '2024-07-01', '2025-06-30'), ('FY2026', '2025-07-01', '2026-06-30')]
    """
    check_date(first_start, "first_start")
    check_int(count, "count", minimum=1)
    if first_start.year + count > date.max.year:
        limit = date.max.year - first_start.year
        raise InvalidInputError("count", count, f"<= {limit} so the last year ends by 9999-12-31")
    periods = []
    for index in range(count):
        start = add_months(first_start, 12 * index)
        end = add_months(first_start, 12 * (index + 1)) - _ONE_DAY
        periods.append(FiscalPeriod(name=f"FY{end.year}", start=start, end=end))
    return tuple(periods)


def overlap_days(start: date, end: date, period: FiscalPeriod) -> int:
    """Days of ``[start, end]`` inside ``period``, both ends inclusive (0 if disjoint)."""
    first = max(start, period.start)
    last = min(end, period.end)
    return max(0, (last - first).days + 1)


def check_periods(periods: object, field: str = "periods") -> tuple[FiscalPeriod, ...]:
    """Return ``periods`` as a non-empty tuple of non-overlapping FiscalPeriods."""
    if not isinstance(periods, Sequence) or isinstance(periods, str):
        raise f.type_error(field, "a sequence of FiscalPeriod", periods)
    result = tuple(periods)
    if not result:
        raise InvalidInputError(field, result, "at least one FiscalPeriod")
    for index, period in enumerate(result):
        if not isinstance(period, FiscalPeriod):
            raise f.type_error(f"{field}[{index}]", "a FiscalPeriod", period)
    ordered = sorted(result, key=lambda p: p.start)
    for before, after in pairwise(ordered):
        if after.start <= before.end:
            raise InvalidInputError(
                field,
                f"{before.name} and {after.name}",
                "non-overlapping periods (an overlap would count the same days twice)",
            )
    return result


@attrs.frozen(kw_only=True)
class ProratedAmount:
    """The part of an amount that falls in one period.

    Attributes:
        period: The period.
        days: Days of the window inside the period.
        amount: The part, rounded to the currency's minor unit.
    """

    period: FiscalPeriod
    days: int
    amount: Decimal


@attrs.frozen(kw_only=True)
class Proration(Explained):
    """An annualised amount spread over fiscal periods.

    Attributes:
        rule: ``"savings.prorate@1"``.
        currency: ISO 4217 code.
        amount: The amount prorated, rounded to the currency.
        start: First day of the window.
        end: Last day of the window (inclusive).
        days: Days in the window.
        convention: The proration convention.
        lines: One line per period, in the order given.
        outside: The part of the amount that falls in no period. With ACTUAL_DAYS,
            ``sum(lines) + outside == amount`` exactly; with SERVICENOW it is
            ``amount − sum(lines)`` and may be negative (over-attribution).
        reasons: How it was computed.
    """

    rule: str
    currency: str
    amount: Decimal
    start: date
    end: date
    days: int
    convention: ProrationConvention
    lines: tuple[ProratedAmount, ...]
    outside: Decimal
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        return [
            f"  {line.period.name} ({line.period.start.isoformat()} to "
            f"{line.period.end.isoformat()}): {line.days} days -> {line.amount} {self.currency}"
            for line in self.lines
        ]


def prorate(
    amount: Decimal | int,
    *,
    start: date,
    end: date,
    periods: Sequence[FiscalPeriod],
    currency: str,
    convention: ProrationConvention = ProrationConvention.ACTUAL_DAYS,
    rounding: str = decimal.ROUND_HALF_UP,
) -> Proration:
    """Spread ``amount``, earned evenly over ``start``–``end``, across fiscal ``periods``.

    With ACTUAL_DAYS (default), each period gets ``amount × overlap_days /
    window_days`` counted in actual calendar days with both ends inclusive, and
    the parts are allocated in whole minor units so that the parts plus the
    part outside every period sum exactly to the rounded amount. With
    SERVICENOW, each period gets ``amount × min(overlap_days, 365) /
    min(window_days, 365)`` rounded to the minor unit, which reproduces that
    tool's published YTD figures (including its leap-year treatment).

    Args:
        amount: The amount earned over the window (any sign).
        start: First day of the window.
        end: Last day of the window, inclusive (>= start).
        periods: Non-overlapping fiscal periods, in any order; lines keep this order.
        currency: ISO 4217 code of the amount.
        convention: See :class:`ProrationConvention`.
        rounding: Rounding of the amount (and, with SERVICENOW, of each line).

    Returns:
        A :class:`Proration`.

    Raises:
        TypeError: a ``float`` amount, a ``datetime`` or ``str`` date, a period that is not
            a :class:`FiscalPeriod`.
        InvalidInputError: ``end`` before ``start``, no periods, overlapping periods, an
            unknown rounding mode.
        UnknownCurrencyError: unknown ``currency``.

    Examples:
        12,000.00 earned from 1 July 2024 to 30 June 2025, over two calendar years:

        >>> years = fiscal_years(date(2024, 1, 1), count=2)
        >>> split = prorate(Decimal("12000.00"), start=date(2024, 7, 1), end=date(2025, 6, 30),
        ...                 periods=years, currency="USD")
        >>> [(line.period.name, line.days, line.amount) for line in split.lines]
        [('FY2024', 184, Decimal('6049.32')), ('FY2025', 181, Decimal('5950.68'))]

        ServiceNow's published example PIPE-101 (cost avoidance 200,000, 1 April 2024
        to 31 March 2025, YTD 2024):

        >>> snow = prorate(Decimal("200000"), start=date(2024, 4, 1), end=date(2025, 3, 31),
        ...                periods=years[:1], currency="USD", convention=ProrationConvention.SERVICENOW)
        >>> snow.lines[0].amount
        Decimal('150684.93')

    References:
        Domain notes §5.4 (annualised vs in-year: EFF, GEP, UMICH, SIGP) and §6
        (ServiceNow vectors). ServiceNow docs, Sourcing and Procurement Operations,
        "Hard Savings YTD metric calculation" and "Cost Avoidance YTD metric calculation".
    """
    value = check_decimal(amount, "amount")
    check_date(start, "start")
    check_date(end, "end")
    if end < start:
        raise InvalidInputError("end", end, f"on or after start {start.isoformat()}")
    chosen = check_periods(periods)
    if not isinstance(convention, ProrationConvention):
        raise f.type_error("convention", "a ProrationConvention", convention)
    total = quantize(value, currency, rounding=rounding)
    window = (end - start).days + 1
    overlaps = [overlap_days(start, end, period) for period in chosen]
    with exact():
        if convention is ProrationConvention.ACTUAL_DAYS:
            parts = allocate(
                total, [*overlaps, window - sum(overlaps)], currency, rounding=rounding
            )
            shares = parts[:-1]
            outside = parts[-1]
            how = (
                f"{total} {currency} over {window} days ({start.isoformat()} to "
                f"{end.isoformat()}), split by actual days with both ends inclusive; the parts "
                "sum exactly to the amount."
            )
            reasons = [Reason.of("SAVINGS.PRORATE_ACTUAL_DAYS", how, days=window)]
        else:
            quantum = Decimal(1).scaleb(-minor_units(currency))
            divisor = min(window, _SNOW_CAP)
            shares = tuple(
                (total * min(days, _SNOW_CAP) / divisor).quantize(quantum, rounding=rounding)
                for days in overlaps
            )
            outside = total - sum(shares, Decimal(0))
            reasons = [
                Reason.of(
                    "SAVINGS.PRORATE_SERVICENOW",
                    f"{total} {currency} x min(overlap days, 365) / min({window}, 365) per "
                    "period, ServiceNow's YTD convention (an annual rate).",
                    days=window,
                )
            ]
            if outside < 0:
                reasons.append(
                    Reason.of(
                        "SAVINGS.PRORATE_OVER_ATTRIBUTED",
                        f"The periods receive {total - outside} {currency}, more than the "
                        f"{total} {currency} prorated: ServiceNow counts the annual amount in "
                        "every year a multi-year window overlaps.",
                        severity=Severity.WARNING,
                    )
                )
    lines = tuple(
        ProratedAmount(period=period, days=days, amount=share)
        for period, days, share in zip(chosen, overlaps, shares, strict=True)
    )
    return Proration(
        rule=RULE,
        currency=currency,
        amount=total,
        start=start,
        end=end,
        days=window,
        convention=convention,
        lines=lines,
        outside=outside,
        reasons=tuple(reasons),
    )
