"""Fiscal calendars and the phasing of an annual budget over periods (private).

A fiscal year starts on any day (``FiscalCalendar(4, 6)`` is the UK tax year,
6 April to 5 April). Its months, quarters and halves are counted from that
anchor, each boundary computed from the anchor itself (never chained), so a
year that starts on the 31st keeps its month-end rhythm.

[`Phasing`][spendrules.budget.Phasing] spreads a budget over the periods so that the parts sum
exactly to the budget: equal parts, weights, explicit amounts, or in
proportion to the days of each period (``linear``).

References:
    ERPNext ``erpnext/accounts/doctype/budget/budget.py`` (distribution rows,
    monthly/quarterly/half-yearly/yearly, equal or manual, and its ±0.10
    tolerance on the sum, which spendrules replaces by an exact sum).
    OCA ``account_budget_oca`` (theoretical amount pro rata temporis).
    moneymanagerex issue #3733 (financial months that run from the 6th to the 5th).
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
from dateutil.relativedelta import relativedelta

from spendrules._checks import check_date, check_decimal, check_int, to_enum
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError, _shown
from spendrules.money import AllocationMethod, allocate, from_minor_units, quantize, to_minor_units

__all__ = ["FiscalCalendar", "Frequency", "Period", "Phasing", "PhasingMethod", "PhasingRounding"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Frequency(SpendEnum):
    """The length of a budget period, counted from the start of the fiscal year.

    Attributes:
        MONTH: Twelve periods a year.
        QUARTER: Four periods of three months.
        HALF_YEAR: Two periods of six months.
        YEAR: One period, the whole fiscal year.
    """

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def months(self) -> int:
        """The number of calendar months in one period (1, 3, 6 or 12)."""
        return _MONTHS[self]


_MONTHS = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.HALF_YEAR: 6, Frequency.YEAR: 12}


def _check_period_end(instance: Period, _attribute: object, value: dt.date) -> None:
    check_date(instance.start, "start")
    end = check_date(value, "end")
    if end < instance.start:
        raise InvalidInputError("end", end, f">= start ({instance.start})")


@attrs.frozen
class Period:
    """A run of days, both ends included.

    Attributes:
        start: First day.
        end: Last day (``>= start``).

    Examples:
        >>> Period(dt.date(2026, 4, 6), dt.date(2026, 5, 5)).days
        30
    """

    start: dt.date
    end: dt.date = attrs.field(validator=_check_period_end)

    @property
    def days(self) -> int:
        """The number of days in the period, both ends counted."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        """Return True if ``day`` (a date) falls within the period."""
        return isinstance(day, dt.date) and self.start <= day <= self.end


def _check_start_day(instance: FiscalCalendar, _attribute: object, value: object) -> None:
    month = check_int(instance.start_month, "start_month", minimum=1)
    if month > 12:
        raise InvalidInputError("start_month", month, "a month number from 1 to 12")
    day = check_int(value, "start_day", minimum=1)
    if day > _DAYS_IN_MONTH[month - 1]:
        raise InvalidInputError(
            "start_day",
            day,
            f"a day that exists in month {month} every year (1 to {_DAYS_IN_MONTH[month - 1]})",
        )


@attrs.frozen
class FiscalCalendar:
    """Fiscal years that start on a given month and day.

    Attributes:
        start_month: Month the fiscal year starts in (1 to 12; default 1, January).
        start_day: Day of that month (default 1). Any day that exists in every
            year is accepted (so not 29 February).

    Examples:
        >>> uk = FiscalCalendar(4, 6)              # the UK tax year
        >>> uk.year(dt.date(2026, 1, 10))
        Period(start=datetime.date(2025, 4, 6), end=datetime.date(2026, 4, 5))
        >>> uk.period(dt.date(2026, 1, 10), frequency=Frequency.MONTH)
        Period(start=datetime.date(2026, 1, 6), end=datetime.date(2026, 2, 5))
        >>> [p.start.isoformat() for p in FiscalCalendar(1, 31).periods(dt.date(2026, 5, 1))][:4]
        ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']

    References:
        ERPNext Fiscal Year records (test fiscal year 2100-04-01 to 2101-03-31,
        ``test_budget.py``); moneymanagerex issue #3733 (months from the 6th).
    """

    start_month: int = 1
    start_day: int = attrs.field(default=1, validator=_check_start_day)

    def _anchor(self, year: int) -> dt.date:
        return dt.date(year, self.start_month, self.start_day)

    def year_start(self, day: dt.date) -> dt.date:
        """Return the first day of the fiscal year that contains ``day``."""
        check_date(day, "day")
        anchor = self._anchor(day.year)
        return anchor if day >= anchor else self._anchor(day.year - 1)

    def year(self, day: dt.date) -> Period:
        """Return the fiscal year that contains ``day``, as a [`Period`][spendrules.budget.Period]."""
        start = self.year_start(day)
        return Period(start, self._anchor(start.year + 1) - dt.timedelta(days=1))

    def periods(
        self, day: dt.date, *, frequency: Frequency = Frequency.MONTH
    ) -> tuple[Period, ...]:
        """Return the periods of the fiscal year that contains ``day``, in order.

        Args:
            day: Any day of the fiscal year.
            frequency: Month (default), quarter, half year or year.
        """
        step = Frequency(frequency).months
        anchor = self.year_start(day)
        starts = [anchor + relativedelta(months=k) for k in range(0, 13, step)]
        return tuple(
            Period(first, after - dt.timedelta(days=1))
            for first, after in itertools.pairwise(starts)
        )

    def period(self, day: dt.date, *, frequency: Frequency = Frequency.MONTH) -> Period:
        """Return the period of ``frequency`` that contains ``day``."""
        for candidate in self.periods(day, frequency=frequency):  # pragma: no branch
            if day <= candidate.end:
                return candidate
        raise AssertionError  # pragma: no cover - the periods tile the year

    def periods_between(
        self, start: dt.date, end: dt.date, *, frequency: Frequency = Frequency.MONTH
    ) -> tuple[Period, ...]:
        """Return the periods that overlap ``[start, end]``, the first and last cut to that range.

        Examples:
            >>> cal = FiscalCalendar(4)
            >>> [(p.start.isoformat(), p.end.isoformat())
            ...  for p in cal.periods_between(dt.date(2026, 2, 15), dt.date(2026, 6, 30),
            ...                               frequency=Frequency.QUARTER)]
            [('2026-02-15', '2026-03-31'), ('2026-04-01', '2026-06-30')]
        """
        check_date(start, "start")
        if check_date(end, "end") < start:
            raise InvalidInputError("end", end, f">= start ({start})")
        found: list[Period] = []
        day = start
        while day <= end:
            for period in self.periods(day, frequency=frequency):
                if period.end >= day and period.start <= end:
                    found.append(Period(max(period.start, start), min(period.end, end)))
            day = self.year(day).end + dt.timedelta(days=1)
        return tuple(found)


class PhasingMethod(SpendEnum):
    """How [`Phasing`][spendrules.budget.Phasing] spreads an amount over periods.

    Attributes:
        EQUAL: The same share for every period (ERPNext "distribute equally").
        WEIGHTS: In proportion to one weight per period (percentages or any
            non-negative numbers; ERPNext manual percent, legacy Monthly Distribution).
        AMOUNTS: Explicit amounts per period; they must sum exactly to the budget.
        LINEAR: In proportion to the days in each period (pro rata temporis, as
            Odoo's theoretical amount).
    """

    EQUAL = "equal"
    WEIGHTS = "weights"
    AMOUNTS = "amounts"
    LINEAR = "linear"


class PhasingRounding(SpendEnum):
    """How [`Phasing`][spendrules.budget.Phasing] rounds proportional parts (equal, weights, linear) to minor units.

    Both keep the parts summing exactly to the rounded total; they differ in
    where the minor units that rounding leaves over go.

    Attributes:
        LARGEST_REMAINDER: Each part is rounded on its own: it gets the floor of
            its exact share (in minor units, towards zero) and the units left go
            one each to the parts with the largest remainders, earlier periods
            first on ties ([`allocate`][spendrules.money.allocate]; the default, the
            behaviour before this option existed). Every part is within one minor
            unit of its share, but ties put the extra units in the first periods,
            so a year-to-date sum can run ahead of its exact proportion by
            several units.
        CUMULATIVE: The year-to-date sums are rounded instead: with ``W_i`` the
            weight of periods 1 to ``i`` and ``W`` the total weight, part ``i``
            is ``round(total × W_i / W) − round(total × W_(i−1) / W)``, each
            rounded to the currency's minor unit with the ``rounding`` mode of
            [`Phasing.allocate`][spendrules.budget.Phasing.allocate]. Every year-to-date sum is then within half
            a minor unit of ``total × W_i / W`` (with a ``ROUND_HALF_*`` mode;
            within one unit with a directed mode), the extra units are spread
            through the year, and the last cumulative sum is the total itself.
            Parts have the sign of the total (zero for a zero weight).
    """

    LARGEST_REMAINDER = "largest_remainder"
    CUMULATIVE = "cumulative"


def _to_values(value: Sequence[Decimal | int]) -> tuple[Decimal, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise TypeError(
            f"values must be a sequence of Decimal, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(check_decimal(item, f"values[{index}]") for index, item in enumerate(value))


def _check_values(instance: Phasing, _attribute: object, values: tuple[Decimal, ...]) -> None:
    method = instance.method
    if method in (PhasingMethod.EQUAL, PhasingMethod.LINEAR):
        if values:
            raise InvalidInputError("values", values, f"empty for {method.value} phasing")
        return
    if not values:
        raise InvalidInputError(
            "values", values, f"one value per period for {method.value} phasing"
        )
    for index, item in enumerate(values):
        if item < 0:
            raise InvalidInputError(f"values[{index}]", item, ">= 0")
    if method is PhasingMethod.WEIGHTS:
        with exact():
            positive = sum(values) > 0
        if not positive:
            raise InvalidInputError("values", values, "weights with a positive sum")


def _to_method(value: object) -> PhasingMethod:
    """attrs converter: ``method`` as a PhasingMethod, or an error naming the field."""
    return to_enum(PhasingMethod, value, "method")


def _to_part_rounding(value: object) -> PhasingRounding:
    """attrs converter: ``part_rounding`` as a PhasingRounding, or an error naming the field."""
    return to_enum(PhasingRounding, value, "part_rounding")


def _check_part_rounding(instance: Phasing, _attribute: object, value: PhasingRounding) -> None:
    if instance.method is PhasingMethod.AMOUNTS and value is not PhasingRounding.LARGEST_REMAINDER:
        raise InvalidInputError(
            "part_rounding",
            value.value,
            f"{PhasingRounding.LARGEST_REMAINDER.value} for amounts phasing "
            "(explicit amounts are not rounded)",
        )


def _cumulative(
    total: Decimal | int, weights: Sequence[Decimal | int], currency: str, rounding: str
) -> tuple[Decimal, ...]:
    """Parts whose running sums are the rounded running shares (``PhasingRounding.CUMULATIVE``)."""
    shares = [Fraction(weight) for weight in weights]
    whole = sum(shares, Fraction(0))
    done = Fraction(0)
    before = 0
    parts: list[Decimal] = []
    for share in shares:
        done += share
        # Two weights with AllocationMethod.LAST: the first part is the exact share
        # total × done / whole rounded on its own with ``rounding`` (no working precision).
        ytd = allocate(
            total, [done, whole - done], currency, rounding=rounding, method=AllocationMethod.LAST
        )[0]
        units = to_minor_units(ytd, currency)
        parts.append(from_minor_units(units - before, currency))
        before = units
    return tuple(parts)


def _to_frequency(value: object) -> Frequency:
    """attrs converter: ``frequency`` as a Frequency, or an error naming the field."""
    return to_enum(Frequency, value, "frequency")


@attrs.frozen
class Phasing:
    """How a budget amount is spread over the periods of its validity.

    Build one with `equal`, `weights`, `amounts` or
    `linear`; [`allocate`][spendrules.money.allocate] does the split.

    Attributes:
        method: See [`PhasingMethod`][spendrules.budget.PhasingMethod] (default equal).
        frequency: Period length (default month).
        values: The weights or amounts, one per period (empty for equal and linear).
        part_rounding: How proportional parts are rounded to minor units, see
            [`PhasingRounding`][spendrules.budget.PhasingRounding]: ``LARGEST_REMAINDER`` (default, each part
            rounded on its own, left-over units to the first periods on ties) or
            ``CUMULATIVE`` (the year-to-date sums are rounded, so each stays within
            half a minor unit of its exact proportion). Only
            ``LARGEST_REMAINDER`` is accepted for amounts phasing.

    Examples:
        >>> from decimal import Decimal
        >>> cal = FiscalCalendar()
        >>> months = cal.periods(dt.date(2026, 1, 1))
        >>> parts = Phasing.equal().allocate(Decimal("200000"), "USD", months)
        >>> parts[:2], parts[-1], sum(parts)
        ((Decimal('16666.67'), Decimal('16666.67')), Decimal('16666.66'), Decimal('200000.00'))
        >>> Phasing.weights([1, 1, 2], frequency=Frequency.MONTH).allocate(
        ...     Decimal("100"), "EUR", months[:3])
        (Decimal('25.00'), Decimal('25.00'), Decimal('50.00'))

        1,000.00 in three equal parts is 100,000 cents / 3 = 33,333⅓ each. The
        largest remainder gives the one left-over cent to the first period, so
        after one period 333.34 is booked against an exact 333.33⅓. Cumulative
        rounding rounds the running shares instead: 33,333⅓ → 33,333, 66,666⅔ →
        66,667 and 100,000, so the parts are their differences:

        >>> Phasing.equal().allocate(Decimal("1000"), "USD", months[:3])
        (Decimal('333.34'), Decimal('333.33'), Decimal('333.33'))
        >>> Phasing.equal(part_rounding=PhasingRounding.CUMULATIVE).allocate(
        ...     Decimal("1000"), "USD", months[:3])
        (Decimal('333.33'), Decimal('333.34'), Decimal('333.33'))

        100.00 over twelve months: the largest remainder puts the four extra
        cents in January to April (8.34 each, 33.36 after four months against
        33.33⅓); cumulative rounding puts them in February, May, August and
        November, and every year-to-date sum is the exact one rounded to the cent
        (833⅓ → 833, 1,666⅔ → 1,667, 2,500, 3,333⅓ → 3,333, ...):

        >>> lr = Phasing.equal().allocate(Decimal("100"), "USD", months)
        >>> cum = Phasing.equal(part_rounding="cumulative").allocate(Decimal("100"), "USD", months)
        >>> [str(part) for part in lr[:5]], [str(part) for part in cum[:5]]
        (['8.34', '8.34', '8.34', '8.34', '8.33'], ['8.33', '8.34', '8.33', '8.33', '8.34'])
        >>> sum(lr[:4]), sum(cum[:4]), sum(cum)
        (Decimal('33.36'), Decimal('33.33'), Decimal('100.00'))

    References:
        ERPNext ``budget.py`` ``allocate_budget`` (equal rows rounded to 3 places,
        accepted within 0.10 of the budget: 200,000 monthly gives rows of
        16,666.667 summing to 200,000.004; spendrules uses the largest-remainder
        method so the rows sum exactly).
    """

    method: PhasingMethod = attrs.field(default=PhasingMethod.EQUAL, converter=_to_method)
    frequency: Frequency = attrs.field(default=Frequency.MONTH, converter=_to_frequency)
    values: tuple[Decimal, ...] = attrs.field(
        default=(), converter=_to_values, validator=_check_values
    )
    part_rounding: PhasingRounding = attrs.field(
        default=PhasingRounding.LARGEST_REMAINDER,
        converter=_to_part_rounding,
        validator=_check_part_rounding,
    )

    @classmethod
    def equal(
        cls,
        *,
        frequency: Frequency = Frequency.MONTH,
        part_rounding: PhasingRounding = PhasingRounding.LARGEST_REMAINDER,
    ) -> Phasing:
        """Equal shares per period."""
        return cls(PhasingMethod.EQUAL, frequency, part_rounding=part_rounding)

    @classmethod
    def weights(
        cls,
        values: Sequence[Decimal | int],
        *,
        frequency: Frequency = Frequency.MONTH,
        part_rounding: PhasingRounding = PhasingRounding.LARGEST_REMAINDER,
    ) -> Phasing:
        """Shares in proportion to ``values`` (one non-negative weight per period)."""
        return cls(PhasingMethod.WEIGHTS, frequency, values, part_rounding)

    @classmethod
    def amounts(
        cls, values: Sequence[Decimal | int], *, frequency: Frequency = Frequency.MONTH
    ) -> Phasing:
        """Explicit amounts per period, which must sum exactly to the budget."""
        return cls(PhasingMethod.AMOUNTS, frequency, values)

    @classmethod
    def linear(
        cls,
        *,
        frequency: Frequency = Frequency.MONTH,
        part_rounding: PhasingRounding = PhasingRounding.LARGEST_REMAINDER,
    ) -> Phasing:
        """Shares in proportion to the number of days in each period."""
        return cls(PhasingMethod.LINEAR, frequency, part_rounding=part_rounding)

    def allocate(
        self,
        total: Decimal | int,
        currency: str,
        periods: Sequence[Period],
        *,
        rounding: str = decimal.ROUND_HALF_UP,
    ) -> tuple[Decimal, ...]:
        """Split ``total`` over ``periods``; the parts sum exactly to the rounded total.

        Args:
            total: The amount to spread (rounded once to ``currency``).
            currency: ISO 4217 code of the amount.
            periods: The periods, in order (at least one).
            rounding: Rounding of the total, and with
                ``PhasingRounding.CUMULATIVE`` of each year-to-date sum (default
                ``ROUND_HALF_UP``); see `part_rounding` for where the
                left-over minor units go.

        Returns:
            One amount per period, with the currency's minor units.

        Raises:
            InvalidInputError: no periods; weights or amounts whose count differs
                from the number of periods; amounts that do not sum to ``total``
                or carry more decimals than the currency has.

        Examples:
            >>> from decimal import Decimal
            >>> Phasing.amounts([2000] * 6).allocate(12000, "USD", FiscalCalendar().periods(
            ...     dt.date(2026, 1, 1))[:6])
            (Decimal('2000.00'), Decimal('2000.00'), Decimal('2000.00'), Decimal('2000.00'), Decimal('2000.00'), Decimal('2000.00'))
            >>> Phasing.amounts([2000] * 6).allocate(6000, "USD", FiscalCalendar().periods(
            ...     dt.date(2026, 1, 1))[:6])
            Traceback (most recent call last):
            ...
            spendrules.errors.InvalidInputError: values must be amounts summing to the budget 6000, in minor units: ...
        """
        periods = tuple(periods)
        if not periods:
            raise InvalidInputError("periods", periods, "at least one period")
        if self.values and len(self.values) != len(periods):
            raise InvalidInputError("values", self.values, f"{len(periods)} values, one per period")
        if self.method is PhasingMethod.AMOUNTS:
            target = quantize(total, currency, rounding=rounding)
            parts = tuple(quantize(value, currency) for value in self.values)
            with exact():
                conserved = parts == self.values and sum(parts) == target
            if not conserved:
                raise InvalidInputError(
                    "values", self.values, f"amounts summing to the budget {total}, in minor units"
                )
            return parts
        if self.method is PhasingMethod.EQUAL:
            units = to_minor_units(total, currency, rounding=rounding)
            if self.part_rounding is PhasingRounding.LARGEST_REMAINDER and units >= 0:
                # allocate() over equal weights, in integers: equal remainders, so the
                # left-over minor units go to the first periods.
                base, extra = divmod(units, len(periods))
                low, high = from_minor_units(base, currency), from_minor_units(base + 1, currency)
                return (high,) * extra + (low,) * (len(periods) - extra)
            weights: Sequence[Decimal | int] = [1] * len(periods)
        elif self.method is PhasingMethod.LINEAR:
            weights = [period.days for period in periods]
        else:
            weights = self.values
        if self.part_rounding is PhasingRounding.CUMULATIVE:
            return _cumulative(total, weights, currency, rounding)
        return allocate(total, weights, currency, rounding=rounding)
