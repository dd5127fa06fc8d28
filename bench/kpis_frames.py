"""Benchmark: the shared KPIs over a frame (spendrules.frames KPIs) against a hand-written re-sum.

Workload: N synthetic invoice/spend rows (default 200,000; seeded): an amount of 1.00 to
50,000.00 (two places), a discount offered on 40 % of the rows (1 % to 2 % of the amount),
taken on 70 % of those, and boolean flags (paid on time 85 %, with a PO 90 %, off contract
12 %, preferred supplier 60 %, under management 75 %).

Each KPI is measured in one process on the same rows, three ways:

a. the ``spendrules.frames`` KPI over the frame (``--kind``: ``polars`` exact decimals,
   ``pandas-objects`` columns of ``Decimal`` objects, ``minor-units`` int64 cents in
   polars), best of ``--repeat`` runs;
b. the naive loop an integration would write: the columns taken out of the frame as
   Python objects, a loop adding the amounts (or counting the rows) where the flag
   holds, then the scalar KPI of the totals;
c. a hand-written numpy re-sum: the columns taken out of the frame as int64 cents
   (``money * 100`` cast to int64 by the frame library, or the cents themselves),
   summed in numpy, then the scalar KPI of the totals: the fastest exact anchor.

Agreement: the three values are equal (the KPI is a ratio of exact totals). The ratio
columns are (a)/(b) and (a)/(c); below 1 means the frames KPI is faster.

Run: ``python bench/kpis_frames.py [--rows N] [--kind polars|pandas-objects|minor-units]
[--repeat K] [--clock cpu]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np

from spendrules import frames, kpis

CENT = Decimal("0.01")


def _rows(count: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    cents = rng.integers(100, 5_000_001, size=count, dtype=np.int64)
    offered_share = rng.integers(100, 201, size=count, dtype=np.int64)  # 1.00 % .. 2.00 %
    offers = rng.random(count) < 0.40
    offered = np.where(offers, cents * offered_share // 10_000, 0)
    taken = np.where(offers & (rng.random(count) < 0.70), offered, 0)
    return {
        "amount": cents,
        "discounts_offered": offered,
        "discounts_taken": taken,
        "on_time": rng.random(count) < 0.85,
        "has_po": rng.random(count) < 0.90,
        "off_contract": rng.random(count) < 0.12,
        "preferred": rng.random(count) < 0.60,
        "managed": rng.random(count) < 0.75,
    }


MONEY = ("amount", "discounts_offered", "discounts_taken")


def _frame(rows: dict[str, Any], kind: str) -> Any:
    import polars as pl

    if kind == "minor-units":
        return pl.DataFrame(rows)
    if kind == "pandas-objects":
        import pandas as pd

        data: dict[str, Any] = {}
        for name, values in rows.items():
            if name in MONEY:
                data[name] = [Decimal(int(v)).scaleb(-2) for v in values]
            else:
                data[name] = values
        return pd.DataFrame(data)
    columns = {}
    for name, values in rows.items():
        if name in MONEY:
            cents = [Decimal(int(value)).scaleb(-2) for value in values]
            columns[name] = pl.Series(name, cents, dtype=pl.Decimal(18, 2))
        else:
            columns[name] = pl.Series(name, values)
    return pl.DataFrame(columns)


# (name, frames call, scalar KPI of (part, whole), part column, flag column, whole column);
# a part column of None counts the rows where the flag holds (whole: the rows).
Case = tuple[
    str, Callable[[Any], Any], Callable[[Any, Any], Any], str | None, str | None, str | None
]


def _cases(currency: str) -> list[Case]:
    cases: list[Case] = [
        (
            "discount_capture_rate (value)",
            lambda f: frames.discount_capture_rate(f, currency=currency),
            lambda part, whole: kpis.discount_capture_rate(
                part, discounts_offered=whole, currency=currency
            ),
            "discounts_taken",
            None,
            "discounts_offered",
        ),
        (
            "on_time_payment_rate (count)",
            frames.on_time_payment_rate,
            lambda part, whole: kpis.on_time_payment_rate(part, paid=whole),
            None,
            "on_time",
            None,
        ),
        (
            "po_compliance (value)",
            lambda f: frames.po_compliance(f, weighting="value", currency=currency),
            lambda part, whole: kpis.po_compliance(
                part, invoices=whole, weighting="value", currency=currency
            ),
            "amount",
            "has_po",
            "amount",
        ),
        (
            "maverick_spend_share",
            lambda f: frames.maverick_spend_share(f, currency=currency),
            lambda part, whole: kpis.maverick_spend_share(
                part, total_spend=whole, currency=currency
            ),
            "amount",
            "off_contract",
            "amount",
        ),
    ]
    for name, flag, keyword in (
        ("preferred_supplier_share", "preferred", "total_spend"),
        ("spend_under_management", "managed", "total_spend"),
    ):
        frame_kpi = getattr(frames, name, None)
        if frame_kpi is None:  # not in this version of the frames extra
            continue
        scalar_kpi = getattr(kpis, name)
        cases.append(
            (
                name,
                lambda f, fk=frame_kpi: fk(f, currency=currency),
                lambda part, whole, sk=scalar_kpi, kw=keyword: sk(
                    part, **{kw: whole, "currency": currency}
                ),
                "amount",
                flag,
                "amount",
            )
        )
    return cases


def _native(frame: Any, column: str) -> Any:
    return frame[column]


def _loop(frame: Any, case: Case) -> Any:
    """(b): Python objects out of the frame, a loop, the scalar KPI."""
    _, _, scalar, part_column, flag_column, whole_column = case
    flags = _native(frame, flag_column).to_list() if flag_column else None
    if part_column is None:  # a count of the flagged rows
        count = 0
        for flag in flags or []:
            if flag:
                count += 1
        return scalar(count, len(flags or []))
    part = Decimal(0)
    for index, amount in enumerate(_native(frame, part_column).to_list()):
        if flags is None or flags[index]:
            part += amount
    whole = Decimal(0)
    for amount in _native(frame, whole_column).to_list():
        whole += amount
    return scalar(part, whole)


def _cents(frame: Any, column: str, kind: str) -> Any:
    import polars as pl

    if kind == "minor-units":
        return frame[column].to_numpy()
    if kind == "pandas-objects":
        return np.array([int(value * 100) for value in frame[column]], dtype=np.int64)
    return (frame[column] * 100).cast(pl.Int64).to_numpy()


def _numpy(frame: Any, case: Case, kind: str) -> Any:
    """(c): int64 cents out of the frame, a numpy re-sum, the scalar KPI."""
    _, _, scalar, part_column, flag_column, whole_column = case
    places = 0 if kind == "minor-units" else 2
    flags = np.asarray(_native(frame, flag_column).to_numpy(), dtype=bool) if flag_column else None
    if part_column is None:  # a count of the flagged rows
        counted = np.zeros(0, dtype=bool) if flags is None else flags
        return scalar(int(np.count_nonzero(counted)), len(counted))
    part = _cents(frame, part_column, kind)
    if flags is not None:
        part = part[flags]
    whole = _cents(frame, whole_column, kind)
    return scalar(
        Decimal(int(part.sum())).scaleb(-places), Decimal(int(whole.sum())).scaleb(-places)
    )


def _timed(call: Callable[[], Any], repeat: int, clock: Callable[[], float]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = clock()
        result = call()
        best = min(best, clock() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument(
        "--kind", choices=("polars", "pandas-objects", "minor-units"), default="polars"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    parser.add_argument("--seed", type=int, default=20261205)
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    rows = _rows(args.rows, args.seed)
    frame = _frame(rows, args.kind)
    print(
        f"spendrules KPIs over a frame: {args.rows:,} rows, kind {args.kind}, "
        f"{args.clock} clock, best of {args.repeat}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    header = (
        f"{'KPI':32} {'(a) frames':>12} {'(b) loop':>12} {'(c) numpy':>12} "
        f"{'(a)/(b)':>8} {'(a)/(c)':>8}  equal"
    )
    print(header)
    print("-" * len(header))
    for case in _cases("USD"):
        name, on_frame = case[0], case[1]
        seconds_a, kpi_a = _timed(lambda call=on_frame: call(frame), args.repeat, clock)
        seconds_b, kpi_b = _timed(lambda c=case: _loop(frame, c), args.repeat, clock)
        seconds_c, kpi_c = _timed(lambda c=case: _numpy(frame, c, args.kind), args.repeat, clock)
        equal = kpi_a.value == kpi_b.value == kpi_c.value and kpi_a.inputs == kpi_b.inputs
        print(
            f"{name:32} {args.rows / seconds_a:>10,.0f}/s {args.rows / seconds_b:>10,.0f}/s "
            f"{args.rows / seconds_c:>10,.0f}/s {seconds_a / seconds_b:>8.2f} "
            f"{seconds_a / seconds_c:>8.2f}  {'yes' if equal else 'NO'}"
        )


if __name__ == "__main__":
    main()
