"""Business days, holiday calendars and roll conventions.

A calendar answers one question, [`BusinessCalendar.is_business_day`][spendrules.calendars.BusinessCalendar.is_business_day].
[`roll`][spendrules.calendars.roll] moves a date that falls on a non-business day by a
[`Roll`][spendrules.calendars.Roll] convention with the meanings QuantLib and the ISDA 2006
definitions give them; [`add_business_days`][spendrules.calendars.add_business_days] counts business days.

[`add_business_days`][spendrules.calendars.add_business_days] counts at most `MAX_BUSINESS_DAYS` (100,000)
business days and refuses, before counting, a count that cannot end within
the ``datetime.date`` range or a [`HolidayCalendar`][spendrules.calendars.HolidayCalendar]'s coverage; below
that its work is linear in ``n`` (one ``is_business_day`` call per calendar
day walked).

Examples:
    >>> from datetime import date
    >>> cal = WeekendCalendar()
    >>> roll(date(2026, 5, 30), cal, Roll.FOLLOWING)             # a Saturday
    datetime.date(2026, 6, 1)
    >>> roll(date(2026, 5, 30), cal, Roll.MODIFIED_FOLLOWING)    # stays in May
    datetime.date(2026, 5, 29)
    >>> add_business_days(date(2026, 5, 29), 1, cal)
    datetime.date(2026, 6, 1)

References:
    ISDA, 2006 ISDA Definitions, Section 4.12 (Business Day Conventions).
    QuantLib, ``ql/time/businessdayconvention.hpp`` (Following, ModifiedFollowing,
    Preceding, ModifiedPreceding, Unadjusted, Nearest).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol, runtime_checkable

import attrs

from spendrules._checks import check_date, check_int
from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError, MissingExtraError, _shown

__all__ = [
    "MAX_BUSINESS_DAYS",
    "MAX_CALENDAR_YEARS",
    "BusinessCalendar",
    "HolidayCalendar",
    "Roll",
    "WeekendCalendar",
    "add_business_days",
    "country_calendar",
    "is_business_day",
    "roll",
]

#: Saturday and Sunday, as ``date.weekday()`` numbers (Monday is 0).
SATURDAY_SUNDAY = frozenset({5, 6})

#: A search for a business day gives up after this many calendar days (a
#: calendar with no business day in ten years is a configuration error).
_MAX_SEARCH_DAYS = 3660

#: The most business days [`add_business_days`][spendrules.calendars.add_business_days] counts, either way: about 380
#: years of five-day weeks, beyond any contract, SLA or payment term, while
#: counting that many takes a fraction of a second. A larger ``n`` is refused
#: before counting starts (it used to walk millions of days before failing).
MAX_BUSINESS_DAYS = 100_000

#: The most years [`country_calendar`][spendrules.calendars.country_calendar] reads: a century, beyond any contract or
#: payment term, while reading that many from ``holidays`` takes about a second. A
#: wider ``years`` (``range(0, 10**20)``) is refused before reading starts.
MAX_CALENDAR_YEARS = 100

_ONE_DAY = timedelta(days=1)


@runtime_checkable
class BusinessCalendar(Protocol):
    """Anything that can say whether a date is a business day."""

    def is_business_day(self, day: date, /) -> bool:
        """Return True if ``day`` is a business day."""
        ...  # pragma: no cover


def _check_weekend(_instance: object, _attribute: object, value: frozenset[int]) -> None:
    if not isinstance(value, frozenset) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in value
    ):
        raise InvalidInputError(
            "weekend", value, "a frozenset of weekday numbers 0 (Mon) to 6 (Sun)"
        )
    if len(value) == 7:
        raise InvalidInputError("weekend", value, "a set leaving at least one working weekday")


@attrs.frozen
class WeekendCalendar:
    """Every day is a business day except the weekend days.

    Attributes:
        weekend: Weekday numbers (``date.weekday()``: Monday 0 ... Sunday 6) that
            are not business days. Default Saturday and Sunday; use
            ``frozenset({4, 5})`` for a Friday-Saturday weekend.

    Examples:
        >>> WeekendCalendar().is_business_day(date(2026, 5, 30))
        False
    """

    weekend: frozenset[int] = attrs.field(default=SATURDAY_SUNDAY, validator=_check_weekend)

    def is_business_day(self, day: date, /) -> bool:
        """Return True unless ``day`` falls on a weekend day."""
        return check_date(day, "day").weekday() not in self.weekend


def _date_set(value: Iterable[date], field: str) -> frozenset[date]:
    if isinstance(value, str | bytes | date) or not isinstance(value, Iterable):
        raise TypeError(
            f"{field} must be an iterable of datetime.date, not {type(value).__name__}: {_shown(value)}"
        )
    days = frozenset(value)
    for day in days:
        check_date(day, f"{field}[]")
    return days


def _to_holidays(value: Iterable[date]) -> frozenset[date]:
    return _date_set(value, "holidays")


def _to_workdays(value: Iterable[date]) -> frozenset[date]:
    return _date_set(value, "workdays")


def _check_workdays(instance: HolidayCalendar, _attribute: object, value: frozenset[date]) -> None:
    both = value & instance.holidays
    if both:
        raise InvalidInputError("workdays", min(both), "a date that is not also in holidays")


def _check_coverage(instance: HolidayCalendar, _attribute: object, value: date | None) -> None:
    if value is not None:
        check_date(value, "valid_to")
    if instance.valid_from is not None:
        check_date(instance.valid_from, "valid_from")
        if value is not None and value < instance.valid_from:
            raise InvalidInputError("valid_to", value, f">= valid_from ({instance.valid_from})")


@attrs.frozen
class HolidayCalendar:
    """Weekend days and listed holidays are not business days.

    Attributes:
        holidays: The non-business dates besides the weekend.
        weekend: As for [`WeekendCalendar`][spendrules.calendars.WeekendCalendar].
        valid_from: First date the holiday list is known to cover, or None.
        valid_to: Last date the holiday list is known to cover, or None.
            Asking about a date outside ``[valid_from, valid_to]`` raises
            [`InvalidInputError`][spendrules.errors.InvalidInputError] rather than guessing
            that the date has no holiday.
        workdays: Dates that are business days although they fall on a weekend
            day (the make-up working Saturdays and Sundays of China, Vietnam,
            Russia...). A date may not be both a holiday and a workday.

    Examples:
        >>> cal = HolidayCalendar(frozenset({date(2026, 12, 25)}))
        >>> cal.is_business_day(date(2026, 12, 25)), cal.is_business_day(date(2026, 12, 24))
        (False, True)
    """

    holidays: frozenset[date] = attrs.field(converter=_to_holidays)
    weekend: frozenset[int] = attrs.field(default=SATURDAY_SUNDAY, validator=_check_weekend)
    valid_from: date | None = None
    valid_to: date | None = attrs.field(default=None, validator=_check_coverage)
    workdays: frozenset[date] = attrs.field(
        default=frozenset(), converter=_to_workdays, validator=_check_workdays
    )

    def is_business_day(self, day: date, /) -> bool:
        """Return True unless ``day`` is a holiday or a weekend day that is not a workday."""
        check_date(day, "day")
        if (self.valid_from is not None and day < self.valid_from) or (
            self.valid_to is not None and day > self.valid_to
        ):
            raise InvalidInputError(
                "day", day, f"within the calendar's coverage {self.valid_from} to {self.valid_to}"
            )
        if day in self.workdays:
            return True
        return day.weekday() not in self.weekend and day not in self.holidays


class Roll(SpendEnum):
    """Business-day conventions (ISDA 2006 section 4.12; QuantLib names).

    Attributes:
        UNADJUSTED: Keep the date even if it is not a business day (every ERP's default).
        FOLLOWING: The first business day after.
        MODIFIED_FOLLOWING: The first business day after, unless that is in the
            next month; then the last business day before.
        PRECEDING: The last business day before.
        MODIFIED_PRECEDING: The last business day before, unless that is in the
            previous month; then the first business day after.
        NEAREST: The nearer of the following and preceding business days; the
            following one on a tie.
    """

    UNADJUSTED = "unadjusted"
    FOLLOWING = "following"
    MODIFIED_FOLLOWING = "modified_following"
    PRECEDING = "preceding"
    MODIFIED_PRECEDING = "modified_preceding"
    NEAREST = "nearest"


def _check_calendar(calendar: object) -> BusinessCalendar:
    if not isinstance(calendar, BusinessCalendar):
        raise TypeError(
            "calendar must be a BusinessCalendar (an object with is_business_day(day)), "
            f"not {type(calendar).__name__}: {_shown(calendar)}"
        )
    return calendar


def is_business_day(day: date, calendar: BusinessCalendar) -> bool:
    """Return ``calendar.is_business_day(day)`` after checking ``day`` is a date."""
    return _check_calendar(calendar).is_business_day(check_date(day, "day"))


def _no_business_day(calendar: BusinessCalendar, start: date) -> InvalidInputError:
    return InvalidInputError(
        "calendar",
        type(calendar).__name__,
        f"a calendar with a business day within {_MAX_SEARCH_DAYS} days of {start}",
    )


def _search(
    day: date, calendar: BusinessCalendar, step: timedelta, *, same_month: bool = False
) -> date | None:
    """Return the first business day from ``day`` on (``day`` included) in the direction ``step``.

    Returns None when the search reaches the end of the ``datetime.date`` range,
    or, with ``same_month``, the end of ``day``'s month, before finding one.
    """
    start = day
    for _ in range(_MAX_SEARCH_DAYS):
        if calendar.is_business_day(day):
            return day
        try:
            day += step
        except OverflowError:
            return None
        if same_month and day.month != start.month:
            return None
    raise _no_business_day(calendar, start)


def _following(day: date, calendar: BusinessCalendar) -> date:
    found = _search(day, calendar, _ONE_DAY)
    if found is None:
        raise InvalidInputError(
            "day", day, f"a date with a business day on or after it by {date.max}"
        )
    return found


def _preceding(day: date, calendar: BusinessCalendar) -> date:
    found = _search(day, calendar, -_ONE_DAY)
    if found is None:
        raise InvalidInputError(
            "day", day, f"a date with a business day on or before it from {date.min}"
        )
    return found


def _nearest(day: date, calendar: BusinessCalendar) -> date:
    for distance in range(1, _MAX_SEARCH_DAYS + 1):
        offset = timedelta(days=distance)
        # The following day first, so that a tie goes to it.
        for candidate in (_shift(day, offset), _shift(day, -offset)):
            if candidate is not None and calendar.is_business_day(candidate):
                return candidate
    raise _no_business_day(calendar, day)


def _shift(day: date, offset: timedelta) -> date | None:
    try:
        return day + offset
    except OverflowError:
        return None


def roll(day: date, calendar: BusinessCalendar, convention: Roll) -> date:
    """Move ``day`` to a business day of ``calendar`` by ``convention``.

    ``MODIFIED_FOLLOWING`` looks for the following business day only up to the
    end of ``day``'s month and otherwise takes the preceding one;
    ``MODIFIED_PRECEDING`` mirrors it. Only when a month has no business day at
    all do they leave it (as QuantLib does). ``NEAREST`` takes the business day
    fewest calendar days away, the following one when both are equally far.

    Args:
        day: The date to adjust.
        calendar: Any [`BusinessCalendar`][spendrules.calendars.BusinessCalendar].
        convention: A [`Roll`][spendrules.calendars.Roll] (or its string value).

    Returns:
        ``day`` itself if it is a business day or the convention is
        ``UNADJUSTED``; otherwise the adjusted date, always a business day.

    Raises:
        TypeError: ``day`` is not a ``datetime.date`` (or is a ``datetime``), or
            ``calendar`` has no ``is_business_day``.
        InvalidInputError: unknown convention, no business day within ten
            years, or none before the end of the ``datetime.date`` range.

    Examples:
        >>> cal = WeekendCalendar()
        >>> roll(date(2026, 8, 1), cal, Roll.MODIFIED_PRECEDING)   # Saturday 1 August
        datetime.date(2026, 8, 3)
        >>> roll(date(2026, 8, 1), cal, Roll.NEAREST), roll(date(2026, 8, 2), cal, Roll.NEAREST)
        (datetime.date(2026, 7, 31), datetime.date(2026, 8, 3))
    """
    check_date(day, "day")
    _check_calendar(calendar)
    try:
        convention = Roll(convention)
    except ValueError:
        raise InvalidInputError("convention", convention, "a Roll convention") from None
    if convention is Roll.UNADJUSTED or calendar.is_business_day(day):
        return day
    if convention is Roll.FOLLOWING:
        return _following(day, calendar)
    if convention is Roll.PRECEDING:
        return _preceding(day, calendar)
    if convention is Roll.MODIFIED_FOLLOWING:
        after = _search(day, calendar, _ONE_DAY, same_month=True)
        return after if after is not None else _preceding(day, calendar)
    if convention is Roll.MODIFIED_PRECEDING:
        before = _search(day, calendar, -_ONE_DAY, same_month=True)
        return before if before is not None else _following(day, calendar)
    return _nearest(day, calendar)


def _check_count(day: date, count: int, calendar: BusinessCalendar) -> None:
    """Refuse, before counting, a count above the limit or one that cannot end in range.

    Each business day is at least one calendar day on, so ``count`` business days
    from ``day`` end at least ``abs(count)`` calendar days away.
    """
    if abs(count) > MAX_BUSINESS_DAYS:
        raise InvalidInputError(
            "n",
            count,
            f"a count of at most {MAX_BUSINESS_DAYS:,} business days either way "
            "(MAX_BUSINESS_DAYS)",
        )
    room = (date.max - day).days if count > 0 else (day - date.min).days
    if abs(count) > room:
        raise InvalidInputError(
            "n", count, f"a count that stays within {date.min} to {date.max} from {day}"
        )
    nearest = day + timedelta(days=count)  # the nearest date the count can end on
    if isinstance(calendar, HolidayCalendar) and (
        (calendar.valid_from is not None and nearest < calendar.valid_from)
        or (calendar.valid_to is not None and nearest > calendar.valid_to)
    ):
        raise InvalidInputError(
            "n",
            count,
            f"a count that stays within the calendar's coverage {calendar.valid_from} to "
            f"{calendar.valid_to} from {day}",
        )


def add_business_days(day: date, n: int, calendar: BusinessCalendar) -> date:
    """Return the date ``n`` business days after ``day`` (before it when ``n`` < 0).

    ``day`` itself need not be a business day: counting starts from it, so one
    business day after a Saturday is the Monday, and one before a Sunday is the
    Friday (QuantLib's ``Calendar::advance`` in days). With ``n == 0`` the
    result is ``day`` rolled ``FOLLOWING`` (QuantLib's ``advance`` by zero days).

    The work is one ``calendar.is_business_day`` call per calendar day walked;
    a count that cannot be answered is refused before the first call.

    Raises:
        TypeError: ``day`` is not a ``datetime.date``, ``n`` is not an ``int``,
            or ``calendar`` has no ``is_business_day``.
        InvalidInputError: ``abs(n)`` above `MAX_BUSINESS_DAYS`
            (100,000); an ``n`` that cannot end within the ``datetime.date``
            range, or within a [`HolidayCalendar`][spendrules.calendars.HolidayCalendar]'s ``valid_from`` to
            ``valid_to``, since each business day is at least one calendar day
            (both refused before counting); no business day within ten years,
            or the count runs past the ``datetime.date`` range.

    Examples:
        >>> cal = WeekendCalendar()
        >>> add_business_days(date(2026, 5, 29), 3, cal)    # Friday + 3
        datetime.date(2026, 6, 3)
        >>> add_business_days(date(2026, 6, 1), -1, cal)    # Monday - 1
        datetime.date(2026, 5, 29)
        >>> add_business_days(date(2026, 5, 30), 0, cal)    # Saturday + 0
        datetime.date(2026, 6, 1)
        >>> add_business_days(date(2026, 5, 29), 10**13, cal)
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: n must be a count of at most 100,000 business days either way (MAX_BUSINESS_DAYS): 10000000000000
    """
    check_date(day, "day")
    count = check_int(n, "n")
    _check_calendar(calendar)
    if count == 0:
        return _following(day, calendar)
    _check_count(day, count, calendar)
    step = _ONE_DAY if count > 0 else -_ONE_DAY
    walk = _following if count > 0 else _preceding
    start = day
    for _ in range(abs(count)):
        after = _shift(day, step)
        if after is None:
            raise InvalidInputError(
                "n", n, f"a count that stays within {date.min} to {date.max} from {start}"
            )
        day = walk(after, calendar)
    return day


def country_calendar(
    country: str,
    *,
    subdivision: str | None = None,
    years: range = range(2000, 2061),
) -> HolidayCalendar:
    """Return a [`HolidayCalendar`][spendrules.calendars.HolidayCalendar] of a country's public holidays (``holidays`` extra).

    The holidays are read once, for ``years``, from the ``holidays`` package;
    the calendar refuses dates outside those years instead of treating them as
    holiday-free. The country's own weekend is used (for example Friday and
    Saturday where that is the working week), and so are its make-up working
    days on weekend dates (China, Vietnam, ...). Where a country moved its
    weekend within ``years`` (the United Arab Emirates in 2022), the current
    weekend is the calendar's ``weekend`` and the days the old weekend made
    different are listed in ``holidays`` and ``workdays``: every day of
    ``years`` is a business day exactly when the ``holidays`` package says it
    is a working day (``is_working_day``).

    Args:
        country: ISO 3166-1 alpha-2 code (``"US"``, ``"DE"``).
        subdivision: Optional ISO 3166-2 subdivision (``"CA"``, ``"BY"``).
        years: The consecutive years to cover (a ``range`` with step 1), at most
            `MAX_CALENDAR_YEARS` of them, within 1 to 9999; default 2000 to 2060.

    Raises:
        MissingExtraError: ``holidays`` is not installed (``pip install "spendrules[holidays]"``).
        TypeError: ``country`` or ``subdivision`` is not a ``str``.
        InvalidInputError: unknown country or subdivision, or ``years`` is
            empty, not consecutive, longer than `MAX_CALENDAR_YEARS` or
            outside 1 to 9999.

    Examples:
        >>> us = country_calendar("US", years=range(2026, 2027))
        >>> us.is_business_day(date(2026, 7, 3)), us.is_business_day(date(2026, 7, 6))
        (False, True)
        >>> cn = country_calendar("CN", years=range(2026, 2027))
        >>> cn.is_business_day(date(2026, 1, 4))    # a Sunday worked for the New Year break
        True
    """
    try:
        import holidays  # noqa: PLC0415 - optional extra, imported on use
    except ImportError:
        raise MissingExtraError("holidays", "country_calendar") from None
    if not isinstance(country, str):
        raise TypeError(f"country must be a str, not {type(country).__name__}: {_shown(country)}")
    if subdivision is not None and not isinstance(subdivision, str):
        raise TypeError(
            f"subdivision must be a str or None, not {type(subdivision).__name__}: {_shown(subdivision)}"
        )
    if not isinstance(years, range) or not years or years.step != 1:
        raise InvalidInputError("years", years, "a non-empty range of consecutive years")
    if years[0] < 1 or years[-1] > 9999 or years[-1] - years[0] >= MAX_CALENDAR_YEARS:
        raise InvalidInputError(
            "years",
            years,
            f"at most {MAX_CALENDAR_YEARS} years (MAX_CALENDAR_YEARS) within 1 to 9999",
        )
    try:
        table = holidays.country_holidays(country, subdiv=subdivision, years=years)
    except NotImplementedError:
        raise InvalidInputError(
            "country",
            (country, subdivision),
            "a country (and subdivision) the holidays package knows",
        ) from None
    weekend = frozenset(getattr(table, "weekend", SATURDAY_SUNDAY))
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    off: set[date] = set()
    worked: set[date] = set()
    for offset in range((last - first).days + 1):  # counted: a day after 9999-12-31 overflows
        day = first + timedelta(days=offset)
        on_weekend = day.weekday() in weekend
        if table.is_working_day(day):
            if on_weekend:
                worked.add(day)
        elif not on_weekend or day in table:  # weekend holidays are listed too
            off.add(day)
    return HolidayCalendar(
        frozenset(off), weekend=weekend, valid_from=first, valid_to=last, workdays=frozenset(worked)
    )
