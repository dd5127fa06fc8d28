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


def test_a_calendar_without_business_days_fails_clearly() -> None:
    assert isinstance(_Closed(), BusinessCalendar)
    with pytest.raises(InvalidInputError, match="business day within 3660 days"):
        roll(date(2026, 1, 1), _Closed(), Roll.FOLLOWING)


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
