"""Tests of spendrules.calendars."""

from __future__ import annotations

import builtins
import sys
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spendrules.calendars import (
    MAX_BUSINESS_DAYS,
    BusinessCalendar,
    HolidayCalendar,
    Roll,
    WeekendCalendar,
    add_business_days,
    country_calendar,
    is_business_day,
    roll,
)
from spendrules.errors import InvalidInputError, MissingExtraError

WEEKEND = WeekendCalendar()
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
weekends = st.frozensets(st.integers(0, 6), max_size=5)
holiday_sets = st.frozensets(days, max_size=40)


@pytest.mark.parametrize(
    ("day", "convention", "expected"),
    [
        # 2026-05-30 is a Saturday; June 1 a Monday (issue 2, done means).
        pytest.param(
            date(2026, 5, 30), Roll.MODIFIED_FOLLOWING, date(2026, 5, 29), id="issue-2 MF"
        ),
        pytest.param(date(2026, 5, 30), Roll.FOLLOWING, date(2026, 6, 1), id="issue-2 F"),
        pytest.param(date(2026, 5, 30), Roll.UNADJUSTED, date(2026, 5, 30), id="unadjusted"),
        pytest.param(date(2026, 5, 30), Roll.PRECEDING, date(2026, 5, 29), id="preceding"),
        # 2026-08-01 is a Saturday: preceding would leave August.
        pytest.param(date(2026, 8, 1), Roll.MODIFIED_PRECEDING, date(2026, 8, 3), id="MP"),
        pytest.param(date(2026, 8, 1), Roll.NEAREST, date(2026, 7, 31), id="nearest sat"),
        pytest.param(date(2026, 8, 2), Roll.NEAREST, date(2026, 8, 3), id="nearest sun"),
        pytest.param(date(2026, 8, 3), Roll.FOLLOWING, date(2026, 8, 3), id="business day kept"),
        pytest.param(date(2026, 5, 16), Roll.MODIFIED_FOLLOWING, date(2026, 5, 18), id="MF mid"),
        pytest.param(date(2026, 5, 16), Roll.MODIFIED_PRECEDING, date(2026, 5, 15), id="MP mid"),
    ],
)
def test_roll_examples(day: date, convention: Roll, expected: date) -> None:
    assert roll(day, WEEKEND, convention) == expected


def test_nearest_ties_go_following() -> None:
    # A one-day holiday on a Wednesday: Tuesday and Thursday are equally near.
    cal = HolidayCalendar(frozenset({date(2026, 6, 10)}))
    assert roll(date(2026, 6, 10), cal, Roll.NEAREST) == date(2026, 6, 11)


def test_roll_accepts_convention_values_and_refuses_unknown() -> None:
    assert roll(date(2026, 5, 30), WEEKEND, "following") == date(2026, 6, 1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="convention"):
        roll(date(2026, 5, 30), WEEKEND, "next")  # type: ignore[arg-type]


def test_dates_must_be_dates() -> None:
    with pytest.raises(TypeError, match=r"day must be a datetime\.date, not datetime"):
        roll(datetime(2026, 5, 30), WEEKEND, Roll.FOLLOWING)  # noqa: DTZ001
    with pytest.raises(TypeError, match="day"):
        WEEKEND.is_business_day("2026-05-30")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"holidays\[\]"):
        HolidayCalendar(frozenset({"2026-12-25"}))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "weekend",
    [frozenset(range(7)), frozenset({7}), frozenset({-1}), frozenset({True}), {5, 6}],
)
def test_weekend_must_leave_a_working_day(weekend: Any) -> None:
    with pytest.raises(InvalidInputError, match="weekend"):
        WeekendCalendar(weekend=weekend)


