"""Tests of the funds side of spendrules.budget: phasing, check_budget, headroom, what_if, CLI.

Worked scenarios cite their id in the domain notes (``budget.md`` section 6) and the
source the notes give; expected outcomes come from that source or from an identity.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contract_budget import (
    RATES,
    budget_sets,
    entries,
    policies,
    requests,
    scenarios,
    within_scenarios,
)
from spendrules import budget as b
from spendrules.budget import (
    Action,
    Against,
    Basis,
    Boundary,
    Budget,
    BudgetRate,
    BudgetStatus,
    Combine,
    ControlPolicy,
    FiscalCalendar,
    Frequency,
    FundsDecision,
    Hierarchy,
    LedgerEntry,
    MissingBudget,
    Period,
    Phasing,
    PhasingMethod,
    Rollup,
    SpendLine,
    SpendRequest,
    Stage,
    StagePolicy,
    ToleranceRule,
    check_budget,
    headroom,
    iter_what_if,
    what_if,
)
from spendrules.cli import main
from spendrules.errors import CurrencyMismatchError, InvalidInputError, JSONInputError
from spendrules.money import quantize
from spendrules.results import Severity
from spendrules.serialization import from_json, to_json

D = Decimal
FY26 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
CC = {"cost_center": "CC-10"}
ACCOUNT = "5000"  # "_Test Account Cost for Goods Sold" in ERPNext's test_budget.py
MARCH = dt.date(2026, 3, 15)


def erpnext_budget(amount: str = "200000", **kwargs: Any) -> Budget:
    """ERPNext test default: budget 200,000, cost-centre budget, monthly equal distribution."""
    dims = kwargs.pop("dimensions", CC)
    return Budget(ACCOUNT, D(amount), "USD", *FY26, dims, **kwargs)


def request(
    amount: str | Decimal,
    *,
    stage: Stage = Stage.ACTUAL,
    day: dt.date = MARCH,
    account: str = ACCOUNT,
    currency: str = "USD",
    dims: Any = None,
) -> SpendRequest:
    return SpendRequest(
        (SpendLine(account, D(amount), currency, CC if dims is None else dims),), day, stage=stage
    )


def actual(amount: str, day: dt.date, dims: Any = None, stage: Stage = Stage.ACTUAL) -> LedgerEntry:
    return LedgerEntry(ACCOUNT, stage, D(amount), "USD", day, CC if dims is None else dims)


def annual_and_monthly(annual: Action | None, monthly: Action | None) -> StagePolicy:
    """ERPNext's two checks: annual budget and accumulated monthly (year to date)."""
    rules = []
    if annual is not None:
        rules.append(ToleranceRule(annual, usage=1, basis=Basis.ANNUAL))
    if monthly is not None:
        rules.append(ToleranceRule(monthly, usage=1, basis=Basis.YEAR_TO_DATE))
    return StagePolicy(rules=rules)


def check(
    req: SpendRequest, budgets: Any, ledger: Any = (), policy: Any = None, **kw: Any
) -> b.BudgetCheck:
    return check_budget(
        req,
        budgets=budgets,
        ledger=ledger,
        policy=policy if policy is not None else ControlPolicy(),
        as_of=kw.pop("as_of", req.date),
        **kw,
    )


# M for 15 March with equal monthly phasing: 3/12 of the budget (an identity; the
# phased rows may differ from it by at most a cent each, far below the +1 of the tests).
M_MARCH = D(200000) * 3 / 12


# --------------------------------------------------------------------------- V* scenarios


def v1() -> b.BudgetCheck:
    policy = ControlPolicy.uniform(annual_and_monthly(Action.BLOCK, None))
    return check(request("40000"), [erpnext_budget()], policy=policy)


def v2() -> b.BudgetCheck:
    policy = ControlPolicy.uniform(annual_and_monthly(Action.BLOCK, Action.BLOCK))
    return check(request(M_MARCH + 1), [erpnext_budget()], policy=policy)


def v4() -> b.BudgetCheck:
    policy = ControlPolicy(requisition=annual_and_monthly(Action.BLOCK, Action.BLOCK))
    return check(request(M_MARCH + 1, stage=Stage.REQUISITION), [erpnext_budget()], policy=policy)


def v5() -> b.BudgetCheck:
    policy = ControlPolicy(order=annual_and_monthly(Action.BLOCK, Action.BLOCK))
    return check(request(M_MARCH + 1, stage=Stage.ORDER), [erpnext_budget()], policy=policy)


def v7() -> b.BudgetCheck:
    policy = ControlPolicy.uniform(annual_and_monthly(Action.BLOCK, Action.BLOCK))
    project = {"project": "_Test Project"}
    budget = erpnext_budget(dimensions=project)
    return check(request(M_MARCH + 1, dims={**CC, **project}), [budget], policy=policy)


def v8() -> b.BudgetCheck:
    return check(request("250000"), [erpnext_budget()])


def v9() -> b.BudgetCheck:
    # m + 1 journal entries of 20,000 posted under Ignore (m = 3 in March), then the
    # monthly action is set to Stop and the last one is cancelled.
    ledger = [actual("20000", dt.date(2026, month, 10)) for month in (1, 2, 3)] + [
        actual("20000", dt.date(2026, 3, 12))
    ]
    policy = ControlPolicy.uniform(annual_and_monthly(Action.BLOCK, Action.BLOCK))
    return check(request("-20000"), [erpnext_budget()], ledger, policy)


def v11() -> b.BudgetCheck:
    # Budget on the main cost centre; the JE of 400,000 is allocated 60/40 to two sub
    # centres. Pooled roll-up checks the allocation against the main budget.
    tree = Hierarchy("cost_center", {"CC-sub1": "CC-10", "CC-sub2": "CC-10"})
    req = SpendRequest(
        (
            SpendLine(ACCOUNT, D("240000"), "USD", {"cost_center": "CC-sub1"}),
            SpendLine(ACCOUNT, D("160000"), "USD", {"cost_center": "CC-sub2"}),
        ),
        MARCH,
        stage=Stage.ACTUAL,
    )
    return check(req, [erpnext_budget()], hierarchies=[tree])


def v22() -> b.BudgetCheck:
    req = SpendRequest((SpendLine("", D("250000"), "USD", CC),), MARCH, stage=Stage.REQUISITION)
    return check(req, [erpnext_budget()])


def v24(rule: ToleranceRule) -> b.BudgetCheck:
    policy = ControlPolicy.uniform(StagePolicy(rules=[rule], missing_budget=MissingBudget.ZERO))
    # The only budget is for 2026; the posting is for 2027.
    return check(request("1000", day=dt.date(2027, 2, 1)), [erpnext_budget()], policy=policy)


def v27(boundary: Boundary) -> b.BudgetCheck:
    # NetSuite: budget 100, threshold 10 % of the budget remaining = warn at 90 % used.
    policy = ControlPolicy.uniform(
        StagePolicy(rules=[ToleranceRule(Action.WARN, usage=D("0.9"))], boundary=boundary)
    )
    budget = Budget("6000", D(100), "USD", *FY26)
    ledger = [LedgerEntry("6000", Stage.ACTUAL, D(80), "USD", dt.date(2026, 2, 1))]
    return check(request("10", account="6000", dims={}), [budget], ledger, policy)


def v28() -> b.BudgetCheck:
    budget = Budget("606300", D(10000), "USD", *FY26)
    return check(request("5000", account="606300", dims={}, stage=Stage.ORDER), [budget])


def v29() -> b.BudgetCheck:
    budget = Budget("6000", D(100000), "USD", *FY26)
    rate = BudgetRate("EUR", "USD", D(130) / D(100))
    return check(request("1000", account="6000", currency="EUR", dims={}), [budget], rates=[rate])


def v40() -> b.BudgetCheck:
    budget = Budget("FM-1", D(100), "USD", *FY26)
    ledger = [
        LedgerEntry("FM-1", Stage.ACTUAL, D(80), "USD", dt.date(2026, 5, 1)),
        LedgerEntry(
            "FM-1", Stage.ORDER, D(30), "USD", dt.date(2026, 5, 2), reference="carried commitment"
        ),
    ]
    return check(request("1", account="FM-1", dims={}), [budget], ledger)


def _blocked_on(result: b.BudgetCheck, basis: Basis) -> bool:
    return result.decision is FundsDecision.BLOCKED and any(
        line.outcome is FundsDecision.BLOCKED and line.basis is basis for line in result.lines
    )


SCENARIOS = [
    pytest.param(
        v1,
        lambda r: r.decision is FundsDecision.PASS,
        id="V1 ERPNext test_monthly_budget_crossed_ignore",
    ),
    pytest.param(
        v2,
        lambda r: _blocked_on(r, Basis.YEAR_TO_DATE),
        id="V2 ERPNext test_monthly_budget_crossed_stop1",
    ),
    pytest.param(
        v4,
        lambda r: _blocked_on(r, Basis.YEAR_TO_DATE),
        id="V4 ERPNext test_monthly_budget_crossed_for_mr",
    ),
    pytest.param(
        v5,
        lambda r: _blocked_on(r, Basis.YEAR_TO_DATE),
        id="V5 ERPNext test_monthly_budget_crossed_for_po",
    ),
    pytest.param(
        v7,
        lambda r: _blocked_on(r, Basis.YEAR_TO_DATE),
        id="V7 ERPNext test_monthly_budget_crossed_stop2",
    ),
    pytest.param(
        v8,
        lambda r: (
            r.decision is FundsDecision.BLOCKED and r.lines[0].available_after == D("-50000.00")
        ),
        id="V8 ERPNext test_yearly_budget_crossed_stop1 (excess 50,000)",
    ),
    pytest.param(
        v9,
        lambda r: (
            r.decision is FundsDecision.PASS and "BUDGET.REDUCTION" in {x.code for x in r.reasons}
        ),
        id="V9 ERPNext test_monthly_budget_on_cancellation1 + PR #53314 (reduction passes)",
    ),
    pytest.param(
        v11,
        lambda r: r.decision is FundsDecision.BLOCKED and r.lines[0].this_request == D("400000.00"),
        id="V11 ERPNext test_monthly_budget_against_main_cost_center PR #32768",
    ),
    pytest.param(
        v22,
        lambda r: (
            r.decision is FundsDecision.BLOCKED and r.reasons[1].code == "BUDGET.MISSING_ACCOUNT"
        ),
        id="V22 ERPNext issue #58564 (blank account fails loudly)",
    ),
    pytest.param(
        lambda: v24(ToleranceRule(Action.BLOCK, usage=1)),
        lambda r: r.decision is FundsDecision.BLOCKED,
        id="V24a SAP FM Availability Control Settings (% tolerance, budget 0)",
    ),
    pytest.param(
        lambda: v24(ToleranceRule(Action.BLOCK, over_amount=5000)),
        lambda r: r.decision is FundsDecision.PASS,
        id="V24b SAP FM Availability Control Settings (absolute variance 5,000)",
    ),
    pytest.param(
        lambda: v27(Boundary.EXCLUSIVE),
        lambda r: r.decision is FundsDecision.PASS_WITH_WARNING,
        id="V27 NetSuite Creating a Budget Control Record (remaining meets threshold)",
    ),
    pytest.param(
        v28,
        lambda r: r.decision is FundsDecision.PASS and r.lines[0].available_after == D("5000.00"),
        id="V28 Dynamics AX About budget control",
    ),
    pytest.param(
        v29,
        lambda r: (
            r.lines[0].this_request == D("1300.00") and r.reasons[1].code == "BUDGET.FX_CONVERTED"
        ),
        id="V29 Dynamics AX Define budget exchange rates (130 USD per 100 EUR)",
    ),
    pytest.param(
        v40,
        lambda r: (
            r.lines[0].available_before == D("-10.00") and r.decision is FundsDecision.BLOCKED
        ),
        id="V40 SAP FM budget carryforward (residual -10)",
    ),
]


@pytest.mark.parametrize(("scenario", "expected"), SCENARIOS)
def test_published_scenarios(scenario: Any, expected: Any) -> None:
    result = scenario()
    assert expected(result), result.explain()


@pytest.mark.parametrize("stage", [Stage.ACTUAL, Stage.REQUISITION, Stage.ORDER])
def test_v2_v4_v5_a_request_of_exactly_m_passes(stage: Stage) -> None:
    # The other side of V2/V4/V5: M + 1 blocks, so M itself (3/12 of 200,000 on 15 March,
    # an identity) must pass. A vacuous M of 0 (ERPNext PR #47562) would block both.
    policy = ControlPolicy.uniform(annual_and_monthly(Action.BLOCK, Action.BLOCK))
    result = check(request(M_MARCH, stage=stage), [erpnext_budget()], policy=policy)
    assert result.decision is FundsDecision.PASS, result.explain()
    ytd = next(line for line in result.lines if line.basis is Basis.YEAR_TO_DATE)
    assert abs(ytd.limit - M_MARCH) <= D("0.03")  # three phased rows, each within a cent


