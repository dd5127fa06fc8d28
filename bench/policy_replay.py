"""Benchmark: replay 100,000 rows of real-looking data under two versions of the agreed policy.

Workload (seeded; ``--rows`` scales every family together, default 100,000):

* 40 % invoices: EUR (80 %), USD (15 %) and JPY (5 %), amounts of 50 to 250,000,
  invoice dates over 2027; 70 % on "the standard terms", the rest on their own
  (``2/10 net 30``, ``1/15 net 45``, ``net 30``, ``net 45 EOM``, ``30% advance, 70% net 30``);
* 30 % savings events: last-price-paid and quote baselines, 20 % with a supplier
  proposal, 10 % signed off by finance, savings of 0 to 20 % on 100 to 50,000 units;
* 20 % SKUs of classes A, B and C without a service target or holding rate of
  their own (the policy's service level by class and carrying rate apply), normal
  demand, lead times of 5 to 40 days, on-hand of 0 to 3 lots;
* 10 % purchase orders against 60 budgets (accounts × cost centres) of 100,000 EUR
  each, 75 % to 88 % consumed by the opening ledger, requests of 1,000 to 25,000 EUR.

The two versions are the bundled example policy (2027.1) and a proposal
(2027.2) that raises the budget warning threshold from 90 % to 95 %, moves the
standard terms from net 60 to net 90, raises the service level of class B from
0.95 to 0.98 and (to exercise the savings path as well) the finance sign-off
threshold from 50,000 to 100,000 EUR.

Printed: the seconds of the replay (wall and CPU), rows per second, the changes per
family, and the checks: every family's totals equal the sum of its changed rows
exactly, and (``--sample``, default 2,000 rows per family) the frames engine gives
the same changes as the scalar engine on a sample. Target (issue 18): under 30 s
for 100,000 rows with the frames engine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import time
from decimal import Decimal

from spendrules import policy as pol
from spendrules.budget import (
    Budget,
    LedgerEntry,
    SpendLine,
    SpendRequest,
    Stage,
)
from spendrules.inventory import Demand, LeadTime, StockItem
from spendrules.savings import (
    BaselineMethod,
    FinanceSignOff,
    SavingsEvent,
    SupplierProposal,
)

OWN_TERMS = ("2/10 net 30", "1/15 net 45", "net 30", "net 45 EOM", "30% advance, 70% net 30")
TARGET_SECONDS = 30


def proposal_text() -> str:
    """The 2027.2 proposal: warn at 95 %, net 90, class B at 0.98, sign-off from 100,000."""
    return (
        pol.example_text()
        .replace('version = "2027.1"', 'version = "2027.2"')
        .replace("usage = 0.9\n", "usage = 0.95\n")
        .replace('{ action = "warn", usage = 0.9 }', '{ action = "warn", usage = 0.95 }')
        .replace('standard_terms = "net 60"', 'standard_terms = "net 90"')
        .replace("B = 0.95", "B = 0.98")
        .replace("signoff_threshold = 50000", "signoff_threshold = 100000")
    )


def _day(rng: random.Random) -> dt.date:
    return dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(365))


def invoices(rng: random.Random, count: int) -> list[pol.ReplayInvoice]:
    out = []
    for index in range(count):
        currency = rng.choices(("EUR", "USD", "JPY"), (80, 15, 5))[0]
        places = 0 if currency == "JPY" else 2
        amount = (
            Decimal(rng.randrange(5000, 25_000_000)).scaleb(-2).quantize(Decimal(1).scaleb(-places))
        )
        terms = None if rng.random() < 0.7 else rng.choice(OWN_TERMS)
        out.append(pol.ReplayInvoice(amount, currency, _day(rng), terms, f"INV-{index}"))
    return out


def events(rng: random.Random, count: int) -> list[SavingsEvent]:
    out = []
    for index in range(count):
        base = Decimal(rng.randrange(100, 10_000)).scaleb(-2)
        new = (base * Decimal(100 - rng.randrange(0, 21)) / 100).quantize(Decimal("0.01"))
        effective = _day(rng)
        quote = rng.random() < 0.3
        out.append(
            SavingsEvent(
                item=f"ITEM-{index}",
                currency="EUR",
                baseline_price=base,
                baseline_method=BaselineMethod.QUOTE if quote else BaselineMethod.LAST_PRICE_PAID,
                baseline_date=effective - dt.timedelta(days=rng.randrange(10, 300)),
                new_price=new,
                effective_date=effective,
                forecast_quantity=Decimal(rng.randrange(100, 50_000)),
                baseline_evidence="PO" if rng.random() < 0.9 else "",
                proposal=SupplierProposal(price=base * Decimal("1.05"), evidence="letter")
                if rng.random() < 0.2
                else None,
                finance_signoff=FinanceSignOff(approver="controller", signed_on=effective)
                if rng.random() < 0.1
                else None,
            )
        )
    return out


def items(rng: random.Random, count: int) -> list[StockItem]:
    out = []
    for index in range(count):
        mean = Decimal(rng.randrange(1, 200))
        lot = Decimal(rng.randrange(10, 2000))
        out.append(
            StockItem(
                sku=f"SKU-{index}",
                on_hand=Decimal(rng.randrange(0, int(lot * 3) + 1)),
                unit_cost=Decimal(rng.randrange(50, 50_000)).scaleb(-2),
                currency="EUR",
                demand=Demand(mean, (mean * Decimal(rng.randrange(10, 80)) / 100)),
                lead_time=LeadTime(rng.randrange(5, 41)),
                order_quantity=lot,
                last_consumption=dt.date(2027, 1, 1) - dt.timedelta(days=rng.randrange(0, 400)),
                item_class=rng.choice("ABC"),
            )
        )
    return out


def budget_context(rng: random.Random) -> tuple[pol.BudgetContext, list[tuple[str, str]]]:
    keys = [(f"6{a:03d}", f"CC-{c}") for a in range(10) for c in range(6)]
    start, end = dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    budgets = [
        Budget(account, Decimal("100000.00"), "EUR", start, end, dimensions=(("cost_center", cc),))
        for account, cc in keys
    ]
    ledger = [
        LedgerEntry(
            account,
            Stage.ACTUAL,
            Decimal(rng.randrange(75_000, 88_001)),
            "EUR",
            dt.date(2027, 1, 10),
            dimensions=(("cost_center", cc),),
            reference=f"PI-{index}",
        )
        for index, (account, cc) in enumerate(keys)
    ]
    return pol.BudgetContext(budgets, ledger), keys


def requests(rng: random.Random, count: int, keys: list[tuple[str, str]]) -> list[SpendRequest]:
    out = []
    for index in range(count):
        account, cc = rng.choice(keys)
        line = SpendLine(
            account,
            Decimal(rng.randrange(1000, 25_001)),
            "EUR",
            dimensions=(("cost_center", cc),),
        )
        out.append(SpendRequest((line,), dt.date(2027, 3, 1), reference=f"PO-{index}"))
    return out


def reconcile(result: pol.PolicyReplay) -> list[str]:
    """Every total against the sum of its changed rows; returns the failures."""
    problems = []

    def per_currency(pairs: list[tuple[str, Decimal]]) -> dict[str, Decimal]:
        sums: dict[str, Decimal] = {}
        for code, amount in pairs:
            sums[code] = sums.get(code, Decimal(0)) + amount
        return sums

    def same(name: str, totals: tuple[pol.CurrencyTotal, ...], pairs: list) -> None:
        if {t.currency: t.amount for t in totals} != per_currency(pairs):
            problems.append(name)

    terms, savings, stock, budget = result.terms, result.savings, result.stock, result.budget
    same(
        "cash released", terms.cash_released, [(c.currency, c.cash_released) for c in terms.changes]
    )
    same(
        "savings change",
        savings.recognised_change,
        [(c.currency, c.change) for c in savings.changes],
    )
    moved = {t.currency: t.amount for t in savings.new_recognised}
    for t in savings.old_recognised:
        moved[t.currency] = moved.get(t.currency, Decimal(0)) - t.amount
    if {k: v for k, v in moved.items() if v} != {
        t.currency: t.amount for t in savings.recognised_change if t.amount
    }:
        problems.append("savings old/new totals")
    same(
        "safety value",
        stock.safety_value_change,
        [(c.currency, c.safety_value_change) for c in stock.changes],
    )
    same("reserve", stock.reserve_change, [(c.currency, c.reserve_change) for c in stock.changes])
    for count in budget.counts:
        delta = sum(c.new_outcome is count.outcome for c in budget.changes) - sum(
            c.old_outcome is count.outcome for c in budget.changes
        )
        if count.new - count.old != delta:
            problems.append(f"budget count {count.outcome.value}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in all (default 100,000)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--engine", default="auto", choices=("auto", "frames", "scalar"))
    parser.add_argument(
        "--sample", type=int, default=2000, help="rows per family compared with the scalar engine"
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    old = pol.loads(pol.example_text())
    new = pol.loads(proposal_text())
    context, keys = budget_context(rng)
    data = {
        "invoices": invoices(rng, args.rows * 4 // 10),
        "events": events(rng, args.rows * 3 // 10),
        "items": items(rng, args.rows * 2 // 10),
        "requests": requests(rng, args.rows // 10, keys),
    }
    rows = sum(len(v) for v in data.values())
    print(f"policy replay: {rows:,} rows ({', '.join(f'{len(v):,} {k}' for k, v in data.items())})")
    print(f"Python {platform.python_version()}, engine {args.engine}")
    wall, cpu = time.perf_counter(), time.process_time()
    result = pol.replay(
        old, new, context=context, as_of=dt.date(2027, 6, 30), engine=args.engine, **data
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"replay: {wall:.2f} s wall, {cpu:.2f} s CPU, {rows / wall:,.0f} rows/s")
    print(result.explain())
    problems = reconcile(result)
    print("totals reconcile with the changed rows:", problems or "yes")
    if args.sample:
        sample = {key: value[: args.sample] for key, value in data.items()}
        frames_part = pol.replay(
            old, new, context=context, as_of=dt.date(2027, 6, 30), engine=args.engine, **sample
        )
        scalar_part = pol.replay(
            old, new, context=context, as_of=dt.date(2027, 6, 30), engine="scalar", **sample
        )
        agree = frames_part == scalar_part
        print(
            f"engine {args.engine} equals the scalar engine on {args.sample:,} rows per family:",
            "yes" if agree else "NO",
        )
        problems += [] if agree else ["scalar agreement"]
    if rows >= 100_000:
        verdict = "PASS" if wall < TARGET_SECONDS else "MISS"
        print(f"target: under {TARGET_SECONDS} s for 100,000 rows: {verdict} ({wall:.2f} s)")
    else:
        print(f"target: under {TARGET_SECONDS} s for 100,000 rows: not measured ({rows:,} rows)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
