"""Issue 16 items 1-2: the finance view is always what the budget did; the net figure.

Expected amounts are worked by hand from the issue's measured cases and the formulas of
the domain notes (§7.2): the finance view of a price change is (B' - P1) x Q against the
price last paid, whatever its age or specification; hard savings keep their gates.
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules._decimal import exact
from spendrules.errors import InvalidInputError
from spendrules.savings import (
    BaselineFlag,
    BaselineMethod,
    BudgetComparison,
    ComponentKind,
    DemandChange,
    FinanceSignOff,
    FxRates,
    OneOffAmount,
    OneOffKind,
    SavingsCategory,
    SavingsEvent,
    SavingsPolicy,
    SummaryBy,
    SupplierProposal,
    classify_savings,
    summarise_savings,
)
from test_savings import AS_OF, make_event

K = ComponentKind


def codes(result: Any) -> list[str]:
    return [reason.code for reason in result.reasons]


# The renewal of the issue: 2,000 seats renewed from 120.00 to 124.80; the supplier asked
# 130.80 in writing. Finance: (120.00 - 124.80) x 2,000 = -9,600.00; procurement:
# (130.80 - 124.80) x 2,000 = +12,000.00 of avoidance.
RENEWAL: dict[str, Any] = {
    "item": "seat licence",
    "baseline_price": Decimal("120.00"),
    "new_price": Decimal("124.80"),
    "forecast_quantity": 2000,
    "effective_date": date(2026, 1, 1),
    "baseline_date": date(2025, 1, 1),
    "proposal": SupplierProposal(price=Decimal("130.80"), evidence="renewal quote Q-88"),
}


def test_renewal_with_a_valid_baseline() -> None:
    result = classify_savings(make_event(**RENEWAL), as_of=AS_OF)
    assert result.budget_flag is BaselineFlag.SUPPORTED
    assert result.finance_view == Decimal("-9600.00")
    assert result.procurement_view == Decimal("12000.00")
    assert result.amount(K.COST_INCREASE) == Decimal("-9600.00")
    assert result.amount(K.COST_AVOIDANCE) == Decimal("12000.00")
    assert result.net_recognised == Decimal("-9600.00")


def test_renewal_one_day_too_old_still_reports_the_budget_change() -> None:
    # max_baseline_age_months=12: the oldest accepted baseline for 2026-01-01 is 2025-01-01
    stale = make_event(**{**RENEWAL, "baseline_date": date(2024, 12, 31)})
    result = classify_savings(stale, as_of=AS_OF)
    assert result.finance_baseline is None
    assert result.budget_flag is BaselineFlag.STALE
    assert result.budget_baseline == Decimal("120.00")
    assert result.finance_view == Decimal("-9600.00")  # was 0.00 under savings.classify@1
    assert result.procurement_view == Decimal("12000.00")
    assert result.amount(K.COST_INCREASE) == Decimal("-9600.00")
    assert result.finance_recognised == 0
    assert result.net_recognised == Decimal("-9600.00")
    assert result.primary is SavingsCategory.COST_INCREASE
    assert "SAVINGS.BASELINE_STALE" in codes(result)
    (comparison,) = [r for r in result.reasons if r.code == "SAVINGS.BUDGET_COMPARISON"]
    assert comparison.fact("flag") == "stale"
    assert "120.00" in comparison.message
    (increase,) = [c for c in result.components if c.kind is K.COST_INCREASE]
    assert "B' 120.00 (stale)" in increase.sentence
    assert increase.clause.startswith("default §price.increase")


def test_spec_change_says_the_budget_rises() -> None:
    # 4,000 units move from spec A at 10.00 to spec B at 10.80: spend rises 3,200.00.
    event = make_event(new_price=Decimal("10.80"), forecast_quantity=4000, same_spec=False)
    result = classify_savings(event, as_of=AS_OF)
    assert result.budget_flag is BaselineFlag.OTHER_SPEC
    assert result.finance_view == Decimal("-3200.00")
    assert result.amount(K.COST_INCREASE) == Decimal("-3200.00")
    assert result.amount(K.MARKET_UNDERPERFORMANCE) == Decimal("-3200.00")
    for component in result.components:
        assert "no budget line moves" not in component.sentence


def test_no_baseline_paid_uses_the_last_price_paid_or_is_unknown() -> None:
    # A first-quote baseline of 12.00 (not a price paid); 9.50 agreed on 1,000 units.
    quoted = make_event(baseline_method=BaselineMethod.QUOTE, baseline_price=Decimal("12.00"))
    unknown = classify_savings(quoted, as_of=AS_OF)
    assert unknown.finance_view is None
    assert unknown.budget_baseline is None
    assert unknown.budget_flag is BaselineFlag.NO_HISTORY
    assert unknown.procurement_view == Decimal("2500.00")
    assert "SAVINGS.BUDGET_UNKNOWN" in codes(unknown)
    assert (
        "finance view unknown"
        in next(r for r in unknown.reasons if r.code == "SAVINGS.VIEWS").message
    )
    # the item was last bought at 9.20: the budget rises (9.20 - 9.50) x 1,000 = -300.00
    paid = classify_savings(attrs.evolve(quoted, last_price_paid=Decimal("9.20")), as_of=AS_OF)
    assert paid.budget_flag is BaselineFlag.NOT_PAID
    assert paid.finance_view == Decimal("-300.00")
    assert paid.net_recognised == Decimal("-300.00")
    assert paid.procurement_view == Decimal("2500.00")


def test_last_price_paid_is_ignored_when_the_baseline_is_a_price_paid() -> None:
    event = make_event(last_price_paid=Decimal("7.00"))
    result = classify_savings(event, as_of=AS_OF)
    assert result.budget_baseline == Decimal("10.00")
    assert result.finance_view == Decimal("500.00")


def test_a_stale_reduction_is_shown_but_never_recognised() -> None:
    result = classify_savings(make_event(baseline_date=date(2020, 1, 1)), as_of=AS_OF)
    assert result.finance_view == Decimal("500.00")
    assert result.amount(K.UNSUPPORTED_REDUCTION) == Decimal("500.00")
    (reduction,) = [c for c in result.components if c.kind is K.UNSUPPORTED_REDUCTION]
    assert reduction.budget_impacting
    assert not reduction.attributable
    assert reduction.reason_code == "SAVINGS.UNSUPPORTED_REDUCTION"
    assert reduction.clause.startswith("default §price.unsupported")
    assert "budget_comparison=price_paid" in reduction.clause
    assert result.finance_recognised == 0
    assert result.net_recognised == 0


def test_budget_comparison_baseline_measures_against_a_budget_price() -> None:
    # ProcureDesk TV-09: budget 1,000,000, deal at 800,000: the budget holder sees 200,000
    event = make_event(
        baseline_method=BaselineMethod.BUDGET,
        baseline_price=1_000_000,
        new_price=800_000,
        forecast_quantity=1,
    )
    default = classify_savings(event, as_of=AS_OF)
    assert default.finance_view is None
    policy = SavingsPolicy(budget_comparison=BudgetComparison.BASELINE)
    result = classify_savings(event, policy=policy, as_of=AS_OF)
    assert result.finance_view == Decimal("200000.00")
    assert result.budget_flag is BaselineFlag.NOT_PAID
    assert result.finance_recognised == 0


def test_volume_is_valued_so_the_finance_view_is_the_rounded_spend_change() -> None:
    # B 0.333, P1 0.25, Q0 1,001 -> Q 1,000: spend 333.333 -> 250.00, change 83.33 (half up);
    # price round(0.083 x 1,000) = 83.00, volume the remainder 0.33 (round(1 x 0.333) = 0.33).
    event = make_event(
        baseline_price=Decimal("0.333"), new_price=Decimal("0.25"), baseline_quantity=1001
    )
    result = classify_savings(event, as_of=AS_OF)
    assert result.finance_view == Decimal("83.33")
    assert result.amount(K.VOLUME_VARIANCE) == Decimal("0.33")


def test_net_above_the_finance_view_says_why() -> None:
    # Hard savings 500.00 while the quantity rose 1,000 -> 1,100 at B 10.00: the finance view
    # is 10.00 x 1,000 - 9.50 x 1,100 = -450.00; net recognised 500.00 exceeds it.
    event = make_event(forecast_quantity=1100, baseline_quantity=1000)
    result = classify_savings(event, as_of=AS_OF)
    assert result.finance_view == Decimal("-450.00")
    assert result.net_recognised == Decimal("550.00")  # hard (10.00 - 9.50) x 1,100
    (why,) = [r for r in result.reasons if r.code == "SAVINGS.NET_ABOVE_FINANCE_VIEW"]
    assert "volume_variance -1000.00" in why.message
    assert "by 1000.00" in why.message


def test_portfolio_net_and_unknown_events() -> None:
    renewal = classify_savings(make_event(**RENEWAL, supplier="Seatco"), as_of=AS_OF)
    hard = classify_savings(make_event(supplier="Widgets Ltd"), as_of=AS_OF)
    quoted = classify_savings(
        make_event(baseline_method=BaselineMethod.QUOTE, baseline_price=12), as_of=AS_OF
    )
    summary = summarise_savings([renewal, hard, quoted], by=SummaryBy.SUPPLIER)
    assert summary.rule == "savings.summary@3"
    assert summary.total.finance_view == Decimal("-9100.00")  # -9,600 + 500; quote unknown
    assert summary.total.unknown_finance_view == 1
    assert summary.total.finance_recognised == Decimal("500.00")
    assert summary.total.net_recognised == Decimal("-9100.00")
    keys = [row.key for row in summary.rows]
    assert keys == ["(no supplier)", "Seatco", "Widgets Ltd"]
    assert summary.rows[0].unknown_finance_view == 1
    assert "1 event(s) with no price paid left out" in summary.reasons[0].message
    assert "unknown" in summary.explain()


def test_portfolio_net_above_the_finance_view_says_why() -> None:
    unknown_with_credit = classify_savings(
        make_event(
            baseline_method=BaselineMethod.QUOTE,
            one_offs=[OneOffAmount(kind=OneOffKind.CREDIT, amount=100)],
        ),
        as_of=AS_OF,
    )
    grew = classify_savings(make_event(forecast_quantity=1100, baseline_quantity=1000), as_of=AS_OF)
    summary = summarise_savings([unknown_with_credit, grew])
    assert summary.total.finance_view == Decimal("-450.00")
    assert summary.total.net_recognised == Decimal("650.00")
    (why,) = [r for r in summary.reasons if r.code == "SAVINGS.SUMMARY_NET_ABOVE_FINANCE_VIEW"]
    assert "volume_variance -1000.00" in why.message
    assert "1 event(s) with no price paid" in why.message


# Sign-off threshold in the policy's reference currency -------------------------------------


def test_signoff_threshold_in_the_reference_currency() -> None:
    # (10.00 - 0.50) x 10,000 = 95,000.00 EUR recognised, at 1.10 USD per EUR 104,500.00 USD:
    # above the 100,000 USD threshold.
    event = make_event(currency="EUR", new_price=Decimal("0.50"), forecast_quantity=10_000)
    policy = SavingsPolicy(reference_currency="USD")
    rated = attrs.evolve(event, reference_rate=Decimal("1.10"))
    result = classify_savings(rated, policy=policy, as_of=AS_OF)
    assert result.finance_recognised == Decimal("95000.00")
    (need,) = [r for r in result.reasons if r.code == "SAVINGS.SIGNOFF_REQUIRED"]
    assert "(104500.00 USD at 1.10)" in need.message
    assert "threshold 100000 USD" in need.message
    # in EUR terms it is below 100,000: without the reference currency no sign-off is needed
    assert "SAVINGS.SIGNOFF_REQUIRED" not in codes(classify_savings(rated, as_of=AS_OF))
    signed = attrs.evolve(rated, finance_signoff=FinanceSignOff(approver="cfo", signed_on=AS_OF))
    assert "SAVINGS.SIGNOFF_PRESENT" in codes(classify_savings(signed, policy=policy, as_of=AS_OF))
    same = classify_savings(
        make_event(), policy=SavingsPolicy(reference_currency="USD"), as_of=AS_OF
    )
    assert same.status.value == "recognised"


def test_reference_currency_needs_a_rate() -> None:
    event = make_event(currency="EUR")
    with pytest.raises(InvalidInputError, match="reference_rate") as caught:
        classify_savings(event, policy=SavingsPolicy(reference_currency="USD"), as_of=AS_OF)
    assert "USD" in str(caught.value)
    assert "EUR" in str(caught.value)


def test_new_fields_validate() -> None:
    with pytest.raises(InvalidInputError, match="last_price_paid"):
        make_event(last_price_paid=-1)
    with pytest.raises(InvalidInputError, match="reference_rate"):
        make_event(reference_rate=0)
    with pytest.raises(TypeError, match="supplier"):
        make_event(supplier=3)
    with pytest.raises(TypeError, match="budget_comparison"):
        SavingsPolicy(budget_comparison="last")  # type: ignore[arg-type]


# Properties ---------------------------------------------------------------------------------

cents = st.integers(min_value=0, max_value=500_000).map(lambda n: Decimal(n).scaleb(-2))
units = st.integers(min_value=0, max_value=50_000).map(Decimal)
histories = st.sampled_from(["paid", "stale", "other_spec", "quote_with_last", "quote"])


@st.composite
def portfolio_events(draw: st.DrawFn) -> tuple[SavingsEvent, Decimal | None, Decimal]:
    """An event, the price last paid for it by construction (or None), and Q0."""
    history = draw(histories)
    baseline = draw(cents)
    new = draw(cents)
    quantity = draw(units)
    q0 = draw(st.none() | units)
    last = draw(cents)
    fields: dict[str, Any] = {
        "baseline_price": baseline,
        "new_price": new,
        "forecast_quantity": quantity,
        "baseline_quantity": q0,
        "demand_change": draw(st.sampled_from(DemandChange)),
        "proposal": draw(
            st.none() | cents.map(lambda p: SupplierProposal(price=p, evidence="letter"))
        ),
    }
    paid: Decimal | None = baseline
    if history == "stale":
        fields["baseline_date"] = date(2023, 6, 30)
    elif history == "other_spec":
        fields["same_spec"] = False
    elif history.startswith("quote"):
        fields["baseline_method"] = BaselineMethod.QUOTE
        paid = None
        if history == "quote_with_last":
            fields["last_price_paid"] = last
            paid = last
    return make_event(**fields), paid, quantity if q0 is None else q0


@settings(max_examples=120)
@given(rows=st.lists(portfolio_events(), max_size=8))
def test_sum_of_finance_views_is_the_sum_of_budget_changes(
    rows: list[tuple[SavingsEvent, Decimal | None, Decimal]],
) -> None:
    """Σ finance view == Σ (baseline spend − new spend) on the events with a price history."""
    # distinct items, so that no two rows are the same event (a summary counts an event once)
    results = [
        classify_savings(attrs.evolve(event, item=f"item {n}"), as_of=AS_OF)
        for n, (event, _, _) in enumerate(rows)
    ]
    with exact():
        expected = Decimal("0.00")
        for (event, paid, q0), result in zip(rows, results, strict=True):
            if paid is None:
                assert result.finance_view is None
                continue
            change = paid * q0 - event.new_price * event.forecast_quantity
            assert result.finance_view == change.quantize(
                Decimal("0.01"), rounding=decimal.ROUND_HALF_UP
            )
            expected += result.finance_view
        if results:
            summary = summarise_savings(results)
            assert summary.total.finance_view == expected
            assert summary.total.unknown_finance_view == sum(p is None for _, p, _ in rows)


@settings(max_examples=120)
@given(
    rows=st.lists(portfolio_events(), min_size=1, max_size=6),
    fx=st.booleans(),
)
def test_net_never_exceeds_the_finance_view_without_a_reason(
    rows: list[tuple[SavingsEvent, Decimal | None, Decimal]], fx: bool
) -> None:
    events = [attrs.evolve(event, item=f"item {n}") for n, (event, _, _) in enumerate(rows)]
    if fx:
        events = [
            attrs.evolve(
                e,
                fx=FxRates(
                    supplier_currency="EUR",
                    baseline_rate=Decimal("1.10"),
                    current_rate=Decimal("1.20"),
                ),
            )
            for e in events
        ]
    results = [classify_savings(event, as_of=AS_OF) for event in events]
    for result in results:
        explained = "SAVINGS.NET_ABOVE_FINANCE_VIEW" in codes(result)
        if result.finance_view is None:
            assert not explained
        else:
            assert explained == (result.net_recognised > result.finance_view)
    summary = summarise_savings(results)
    explained = "SAVINGS.SUMMARY_NET_ABOVE_FINANCE_VIEW" in codes(summary)
    assert explained == (summary.total.net_recognised > summary.total.finance_view)


@pytest.mark.parametrize("which", ["earned", "received"])
def test_period_rows_book_dated_one_offs_as_the_fiscal_year_summary_does(which: str) -> None:
    """A rebate earned in 2026 and received in 2027 lands where the policy's date says."""
    from spendrules.savings import OneOffDate, fiscal_years, summarise_fiscal_years

    credit = OneOffAmount(
        kind=OneOffKind.CREDIT,
        amount=Decimal("2000.00"),
        earned_on=date(2026, 11, 30),
        received_on=date(2027, 2, 15),
    )
    policy = SavingsPolicy(one_off_date=OneOffDate(which))
    result = classify_savings(make_event(one_offs=[credit]), policy=policy, as_of=AS_OF)
    years = fiscal_years(date(2026, 1, 1), count=2)
    rows = summarise_savings([result], by=SummaryBy.PERIOD, periods=years).rows
    fiscal = summarise_fiscal_years([result], periods=years, by=SummaryBy.TOTAL)
    one_off = {row.key: row.amount(K.ONE_OFF_SAVINGS) for row in rows}
    expected = {"earned": ("2000.00", "0"), "received": ("0", "2000.00")}[which]
    assert (one_off["FY2026"], one_off["FY2027"]) == tuple(Decimal(x) for x in expected)
    for row, block in zip(rows, fiscal.periods, strict=True):
        assert block.total.finance_recognised == row.finance_recognised


