"""Benchmark: 100,000 CSV records through ``spendrules stock``, ``savings`` and ``terms``.

Issue 20: "A 100,000-record CSV through ``spendrules stock`` and ``spendrules savings``
in under 3× the time of the same rule called in a loop in Python (benchmark, same run)."

Workload (seeded): N SKU rows and N savings events (default 100,000 each), written
as CSV in the layout of ``frames.review_stock`` / ``frames.classify_savings`` with an
``id`` column:

* SKUs: USD (80 %), EUR (15 %), JPY (5 %); on hand 0 to 5,000 units (10 % negative or
  fractional), unit costs 0.01 to 1,000.00, daily demand 0 to 200 with an sd of 0 to
  50, lead times 1 to 30 days, a 90 %/95 %/99 % cycle service level (70 %), a fill rate
  (10 %) or an agreed safety stock (10 %), holding rates 0.15 to 0.30, committed
  and on-order stock, a last consumption 0 to 700 days back, 5 % end of life;
* events: USD (85 %), EUR (10 %), JPY (5 %); baselines 1.00 to 500.00 paid 1 to 450
  days before the effective date (some stale), new prices 85 % to 110 % of it,
  quantities 1 to 50,000, 80 % with baseline evidence, 15 % with a supplier
  proposal, 20 % signed off by finance, 5 % another specification;
* invoices (``spendrules terms``, brief T): USD (80 %), EUR (15 %), JPY (5 %); eight
  terms texts (2/10 net 30, net 30, net 60, 3/10, 2/30, net 60, 30 % advance with 70 %
  net 30, 1/10 net 45, net 30 EOM, net 10th prox), invoice dates over 2025, amounts
  0.01 to 100,000.00 (10 % credit notes, 1 % zero), 30 % with tax, 20 % with a
  baseline date, 10 % rolled off weekends, 10 % with an ``on_date``.

Measured in one process, each line the same records:

a. the anchor: the scalar rule (``review_stock`` / ``classify_savings`` /
   ``schedule``) called in a plain Python loop over already-built ``StockItem`` /
   ``SavingsEvent`` objects / parsed terms with typed dates and amounts;
b. ``spendrules.cli.main(["stock", "--input", items.csv, "--as-of", ..., "--output",
   out.csv])`` in-process: CSV to CSV through the frames path (chunks of 50,000);
c. the same with the frames path switched off (``spendrules.cli._table.USE_FRAMES``):
   the scalar CSV path, what runs without the frames extra.

Printed: seconds, records/s and the ratios (b)/(a) and (c)/(a); target (b) < 3× (a).
The outputs of (b) and (c) must be byte-identical (checked).

Run: ``python bench/cli_batch.py [--records N] [--quick] [--clock cpu]``
(``--quick``: 10,000 records; ``--clock cpu`` times with the process's CPU time
instead of the wall clock, on a shared machine).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import spendrules.cli._table as table
from spendrules._inventory.rows import COLUMNS as STOCK_COLUMNS
from spendrules._inventory.rows import demand_of, item_of, lead_time_of
from spendrules._savings.rows import NAMES as SAVINGS_COLUMNS
from spendrules._savings.rows import event_of
from spendrules.calendars import Roll, WeekendCalendar
from spendrules.cli import main
from spendrules.cli._inventory import _LAYOUT as STOCK_LAYOUT
from spendrules.cli._payment_terms_rows import SCHEDULE_FIELDS
from spendrules.cli._savings import _LAYOUT as SAVINGS_LAYOUT
from spendrules.cli._savings import _Flat
from spendrules.inventory import review_stock
from spendrules.payment_terms import parse_terms, schedule
from spendrules.savings import SavingsPolicy, classify_savings

AS_OF = date(2026, 1, 31)
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = {"now": time.perf_counter}


def stock_rows(n: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        currency = rng.choices(("USD", "EUR", "JPY"), (80, 15, 5))[0]
        cost = rng.randint(1, 100_000)
        unit_cost = str(cost) if currency == "JPY" else f"{cost / 100:.2f}"
        on_hand = rng.randint(0, 5000)
        shape = rng.random()
        on_hand_text = (
            str(-rng.randint(1, 50))
            if shape < 0.05
            else f"{on_hand}.5"
            if shape < 0.10
            else str(on_hand)
        )
        row = {
            "id": f"S-{i}",
            "sku": f"SKU{i:06d}",
            "on_hand": on_hand_text,
            "unit_cost": unit_cost,
            "currency": currency,
            "demand_mean": str(rng.randint(0, 200)),
            "demand_sd": str(rng.randint(0, 50)),
            "lead_time": str(rng.randint(1, 30)),
            "holding_rate": rng.choice(("0.15", "0.2", "0.25", "0.30")),
            "committed": str(rng.randint(0, 100)),
            "on_order": str(rng.randint(0, 500)),
            "last_consumption": (AS_OF - timedelta(days=rng.randint(0, 700))).isoformat(),
            "end_of_life": "true" if rng.random() < 0.05 else "false",
        }
        target = rng.random()
        if target < 0.7:
            row["service_level"] = rng.choice(("0.90", "0.95", "0.99"))
        elif target < 0.8:
            row["fill_rate"] = rng.choice(("0.98", "0.99"))
        elif target < 0.9:
            row["safety_stock"] = str(rng.randint(0, 300))
        if rng.random() < 0.5 or "fill_rate" in row:  # a fill rate needs the lot
            row["order_quantity"] = str(rng.randint(10, 1000))
        rows.append(row)
    return rows


def savings_rows(n: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        currency = rng.choices(("USD", "EUR", "JPY"), (85, 10, 5))[0]
        base = rng.randint(100, 50_000)
        new = base * rng.randint(85, 110) // 100
        text: Callable[[int], str] = str if currency == "JPY" else (lambda v: f"{v / 100:.2f}")
        effective = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
        row = {
            "id": f"E-{i}",
            "item": f"ITEM{i:06d}",
            "currency": currency,
            "baseline_price": text(base),
            "baseline_method": "last_price_paid",
            "baseline_date": (effective - timedelta(days=rng.randint(1, 450))).isoformat(),
            "new_price": text(max(new, 1)),
            "effective_date": effective.isoformat(),
            "forecast_quantity": str(rng.randint(1, 50_000)),
        }
        if rng.random() < 0.8:
            row["baseline_evidence"] = f"PO-{i}"
        if rng.random() < 0.15:
            row["proposal_price"] = text(base * rng.randint(102, 112) // 100)
            row["proposal_evidence"] = f"Q-{i}"
        if rng.random() < 0.2:
            row["signoff_approver"] = "finance"
            row["signoff_date"] = (effective - timedelta(days=5)).isoformat()
        if rng.random() < 0.05:
            row["same_spec"] = "false"
        rows.append(row)
    return rows


TERMS = (
    "2/10 net 30",
    "net 30",
    "net 60",
    "3/10, 2/30, net 60",
    "30% advance, 70% net 30",
    "1/10 net 45",
    "net 30 EOM",
    "net 10th prox",
)


def terms_rows(n: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        currency = rng.choices(("USD", "EUR", "JPY"), (80, 15, 5))[0]
        cents = rng.randint(1, 10_000_000) * (-1 if rng.random() < 0.1 else 1)
        cents = 0 if rng.random() < 0.01 else cents
        text: Callable[[int], str] = (
            (lambda v: str(v // 100)) if currency == "JPY" else (lambda v: f"{v / 100:.2f}")
        )
        invoice = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
        row = {
            "id": f"I-{i}",
            "terms": rng.choices(TERMS, (30, 20, 10, 10, 10, 10, 5, 5))[0],
            "invoice_date": invoice.isoformat(),
            "amount": text(cents),
            "currency": currency,
        }
        if rng.random() < 0.3:
            row["tax_amount"] = text(cents // 6)
        if rng.random() < 0.2:
            row["baseline_date"] = (invoice + timedelta(days=rng.randint(0, 20))).isoformat()
        if rng.random() < 0.1:
            row["roll"] = "following"
        if rng.random() < 0.1:
            row["on_date"] = (invoice + timedelta(days=rng.randint(0, 40))).isoformat()
        rows.append(row)
    return rows


def build_invoices(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The ``schedule`` arguments of each row, typed (terms parsed once per text)."""
    parsed = {text: parse_terms(text) for text in TERMS}
    weekend = WeekendCalendar()
    built = []
    for row in rows:
        values = {k: SCHEDULE_FIELDS[k](v, k) for k, v in row.items() if k not in ("id", "terms")}
        values.pop("on_date", None)
        roll = Roll(values.pop("roll", "unadjusted"))
        values["terms"] = parsed[row["terms"]]
        values["roll"] = roll
        values["calendar"] = None if roll is Roll.UNADJUSTED else weekend
        built.append(values)
    return built


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ("id", *columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_items(rows: list[dict[str, str]]) -> list[Any]:
    items = []
    for row in rows:
        values = table.typed_values({k: v for k, v in row.items() if k != "id"}, STOCK_LAYOUT)
        items.append(item_of(values, demand_of(values), lead_time_of(values), sku=values["sku"]))
    return items


def build_events(rows: list[dict[str, str]]) -> list[Any]:
    flat = _Flat()
    return [
        event_of(
            flat, 0, table.typed_values({k: v for k, v in row.items() if k != "id"}, SAVINGS_LAYOUT)
        )
        for row in rows
    ]


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = _clock["now"]()
    result = work()
    return _clock["now"]() - started, result


def run_cli(argv: list[str], *, use_frames: bool) -> int:
    table.USE_FRAMES = use_frames
    try:
        return main(argv)
    finally:
        table.USE_FRAMES = True


def measure(
    name: str, anchor: Callable[[], Any], argv: list[str], out: Path, n: int
) -> tuple[float, float, float, bool]:
    a, _ = timed(anchor)
    b_out, c_out = out.with_suffix(".frames.csv"), out.with_suffix(".scalar.csv")
    b, status_b = timed(lambda: run_cli([*argv, "--output", str(b_out)], use_frames=True))
    c, status_c = timed(lambda: run_cli([*argv, "--output", str(c_out)], use_frames=False))
    same = status_b == status_c == 0 and b_out.read_bytes() == c_out.read_bytes()
    print(f"\n{name}: {n:,} records")
    print(f"  (a) rule in a Python loop  {a:8.2f} s  {n / a:10,.0f} records/s")
    print(
        f"  (b) CLI CSV, frames path   {b:8.2f} s  {n / b:10,.0f} records/s  (b)/(a) = {b / a:.2f}"
    )
    print(
        f"  (c) CLI CSV, scalar path   {c:8.2f} s  {n / c:10,.0f} records/s  (c)/(a) = {c / a:.2f}"
    )
    print(f"  outputs of (b) and (c) byte-identical: {same}")
    return a, b, c, same


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 records")
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="cpu: process time, for a busy machine"
    )
    args = parser.parse_args()
    n = 10_000 if args.quick else args.records
    _clock["now"] = CLOCKS[args.clock]
    print(
        f"spendrules CLI batch benchmark: {n:,} records, {args.clock} clock; "
        f"Python {platform.python_version()}, {os.cpu_count()} cores"
    )
    rng = random.Random(20)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = stock_rows(n, rng)
        write_csv(folder / "items.csv", STOCK_COLUMNS, rows)
        items = build_items(rows)
        results["stock"] = measure(
            "spendrules stock",
            lambda: [review_stock(item, as_of=AS_OF) for item in items],
            ["stock", "--input", str(folder / "items.csv"), "--as-of", AS_OF.isoformat()],
            folder / "stock.csv",
            n,
        )
        rows = savings_rows(n, rng)
        write_csv(folder / "events.csv", SAVINGS_COLUMNS, rows)
        events = build_events(rows)
        policy = SavingsPolicy()
        results["savings"] = measure(
            "spendrules savings",
            lambda: [classify_savings(e, policy=policy, as_of=AS_OF) for e in events],
            ["savings", "--input", str(folder / "events.csv"), "--as-of", AS_OF.isoformat()],
            folder / "savings.csv",
            n,
        )
        rows = terms_rows(n, rng)
        write_csv(folder / "invoices.csv", tuple(SCHEDULE_FIELDS), rows)
        invoices = build_invoices(rows)
        results["terms"] = measure(
            "spendrules terms",
            lambda: [schedule(**invoice) for invoice in invoices],
            ["terms", "--input", str(folder / "invoices.csv")],
            folder / "schedules.csv",
            n,
        )
    print("\ntarget (issue 20): CLI CSV through the frames path < 3x the rule in a loop")
    for name, (a, b, _c, same) in results.items():
        verdict = "PASS" if b < 3 * a and same else "MISS"
        print(f"  {name:<8} (b)/(a) = {b / a:.2f}  identical outputs: {same}  {verdict}")


if __name__ == "__main__":
    main_bench()
