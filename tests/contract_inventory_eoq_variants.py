"""Contract cases for the EOQ variants of spendrules.inventory (discounts, backorders, EPQ)."""

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
price_breaks = st.builds(inv.PriceBreak, _dec(0, 5_000, 1), _dec("0.01", 500, 2))


@st.composite
def schedules(draw: st.DrawFn) -> list[inv.PriceBreak]:
    """One to four breaks, minimums increasing, prices never rising."""
    count = draw(st.integers(1, 4))
    minimum = draw(_dec(0, 100, 0))
    price = draw(_dec(1, 500, 2))
    rows = []
    for _ in range(count):
        rows.append(inv.PriceBreak(minimum, price))
        minimum += draw(_dec(1, 2_000, 0))
        price = max(price - draw(_dec(0, "0.5", 2)), Decimal("0.01"))
    return rows


_discount_args = {
    "price_breaks": schedules(),
    "order_cost": _dec("0.01", 500, 2),
    "holding_rate": _dec("0.01", 1, 2),
    "currency": currencies,
    "unrounded": st.booleans(),
}
all_units = st.builds(inv.eoq_all_units_discount, _dec(1, 100_000, 0), **_discount_args)
incremental = st.builds(inv.eoq_incremental_discount, _dec(1, 100_000, 0), **_discount_args)
discounts = all_units | incremental

_backorder_args = {
    "order_cost": _dec("0.01", 500, 2),
    "holding_cost": _dec("0.01", 50, 2),
    "backorder_cost": _dec("0.01", 500, 2),
    "currency": currencies,
    "unit_cost": st.none() | _dec(0, 1_000, 2),
    "unrounded": st.booleans(),
}
backorders = st.builds(inv.eoq_with_backorders, _dec(1, 100_000, 0), **_backorder_args)

_production_args = {
    "production_rate": _dec(100_001, 1_000_000, 0),
    "setup_cost": _dec("0.01", 500, 2),
    "holding_cost": _dec("0.01", 50, 2),
    "currency": currencies,
    "unit_cost": st.none() | _dec(0, 1_000, 2),
    "unrounded": st.booleans(),
}
productions = st.builds(inv.economic_production_quantity, _dec(1, 100_000, 0), **_production_args)

CASES = [
    Case(inv.PriceBreak, price_breaks),
    Case(inv.DiscountedEOQ, discounts),
    Case(inv.DiscountRegion, discounts.map(lambda d: d.regions[-1])),
    Case(inv.BackorderEOQ, backorders),
    Case(inv.EconomicProductionQuantity, productions),
]


def _partial(fn: object, *args: object, **kwargs: object) -> st.SearchStrategy[object]:
    return st.builds(functools.partial, st.just(fn), *args, **kwargs)


CALLS = [
    Call(
        "inventory.eoq_all_units_discount",
        _partial(inv.eoq_all_units_discount, _dec(1, 100_000, 0), **_discount_args),
    ),
    Call(
        "inventory.eoq_incremental_discount",
        _partial(inv.eoq_incremental_discount, _dec(1, 100_000, 0), **_discount_args),
    ),
    Call(
        "inventory.eoq_with_backorders",
        _partial(inv.eoq_with_backorders, _dec(1, 100_000, 0), **_backorder_args),
    ),
    Call(
        "inventory.economic_production_quantity",
        _partial(inv.economic_production_quantity, _dec(1, 100_000, 0), **_production_args),
    ),
]

__all__ = ["CALLS", "CASES"]
