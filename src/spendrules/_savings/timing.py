"""Timing: fiscal periods and proration of annualised savings (private)."""

from __future__ import annotations

import bisect
import calendar
import decimal
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import attrs

from spendrules._checks import check_date, check_decimal, check_int
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._savings import _fields as f
from spendrules._savings.model import Driver
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, minor_units, quantize
from spendrules.results import Explained, Reason, Severity

if TYPE_CHECKING:  # classify imports this module
    from spendrules._savings.classify import SavingsClassification

__all__ = [
    "ContractYear",
    "FiscalPeriod",
    "LeapDayStart",
    "ProratedAmount",
    "Proration",
    "ProrationConvention",
    "Spread",
    "add_months",
    "booking_dates",
    "check_periods",
    "contract_years",
    "fiscal_years",
    "no_leap_days",
    "overlap_days",
    "prorate",
]

RULE = "savings.prorate@2"
_ONE_DAY = timedelta(days=1)
_SNOW_CAP = 365


class ProrationConvention(SpendEnum):
    """How an annualised amount is spread over periods.

    Attributes:
        ACTUAL_DAYS: By actual calendar days, both ends inclusive: each period gets
            ``amount × overlap_days / window_days``, split in whole minor units with
            [`spendrules.money.allocate`][spendrules.money.allocate] so the parts (plus the part outside every
            period) sum exactly to the amount. Leap days count.
        SERVICENOW: ServiceNow Sourcing and Procurement Operations' "Hard Savings YTD"
            proration: ``amount × min(overlap_days, 365) / min(window_days, 365)`` per
            period, each rounded to the minor unit. It treats the amount as an annual rate,
            so it does not conserve the amount over several periods.
        CONTRACT_YEARS: Leap-day-proof. The window is cut into contract years of 12 months
            from its first day (month arithmetic from the anchor, see
            `contract_years`); every full contract year carries the same share of the
            amount, the annual amount, and a final part year the share of its length in
            months. Within a contract year the share accrues evenly over its days with
            29 February left out (the NL/365 "no leap" day count), so a leap day never
            changes an annual amount and every 12 months earn the annual amount, leap year
            or not. Each period's part is the difference of the rounded running totals at
            its two ends, so the parts (plus the part outside every period) sum exactly to
            the amount, a period's part does not depend on which other periods are asked
            for, and no period of 12 months or less gets more than the annual amount.
    """

    ACTUAL_DAYS = "actual_days"
    SERVICENOW = "servicenow"
    CONTRACT_YEARS = "contract_years"


class LeapDayStart(SpendEnum):
    """Where the years of a span that starts on 29 February begin (a named convention).

    Month arithmetic from 29 February lands on 28 February in common years and on
    29 February in leap years, so years counted from it by their anniversaries are
    364, 365 or 366 days long, not counting 29 February: a fiscal year then could take
    more than the annual amount.

    Attributes:
        FEBRUARY_28: The default. Every year after the first starts on 28 February, the
            anchor's anniversary in a common year, in leap years too; the first year,
            which lacks its own 28 February, counts its 29 February in its place. Every
            full year then has 365 counted days (29 February not counted), the same as
            a year from any other day, so no 12-month period takes more than the annual
            amount. This is also where a 12-month window from 29 February ends
            (the day before 28 February: month arithmetic from the anchor, clipped).
        ANNIVERSARY: Every year starts on ``add_months(start, 12 × k)``: 28 February in
            common years, 29 February in leap years (years of 364 to 366 counted days).
            The cut of ``savings.fiscal_year@1`` and ``savings.prorate@1``.
    """

    FEBRUARY_28 = "february_28"
    ANNIVERSARY = "anniversary"


def _is_leap_day(day: date) -> bool:
    return day.month == 2 and day.day == 29


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