def test_calendar_edges() -> None:
    # a 1,200-month accepted age from 0050-01-01 reaches before 0001-01-01: nothing is stale
    ancient = make_event(baseline_date=date(1, 1, 1), effective_date=date(50, 1, 1))
    policy = SavingsPolicy(max_baseline_age_months=1200)
    assert classify_savings(ancient, policy=policy, as_of=AS_OF).budget_flag is (
        BaselineFlag.SUPPORTED
    )
    # 12 months from 9999-06-01 would end after 9999-12-31
    late = make_event(baseline_date=date(9999, 5, 1), effective_date=date(9999, 6, 1))
    with pytest.raises(InvalidInputError, match="effective_date"):
        classify_savings(late, as_of=AS_OF)


def test_a_rebate_that_fell_is_a_cost_increase() -> None:
    # PepsiCo: a lump sum counts only for its change on last year's; 1,500 after 2,000 is -500
    rebate = OneOffAmount(kind=OneOffKind.REBATE, amount=1500, previous_amount=2000)
    result = classify_savings(
        make_event(new_price=Decimal("10.00"), one_offs=[rebate]), as_of=AS_OF
    )
    assert result.amount(K.ONE_OFF_SAVINGS) == Decimal("-500.00")
    assert result.primary is SavingsCategory.COST_INCREASE


def test_fiscal_year_blocks_count_unknown_events_and_say_why_net_is_higher() -> None:
    from spendrules.savings import fiscal_years, summarise_fiscal_years

    unknown_with_credit = classify_savings(
        make_event(
            baseline_method=BaselineMethod.QUOTE,
            one_offs=[OneOffAmount(kind=OneOffKind.CREDIT, amount=100)],
        ),
        as_of=AS_OF,
    )
    summary = summarise_fiscal_years(
        [unknown_with_credit], periods=fiscal_years(date(2026, 1, 1), count=1)
    )
    (block,) = summary.periods
    assert block.total.unknown_finance_view == 1
    assert block.total.finance_view == 0
    assert block.total.net_recognised == Decimal("100.00")
    assert "(1 event(s) with no price paid left out)" in summary.reasons[0].message
    (why,) = [r for r in summary.reasons if r.code == "SAVINGS.SUMMARY_NET_ABOVE_FINANCE_VIEW"]
    assert "1 event(s) with no price paid" in why.message
