"""Benchmark: the economics of payment terms against the obvious float formulas.

Three workloads over synthetic rows, each measured against a hand-written
float version in the same run (rows per second and the ratio):

* ``forgone_discount_rate`` (explicit form, simple and effective);
* ``should_take_discount`` on parsed terms (a decision with reasons);
* ``term_change_impact`` between parsed terms (cash, value, supplier cost, verdict).

The float versions compute the bare formulas, without validation, exact
decimals, rounding to minor units or reasons: the ratio is the price of those.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable
from decimal import Decimal

from spendrules.payment_terms import (
    forgone_discount_rate,
    parse_terms,
    should_take_discount,
    term_change_impact,
)

TERMS = ["net 30", "net 45", "net 60", "net 90", "2/10 net 30", "1/10 net 60", "3/10, 2/30, net 60"]


def _float_forgone(rate: float, early: int, net: int, mode: str) -> float:
    premium = rate / (1 - rate)
    if mode == "effective":
        return (1 + premium) ** (365 / (net - early)) - 1
    return premium * 365 / (net - early)


def _float_take(tiers: list[tuple[float, int]], net: int, cost: float) -> bool:
    return max(_float_forgone(rate, early, net, "simple") for rate, early in tiers) > cost


def _float_impact(
    spend: float, days_from: int, days_to: int, r_b: float, r_s: float
) -> tuple[float, ...]:
    cash = spend * (days_to - days_from) / 365
    value = cash * r_b
    supplier = cash * r_s
    return cash, value, supplier, value - supplier


def _rate(label: str, rows: int, fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    per_second = rows / (time.perf_counter() - start)
    print(f"  {label:<44} {per_second:12,.0f} rows/s")
    return per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    rng = random.Random(2026)
    explicit = []
    for _ in range(rows):
        net = rng.randint(15, 120)
        early = rng.randint(0, net - 1)
        mode = "effective" if rng.random() < 0.5 else "simple"
        explicit.append((Decimal(rng.randint(1, 50)).scaleb(-3), early, net, mode))
    floats = [(float(d), e, n, mode) for d, e, n, mode in explicit]
    parsed = {text: parse_terms(text) for text in TERMS}
    discounted = [parsed[rng.choice(TERMS[4:])] for _ in range(rows)]
    # the same terms as plain numbers for the float version: (rate, deadline days), net days
    plain = {
        id(terms): (
            [(float(t.rate), t.deadline.days) for t in terms.installments[0].discounts],  # type: ignore[union-attr]
            terms.installments[0].due.days,  # type: ignore[union-attr]
        )
        for terms in parsed.values()
    }
    costs = [Decimal(rng.randint(10, 400)).scaleb(-3) for _ in range(rows)]
    pairs = [(rng.choice(TERMS[:4]), rng.choice(TERMS[:4])) for _ in range(rows)]
    spends = [Decimal(rng.randint(10**4, 10**9)).scaleb(-2) for _ in range(rows)]
    net_days = {"net 30": 30, "net 45": 45, "net 60": 60, "net 90": 90}

    print(f"python {platform.python_version()}, {rows} rows per workload")
    print("forgone_discount_rate (explicit form)")
    ours = _rate(
        "spendrules",
        rows,
        lambda: (
            [
                forgone_discount_rate(
                    rate=d,
                    discount_days=e,
                    net_days=n,
                    compounding="effective" if eff else "simple",
                )
                for d, e, n, eff in explicit
            ]
            and None
        ),
    )
    theirs = _rate("float formula", rows, lambda: [_float_forgone(*row) for row in floats] and None)
    print(f"  ratio spendrules/float: {ours / theirs:.3f}")

    print("should_take_discount (parsed terms, with reasons)")
    ours = _rate(
        "spendrules",
        rows,
        lambda: (
            [
                should_take_discount(terms, cost_of_capital=cost)
                for terms, cost in zip(discounted, costs, strict=True)
            ]
            and None
        ),
    )
    theirs = _rate(
        "float formula (every tier, no reasons)",
        rows,
        lambda: (
            [
                _float_take(*plain[id(terms)], float(cost))
                for terms, cost in zip(discounted, costs, strict=True)
            ]
            and None
        ),
    )
    print(f"  ratio spendrules/float: {ours / theirs:.3f}")

    print("term_change_impact (parsed terms, verdict and reasons)")
    ours = _rate(
        "spendrules",
        rows,
        lambda: (
            [
                term_change_impact(
                    annual_spend=spend,
                    currency="USD",
                    current=parsed[a],
                    proposed=parsed[b],
                    cost_of_capital=Decimal("0.08"),
                    supplier_cost_of_capital=Decimal("0.12"),
                )
                for spend, (a, b) in zip(spends, pairs, strict=True)
            ]
            and None
        ),
    )
    theirs = _rate(
        "float formula",
        rows,
        lambda: (
            [
                _float_impact(float(spend), net_days[a], net_days[b], 0.08, 0.12)
                for spend, (a, b) in zip(spends, pairs, strict=True)
            ]
            and None
        ),
    )
    print(f"  ratio spendrules/float: {ours / theirs:.3f}")


if __name__ == "__main__":
    main()
