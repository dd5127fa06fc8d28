"""Benchmark: sequential budget checks with reservation, against re-summing the ledger per check.

Workload: 10,000 budget lines (1,000 cost centres × 10 accounts, fiscal year
2026, equal monthly phasing), an opening ledger of 100,000 postings, and
1,000,000 single-line purchase orders checked in sequence; each order that is
not blocked is reserved, so later orders see it (``iter_what_if``).

Peer: the obvious way, ``check_budget(request, ledger=...)`` on the ledger so
far for every order, which re-sums the whole ledger per check. It is measured
on the first ``--naive`` orders of the same stream (it is quadratic) and
reported per check, with the ratio of the two per-check costs.

Run: ``.venv/bin/python bench/budget_check.py [--checks N] [--naive N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from spendrules.budget import (
    Budget,
    ControlPolicy,
    FundsDecision,
    LedgerEntry,
    SpendLine,
    SpendRequest,
    Stage,
    StagePolicy,
    ToleranceRule,
    check_budget,
    iter_what_if,
)

CENTRES = [f"CC-{n:04d}" for n in range(1000)]
ACCOUNTS = [str(6000 + n) for n in range(10)]
START = dt.date(2026, 1, 1)
AS_OF = dt.date(2026, 12, 31)
POLICY = ControlPolicy.uniform(
    StagePolicy(
        rules=(
            ToleranceRule("warn", usage=Decimal("0.9")),
            ToleranceRule("block", usage=Decimal(1)),
        )
    )
)


def budgets() -> list[Budget]:
    rng = random.Random(7)
    return [
        Budget(
            account,
            Decimal(rng.randrange(50_000, 500_000)),
            "USD",
            START,
            dt.date(2026, 12, 31),
            {"cost_center": centre},
        )
        for centre in CENTRES
        for account in ACCOUNTS
    ]


def opening_ledger(count: int) -> list[LedgerEntry]:
    rng = random.Random(11)
    return [
        LedgerEntry(
            rng.choice(ACCOUNTS),
            rng.choice((Stage.ACTUAL, Stage.ACTUAL, Stage.ORDER)),
            Decimal(rng.randrange(100, 2_000_000)) / 100,
            "USD",
            START + dt.timedelta(days=rng.randrange(365)),
            {"cost_center": rng.choice(CENTRES)},
        )
        for _ in range(count)
    ]


def orders(count: int) -> Iterator[SpendRequest]:
    rng = random.Random(13)
    for number in range(count):
        yield SpendRequest(
            (
                SpendLine(
                    rng.choice(ACCOUNTS),
                    Decimal(rng.randrange(1_000, 500_000)) / 100,
                    "USD",
                    {"cost_center": rng.choice(CENTRES)},
                ),
            ),
            START + dt.timedelta(days=rng.randrange(365)),
            stage=Stage.ORDER,
            reference=f"PO-{number}",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=1_000_000)
    parser.add_argument("--naive", type=int, default=300)
    parser.add_argument("--ledger", type=int, default=100_000)
    args = parser.parse_args()

    lines = budgets()
    ledger = opening_ledger(args.ledger)
    print(f"{len(lines):,} budget lines, {len(ledger):,} opening postings, {args.checks:,} orders")

    started = time.perf_counter()
    decisions: Counter[FundsDecision] = Counter()
    for result in iter_what_if(
        orders(args.checks), budgets=lines, ledger=ledger, policy=POLICY, as_of=AS_OF
    ):
        decisions[result.decision] += 1
    indexed = time.perf_counter() - started
    per_indexed = indexed / args.checks
    print(
        f"indexed sequential checks: {args.checks / indexed:,.0f} checks/s "
        f"({per_indexed * 1e6:,.1f} µs per check, {indexed:,.1f} s, ledger summed once)"
    )
    print("  decisions: " + ", ".join(f"{d.value} {n:,}" for d, n in sorted(decisions.items())))

    grown = list(ledger)
    started = time.perf_counter()
    for request in orders(args.naive):
        result = check_budget(request, budgets=lines, ledger=grown, policy=POLICY, as_of=AS_OF)
        if result.passed:
            line = request.lines[0]
            grown.append(
                LedgerEntry(
                    line.account,
                    request.stage,
                    line.amount,
                    line.currency,
                    request.date,
                    line.dimensions,
                )
            )
    naive = time.perf_counter() - started
    per_naive = naive / args.naive
    print(
        f"re-summing the ledger per check: {args.naive / naive:,.1f} checks/s "
        f"({per_naive * 1e3:,.1f} ms per check over {len(grown):,} postings, first {args.naive:,} orders)"
    )
    print(f"ratio (re-summing / indexed, per check): {per_naive / per_indexed:,.0f}x")


if __name__ == "__main__":
    main()
