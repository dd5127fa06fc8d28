"""Benchmark: classify_savings over 1,000,000 events (rows per second).

Run: ``python bench/savings_classify.py [--rows N]`` (default N = 1,000,000).

Events come from a pool of 20,000 distinct, seeded-random events (built before the
clock starts) and are classified N times in total under the default policy, so memory
stays flat. The same run times a naive peer: the one-line hard-savings formula
``(B − P1) × Q`` rounded to the cent, with no baseline validation, no counterfactual, no
components, no reasons. The ratio says what the explained, reconciled classification
costs per event over that bare number.
"""

from __future__ import annotations

import argparse
import decimal
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from spendrules.savings import (
    BaselineMethod,
    DemandChange,
    MarketIndex,
    SavingsEvent,
    SavingsPolicy,
    SupplierProposal,
    classify_savings,
)

POOL = 20_000
AS_OF = date(2026, 6, 30)


def make_pool(rng: random.Random) -> list[SavingsEvent]:
    events = []
    methods = list(BaselineMethod)
    for index in range(POOL):
        baseline = Decimal(rng.randint(100, 100_000)) / 100
        new = baseline * Decimal(rng.randint(85, 110)) / 100
        effective = date(2026, 1, 1) + timedelta(days=rng.randint(0, 180))
        proposal = None
        if rng.random() < 0.3:
            proposal = SupplierProposal(
                price=baseline * Decimal(rng.randint(100, 112)) / 100, evidence="letter"
            )
        index_ = None
        if rng.random() < 0.2:
            index_ = MarketIndex(
                base=Decimal(100), current=Decimal(rng.randint(90, 115)), evidence="PPI"
            )
        events.append(
            SavingsEvent(
                item=f"ITEM-{index}",
                currency="USD",
                baseline_price=baseline,
                baseline_method=rng.choice(methods) if rng.random() < 0.2 else methods[0],
                baseline_date=effective - timedelta(days=rng.randint(10, 500)),
                baseline_evidence="PO" if rng.random() < 0.9 else "",
                new_price=new.quantize(Decimal("0.01")),
                effective_date=effective,
                forecast_quantity=Decimal(rng.randint(1, 50_000)),
                baseline_quantity=Decimal(rng.randint(1, 50_000)) if rng.random() < 0.5 else None,
                demand_change=rng.choice(list(DemandChange)),
                proposal=proposal,
                market_index=index_,
            )
        )
    return events


def naive(event: SavingsEvent) -> Decimal:
    """The usual spreadsheet formula: (B − P1) × Q, rounded half up to the cent."""
    return ((event.baseline_price - event.new_price) * event.forecast_quantity).quantize(
        Decimal("0.01"), rounding=decimal.ROUND_HALF_UP
    )


def main(total: int) -> None:
    rng = random.Random(20260115)
    pool = make_pool(rng)
    policy = SavingsPolicy()

    start, cpu = time.perf_counter(), time.process_time()
    checksum = Decimal(0)
    for n in range(total):
        result = classify_savings(pool[n % POOL], policy=policy, as_of=AS_OF)
        checksum += result.finance_view or 0
    rules_seconds = time.perf_counter() - start
    rules_cpu = time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    naive_sum = Decimal(0)
    for n in range(total):
        naive_sum += naive(pool[n % POOL])
    naive_seconds = time.perf_counter() - start
    naive_cpu = time.process_time() - cpu

    print(
        f"classify_savings: {total:,} events in {rules_seconds:.1f} s wall = "
        f"{total / rules_seconds:,.0f} rows/s; {total / rules_cpu:,.0f} rows per CPU second"
    )
    print(
        f"naive (B - P1) x Q: {total:,} events in {naive_seconds:.2f} s wall = "
        f"{total / naive_seconds:,.0f} rows/s; {total / naive_cpu:,.0f} rows per CPU second"
    )
    print(
        "ratio: the explained, reconciled classification costs "
        f"{rules_cpu / naive_cpu:.0f}x the CPU time of the naive formula"
    )
    print(f"checksum: finance views {checksum} vs naive hard savings {naive_sum}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="events to classify")
    main(parser.parse_args().rows)
