"""Contract cases for the funds side of spendrules.budget (approvals: contract_budget_approvals.py).

The scenario strategies here are shared with tests/test_budget_funds.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import budget as b

from contract_support import Call, Case

CURRENCIES = ("USD", "EUR", "JPY", "BHD")
ACCOUNTS = ("6100", "6200")
CENTRES = ("CC-1", "CC-2", "CC-11")
FY = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
RATES = (b.BudgetRate("EUR", "USD", Decimal("1.30")), b.BudgetRate("USD", "EUR", Decimal("0.77")))
HIERARCHY = b.Hierarchy("cost_center", {"CC-11": "CC-1"})
#: References shared by ledger entries and the ``relieves`` of requests, so relief happens.
REFERENCES = ("MR-1", "PO-1", "PO-2")

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
days_2026 = st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2027, 2, 28))
text = st.text(max_size=12)


def money(low: int = -(10**6), high: int = 10**6, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Finite amounts with ``places`` decimals."""
    return st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    )


fractions = st.decimals(
    min_value=0, max_value=Decimal("1.5"), places=3, allow_nan=False, allow_infinity=False
)
dimension_sets = st.sampled_from(
    [(), (("cost_center", "CC-1"),), (("cost_center", "CC-2"),), (("cost_center", "CC-11"),)]
)

calendars = st.builds(b.FiscalCalendar, st.integers(1, 12), st.integers(1, 28))
periods = st.builds(
    lambda start, length: b.Period(start, start + dt.timedelta(days=length)),
    days,
    st.integers(0, 400),
)
phasings = st.one_of(
    st.builds(b.Phasing.equal, frequency=st.sampled_from(b.Frequency)),
    st.builds(b.Phasing.linear, frequency=st.sampled_from(b.Frequency)),
    st.builds(
        b.Phasing.weights,
        st.lists(st.integers(1, 100), min_size=1, max_size=12),
        frequency=st.sampled_from(b.Frequency),
    ),
    st.builds(
        b.Phasing.amounts,
        st.lists(st.integers(0, 100), min_size=1, max_size=12),
        frequency=st.sampled_from(b.Frequency),
    ),
)
lines = st.builds(
    b.SpendLine,
    st.sampled_from((*ACCOUNTS, "")),
    money(-2000, 8000),
    st.sampled_from(("USD", "USD", "EUR")),
    dimension_sets,
)
requests = st.builds(
    b.SpendRequest,
    st.lists(lines, min_size=1, max_size=3).map(tuple),
    days_2026,
    stage=st.sampled_from(b.Stage),
    document_type=text,
    category=text,
    requester=text,
    supplier=text,
    reference=st.sampled_from(REFERENCES) | text,
    relieves=st.lists(st.sampled_from(REFERENCES), unique=True, max_size=2).map(tuple),
)
entries = st.builds(
    b.LedgerEntry,
    st.sampled_from(ACCOUNTS),
    st.sampled_from(b.Stage),
    money(-500, 5000),
    st.sampled_from(("USD", "EUR")),
    days_2026,
    dimension_sets,
    reference=st.sampled_from(REFERENCES) | text,
)
rules = st.builds(
    b.ToleranceRule,
    st.sampled_from(b.Action),
    usage=fractions,
    over_amount=st.none() | money(0, 1000),
    combine=st.sampled_from(b.Combine),
    basis=st.none() | st.sampled_from(b.Basis),
)
stage_policies = st.builds(
    b.StagePolicy,
    counts=st.sets(st.sampled_from(b.Stage)).map(tuple),
    basis=st.sampled_from(b.Basis),
    rules=st.lists(rules, max_size=3).map(tuple),
    boundary=st.sampled_from(b.Boundary),
    against=st.sampled_from(b.Against),
    missing_budget=st.sampled_from(b.MissingBudget),
)
policies = st.builds(
    b.ControlPolicy,
    stage_policies,
    stage_policies,
    stage_policies,
    override_roles=st.lists(st.sampled_from(("owner", "cfo")), max_size=2).map(tuple),
    rollup=st.sampled_from(b.Rollup),
    missing_account=st.sampled_from(b.Action),
)