def test_holiday_calendar_coverage_is_enforced() -> None:
    cal = HolidayCalendar(frozenset(), valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    assert cal.is_business_day(date(2026, 6, 1))
    with pytest.raises(InvalidInputError, match="coverage"):
        cal.is_business_day(date(2027, 1, 1))
    with pytest.raises(InvalidInputError, match="coverage"):
        cal.is_business_day(date(2025, 12, 31))
    with pytest.raises(InvalidInputError, match="valid_to"):
        HolidayCalendar(frozenset(), valid_from=date(2026, 1, 1), valid_to=date(2025, 1, 1))
    with pytest.raises(TypeError, match="valid_from"):
        HolidayCalendar(frozenset(), valid_from="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="valid_to"):
        HolidayCalendar(frozenset(), valid_to="2026-01-01")  # type: ignore[arg-type]
    open_ended = HolidayCalendar(frozenset(), valid_from=date(2026, 1, 1))
    assert open_ended.is_business_day(date(2999, 1, 1))


class _Closed:
    """A calendar with no business day at all (a configuration error)."""

    def is_business_day(self, day: date, /) -> bool:
        return False


@pytest.mark.parametrize("convention", [r for r in Roll if r is not Roll.UNADJUSTED])
def test_a_calendar_without_business_days_fails_clearly(convention: Roll) -> None:
    assert isinstance(_Closed(), BusinessCalendar)
    with pytest.raises(InvalidInputError, match="business day within 3660 days of 2026-01-01"):
        roll(date(2026, 1, 1), _Closed(), convention)
    with pytest.raises(InvalidInputError, match="business day within 3660 days"):
        add_business_days(date(2026, 1, 1), -1, _Closed())


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        pytest.param(date(2026, 5, 29), 3, date(2026, 6, 3), id="fri+3"),
        pytest.param(date(2026, 5, 30), 1, date(2026, 6, 1), id="sat+1"),
        pytest.param(date(2026, 6, 1), -1, date(2026, 5, 29), id="mon-1"),
        pytest.param(date(2026, 5, 30), 0, date(2026, 6, 1), id="sat+0 rolls following"),
        pytest.param(date(2026, 6, 3), 0, date(2026, 6, 3), id="wed+0"),
        pytest.param(date(2026, 6, 1), 10, date(2026, 6, 15), id="two weeks"),
    ],
)
def test_add_business_days(day: date, n: int, expected: date) -> None:
    assert add_business_days(day, n, WEEKEND) == expected


def test_add_business_days_refuses_non_int() -> None:
    with pytest.raises(TypeError, match="n must be an int"):
        add_business_days(date(2026, 6, 1), 1.0, WEEKEND)  # type: ignore[arg-type]


def test_is_business_day_function() -> None:
    assert is_business_day(date(2026, 6, 1), WEEKEND)
    assert not is_business_day(date(2026, 6, 6), WEEKEND)


@given(day=days, weekend=weekends, holidays=holiday_sets, convention=st.sampled_from(Roll))
def test_roll_lands_on_a_business_day_and_modified_stays_in_month(
    day: date, weekend: frozenset[int], holidays: frozenset[date], convention: Roll
) -> None:
    cal = HolidayCalendar(holidays, weekend=weekend)
    rolled = roll(day, cal, convention)
    if convention is Roll.UNADJUSTED:
        assert rolled == day
        return
    assert cal.is_business_day(rolled)
    if cal.is_business_day(day):
        assert rolled == day
    if convention in (Roll.MODIFIED_FOLLOWING, Roll.MODIFIED_PRECEDING):
        # The month is left only when it has no business day in that direction.
        assert rolled.month == day.month or not any(
            cal.is_business_day(day + timedelta(days=k))
            for k in range(-31, 32)
            if (day + timedelta(days=k)).month == day.month
        )
    if convention is Roll.FOLLOWING:
        assert rolled >= day
    if convention is Roll.PRECEDING:
        assert rolled <= day


@given(day=days, n=st.integers(-40, 40), weekend=weekends)
def test_add_business_days_counts_business_days(day: date, n: int, weekend: frozenset[int]) -> None:
    cal = WeekendCalendar(weekend=weekend)
    result = add_business_days(day, n, cal)
    assert cal.is_business_day(result)
    if n > 0:
        between = [day + timedelta(days=k) for k in range(1, (result - day).days + 1)]
        assert sum(cal.is_business_day(d) for d in between) == n
    elif n < 0:
        between = [result + timedelta(days=k) for k in range((day - result).days)]
        assert sum(cal.is_business_day(d) for d in between) == -n


def test_country_calendar_uses_the_holidays_package() -> None:
    us = country_calendar("US", years=range(2026, 2027))
    # Independence Day 2026 is a Saturday, observed on Friday 3 July (5 U.S.C. 6103).
    assert not us.is_business_day(date(2026, 7, 3))
    assert not us.is_business_day(date(2026, 12, 25))
    assert us.is_business_day(date(2026, 7, 6))
    with pytest.raises(InvalidInputError, match="coverage"):
        us.is_business_day(date(2027, 1, 4))
    by = country_calendar("DE", subdivision="BY", years=range(2026, 2027))
    assert not by.is_business_day(date(2026, 1, 6))  # Epiphany in Bavaria
    assert country_calendar("DE", years=range(2026, 2027)).is_business_day(date(2026, 1, 6))