def test_v27_inclusive_boundary_does_not_warn_at_the_threshold() -> None:
    # The same figures with an inclusive boundary: 90 used of 100 is exactly the
    # threshold, which an inclusive limit allows (ERPNext's `total > limit`).
    assert v27(Boundary.INCLUSIVE).decision is FundsDecision.PASS


@pytest.mark.parametrize(
    ("amount", "rows", "first", "last"),
    [
        pytest.param(
            "120000",
            12,
            D("10000.00"),
            D("10000.00"),
            id="V13 ERPNext test_evenly_distribute_budget",
        ),
        pytest.param(
            "200000",
            12,
            D("16666.67"),
            D("16666.66"),
            id="V18 ERPNext add_allocated_amount (sum exact)",
        ),
    ],
)
def test_equal_monthly_phasing(amount: str, rows: int, first: Decimal, last: Decimal) -> None:
    months = FiscalCalendar().periods(dt.date(2026, 1, 1))
    parts = Phasing.equal().allocate(D(amount), "USD", months)
    assert len(parts) == rows
    assert sum(parts) == D(amount)
    assert parts[0] == first and parts[-1] == last
    assert max(parts) - min(parts) <= D("0.01")


def test_v14_manual_rows_must_sum_to_the_budget() -> None:
    # ERPNext test_total_distribution_equals_budget: budget 12,000, every row 2,000.
    with pytest.raises(InvalidInputError, match=r"phasing\.values"):
        Budget("6000", D(12000), "USD", *FY26, phasing=Phasing.amounts([2000] * 12))


def test_v16_duplicate_budget_is_rejected() -> None:
    # ERPNext test_duplicate_budget_validation: 15,000 and then 10,000 on the same keys.
    first = erpnext_budget("15000")
    second = erpnext_budget("10000")
    with pytest.raises(InvalidInputError, match=r"budgets\[1\]"):
        check(request("1"), [first, second])


def test_v17_budget_range_must_not_end_before_it_starts() -> None:
    # ERPNext test_fiscal_year_validation: from FY 2100 (2100-04-01..2101-03-31) to FY 2099.
    with pytest.raises(InvalidInputError, match="valid_to"):
        Budget("6000", D(1), "USD", dt.date(2100, 4, 1), dt.date(2100, 3, 31))


# --------------------------------------------------------------------------- fiscal calendar


def test_fiscal_year_starting_on_the_sixth_of_april() -> None:
    uk = FiscalCalendar(4, 6)
    assert uk.year(dt.date(2026, 4, 5)) == Period(dt.date(2025, 4, 6), dt.date(2026, 4, 5))
    assert uk.year_start(dt.date(2026, 4, 6)) == dt.date(2026, 4, 6)
    months = uk.periods(dt.date(2026, 4, 6))
    assert (months[0].start, months[0].end) == (dt.date(2026, 4, 6), dt.date(2026, 5, 5))
    assert months[-1].end == dt.date(2027, 4, 5)
    quarters = uk.periods(dt.date(2026, 4, 6), frequency=Frequency.QUARTER)
    assert [q.start for q in quarters][1] == dt.date(2026, 7, 6)
    assert Frequency.HALF_YEAR.months == 6


def test_fiscal_calendar_rejects_days_that_do_not_exist_every_year() -> None:
    with pytest.raises(InvalidInputError, match="start_day"):
        FiscalCalendar(2, 29)
    with pytest.raises(InvalidInputError, match="start_month"):
        FiscalCalendar(13, 1)
    with pytest.raises(InvalidInputError, match="start_month"):
        FiscalCalendar(0, 1)
    with pytest.raises(TypeError, match="start_day"):
        FiscalCalendar(1, True)  # type: ignore[arg-type]