def fiscal_years(
    first_start: date, *, count: int, leap_day: LeapDayStart = LeapDayStart.FEBRUARY_28
) -> tuple[FiscalPeriod, ...]:
    """Return ``count`` consecutive 12-month fiscal years, the first starting on ``first_start``.

    Each year is named ``FY<year of its last day>`` (a July–June year ending in 2026 is
    FY2026). Month arithmetic runs from the anchor date, never chained.

    Args:
        first_start: First day of the first year.
        count: Number of years (>= 1, and few enough that the last year ends
            within the calendar: ``first_start.year + count <= 9999``).
        leap_day: Where the later years begin when ``first_start`` is 29 February (see
            [`LeapDayStart`][spendrules.savings.LeapDayStart]); default FEBRUARY_28, so every year but the first
            starts on 28 February and has 365 days not counting 29 February.

    Returns:
        The periods, in order.

    Examples:
        >>> [(p.name, p.start.isoformat(), p.end.isoformat()) for p in fiscal_years(date(2024, 7, 1), count=2)]
        [('FY2025', '2024-07-01', '2025-06-30'), ('FY2026', '2025-07-01', '2026-06-30')]
    """
    check_date(first_start, "first_start")
    check_int(count, "count", minimum=1)
    if not isinstance(leap_day, LeapDayStart):
        raise f.type_error("leap_day", "a LeapDayStart", leap_day)
    if first_start.year + count > date.max.year:
        limit = date.max.year - first_start.year
        raise InvalidInputError("count", count, f"<= {limit} so the last year ends by 9999-12-31")
    anchor = _anchor(first_start, leap_day)
    periods = []
    for index in range(count):
        start = first_start if index == 0 else add_months(anchor, 12 * index)
        end = add_months(anchor, 12 * (index + 1)) - _ONE_DAY
        periods.append(FiscalPeriod(name=f"FY{end.year}", start=start, end=end))
    return tuple(periods)


def _anchor(start: date, leap_day: LeapDayStart) -> date:
    """The day years are counted from: 28 February for a 29 February start under FEBRUARY_28."""
    if leap_day is LeapDayStart.FEBRUARY_28 and _is_leap_day(start):
        return start.replace(day=28)
    return start


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


def _leap_days_before(day: date) -> int:
    """Number of 29 Februaries strictly before ``day`` (from 1 January of year 1)."""
    years = day.year - 1
    count = years // 4 - years // 100 + years // 400
    if day.month > 2 and calendar.isleap(day.year):
        count += 1
    return count


def no_leap_days(start: date, end: date) -> int:
    """Days of ``[start, end]``, both ends inclusive, not counting any 29 February.

    The NL/365 ("no leap") day count: a span of 12 months from any day but 29 February
    always has 365 of them, leap year or not (0 when ``end`` is before ``start``).

    Examples:
        Bloomberg BDE ``bbldc_basicnl365`` counts 28 days from 2004-02-01 to 2004-03-01
        (end exclusive) and 365 from 2004-02-01 to 2005-02-01:

        >>> no_leap_days(date(2004, 2, 1), date(2004, 2, 29)), no_leap_days(
        ...     date(2004, 2, 1), date(2005, 1, 31))
        (28, 365)
    """
    if end < start:
        return 0
    leaps = _leap_days_before(end) - _leap_days_before(start)
    if end.month == 2 and end.day == 29:
        leaps += 1
    return (end - start).days + 1 - leaps


def _anniversary(anchor: date, months: int) -> date | None:
    """``add_months(anchor, months)``, or None when it would fall after 9999-12-31."""
    if (anchor.month - 1 + months) // 12 + anchor.year > date.max.year:
        return None
    return add_months(anchor, months)


@attrs.frozen(kw_only=True)
class ContractYear:
    """One year of a window cut into contract years (see `contract_years`).

    Attributes:
        number: 1 for the first year of the window.
        start: First day.
        end: Last day (inclusive).
        months: Its length in months: 12 for a full year, less for a final part year
            (whole months plus the share of the next month's days it covers, measured
            from the window's first day).
        counted_days: Its days not counting 29 February (NL/365): 365 for a full year. A
            first year that starts on 29 February counts that day in place of the
            28 February it lacks ([`LeapDayStart`][spendrules.savings.LeapDayStart] FEBRUARY_28); a part year that is
            only 29 February counts that day, so that it can carry its share.
        leap_days_count: Count every day, 29 February included (the ACTUAL_DAYS view of a
            whole window as one span); default False.
        first_day_counts: Count the first day even though it is 29 February (the first
            year of a window from 29 February under FEBRUARY_28); default False.
    """

    number: int
    start: date
    end: date
    months: Fraction
    counted_days: int
    leap_days_count: bool = False
    first_day_counts: bool = False

    def counted(self, first: date, last: date) -> int:
        """Counted days of ``[first, last]`` inside this year (same day count as the year)."""
        first, last = max(first, self.start), min(last, self.end)
        if last < first:
            return 0
        if self.leap_days_count or self.start == self.end:  # or a part year of only 29 Feb
            return (last - first).days + 1
        extra = 1 if self.first_day_counts and first == self.start else 0
        return no_leap_days(first, last) + extra