@st.composite
def budget_sets(draw: st.DrawFn) -> tuple[b.Budget, ...]:
    """1 to 3 USD budgets for 2026 on distinct (account, dimensions) keys."""
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(ACCOUNTS), dimension_sets),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    return tuple(
        b.Budget(
            account,
            draw(money(0, 20000)),
            "USD",
            *FY,
            dimensions,
            phasing=draw(
                st.sampled_from(
                    [
                        b.Phasing.equal(),
                        b.Phasing.linear(),
                        b.Phasing.equal(frequency=b.Frequency.QUARTER),
                    ]
                )
            ),
            released=draw(st.none() | money(0, 20000)),
            status=draw(st.sampled_from([b.BudgetStatus.OPEN] * 4 + list(b.BudgetStatus))),
            name=draw(st.sampled_from(["", "B"])) + str(index),
        )
        for index, (account, dimensions) in enumerate(keys)
    )


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    """Keyword arguments of check_budget (request included) for a consistent small world."""
    return {
        "request": draw(requests),
        "budgets": draw(budget_sets()),
        "ledger": tuple(draw(st.lists(entries, max_size=6))),
        "policy": draw(policies),
        "as_of": draw(days_2026),
        "hierarchies": draw(st.sampled_from([(), (HIERARCHY,)])),
        "rates": RATES,
        "roles": draw(st.sampled_from([(), ("owner",)])),
    }


@st.composite
def relieved_scenarios(draw: st.DrawFn) -> dict[str, object]:
    """A scenario whose request is an invoice relieving an open order on its first line's key."""
    kwargs = draw(scenarios())
    request = kwargs["request"]
    assert isinstance(request, b.SpendRequest)
    first = request.lines[0]
    first = b.SpendLine(first.account, draw(money(1, 8000)), first.currency, first.dimensions)
    request = b.SpendRequest(
        (first, *request.lines[1:]),
        request.date,
        stage=b.Stage.ACTUAL,
        reference="PI-1",
        relieves=("PO-1",),
    )
    order = b.LedgerEntry(
        first.account,
        b.Stage.ORDER,
        draw(money(1, 5000)),
        first.currency,
        draw(days_2026),
        first.dimensions,
        reference="PO-1",
    )
    ledger = list(kwargs["ledger"])  # type: ignore[call-overload]
    ledger.insert(draw(st.integers(0, len(ledger))), order)
    return {**kwargs, "request": request, "ledger": tuple(ledger)}


@st.composite
def within_scenarios(draw: st.DrawFn) -> dict[str, object]:
    """A relieved scenario whose invoice is one line, often no larger than its open order.

    The invoice and its order are dated in 2026, and a budget controls the invoice's key.
    """
    kwargs = draw(relieved_scenarios())
    request = kwargs["request"]
    assert isinstance(request, b.SpendRequest)
    line = request.lines[0]
    day = draw(st.dates(min_value=FY[0], max_value=FY[1]))
    ledger = tuple(
        b.LedgerEntry(
            entry.account,
            entry.stage,
            entry.amount,
            entry.currency,
            day if entry.reference == "PO-1" else entry.date,
            entry.dimensions,
            entry.reference,
        )
        for entry in kwargs["ledger"]  # type: ignore[attr-defined]
    )
    budgets = tuple(kwargs["budgets"])  # type: ignore[call-overload]
    if line.account and all(
        (budget.account, budget.dimensions) != (line.account, line.dimensions) for budget in budgets
    ):
        budgets += (b.Budget(line.account, draw(money(0, 20000)), "USD", *FY, line.dimensions),)
    open_amount = sum(
        (
            entry.amount
            for entry in ledger
            if entry.reference == "PO-1"
            and entry.stage is b.Stage.ORDER
            and (entry.account, entry.dimensions, entry.currency)
            == (line.account, line.dimensions, line.currency)
        ),
        Decimal(0),
    )
    if open_amount > 0 and draw(st.booleans()):
        amount = draw(money(0, 1)) * open_amount
        line = b.SpendLine(
            line.account, amount.quantize(Decimal("0.01")), line.currency, line.dimensions
        )
    request = b.SpendRequest(
        (line,), day, stage=request.stage, reference="PI-1", relieves=request.relieves
    )
    return {**kwargs, "request": request, "ledger": ledger, "budgets": budgets}


