"""Benchmark: a savings portfolio of 1,000,000 events classified at once (spendrules.frames.classify_savings).

Workload: N synthetic savings events (default 1,000,000; seeded) in one event table,
a realistic mix for a year of a large buyer's sourcing results:

* currencies USD (80 %), EUR (12 %), JPY (5 %) and BHD (3 %); unit prices of 1.00 to
  5,000.00 (two places; whole yen), new prices 85 % to 110 % of the baseline;
  forecast quantities of 1 to 50,000 units;
* baselines: last price paid (70 %), prior-year average (8 %), standard cost (5 %),
  a quote (10 %), a budget (4 %), a bid average (3 %); dated 1 to 450 days before
  the effective date, so about a fifth are stale under the default 12 months; 5 %
  another specification; 95 % with an evidence reference; 60 % of the baselines
  that are not a price paid carry the last price paid;
* 15 % with a written supplier proposal (2 % to 12 % above the baseline, 80 %
  evidenced), 8 % with a market index published with one decimal (base 95.0 to
  140.0, current 98 % to 112 % of it, so I1 / I0 rarely terminates; an indexed share
  of 0.5, 0.6 or 1), 5 % priced in a supplier currency with exchange rates of four
  places;
* 40 % with a baseline quantity (80 % to 120 % of the forecast) and a demand change
  on half of those; 10 % with an implementation cost; 20 % signed off by finance.

Measured in one process, each line the same events:

a. ``frames.classify_savings`` over the whole table (best of ``--repeat`` runs,
   default 2, every run printed) on a polars frame of exact decimals (``--kind``:
   ``pandas`` is arrow-backed, as ``read_parquet(dtype_backend="pyarrow")`` reads it,
   ``pandas-objects`` holds ``Decimal`` objects, several times slower to read and
   to write, ``pyarrow`` decimal128 columns);
b. the bare ``(B − P1) × Q`` in numpy float64 over the same three columns (taken
   out of the frame inside the timing, and without that, the arithmetic alone):
   what a notebook computes when it ignores every rule;
c. the scalar ``classify_savings`` in a loop on a random sample (``--sample``,
   default 5,000 events, ``SavingsEvent`` built outside the timing), extrapolated
   to N.

Agreement: every output column of ``frames.classify_savings`` equals the scalar
classification of the sampled events of (c), row by row.

The closing table holds the target of issue 16 with PASS or MISS: at least
300,000 events/s on the realistic mix (scaled linearly from N when N is not
1,000,000, and marked so), and every sampled row equal to the scalar rule.

Run: ``python bench/frames_savings.py [--events N] [--quick]
[--kind polars|pandas|pandas-objects|pyarrow]
[--clock cpu]`` (``--quick``: 100,000 events and a sample of 1,000, a smoke run;
``--clock cpu`` times with the process's CPU time instead of the wall clock, on a
shared machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import numpy as np

from spendrules.savings import (
    BaselineMethod,
    ComponentKind,
    DemandChange,
    FinanceSignOff,
    FxRates,
    MarketIndex,
    SavingsEvent,
    SupplierProposal,
    classify_savings,
)

T = TypeVar("T")
AS_OF = dt.date(2026, 12, 31)
CURRENCIES = (("USD", 2, 0.80), ("EUR", 2, 0.12), ("JPY", 0, 0.05), ("BHD", 3, 0.03))
METHODS = (
    ("last_price_paid", 0.70),
    ("prior_year_average", 0.08),
    ("standard_cost", 0.05),
    ("quote", 0.10),
    ("budget", 0.04),
    ("bid_average", 0.03),
)
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = {"now": time.perf_counter}
Columns = dict[str, Any]


def _choice(rng: np.random.Generator, options: Any, n: int) -> Any:
    names = np.array([o[0] for o in options], dtype=object)
    weights = np.array([o[-1] for o in options])
    return names[rng.choice(len(options), n, p=weights / weights.sum())]


def _decimals(units: Any, places: Any) -> list[Decimal | None]:
    return [
        None if u is None else Decimal(int(u)).scaleb(-int(p))
        for u, p in zip(units.tolist(), places.tolist(), strict=True)
    ]


def make_events(n: int, seed: int = 20261231) -> Columns:
    """``n`` events of the realistic mix (see the module notes), as Python columns."""
    rng = np.random.default_rng(seed)
    currency = _choice(rng, CURRENCIES, n)
    places = np.select([currency == "JPY", currency == "BHD"], [0, 3], default=2)
    base = rng.integers(100, 500_001, n) * np.where(places == 3, 10, 1)
    base = np.where(places == 0, rng.integers(100, 500_001, n), base)
    new = np.rint(base * rng.uniform(0.85, 1.10, n)).astype(np.int64)
    forecast = rng.integers(1, 50_001, n)
    effective = np.datetime64("2026-01-01") + rng.integers(0, 365, n)
    baseline_day = effective - rng.integers(1, 451, n)
    method = _choice(rng, METHODS, n)
    paid = np.isin(method, ["last_price_paid", "prior_year_average", "standard_cost"])
    has_last = ~paid & (rng.random(n) < 0.6)
    last = np.rint(base * rng.uniform(0.9, 1.05, n)).astype(np.int64)
    proposal = rng.random(n) < 0.15
    quote = np.rint(base * rng.uniform(1.02, 1.12, n)).astype(np.int64)
    index = rng.random(n) < 0.08
    index_base = rng.integers(950, 1401, n)  # a published index with one decimal
    current = np.rint(index_base * rng.uniform(0.98, 1.12, n)).astype(np.int64)
    share = rng.choice(np.array(["0.5", "0.6", "1"], dtype=object), n)
    fx = (rng.random(n) < 0.05) & (currency == "USD")
    rate = rng.integers(10_500, 11_200, n)
    now_rate = rate + rng.integers(-300, 300, n)
    quantity = rng.random(n) < 0.4
    baseline_q = np.rint(forecast * rng.uniform(0.8, 1.2, n)).astype(np.int64)
    demand = np.where(
        quantity & (rng.random(n) < 0.5),
        rng.choice(np.array(["intentional_same_output", "scope_cut", "unplanned"]), n),
        "none",
    )
    cost = rng.random(n) < 0.10
    signed = rng.random(n) < 0.20
    return {
        "item": [f"ITEM-{i % 50_000:05d}" for i in range(n)],
        "currency": currency.astype(str).tolist(),
        "baseline_price": _decimals(base, places),
        "baseline_method": method.astype(str).tolist(),
        "baseline_date": baseline_day.astype("datetime64[D]").astype(object).tolist(),
        "new_price": _decimals(new, places),
        "effective_date": effective.astype("datetime64[D]").astype(object).tolist(),
        "forecast_quantity": [Decimal(int(q)) for q in forecast.tolist()],
        "baseline_quantity": [
            Decimal(int(q)) if k else None
            for q, k in zip(baseline_q.tolist(), quantity.tolist(), strict=True)
        ],
        "baseline_evidence": np.where(rng.random(n) < 0.95, "INV-2025", "").tolist(),
        "same_spec": (rng.random(n) >= 0.05).tolist(),
        "last_price_paid": _decimals(np.where(has_last, last, None), places),
        "proposal_price": _decimals(np.where(proposal, quote, None), places),
        "proposal_evidence": [
            ("letter" if e else "") if p else None
            for p, e in zip(proposal.tolist(), (rng.random(n) < 0.8).tolist(), strict=True)
        ],
        "index_base": [
            Decimal(int(c)).scaleb(-1) if k else None
            for c, k in zip(index_base.tolist(), index.tolist(), strict=True)
        ],
        "index_current": [
            Decimal(int(c)).scaleb(-1) if k else None
            for c, k in zip(current.tolist(), index.tolist(), strict=True)
        ],
        "index_share": [Decimal(s) if k else None for s, k in zip(share, index, strict=True)],
        "index_evidence": ["ONS" if k else None for k in index.tolist()],
        "supplier_currency": ["EUR" if k else None for k in fx.tolist()],
        "fx_baseline_rate": [
            Decimal(int(r)).scaleb(-4) if k else None
            for r, k in zip(rate.tolist(), fx.tolist(), strict=True)
        ],
        "fx_current_rate": [
            Decimal(int(r)).scaleb(-4) if k else None
            for r, k in zip(now_rate.tolist(), fx.tolist(), strict=True)
        ],
        "demand_change": demand.astype(str).tolist(),
        "implementation_cost": [
            Decimal(int(c)).scaleb(-2) if k else None
            for c, k in zip(rng.integers(0, 5_000_001, n).tolist(), cost.tolist(), strict=True)
        ],
        "signoff_approver": ["CFO" if k else None for k in signed.tolist()],
        "signoff_date": [dt.date(2026, 6, 30) if k else None for k in signed.tolist()],
    }


_DECIMAL_COLUMNS = {
    "baseline_price": 3,
    "new_price": 3,
    "forecast_quantity": 0,
    "baseline_quantity": 0,
    "last_price_paid": 3,
    "proposal_price": 3,
    "index_base": 1,
    "index_current": 1,
    "index_share": 1,
    "fx_baseline_rate": 4,
    "fx_current_rate": 4,
    "implementation_cost": 2,
}


def to_frame(columns: Columns, kind: str) -> Any:
    """The event table as a ``kind`` frame: exact decimals, dates, strings."""
    import pyarrow as pa

    arrays = {}
    for name, values in columns.items():
        if name in _DECIMAL_COLUMNS:
            arrays[name] = pa.array(values, type=pa.decimal128(18, _DECIMAL_COLUMNS[name]))
        elif name.endswith("_date"):
            arrays[name] = pa.array(values, type=pa.date32())
        elif name == "same_spec":
            arrays[name] = pa.array(values, type=pa.bool_())
        else:
            arrays[name] = pa.array(values, type=pa.string())
    table = pa.table(arrays)
    if kind == "pyarrow":
        return table
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd

    if kind == "pandas":  # arrow-backed columns, as read_parquet(dtype_backend="pyarrow") gives
        return table.to_pandas(types_mapper=pd.ArrowDtype)
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in columns.items()})


def event_of(columns: Columns, row: int) -> SavingsEvent:
    """The scalar event of ``row``, built from the raw columns (never through frames)."""
    value = {name: values[row] for name, values in columns.items()}
    proposal = index = fx = signoff = None
    if value["proposal_price"] is not None:
        proposal = SupplierProposal(
            price=value["proposal_price"], evidence=value["proposal_evidence"] or ""
        )
    if value["index_base"] is not None:
        index = MarketIndex(
            base=value["index_base"],
            current=value["index_current"],
            indexed_share=value["index_share"],
            evidence=value["index_evidence"] or "",
        )
    if value["supplier_currency"] is not None:
        fx = FxRates(
            supplier_currency=value["supplier_currency"],
            baseline_rate=value["fx_baseline_rate"],
            current_rate=value["fx_current_rate"],
        )
    if value["signoff_approver"] is not None:
        signoff = FinanceSignOff(
            approver=value["signoff_approver"], signed_on=value["signoff_date"]
        )
    return SavingsEvent(
        item=value["item"],
        currency=value["currency"],
        baseline_price=value["baseline_price"],
        baseline_method=BaselineMethod(value["baseline_method"]),
        baseline_date=value["baseline_date"],
        new_price=value["new_price"],
        effective_date=value["effective_date"],
        forecast_quantity=value["forecast_quantity"],
        baseline_quantity=value["baseline_quantity"],
        baseline_evidence=value["baseline_evidence"],
        same_spec=value["same_spec"],
        last_price_paid=value["last_price_paid"],
        proposal=proposal,
        market_index=index,
        fx=fx,
        demand_change=DemandChange(value["demand_change"]),
        implementation_cost=value["implementation_cost"] or Decimal(0),
        finance_signoff=signoff,
    )


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = _clock["now"]()
    result = fn()
    return _clock["now"]() - started, result


def load() -> str:
    average = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"load average {average:.2f} on {os.cpu_count()} cores"


def frame_rows(frame: Any, rows: list[int]) -> list[dict[str, Any]]:
    """Rows of the output frame as dicts of Python values."""
    import pyarrow as pa

    if isinstance(frame, pa.Table):
        table = frame.take(rows).to_pylist()
    elif hasattr(frame, "to_arrow"):
        table = frame.to_arrow().take(rows).to_pylist()
    else:
        table = frame.iloc[rows].to_dict("records")
    return table


def expected(event: SavingsEvent) -> dict[str, Any]:
    result = classify_savings(event, as_of=AS_OF)
    out: dict[str, Any] = {
        "finance_view": result.finance_view,
        "procurement_view": result.procurement_view,
        "finance_recognised": result.finance_recognised,
        "net_recognised": result.net_recognised,
        "primary": result.primary.value,
        "status": result.status.value,
        "missing": ",".join(m.value for m in result.missing),
        "budget_flag": result.budget_flag.value,
        "rule": result.rule,
        "reason": result.primary_reason().code,
    }
    for kind in ComponentKind:
        out[kind.value] = result.amount(kind)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--kind", choices=("polars", "pandas", "pandas-objects", "pyarrow"), default="polars"
    )
    parser.add_argument("--quick", action="store_true", help="100,000 events, a sample of 1,000")
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="cpu: process time, for a busy machine"
    )
    args = parser.parse_args()
    _clock["now"] = CLOCKS[args.clock]
    if args.quick:
        args.events, args.sample = 100_000, 1_000
    from spendrules import frames

    n = args.events
    print(
        f"frames.classify_savings: {n:,} events, {args.kind} frame, {args.clock} clock; "
        f"Python {platform.python_version()}; {load()}"
    )
    columns = make_events(n)
    frame = to_frame(columns, args.kind)
    best = float("inf")
    result = None
    for run in range(args.repeat):
        seconds, result = timed(lambda: frames.classify_savings(frame, as_of=AS_OF))
        best = min(best, seconds)
        print(f"  a. run {run + 1}: {seconds:.3f} s, {n / seconds:,.0f} events/s")
    frames_rate = n / best

    import polars as pl

    source = pl.from_arrow(to_frame(columns, "pyarrow")) if args.kind != "polars" else frame

    def bare() -> Any:
        b = source["baseline_price"].cast(pl.Float64).to_numpy()
        p = source["new_price"].cast(pl.Float64).to_numpy()
        q = source["forecast_quantity"].cast(pl.Float64).to_numpy()
        return (b - p) * q

    bare_seconds, _ = timed(bare)
    b = source["baseline_price"].cast(pl.Float64).to_numpy()
    p = source["new_price"].cast(pl.Float64).to_numpy()
    q = source["forecast_quantity"].cast(pl.Float64).to_numpy()
    arithmetic, _ = timed(lambda: (b - p) * q)
    rng = np.random.default_rng(7)
    sample = sorted(rng.choice(n, size=min(args.sample, n), replace=False).tolist())
    events = [event_of(columns, row) for row in sample]
    scalar_seconds, results = timed(lambda: [classify_savings(e, as_of=AS_OF) for e in events])
    scalar_rate = len(events) / scalar_seconds
    del results
    got = frame_rows(result, sample)
    agree = 0
    for row, event in zip(got, events, strict=True):
        want = expected(event)
        if all(row[name] == value for name, value in want.items()):
            agree += 1
    bare_rate = n / bare_seconds
    print(f"  a. frames.classify_savings        {frames_rate:>14,.0f} events/s (best)")
    print(
        f"  b. bare (B - P1) x Q, float64      {bare_rate:>14,.0f} events/s "
        f"(the arithmetic alone: {n / arithmetic:,.0f}/s)"
    )
    print(
        f"  c. scalar classify_savings loop   {scalar_rate:>14,.0f} events/s "
        f"(sample of {len(events):,}, extrapolated: {n / scalar_rate:,.1f} s for {n:,})"
    )
    print(f"  ratio frames / scalar loop: {frames_rate / scalar_rate:,.1f}x")
    print(f"  ratio bare (B - P1) x Q / frames: {bare_rate / frames_rate:,.1f}x")
    print(f"  agreement: {agree:,} of {len(events):,} sampled rows equal the scalar rule")
    scaled = "" if n == 1_000_000 else " (scaled from N)"
    target = frames_rate >= 300_000
    rows = [
        ("frames.classify_savings >= 300,000 events/s" + scaled, f"{frames_rate:,.0f}/s", target),
        (
            "every sampled row equal to the scalar rule",
            f"{agree}/{len(events)}",
            agree == len(events),
        ),
    ]
    print("targets (issue 16):")
    for name, value, ok in rows:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value}")


if __name__ == "__main__":
    main()