def _months_to(anchor: date, end: date) -> Fraction:
    """Length of ``[anchor, end]`` in months from ``anchor``: whole months plus a fraction."""
    whole = max(0, (end.year - anchor.year) * 12 + end.month - anchor.month - 1)
    while True:
        after = _anniversary(anchor, whole + 1)
        if after is None or after - _ONE_DAY > end:
            break
        whole += 1
    month_start = add_months(anchor, whole)
    covered = (end - month_start).days + 1
    following = _anniversary(anchor, whole + 1)
    if following is None:  # the month runs past 9999-12-31: measure it 400 years earlier
        shifted = anchor.replace(year=anchor.year - 400)
        length = (add_months(shifted, whole + 1) - add_months(shifted, whole)).days
    else:
        length = (following - month_start).days
    return whole + Fraction(covered, length)


def contract_years(
    start: date, end: date, *, leap_day: LeapDayStart = LeapDayStart.FEBRUARY_28
) -> tuple[ContractYear, ...]:
    """Cut the window ``[start, end]`` into contract years of 12 months from ``start``.

    Year ``k`` runs from ``add_months(start, 12 × (k − 1))`` to the day before
    ``add_months(start, 12 × k)`` (month arithmetic from the anchor, never chained); the
    last year ends on ``end`` and may be a part year, whose length in months is
    measured from ``start``. A window from 29 February counts its years by ``leap_day``
    (see [`LeapDayStart`][spendrules.savings.LeapDayStart]): by default every year after the first starts on
    28 February and the first counts its 29 February, so that every full year has 365
    counted days; a window of whole years from 29 February that ends on 28 February of
    a leap year (the day before the anchor's anniversary) keeps that day in its last
    year.

    Args:
        start: First day of the window.
        end: Last day of the window, inclusive (>= start).
        leap_day: Where the years of a window from 29 February begin; default
            FEBRUARY_28.

    Returns:
        The contract years, in order.

    Raises:
        TypeError: a date that is not a ``datetime.date``, a ``leap_day`` that is not a
            [`LeapDayStart`][spendrules.savings.LeapDayStart].
        InvalidInputError: ``end`` before ``start``.

    Examples:
        >>> [(y.number, y.start.isoformat(), y.end.isoformat(), y.months, y.counted_days)
        ...  for y in contract_years(date(2026, 7, 1), date(2028, 12, 31))]
        [(1, '2026-07-01', '2027-06-30', Fraction(12, 1), 365), (2, '2027-07-01', \
'2028-06-30', Fraction(12, 1), 365), (3, '2028-07-01', '2028-12-31', Fraction(6, 1), 184)]
        >>> [(y.start.isoformat(), y.end.isoformat(), y.counted_days)
        ...  for y in contract_years(date(2028, 2, 29), date(2030, 2, 27))]
        [('2028-02-29', '2029-02-27', 365), ('2029-02-28', '2030-02-27', 365)]
    """
    check_date(start, "start")
    check_date(end, "end")
    if not isinstance(leap_day, LeapDayStart):
        raise f.type_error("leap_day", "a LeapDayStart", leap_day)
    if end < start:
        raise InvalidInputError("end", end, f"on or after start {start.isoformat()}")
    anchor = _anchor(start, leap_day)
    leap_start = anchor != start
    years: list[ContractYear] = []
    first = start
    number = 1
    while True:
        after = _anniversary(anchor, 12 * number)
        if after is not None and after <= end:
            last, months = after - _ONE_DAY, Fraction(12)
        elif leap_start:  # months from the window's own first day, 29 February
            last, months = end, _months_to(start, end) - 12 * (number - 1)
        else:
            last, months = end, _months_to(first, end)
        first_counts = leap_start and number == 1
        counted = no_leap_days(first, last) + (1 if first_counts else 0)
        year = ContractYear(
            number=number,
            start=first,
            end=last,
            months=months,
            counted_days=counted or (last - first).days + 1,
            first_day_counts=first_counts,
        )
        if months == 0:  # 28 February of a leap year after whole years: the last year's day
            previous = years.pop()
            year = attrs.evolve(
                previous, end=last, counted_days=previous.counted_days + year.counted_days
            )
        years.append(year)
        if last == end:
            return tuple(years)
        first = last + _ONE_DAY
        number += 1