def _check(kwargs: dict[str, object]) -> b.BudgetCheck:
    args = dict(kwargs)
    return b.check_budget(args.pop("request"), **args)  # type: ignore[arg-type]


def _headroom(kwargs: dict[str, object]) -> b.Headroom:
    args = dict(kwargs)
    return b.headroom(args.pop("request"), **args)  # type: ignore[arg-type]


def _what_if(kwargs: dict[str, object]) -> b.WhatIf:
    args = dict(kwargs)
    request = args.pop("request")
    return b.what_if([request, request], **args)  # type: ignore[arg-type]


checks = scenarios().map(_check)
line_checks = checks.flatmap(lambda c: st.sampled_from(c.lines))
stage_amounts = st.builds(b.StageAmount, st.sampled_from(b.Stage), money(), st.booleans())
reliefs = st.one_of(
    st.builds(
        b.Relief,
        st.sampled_from(REFERENCES),
        st.sampled_from((b.Stage.REQUISITION, b.Stage.ORDER)),
        st.sampled_from(ACCOUNTS),
        dimension_sets,
        st.sampled_from(("USD", "EUR")),
        money(0, 5000),
        money(0, 5000),
        text,
    ),
    relieved_scenarios()
    .map(_check)
    .map(lambda c: c.relieved)
    .filter(bool)
    .flatmap(st.sampled_from),
)

CASES = [
    Case(b.FiscalCalendar, calendars),
    Case(b.Period, periods),
    Case(b.Phasing, phasings),
    Case(b.SpendLine, lines),
    Case(b.SpendRequest, requests),
    Case(b.Budget, budget_sets().flatmap(st.sampled_from)),
    Case(b.LedgerEntry, entries),
    Case(
        b.Hierarchy,
        st.builds(
            b.Hierarchy,
            st.sampled_from(("cost_center", "account")),
            st.dictionaries(st.sampled_from(CENTRES), st.just("ROOT"), max_size=3),
        ),
    ),
    Case(
        b.BudgetRate,
        st.builds(b.BudgetRate, st.just("EUR"), st.sampled_from(("USD", "JPY")), money(1, 200, 4)),
    ),
    Case(b.ToleranceRule, rules),
    Case(b.StagePolicy, stage_policies),
    Case(b.ControlPolicy, policies),
    Case(b.StageAmount, stage_amounts),
    Case(b.Relief, reliefs),
    Case(b.LineCheck, line_checks),
    Case(b.BudgetCheck, st.one_of(checks, relieved_scenarios().map(_check))),
    Case(b.Headroom, scenarios().map(_headroom)),
    Case(b.WhatIf, scenarios().map(_what_if)),
]

CALLS = [
    Call(
        "budget.check_budget",
        scenarios().map(lambda kw: functools.partial(_check, kw)),
    ),
    Call(
        "budget.headroom",
        scenarios().map(lambda kw: functools.partial(_headroom, kw)),
    ),
    Call(
        "budget.what_if",
        scenarios().map(lambda kw: functools.partial(_what_if, kw)),
    ),
    Call(
        "budget.relieve",
        st.builds(
            lambda ledger, request: functools.partial(b.relieve, ledger, request),
            st.lists(entries, max_size=6).map(tuple),
            requests,
        ),
    ),
    Call(
        "budget.Phasing.allocate",
        st.builds(
            lambda total, count, freq: functools.partial(
                b.Phasing.equal(frequency=freq).allocate,
                total,
                "USD",
                b.FiscalCalendar().periods(dt.date(2026, 1, 1), frequency=freq)[:count],
            ),
            money(-(10**9), 10**9, 4),
            st.integers(1, 12),
            st.sampled_from(b.Frequency),
        ),
    ),
]
