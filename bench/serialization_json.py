"""Benchmark: to_json of a payment schedule, with the process's one converter against one per call.

Workload: two typical payment schedules, EUR 1,000.00 on "3/10, 2/30, net 60"
(one line, two discount tiers) and USD 12,345.67 on "30% advance, 70% net 30"
(two lines), each written to JSON N times per round (default 2,000) by ``to_json``.

``to_json`` builds its cattrs converter once per process and reuses it, with
the hooks cattrs generated for each type on first use (and one JSON encoder).
The comparison is what every call cost before: a fresh converter from
``make_converter()`` (the builder behind the shared one) and
``json.dumps(..., ensure_ascii=False)`` of what it unstructures, the exact work
the old ``to_json`` did, N/10 times per round. Both give the same text
(checked). Rounds alternate between the two so both see the same machine load;
each way keeps its best round. Issue 12 asks for a ratio of at least 50x.

Run:  python bench/serialization_json.py [--calls N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from spendrules.payment_terms import PaymentSchedule, parse_terms, schedule
from spendrules.serialization import make_converter, to_json


def _schedules() -> list[PaymentSchedule]:
    return [
        schedule(
            parse_terms("3/10, 2/30, net 60"),
            invoice_date=date(2026, 3, 2),
            amount=Decimal("1000.00"),
            currency="EUR",
        ),
        schedule(
            parse_terms("30% advance, 70% net 30"),
            invoice_date=date(2026, 1, 30),
            amount=Decimal("12345.67"),
            currency="USD",
        ),
    ]


def _per_call(plan: PaymentSchedule) -> str:
    """The old to_json: a new converter (and all its generated hooks) on every call."""
    return json.dumps(make_converter().unstructure(plan), ensure_ascii=False)


def _rate(
    plans: list[PaymentSchedule], calls: int, write: Callable[[PaymentSchedule], str]
) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        for plan in plans:
            write(plan)
    return calls * len(plans) / (time.perf_counter() - started)


def main(calls: int, rounds: int) -> None:
    plans = _schedules()
    for plan in plans:
        if to_json(plan) != _per_call(plan):
            raise SystemExit("the two ways disagree; nothing to compare")
    # The old way gets a tenth of the calls (at least 20): each costs milliseconds.
    slow_calls = max(calls // 10, 20)
    shared = fresh = 0.0
    for _ in range(rounds):
        shared = max(shared, _rate(plans, calls, to_json))
        fresh = max(fresh, _rate(plans, slow_calls, _per_call))
    sizes = ", ".join(f"{len(to_json(plan)):,}" for plan in plans)
    print(f"Python {platform.python_version()}; 2 schedules ({sizes} characters of JSON)")
    print(f"best of {rounds} rounds of {calls * 2:,} and {slow_calls * 2:,} calls")
    print(f"to_json, one converter per process: {shared:12,.0f} calls/s")
    print(f"a fresh converter per call (old):   {fresh:12,.0f} calls/s")
    print(f"ratio shared / per call: {shared / fresh:.0f}x  (target: at least 50x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--calls",
        type=int,
        default=2_000,
        help="to_json calls per schedule and round, shared converter",
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the best of each way counts")
    options = parser.parse_args()
    main(options.calls, options.rounds)