def booking_dates(result: SavingsClassification) -> tuple[date | None, ...]:
    """The date each component of ``result`` is booked on; None for a recurring one.

    A one-off amount (driver ONE_OFF) is booked on its counting date, earned or received
    as ``result.policy.one_off_date`` says (default the effective date); any other
    one-off component (the implementation cost) on the effective date. One-offs whose
    counted amount rounds to zero have no component, so they are skipped in the match.
    """
    policy = result.policy
    dates = iter(
        one_off.counting_date(result.event.effective_date, policy.one_off_date)
        for one_off in result.event.one_offs
        if quantize(one_off.counted_amount, result.currency, rounding=policy.rounding)
    )
    booked: list[date | None] = []
    for component in result.components:
        if component.recurring:
            booked.append(None)
        elif component.driver is Driver.ONE_OFF:
            booked.append(next(dates))
        else:
            booked.append(result.window_start)
    return tuple(booked)


def round_fraction(value: Fraction, currency: str, rounding: str) -> Decimal:
    """Round an exact rational amount to the currency's minor unit with ``rounding``."""
    digits = minor_units(currency)
    scaled = value * 10**digits
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if rest == 0:
        marker = Decimal(0)
    elif 2 * rest < scaled.denominator:
        marker = Decimal("0.25")
    elif 2 * rest == scaled.denominator:
        marker = Decimal("0.5")
    else:
        marker = Decimal("0.75")
    with exact():
        units = (whole + marker).quantize(Decimal(1), rounding=rounding)
        result: Decimal = (units if units else Decimal(0)).scaleb(-digits)
    return result