@settings(max_examples=200)
@given(
    st.integers(1, 12),
    st.integers(1, 28) | st.sampled_from([29, 30, 31]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(Frequency),
)
def test_periods_tile_the_fiscal_year(month: int, day: int, when: dt.date, freq: Frequency) -> None:
    try:
        cal = FiscalCalendar(month, day)
    except InvalidInputError:
        assume(False)
        return
    year = cal.year(when)
    periods = cal.periods(when, frequency=freq)
    assert when in year and year.start.month == month
    assert periods[0].start == year.start and periods[-1].end == year.end
    assert len(periods) == 12 // freq.months
    for before, after in itertools.pairwise(periods):
        assert before.end + dt.timedelta(days=1) == after.start
    assert when in cal.period(when, frequency=freq)
    assert sum(p.days for p in periods) == year.days


def test_periods_between_cuts_the_ends() -> None:
    cal = FiscalCalendar(7, 1)
    cut = cal.periods_between(
        dt.date(2026, 6, 15), dt.date(2027, 7, 10), frequency=Frequency.HALF_YEAR
    )
    assert [(p.start, p.end) for p in cut] == [
        (dt.date(2026, 6, 15), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        (dt.date(2027, 1, 1), dt.date(2027, 6, 30)),
        (dt.date(2027, 7, 1), dt.date(2027, 7, 10)),
    ]
    with pytest.raises(InvalidInputError, match="end"):
        cal.periods_between(dt.date(2026, 1, 2), dt.date(2026, 1, 1))


def test_period_validation_and_membership() -> None:
    with pytest.raises(InvalidInputError, match="end"):
        Period(dt.date(2026, 1, 2), dt.date(2026, 1, 1))
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert dt.date(2026, 1, 31) in period
    assert "2026-01-15" not in period


# --------------------------------------------------------------------------- phasing


@settings(max_examples=200)
@given(
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
    ),
    st.sampled_from(Frequency),
    st.sampled_from(["USD", "JPY", "BHD"]),
    st.lists(st.integers(0, 1000), min_size=12, max_size=12).filter(any),
    st.sampled_from([PhasingMethod.EQUAL, PhasingMethod.WEIGHTS, PhasingMethod.LINEAR]),
)
def test_phasing_sums_exactly(
    total: Decimal, freq: Frequency, currency: str, weights: list[int], method: PhasingMethod
) -> None:
    periods = FiscalCalendar(4, 6).periods(dt.date(2026, 5, 1), frequency=freq)
    values = weights[: len(periods)] if method is PhasingMethod.WEIGHTS else []
    assume(method is not PhasingMethod.WEIGHTS or any(values))
    parts = Phasing(method, freq, values).allocate(total, currency, periods)
    assert len(parts) == len(periods)
    assert sum(parts) == quantize(total, currency)


def test_phasing_by_weights_amounts_and_days() -> None:
    months = FiscalCalendar().periods(dt.date(2026, 1, 1))
    assert Phasing.weights([1, 1, 2], frequency=Frequency.QUARTER).values == (D(1), D(1), D(2))
    by_days = Phasing.linear().allocate(D(365), "USD", months)
    assert by_days[0] == D(31) and by_days[1] == D(28)  # 365 spread by days in 2026
    amounts = Phasing.amounts([D("100.00"), D(0)])
    assert amounts.allocate(D(100), "USD", months[:2]) == (D("100.00"), D("0.00"))


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: Phasing(PhasingMethod.EQUAL, Frequency.MONTH, [1]), InvalidInputError, "empty"),
        (lambda: Phasing.weights([]), InvalidInputError, "one value per period"),
        (lambda: Phasing.weights([0, 0]), InvalidInputError, "positive sum"),
        (lambda: Phasing.amounts([D(-1)]), InvalidInputError, r"values\[0\]"),
        (lambda: Phasing.weights([1.5]), TypeError, r"values\[0\]"),
        (lambda: Phasing.weights("12"), TypeError, "values"),
        (lambda: Phasing("monthly"), ValueError, "monthly"),
    ],
)
def test_phasing_validation(make: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()


def test_phasing_allocation_errors() -> None:
    months = FiscalCalendar().periods(dt.date(2026, 1, 1))
    with pytest.raises(InvalidInputError, match="periods"):
        Phasing.equal().allocate(D(1), "USD", [])
    with pytest.raises(InvalidInputError, match="12 values"):
        Phasing.weights([1, 2]).allocate(D(1), "USD", months)
    with pytest.raises(InvalidInputError, match="minor units"):
        Phasing.amounts([D("0.005"), D("0.005")]).allocate(D("0.01"), "USD", months[:2])
    budget = Budget("6000", D(100), "USD", *FY26, phasing=Phasing.amounts([D(50), D(50)]))
    with pytest.raises(InvalidInputError, match=r"budgets\[0\].phasing.values"):
        check(request("1", account="6000", dims={}), [budget])


# --------------------------------------------------------------------------- the check in detail


def test_reasons_carry_the_arithmetic() -> None:
    ledger = [
        actual("11000000", dt.date(2026, 2, 1)),
        actual("1000", dt.date(2026, 2, 2), stage=Stage.ORDER),
        actual("500", dt.date(2026, 2, 3), stage=Stage.REQUISITION),
    ]
    result = check(request("5000000", stage=Stage.ORDER), [erpnext_budget("20000000")], ledger)
    line = result.lines[0]
    assert line.limit == D("20000000.00")
    assert [(s.stage, s.amount, s.counted) for s in line.consumption] == [
        (Stage.REQUISITION, D("500.00"), True),
        (Stage.ORDER, D("1000.00"), True),
        (Stage.ACTUAL, D("11000000.00"), True),
    ]
    assert line.consumed == D("11001500.00")
    assert line.available_before == D("20000000") - D("11001500")
    assert line.available_after == D("20000000") - D("11001500") - D("5000000")
    assert line.usage_after == D("0.8001")  # 16,001,500 / 20,000,000 = 0.800075
    message = line.reasons[0].message
    for figure in ("20,000,000.00", "11,001,500.00", "5,000,000.00", "16,001,500.00"):
        assert figure in message
    assert "Lines:" in result.explain()
    assert "<table>" in result._repr_html_()


def test_stage_counts_follow_the_policy() -> None:
    # ERPNext legacy: at order stage only open orders and actuals count.
    ledger = [
        actual("90", dt.date(2026, 2, 1), stage=Stage.REQUISITION),
        actual("50", dt.date(2026, 2, 1)),
    ]
    legacy = ControlPolicy(order=StagePolicy(counts=[Stage.ORDER, Stage.ACTUAL]))
    req = request("60", stage=Stage.ORDER)
    assert check(req, [erpnext_budget("100")], ledger, legacy).decision is FundsDecision.BLOCKED
    legacy = ControlPolicy(order=StagePolicy(counts=(Stage.ACTUAL,)))
    result = check(req, [erpnext_budget("200")], ledger, legacy)
    assert result.decision is FundsDecision.PASS
    assert [s.counted for s in result.lines[0].consumption] == [False, False, True]


def test_later_postings_never_block_a_backdated_request_issue_47603() -> None:
    # ERPNext issue #47603: "Ledger already has expense for 15000"; full-year consumption
    # compared with the period-to-date budget blocked a backdated invoice.
    budget = erpnext_budget("120000")
    later = [actual("15000", dt.date(2026, 9, 1)), actual("45000", dt.date(2026, 11, 1))]
    ytd = ControlPolicy.uniform(StagePolicy(basis=Basis.YEAR_TO_DATE))
    backdated = request("30000", day=dt.date(2026, 3, 31))
    result = check(backdated, [budget], later, ytd, as_of=dt.date(2026, 12, 1))
    assert result.decision is FundsDecision.PASS
    assert result.lines[0].limit == D("30000.00")  # 3 months of 10,000
    assert "BUDGET.LATER_POSTINGS_EXCLUDED" in {r.code for r in result.reasons}
    # On an annual basis the later postings do count.
    annual = check(request("70000", day=dt.date(2026, 3, 31)), [budget], later)
    assert annual.decision is FundsDecision.BLOCKED


def test_period_total_and_linear_bases() -> None:
    budget = erpnext_budget("1200")
    ledger = [
        actual("50", dt.date(2026, 1, 20)),
        actual("30", dt.date(2026, 3, 1)),
        actual("7", dt.date(2026, 3, 20)),
    ]
    period = check(
        request("30", day=dt.date(2026, 3, 10)),
        [budget],
        ledger,
        ControlPolicy.uniform(StagePolicy(basis=Basis.PERIOD)),
    )
    line = period.lines[0]
    assert (line.limit, line.consumed, line.window) == (
        D("100.00"),
        D("37.00"),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    )
    linear = check(
        request("1", day=dt.date(2026, 3, 10)),
        [budget],
        ledger,
        ControlPolicy.uniform(StagePolicy(basis=Basis.LINEAR)),
    )
    line = linear.lines[0]
    # 1,200 × 69 days (1 Jan to 10 Mar) / 365 = 226.849... -> 226.85; postings to 10 March only.
    assert (line.limit, line.consumed) == (D("226.85"), D("80.00"))
    assert "BUDGET.LATER_POSTINGS_EXCLUDED" in {r.code for r in linear.reasons}
    two_years = Budget(ACCOUNT, D(1000), "USD", dt.date(2026, 1, 1), dt.date(2027, 12, 31), CC)
    prior = [actual("700", dt.date(2026, 6, 1))]
    total = check(
        request("400", day=dt.date(2027, 2, 1)),
        [two_years],
        prior,
        ControlPolicy.uniform(StagePolicy(basis=Basis.TOTAL)),
    )
    assert (total.lines[0].limit, total.lines[0].consumed, total.decision) == (
        D("1000.00"),
        D("700.00"),
        FundsDecision.BLOCKED,
    )
    annual = check(request("400", day=dt.date(2027, 2, 1)), [two_years], prior)
    first = check(request("1", day=dt.date(2026, 2, 1)), [two_years], prior)
    # Each fiscal year gets its 12 of the 24 monthly rows, which sum to the budget.
    assert annual.lines[0].limit + first.lines[0].limit == D("1000.00")
    assert abs(annual.lines[0].limit - D(500)) <= D("0.12")
    assert annual.decision is FundsDecision.PASS and annual.lines[0].consumed == 0


def test_released_budget_and_statuses() -> None:
    released = erpnext_budget("1000", released=D(300))
    policy = ControlPolicy.uniform(StagePolicy(against=Against.RELEASED))
    assert check(request("301"), [released], (), policy).decision is FundsDecision.BLOCKED
    assert check(request("301"), [released]).decision is FundsDecision.PASS
    closed = erpnext_budget("1000", status=BudgetStatus.CLOSED)
    held = erpnext_budget("1000", status=BudgetStatus.ON_HOLD)
    owner = ControlPolicy(override_roles=["budget_owner"])
    result = check(request("1"), [closed], (), owner, roles=["budget_owner"])
    assert result.decision is FundsDecision.BLOCKED and not result.overridable
    assert result.reasons[-1].code == "BUDGET.CLOSED"
    result = check(request("1"), [held], (), owner)
    assert result.decision is FundsDecision.BLOCKED and result.overridable
    assert result.override_roles == ("budget_owner",)
    result = check(request("1"), [held], (), owner, roles=["budget_owner"])
    assert result.decision is FundsDecision.PASS_WITH_WARNING and result.override_applied
    assert result.reasons[-1].code == "BUDGET.OVERRIDE_APPLIED"
    assert check(request("-1"), [closed]).decision is FundsDecision.PASS


def test_override_roles_turn_a_tolerance_block_into_a_warning() -> None:
    policy = ControlPolicy(override_roles=["budget_owner", "cfo"])
    blocked = check(request("250000"), [erpnext_budget()], (), policy, roles=["clerk"])
    assert blocked.decision is FundsDecision.BLOCKED and blocked.overridable
    assert "may override" in blocked.reasons[0].message
    allowed = check(request("250000"), [erpnext_budget()], (), policy, roles=["cfo"])
    assert allowed.decision is FundsDecision.PASS_WITH_WARNING and allowed.override_applied


def test_tolerance_rules_highest_first_either_both_and_actions() -> None:
    rules = [
        ToleranceRule(Action.INFO, usage=D("0.5")),
        ToleranceRule(Action.WARN, usage=D("0.8")),
        ToleranceRule(Action.BLOCK, usage=D("1.1"), over_amount=D(50), combine=Combine.EITHER),
    ]
    policy = ControlPolicy.uniform(StagePolicy(rules=rules))
    budget = erpnext_budget("1000")
    outcomes = {}
    for amount in ("400", "600", "900", "1050", "1051"):
        result = check(request(amount), [budget], (), policy)
        outcomes[amount] = (result.decision, result.lines[0].triggered)
    assert outcomes["400"] == (FundsDecision.PASS, None)
    assert outcomes["600"] == (FundsDecision.PASS, rules[0])
    assert outcomes["900"] == (FundsDecision.PASS_WITH_WARNING, rules[1])
    assert outcomes["1050"] == (
        FundsDecision.PASS_WITH_WARNING,
        rules[1],
    )  # 1,050 = limit + 50, inclusive
    assert outcomes["1051"] == (FundsDecision.BLOCKED, rules[2])
    both = ToleranceRule(
        Action.BLOCK, usage=D("1.1"), over_amount=D(50), combine=Combine.BOTH, name="hard stop"
    )
    assert both.threshold(D(1000)) == D(1100) and both.label == "hard stop"
    result = check(request("1100"), [budget], (), ControlPolicy.uniform(StagePolicy(rules=[both])))
    assert result.decision is FundsDecision.PASS
    assert "limit + 50" in ToleranceRule(Action.WARN, over_amount=D(50)).label
    assert " and " in ToleranceRule(Action.WARN, usage=1, over_amount=1, combine=Combine.BOTH).label
    # Already over before this request: said so.
    over = check(request("10"), [budget], [actual("1200", dt.date(2026, 1, 5))])
    assert "BUDGET.ALREADY_EXCEEDED" in {r.code for r in over.reasons}


def test_strongest_action_wins_when_a_lower_rule_blocks() -> None:
    # A misordered configuration (block at 90 %, warn at 110 %): more consumption must not weaken it.
    rules = [
        ToleranceRule(Action.BLOCK, usage=D("0.9")),
        ToleranceRule(Action.WARN, usage=D("1.1")),
    ]
    policy = ControlPolicy.uniform(StagePolicy(rules=rules))
    result = check(request("1200"), [erpnext_budget("1000")], (), policy)
    assert result.decision is FundsDecision.BLOCKED and result.lines[0].triggered == rules[0]


def test_no_rules_only_tracks() -> None:
    policy = ControlPolicy.uniform(StagePolicy(rules=()))
    result = check(request("5000"), [erpnext_budget("1000")], (), policy)
    assert result.decision is FundsDecision.PASS
    assert result.lines[0].available_after == D("-4000.00")
    assert result.reasons[-1].code == "BUDGET.TRACKED"


@pytest.mark.parametrize(
    ("mode", "amount", "decision"),
    [
        (MissingBudget.NOT_CONTROLLED, "10", FundsDecision.NOT_CONTROLLED),
        (MissingBudget.WARN, "10", FundsDecision.PASS_WITH_WARNING),
        (MissingBudget.BLOCK, "10", FundsDecision.BLOCKED),
        (MissingBudget.BLOCK, "-10", FundsDecision.PASS_WITH_WARNING),
        (MissingBudget.NOT_CONTROLLED, "-10", FundsDecision.NOT_CONTROLLED),
        (MissingBudget.ZERO, "-10", FundsDecision.PASS),
    ],
)
def test_lines_without_a_budget(mode: MissingBudget, amount: str, decision: FundsDecision) -> None:
    policy = ControlPolicy.uniform(StagePolicy(missing_budget=mode))
    result = check(request(amount, account="9999"), [erpnext_budget()], (), policy)
    assert result.decision is decision
    assert result.lines[0].budget == "" and result.lines[0].account == "9999"


def test_zero_budget_counts_the_same_key_and_explains() -> None:
    policy = ControlPolicy.uniform(
        StagePolicy(
            missing_budget=MissingBudget.ZERO, rules=[ToleranceRule(Action.BLOCK, over_amount=100)]
        )
    )
    ledger = [
        LedgerEntry("9999", Stage.ACTUAL, D(60), "USD", dt.date(2026, 2, 1), CC),
        LedgerEntry("9999", Stage.ACTUAL, D(1000), "USD", dt.date(2025, 2, 1), CC),  # another year
        LedgerEntry("9999", Stage.ACTUAL, D(10), "EUR", dt.date(2026, 2, 1), CC),
    ]
    ok = check(request("26", account="9999"), [erpnext_budget()], ledger, policy, rates=RATES)
    assert ok.decision is FundsDecision.PASS and ok.lines[0].consumed == D("73.00")
    assert ok.reasons[-1].code == "BUDGET.WITHIN_LIMIT"
    over = check(request("28", account="9999"), [erpnext_budget()], ledger, policy, rates=RATES)
    assert over.decision is FundsDecision.BLOCKED
    with pytest.raises(CurrencyMismatchError, match="ledger"):
        check(request("1", account="9999"), [erpnext_budget()], ledger, policy)
    room = headroom(
        request("1", account="9999"),
        budgets=[erpnext_budget()],
        ledger=ledger,
        policy=policy,
        as_of=MARCH,
        rates=RATES,
    )
    assert room.amount == D("27.00")


def test_missing_account_actions_and_reductions() -> None:
    line = SpendLine(" ", D(5), "USD")
    for action, decision in [
        (Action.BLOCK, FundsDecision.BLOCKED),
        (Action.WARN, FundsDecision.PASS_WITH_WARNING),
        (Action.INFO, FundsDecision.PASS),
    ]:
        policy = ControlPolicy(missing_account=action)
        assert (
            check(SpendRequest((line,), MARCH), [erpnext_budget()], (), policy).decision is decision
        )
    credit = SpendRequest((SpendLine("", D(-5), "USD"),), MARCH)
    result = check(credit, [erpnext_budget()])
    assert result.decision is FundsDecision.PASS_WITH_WARNING
    assert [r.code for r in result.lines[0].reasons] == [
        "BUDGET.MISSING_ACCOUNT",
        "BUDGET.REDUCTION",
    ]


def test_foreign_currency_without_a_budget_rate_blocks_and_is_explained() -> None:
    result = check(request("10", currency="EUR"), [erpnext_budget()])
    assert result.decision is FundsDecision.BLOCKED
    assert "BUDGET.MISSING_FX_RATE" in {r.code for r in result.reasons}
    assert check(request("-10", currency="EUR"), [erpnext_budget()]).decision is FundsDecision.PASS
    with pytest.raises(CurrencyMismatchError, match=r"ledger\[0\].currency"):
        check(
            request("1"),
            [erpnext_budget()],
            [LedgerEntry(ACCOUNT, Stage.ACTUAL, D(1), "JPY", MARCH, CC)],
        )


def test_ledger_in_another_currency_converts_at_the_budget_rate() -> None:
    ledger = [LedgerEntry(ACCOUNT, Stage.ACTUAL, D(100), "EUR", MARCH, CC)]
    result = check(request("1"), [erpnext_budget()], ledger, rates=RATES)
    assert result.lines[0].consumed == D("130.00")


def test_converted_amounts_are_rounded_once_to_the_budget_currency() -> None:
    # 400 of 1,000 USD used; 461.54 EUR x 1.30 = 600.002 USD, posted as 600.00 USD (half
    # up): exactly the 600.00 available, which an inclusive limit allows. Unrounded, the
    # check read "total after 1,000.00 USD > threshold 1,000.00 USD; exceeded by 0.00".
    ledger = [actual("400", dt.date(2026, 1, 5))]
    budget = erpnext_budget("1000")
    result = check(request("461.54", currency="EUR"), [budget], ledger, rates=RATES)
    line = result.lines[0]
    assert result.decision is FundsDecision.PASS
    assert (line.this_request, line.available_after) == (D("600.00"), D("0.00"))
    assert "= 600.00 USD (rounded once, ROUND_HALF_UP)" in result.reasons[1].message
    # The rounding mode is a named option: rounding up charges 600.01 USD, which blocks.
    up = check(
        request("461.54", currency="EUR"), [budget], ledger, rates=RATES, rounding="ROUND_UP"
    )
    assert up.decision is FundsDecision.BLOCKED
    assert up.lines[0].available_after == D("-0.01")
    # Ledger entries convert one by one: 3 x (0.01 EUR x 1.30 = 0.013 -> 0.01 USD) = 0.03 USD.
    cents = [LedgerEntry(ACCOUNT, Stage.ACTUAL, D("0.01"), "EUR", MARCH, CC)] * 3
    assert check(request("1"), [budget], cents, rates=RATES).lines[0].consumed == D("0.03")
    with pytest.raises(InvalidInputError, match=r"rounding must be one of the decimal\.ROUND_"):
        check(request("1"), [budget], rounding="half_up")


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_the_figures_of_a_line_add_up_to_the_cent(kwargs: dict[str, Any]) -> None:
    # available before = limit - consumed; available after = available before - this
    # request, exactly, with the figures shown (amounts in the strategies have cents).
    result = check_budget(kwargs["request"], **{k: v for k, v in kwargs.items() if k != "request"})
    for line in result.lines:
        if line.limit is None or line.available_before is None:
            continue
        assert line.available_before == line.limit - line.consumed
        if line.this_request is not None:
            assert line.available_after == line.available_before - line.this_request


def test_group_budgets_pooled_by_default_and_per_node_on_request() -> None:
    # ERPNext edge case 10: siblings can each spend the whole group budget (per node).
    tree = Hierarchy("cost_center", {"CC-11": "CC-10", "CC-12": "CC-10"})
    group = erpnext_budget("100")
    ledger = [actual("80", dt.date(2026, 2, 1), {"cost_center": "CC-11"})]
    sibling = request("50", dims={"cost_center": "CC-12"})
    pooled = check(sibling, [group], ledger, hierarchies=[tree])
    assert pooled.decision is FundsDecision.BLOCKED and pooled.lines[0].consumed == D("80.00")
    per_node = check(
        sibling, [group], ledger, ControlPolicy(rollup=Rollup.PER_NODE), hierarchies=[tree]
    )
    assert per_node.decision is FundsDecision.PASS and per_node.lines[0].consumed == D("0.00")
    accounts = Hierarchy("account", {ACCOUNT: "5"})
    parent = Budget("5", D(100), "USD", *FY26)
    assert check(request("101"), [parent], hierarchies=[accounts]).decision is FundsDecision.BLOCKED
    assert check(request("101"), [parent]).decision is FundsDecision.NOT_CONTROLLED


def test_several_budgets_and_bases_each_get_a_line() -> None:
    cc = erpnext_budget("1000", name="CC budget")
    project = erpnext_budget("100", dimensions={"project": "P1"})
    policy = ControlPolicy.uniform(annual_and_monthly(Action.BLOCK, Action.WARN))
    result = check(request("120", dims={**CC, "project": "P1"}), [cc, project], (), policy)
    assert [(line.budget, line.basis) for line in result.lines] == [
        ("CC budget", Basis.ANNUAL),
        ("CC budget", Basis.YEAR_TO_DATE),
        ("5000 project=P1", Basis.ANNUAL),
        ("5000 project=P1", Basis.YEAR_TO_DATE),
    ]
    assert result.decision is FundsDecision.BLOCKED
    assert result.lines[0].outcome is FundsDecision.PASS
    # The project's year to date (3/12 of 100 = 25) only warns; its annual budget blocks.
    assert [line.outcome for line in result.lines[2:]] == [
        FundsDecision.BLOCKED,
        FundsDecision.PASS_WITH_WARNING,
    ]
    assert "1 of 4 checks block" in result.reasons[0].message


def test_budget_outside_its_validity_does_not_apply() -> None:
    result = check(request("1", day=dt.date(2027, 1, 1)), [erpnext_budget()])
    assert result.decision is FundsDecision.NOT_CONTROLLED


def test_result_does_not_depend_on_the_callers_decimal_context() -> None:
    req = request(M_MARCH + 1)
    budgets = [erpnext_budget()]
    ledger = [actual("12345.675", dt.date(2026, 1, 3))]
    policy = ControlPolicy.uniform(annual_and_monthly(Action.BLOCK, Action.BLOCK))
    expected = check(req, budgets, ledger, policy, rates=RATES)
    room = headroom(req, budgets=budgets, ledger=ledger, policy=policy, as_of=MARCH)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert check(req, budgets, ledger, policy, rates=RATES) == expected
        assert headroom(req, budgets=budgets, ledger=ledger, policy=policy, as_of=MARCH) == room
    assert expected.decision is FundsDecision.BLOCKED


# --------------------------------------------------------------------------- headroom and what_if


def test_headroom_in_the_budget_and_a_foreign_currency() -> None:
    budget = erpnext_budget("1000")
    ledger = [actual("400", dt.date(2026, 1, 5))]
    room = headroom(
        request("1"), budgets=[budget], ledger=ledger, policy=ControlPolicy(), as_of=MARCH
    )
    assert room.amount == D("600.00") and room.basis is Basis.ANNUAL
    exclusive = ControlPolicy.uniform(StagePolicy(boundary=Boundary.EXCLUSIVE))
    room = headroom(request("1"), budgets=[budget], ledger=ledger, policy=exclusive, as_of=MARCH)
    assert room.amount == D("599.99")
    room = headroom(
        request("1", currency="EUR"),
        budgets=[budget],
        ledger=ledger,
        policy=ControlPolicy(),
        as_of=MARCH,
        rates=RATES,
    )
    # The budget is charged the converted amount rounded once to the cent (half up):
    # 461.54 EUR x 1.30 = 600.002 -> 600.00 USD fits the 600 available;
    # 461.55 EUR x 1.30 = 600.015 -> 600.02 USD does not.
    assert room.amount == D("461.54")
    assert "461.55 EUR" in room.reasons[0].message


def test_headroom_edge_cases() -> None:
    budget = erpnext_budget("1000")
    kwargs: dict[str, Any] = {
        "budgets": [budget],
        "ledger": (),
        "policy": ControlPolicy(),
        "as_of": MARCH,
    }
    assert headroom(request("1", account="9"), **kwargs).amount is None
    assert (
        headroom(
            request("1"), **{**kwargs, "policy": ControlPolicy(override_roles=["o"])}, roles=["o"]
        ).amount
        is None
    )
    assert headroom(SpendRequest((SpendLine("", D(1), "USD"),), MARCH), **kwargs).amount == 0
    assert (
        headroom(
            request("1", account="9"),
            **{
                **kwargs,
                "policy": ControlPolicy.uniform(StagePolicy(missing_budget=MissingBudget.BLOCK)),
            },
        ).amount
        == 0
    )
    assert headroom(request("1", currency="EUR"), **kwargs).amount == 0
    closed = erpnext_budget("1000", status=BudgetStatus.ON_HOLD)
    assert headroom(request("1"), **{**kwargs, "budgets": [closed]}).amount == 0
    assert (
        headroom(
            request("1"),
            **{**kwargs, "budgets": [closed], "policy": ControlPolicy(override_roles=["o"])},
            roles=["o"],
        ).amount
        is None
    )
    assert (
        headroom(
            request("1"),
            **{
                **kwargs,
                "policy": ControlPolicy.uniform(
                    StagePolicy(rules=[ToleranceRule(Action.WARN, usage=1)])
                ),
            },
        ).amount
        is None
    )
    two = SpendRequest(
        (SpendLine(ACCOUNT, D(1), "USD", CC), SpendLine(ACCOUNT, D(1), "EUR", CC)), MARCH
    )
    assert headroom(two, **kwargs).amount == 0  # the EUR line blocks whatever the first carries
    assert headroom(two, **kwargs, line=1, rates=RATES).amount == D(
        "768.46"
    )  # (1000 - 1) / 1.3 = 768.4615...
    with pytest.raises(InvalidInputError, match="line"):
        headroom(two, **kwargs, line=2)
    with pytest.raises(TypeError, match="line"):
        headroom(two, **kwargs, line=True)


def test_what_if_reserves_passes_in_order() -> None:
    budget = erpnext_budget("100")
    drafts = [request(amount, stage=Stage.ORDER) for amount in ("60", "50", "40", "-20", "20")]
    batch = what_if(drafts, budgets=[budget], ledger=(), policy=ControlPolicy(), as_of=MARCH)
    assert [c.decision for c in batch.checks] == [
        FundsDecision.PASS,
        FundsDecision.BLOCKED,
        FundsDecision.PASS,
        FundsDecision.PASS,
        FundsDecision.PASS,
    ]
    assert (batch.passed, batch.warned, batch.blocked) == (4, 0, 1)
    assert batch.checks[-1].lines[0].consumption[1].amount == D("80.00")
    assert "5 drafts" in batch.explain()
    warn = ControlPolicy.uniform(StagePolicy(rules=[ToleranceRule(Action.WARN, usage=1)]))
    stream = iter_what_if(iter(drafts[:2]), budgets=[budget], ledger=(), policy=warn, as_of=MARCH)
    assert [c.decision for c in stream] == [FundsDecision.PASS, FundsDecision.PASS_WITH_WARNING]
    # A reservation in a currency the budget has no rate for is not counted (it was a reduction).
    credits = [request("-5", currency="JPY"), request("100")]
    assert (
        what_if(credits, budgets=[budget], ledger=(), policy=ControlPolicy(), as_of=MARCH).blocked
        == 0
    )
    with pytest.raises(TypeError, match=r"request must be a SpendRequest"):
        list(iter_what_if([1], budgets=[budget], ledger=(), policy=ControlPolicy(), as_of=MARCH))


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(st.one_of(scenarios(), within_scenarios()), entries)
def test_adding_consumption_never_turns_a_block_into_a_pass(
    kwargs: dict[str, Any], extra: LedgerEntry
) -> None:
    """More consumption unrelated to the request never turns a block into a pass.

    Unrelated: the added entry's reference is not one the request relieves. An
    entry of a commitment the request relieves is not more consumption for it
    but more cover: an invoice can come within its (now larger) order and pass
    as ``BUDGET.WITHIN_COMMITMENT``, so such entries lose their reference here.
    """
    assume(extra.amount > 0)
    kwargs = dict(kwargs)
    req = kwargs.pop("request")
    if extra.reference in req.relieves:
        extra = attrs.evolve(extra, reference="")
    before = check_budget(req, **kwargs)
    kwargs["ledger"] = (*kwargs["ledger"], extra)
    after = check_budget(req, **kwargs)
    if before.decision is FundsDecision.BLOCKED:
        assert after.decision is FundsDecision.BLOCKED


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_a_reduction_never_blocks(kwargs: dict[str, Any]) -> None:
    kwargs = dict(kwargs)
    req = kwargs.pop("request")
    lines = tuple(attrs.evolve(line, amount=-abs(line.amount)) for line in req.lines)
    result = check_budget(attrs.evolve(req, lines=lines), **kwargs)
    assert result.decision is not FundsDecision.BLOCKED


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_splitting_a_line_on_the_same_key_gives_the_same_decision(
    kwargs: dict[str, Any], data: st.DataObject
) -> None:
    kwargs = dict(kwargs)
    req = kwargs.pop("request")
    index = data.draw(st.integers(0, len(req.lines) - 1))
    line = req.lines[index]
    part = data.draw(
        st.decimals(
            min_value=-5000, max_value=5000, places=2, allow_nan=False, allow_infinity=False
        )
    )
    pieces = (attrs.evolve(line, amount=part), attrs.evolve(line, amount=line.amount - part))
    split = attrs.evolve(req, lines=(*req.lines[:index], *pieces, *req.lines[index + 1 :]))
    whole = check_budget(req, **kwargs)
    parts = check_budget(split, **kwargs)
    assert parts.decision is whole.decision
    assert parts.lines == whole.lines


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_future_postings_never_change_a_period_to_date_check(
    kwargs: dict[str, Any], data: st.DataObject
) -> None:
    kwargs = dict(kwargs)
    req = kwargs.pop("request")
    basis = data.draw(st.sampled_from([Basis.YEAR_TO_DATE, Basis.PERIOD, Basis.LINEAR]))
    stage_policy = StagePolicy(basis=basis, rules=[ToleranceRule(Action.BLOCK, usage=1)])
    kwargs["policy"] = ControlPolicy.uniform(stage_policy)
    before = check_budget(req, **kwargs)
    later = data.draw(st.lists(entries, min_size=1, max_size=4))
    # A posting after the end of the request's quarter is after the end of its
    # month too, and after its date.
    quarter_end = FiscalCalendar().period(req.date, frequency=Frequency.QUARTER).end
    # The later postings carry no reference: a later entry of a commitment the request
    # relieves changes how much of it is open, whatever its date (ERPNext's open order
    # amount - billed_amt ignores dates too); that is relief, not a later posting.
    later = [
        attrs.evolve(e, date=quarter_end + dt.timedelta(days=1 + i), reference="")
        for i, e in enumerate(later)
    ]
    kwargs["ledger"] = (*kwargs["ledger"], *later)
    after = check_budget(req, **kwargs)
    assert after.decision is before.decision
    assert [line.consumed for line in after.lines] == [line.consumed for line in before.lines]


@settings(max_examples=150, deadline=None)
@given(
    budget_sets(),
    st.lists(entries, max_size=5),
    policies,
    st.sampled_from(["USD", "EUR"]),
    st.sampled_from(["6100", "6200"]),
    st.sampled_from([{}, {"cost_center": "CC-1"}, {"cost_center": "CC-11"}]),
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)),
)
def test_headroom_passes_and_one_minor_unit_more_does_not(  # noqa: PLR0917 - hypothesis arguments
    budgets: Any,
    ledger: Any,
    policy: ControlPolicy,
    currency: str,
    account: str,
    dims: Any,
    day: dt.date,
) -> None:
    req = SpendRequest((SpendLine(account, D(1), currency, dims),), day, stage=Stage.ORDER)
    kwargs: dict[str, Any] = {
        "budgets": budgets,
        "ledger": ledger,
        "policy": policy,
        "as_of": day,
        "rates": RATES,
        "hierarchies": [Hierarchy("cost_center", {"CC-11": "CC-1"})],
    }
    room = headroom(req, **kwargs)
    if room.amount is None:
        big = check_budget(
            attrs.evolve(req, lines=(attrs.evolve(req.lines[0], amount=D(10) ** 12),)), **kwargs
        )
        assert big.passed
        return
    at = attrs.evolve(req, lines=(attrs.evolve(req.lines[0], amount=room.amount),))
    assert check_budget(at, **kwargs).passed
    over = attrs.evolve(req, lines=(attrs.evolve(req.lines[0], amount=room.amount + D("0.01")),))
    assert not check_budget(over, **kwargs).passed


