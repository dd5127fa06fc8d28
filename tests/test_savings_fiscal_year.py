"""Fiscal-year recognition per event, and leap-day-proof windows (issue 16 item 3).

Expected values come from published sources (ServiceNow's YTD examples, Bloomberg
BDE's NL/365 day counts, the domain notes' TV-38 motivating case) or from
identities (a contract year carries the annual amount; slices sum to the window's
total; ``annual × days / 365`` for a day fraction), never from running the code.
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from spendrules._savings.timing import (
    add_months,
    contract_years,
    no_leap_days,
    round_fraction,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.savings import (
    BaselineMethod,
    ComponentKind,
    FiscalPeriod,
    FiscalYearSlice,
    LeapDayStart,
    OneOffAmount,
    OneOffKind,
    ProrationConvention,
    SavingsClassification,
    SavingsEvent,
    SavingsPolicy,
    SavingsStatus,
    SummaryBy,
    classify_savings,
    fiscal_year_slice,
    fiscal_years,
    prorate,
    summarise_fiscal_years,
    summarise_savings,
)

CONTRACT = ProrationConvention.CONTRACT_YEARS
ACTUAL = ProrationConvention.ACTUAL_DAYS
CENT = Decimal("0.01")


def fy(year: int) -> FiscalPeriod:
    """The calendar fiscal year ``year``."""
    return FiscalPeriod(name=f"FY{year}", start=date(year, 1, 1), end=date(year, 12, 31))


def make_event(effective: date, **changes: Any) -> SavingsEvent:
    """TV-38 (domain notes §6): 1,000 units a year, last paid 10.00, new contract 9.50.

    Hard savings 500.00 a year, budget-impacting and recognised (finance view = 500.00).
    """
    fields: dict[str, Any] = {
        "item": "widget",
        "currency": "USD",
        "baseline_price": Decimal("10.00"),
        "baseline_method": BaselineMethod.LAST_PRICE_PAID,
        "baseline_date": effective - timedelta(days=60),
        "baseline_evidence": "PO-4711",
        "new_price": Decimal("9.50"),
        "effective_date": effective,
        "forecast_quantity": Decimal(1000),
    }
    fields.update(changes)
    return SavingsEvent(**fields)


def classified(effective: date, months: int = 12, **changes: Any) -> SavingsClassification:
    policy = SavingsPolicy(count_months=months, signoff_threshold=None)
    return classify_savings(make_event(effective, **changes), policy=policy, as_of=effective)


# --- The NL/365 day count -------------------------------------------------------------

# Bloomberg BDE bbldc_basicnl365, "Example 1": daysDiff with the end date excluded,
# so the inclusive end here is the day before.
BDE_NL365 = [
    pytest.param(
        date(2004, 2, 1), date(2004, 3, 1), 28, id="BDE NL/365 2004-02-01..2004-03-01 = 28"
    ),
    pytest.param(
        date(2004, 2, 1), date(2004, 5, 1), 89, id="BDE NL/365 2004-02-01..2004-05-01 = 89"
    ),
    pytest.param(
        date(2004, 2, 1), date(2005, 2, 1), 365, id="BDE NL/365 2004-02-01..2005-02-01 = 365"
    ),
    pytest.param(
        date(2004, 3, 1), date(2004, 5, 1), 61, id="BDE NL/365 2004-03-01..2004-05-01 = 61"
    ),
    pytest.param(
        date(2004, 1, 1), date(2005, 1, 1), 365, id="BDE NL/365 2004-01-01..2005-01-01 = 1 year"
    ),
    # PyPI daycounts (NL/365): 2020-02-28 to 2020-03-01 is 2 actual days, 1 counted.
    pytest.param(
        date(2020, 2, 28), date(2020, 3, 1), 1, id="daycounts NL/365 2020-02-28..2020-03-01 = 1"
    ),
]


@pytest.mark.parametrize(("start", "end_exclusive", "expected"), BDE_NL365)
def test_no_leap_days_published(start: date, end_exclusive: date, expected: int) -> None:
    assert no_leap_days(start, end_exclusive - timedelta(days=1)) == expected


def test_no_leap_days_of_an_empty_span_is_zero() -> None:
    # An end before the start is an empty span (as the docstring says), not a negative count.
    assert no_leap_days(date(2024, 3, 2), date(2024, 3, 1)) == 0
    assert no_leap_days(date(2024, 3, 1), date(2024, 3, 1)) == 1


@given(
    st.dates(min_value=date(1895, 1, 1), max_value=date(2105, 12, 31)),
    st.integers(min_value=-3, max_value=1600),
)
@example(date(2028, 2, 29), 0)
@example(date(2100, 2, 28), 2)
def test_no_leap_days_counts_every_day_but_29_february(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    days = [start + timedelta(days=i) for i in range(max(0, span + 1))]
    assert no_leap_days(start, end) == sum(1 for d in days if (d.month, d.day) != (2, 29))


# --- Contract years --------------------------------------------------------------------


def test_contract_years_follow_the_anchor() -> None:
    # Month arithmetic from the anchor: 29 Feb 2028 + 12 months = 28 Feb 2029 (clipped).
    years = contract_years(date(2028, 2, 29), date(2030, 2, 27))
    assert [(y.start, y.end, y.months) for y in years] == [
        (date(2028, 2, 29), date(2029, 2, 27), 12),
        (date(2029, 2, 28), date(2030, 2, 27), 12),
    ]
    # A part year: July to December is 6 whole months; 1 to 15 July 2026 is 15/31 of July.
    assert contract_years(date(2026, 7, 1), date(2027, 12, 31))[-1].months == 6
    assert contract_years(date(2026, 7, 1), date(2026, 7, 15))[0].months == Fraction(15, 31)
    # The last month of the calendar: 15 Dec 9999 to 31 Dec 9999 is 17 of the 31 days
    # from 15 December to 15 January.
    last = contract_years(date(9999, 1, 15), date(9999, 12, 31))
    assert last[0].months == 11 + Fraction(17, 31)
    assert contract_years(date(9999, 1, 1), date(9999, 12, 31))[0].months == 12
    # A window of only 29 February counts that day.
    only = contract_years(date(2028, 2, 29), date(2028, 2, 29))[0]
    assert (only.counted_days, only.months, only.counted(only.start, only.end)) == (
        1,
        Fraction(1, 29),
        1,
    )
    assert only.counted(date(2028, 3, 1), date(2028, 3, 31)) == 0  # no overlap
    with pytest.raises(InvalidInputError, match="end must be on or after start 2026-01-02"):
        contract_years(date(2026, 1, 2), date(2026, 1, 1))
    # Fiscal years that would run past the calendar are refused.
    with pytest.raises(InvalidInputError, match="count must be <= 1 so the last year ends"):
        fiscal_years(date(9998, 1, 1), count=2)


# --- Published YTD figures (ServiceNow) with the contract-year convention ---------------

# ServiceNow, Sourcing & Procurement Operations docs, "Hard Savings YTD metric
# calculation" (PIPE-001..003) and "Cost Avoidance YTD metric calculation" (PIPE-101,
# PIPE-102), YTD range 1 Jan - 31 Dec 2024. PIPE-003's 730,000 is an annual rate over
# three years (ServiceNow counts it in each year), so the window total is 3 x 730,000.
SNOW_YTD = [
    pytest.param(
        "120000", date(2024, 1, 1), date(2024, 12, 31), "120000.00", id="TV-16 SNOW PIPE-001"
    ),
    pytest.param("365000", date(2024, 7, 1), date(2025, 6, 30), "184000.00", id="SNOW PIPE-002"),
    pytest.param(
        "2190000",
        date(2023, 1, 1),
        date(2025, 12, 31),
        "730000.00",
        id="SNOW PIPE-003 (annual 730,000)",
    ),
    pytest.param("200000", date(2024, 4, 1), date(2025, 3, 31), "150684.93", id="SNOW PIPE-101"),
    pytest.param("90000", date(2024, 1, 1), date(2024, 6, 30), "90000.00", id="SNOW PIPE-102"),
]


@pytest.mark.parametrize(("amount", "start", "end", "expected"), SNOW_YTD)
def test_contract_years_reproduce_servicenow_ytd(
    amount: str, start: date, end: date, expected: str
) -> None:
    split = prorate(
        Decimal(amount),
        start=start,
        end=end,
        periods=[fy(2024)],
        currency="USD",
        convention=CONTRACT,
    )
    assert split.lines[0].amount == Decimal(expected)
    assert split.lines[0].amount + split.outside == Decimal(amount)
    assert split.reasons[0].code == "SAVINGS.PRORATE_CONTRACT_YEARS"


# --- The case: a 36-month window and 29 February 2028 ---------------------------


@pytest.mark.parametrize(
    "effective",
    [date(2025, 1, 1), date(2026, 1, 1)],
    ids=["2025-2027", "2026-2028 (29 Feb 2028 inside)"],
)
def test_36_month_window_gives_each_year_the_annual_amount(effective: date) -> None:
    result = classified(effective, months=36)
    assert result.finance_recognised == Decimal("1500.00")  # TV-38: 500.00 a year x 3
    periods = fiscal_years(date(effective.year, 1, 1), count=3)
    summary = summarise_savings([result], by=SummaryBy.PERIOD, periods=periods)
    assert [row.finance_view for row in summary.rows] == [Decimal("500.00")] * 3
    assert summary.rule == "savings.summary@3"
    for period in periods:
        assert fiscal_year_slice(result, period=period).finance_recognised == Decimal("500.00")


def test_actual_days_convention_keeps_the_leap_year_dependence() -> None:
    # The savings.summary@1 figures, still available by name: 1,500.00 x 366 / 1,096 days.
    result = classified(date(2026, 1, 1), months=36)
    periods = fiscal_years(date(2026, 1, 1), count=3)
    summary = summarise_savings([result], by=SummaryBy.PERIOD, periods=periods, convention=ACTUAL)
    exact_2028 = Decimal(1500) * 366 / 1096
    assert summary.rows[2].finance_view == exact_2028.quantize(CENT)
    assert summary.rows[2].finance_view > Decimal("500.00")


def test_slices_do_not_depend_on_29_february() -> None:
    # Windows from 1 July 2024 (no 29 February inside) and 1 July 2025 (29 Feb 2028
    # inside) give the same slice sequence: 184/365, 1, 1, 181/365 of the annual amount.
    expected = [
        (Decimal(500) * 184 / 365).quantize(CENT),
        Decimal("500.00"),
        Decimal("500.00"),
        Decimal("500.00") - (Decimal(500) * 184 / 365).quantize(CENT),
    ]
    for first in (2024, 2025):
        result = classified(date(first, 7, 1), months=36)
        slices = [fiscal_year_slice(result, period=fy(first + k)) for k in range(4)]
        assert [s.finance_recognised for s in slices] == expected
    actual = classified(date(2025, 7, 1), months=36)
    assert fiscal_year_slice(actual, period=fy(2027), convention=ACTUAL).finance_recognised != (
        Decimal("500.00")
    )


def test_slice_sentence_gives_the_day_fraction() -> None:
    result = classified(date(2026, 7, 1))
    part = fiscal_year_slice(result, period=fy(2026))
    assert isinstance(part, FiscalYearSlice)
    assert part.rule == "savings.fiscal_year@2"
    assert part.days == 184
    assert [(s.year, s.days, s.of_days) for s in part.shares] == [(1, 184, 365)]
    assert part.finance_recognised == (Decimal(500) * 184 / 365).quantize(CENT)
    assert part.reasons[0].code == "SAVINGS.FY_SLICE"
    assert "184 of 365 days of the counting window (2026-07-01 to 2027-06-30)" in (
        part.reasons[0].message
    )
    assert part.reasons[-1].code == "SAVINGS.FY_RECOGNISED"
    assert "184 of 365 days" in part.explain()
    # Across contract years, with 29 February named as not counted.
    long = classified(date(2026, 7, 1), months=36)
    text = fiscal_year_slice(long, period=fy(2028)).reasons[0].message
    assert "181 of 365 days of contract year 2 (2027-07-01 to 2028-06-30)" in text
    assert "184 of 365 days of contract year 3 (2028-07-01 to 2029-06-30)" in text
    assert "29 February not counted" in text
    # ACTUAL_DAYS counts the leap day in the window.
    leap = classified(date(2027, 7, 1))
    plain = fiscal_year_slice(leap, period=fy(2028), convention=ACTUAL)
    assert "182 of 366 days of the counting window" in plain.reasons[0].message


def test_one_offs_are_booked_on_the_effective_date() -> None:
    credit = OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal("200.00"))
    result = classified(date(2026, 7, 1), one_offs=(credit,))
    inside = fiscal_year_slice(result, period=fy(2026))
    outside = fiscal_year_slice(result, period=fy(2027))
    one_off = {line.component.kind: line.amount for line in inside.lines}
    assert one_off[ComponentKind.ONE_OFF_SAVINGS] == Decimal("200.00")
    assert {line.component.kind: line.amount for line in outside.lines}[
        ComponentKind.ONE_OFF_SAVINGS
    ] == Decimal("0.00")
    assert [r.code for r in inside.reasons] == [
        "SAVINGS.FY_SLICE",
        "SAVINGS.FY_ONE_OFF",
        "SAVINGS.FY_RECOGNISED",
    ]
    assert "inside FY2026" in inside.reasons[1].message
    assert "outside FY2027" in outside.reasons[1].message
    assert "(recurring)" in inside.explain() and "(one-off)" in inside.explain()


def test_period_outside_the_window_and_pending_status() -> None:
    result = classified(date(2026, 7, 1), baseline_evidence="")
    assert result.status is SavingsStatus.PENDING_VALIDATION
    before = fiscal_year_slice(result, period=fy(2025))
    assert before.days == 0 and before.shares == ()
    assert before.reasons[0].code == "SAVINGS.FY_SLICE_OUTSIDE"
    assert before.finance_recognised == Decimal("0.00")
    part = fiscal_year_slice(result, period=fy(2027))
    assert part.recognised == Decimal("0.00")
    assert (
        part.pending
        == part.finance_recognised
        == Decimal(500) - (Decimal(500) * 184 / 365).quantize(CENT)
    )
    assert "pending validation (missing: baseline_evidence)" in part.reasons[-1].message


def test_window_with_no_recurring_component() -> None:
    # Same price, only a one-off credit: the slice names no recurring component.
    credit = OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal("50.00"))
    result = classified(date(2026, 7, 1), new_price=Decimal("10.00"), one_offs=(credit,))
    part = fiscal_year_slice(result, period=fy(2026))
    assert "no recurring component" in part.reasons[0].message
    assert part.finance_recognised == Decimal("50.00")


def test_cost_increase_mirrors() -> None:
    # 10.00 -> 10.50: a cost increase of 500.00 a year; its slice mirrors the saving's.
    saving = fiscal_year_slice(classified(date(2026, 7, 1)), period=fy(2026))
    increase = fiscal_year_slice(
        classified(date(2026, 7, 1), new_price=Decimal("10.50")), period=fy(2026)
    )
    assert increase.finance_view == -saving.finance_view


# --- Properties: conservation and the annual amount -----------------------------------

starts = st.dates(min_value=date(1996, 1, 1), max_value=date(2104, 12, 31)) | st.sampled_from(
    [date(2000, 2, 29), date(2028, 2, 29), date(2096, 2, 29), date(2027, 2, 28), date(2028, 3, 1)]
)
annuals = st.decimals(min_value=-(10**7), max_value=10**7, places=2)


@given(
    start=starts,
    years=st.integers(min_value=0, max_value=6),
    extra_months=st.integers(min_value=0, max_value=11),
    annual=annuals,
    fiscal_start=starts,
    rounding=st.sampled_from([decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN]),
)
@example(
    start=date(2028, 2, 29),
    years=3,
    extra_months=0,
    annual=Decimal("1000.00"),
    fiscal_start=date(2027, 3, 1),
    rounding=decimal.ROUND_HALF_UP,
)
@example(
    start=date(2026, 1, 1),
    years=3,
    extra_months=0,
    annual=Decimal("0.01"),
    fiscal_start=date(2026, 1, 1),
    rounding=decimal.ROUND_HALF_UP,
)
# The two limits of savings.fiscal_year@1: a window from 29 February (its first year
# had 364 counted days), and a fiscal calendar from 29 February (its fourth year, to
# 28 February 2032, had 366).
@example(
    start=date(2028, 2, 29),
    years=3,
    extra_months=0,
    annual=Decimal("1000.00"),
    fiscal_start=date(2028, 3, 1),
    rounding=decimal.ROUND_HALF_UP,
)
@example(
    start=date(2031, 2, 28),
    years=2,
    extra_months=0,
    annual=Decimal("1000.00"),
    fiscal_start=date(2028, 2, 29),
    rounding=decimal.ROUND_HALF_UP,
)
@example(
    start=date(2028, 2, 29),
    years=4,
    extra_months=0,
    annual=Decimal("365.00"),
    fiscal_start=date(2028, 3, 1),
    rounding=decimal.ROUND_HALF_UP,
)
# A part-year tail of one 28-day February: its months' share (1/12) is more than its
# days' share (28/365), so a March-February year may hold that difference.
@example(
    start=date(2026, 2, 1),
    years=1,
    extra_months=1,
    annual=Decimal("365000.00"),
    fiscal_start=date(2026, 3, 1),
    rounding=decimal.ROUND_HALF_UP,
)
def test_fiscal_year_slices_conserve_and_years_carry_the_annual_amount(
    *,
    start: date,
    years: int,
    extra_months: int,
    annual: Decimal,
    fiscal_start: date,
    rounding: str,
) -> None:
    months = 12 * years + extra_months
    assume(months > 0)
    end = add_months(start, months) - timedelta(days=1)
    total = (annual * months / 12).quantize(CENT, rounding=decimal.ROUND_HALF_UP)
    # Any fiscal calendar covering part or all of the window: the slices plus the part
    # outside sum exactly to the total.
    periods = fiscal_years(fiscal_start, count=8)
    split = prorate(
        total,
        start=start,
        end=end,
        periods=periods,
        currency="USD",
        convention=CONTRACT,
        rounding=rounding,
    )
    assert sum(line.amount for line in split.lines) + split.outside == total
    # The window's own contract years: each full year carries the annual amount when
    # the total is a whole number of them (a leap day never changes it).
    cuts = [
        FiscalPeriod(name=f"CY{y.number}", start=y.start, end=y.end)
        for y in contract_years(start, end)
    ]
    by_year = prorate(
        total,
        start=start,
        end=end,
        periods=cuts,
        currency="USD",
        convention=CONTRACT,
        rounding=rounding,
    )
    assert by_year.outside == 0
    if extra_months == 0:
        assert [line.amount for line in by_year.lines] == [annual] * years
    # The months counted are the window's: the years' months sum to count_months.
    assert sum(y.months for y in contract_years(start, end)) == months
    # No 12-month fiscal year gets more than the annual amount, whatever day the window
    # or the fiscal calendar starts on, 29 February included. A window that ends in a
    # part year carries that year's months' share of the annual amount (the total is
    # annual x count_months / 12); when its days are fewer than that share of 365 (a
    # tail through February), a fiscal year holding the whole tail and the days before
    # it may take that difference on top, and never more.
    last = contract_years(start, end)[-1]
    excess = Decimal(0)
    if last.months != 12:
        share = abs(by_year.lines[-1].amount)
        excess = max(Decimal(0), share - abs(annual) * last.counted_days / 365) + CENT
    for line in split.lines:
        assert abs(line.amount) <= abs(annual) + excess


@given(
    start=starts, span=st.integers(min_value=0, max_value=2000), amount=annuals, fiscal_start=starts
)
@example(date(2028, 2, 29), 0, Decimal("12.34"), date(2028, 1, 1))
def test_any_window_is_conserved(
    start: date, span: int, amount: Decimal, fiscal_start: date
) -> None:
    end = start + timedelta(days=span)
    periods = fiscal_years(fiscal_start, count=4)
    split = prorate(
        amount, start=start, end=end, periods=periods, currency="USD", convention=CONTRACT
    )
    assert sum(line.amount for line in split.lines) + split.outside == amount
    inside = [p for p in periods if p.start <= start and end <= p.end]
    if inside:  # the whole window in one period: that period gets all of it
        assert [line.amount for line in split.lines if line.period == inside[0]] == [amount]


def test_round_fraction_modes_and_signs() -> None:
    # Ties and signs of an exact rational amount, rounded as Decimal.quantize would.
    assert round_fraction(Fraction(1, 200), "USD", decimal.ROUND_HALF_UP) == Decimal("0.01")
    assert round_fraction(Fraction(1, 200), "USD", decimal.ROUND_HALF_EVEN) == Decimal("0.00")
    assert round_fraction(Fraction(-1, 200), "USD", decimal.ROUND_HALF_UP) == Decimal("-0.01")
    assert round_fraction(Fraction(-1, 300), "USD", decimal.ROUND_HALF_UP) == Decimal("0.00")
    assert str(round_fraction(Fraction(-1, 300), "USD", decimal.ROUND_HALF_UP)) == "0.00"
    assert round_fraction(Fraction(2, 300), "USD", decimal.ROUND_HALF_UP) == Decimal("0.01")
    assert round_fraction(Fraction(-2, 300), "USD", decimal.ROUND_DOWN) == Decimal("0.00")
    assert round_fraction(Fraction(7, 3), "JPY", decimal.ROUND_HALF_UP) == Decimal("2")


# --- The portfolio summary, crossed by period and by event -----------------------------


def portfolio() -> list[SavingsClassification]:
    credit = OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal("100.00"))
    return [
        classified(date(2026, 7, 1)),  # 500.00 a year from July
        classified(date(2025, 3, 1), months=36, item="gasket"),  # 3 x 500.00 from March 2025
        classified(date(2026, 1, 1), new_price=Decimal("10.30"), item="valve"),  # -300.00
        classified(date(2027, 2, 1), one_offs=(credit,), item="bolt"),  # one-off in FY2027
    ]


def test_fiscal_year_summary_crosses_periods_and_events() -> None:
    results = portfolio()
    periods = fiscal_years(date(2026, 1, 1), count=2)
    summary = summarise_fiscal_years(results, periods=periods)
    assert summary.rule == "savings.fiscal_year_summary@2"
    assert [block.key for block in summary.periods] == ["FY2026", "FY2027", "outside periods"]
    fy2026 = summary.periods[0]
    assert [row.key for row in fy2026.rows] == ["#1 widget", "#2 gasket", "#3 valve"]
    rows = {row.key: row for row in fy2026.rows}
    assert rows["#1 widget"].finance_view == (Decimal(500) * 184 / 365).quantize(CENT)
    assert rows["#2 gasket"].finance_view == Decimal("500.00")  # 59/365 + 306/365 of a year
    assert rows["#3 valve"].finance_view == Decimal("-300.00")
    # Each block's rows sum to its total; the blocks sum to the events' whole amounts.
    for block in summary.periods:
        for field in ("finance_view", "procurement_view", "finance_recognised", "recognised"):
            assert sum(getattr(r, field) for r in block.rows) == getattr(block.total, field)
    for field in ("finance_view", "procurement_view", "finance_recognised", "pending"):
        assert sum(getattr(b.total, field) for b in summary.periods) == getattr(
            summary.total, field
        )
    assert summary.total.finance_view == sum(r.finance_view for r in results)
    # Every cell is the event's own slice.
    assert len(summary.slices) == 8
    for part in summary.slices:
        assert part == fiscal_year_slice(
            results[[r.event for r in results].index(part.event)], period=part.period
        )
    # The gasket's 36-month window is another policy (count_months), so a warning too.
    assert [r.code for r in summary.reasons] == ["SAVINGS.FY_SUMMARY"] * 3 + [
        "SAVINGS.SUMMARY_MIXED_POLICIES"
    ]
    assert "FY2026 / #1 widget" in summary.explain()


@pytest.mark.parametrize(
    ("by", "inside", "outside"),
    [
        (SummaryBy.ITEM, ["bolt", "gasket", "widget"], ["bolt", "gasket", "valve", "widget"]),
        (SummaryBy.PRIMARY, ["hard_savings"], ["hard_savings", "cost_increase"]),
        (SummaryBy.STATUS, ["recognised"], ["recognised"]),
        (SummaryBy.TOTAL, ["total"], ["total"]),
    ],
)
def test_fiscal_year_summary_groupings(
    by: SummaryBy, inside: list[str], outside: list[str]
) -> None:
    # FY2027 only: the valve (calendar 2026) falls wholly outside it.
    summary = summarise_fiscal_years(portfolio(), periods=[fy(2027)], by=by)
    fy2027, rest = summary.periods
    assert [row.key for row in fy2027.rows] == inside
    assert [row.key for row in rest.rows] == outside
    assert rest.key == "outside periods"
    assert fy2027.total.finance_view + rest.total.finance_view == summary.total.finance_view


def test_fiscal_year_summary_agrees_with_summarise_savings_by_period() -> None:
    results = portfolio()
    periods = fiscal_years(date(2025, 1, 1), count=3)
    for convention in (CONTRACT,):
        crossed = summarise_fiscal_years(results, periods=periods, convention=convention)
        flat = summarise_savings(
            results, by=SummaryBy.PERIOD, periods=periods, convention=convention
        )
        assert [b.total for b in crossed.periods] == list(flat.rows)


def test_fiscal_year_summary_duplicates_and_nothing_outside() -> None:
    result = classified(date(2026, 1, 1))
    summary = summarise_fiscal_years(
        [result, result], periods=[fy(2026)], convention=ACTUAL, currency="USD"
    )
    assert [b.key for b in summary.periods] == ["FY2026"]
    assert summary.duplicates == 1
    assert [r.code for r in summary.reasons] == [
        "SAVINGS.FY_SUMMARY",
        "SAVINGS.SUMMARY_DUPLICATE_EVENT",
    ]
    empty = summarise_fiscal_years([], periods=[fy(2026)], currency="EUR")
    assert empty.periods[0].rows == () and empty.total.events == 0


def test_summarise_savings_by_event() -> None:
    results = [classified(date(2026, 1, 1), item=f"item{n}") for n in range(11)]
    summary = summarise_savings(results, by=SummaryBy.EVENT)
    assert [row.key for row in summary.rows] == [f"#{n + 1} item{n}" for n in range(11)]


# --- Input errors -----------------------------------------------------------------------


def test_fiscal_year_errors() -> None:
    result = classified(date(2026, 1, 1))
    with pytest.raises(TypeError, match="classification must be a SavingsClassification"):
        fiscal_year_slice(result.event, period=fy(2026))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="period must be a FiscalPeriod"):
        fiscal_year_slice(result, period=(date(2026, 1, 1), date(2026, 12, 31)))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="convention must be a ProrationConvention"):
        fiscal_year_slice(result, period=fy(2026), convention="contract_years")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="convention must be 'actual_days' or"):
        fiscal_year_slice(result, period=fy(2026), convention=ProrationConvention.SERVICENOW)
    with pytest.raises(InvalidInputError, match="convention must be 'actual_days' or"):
        summarise_savings([result], convention=ProrationConvention.SERVICENOW)
    with pytest.raises(InvalidInputError, match="by must be event, item, primary"):
        summarise_fiscal_years([result], periods=[fy(2026)], by=SummaryBy.PERIOD)
    with pytest.raises(TypeError, match="by must be a SummaryBy"):
        summarise_fiscal_years([result], periods=[fy(2026)], by="event")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="classifications must be a sequence"):
        summarise_fiscal_years(result, periods=[fy(2026)])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="periods must be at least one FiscalPeriod"):
        summarise_fiscal_years([result], periods=[])
    with pytest.raises(CurrencyMismatchError):
        summarise_fiscal_years([result], periods=[fy(2026)], currency="EUR")


# --- Windows and fiscal calendars from 29 February (LeapDayStart) ------------------------


def test_window_from_29_february_gives_no_year_more_than_the_annual_amount() -> None:
    # 36 months of TV-38 (500.00 a year) from 29 February 2028, fiscal years from 1 March.
    # FEBRUARY_28: year 1 (29 Feb 2028 to 27 Feb 2029) counts 29 February among its 365
    # days, so FY2029 takes 364 days of year 1 and one (28 Feb 2029) of year 2: 500.00.
    result = classified(date(2028, 2, 29), months=36)
    assert result.window_end == date(2031, 2, 27)
    march = fiscal_years(date(2028, 3, 1), count=3)
    parts = [fiscal_year_slice(result, period=p).finance_view for p in march]
    one_day = (Decimal(500) / 365).quantize(CENT)
    assert parts == [Decimal("500.00"), Decimal("500.00"), Decimal("500.00") - one_day]
    summary = summarise_fiscal_years([result], periods=march)
    assert summary.periods[-1].key == "outside periods"  # 29 February 2028 itself
    assert summary.periods[-1].total.finance_view == one_day
    # ANNIVERSARY, the savings.fiscal_year@1 cut: year 1 had 364 counted days, so FY2029
    # took all of year 1 plus a day of year 2, 500.00 x (1 + 1/365).
    old = fiscal_year_slice(result, period=march[0], leap_day=LeapDayStart.ANNIVERSARY)
    assert old.finance_view == Decimal("500.00") + one_day
    assert old.leap_day is LeapDayStart.ANNIVERSARY


def test_contract_years_from_29_february() -> None:
    feb28 = contract_years(date(2028, 2, 29), date(2033, 2, 27))
    assert [y.start for y in feb28] == [date(2028, 2, 29)] + [
        date(year, 2, 28) for year in range(2029, 2033)
    ]
    assert [y.counted_days for y in feb28] == [365] * 5
    assert feb28[0].first_day_counts and not feb28[1].first_day_counts
    assert feb28[0].counted(date(2028, 2, 29), date(2028, 2, 29)) == 1
    assert feb28[0].counted(date(2028, 3, 1), date(2028, 3, 31)) == 31
    anniversary = contract_years(
        date(2028, 2, 29), date(2033, 2, 27), leap_day=LeapDayStart.ANNIVERSARY
    )
    # Anniversaries of 29 Feb: 28 Feb in common years, 29 Feb 2032 in the leap year.
    assert [y.start for y in anniversary][-1] == date(2032, 2, 29)
    assert [y.counted_days for y in anniversary] == [364, 365, 365, 366, 364]
    # 48 months from 29 Feb 2028 end on 28 Feb 2032 (the day before the 29 Feb
    # anniversary): that day stays in year 4, which then has 366 counted days.
    four = contract_years(date(2028, 2, 29), date(2032, 2, 28))
    assert [(y.end, y.months, y.counted_days) for y in four][-1] == (date(2032, 2, 28), 12, 366)
    assert len(four) == 4
    # 13 months from 29 Feb 2028 end on 28 March 2029: the tail is exactly one month,
    # measured from the window's first day.
    thirteen = contract_years(date(2028, 2, 29), add_months(date(2028, 2, 29), 13) - timedelta(1))
    assert [y.months for y in thirteen] == [12, 1]
    with pytest.raises(TypeError, match="leap_day must be a LeapDayStart"):
        contract_years(date(2028, 2, 29), date(2029, 1, 1), leap_day="february_28")  # type: ignore[arg-type]


def test_fiscal_years_from_29_february() -> None:
    years = fiscal_years(date(2028, 2, 29), count=5)
    assert [(p.start, p.end) for p in years] == [
        (date(2028, 2, 29), date(2029, 2, 27)),
        (date(2029, 2, 28), date(2030, 2, 27)),
        (date(2030, 2, 28), date(2031, 2, 27)),
        (date(2031, 2, 28), date(2032, 2, 27)),
        (date(2032, 2, 28), date(2033, 2, 27)),
    ]
    assert all(no_leap_days(p.start, p.end) <= 365 for p in years)
    old = fiscal_years(date(2028, 2, 29), count=5, leap_day=LeapDayStart.ANNIVERSARY)
    assert (old[3].end, old[4].start) == (date(2032, 2, 28), date(2032, 2, 29))
    assert no_leap_days(old[3].start, old[3].end) == 366
    with pytest.raises(TypeError, match="leap_day must be a LeapDayStart"):
        fiscal_years(date(2028, 2, 29), count=1, leap_day=None)  # type: ignore[arg-type]


def test_leap_day_is_a_named_parameter_everywhere() -> None:
    result = classified(date(2028, 2, 29))
    for call in (
        lambda: fiscal_year_slice(result, period=fy(2028), leap_day="x"),  # type: ignore[arg-type]
        lambda: summarise_fiscal_years([result], periods=[fy(2028)], leap_day="x"),  # type: ignore[arg-type]
        lambda: prorate(
            Decimal(1),
            start=date(2028, 2, 29),
            end=date(2029, 2, 27),
            periods=[fy(2028)],
            currency="USD",
            leap_day="x",  # type: ignore[arg-type]
        ),
    ):
        with pytest.raises(TypeError, match="leap_day must be a LeapDayStart"):
            call()
    split = prorate(
        Decimal("365.00"),
        start=date(2028, 2, 29),
        end=date(2029, 2, 27),
        periods=fiscal_years(date(2028, 3, 1), count=1),
        currency="USD",
        convention=CONTRACT,
    )
    assert split.rule == "savings.prorate@2"
    assert split.lines[0].amount == Decimal("364.00")  # 364 of the year's 365 counted days
    summary = summarise_fiscal_years(
        [result], periods=[fy(2028)], leap_day=LeapDayStart.ANNIVERSARY
    )
    assert summary.slices[0].leap_day is LeapDayStart.ANNIVERSARY


@settings(max_examples=40)
@given(
    start=starts,
    months=st.integers(min_value=1, max_value=72),
    back=st.integers(min_value=0, max_value=400),
)
@example(start=date(2028, 2, 29), months=48, back=365)
@example(start=date(2028, 2, 29), months=36, back=0)
def test_classified_windows_slice_into_fiscal_years(start: date, months: int, back: int) -> None:
    # Any effective date and any count_months: the fiscal-year slices of the
    # classification sum to its finance view (500.00 a year, TV-38), and a window of
    # whole years gives no fiscal year more than 500.00.
    assume(start.year <= 2090)
    result = classified(start, months=months)
    assert result.finance_view == (Decimal(500) * months / 12).quantize(CENT)
    periods = fiscal_years(start - timedelta(days=back), count=(months // 12) + 3)
    parts = [fiscal_year_slice(result, period=p) for p in periods]
    assert sum(part.finance_view or 0 for part in parts) == result.finance_view
    if months % 12 == 0:
        assert all((part.finance_view or 0) <= Decimal("500.00") for part in parts)