class Spread:
    """An amount spread over a window by contract years (the CONTRACT_YEARS convention).

    ``part(first, last)`` is the rounded running total at the end of ``[first, last]``
    minus the one before it, so parts of consecutive spans telescope to the amount.
    """

    def __init__(
        self, amount: Decimal, years: tuple[ContractYear, ...], currency: str, rounding: str
    ) -> None:
        self.amount = Fraction(amount)
        self.years = years
        self.currency = currency
        self.rounding = rounding
        self.months = sum((year.months for year in years), Fraction(0))
        self._starts = [year.start for year in years]

    def weight(self, first: date, last: date) -> Fraction:
        """Months of the window earned in ``[first, last]`` (exact)."""
        total = Fraction(0)
        index = max(0, bisect.bisect_right(self._starts, first) - 1)
        for year in self.years[index:]:
            if year.start > last:
                break
            total += year.months * year.counted(first, last) / year.counted_days
        return total

    def running(self, last: date | None) -> Decimal:
        """The rounded amount earned from the window start through ``last`` (None: nothing)."""
        if last is None or last < self.years[0].start:
            return round_fraction(Fraction(0), self.currency, self.rounding)
        if last >= self.years[-1].end:
            return round_fraction(self.amount, self.currency, self.rounding)
        earned = self.amount * self.weight(self.years[0].start, last) / self.months
        return round_fraction(earned, self.currency, self.rounding)

    def part(self, first: date, last: date) -> Decimal:
        """The rounded part of the amount earned in ``[first, last]``."""
        before = None if first == date.min else first - _ONE_DAY
        with exact():
            part: Decimal = self.running(last) - self.running(before)
        return part

    def annual(self) -> Decimal:
        """The amount a full contract year carries, rounded."""
        return round_fraction(self.amount * 12 / self.months, self.currency, self.rounding)


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
        rule: ``"savings.prorate@2"`` (``@1`` cut a window from 29 February at its
            anniversaries; ``@2`` by [`LeapDayStart`][spendrules.savings.LeapDayStart] FEBRUARY_28).
        currency: ISO 4217 code.
        amount: The amount prorated, rounded to the currency.
        start: First day of the window.
        end: Last day of the window (inclusive).
        days: Days in the window.
        convention: The proration convention.
        lines: One line per period, in the order given.
        outside: The part of the amount that falls in no period. With ACTUAL_DAYS and
            CONTRACT_YEARS, ``sum(lines) + outside == amount`` exactly; with SERVICENOW it is
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
    leap_day: LeapDayStart = LeapDayStart.FEBRUARY_28,
) -> Proration:
    """Spread ``amount``, earned evenly over ``start``–``end``, across fiscal ``periods``.

    With ACTUAL_DAYS (default), each period gets ``amount × overlap_days /
    window_days`` counted in actual calendar days with both ends inclusive, and
    the parts are allocated in whole minor units so that the parts plus the
    part outside every period sum exactly to the rounded amount. With
    SERVICENOW, each period gets ``amount × min(overlap_days, 365) /
    min(window_days, 365)`` rounded to the minor unit, which reproduces that
    tool's published YTD figures (including its leap-year treatment). With
    CONTRACT_YEARS, every 12 months of the window from ``start`` carry the same
    annual amount whether or not they hold a 29 February (see
    [`ProrationConvention`][spendrules.savings.ProrationConvention]).

    Args:
        amount: The amount earned over the window (any sign).
        start: First day of the window.
        end: Last day of the window, inclusive (>= start).
        periods: Non-overlapping fiscal periods, in any order; lines keep this order.
        currency: ISO 4217 code of the amount.
        convention: See [`ProrationConvention`][spendrules.savings.ProrationConvention].
        rounding: Rounding of the amount (and, with SERVICENOW, of each line).
        leap_day: With CONTRACT_YEARS, where the years of a window from 29 February
            begin (see [`LeapDayStart`][spendrules.savings.LeapDayStart]); default FEBRUARY_28.

    Returns:
        A [`Proration`][spendrules.savings.Proration].

    Raises:
        TypeError: a ``float`` amount, a ``datetime`` or ``str`` date, a period that is not
            a [`FiscalPeriod`][spendrules.savings.FiscalPeriod].
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

        360,000.00 over the 36 months from 1 January 2026: each calendar year carries
        120,000.00, 2028 (a leap year) included:

        >>> three = prorate(Decimal("360000"), start=date(2026, 1, 1), end=date(2028, 12, 31),
        ...                 periods=fiscal_years(date(2026, 1, 1), count=3), currency="USD",
        ...                 convention=ProrationConvention.CONTRACT_YEARS)
        >>> [line.amount for line in three.lines]
        [Decimal('120000.00'), Decimal('120000.00'), Decimal('120000.00')]

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
    if not isinstance(leap_day, LeapDayStart):
        raise f.type_error("leap_day", "a LeapDayStart", leap_day)
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
        elif convention is ProrationConvention.CONTRACT_YEARS:
            years = contract_years(start, end, leap_day=leap_day)
            spread = Spread(total, years, currency, rounding)
            shares = tuple(spread.part(period.start, period.end) for period in chosen)
            outside = total - sum(shares, Decimal(0))
            reasons = [
                Reason.of(
                    "SAVINGS.PRORATE_CONTRACT_YEARS",
                    f"{total} {currency} over {len(years)} contract year(s) from "
                    f"{start.isoformat()} to {end.isoformat()}: each 12 months carry "
                    f"{spread.annual()} {currency}, accrued over their days with 29 February "
                    "left out (NL/365), so a leap day never changes an annual amount; the "
                    "parts sum exactly to the amount.",
                    days=window,
                )
            ]
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
