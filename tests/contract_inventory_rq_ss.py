"""Contract cases for the (r, Q), (s, S) and base-stock policies of spendrules.inventory."""

from __future__ import annotations

import functools
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import inventory as inv

from contract_support import Call, Case


def _dec(low: str | int, high: str | int, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(low),
        max_value=Decimal(high),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


currencies = st.sampled_from(["USD", "EUR", "JPY", "BHD"])
normal_demands = st.builds(
    inv.Demand, mean=_dec(100, 5_000, 0), sd=_dec(0, 300, 1), period=st.just(inv.TimeUnit.YEAR)
)
poisson_demands = st.builds(
    inv.Demand, mean=_dec("0.2", 12, 1), distribution=st.just(inv.Distribution.POISSON)
)
normal_lead_times = st.builds(
    inv.LeadTime, mean=_dec(1, 6, 0), sd=_dec(0, 1, 1), period=st.just(inv.TimeUnit.MONTH)
)
fixed_lead_times = st.builds(inv.LeadTime, mean=_dec(0, 4, 0))
# p >= 40·h keeps the expected-inventory-level quantile defined (Q·h < p·λ) for these demands.
costs = {
    "holding_cost": _dec("0.1", 2, 2),
    "shortage_cost": _dec(80, 200, 1),
    "order_cost": _dec(1, 100, 0),
    "currency": currencies,
}


def _rq(distribution: str) -> st.SearchStrategy[inv.RQPolicy]:
    if distribution == "poisson":
        return st.builds(inv.rq_policy, poisson_demands, fixed_lead_times, **costs)
    return st.builds(
        inv.rq_policy,
        normal_demands,
        normal_lead_times,
        method=st.sampled_from(inv.RQMethod),
        unrounded=st.booleans(),
        **costs,
    )


rq_policies = _rq("normal") | _rq("poisson")
reorder_points = st.builds(
    inv.optimal_reorder_point,
    _dec(1, 500, 1),
    demand=normal_demands,
    lead_time=normal_lead_times,
    holding_cost=_dec("0.1", 2, 2),
    shortage_cost=_dec(1, 50, 1),
)
ss_policies = st.builds(
    inv.ss_policy,
    poisson_demands,
    fixed_lead_times,
    holding_cost=_dec("0.5", 5, 1),
    shortage_cost=_dec(1, 50, 1),
    order_cost=_dec(1, 60, 0),
    currency=currencies,
    unrounded=st.booleans(),
) | st.builds(
    inv.ss_policy,
    st.builds(inv.Demand, mean=_dec(10, 200, 0), sd=_dec(1, 40, 1)),
    fixed_lead_times,
    holding_cost=_dec("0.5", 5, 1),
    shortage_cost=_dec(1, 50, 1),
    order_cost=_dec(1, 60, 0),
    currency=currencies,
    method=st.just(inv.SSMethod.POWER),
    newsvendor_cap=st.booleans(),
)
base_stocks = st.builds(
    inv.base_stock_level,
    normal_demands | poisson_demands,
    fixed_lead_times,
    review_period=_dec(0, 2, 0),
    holding_cost=_dec("0.1", 5, 2),
    shortage_cost=_dec(1, 50, 1),
    currency=currencies,
    unrounded=st.booleans(),
)

CASES = [
    Case(inv.RQPolicy, rq_policies),
    Case(inv.ReorderPointForQuantity, reorder_points),
    Case(inv.SSPolicy, ss_policies),
    Case(inv.BaseStockLevel, base_stocks),
]


def _partial(fn: object, *args: object, **kwargs: object) -> st.SearchStrategy[object]:
    return st.builds(functools.partial, st.just(fn), *args, **kwargs)


CALLS = [
    Call(
        "inventory.rq_policy",
        _partial(
            inv.rq_policy,
            normal_demands,
            normal_lead_times,
            method=st.sampled_from(inv.RQMethod),
            **costs,
        ),
    ),
    Call(
        "inventory.rq_policy (Poisson)",
        _partial(
            inv.rq_policy, poisson_demands, fixed_lead_times, unrounded=st.just(True), **costs
        ),
    ),
    Call(
        "inventory.optimal_reorder_point (Poisson)",
        _partial(
            inv.optimal_reorder_point,
            _dec(1, 30, 0),
            demand=poisson_demands,
            lead_time=fixed_lead_times,
            holding_cost=_dec("0.1", 2, 2),
            shortage_cost=_dec(1, 50, 1),
            order_cost=_dec(1, 100, 0),
            currency=currencies,
        ),
    ),
    Call(
        "inventory.ss_policy",
        _partial(
            inv.ss_policy,
            poisson_demands,
            fixed_lead_times,
            holding_cost=_dec("0.5", 5, 1),
            shortage_cost=_dec(1, 50, 1),
            order_cost=_dec(1, 60, 0),
            currency=currencies,
            unrounded=st.just(True),
        ),
    ),
    Call(
        "inventory.base_stock_level",
        _partial(
            inv.base_stock_level,
            normal_demands | poisson_demands,
            fixed_lead_times,
            review_period=_dec(0, 2, 0),
            holding_cost=_dec("0.1", 5, 2),
            shortage_cost=_dec(1, 50, 1),
            currency=currencies,
            unrounded=st.just(True),
        ),
    ),
]