def test_country_calendar_uses_the_countrys_weekend() -> None:
    ae = country_calendar("AE", years=range(2026, 2027))
    assert ae.weekend == frozenset({5, 6})
    sa = country_calendar("SA", years=range(2026, 2027))
    assert sa.weekend == frozenset({4, 5})


def test_country_calendar_errors() -> None:
    with pytest.raises(InvalidInputError, match="country"):
        country_calendar("ZZ")
    with pytest.raises(InvalidInputError, match="years"):
        country_calendar("US", years=range(2026, 2026))


def test_country_calendar_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def blocked(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "holidays":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "holidays", raising=False)
    monkeypatch.setattr(builtins, "__import__", blocked)
    with pytest.raises(MissingExtraError, match=r'pip install "spendrules\[holidays\]"'):
        country_calendar("US")


# A Friday weekend makes 9999-12-31 (a Friday, the last datetime.date) a non-business day;
# a Monday weekend does the same for 0001-01-01 (a Monday).
FRIDAY_OFF = WeekendCalendar(weekend=frozenset({4}))
MONDAY_OFF = WeekendCalendar(weekend=frozenset({0}))


def test_the_ends_of_the_date_range_fail_clearly_or_fall_back() -> None:
    assert date.max.weekday() == 4 and date.min.weekday() == 0
    with pytest.raises(
        InvalidInputError, match=r"day must be a date with a business day on or after"
    ):
        roll(date.max, FRIDAY_OFF, Roll.FOLLOWING)
    # the following business day would be in another month (and year): take the preceding one
    assert roll(date.max, FRIDAY_OFF, Roll.MODIFIED_FOLLOWING) == date(9999, 12, 30)
    assert roll(date.max, FRIDAY_OFF, Roll.NEAREST) == date(9999, 12, 30)
    with pytest.raises(InvalidInputError, match=r"on or before it"):
        roll(date.min, MONDAY_OFF, Roll.PRECEDING)
    assert roll(date.min, MONDAY_OFF, Roll.MODIFIED_PRECEDING) == date(1, 1, 2)
    assert roll(date.min, MONDAY_OFF, Roll.NEAREST) == date(1, 1, 2)
    with pytest.raises(InvalidInputError, match="n must be a count that stays within"):
        add_business_days(date.max, 1, WEEKEND)
    with pytest.raises(InvalidInputError, match="n must be a count that stays within"):
        add_business_days(date.min, -1, WEEKEND)
    assert add_business_days(date.max, -1, WEEKEND) == date(9999, 12, 30)


def test_modified_following_does_not_look_past_the_month_end() -> None:
    # Coverage ends on Thursday 31 December 2026; Saturday 26 December must roll back to the
    # 24th without asking about January 2027, which the calendar does not cover.
    cal = HolidayCalendar(
        frozenset(
            {
                date(2026, 12, 25),
                date(2026, 12, 28),
                date(2026, 12, 29),
                date(2026, 12, 30),
                date(2026, 12, 31),
            }
        ),
        valid_to=date(2026, 12, 31),
    )
    assert roll(date(2026, 12, 26), cal, Roll.MODIFIED_FOLLOWING) == date(2026, 12, 24)


@pytest.mark.parametrize("calendar", [{1, 2}, None, "TARGET"])
def test_the_calendar_must_be_a_business_calendar(calendar: object) -> None:
    for call in (
        lambda: roll(date(2026, 5, 30), calendar, Roll.FOLLOWING),  # type: ignore[arg-type]
        lambda: add_business_days(date(2026, 5, 30), 1, calendar),  # type: ignore[arg-type]
        lambda: is_business_day(date(2026, 5, 30), calendar),  # type: ignore[arg-type]
    ):
        with pytest.raises(TypeError, match="calendar must be a BusinessCalendar"):
            call()


@pytest.mark.parametrize("holidays", [date(2026, 12, 25), "2026-12-25", 20261225])
def test_holidays_must_be_a_collection_of_dates(holidays: object) -> None:
    with pytest.raises(TypeError, match=r"holidays must be an iterable of datetime\.date"):
        HolidayCalendar(holidays)  # type: ignore[arg-type]


