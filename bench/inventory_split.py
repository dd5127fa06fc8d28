"""Benchmark: safety stock and the on-hand split over 100,000 SKUs.

Prints rows per second for

* ``review_stock`` (safety stock for a service level + the five-bucket split
  with values and carrying cost): the batch path;
* ``classify_on_hand`` alone, with a precomputed policy;
* ``safety_stock`` alone;
* the same safety stock through stockpyl, when it is installed (it is *not* a
  dependency: ``pip install stockpyl`` to include it), as a ratio.

The stockpyl comparison computes the same quantity both ways: stockpyl's
``newsvendor_normal(h, p, μ, σ, L)`` returns S* = μ(L + 1) + zσ√(L + 1) with
z = Φ⁻¹(p/(p + h)); with h = 1 − α and p = α that is the order-up-to level for
a cycle service level α protecting L + 1 periods, i.e. spendrules'
``safety_stock(Demand(μ, σ), LeadTime(L), review_period=1, service_level=α)``
plus μ(L + 1). The largest absolute difference between the two is printed.

Usage: ``python bench/inventory_split.py [--skus N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from spendrules.inventory import (
    Demand,
    LeadTime,
    StockItem,
    StockPolicy,
    classify_on_hand,
    review_stock,
    safety_stock,
)

AS_OF = date(2026, 3, 31)


def make_items(count: int, seed: int) -> list[StockItem]:
    """Deterministic synthetic SKUs: daily demand, lead times, service levels, lots."""
    rng = random.Random(seed)
    items = []
    for index in range(count):
        mean = Decimal(rng.randint(1, 5_000)) / 10
        sd = (mean * Decimal(rng.randint(5, 80)) / 100).quantize(Decimal("0.01"))
        lot = Decimal(rng.randint(10, 2_000))
        items.append(
            StockItem(
                sku=f"SKU-{index:06d}",
                on_hand=Decimal(rng.randint(-20, 8_000)),
                unit_cost=Decimal(rng.randint(5, 50_000)) / 100,
                currency="USD",
                demand=Demand(mean, sd),
                lead_time=LeadTime(rng.randint(1, 30), Decimal(rng.randint(0, 30)) / 10),
                service_level=Decimal(rng.randint(800, 995)) / 1000,
                order_quantity=lot,
                order_multiple=Decimal(rng.choice((1, 6, 12, 24))),
                holding_rate=Decimal(rng.randint(10, 35)) / 100,
                committed=Decimal(rng.randint(0, 200)),
                on_order=Decimal(rng.choice((0, 0, lot))),
                last_consumption=AS_OF - timedelta(days=rng.randint(0, 500)),
            )
        )
    return items


def timed(label: str, rows: int, work: Callable[[], Any]) -> float:
    """Run ``work`` once; print and return rows per second."""
    start = time.perf_counter()
    work()
    elapsed = time.perf_counter() - start
    rate = rows / elapsed
    print(f"{label:<58} {rows:>8} rows in {elapsed:7.2f} s = {rate:>10,.0f} rows/s")
    return rate


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skus", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20260331)
    args = parser.parse_args()
    items = make_items(args.skus, args.seed)
    rows = len(items)

    reviews: list[Any] = []
    review_rate = timed(
        "review_stock (safety stock + split, values, carrying)",
        rows,
        lambda: reviews.extend(review_stock(item, as_of=AS_OF) for item in items),
    )
    policies = [
        StockPolicy(r.split.safety_target, item.order_quantity, order_multiple=item.order_multiple)
        for r, item in zip(reviews, items, strict=True)
    ]
    timed(
        "classify_on_hand (split only, policy given)",
        rows,
        lambda: [
            classify_on_hand(
                item.on_hand,
                policy=policy,
                demand=item.demand,
                currency=item.currency,
                as_of=AS_OF,
                unit_cost=item.unit_cost,
                holding_rate=item.holding_rate,
                committed=item.committed,
                on_order=item.on_order,
                last_consumption=item.last_consumption,
            )
            for item, policy in zip(items, policies, strict=True)
        ],
    )
    excess = sum(r.split.excess.value for r in reviews)
    print(f"  total excess value over {rows} SKUs: {excess} USD")

    # The quantity both libraries compute: safety stock protecting L + 1 periods, no σL.
    cases = [
        (item.demand.mean, item.demand.sd, int(item.lead_time.mean), item.service_level)
        for item in items
    ]
    ours: list[Decimal] = []
    ours_rate = timed(
        "spendrules safety_stock (Decimal out, review_period=1)",
        rows,
        lambda: ours.extend(
            safety_stock(
                Demand(mean, sd), LeadTime(lead), review_period=1, service_level=level
            ).quantity
            for mean, sd, lead, level in cases
        ),
    )
    if importlib.util.find_spec("stockpyl") is None:
        print("stockpyl is not installed: comparison skipped (pip install stockpyl to include it)")
        return
    from stockpyl.newsvendor import newsvendor_normal

    theirs: list[float] = []

    def run_stockpyl() -> None:
        for mean, sd, lead, level in cases:
            alpha = float(level)
            level_s, _cost = newsvendor_normal(1 - alpha, alpha, float(mean), float(sd), lead)
            theirs.append(float(level_s) - float(mean) * (lead + 1))

    stockpyl_rate = timed("stockpyl newsvendor_normal (float out)", rows, run_stockpyl)
    worst = max(abs(float(a) - b) for a, b in zip(ours, theirs, strict=True))
    print(f"  largest |spendrules − stockpyl| safety stock: {worst:.2e} units")
    print(f"  spendrules / stockpyl throughput ratio: {ours_rate / stockpyl_rate:.2f}")
    print(f"  review_stock / stockpyl throughput ratio: {review_rate / stockpyl_rate:.2f}")


if __name__ == "__main__":
    main()