@settings(max_examples=100, deadline=None)
@given(requests)
def test_inputs_round_trip_through_json(req: SpendRequest) -> None:
    assert from_json(to_json(req), SpendRequest) == req


# --------------------------------------------------------------------------- input errors


INPUT_ERRORS = [
    (lambda: SpendLine("6000", 1.5, "USD"), TypeError, "amount"),  # type: ignore[arg-type]
    (lambda: SpendLine("6000", D("NaN"), "USD"), InvalidInputError, "amount"),
    (lambda: SpendLine("6000", D(1), "usd"), InvalidInputError, "currency"),
    (lambda: SpendLine(6000, D(1), "USD"), TypeError, "account"),  # type: ignore[arg-type]
    (lambda: SpendLine("6000", D(1), "USD", "cc"), TypeError, "dimensions"),  # type: ignore[arg-type]
    (lambda: SpendLine("6000", D(1), "USD", [("cc",)]), TypeError, "dimensions"),  # type: ignore[list-item]
    (lambda: SpendLine("6000", D(1), "USD", [("", "x")]), InvalidInputError, "name"),
    (lambda: SpendLine("6000", D(1), "USD", [("a", "x"), ("a", "y")]), InvalidInputError, "once"),
    (lambda: SpendLine("6000", D(1), "USD", {"a": 1}), TypeError, "dimensions"),  # type: ignore[dict-item]
    (lambda: SpendRequest((), MARCH), InvalidInputError, "lines"),
    (lambda: SpendRequest(("x",), MARCH), TypeError, r"lines\[0\]"),  # type: ignore[arg-type]
    (lambda: SpendRequest((SpendLine("6000", D(1), "USD"),), "2026-03-15"), TypeError, "date"),  # type: ignore[arg-type]
    (
        lambda: SpendRequest(
            (SpendLine("6000", D(1), "USD"),), dt.datetime(2026, 3, 15, tzinfo=dt.UTC)
        ),
        TypeError,
        "date",
    ),
    (lambda: SpendRequest((SpendLine("6000", D(1), "USD"),), MARCH, stage="po"), ValueError, "po"),
    (lambda: Budget("6000", D(-1), "USD", *FY26), InvalidInputError, "amount"),
    (lambda: Budget("", D(1), "USD", *FY26), InvalidInputError, "account"),
    (lambda: Budget("6000", D(1), "USD", *FY26, released=D(-1)), InvalidInputError, "released"),
    # A limit is never rounded: 100.005 USD is not a budget, it is a typo or a unit price.
    (
        lambda: Budget("6000", D("100.005"), "USD", *FY26),
        InvalidInputError,
        r"amount must be in whole minor units of USD \(at most 2 decimals\): Decimal\('100.005'\)",
    ),
    (
        lambda: Budget("6000", D(100), "JPY", *FY26, released=D("0.5")),
        InvalidInputError,
        r"released must be in whole minor units of JPY \(at most 0 decimals\)",
    ),
    (lambda: Budget("6000", D(1), "USD", *FY26, phasing="equal"), TypeError, "phasing"),  # type: ignore[arg-type]
    (lambda: Budget("6000", D(1), "XXX", *FY26), InvalidInputError, "currency"),
    (lambda: LedgerEntry("6000", "bill", D(1), "USD", MARCH), ValueError, "bill"),
    (lambda: LedgerEntry("6000", Stage.ACTUAL, 1.0, "USD", MARCH), TypeError, "amount"),  # type: ignore[arg-type]
    (lambda: BudgetRate("EUR", "EUR", D(1)), InvalidInputError, "budget_currency"),
    (lambda: BudgetRate("EUR", "USD", D(0)), InvalidInputError, "rate"),
    (lambda: Hierarchy("cc", {"a": "b", "b": "a"}), InvalidInputError, "cycles"),
    (lambda: Hierarchy("cc", [("a", "b"), ("a", "c")]), InvalidInputError, "one parent"),
    (lambda: Hierarchy("cc", "ab"), TypeError, "parents"),  # type: ignore[arg-type]
    (lambda: Hierarchy("cc", [("a",)]), TypeError, "parents"),  # type: ignore[list-item]
    (lambda: ToleranceRule(Action.BLOCK), InvalidInputError, "threshold"),
    (lambda: ToleranceRule(Action.BLOCK, usage=D(-1)), InvalidInputError, "usage"),
    (lambda: ToleranceRule(Action.BLOCK, over_amount=-1), InvalidInputError, "over_amount"),
    (lambda: ToleranceRule(Action.BLOCK, usage=0.9), TypeError, "usage"),  # type: ignore[arg-type]
    (lambda: ToleranceRule(Action.BLOCK, usage=1, name=3), TypeError, "name"),  # type: ignore[arg-type]
    (lambda: ToleranceRule("stop", usage=1), ValueError, "stop"),
    (lambda: StagePolicy(counts="order"), TypeError, "counts"),  # type: ignore[arg-type]
    (lambda: StagePolicy(rules=["x"]), TypeError, r"rules\[0\]"),  # type: ignore[list-item]
    (lambda: ControlPolicy(order={}), TypeError, "order"),  # type: ignore[arg-type]
    (lambda: ControlPolicy(override_roles="cfo"), TypeError, "override_roles"),  # type: ignore[arg-type]
    (lambda: ControlPolicy(override_roles=[1]), TypeError, "override_roles"),  # type: ignore[list-item]
    (
        lambda: SpendRequest((SpendLine("6000", D(1), "USD"),), MARCH, relieves="PO-1"),
        TypeError,
        "relieves",
    ),
    (
        lambda: SpendRequest((SpendLine("6000", D(1), "USD"),), MARCH, relieves=[1]),
        TypeError,
        r"relieves\[0\]",
    ),  # type: ignore[list-item]
    (
        lambda: SpendRequest((SpendLine("6000", D(1), "USD"),), MARCH, relieves=[" "]),
        InvalidInputError,
        r"relieves\[0\]",
    ),
    (
        lambda: SpendRequest((SpendLine("6000", D(1), "USD"),), MARCH, relieves=["a", "a"]),
        InvalidInputError,
        "once",
    ),
]


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        pytest.param(*case, id=f"{i}-{case[1].__name__}-{case[2]}")
        for i, case in enumerate(INPUT_ERRORS)
    ],
)
def test_input_errors(make: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"request": "x"}, TypeError, "request"),
        ({"as_of": "2026-03-15"}, TypeError, "as_of"),
        ({"policy": {}}, TypeError, "policy"),
        ({"calendar": 4}, TypeError, "calendar"),
        ({"budgets": ["x"]}, TypeError, r"budgets\[0\]"),
        ({"budgets": "x"}, TypeError, "budgets"),
        ({"ledger": [1]}, TypeError, r"ledger\[0\]"),
        ({"hierarchies": [1]}, TypeError, r"hierarchies\[0\]"),
        (
            {"hierarchies": [Hierarchy("a", {}), Hierarchy("a", {})]},
            InvalidInputError,
            "one hierarchy",
        ),
        ({"rates": [1]}, TypeError, r"rates\[0\]"),
        ({"rates": [*RATES, *RATES]}, InvalidInputError, "one rate"),
        ({"roles": "cfo"}, TypeError, "roles"),
    ],
)
def test_check_budget_input_errors(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    args: dict[str, Any] = {
        "request": request("1"),
        "budgets": [erpnext_budget()],
        "ledger": (),
        "policy": ControlPolicy(),
        "as_of": MARCH,
        **kwargs,
    }
    with pytest.raises(error, match=match):
        check_budget(args.pop("request"), **args)


def test_stage_policy_and_labels() -> None:
    policy = ControlPolicy.uniform(StagePolicy(), override_roles=["b", "a", "a"])
    assert policy.override_roles == ("a", "b")
    assert policy.for_stage(Stage.REQUISITION) is policy.requisition
    assert policy.for_stage("actual") is policy.actual  # type: ignore[arg-type]
    assert StagePolicy(rules=()).bases() == (Basis.ANNUAL,)
    assert Budget("6000", D(1), "USD", *FY26, {"cost_center": "A"}).label == "6000 cost_center=A"
    assert SpendLine("6000", D(1), "USD", {"project": "P"}).dimension("project") == "P"
    assert SpendLine("6000", D(1), "USD").dimension("project") is None


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def sample_file(tmp_path: Any) -> Any:
    from spendrules.cli._common import sample_text

    path = tmp_path / "check.json"
    path.write_text(sample_text("budget_sample.json"), encoding="utf-8")
    return path


def test_cli_budget_check_text_and_json(sample_file: Any, capsys: Any) -> None:
    assert main(["budget-check", str(sample_file)]) == 0
    out = capsys.readouterr().out
    assert "decision: pass_with_warning" in out and "P-42 equipment" in out
    assert main(["budget-check", str(sample_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"] == "pass_with_warning"
    assert from_json(json.dumps(data), b.BudgetCheck).decision is FundsDecision.PASS_WITH_WARNING
    assert main(["budget-check", str(sample_file), "--headroom"]) == 0
    # 30,000 - 15,000 - 2,500 = 12,500 EUR available; converted amounts round once to the
    # cent: 13,586.96 USD x 0.92 = 12,500.0032 -> 12,500.00 fits, 13,586.97 -> 12,500.01 does not.
    assert "13,586.96 USD" in capsys.readouterr().out
    assert main(["budget-check", str(sample_file), "--headroom", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["headroom"]["amount"] == "13586.96"


def test_cli_reads_standard_input(sample_file: Any, capsys: Any, monkeypatch: Any) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(sample_file.read_text(encoding="utf-8")))
    assert main(["budget-check", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reference"] == "PO-2026-0815"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "input must be a JSON object"),
        ("{}", "input.as_of must be present"),
        ('{"as_of": "2026-01-01", "budgets": [], "request": {}, "colour": 1}', "unknown keys"),
        (
            '{"as_of": "2026-01-01", "budgets": [], "request": {"lines": []}}',
            "invalid SpendRequest",
        ),
        ("{", "valid JSON"),
    ],
)
def test_cli_bad_input_exits_2(tmp_path: Any, capsys: Any, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert main(["budget-check", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_demo_shows_a_check(capsys: Any) -> None:
    from spendrules.cli._budget import demo

    text = demo()
    assert "BudgetCheck" in text and "Headroom" in text
    assert main(["demo"]) == 0
    assert "== Budget checks and approvals ==" in capsys.readouterr().out


def test_json_input_errors_name_the_path() -> None:
    from spendrules.cli._budget import load_check_input

    with pytest.raises(JSONInputError, match="amount"):
        load_check_input(
            {
                "as_of": "2026-01-01",
                "budgets": [{"account": "6000", "amount": 1.5}],
                "request": {
                    "lines": [{"account": "6000", "amount": "1", "currency": "USD"}],
                    "date": "2026-01-01",
                },
            }
        )


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_headroom_edge_holds_for_any_line_of_any_request(
    kwargs: dict[str, Any], data: st.DataObject
) -> None:
    kwargs = dict(kwargs)
    req = kwargs.pop("request")
    index = data.draw(st.integers(0, len(req.lines) - 1))
    room = headroom(req, line=index, **kwargs)

    def with_amount(amount: Decimal) -> SpendRequest:
        lines = list(req.lines)
        lines[index] = attrs.evolve(lines[index], amount=amount)
        return attrs.evolve(req, lines=tuple(lines))

    zero_passes = check_budget(with_amount(D(0)), **kwargs).passed
    if room.amount is None:
        assert check_budget(with_amount(D(10) ** 12), **kwargs).passed
    elif not zero_passes:
        assert room.amount == 0 and room.reasons[0].code == "BUDGET.HEADROOM_NONE"
    else:
        unit = D("0.01")
        assert check_budget(with_amount(room.amount), **kwargs).passed
        assert not check_budget(with_amount(room.amount + unit), **kwargs).passed


@pytest.mark.parametrize("guess", ["0", "3.00", "7.37", "7.38", "7.39", "12.00", "500.00"])
def test_headroom_search_finds_the_edge_from_any_guess(guess: str) -> None:
    # The search behind headroom() must not depend on the analytic guess being exact.
    from spendrules._budget.headroom import _search_edge

    assert _search_edge(lambda amount: amount <= D("7.38"), D(guess), D("0.01")) == D("7.38")


def test_explain_shows_lines_without_a_budget() -> None:
    text = check(request("5", account="9999"), [erpnext_budget()]).explain()
    assert "9999 cost_center=CC-10: not_controlled" in text


# --------------------------------------------------------------------------- relief of commitments
#
# ERPNext issue #36610 (domain notes section 7, item 1): an invoice checked while its own order
# is still open was counted on top of it. The figures are the domain notes' worked explanation
# (section 9.3): annual budget 20,000,000; actual 11,000,000; open PO 0 after relief; this
# document 5,000,000; total 16,000,000 <= limit -> pass; headroom 4,000,000.

BIG = "20000000"
APRIL = dt.date(2026, 4, 2)


def _36610_ledger(order: str = "5000000") -> list[LedgerEntry]:
    return [
        actual("11000000", dt.date(2026, 2, 1)),
        LedgerEntry(ACCOUNT, Stage.ORDER, D(order), "USD", dt.date(2026, 3, 2), CC, "PO-1"),
    ]


def invoice(amount: str, *relieves: str, day: dt.date = APRIL, **kw: Any) -> SpendRequest:
    return attrs.evolve(request(amount, day=day, **kw), reference="PI-1", relieves=relieves)


def test_issue_36610_an_invoice_relieves_its_open_order() -> None:
    budget = erpnext_budget(BIG)
    twice = check(invoice("5000000"), [budget], _36610_ledger())
    assert twice.decision is FundsDecision.BLOCKED  # the defect: 11M + 5M open PO + 5M invoice
    assert twice.lines[0].available_after == D(BIG) - D("11000000") - 2 * D("5000000")
    once = check(invoice("5000000", "PO-1"), [budget], _36610_ledger())
    line = once.lines[0]
    assert once.decision is FundsDecision.PASS
    assert line.consumed == D("11000000.00")
    assert line.relieved == D("5000000.00")
    assert line.available_after == D("4000000.00")  # the notes' headroom 4,000,000
    assert line.usage_after == D("16000000") / D(BIG)
    assert [s.amount for s in line.consumption] == [D(0), D(0), D("11000000")]
    (relief,) = once.relieved
    assert (relief.reference, relief.stage, relief.follow_on) == ("PO-1", Stage.ORDER, "PI-1")
    assert (relief.open_before, relief.amount, relief.open_after) == (D("5000000"),) * 2 + (D(0),)
    reason = once.reasons[1]
    assert reason.code == "BUDGET.RELIEVED"
    assert (reason.fact("relieved"), reason.fact("open_after")) == ("5000000.00", "0.00")
    assert "5,000,000.00 USD" in reason.message and "PO-1" in reason.message
    assert "(after relieving 5,000,000.00 USD)" in line.reasons[0].message
    assert "(after relieving 5,000,000.00)" in line.summary()
    # relieve() is the same relief: checking against the relieved ledger gives the same figures.
    relieved = b.relieve(_36610_ledger(), invoice("5000000", "PO-1"))
    assert [e.amount for e in relieved] == [D("11000000"), D(0)]
    plain = check(invoice("5000000"), [budget], relieved)
    assert (plain.decision, plain.lines[0].consumed, plain.lines[0].available_after) == (
        once.decision,
        line.consumed,
        line.available_after,
    )


def test_relief_is_capped_by_the_invoice_and_by_what_is_open() -> None:
    budget = erpnext_budget(BIG)
    partial = check(invoice("1200000", "PO-1"), [budget], _36610_ledger())
    assert partial.relieved[0].open_after == D("5000000") - D("1200000")
    assert partial.lines[0].consumed == D("11000000") + D("5000000") - D("1200000")
    # An invoice larger than its order relieves the order in full; the excess is new spending.
    larger = check(invoice("7000000", "PO-1"), [budget], _36610_ledger())
    assert larger.relieved[0].amount == D("5000000")
    assert larger.lines[0].available_after == D(BIG) - D("11000000") - D("7000000")
    # A credit note relieves nothing.
    credit = check(invoice("-100", "PO-1"), [budget], _36610_ledger())
    assert credit.relieved == () and credit.reasons[1].code == "BUDGET.NOT_RELIEVED"


def test_relief_never_leaves_a_commitment_below_zero() -> None:
    ledger = [
        LedgerEntry(ACCOUNT, Stage.ORDER, D(1000), "USD", dt.date(2026, 2, 1), CC, "PO-1"),
        LedgerEntry(ACCOUNT, Stage.ORDER, D(-400), "USD", dt.date(2026, 2, 20), CC, "PO-1"),
    ]
    (relief,) = check(invoice("1000", "PO-1"), [erpnext_budget()], ledger).relieved
    assert (relief.open_before, relief.amount) == (D(600), D(600))
    assert sum(e.amount for e in b.relieve(ledger, invoice("1000", "PO-1"))) == 0
    # Whatever the dates: a negative entry dated first is skipped, the positive one relieved.
    earlier = [attrs.evolve(ledger[1], date=dt.date(2026, 1, 20)), ledger[0]]
    assert [e.amount for e in b.relieve(earlier, invoice("1000", "PO-1"))] == [D(-400), D(400)]
    overdrawn = [LedgerEntry(ACCOUNT, Stage.ORDER, D(-100), "USD", MARCH, CC, "PO-1")]
    assert b.relieve(overdrawn, invoice("1000", "PO-1")) == tuple(overdrawn)


def test_relief_stages_order_of_references_and_oldest_entries_first() -> None:
    ledger = [
        LedgerEntry(ACCOUNT, Stage.REQUISITION, D(300), "USD", dt.date(2026, 1, 5), CC, "MR-1"),
        LedgerEntry(ACCOUNT, Stage.ORDER, D(300), "USD", dt.date(2026, 3, 10), CC, "PO-1"),
        LedgerEntry(ACCOUNT, Stage.ORDER, D(200), "USD", dt.date(2026, 2, 1), CC, "PO-1"),
        LedgerEntry(ACCOUNT, Stage.ACTUAL, D(50), "USD", dt.date(2026, 2, 1), CC, "PO-1"),
    ]
    # An invoice relieves orders before requisitions, oldest order entry first; never an actual.
    after = b.relieve(ledger, invoice("600", "MR-1", "PO-1"))
    assert [e.amount for e in after] == [D(300) - (D(600) - D(500)), D(0), D(0), D(50)]
    after = b.relieve(ledger, invoice("250", "PO-1"))
    assert [e.amount for e in after] == [D(300), D(300) - (D(250) - D(200)), D(0), D(50)]
    after = b.relieve(ledger, invoice("150", "PO-1"))
    assert [e.amount for e in after] == [D(300), D(300), D(200) - D(150), D(50)]
    # An order relieves requisitions only; a requisition relieves nothing.
    order = attrs.evolve(invoice("600", "MR-1", "PO-1"), stage=Stage.ORDER)
    assert [e.amount for e in b.relieve(ledger, order)] == [D(0), D(300), D(200), D(50)]
    requisition = attrs.evolve(order, stage=Stage.REQUISITION)
    assert b.relieve(ledger, requisition) == tuple(ledger)
    result = check(requisition, [erpnext_budget()], ledger)
    assert {r.code for r in result.reasons} >= {"BUDGET.NOT_RELIEVED"}
    assert "no earlier document" in result.reasons[1].message


@pytest.mark.parametrize(
    ("follow_on", "why"),
    [
        pytest.param(
            invoice("10", "PO-9"), "holds no requisition or order", id="unknown reference"
        ),
        pytest.param(
            invoice("10", "PO-1", dims={"cost_center": "CC-99"}),
            "other accounts, dimensions or currencies",
            id="another cost centre",
        ),
        pytest.param(
            invoice("10", "PO-1", currency="EUR"),
            "other accounts, dimensions or currencies",
            id="another currency",
        ),
        pytest.param(
            invoice("-10", "PO-1"), "adds no spending there", id="the invoice is a credit"
        ),
    ],
)
def test_a_reference_that_relieves_nothing_is_reported(follow_on: SpendRequest, why: str) -> None:
    result = check(follow_on, [erpnext_budget(BIG)], _36610_ledger(), rates=RATES)
    assert result.relieved == ()
    (reason,) = [r for r in result.reasons if r.code == "BUDGET.NOT_RELIEVED"]
    assert why in reason.message and reason.fact("reference") in reason.message


def test_relief_lands_in_the_period_of_the_commitment() -> None:
    budget = erpnext_budget("120000")
    ledger = [LedgerEntry(ACCOUNT, Stage.ORDER, D(500), "USD", dt.date(2026, 2, 10), CC, "PO-1")]
    ytd = ControlPolicy.uniform(StagePolicy(basis=Basis.YEAR_TO_DATE))
    line = check(invoice("500", "PO-1", day=MARCH), [budget], ledger, ytd).lines[0]
    assert (line.consumed, line.relieved) == (D(0), D(500))
    period = ControlPolicy.uniform(StagePolicy(basis=Basis.PERIOD))
    line = check(invoice("500", "PO-1", day=MARCH), [budget], ledger, period).lines[0]
    assert (line.consumed, line.relieved) == (D(0), D(0))  # February is outside March


def test_headroom_of_an_invoice_includes_the_order_it_relieves() -> None:
    room = headroom(
        invoice("1", "PO-1"),
        budgets=[erpnext_budget(BIG)],
        ledger=_36610_ledger(),
        policy=ControlPolicy(),
        as_of=APRIL,
    )
    assert room.amount == D(BIG) - D("11000000")  # the open order plus the 4,000,000 left
    assert [r.code for r in room.reasons] == ["BUDGET.HEADROOM", "BUDGET.RELIEVED"]
    assert room.reasons[1].fact("relieved") == "5000000.00"


def test_what_if_counts_an_order_and_its_invoice_once() -> None:
    budget = erpnext_budget(BIG)
    po = attrs.evolve(request("5000000", stage=Stage.ORDER, day=MARCH), reference="PO-1")
    booked = _36610_ledger()[:1]
    kwargs: dict[str, Any] = {"budgets": [budget], "policy": ControlPolicy(), "as_of": MARCH}
    chain = what_if([po, invoice("5000000", "PO-1")], ledger=booked, **kwargs)
    assert [c.decision for c in chain.checks] == [FundsDecision.PASS] * 2
    assert chain.checks[1].lines[0].available_after == D("4000000.00")
    assert chain.checks[1].relieved[0].amount == D("5000000")
    # The same invoice checked alone against the ledger with the order posted: same figures.
    alone = check(invoice("5000000", "PO-1"), [budget], _36610_ledger())
    assert chain.checks[1].lines[0] == alone.lines[0]
    # Without relieves the invoice is counted on top of its order (the #36610 defect).
    twice = what_if([po, invoice("5000000")], ledger=booked, **kwargs)
    assert twice.checks[1].decision is FundsDecision.BLOCKED


# --------------------------------------------------------------------------- within the commitment
#
# Domain notes section 7, item 18: an over-committed budget blocks unrelated documents; SAP does not
# re-check a follow-on document within its commitment. #36610's figures, plus unrelated actuals of
# 5,000,000 booked after the order: 11,000,000 + 5,000,000 + the open order 5,000,000 = 21,000,000
# > 20,000,000.

UNRELATED = "5000000"


def _over_ledger() -> list[LedgerEntry]:
    return [*_36610_ledger(), actual(UNRELATED, dt.date(2026, 3, 20))]


def _within(result: b.BudgetCheck) -> list[Any]:
    return [r for r in result.reasons if r.code == "BUDGET.WITHIN_COMMITMENT"]


RECHECK = ControlPolicy.uniform(StagePolicy(recheck_follow_ons=True))


def test_an_invoice_within_its_order_passes_a_budget_others_pushed_over() -> None:
    budget = erpnext_budget(BIG)
    consumed_before = D("11000000") + D("5000000") + D(UNRELATED)
    assert consumed_before > D(BIG)
    # Without relieves the invoice is new spending on an over-committed budget.
    assert check(invoice("5000000"), [budget], _over_ledger()).decision is FundsDecision.BLOCKED
    result = check(invoice("5000000", "PO-1"), [budget], _over_ledger())
    line = result.lines[0]
    assert result.decision is FundsDecision.PASS and line.outcome is FundsDecision.PASS
    assert line.within_commitment and line.triggered is None
    # The figures stay honest: the budget is over, by the unrelated postings alone.
    assert line.consumed == consumed_before - D("5000000")
    assert line.available_after == D(BIG) - consumed_before
    assert line.usage_after == consumed_before / D(BIG)
    (reason,) = _within(result)
    assert reason.severity is Severity.INFO
    assert [reason.fact(f) for f in ("amount", "relieved", "open_commitment", "references")] == [
        "5000000.00",
        "5000000.00",
        "5000000.00",
        "PO-1",
    ]
    assert "5,000,000.00 USD on 5000 cost_center=CC-10" in reason.message
    assert "order PO-1: open 5,000,000.00 USD, relieved 5,000,000.00 USD" in reason.message
    assert "-> pass (within commitment)" in line.summary()
    assert not [r for r in result.reasons if r.code == "BUDGET.OVER_TOLERANCE"]
    # A partial invoice is within its order as well.
    part = check(invoice("1200000", "PO-1"), [budget], _over_ledger())
    assert part.decision is FundsDecision.PASS
    assert _within(part)[0].fact("open_commitment") == "5000000.00"
    # The old behaviour, on request: checked again, and blocked on the unrelated postings.
    again = check(invoice("5000000", "PO-1"), [budget], _over_ledger(), RECHECK)
    assert again.decision is FundsDecision.BLOCKED and not _within(again)
    assert not again.lines[0].within_commitment
    assert again.lines[0].triggered is not None
    assert again.lines[0].available_after == line.available_after


def test_an_invoice_beyond_its_order_is_checked_on_the_excess() -> None:
    budget = erpnext_budget(BIG)
    result = check(invoice("5000001", "PO-1"), [budget], _over_ledger())
    line = result.lines[0]
    assert result.decision is FundsDecision.BLOCKED and not _within(result)
    assert not line.within_commitment and result.relieved[0].amount == D("5000000")
    # Only the excess of 1 is new: the total after is the consumption before relief plus 1.
    consumed_before = D("11000000") + D("5000000") + D(UNRELATED)
    assert line.consumed + line.this_request == consumed_before + 1
    (over,) = [r for r in result.reasons if r.code == "BUDGET.OVER_TOLERANCE"]
    assert D(over.fact("exceeded_by")) == consumed_before + 1 - D(BIG)
    # The same excess on a budget with room passes, as an ordinary check of the total after.
    roomy = check(invoice("5000001", "PO-1"), [budget], _36610_ledger())
    assert roomy.decision is FundsDecision.PASS and not _within(roomy)
    assert roomy.lines[0].available_after == D(BIG) - D("11000000") - D("5000001")
    assert "BUDGET.WITHIN_LIMIT" in {r.code for r in roomy.reasons}


def test_within_commitment_needs_a_commitment_the_check_counts() -> None:
    budget = erpnext_budget("100")
    ledger = [
        actual("90", dt.date(2026, 2, 1)),
        LedgerEntry(ACCOUNT, Stage.ORDER, D(50), "USD", dt.date(2026, 2, 10), CC, "PO-1"),
    ]
    bill = invoice("50", "PO-1", day=MARCH)
    assert check(bill, [budget], ledger).lines[0].within_commitment
    # Invoices that see actuals only (ERPNext's current controller): the order was never
    # consumption for them, so the invoice is new consumption and is checked: 90 + 50 > 100.
    actuals_only = ControlPolicy(actual=StagePolicy(counts=[Stage.ACTUAL]))
    result = check(bill, [budget], ledger, actuals_only)
    assert result.decision is FundsDecision.BLOCKED and not _within(result)
    assert result.lines[0].available_after == D(100) - D(90) - D(50)
    # An order the budget never counted (dated before its validity) is no cover on it either.
    year_2026 = Budget(ACCOUNT, D(100), "USD", *FY26, CC)
    old_order = [
        actual("90", dt.date(2026, 2, 1)),
        LedgerEntry(ACCOUNT, Stage.ORDER, D(50), "USD", dt.date(2025, 12, 10), CC, "PO-1"),
    ]
    result = check(bill, [year_2026], old_order)
    assert result.relieved[0].amount == D(50) and not _within(result)
    assert result.decision is FundsDecision.BLOCKED
    # Any period of the budget counts: the order of February covers the March invoice on a
    # period basis, though its relief lands outside March's window.
    monthly = ControlPolicy.uniform(StagePolicy(basis=Basis.PERIOD))
    march_over = [*ledger, actual("20", dt.date(2026, 3, 1))]  # March's share is 100 / 12
    line = check(bill, [budget], march_over, monthly).lines[0]
    assert line.within_commitment and line.outcome is FundsDecision.PASS
    assert (line.relieved, line.consumed) == (D(0), D(20))


def test_within_commitment_is_judged_on_every_key_of_the_budget() -> None:
    budget = erpnext_budget("100", dimensions=())  # controls every cost centre of the account
    other = {"cost_center": "CC-20"}
    ledger = [
        actual("90", dt.date(2026, 2, 1)),
        LedgerEntry(ACCOUNT, Stage.ORDER, D(50), "USD", dt.date(2026, 2, 10), CC, "PO-1"),
    ]

    def bill(extra: str) -> SpendRequest:
        lines = (SpendLine(ACCOUNT, D(50), "USD", CC), SpendLine(ACCOUNT, D(extra), "USD", other))
        return SpendRequest(lines, MARCH, stage=Stage.ACTUAL, relieves=["PO-1"])

    # 10 more on another cost centre is new spending: checked on the total after,
    # 90 + the order's 50 + 10 > 100, so blocked.
    spending = check(bill("10"), [budget], ledger)
    assert spending.decision is FundsDecision.BLOCKED and not _within(spending)
    assert spending.lines[0].consumed + spending.lines[0].this_request == D(90) + D(50) + D(10)
    # A credit on the other cost centre adds nothing: within the commitment.
    credit = check(bill("-10"), [budget], ledger)
    assert credit.decision is FundsDecision.PASS
    (reason,) = _within(credit)
    assert reason.fact("amount") == "50.00"


def test_within_commitment_passes_a_closed_budget_and_a_line_without_a_rate() -> None:
    ledger = _over_ledger()
    for status in (BudgetStatus.CLOSED, BudgetStatus.ON_HOLD):
        held = erpnext_budget(BIG, status=status)
        assert check(invoice("5000000", "PO-1"), [held], ledger).decision is FundsDecision.PASS
        # Anything beyond the order is an increase, and a closed budget blocks it.
        more = check(invoice("5000001", "PO-1"), [held], ledger)
        assert more.decision is FundsDecision.BLOCKED
    # A credit in a currency without a budget rate changes nothing on that: within commitment.
    lines = (SpendLine(ACCOUNT, D(5000000), "USD", CC), SpendLine(ACCOUNT, D(-10), "JPY", CC))
    mixed = SpendRequest(lines, APRIL, stage=Stage.ACTUAL, relieves=["PO-1"])
    result = check(mixed, [erpnext_budget(BIG)], ledger)
    assert result.decision is FundsDecision.PASS
    assert result.lines[0].this_request is None and result.lines[0].within_commitment
    assert "-> pass (within commitment)" in result.lines[0].summary()


def test_within_commitment_on_a_zero_budget_but_not_where_a_budget_is_required() -> None:
    order = LedgerEntry("9999", Stage.ORDER, D(400), "USD", dt.date(2026, 2, 1), CC, "PO-9")
    unrelated = LedgerEntry("9999", Stage.ACTUAL, D(700), "USD", dt.date(2026, 2, 2), CC)
    bill = invoice("400", "PO-9", account="9999")
    # SAP FM (V24b): no budget is a budget of zero with an absolute variance of 1,000; the order
    # fitted it, the unrelated actual of 700 then took the line to 1,100.
    zero = StagePolicy(
        rules=[ToleranceRule(Action.BLOCK, over_amount=1000)], missing_budget=MissingBudget.ZERO
    )
    result = check(bill, [erpnext_budget()], [order, unrelated], ControlPolicy.uniform(zero))
    assert result.decision is FundsDecision.PASS
    line = result.lines[0]
    assert line.within_commitment and line.budget == "" and line.consumed == D(700)
    assert "zero budget" in _within(result)[0].message
    again = ControlPolicy.uniform(attrs.evolve(zero, recheck_follow_ons=True))
    assert check(bill, [erpnext_budget()], [order, unrelated], again).lines[0].outcome is (
        FundsDecision.BLOCKED
    )
    # Where a budget is required (PeopleSoft E2), its absence is not a matter of consumption.
    required = ControlPolicy.uniform(StagePolicy(missing_budget=MissingBudget.BLOCK))
    result = check(bill, [erpnext_budget()], [order], required)
    assert result.decision is FundsDecision.BLOCKED and not _within(result)


def test_headroom_of_an_invoice_is_at_least_its_open_order() -> None:
    kwargs: dict[str, Any] = {
        "budgets": [erpnext_budget(BIG)],
        "ledger": _over_ledger(),
        "as_of": APRIL,
    }
    room = headroom(invoice("1", "PO-1"), policy=ControlPolicy(), **kwargs)
    assert room.amount == D("5000000.00")  # the open order; nothing is left beyond it
    assert [r.code for r in room.reasons] == [
        "BUDGET.HEADROOM",
        "BUDGET.RELIEVED",
        "BUDGET.WITHIN_COMMITMENT",
    ]
    strict = headroom(invoice("1", "PO-1"), policy=RECHECK, **kwargs).amount
    assert strict is not None and str(strict) == "0.00"  # a zero, not -0.00
    # With room beyond the order, the headroom is the order plus the room (4,000,000).
    roomy = headroom(
        invoice("1", "PO-1"), policy=ControlPolicy(), **{**kwargs, "ledger": _36610_ledger()}
    )
    assert roomy.amount == D(BIG) - D("11000000")


def test_what_if_passes_an_invoice_within_its_reserved_order() -> None:
    budget = erpnext_budget(BIG)
    po = attrs.evolve(request("5000000", stage=Stage.ORDER, day=MARCH), reference="PO-1")
    journal = request(UNRELATED, day=dt.date(2026, 3, 20))
    kwargs: dict[str, Any] = {"budgets": [budget], "as_of": MARCH, "ledger": _36610_ledger()[:1]}
    # The journal is blocked (11 + 5 + 5 > 20), so it is booked as a known overrun below.
    drafts = [po, journal, invoice("5000000", "PO-1"), invoice("1", "PO-1")]
    batch = what_if(drafts, policy=ControlPolicy(override_roles=["cfo"]), roles=["cfo"], **kwargs)
    assert [c.decision for c in batch.checks] == [
        FundsDecision.PASS,
        FundsDecision.PASS_WITH_WARNING,
        FundsDecision.PASS,  # within PO-1
        FundsDecision.PASS_WITH_WARNING,  # PO-1 is fully relieved: 1 of new spending, overridden
    ]
    assert batch.checks[2].lines[0].within_commitment
    assert not batch.checks[3].lines[0].within_commitment
    # Rechecked, the invoice within its order meets the overrun again (and needs the override).
    recheck = ControlPolicy.uniform(StagePolicy(recheck_follow_ons=True), override_roles=["cfo"])
    strict = what_if(drafts, policy=recheck, roles=["cfo"], **kwargs)
    assert strict.checks[2].decision is FundsDecision.PASS_WITH_WARNING
    assert strict.checks[2].override_applied


def test_recheck_follow_ons_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="recheck_follow_ons must be a bool, not int: 1"):
        StagePolicy(recheck_follow_ons=1)  # type: ignore[arg-type]
    assert from_json(to_json(RECHECK), ControlPolicy) == RECHECK


def test_a_blocked_follow_on_relieves_nothing_in_what_if() -> None:
    budget = erpnext_budget("100")
    po1 = attrs.evolve(request("60", stage=Stage.ORDER), reference="PO-1")
    too_big = invoice("120", "PO-1", day=MARCH)  # 120 > 100 even with PO-1 relieved
    po2 = attrs.evolve(request("50", stage=Stage.ORDER), reference="PO-2")
    batch = what_if(
        [po1, too_big, po2], budgets=[budget], ledger=(), policy=ControlPolicy(), as_of=MARCH
    )
    assert [c.decision for c in batch.checks] == [
        FundsDecision.PASS,
        FundsDecision.BLOCKED,
        FundsDecision.BLOCKED,  # PO-1 is still open: 60 + 50 > 100
    ]
    assert batch.checks[2].lines[0].consumed == D(60)


def test_relief_of_an_entry_the_budget_never_counted_does_not_show_on_it() -> None:
    # A JPY order that nets to a reduction passes without a JPY budget rate and is reserved,
    # but the USD budget never counted it; relieving it later changes nothing on that budget.
    other = {"cost_center": "CC-20"}
    order = SpendRequest(
        (SpendLine(ACCOUNT, D(10), "JPY", CC), SpendLine(ACCOUNT, D(-20), "JPY", other)),
        MARCH,
        stage=Stage.ORDER,
        reference="PO-J",
    )
    bill = invoice("10", "PO-J", currency="JPY")
    account_budget = erpnext_budget(dimensions=())  # controls every cost centre of the account
    batch = what_if(
        [order, bill], budgets=[account_budget], ledger=(), policy=ControlPolicy(), as_of=MARCH
    )
    assert batch.checks[0].decision is FundsDecision.PASS
    assert batch.checks[1].relieved[0].amount == D(10)
    assert batch.checks[1].lines[0].relieved == D(0)
    assert batch.checks[1].decision is FundsDecision.BLOCKED  # no JPY budget rate


def test_hierarchy_ancestors_walk_up_to_the_root() -> None:
    # ERPNext edge case 10's tree: CC-11 and CC-12 under CC-10.
    tree = Hierarchy("cost_center", {"CC-11": "CC-10", "CC-12": "CC-10"})
    assert tree.ancestors("CC-11") == ("CC-11", "CC-10")
    assert tree.ancestors("CC-10") == ("CC-10",)


def test_relieve_input_errors() -> None:
    with pytest.raises(TypeError, match="follow_on"):
        b.relieve([], "PI-1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ledger"):
        b.relieve("PO-1", invoice("1", "PO-1"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"ledger\[0\]"):
        b.relieve([1], invoice("1", "PO-1"))  # type: ignore[list-item]
    assert b.relieve(_36610_ledger(), invoice("1")) == tuple(_36610_ledger())


def _bucket_sums(ledger: Any) -> dict[tuple[Any, ...], Decimal]:
    sums: dict[tuple[Any, ...], Decimal] = {}
    for e in ledger:
        key = (e.reference, e.account, e.dimensions, e.currency, e.stage)
        sums[key] = sums.get(key, D(0)) + e.amount
    return sums


@settings(max_examples=300, deadline=None)
@given(st.lists(entries, max_size=8), requests)
def test_relieve_properties(ledger: list[LedgerEntry], follow_on: SpendRequest) -> None:
    after = b.relieve(ledger, follow_on)
    assert len(after) == len(ledger)
    net: dict[tuple[Any, ...], Decimal] = {}
    for line in follow_on.lines:
        key = (line.account, line.dimensions, line.currency)
        net[key] = net.get(key, D(0)) + line.amount
    relieved: dict[tuple[Any, ...], Decimal] = {}
    for old, new in zip(ledger, after, strict=True):
        # Relieving never increases consumption, and touches only the named earlier stages.
        assert new.amount <= old.amount
        assert attrs.evolve(new, amount=old.amount) == old
        if new.amount != old.amount:
            assert old.reference in follow_on.relieves
            stages = list(Stage)
            assert stages.index(old.stage) < stages.index(follow_on.stage)
            assert old.stage in (Stage.REQUISITION, Stage.ORDER)
            key = (old.account, old.dimensions, old.currency)
            relieved[key] = relieved.get(key, D(0)) + old.amount - new.amount
    # Never a bucket made negative (a bucket below zero already is left as it was).
    before_sums, after_sums = _bucket_sums(ledger), _bucket_sums(after)
    for key, amount in after_sums.items():
        assert amount >= 0 or amount == before_sums[key]
    # Never more than the follow-on amount, per key and in total.
    for key, amount in relieved.items():
        assert amount <= max(net[key], D(0))
    assert sum(relieved.values(), D(0)) <= sum((max(v, D(0)) for v in net.values()), D(0))
    if all(line.amount >= 0 for line in follow_on.lines):
        assert sum(relieved.values(), D(0)) <= sum(line.amount for line in follow_on.lines)


@settings(max_examples=150, deadline=None)
@given(st.one_of(scenarios(), within_scenarios()))
def test_checking_a_follow_on_equals_checking_it_against_the_relieved_ledger(
    kwargs: dict[str, Any],
) -> None:
    """The figures always agree; the outcomes agree when follow-ons are rechecked.

    Against the relieved ledger the request relieves nothing, so it cannot be
    within a commitment; with ``recheck_follow_ons`` the direct check applies the
    rules to it too, and the two decisions must be the same.
    """
    kwargs = dict(kwargs)
    req = kwargs.pop("request")
    ledger = tuple(kwargs.pop("ledger"))
    policy = kwargs.pop("policy")
    kwargs["policy"] = _rechecking(policy)
    direct = check_budget(req, ledger=ledger, **kwargs)
    relieved = check_budget(attrs.evolve(req, relieves=()), ledger=b.relieve(ledger, req), **kwargs)
    assert direct.decision is relieved.decision
    assert [(x.consumed, x.available_after, x.outcome) for x in direct.lines] == [
        (x.consumed, x.available_after, x.outcome) for x in relieved.lines
    ]
    default = check_budget(req, ledger=ledger, **{**kwargs, "policy": policy})
    assert [(x.consumed, x.available_after) for x in default.lines] == [
        (x.consumed, x.available_after) for x in relieved.lines
    ]
    assert sum(r.amount for r in direct.relieved) == sum(
        a.amount - c.amount for a, c in zip(ledger, b.relieve(ledger, req), strict=True)
    )


def _rechecking(policy: ControlPolicy) -> ControlPolicy:
    return attrs.evolve(
        policy,
        requisition=attrs.evolve(policy.requisition, recheck_follow_ons=True),
        order=attrs.evolve(policy.order, recheck_follow_ons=True),
        actual=attrs.evolve(policy.actual, recheck_follow_ons=True),
    )


@settings(max_examples=200, deadline=None)
@given(st.one_of(scenarios(), within_scenarios()))
def test_not_rechecking_follow_ons_only_lifts_blocks_within_a_commitment(
    kwargs: dict[str, Any],
) -> None:
    """The default passes all that a recheck passes; any line it passes beyond that is within
    the commitments the request relieves, and a request that relieves nothing is unaffected."""
    kwargs = dict(kwargs)
    req = kwargs.pop("request")
    policy = kwargs.pop("policy")
    default = check_budget(req, policy=policy, **kwargs)
    strict = check_budget(req, policy=_rechecking(policy), **kwargs)
    assert not any(line.within_commitment for line in strict.lines)
    if strict.passed:
        assert default.passed
    for loose, tight in zip(default.lines, strict.lines, strict=True):
        if loose.outcome is not tight.outcome:
            assert loose.within_commitment and loose.outcome is FundsDecision.PASS
        if loose.within_commitment:
            assert default.relieved
            assert "BUDGET.WITHIN_COMMITMENT" in {r.code for r in loose.reasons}
    if not req.relieves:
        assert default == strict


# --------------------------------------------------------------------------- reasons match outcomes


def test_missing_budget_rate_shows_no_made_up_amount() -> None:
    result = check(request("10", currency="EUR"), [erpnext_budget()])
    line = result.lines[0]
    assert result.decision is FundsDecision.BLOCKED and line.outcome is FundsDecision.BLOCKED
    assert (line.this_request, line.available_after, line.usage_after) == (None, None, None)
    assert line.unconverted == ("EUR",)
    assert "this request 0.00" not in line.summary()
    assert "not convertible (no budget rate from EUR to USD)" in line.summary()
    consumption, missing = line.reasons
    assert "0.00 USD; total after" not in consumption.message
    assert "10.00 EUR" in consumption.message and "unknown" in consumption.message
    assert missing.code == "BUDGET.MISSING_FX_RATE" and "10.00 EUR" in missing.message
    assert "this request 0.00" not in result.explain()
    # Part of the request convertible, part not: the total is still unknown.
    mixed = SpendRequest(
        (SpendLine(ACCOUNT, D(10), "USD", CC), SpendLine(ACCOUNT, D(10), "EUR", CC)), MARCH
    )
    assert check(mixed, [erpnext_budget()]).lines[0].this_request is None
    # A credit without a rate still passes as a reduction, and says what it could not convert.
    credit = check(request("-10", currency="EUR"), [erpnext_budget()])
    assert credit.decision is FundsDecision.PASS and credit.lines[0].this_request is None
    assert "-10.00 EUR" in credit.lines[0].reasons[-1].message


def test_an_overridden_block_is_reported_as_a_warning() -> None:
    policy = ControlPolicy(override_roles=["budget_owner", "cfo"])
    blocked = check(request("250000"), [erpnext_budget()], (), policy)
    (tolerance,) = [r for r in blocked.reasons if r.code == "BUDGET.OVER_TOLERANCE"]
    assert tolerance.severity is Severity.ERROR and "' blocks:" in tolerance.message
    allowed = check(request("250000"), [erpnext_budget()], (), policy, roles=["cfo"])
    assert allowed.decision is FundsDecision.PASS_WITH_WARNING and allowed.override_applied
    (tolerance,) = [r for r in allowed.reasons if r.code == "BUDGET.OVER_TOLERANCE"]
    assert tolerance.severity is Severity.WARNING
    assert "blocks:" not in tolerance.message and "would block" in tolerance.message
    assert tolerance.fact("overridden_by") == "cfo" and "role cfo" in tolerance.message
    assert tolerance.fact("exceeded_by") == "50000.00"  # V8: 250,000 on 200,000
    assert not [r for r in allowed.reasons if r.severity is Severity.ERROR]
    held = erpnext_budget(status=BudgetStatus.ON_HOLD)
    released = check(request("1"), [held], (), policy, roles=["budget_owner"])
    (hold,) = [r for r in released.reasons if r.code == "BUDGET.ON_HOLD"]
    assert hold.severity is Severity.WARNING and "role budget_owner" in hold.message
    zero = ControlPolicy.uniform(
        StagePolicy(missing_budget=MissingBudget.ZERO), override_roles=["cfo"]
    )
    unbudgeted = check(request("5", account="9999"), [erpnext_budget()], (), zero, roles=["cfo"])
    (tolerance,) = [r for r in unbudgeted.reasons if r.code == "BUDGET.OVER_TOLERANCE"]
    assert tolerance.severity is Severity.WARNING and "would block" in tolerance.message
    assert unbudgeted.decision is FundsDecision.PASS_WITH_WARNING


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_a_check_that_does_not_block_carries_no_error_reason(kwargs: dict[str, Any]) -> None:
    kwargs = dict(kwargs)
    result = check_budget(kwargs.pop("request"), **kwargs)
    errors = [r for r in result.reasons if r.severity is Severity.ERROR]
    assert bool(errors) is (result.decision is FundsDecision.BLOCKED)


def test_cli_input_takes_the_rounding_mode_of_converted_amounts() -> None:
    from spendrules.cli._budget import load_check_input

    data = {
        "as_of": "2026-03-02",
        "budgets": [
            {
                "account": "6000",
                "amount": "1000.00",
                "currency": "USD",
                "valid_from": "2026-01-01",
                "valid_to": "2026-12-31",
            }
        ],
        "ledger": [
            {
                "account": "6000",
                "stage": "actual",
                "amount": "400.00",
                "currency": "USD",
                "date": "2026-01-05",
            }
        ],
        "rates": [{"currency": "EUR", "budget_currency": "USD", "rate": "1.30"}],
        "request": {
            "date": "2026-03-02",
            "lines": [{"account": "6000", "amount": "461.54", "currency": "EUR"}],
        },
    }
    kwargs = load_check_input(data)
    assert kwargs["rounding"] == decimal.ROUND_HALF_UP
    # 461.54 EUR x 1.30 = 600.002 USD: 600.00 half up (fits), 600.01 rounded up (blocks).
    assert check_budget(kwargs.pop("request"), **kwargs).decision is FundsDecision.PASS
    kwargs = load_check_input({**data, "rounding": "ROUND_UP"})
    assert check_budget(kwargs.pop("request"), **kwargs).decision is FundsDecision.BLOCKED


def test_a_relieved_foreign_currency_order_counts_as_its_open_amount_converted() -> None:
    """An order of 1,310.72 EUR (1,703.94 USD at 1.30) relieved by a 5.11 EUR invoice.

    What stays open is 1,305.61 EUR, which the budget counts as 1,305.61 × 1.30 =
    1,697.293 -> 1,697.29 USD: the same as a ledger holding the smaller order
    (``relieve``). Subtracting the relief converted on its own (6.643 -> 6.64) from
    the order converted on its own would give 1,697.30, a cent off that ledger.
    """
    day = dt.date(2026, 1, 1)
    budget = Budget("6100", D("10000.00"), "USD", valid_from=day, valid_to=dt.date(2026, 12, 31))
    order = LedgerEntry("6100", Stage.ORDER, D("1310.72"), "EUR", day, reference="PO-1")
    invoice = SpendRequest(
        (SpendLine("6100", D("5.11"), "EUR"),),
        day,
        stage=Stage.ACTUAL,
        reference="PI-1",
        relieves=["PO-1"],
    )
    kwargs: dict[str, Any] = {
        "budgets": [budget],
        "policy": ControlPolicy(),
        "as_of": day,
        "rates": [BudgetRate("EUR", "USD", D("1.30"))],
    }
    direct = check_budget(invoice, ledger=[order], **kwargs)
    (line,) = direct.lines
    orders = {amount.stage: amount.amount for amount in line.consumption}[Stage.ORDER]
    assert orders == D("1697.29")
    assert line.relieved == D("1703.94") - D("1697.29")
    against_relieved = check_budget(
        attrs.evolve(invoice, relieves=()), ledger=b.relieve([order], invoice), **kwargs
    )
    assert [x.consumed for x in against_relieved.lines] == [line.consumed]


def test_budgets_of_consecutive_years_on_one_cell_each_control_their_own_year() -> None:
    cc = {"cost_center": "CC-1"}
    y2026 = Budget(
        "6100", D("1000.00"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31), cc, name="2026"
    )
    y2027 = Budget(
        "6100", D("5000.00"), "USD", dt.date(2027, 1, 1), dt.date(2027, 12, 31), cc, name="2027"
    )
    request = SpendRequest((SpendLine("6100", D("2000.00"), "USD", cc),), dt.date(2027, 3, 1))
    result = check_budget(
        request,
        budgets=[y2026, y2027],
        ledger=[],
        policy=ControlPolicy(),
        as_of=dt.date(2027, 3, 1),
    )
    assert [(line.budget, line.limit) for line in result.lines] == [("2027", D("5000.00"))]
    assert result.decision is FundsDecision.PASS
    overlapping = attrs.evolve(y2027, valid_from=dt.date(2026, 12, 31))
    with pytest.raises(InvalidInputError, match=r"does not overlap budgets\[0\]"):
        check_budget(
            request,
            budgets=[y2026, overlapping],
            ledger=[],
            policy=ControlPolicy(),
            as_of=dt.date(2027, 3, 1),
        )
