"""Multi-year contracts: a price per contract year, each year classified on its own.

Expected values come from the published cases (TV-09 ProcureDesk: a $1M budget and a
three-year deal at $800K a year give first-year savings of $200,000; TV-32 UMICH, GEP:
only the first year-over-year counts) and from identities (year ``k``'s finance view is
``(P[k-1] − P[k]) × Q``; counted each on its prior, the years telescope to
``(B − P[last]) × Q``; the fiscal-year slices of a contract sum to its counted total),
never from running the code.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.errors import InvalidInputError
from spendrules.savings import (
    BaselineMethod,
    ComponentKind,
    ContractClassification,
    ContractCounting,
    FiscalPeriod,
    FxRates,
    MultiYearContract,
    OneOffAmount,
    OneOffKind,
    SavingsEvent,
    SavingsPolicy,
    SavingsStatus,
    SupplierProposal,
    classify_contract,
    contract_fiscal_year_slice,
    fiscal_years,
)

FIRST = SavingsPolicy(signoff_threshold=None)
EACH = SavingsPolicy(signoff_threshold=None, contract_counting=ContractCounting.EACH_YEAR_ON_PRIOR)


def fy(year: int) -> FiscalPeriod:
    return FiscalPeriod(name=f"FY{year}", start=date(year, 1, 1), end=date(year, 12, 31))


def event(effective: date = date(2026, 1, 1), **changes: Any) -> SavingsEvent:
    """TV-38: 1,000 units a year, last paid 10.00, year 1 at 9.50."""
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


def contract(*later: str, **changes: Any) -> MultiYearContract:
    return MultiYearContract(
        event=event(**changes), later_prices=[Decimal(p) for p in later], reference="MSA-7"
    )


# --- Published cases ---------------------------------------------------------------------


def test_tv09_procuredesk_first_year_savings() -> None:
    # TV-09 (ProcureDesk): budget $1M; a 3-year deal at $800K a year ($2.4M): first-year
    # cost savings $200,000; years 2-3 adjust the forecast. ProcureDesk counts budget
    # minus final cost, hence budget_underspend_counts.
    deal = MultiYearContract(
        event=event(
            baseline_price=Decimal("1000000"),
            baseline_method=BaselineMethod.BUDGET,
            new_price=Decimal("800000"),
            forecast_quantity=Decimal(1),
        ),
        later_prices=[Decimal("800000"), Decimal("800000")],
    )
    policy = SavingsPolicy(budget_underspend_counts=True, signoff_threshold=None)
    result = classify_contract(deal, policy=policy, as_of=date(2026, 1, 1))
    assert result.finance_recognised == Decimal("200000.00")
    assert sum(y.price for y in result.years) == Decimal("2400000")
    assert [y.counted for y in result.years] == [True, False, False]
    # Years 2 and 3 pay what year 1 paid: no budget move year on year.
    assert [y.classification.finance_view for y in result.years[1:]] == [Decimal("0.00")] * 2


@pytest.mark.parametrize(
    ("policy", "counted", "finance", "recognised"),
    [
        pytest.param(
            FIRST, [True, False, False], "500.00", "500.00", id="TV-32 UMICH/GEP first YoY"
        ),
        pytest.param(EACH, [True, True, True], "0.00", "500.00", id="each year on its prior"),
    ],
)
def test_escalator_under_each_counting(
    policy: SavingsPolicy, counted: list[bool], finance: str, recognised: str
) -> None:
    # 10.00 paid; the contract runs 9.50, 9.75, 10.00: year 1 saves 500.00, years 2 and
    # 3 each raise the budget by 0.25 x 1,000 = 250.00 on the year before.
    result = classify_contract(contract("9.75", "10.00"), policy=policy, as_of=date(2026, 1, 5))
    assert isinstance(result, ContractClassification)
    assert result.rule == "savings.contract@1"
    assert result.counting is policy.contract_counting
    years = result.years
    assert [y.number for y in years] == [1, 2, 3]
    assert [(y.start, y.end) for y in years] == [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 12, 31)),
    ]
    assert [y.classification.finance_view for y in years] == [
        Decimal("500.00"),
        Decimal("-250.00"),
        Decimal("-250.00"),
    ]
    assert [y.classification.finance_baseline for y in years] == [
        Decimal("10.00"),
        Decimal("9.50"),
        Decimal("9.75"),
    ]
    assert years[1].classification.components[0].kind is ComponentKind.COST_INCREASE
    assert years[1].classification.event.baseline_evidence == "MSA-7 year 1 price"
    assert [y.counted for y in years] == counted
    assert result.finance_view == Decimal(finance)
    assert result.finance_recognised == Decimal(recognised)
    assert result.status is SavingsStatus.RECOGNISED
    codes = [r.code for r in result.reasons]
    assert codes[-1] == "SAVINGS.CONTRACT_TOTAL"
    assert f"contract_counting={policy.contract_counting.value}" in result.reasons[-1].message
    if not all(counted):
        assert codes[1] == "SAVINGS.CONTRACT_YEAR_NOT_COUNTED"
        assert "run-rate" in result.reasons[1].message
        assert "(not counted)" in result.explain()
    assert "against year 1's contract price 9.50" in result.reasons[1].message


def test_step_down_is_hard_savings_each_year() -> None:
    result = classify_contract(contract("9.00", "8.50"), policy=EACH, as_of=date(2026, 1, 5))
    assert [y.classification.amount(ComponentKind.HARD_SAVINGS) for y in result.years] == [
        Decimal("500.00")
    ] * 3
    assert result.finance_recognised == result.finance_view == Decimal("1500.00")
    assert result.counted == tuple(y.classification for y in result.years)


def test_later_years_carry_only_the_price_step() -> None:
    # Year 1's proposal, one-offs and implementation cost are year 1's; later years
    # have C = B (no avoidance) and no FX variance.
    first = event(
        proposal=SupplierProposal(price=Decimal("10.80"), evidence="letter"),
        one_offs=[OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal("100.00"))],
        implementation_cost=Decimal("40.00"),
        baseline_quantity=Decimal(900),
        fx=FxRates(
            supplier_currency="EUR", baseline_rate=Decimal("1.10"), current_rate=Decimal("1.20")
        ),
    )
    deal = MultiYearContract(event=first, later_prices=[Decimal("9.60")])
    result = classify_contract(deal, policy=EACH, as_of=date(2026, 1, 5))
    year2 = result.years[1].classification
    assert year2.counterfactual == year2.finance_baseline == Decimal("9.50") * Decimal("1.20")
    assert {c.kind for c in year2.components} == {
        ComponentKind.COST_INCREASE,
        ComponentKind.MARKET_UNDERPERFORMANCE,
    }
    assert year2.finance_view == -(Decimal("0.10") * Decimal("1.20") * 1000)
    assert result.years[0].classification.amount(ComponentKind.COST_AVOIDANCE) > 0


def test_pending_year_one_and_unknown_views() -> None:
    result = classify_contract(
        contract("9.40", baseline_evidence=""), policy=EACH, as_of=date(2026, 1, 5)
    )
    assert result.status is SavingsStatus.PENDING_VALIDATION
    assert [m.value for m in result.missing] == ["baseline_evidence"]
    assert "pending: missing baseline_evidence" in result.reasons[-1].message
    # A later year's baseline is the contract's own price: evidenced by the contract.
    assert result.years[1].classification.status is SavingsStatus.RECOGNISED


def test_contract_from_29_february_has_later_years_from_28_february() -> None:
    result = classify_contract(
        contract("9.00", "8.50", "8.00", "7.50", effective=date(2028, 2, 29)),
        policy=EACH,
        as_of=date(2028, 3, 1),
    )
    starts = [y.start for y in result.years]
    assert starts == [date(2028, 2, 29)] + [date(y, 2, 28) for y in range(2029, 2033)]
    assert result.years[-1].end == date(2033, 2, 27)
    for before, after in zip(result.years, result.years[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    # Every year steps down 0.50 on 1,000 units: 500.00 a year. Fiscal years from
    # 1 March: year 1 (365 counted days, 29 Feb included) gives 364 days and year 2 its
    # 28 February to the first: 364 + 1 days of 500.00, exactly 500.00, never more.
    march = fiscal_years(date(2028, 3, 1), count=5)
    parts = [contract_fiscal_year_slice(result, period=p).finance_view for p in march]
    assert parts[:4] == [Decimal("500.00")] * 4
    assert all(part is not None and part <= Decimal("500.00") for part in parts)


# --- Fiscal-year slices of a contract ------------------------------------------------


def test_contract_slice_takes_each_year_at_its_price() -> None:
    # From 1 July 2026: 9.50 then 9.00 then 9.25. FY2027 holds 181 days of year 1
    # (500.00 a year) and 184 of year 2 (500.00); FY2028 181 of year 2 and 184 of year 3
    # (-250.00 a year).
    result = classify_contract(
        contract("9.00", "9.25", effective=date(2026, 7, 1)), policy=EACH, as_of=date(2026, 7, 1)
    )
    fy2027 = contract_fiscal_year_slice(result, period=fy(2027))
    assert fy2027.rule == "savings.contract_fiscal_year@1"
    assert fy2027.finance_view == Decimal("500.00")
    assert len(fy2027.slices) == 2
    day_share = (Decimal(500) * 184 / 365).quantize(Decimal("0.01"))
    minus = (Decimal(-250) * 184 / 365).quantize(Decimal("0.01"))
    fy2028 = contract_fiscal_year_slice(result, period=fy(2028))
    assert fy2028.finance_view == Decimal(500) - day_share + minus
    assert fy2028.reasons[-1].code == "SAVINGS.CONTRACT_FY_SLICE"
    assert "2026-07-01" not in fy2028.explain()
    # Under FIRST_YEAR_OVER_YEAR only year 1 counts: FY2028 gets nothing.
    first = classify_contract(
        contract("9.00", "9.25", effective=date(2026, 7, 1)), policy=FIRST, as_of=date(2026, 7, 1)
    )
    nothing = contract_fiscal_year_slice(first, period=fy(2028))
    assert nothing.slices == () and nothing.finance_view == Decimal("0.00")


prices = st.decimals(min_value=0, max_value=100, places=2)


@settings(max_examples=30)
@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
    first=prices,
    later=st.lists(prices, max_size=4),
    units=st.integers(min_value=0, max_value=10_000),
    fiscal_start=st.dates(min_value=date(2023, 1, 1), max_value=date(2024, 12, 31)),
    counting=st.sampled_from(ContractCounting),
)
def test_years_telescope_and_slices_conserve(
    *,
    start: date,
    first: Decimal,
    later: list[Decimal],
    units: int,
    fiscal_start: date,
    counting: ContractCounting,
) -> None:
    deal = MultiYearContract(
        event=event(start, new_price=first, forecast_quantity=Decimal(units)), later_prices=later
    )
    policy = attrs.evolve(FIRST, contract_counting=counting)
    result = classify_contract(deal, policy=policy, as_of=start)
    chain = [Decimal("10.00"), first, *later]
    for year in result.years:  # (P[k-1] - P[k]) x Q, exact in cents
        assert (
            year.classification.finance_view
            == (chain[year.number - 1] - chain[year.number]) * units
        )
    last = chain[-1] if counting is ContractCounting.EACH_YEAR_ON_PRIOR else first
    assert result.finance_view == (Decimal("10.00") - last) * units
    # Fiscal years covering the whole contract: their slices sum to the counted total,
    # and none exceeds the largest annual amount of the years it touches.
    # (four years back keeps a 29 February start, and puts the first fiscal year before any start)
    periods = fiscal_years(fiscal_start - relativedelta(years=4), count=len(chain) + 20)
    parts = [contract_fiscal_year_slice(result, period=p) for p in periods]
    assert sum(part.finance_view or 0 for part in parts) == result.finance_view
    for part in parts:
        biggest = max((abs(s.finance_view or 0) for s in part.slices), default=Decimal(0))
        annuals = [abs(y.classification.finance_view or 0) for y in result.years if y.counted]
        assert abs(part.finance_view or 0) <= max(annuals, default=Decimal(0))
        assert biggest <= max(annuals, default=Decimal(0))


# --- Input errors -------------------------------------------------------------------------


def test_contract_errors() -> None:
    with pytest.raises(TypeError, match="later_prices\\[0\\] must be"):
        MultiYearContract(event=event(), later_prices=[9.5])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="later_prices\\[1\\] must be"):
        MultiYearContract(event=event(), later_prices=[Decimal(1), Decimal(-1)])
    with pytest.raises(TypeError, match="later_prices must be a tuple of Decimal"):
        MultiYearContract(event=event(), later_prices="9.5")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="at most 99 later years"):
        MultiYearContract(event=event(), later_prices=[Decimal(1)] * 100)
    with pytest.raises(TypeError, match="event must be"):
        MultiYearContract(event="widget")  # type: ignore[arg-type]
    deal = contract("9.00")
    with pytest.raises(TypeError, match="contract must be a MultiYearContract"):
        classify_contract(deal.event, as_of=date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy must be a SavingsPolicy"):
        classify_contract(deal, policy="default", as_of=date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="as_of must be"):
        classify_contract(deal, as_of="2026-01-01")  # type: ignore[arg-type]
    late = contract("9.00", effective=date(9999, 1, 1))
    with pytest.raises(InvalidInputError, match="2 contract year\\(s\\) from it end by 9999"):
        classify_contract(late, as_of=date(2026, 1, 1))
    with pytest.raises(TypeError, match="contract must be a ContractClassification"):
        contract_fiscal_year_slice(deal, period=fy(2026))  # type: ignore[arg-type]
    # The default policy counts the first year-over-year only.
    assert classify_contract(deal, as_of=date(2026, 1, 1)).counting is (
        ContractCounting.FIRST_YEAR_OVER_YEAR
    )
