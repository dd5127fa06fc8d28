"""One-offs dated earned and received, and recurring rebates (issue 16 item 4).

Expected values come from the published rules they implement (PepsiCo's rebate rule:
a lump sum counts "only for the increment over PY"; CCS: a one-off counts in its
period) applied to round figures, and from identities (a one-off is booked wholly in
one period; the periods plus what falls outside them sum to the event's total), never
from running the code.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.errors import InvalidInputError
from spendrules.savings import (
    BaselineMethod,
    ComponentKind,
    FiscalPeriod,
    OneOffAmount,
    OneOffDate,
    OneOffKind,
    SavingsClassification,
    SavingsEvent,
    SavingsPolicy,
    classify_savings,
    fiscal_year_slice,
    fiscal_years,
    summarise_fiscal_years,
)

EARNED = SavingsPolicy(signoff_threshold=None)
RECEIVED = SavingsPolicy(signoff_threshold=None, one_off_date=OneOffDate.RECEIVED)


def fy(year: int) -> FiscalPeriod:
    return FiscalPeriod(name=f"FY{year}", start=date(year, 1, 1), end=date(year, 12, 31))


def classified(
    *one_offs: OneOffAmount,
    policy: SavingsPolicy = EARNED,
    effective: date = date(2026, 7, 1),
    **changes: Any,
) -> SavingsClassification:
    """Same price (10.00 paid, 10.00 now), so only the one-offs move anything."""
    fields: dict[str, Any] = {
        "item": "bolt",
        "currency": "USD",
        "baseline_price": Decimal("10.00"),
        "baseline_method": BaselineMethod.LAST_PRICE_PAID,
        "baseline_date": effective - timedelta(days=30),
        "baseline_evidence": "PO-1",
        "new_price": Decimal("10.00"),
        "effective_date": effective,
        "forecast_quantity": Decimal(1000),
        "one_offs": one_offs,
    }
    fields.update(changes)
    return classify_savings(SavingsEvent(**fields), policy=policy, as_of=effective)


def one_off_in(result: SavingsClassification, period: FiscalPeriod) -> Decimal:
    part = fiscal_year_slice(result, period=period)
    return sum(
        (line.amount for line in part.lines if not line.component.recurring), Decimal("0.00")
    )


# --- Dated one-offs ------------------------------------------------------------------

# A 2,000.00 volume credit earned on 2026 purchases (31 December 2026) and paid by the
# supplier on 15 March 2027.
CREDIT = OneOffAmount(
    kind=OneOffKind.CREDIT,
    amount=Decimal("2000.00"),
    earned_on=date(2026, 12, 31),
    received_on=date(2027, 3, 15),
)


@pytest.mark.parametrize(
    ("policy", "fy2026", "fy2027"),
    [
        pytest.param(EARNED, "2000.00", "0.00", id="earned (default, accrual): FY2026"),
        pytest.param(RECEIVED, "0.00", "2000.00", id="received (cash): FY2027"),
    ],
)
def test_the_policy_chooses_the_counting_date(
    policy: SavingsPolicy, fy2026: str, fy2027: str
) -> None:
    result = classified(CREDIT, policy=policy)
    assert one_off_in(result, fy(2026)) == Decimal(fy2026)
    assert one_off_in(result, fy(2027)) == Decimal(fy2027)
    # Counted once: the whole credit is the classification's one-off saving.
    assert result.amount(ComponentKind.ONE_OFF_SAVINGS) == Decimal("2000.00")
    day = "2026-12-31" if policy.one_off_date is OneOffDate.EARNED else "2027-03-15"
    assert f"{policy.one_off_date.value} date {day}" in result.components[0].sentence
    part = fiscal_year_slice(result, period=fy(2026))
    assert part.lines[0].booked_on == date.fromisoformat(day)
    message = next(r for r in part.reasons if r.code == "SAVINGS.FY_ONE_OFF").message
    assert f"one_off_date={policy.one_off_date.value}" in message
    assert f"on {day}" in message


def test_default_policy_counts_the_earned_date() -> None:
    assert SavingsPolicy().one_off_date is OneOffDate.EARNED
    assert all(
        SavingsPolicy.preset(name).one_off_date is OneOffDate.EARNED
        for name in ("finance_strict", "procurement_broad", "net_of_inflation", "lowest_bid")
    )


def test_undated_one_off_falls_back_to_the_effective_date() -> None:
    undated = OneOffAmount(kind=OneOffKind.WAIVER, amount=Decimal("75.00"))
    only_received = OneOffAmount(
        kind=OneOffKind.WAIVER, amount=Decimal("25.00"), received_on=date(2027, 2, 1)
    )
    result = classified(undated, only_received)  # earned dates missing: effective date
    assert one_off_in(result, fy(2026)) == Decimal("100.00")
    cash = classified(undated, only_received, policy=RECEIVED)
    assert one_off_in(cash, fy(2026)) == Decimal("75.00")
    assert one_off_in(cash, fy(2027)) == Decimal("25.00")


def test_one_off_dated_outside_the_window_counts_once_in_its_period() -> None:
    # Earned in March 2025, before the 12-month window from 1 July 2026 opens; received
    # in 2029, after it closes. Each is counted once, wholly in its own period.
    early = OneOffAmount(
        kind=OneOffKind.CREDIT, amount=Decimal("300.00"), earned_on=date(2025, 3, 1)
    )
    late = OneOffAmount(
        kind=OneOffKind.CREDIT, amount=Decimal("400.00"), earned_on=date(2029, 5, 1)
    )
    result = classified(early, late, new_price=Decimal("9.50"))  # plus 500.00 hard a year
    periods = fiscal_years(date(2025, 1, 1), count=5)
    slices = [fiscal_year_slice(result, period=p) for p in periods]
    one_offs = [
        sum((x.amount for x in s.lines if not x.component.recurring), Decimal(0)) for s in slices
    ]
    assert one_offs == [Decimal("300.00"), 0, 0, 0, Decimal("400.00")]
    assert slices[0].days == 0 and slices[0].reasons[0].code == "SAVINGS.FY_SLICE_OUTSIDE"
    summary = summarise_fiscal_years([result], periods=periods)
    blocks = {block.key: block for block in summary.periods}
    assert "outside periods" not in blocks  # everything lands in a period
    assert blocks["FY2025"].total.finance_view == Decimal("300.00")
    assert blocks["FY2029"].total.finance_view == Decimal("400.00")
    assert blocks["FY2025"].total.events == 1 and blocks["FY2028"].total.events == 0
    assert sum(b.total.finance_view for b in summary.periods) == summary.total.finance_view
    assert summary.total.finance_view == Decimal("1200.00")
    # Only FY2026 asked for: the two dated one-offs are outside it.
    narrow = summarise_fiscal_years([result], periods=[fy(2026)])
    rest = narrow.periods[-1]
    assert rest.key == "outside periods"
    assert rest.total.amount(ComponentKind.ONE_OFF_SAVINGS) == Decimal("700.00")


def test_zero_one_off_is_skipped_when_dates_are_matched() -> None:
    # An unchanged rebate has no component; the credit after it keeps its own date.
    unchanged = OneOffAmount(
        kind=OneOffKind.REBATE,
        amount=Decimal("500.00"),
        previous_amount=Decimal("500.00"),
        earned_on=date(2026, 8, 1),
    )
    credit = OneOffAmount(
        kind=OneOffKind.CREDIT, amount=Decimal("50.00"), earned_on=date(2027, 2, 1)
    )
    result = classified(unchanged, credit)
    assert [c.reason_code for c in result.components] == ["SAVINGS.ONE_OFF"]
    assert one_off_in(result, fy(2026)) == 0
    assert one_off_in(result, fy(2027)) == Decimal("50.00")


def test_implementation_cost_stays_on_the_effective_date() -> None:
    result = classified(CREDIT, implementation_cost=Decimal("120.00"))
    received_2027 = fiscal_year_slice(result, period=fy(2026))
    kinds = {line.component.kind: line.amount for line in received_2027.lines}
    assert kinds[ComponentKind.IMPLEMENTATION_COST] == Decimal("-120.00")
    assert kinds[ComponentKind.ONE_OFF_SAVINGS] == Decimal("2000.00")


# --- Recurring rebates -------------------------------------------------------------------

# PepsiCo Global Productivity Framework, /rebates: a rebate is productivity only "if there
# is a reduction of effective Cost Per Unit vs PY"; a lump sum counts "only for the
# increment over PY". The figures are round numbers applying that rule.
REBATES = [
    pytest.param(None, "5000.00", "5000.00", "SAVINGS.REBATE_NEW", id="new rebate counts whole"),
    pytest.param(
        "4000.00",
        "5000.00",
        "1000.00",
        "SAVINGS.REBATE_INCREASE",
        id="PEP rebates: only the increment over PY (5,000 vs 4,000)",
    ),
    pytest.param(
        "5000.00",
        "4200.00",
        "-800.00",
        "SAVINGS.REBATE_DECREASE",
        id="PEP rebates: a smaller rebate than PY is a cost (4,200 vs 5,000)",
    ),
]


@pytest.mark.parametrize(("previous", "amount", "counted", "code"), REBATES)
def test_recurring_rebate_counts_its_change(
    previous: str | None, amount: str, counted: str, code: str
) -> None:
    rebate = OneOffAmount(
        kind=OneOffKind.REBATE,
        amount=Decimal(amount),
        previous_amount=None if previous is None else Decimal(previous),
        earned_on=date(2026, 12, 31),
    )
    result = classified(rebate)
    (component,) = result.components
    assert component.amount == Decimal(counted)
    assert component.reason_code == code
    assert component.budget_impacting and component.attributable
    assert not component.recurring
    assert result.finance_view == Decimal(counted)
    assert result.finance_recognised == Decimal(counted)
    clause = "one_off.rebate_new" if previous is None else "one_off.rebate_change"
    assert f"§{clause}:" in component.clause
    assert "earned date" in component.clause
    if counted.startswith("-"):
        assert f"a cost of {counted[1:]} USD to the budget" in component.sentence
    assert one_off_in(result, fy(2026)) == Decimal(counted)


def test_unchanged_rebate_counts_nothing() -> None:
    same = OneOffAmount(
        kind=OneOffKind.REBATE, amount=Decimal("700.00"), previous_amount=Decimal("700.00")
    )
    assert same.counted_amount == 0
    assert classified(same).components == ()


def test_only_a_rebate_has_a_previous_amount() -> None:
    with pytest.raises(
        InvalidInputError, match="previous_amount must be None unless kind is rebate"
    ):
        OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal(1), previous_amount=Decimal(1))
    with pytest.raises(TypeError, match="earned_on must be"):
        OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal(1), earned_on="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="previous_amount"):
        OneOffAmount(kind=OneOffKind.REBATE, amount=Decimal(1), previous_amount=Decimal(-1))
    with pytest.raises(TypeError, match="one_off_date must be a OneOffDate"):
        SavingsPolicy(one_off_date="paid")  # type: ignore[arg-type]


amounts = st.decimals(min_value=0, max_value=10**6, places=2)


@settings(max_examples=40)
@given(
    amount=amounts,
    previous=st.none() | amounts,
    earned=st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)),
    received=st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)),
    which=st.sampled_from(OneOffDate),
)
def test_rebate_lands_once_in_the_period_of_its_date(
    amount: Decimal, previous: Decimal | None, earned: date, received: date, which: OneOffDate
) -> None:
    rebate = OneOffAmount(
        kind=OneOffKind.REBATE,
        amount=amount,
        previous_amount=previous,
        earned_on=earned,
        received_on=received,
    )
    policy = SavingsPolicy(signoff_threshold=None, one_off_date=which)
    result = classified(rebate, policy=policy)
    change = amount - (previous or 0)
    assert result.finance_view == change
    day = earned if which is OneOffDate.EARNED else received
    parts = [one_off_in(result, fy(year)) for year in range(2024, 2030)]
    assert parts == [change if year == day.year else 0 for year in range(2024, 2030)]