def test_workdays_are_weekend_days_worked() -> None:
    # 2026-01-04 is a Sunday.
    cal = HolidayCalendar([date(2026, 1, 2)], workdays=[date(2026, 1, 4)])  # type: ignore[arg-type]
    assert cal.workdays == frozenset({date(2026, 1, 4)})
    assert cal.is_business_day(date(2026, 1, 4))
    assert not cal.is_business_day(date(2026, 1, 3))
    assert roll(date(2026, 1, 3), cal, Roll.FOLLOWING) == date(2026, 1, 4)
    assert add_business_days(date(2026, 1, 1), 1, cal) == date(2026, 1, 4)  # Fri 2nd is off
    with pytest.raises(
        InvalidInputError, match="workdays must be a date that is not also in holidays"
    ):
        HolidayCalendar(frozenset({date(2026, 1, 4)}), workdays=frozenset({date(2026, 1, 4)}))
    with pytest.raises(TypeError, match=r"workdays\[\]"):
        HolidayCalendar(frozenset(), workdays=frozenset({"2026-01-04"}))  # type: ignore[arg-type]


def _oracle(day: date, cal: HolidayCalendar, convention: Roll) -> date:
    """Roll by the QuantLib definitions, by brute force over a window of +-60 days."""
    if convention is Roll.UNADJUSTED or cal.is_business_day(day):
        return day
    ahead = [day + timedelta(days=k) for k in range(1, 61)]
    behind = [day - timedelta(days=k) for k in range(1, 61)]
    following = next(d for d in ahead if cal.is_business_day(d))
    preceding = next(d for d in behind if cal.is_business_day(d))
    if convention is Roll.FOLLOWING:
        return following
    if convention is Roll.PRECEDING:
        return preceding
    if convention is Roll.MODIFIED_FOLLOWING:
        return following if following.month == day.month else preceding
    if convention is Roll.MODIFIED_PRECEDING:
        return preceding if preceding.month == day.month else following
    return following if following - day <= day - preceding else preceding


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 31)),
    offsets=st.frozensets(st.integers(-20, 20), max_size=30),
    weekend=st.frozensets(st.integers(0, 6), max_size=3),
    convention=st.sampled_from(Roll),
)
def test_roll_matches_the_quantlib_definitions(
    day: date, offsets: frozenset[int], weekend: frozenset[int], convention: Roll
) -> None:
    # Holidays packed around the day, so months without a business day nearby occur.
    cal = HolidayCalendar(frozenset(day + timedelta(days=k) for k in offsets), weekend=weekend)
    assert roll(day, cal, convention) == _oracle(day, cal, convention)


def test_country_calendar_follows_make_up_working_days_and_weekend_changes() -> None:
    # China, 2026 New Year: 1-3 January off, Sunday 4 January worked (State Council notice
    # on the 2026 holiday arrangements).
    cn = country_calendar("CN", years=range(2026, 2027))
    assert not cn.is_business_day(date(2026, 1, 2))
    assert cn.is_business_day(date(2026, 1, 4))
    assert not cn.is_business_day(date(2026, 1, 10))  # an ordinary Saturday
    # The UAE moved its weekend from Friday-Saturday to Saturday-Sunday on 1 January 2022.
    ae = country_calendar("AE", years=range(2021, 2023))
    assert not ae.is_business_day(date(2021, 1, 8))  # a Friday under the old weekend
    assert ae.is_business_day(date(2021, 1, 10))  # a Sunday under the old weekend
    assert ae.is_business_day(date(2022, 1, 7))  # a Friday under the new one
    assert not ae.is_business_day(date(2022, 1, 9))  # a Sunday under the new one
    # Holidays on a weekend are still listed (4 July 2026 is a Saturday).
    assert date(2026, 7, 4) in country_calendar("US", years=range(2026, 2027)).holidays


def test_country_calendar_refuses_bad_arguments() -> None:
    with pytest.raises(InvalidInputError, match="consecutive years"):
        country_calendar("US", years=range(2026, 2030, 2))  # would leave 2027 holiday-free
    with pytest.raises(InvalidInputError, match="consecutive years"):
        country_calendar("US", years=range(2027, 2025, -1))
    with pytest.raises(InvalidInputError, match="consecutive years"):
        country_calendar("US", years=[2026])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"country must be .*: \('US', 'ZZ'\)"):
        country_calendar("US", subdivision="ZZ", years=range(2026, 2027))
    with pytest.raises(TypeError, match="country must be a str"):
        country_calendar(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="subdivision must be a str or None"):
        country_calendar("US", subdivision=6)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- size and time limits


