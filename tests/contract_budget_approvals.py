"""Contract cases for approvals, split purchases and purchase decisions (spendrules.budget).

The funds side has its own cases in contract_budget.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from spendrules import budget as b

from contract_support import Call, Case

DAY = dt.date(2026, 3, 2)
RATES = (b.BudgetRate("EUR", "USD", Decimal("1.0837")),)
LEVELS = ("manager", "director", "cfo")
PEOPLE = ("ann", "bob", "carol")
ROLES = ("manager", "director", "clerk")

names = st.text(min_size=1, max_size=8)
money = st.decimals(
    min_value=-5000, max_value=200000, places=2, allow_nan=False, allow_infinity=False
)
positive = st.decimals(
    min_value=Decimal("0.01"), max_value=20000, places=2, allow_nan=False, allow_infinity=False
)
thresholds = st.decimals(
    min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False
)
days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))
role_sets = st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True).map(tuple)


@st.composite
def bands(draw: st.DrawFn, levels: tuple[str, ...] = LEVELS) -> b.ApprovalBand:
    start = draw(st.one_of(st.none(), days))
    end = draw(st.one_of(st.none(), days.filter(lambda d: start is None or d >= start)))
    return b.ApprovalBand(
        draw(st.sampled_from(levels)),
        draw(thresholds),
        document_types=draw(st.sampled_from([(), ("purchase_order",)])),
        categories=draw(st.sampled_from([(), ("lab",), ("lab", "it")])),
        cost_centers=draw(st.sampled_from([(), ("CC-1",)])),
        valid_from=start,
        valid_to=end,
    )


@st.composite
def matrices(draw: st.DrawFn) -> b.ApprovalMatrix:
    count = draw(st.integers(1, 3))
    levels = tuple(
        b.ApprovalLevel(name, roles=draw(role_sets), users=draw(st.sampled_from([(), ("carol",)])))
        for name in LEVELS[:count]
    )
    return b.ApprovalMatrix(
        levels,
        draw(st.lists(bands(LEVELS[:count]), max_size=5)),
        "USD",
        mode=draw(st.sampled_from(b.ApprovalMode)),
        inclusive=draw(st.booleans()),
        self_approval_below=draw(st.one_of(st.none(), positive)),
        name=draw(st.text(max_size=8)),
    )


lines = st.builds(
    b.SpendLine,
    st.just("6100"),
    money,
    st.sampled_from(["USD", "EUR"]),
    st.sampled_from([{}, {"cost_center": "CC-1"}, {"cost_center": "CC-2"}]),
)
requests = st.builds(
    b.SpendRequest,
    st.lists(lines, min_size=1, max_size=3).map(tuple),
    days,
    document_type=st.sampled_from(["", "purchase_order"]),
    category=st.sampled_from(["", "lab", "it"]),
    requester=st.sampled_from(("", *PEOPLE)),
    supplier=st.sampled_from(["", "ACME"]),
    reference=st.sampled_from(["", "PO-1"]),
)
approvers = st.builds(b.Approver, st.sampled_from(PEOPLE), roles=role_sets)


def _route(pair: tuple[b.SpendRequest, b.ApprovalMatrix]) -> b.ApprovalRoute:
    return b.route_approval(pair[0], pair[1], rates=RATES)


routed = st.tuples(requests, matrices()).map(lambda pair: (pair[0], _route(pair)))
routes = routed.map(lambda pair: pair[1])


@st.composite
def approval_calls(draw: st.DrawFn) -> tuple[Any, ...]:
    request, route = draw(routed)
    levels = [step.level for step in route.steps]
    filled = draw(st.lists(st.sampled_from(levels), unique=True)) if levels else []
    history = tuple(b.Approval(draw(st.sampled_from(PEOPLE)), level) for level in filled)
    return (
        draw(approvers),
        request,
        route,
        history,
        draw(st.one_of(st.none(), st.sampled_from(levels))) if levels else None,
        draw(st.booleans()),
    )


def _can(args: tuple[Any, ...]) -> b.ApprovalCheck:
    approver, request, route, history, level, seq = args
    return b.can_approve(approver, request, route, history=history, level=level, in_sequence=seq)


checks = approval_calls().map(_can)

transactions = st.lists(
    st.builds(
        b.Transaction,
        st.integers(0, 99).map(lambda i: f"T{i}"),
        st.dates(min_value=DAY, max_value=DAY + dt.timedelta(days=10)),
        positive,
        st.just("USD"),
        requester=st.sampled_from(PEOPLE),
        supplier=st.sampled_from(["ACME", "Globex"]),
        cost_center=st.sampled_from(["", "CC-1"]),
        category=st.sampled_from(["", "lab"]),
    ),
    max_size=8,
    unique_by=lambda t: t.reference,
)
split_options = st.fixed_dictionaries(
    {
        "threshold": st.decimals(
            min_value=100, max_value=30000, places=0, allow_nan=False, allow_infinity=False
        ),
        "window_days": st.integers(1, 5),
        "group_by": st.sampled_from([(), ("supplier",), ("requester", "supplier")]),
        "near_band": st.one_of(st.none(), st.just(Decimal("0.05"))),
        "min_count": st.integers(2, 3),
        "inclusive": st.booleans(),
    }
)


@st.composite
def findings(draw: st.DrawFn) -> b.SplitFinding:
    """Purchases built to be flagged: 2-5 in two days, each 500-999, under a 1,000 threshold
    (window kind), or spread 30 days apart at 950-999 (near-threshold kind)."""
    near = draw(st.booleans())
    count = draw(st.integers(2, 5))
    low = 950 if near else 500
    amounts = st.decimals(
        min_value=low, max_value=999, places=2, allow_nan=False, allow_infinity=False
    )
    purchases = [
        b.Transaction(
            f"T{i}",
            DAY + dt.timedelta(days=30 * i if near else draw(st.integers(0, 1))),
            draw(amounts),
            "USD",
            requester="ann",
            supplier="ACME",
        )
        for i in range(count)
    ]
    found = b.detect_split_purchases(purchases, threshold=1000, window_days=2)
    return draw(st.sampled_from(found))


supplier_lists = st.builds(
    b.ApprovedSuppliers, st.sampled_from(["", "lab", "it"]), st.lists(names, max_size=3).map(tuple)
)


def _decision_call(
    request: b.SpendRequest,
    matrix: b.ApprovalMatrix,
    recent: list[b.Transaction],
    budget: Decimal,
    listed: bool,
) -> functools.partial[b.PurchaseDecision]:
    return functools.partial(
        b.evaluate_purchase,
        request,
        budgets=(b.Budget("6100", budget, "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
        ledger=(),
        policy=b.ControlPolicy(override_roles=("budget_owner",) if listed else ()),
        matrix=matrix,
        as_of=DAY,
        recent=tuple(recent),
        approved_suppliers=(b.ApprovedSuppliers("lab", ("ACME",)),) if listed else None,
        rates=RATES,
    )


decision_calls = st.builds(
    _decision_call,
    requests,
    matrices(),
    transactions,
    st.decimals(min_value=0, max_value=300000, places=2, allow_nan=False, allow_infinity=False),
    st.booleans(),
)

CASES = [
    Case(
        b.ApprovalLevel,
        st.builds(
            b.ApprovalLevel,
            names,
            roles=role_sets,
            users=st.lists(names, max_size=2, unique=True).map(tuple),
        ),
    ),
    Case(b.ApprovalBand, bands()),
    Case(b.ApprovalMatrix, matrices()),
    Case(
        b.ApprovalStep,
        st.builds(
            b.ApprovalStep,
            st.sampled_from(LEVELS),
            st.integers(1, 3),
            thresholds,
            role_sets,
            st.lists(names, max_size=2).map(tuple),
        ),
    ),
    Case(b.ApprovalRoute, routes),
    Case(b.Approver, approvers),
    Case(b.Approval, st.builds(b.Approval, names, names)),
    Case(b.ApprovalCheck, checks),
    Case(b.Transaction, transactions.filter(bool).flatmap(st.sampled_from)),
    Case(b.SplitFinding, findings()),
    Case(b.ApprovedSuppliers, supplier_lists),
    Case(b.PurchaseDecision, decision_calls.map(lambda call: call())),
]

CALLS = [
    Call(
        "budget.route_approval",
        st.builds(
            functools.partial, st.just(b.route_approval), requests, matrices(), rates=st.just(RATES)
        ),
    ),
    Call(
        "budget.can_approve",
        approval_calls().map(
            lambda a: functools.partial(
                b.can_approve, a[0], a[1], a[2], history=a[3], level=a[4], in_sequence=a[5]
            )
        ),
    ),
    Call(
        "budget.detect_split_purchases",
        st.tuples(transactions, split_options).map(
            lambda pair: functools.partial(b.detect_split_purchases, tuple(pair[0]), **pair[1])
        ),
    ),
    Call("budget.evaluate_purchase", decision_calls),
]
