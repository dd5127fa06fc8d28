"""Due rules: when an installment or a discount deadline falls, counted from a baseline date.

Each rule is a small frozen value with ``due_date(base) -> date`` and
``describe() -> str``: [`NetDays`][spendrules.payment_terms.NetDays], [`NetMonths`][spendrules.payment_terms.NetMonths],
[`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth], [`DaysEndOfMonthOn`][spendrules.payment_terms.DaysEndOfMonthOn], [`DayOfMonth`][spendrules.payment_terms.DayOfMonth],
[`EomDating`][spendrules.payment_terms.EomDating], [`Advance`][spendrules.payment_terms.Advance], the Tryton-style [`RelativeDelta`][spendrules.payment_terms.RelativeDelta]
and [`DeltaChain`][spendrules.payment_terms.DeltaChain], and the rules built of rules, [`PaymentDays`][spendrules.payment_terms.PaymentDays]
and [`DayLimit`][spendrules.payment_terms.DayLimit] (see [`DueRule`][spendrules.payment_terms.DueRule]).

Every due rule computes from the *baseline* date it is given and does its
month arithmetic from that anchor with one ``dateutil.relativedelta`` (never
chained: 31 January + 2 months is 31 March, not 28 March).

Examples:
    >>> NetDays(30).due_date(date(2026, 3, 15))
    datetime.date(2026, 4, 14)
    >>> NetMonths(1).due_date(date(2026, 1, 31)), NetMonths(2).due_date(date(2026, 1, 31))
    (datetime.date(2026, 2, 28), datetime.date(2026, 3, 31))

References:
    Odoo ``addons/account/models/account_payment_term.py`` (delay types); ERPNext
    ``payment_term.json`` (due date based on); SAP T052 (fixed day, additional
    months, day limits); Tryton ``modules/account_invoice/payment_term.py``
    (relativedelta steps); OCA ``account_payment_term_extension`` (payment days);
    Zuora "Prox Payment Term Examples"; Monash Marketing Dictionary / AMA "End of
    Month Dating (EOM)".
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, TypeAlias

import attrs
from dateutil.relativedelta import relativedelta

from spendrules._checks import check_date, check_int
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "MAX_DAYS",
    "MAX_MONTHS",
    "Advance",
    "BasicRule",
    "DayLimit",
    "DayLimitEntry",
    "DayOfMonth",
    "DaysAfterEndOfMonth",
    "DaysEndOfMonthOn",
    "DeltaChain",
    "DueRule",
    "EomDating",
    "NetDays",
    "NetMonths",
    "PaymentDays",
    "RelativeDelta",
]

#: Largest number of days a due rule may count (ten years).
MAX_DAYS = 3660
#: Largest number of months a due rule may count (ten years).
MAX_MONTHS = 120


# --------------------------------------------------------------------------- helpers


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _int_field(name: str, low: int, high: int) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        number = check_int(value, name, minimum=low)
        if number > high:
            raise InvalidInputError(name, value, f"an int from {low} to {high}")

    return check


def _optional_int_field(name: str, low: int, high: int) -> Any:
    inner = _int_field(name, low, high)

    def check(instance: object, attribute: object, value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def _check_base(base: object) -> date:
    return check_date(base, "base")


# --------------------------------------------------------------------------- due rules


@attrs.frozen
class NetDays:
    """Due a number of calendar days after the baseline (Odoo ``days_after``).

    Attributes:
        days: Calendar days, 0 to `MAX_DAYS`.

    Examples:
        >>> NetDays(30).due_date(date(2022, 1, 31))
        datetime.date(2022, 3, 2)
    """

    days: int = attrs.field(validator=_int_field("days", 0, MAX_DAYS))

    def due_date(self, base: date) -> date:
        """Return ``base`` plus `days` days."""
        return _check_base(base) + timedelta(days=self.days)

    def describe(self) -> str:
        """Return a one-line description."""
        if self.days == 0:
            return "on the baseline date"
        return f"{_plural(self.days, 'day')} after the baseline date"


@attrs.frozen
class NetMonths:
    """Due a number of calendar months after the baseline, clamped to the month's end.

    31 January + 1 month is 28 (or 29) February; + 2 months is 31 March, because
    the months are always added to the baseline in one step.

    Attributes:
        months: Calendar months, 0 to `MAX_MONTHS`.

    Examples:
        >>> NetMonths(3).due_date(date(2024, 3, 15))
        datetime.date(2024, 6, 15)
    """

    months: int = attrs.field(validator=_int_field("months", 0, MAX_MONTHS))

    def due_date(self, base: date) -> date:
        """Return ``base`` plus `months` months (day clamped to the month's length)."""
        result: date = _check_base(base) + relativedelta(months=self.months)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{_plural(self.months, 'month')} after the baseline date"


@attrs.frozen
class DaysAfterEndOfMonth:
    """Due a number of days after the end of the baseline's month, or of a later month.

    ``months=0`` is Odoo ``days_after_end_of_month`` and ERPNext "Day(s) after
    the end of the invoice month"; ``months=1`` is Odoo
    ``days_after_end_of_next_month``; ``days=0, months=n`` is ERPNext "Month(s)
    after the end of the invoice month" as fixed in PR #33183 (the month is
    added first, then the end of *that* month is taken).

    Attributes:
        days: Days after the month's end, 0 to `MAX_DAYS`.
        months: Which month's end: 0 the baseline's month, 1 the next, ...

    Examples:
        >>> DaysAfterEndOfMonth(0, months=1).due_date(date(2020, 6, 11))
        datetime.date(2020, 7, 31)
    """

    days: int = attrs.field(default=0, validator=_int_field("days", 0, MAX_DAYS))
    months: int = attrs.field(default=0, validator=_int_field("months", 0, MAX_MONTHS))

    def due_date(self, base: date) -> date:
        """Return the end of the month ``months`` after ``base``'s, plus ``days``."""
        anchor: date = _check_base(base) + relativedelta(months=self.months, day=31)
        return anchor + timedelta(days=self.days)

    def describe(self) -> str:
        """Return a one-line description."""
        if self.months == 0:
            month = "the baseline's month"
        elif self.months == 1:
            month = "the month after the baseline's"
        else:
            month = f"the {_ordinal(self.months)} month after the baseline's"
        if self.days == 0:
            return f"at the end of {month}"
        return f"{_plural(self.days, 'day')} after the end of {month}"


@attrs.frozen
class DaysEndOfMonthOn:
    """ "N days, then end of month, then on day D" (Odoo ``days_end_of_month_on_the``).

    The baseline plus ``days`` gives a date; with ``day == 0`` the due date is
    the end of that date's month, otherwise day ``day`` of the following month
    (clamped to that month's length: day 31 in June is 30 June). French
    "30 jours fin de mois le 10" is ``DaysEndOfMonthOn(30, 10)``.

    This is Odoo's rule after PR #166560 (``ref + nb_days + relativedelta(months=1,
    day=D)``) and PR #172609 (D = 0 means end of month); Odoo 17.0's original
    ``relativedelta(month=2)`` cap (an absolute February) is not reproduced.

    Attributes:
        days: Days added to the baseline first, 0 to `MAX_DAYS`.
        day: Day of the following month, 1 to 31; 0 for the end of the month.

    Examples:
        >>> DaysEndOfMonthOn(30, 10).due_date(date(2016, 1, 14))
        datetime.date(2016, 3, 10)
        >>> DaysEndOfMonthOn(0, 31).due_date(date(2024, 5, 23))
        datetime.date(2024, 6, 30)
    """

    days: int = attrs.field(validator=_int_field("days", 0, MAX_DAYS))
    day: int = attrs.field(default=0, validator=_int_field("day", 0, 31))

    def due_date(self, base: date) -> date:
        """Return the due date (see the class description)."""
        shifted = _check_base(base) + timedelta(days=self.days)
        if self.day == 0:
            return _end_of_month(shifted)
        result: date = shifted + relativedelta(months=1, day=self.day)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        first = f"{_plural(self.days, 'day')} after the baseline date"
        if self.day == 0:
            return f"at the end of the month {first}"
        return f"on the {_ordinal(self.day)} of the month following the month {first}"


@attrs.frozen
class DayOfMonth:
    """Due on a day of a later month (prox, SAP fixed day + additional months, Zuora prox).

    The target month is ``months_ahead`` months after the baseline's, one more
    when the baseline's day is after ``cutoff_day`` (Zuora's cutoff, inclusive:
    a baseline on the cutoff day itself stays). The day is clamped to the
    month's length (SAP PXMON: 31 in April is 30 April). If the result would
    precede the baseline (possible only with ``months_ahead=0``), it moves one
    month on, so a due date never precedes its baseline.

    Attributes:
        day: Day of the month, 1 to 31.
        months_ahead: 1 for "prox" (next month), 0 for this month, up to `MAX_MONTHS`.
        cutoff_day: None, or 1 to 31: baselines after this day count one month later.

    Examples:
        >>> rule = DayOfMonth(20, months_ahead=1, cutoff_day=12)
        >>> rule.due_date(date(2026, 8, 10)), rule.due_date(date(2026, 8, 15))
        (datetime.date(2026, 9, 20), datetime.date(2026, 10, 20))
    """

    day: int = attrs.field(validator=_int_field("day", 1, 31))
    months_ahead: int = attrs.field(default=1, validator=_int_field("months_ahead", 0, MAX_MONTHS))
    cutoff_day: int | None = attrs.field(
        default=None, validator=_optional_int_field("cutoff_day", 1, 31)
    )

    def due_date(self, base: date) -> date:
        """Return the due date (see the class description)."""
        _check_base(base)
        months = self.months_ahead
        if self.cutoff_day is not None and base.day > self.cutoff_day:
            months += 1
        result: date = base + relativedelta(months=months, day=self.day)
        if result < base:
            result = base + relativedelta(months=months + 1, day=self.day)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        if self.months_ahead == 0:
            month = "the baseline's month (or the next, if already past)"
        elif self.months_ahead == 1:
            month = "the month after the baseline's"
        else:
            month = f"the {_ordinal(self.months_ahead)} month after the baseline's"
        text = f"on the {_ordinal(self.day)} of {month}"
        if self.cutoff_day is not None:
            text += f", one month later for baselines after the {_ordinal(self.cutoff_day)}"
        return text


@attrs.frozen
class EomDating:
    """End-of-month dating: the period counts from the end of the baseline's month (AMA).

    "2/10 EOM": the discount runs to 10 days after the end of the month. With
    ``late_cutoff_day`` (the retail "after the 25th" rule) a baseline after that
    day counts as dated the first of the next month, so the period runs from
    the end of the *next* month.

    Attributes:
        days: Days after the month's end, 0 to `MAX_DAYS`.
        late_cutoff_day: None, or 1 to 30.

    Examples:
        >>> EomDating(10).due_date(date(2026, 6, 16))
        datetime.date(2026, 7, 10)
        >>> EomDating(10, late_cutoff_day=25).due_date(date(2026, 6, 26))
        datetime.date(2026, 8, 10)
    """

    days: int = attrs.field(default=0, validator=_int_field("days", 0, MAX_DAYS))
    late_cutoff_day: int | None = attrs.field(
        default=None, validator=_optional_int_field("late_cutoff_day", 1, 30)
    )

    def due_date(self, base: date) -> date:
        """Return the due date (see the class description)."""
        _check_base(base)
        months = 1 if self.late_cutoff_day is not None and base.day > self.late_cutoff_day else 0
        anchor: date = base + relativedelta(months=months, day=31)
        return anchor + timedelta(days=self.days)

    def describe(self) -> str:
        """Return a one-line description."""
        text = (
            "at the end of the baseline's month"
            if self.days == 0
            else f"{_plural(self.days, 'day')} after the end of the baseline's month"
        )
        if self.late_cutoff_day is not None:
            text += f" (the next month's, for baselines after the {_ordinal(self.late_cutoff_day)})"
        return text


@attrs.frozen
class Advance:
    """Paid in advance: due on the baseline date, before delivery ("CIA", "30 % advance").

    Examples:
        >>> Advance().due_date(date(2026, 3, 15))
        datetime.date(2026, 3, 15)
    """

    def due_date(self, base: date) -> date:
        """Return ``base``: an advance payment is due at once."""
        return _check_base(base)

    def describe(self) -> str:
        """Return a one-line description."""
        return "in advance, on the baseline date"


_MONTH_NAMES = tuple(calendar.month_name)
_DAY_NAMES = tuple(calendar.day_name)


@attrs.frozen
class RelativeDelta:
    """One ``dateutil.relativedelta`` step, as a Tryton payment-term line stores it.

    The step is applied to the baseline in ``dateutil``'s order (the order
    Tryton gets, since it adds ``relativedelta(day=, month=, weekday=, months=,
    weeks=, days=)`` to the date):

    1. ``month``, when set, replaces the baseline's month (same year);
    2. ``months`` are added (the year carries over);
    3. ``day``, when set, replaces the day of the month; the day (set or
       kept) is clamped to the month's length (31 in April is 30 April);
    4. ``weeks`` x 7 + ``days`` calendar days are added;
    5. ``weekday``, when set, moves the date forward to that day of the week
       (the date itself when it already is one).

    So ``RelativeDelta(day=15, months=2, days=30)`` from 1 October 2011 is 15
    December 2011 + 30 days = 14 January 2012 (Tryton ``test_payment_term``).
    A set ``day`` or ``month`` can give a date before the baseline (``day=1``),
    exactly as in Tryton; counts are never negative (the model counts forward).
    Where a simpler rule gives the same date for every baseline (``days`` only
    is [`NetDays`][spendrules.payment_terms.NetDays]), the interop readers return that rule instead.

    Attributes:
        day: None, or the day of the month 1 to 31 (31: the month's last day).
        month: None, or the month 1 (January) to 12.
        weekday: None, or the day of the week 0 (Monday) to 6 (Sunday).
        months: Months added, 0 to `MAX_MONTHS`.
        weeks: Weeks added (7 days each), 0 to `MAX_DAYS` // 7.
        days: Days added, 0 to `MAX_DAYS`.

    Examples:
        >>> RelativeDelta(day=15, months=2, days=30).due_date(date(2011, 10, 1))
        datetime.date(2012, 1, 14)
        >>> RelativeDelta(months=1, days=30).due_date(date(2011, 10, 1))
        datetime.date(2011, 12, 1)
        >>> RelativeDelta(days=30, weekday=4).due_date(date(2026, 3, 2))  # then the next Friday
        datetime.date(2026, 4, 3)

    References:
        Tryton ``modules/account_invoice/payment_term.py``
        (``PaymentTermLineRelativeDelta.get``, ``PaymentTermLine.get_date``);
        ``dateutil.relativedelta.__add__`` (the order of the steps).
    """

    day: int | None = attrs.field(default=None, validator=_optional_int_field("day", 1, 31))
    month: int | None = attrs.field(default=None, validator=_optional_int_field("month", 1, 12))
    weekday: int | None = attrs.field(default=None, validator=_optional_int_field("weekday", 0, 6))
    months: int = attrs.field(default=0, validator=_int_field("months", 0, MAX_MONTHS))
    weeks: int = attrs.field(default=0, validator=_int_field("weeks", 0, MAX_DAYS // 7))
    days: int = attrs.field(default=0, validator=_int_field("days", 0, MAX_DAYS))

    def due_date(self, base: date) -> date:
        """Return ``base`` moved by this step (see the class description for the order)."""
        result: date = _check_base(base) + relativedelta(
            day=self.day,
            month=self.month,
            weekday=self.weekday,
            months=self.months,
            weeks=self.weeks,
            days=self.days,
        )
        return result

    def _steps(self) -> list[str]:
        steps = []
        if self.month is not None:
            steps.append(f"month set to {_MONTH_NAMES[self.month]}")
        if self.months:
            steps.append(f"plus {_plural(self.months, 'month')}")
        if self.day == 31:
            steps.append("day set to the month's last")
        elif self.day is not None:
            steps.append(f"day set to the {_ordinal(self.day)} (or the month's last, if shorter)")
        if self.weeks:
            steps.append(f"plus {_plural(self.weeks, 'week')}")
        if self.days:
            steps.append(f"plus {_plural(self.days, 'day')}")
        if self.weekday is not None:
            steps.append(f"then the next {_DAY_NAMES[self.weekday]} (or that day itself)")
        return steps or ["unchanged"]

    def describe(self) -> str:
        """Return a one-line description."""
        steps = self._steps()
        if steps == ["unchanged"]:
            return "on the baseline date"
        return "on the baseline date moved by: " + ", ".join(steps)


def _to_steps(value: Iterable[RelativeDelta]) -> tuple[RelativeDelta, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"steps must be a tuple of RelativeDelta, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_steps(_instance: object, _attribute: object, value: tuple[RelativeDelta, ...]) -> None:
    for index, step in enumerate(value):
        if not isinstance(step, RelativeDelta):
            raise TypeError(
                f"steps[{index}] must be a RelativeDelta, not {type(step).__name__}: {_shown(step)}"
            )
    if len(value) < 2:
        raise InvalidInputError(
            "steps", value, "at least two RelativeDelta steps (one step is a RelativeDelta)"
        )


@attrs.frozen
class DeltaChain:
    """Several [`RelativeDelta`][spendrules.payment_terms.RelativeDelta] steps, each applied to the date the one before gave.

    A Tryton payment-term line with more than one relative delta: its
    ``get_date`` adds them one after the other, in sequence order. "30 days,
    then the month's end, then 10 days" is ``DeltaChain((RelativeDelta(days=30),
    RelativeDelta(day=31), RelativeDelta(days=10)))``.

    Attributes:
        steps: Two or more steps, in the order they are applied.

    Examples:
        >>> chain = DeltaChain((RelativeDelta(days=30), RelativeDelta(day=31), RelativeDelta(days=10)))
        >>> chain.due_date(date(2026, 1, 14))
        datetime.date(2026, 3, 10)

    References:
        Tryton ``modules/account_invoice/payment_term.py`` (``PaymentTermLine.get_date``).
    """

    steps: tuple[RelativeDelta, ...] = attrs.field(converter=_to_steps, validator=_check_steps)

    def due_date(self, base: date) -> date:
        """Return ``base`` moved by every step in turn."""
        result = _check_base(base)
        for step in self.steps:
            result = step.due_date(result)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        phrases = (", ".join(step._steps()).removeprefix("then ") for step in self.steps)
        return "on the baseline date moved by: " + "; then ".join(phrases)


#: The due rules that stand on their own (no rule of another kind nested in them).
BasicRule: TypeAlias = (
    NetDays
    | NetMonths
    | DaysAfterEndOfMonth
    | DaysEndOfMonthOn
    | DayOfMonth
    | EomDating
    | Advance
    | RelativeDelta
    | DeltaChain
)

_BASIC_TYPES = (
    NetDays,
    NetMonths,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DayOfMonth,
    EomDating,
    Advance,
    RelativeDelta,
    DeltaChain,
)


def _check_after(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, _BASIC_TYPES) or isinstance(value, Advance):
        names = ", ".join(t.__name__ for t in _BASIC_TYPES if t is not Advance)
        raise TypeError(
            f"after must be one of {names}, not {type(value).__name__}: {_shown(value)}"
        )


def _to_days(value: Iterable[int]) -> tuple[int, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(
            f"days must be a tuple of ints, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_payment_days(_instance: object, _attribute: object, value: tuple[int, ...]) -> None:
    for index, day in enumerate(value):
        _int_field(f"days[{index}]", 1, 31)(None, None, day)
    if not value or any(a >= b for a, b in itertools.pairwise(value)):
        raise InvalidInputError(
            "days", value, "a non-empty, strictly increasing tuple of days 1 to 31"
        )


@attrs.frozen
class PaymentDays:
    """Due on the first of the payer's fixed payment days on or after another rule's date.

    "We pay on the 5th and the 20th": ``PaymentDays((5, 20), after=NetDays(30))``.
    A payment day beyond the month's length means its last day; when every
    payment day of the month has passed, the first one of the next month
    applies (OCA ``account_payment_term_extension`` ``payment_days``).

    Attributes:
        days: The payment days, strictly increasing, 1 to 31.
        after: The basic rule (other than [`Advance`][spendrules.payment_terms.Advance]) whose date is moved
            to the next payment day (default: the baseline itself).

    Examples:
        >>> rule = PaymentDays((5, 20), after=NetDays(30))
        >>> rule.due_date(date(2026, 3, 1)), rule.due_date(date(2026, 3, 10))
        (datetime.date(2026, 4, 5), datetime.date(2026, 4, 20))
    """

    days: tuple[int, ...] = attrs.field(converter=_to_days, validator=_check_payment_days)
    after: BasicRule = attrs.field(factory=lambda: NetDays(0), validator=_check_after)

    def due_date(self, base: date) -> date:
        """Return the first payment day on or after ``after.due_date(base)``."""
        start = self.after.due_date(base)
        for months in (0, 1):
            for day in self.days:
                candidate: date = start + relativedelta(months=months, day=day)
                if candidate >= start:
                    return candidate
        raise AssertionError(
            "unreachable: the next month always has a payment day"
        )  # pragma: no cover

    def describe(self) -> str:
        """Return a one-line description."""
        days = ", ".join(_ordinal(d) for d in self.days)
        return f"on the next payment day ({days}) on or after: {self.after.describe()}"


def _check_entry_rule(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, (*_BASIC_TYPES, PaymentDays)):
        raise TypeError(
            f"rule must be a basic due rule or PaymentDays, not {type(value).__name__}: {_shown(value)}"
        )


@attrs.frozen
class DayLimitEntry:
    """One row of a SAP day-limit term: the rule for baselines up to day ``limit``.

    Attributes:
        limit: The last baseline day of the month this row covers, 1 to 31.
        rule: A basic due rule or [`PaymentDays`][spendrules.payment_terms.PaymentDays].
    """

    limit: int = attrs.field(validator=_int_field("limit", 1, 31))
    rule: BasicRule | PaymentDays = attrs.field(validator=_check_entry_rule)


def _to_entries(value: Iterable[DayLimitEntry]) -> tuple[DayLimitEntry, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"limits must be a tuple of DayLimitEntry, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_limits(_instance: object, _attribute: object, value: tuple[DayLimitEntry, ...]) -> None:
    for index, entry in enumerate(value):
        if not isinstance(entry, DayLimitEntry):
            raise TypeError(
                f"limits[{index}] must be a DayLimitEntry, not {type(entry).__name__}: {_shown(entry)}"
            )
    limits = [entry.limit for entry in value]
    if not limits or any(a >= b for a, b in itertools.pairwise(limits)):
        raise InvalidInputError("limits", tuple(limits), "non-empty and strictly increasing")
    if limits[-1] != 31:
        raise InvalidInputError(
            "limits[-1].limit", limits[-1], "31 (the last day limit covers the month's end)"
        )


@attrs.frozen
class DayLimit:
    """A different rule by the baseline's day of the month (SAP day limits, ZTAGG).

    The entry that applies is the one with the smallest ``limit`` at or above the
    baseline's day; the last limit must be 31 (SAP help "Date-Specific Terms of
    Payment").

    Attributes:
        limits: [`DayLimitEntry`][spendrules.payment_terms.DayLimitEntry] rows, limits strictly increasing, the last 31.

    Examples:
        >>> rule = DayLimit((DayLimitEntry(15, DayOfMonth(31, months_ahead=0)),
        ...                  DayLimitEntry(31, DayOfMonth(15, months_ahead=1))))
        >>> rule.due_date(date(2026, 4, 15)), rule.due_date(date(2026, 4, 16))
        (datetime.date(2026, 4, 30), datetime.date(2026, 5, 15))
    """

    limits: tuple[DayLimitEntry, ...] = attrs.field(converter=_to_entries, validator=_check_limits)

    def entry_for(self, base: date) -> DayLimitEntry:
        """Return the row that applies to ``base``."""
        _check_base(base)
        for entry in self.limits:
            if base.day <= entry.limit:
                return entry
        raise AssertionError("unreachable: the last limit is 31")  # pragma: no cover

    def due_date(self, base: date) -> date:
        """Return the due date of the row that applies to ``base``."""
        return self.entry_for(base).rule.due_date(base)

    def describe(self) -> str:
        """Return a one-line description."""
        parts = []
        low = 1
        for entry in self.limits:
            parts.append(f"baseline day {low}-{entry.limit}: {entry.rule.describe()}")
            low = entry.limit + 1
        return "; ".join(parts)


#: Every due rule: each has ``due_date(base) -> date`` and ``describe() -> str``.
DueRule: TypeAlias = BasicRule | PaymentDays | DayLimit

_DUE_TYPES = (*_BASIC_TYPES, PaymentDays, DayLimit)


def _check_due(name: str, *, advance: bool = True) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, _DUE_TYPES):
            raise TypeError(
                f"{name} must be a due rule, not {type(value).__name__}: {_shown(value)}"
            )
        if not advance and isinstance(value, Advance):
            raise InvalidInputError(name, value, "a due rule other than Advance")

    return check