class _Counting:
    """A calendar that counts the questions it is asked."""

    def __init__(self, inner: BusinessCalendar) -> None:
        self.inner = inner
        self.calls = 0

    def is_business_day(self, day: date, /) -> bool:
        self.calls += 1
        return self.inner.is_business_day(day)


def test_the_business_day_limit_is_counted_and_one_more_is_refused_before_counting() -> None:
    # 100,000 business days are 20,000 five-day weeks: 140,000 calendar days from a Thursday.
    thursday = date(2026, 1, 1)
    assert MAX_BUSINESS_DAYS == 100_000
    assert add_business_days(thursday, MAX_BUSINESS_DAYS, WEEKEND) == thursday + timedelta(140_000)
    assert add_business_days(thursday, -MAX_BUSINESS_DAYS, WEEKEND) == thursday - timedelta(140_000)
    for n in (MAX_BUSINESS_DAYS + 1, -MAX_BUSINESS_DAYS - 1, 10**13, -(10**5000)):
        calendar = _Counting(WEEKEND)
        with pytest.raises(InvalidInputError) as caught:
            add_business_days(thursday, n, calendar)
        assert caught.value.field == "n"
        assert caught.value.constraint == (
            "a count of at most 100,000 business days either way (MAX_BUSINESS_DAYS)"
        )
        assert len(str(caught.value)) < 200  # a 5,000-digit n is shown by its size
        assert calendar.calls == 0  # refused before a single day was asked about


def test_a_count_that_cannot_end_within_the_date_range_is_refused_before_counting() -> None:
    # Each business day is at least one calendar day: 31 from 1 December 9999 cannot end in 9999.
    calendar = _Counting(HolidayCalendar(frozenset(), weekend=frozenset()))  # every day works
    assert add_business_days(date(9999, 12, 1), 30, calendar) == date.max
    assert add_business_days(date(1, 1, 31), -30, calendar) == date.min
    calendar.calls = 0
    for day, n in ((date(9999, 12, 1), 31), (date(1, 1, 31), -31)):
        with pytest.raises(InvalidInputError, match="n must be a count that stays within 0001"):
            add_business_days(day, n, calendar)
    assert calendar.calls == 0
    # Within reach by calendar days, but the weekend pushes it past 31 December 9999 (a Friday).
    with pytest.raises(InvalidInputError, match="n must be a count that stays within 0001"):
        add_business_days(date(9999, 12, 24), 6, WEEKEND)


class _CountingHolidays(HolidayCalendar):
    calls = 0

    def is_business_day(self, day: date, /) -> bool:
        type(self).calls += 1
        return super().is_business_day(day)


def test_a_count_that_cannot_end_within_the_coverage_is_refused_before_counting() -> None:
    calendar = _CountingHolidays(
        frozenset(), weekend=frozenset(), valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31)
    )
    assert add_business_days(date(2026, 12, 1), 30, calendar) == date(2026, 12, 31)
    assert add_business_days(date(2026, 1, 31), -30, calendar) == date(2026, 1, 1)
    _CountingHolidays.calls = 0
    for day, n in ((date(2026, 12, 1), 31), (date(2026, 1, 31), -31), (date(2027, 3, 1), 1)):
        with pytest.raises(InvalidInputError) as caught:
            add_business_days(day, n, calendar)
        assert str(caught.value) == (
            "n must be a count that stays within the calendar's coverage 2026-01-01 to "
            f"2026-12-31 from {day}: {n}"
        )
    assert _CountingHolidays.calls == 0
    open_ended = HolidayCalendar(frozenset(), valid_from=date(2026, 1, 1))
    assert add_business_days(date(2026, 1, 1), 261, open_ended) == date(2027, 1, 1)


def test_counting_business_days_is_linear_in_n() -> None:
    # From a Thursday, every five business days are seven calendar days, each asked about once.
    work = []
    for n in (1_000, 2_000):
        calendar = _Counting(WEEKEND)
        add_business_days(date(2026, 1, 1), n, calendar)
        work.append(calendar.calls)
    assert work == [1_400, 2_800]
