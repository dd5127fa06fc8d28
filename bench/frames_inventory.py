"""Benchmark: a month-end stock review of 200,000 SKUs (spendrules.frames.review_stock).

Workload: N synthetic SKUs (default 200,000; seeded) in one SKU table, a realistic
mix for a distributor's month-end review:

* demand per day (70 %), week (20 %) or month (10 %); 4 % Poisson slow movers
  (whole units, service level only), 3 % without demand, the rest normal with a
  coefficient of variation of 0.1 to 1.2;
* lead times of 1 to 60 days, 40 % of them variable (σL 0.2 to 6 days); 20 %
  periodic review (7 days);
* the safety target: 75 % a cycle service level (0.80 to 0.995, mostly the usual
  0.90/0.95/0.975/0.98/0.99), 13 % a fill rate (0.90 to 0.999), 8 % an agreed
  safety stock, 4 % none;
* lots of 10 to 5,000 units, half of them with an order multiple (6, 12, 24 or
  100) and 15 % with a minimum order; unit costs in USD (85 %), EUR (8 %), JPY
  (5 %) and BHD (2 %); holding rates of 10 % to 35 %;
* on-hand from 0 to about 2.5 policy peaks (2 % backorders, 10 % with a fractional
  quantity), 40 % with units committed, 30 % with an open order, the last
  consumption within 120 days for 88 %, 121 to 365 days for 7 %, longer for 3 %
  and unknown for 2 %; 1 % end of life; 10 % with one to three lots whose expiry
  runs from 30 days ago to 400 days ahead (lots in a second frame keyed by SKU).

Measured in one process, each line the same question (safety stock, reorder point
and the committed/obsolete/safety/cycle/excess split with values, carrying cost,
excess on order, months of supply and the slow-moving tag):

a. ``frames.review_stock`` over the whole table, lots as a second frame (best of
   ``--repeat`` runs, default 2, every run printed) on a polars frame of exact
   decimals (``--kind``; ``--other-kinds`` adds one run on each other kind);
   its ``level`` column is the reorder point. For the record, one run each of
   ``frames.safety_stock`` and ``frames.reorder_point`` on the SKUs with a
   service level or fill rate, and with ``--reserve`` one run with a
   months-of-supply reserve table;
b. the scalar ``review_stock`` in a loop on a random sample (``--sample``, default
   10,000 SKUs, ``StockItem`` built outside the timing), extrapolated to N; its
   ``safety_stock.level`` is the reorder point;
c. stockpyl per SKU on a random sample (``--stockpyl-sample``, default 20,000),
   extrapolated: ``newsvendor_normal(1 − α, α, μP, σP)`` for a cycle service
   level (its S* is the reorder point, S* − μP the safety stock), the fill rate
   by scipy's ``brentq`` on stockpyl's ``standard_normal_loss`` (stockpyl has no
   inverse loss function), ``newsvendor_poisson`` for Poisson demand, then a
   plain Python waterfall in floats for the split. stockpyl is not a dependency:
   ``pip install stockpyl``; when it is missing the line is skipped with a note;
d. a plain float formula on all N: ``statistics.NormalDist().inv_cdf``, Newton's
   method on the normal loss function for a fill rate, a Poisson pmf walk, and
   the same plain waterfall (bucket values and carrying costs rounded one by one
   with ``round``, no allocation, no validation, no reasons). It does more than
   the bare formula the issue timed at 395k SKUs/s (values, carrying cost,
   expiring lots, excess on order, months of supply), so it is slower.

μP and σP (demand over the protection interval L + R, σ = √(P·σd² + d²·σL²))
are computed by the peers' own code in floats, inside their timing; both peers
floor a negative fill-rate safety stock at 0 and raise a Poisson level below the
interval mean to the next whole unit, as the scalar rule does.

Agreement: every output column of ``frames.review_stock`` (30 of them) equals
the scalar ``review_stock`` result on the sample of (b), row by row, for every
kind of frame timed (and the reserve columns equal ``excess_and_obsolete_reserve``
of the scalar split); for the record, how often the plain float formula (d)
gives the scalar safety stock within 1e-6 and the same five bucket values to the
minor unit.

The closing table holds the targets of issue 15 with PASS or MISS: the frames
review at least 100× stockpyl per SKU (50× at the least), a 200,000-SKU review in
under 10 s (scaled linearly from N when N is not 200,000, and marked so), and
every sampled row equal to the scalar rule. ``--mix service-only`` (normal
demand and a cycle service level on every SKU) shows the vectorised path alone,
for the record; the targets are judged on the realistic mix.

Run: ``python bench/frames_inventory.py [--skus N] [--quick] [--kind pandas|polars|pyarrow]
[--other-kinds] [--reserve] [--mix realistic|service-only] [--clock cpu]`` (``--quick``:
20,000 SKUs and samples of 2,000 and 4,000, a smoke run; ``--clock cpu`` times with
the process's CPU time instead of the wall clock, on a shared machine).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from statistics import NormalDist
from typing import Any, TypeVar

from spendrules.inventory import (
    Demand,
    LeadTime,
    Lot,
    ReserveBasis,
    ReserveStep,
    ReserveTable,
    StockItem,
    StockReview,
    excess_and_obsolete_reserve,
    review_stock,
)

T = TypeVar("T")

AS_OF = date(2026, 3, 31)
DAYS_PER = {"day": 1.0, "week": 7.0, "month": 365 / 12}
PLACES = {"USD": 2, "EUR": 2, "JPY": 0, "BHD": 3}
SERVICE_LEVELS = ["0.90", "0.95", "0.975", "0.98", "0.99"]
DEAD_AFTER_DAYS = 365
SLOW_MOVING_MONTHS = 12
FULL_SIZE = 200_000
TARGET_SECONDS = 10.0
TARGET_RATIO = 100.0
MINIMUM_RATIO = 50.0
KINDS = ("pandas", "polars", "pyarrow")
#: The --reserve table: months of supply from 0, 6, 12 and 24 at 0 %, 10 %, 25 % and 50 %.
RESERVE_TABLE = ReserveTable(
    ReserveBasis.MONTHS_OF_SUPPLY,
    (
        ReserveStep(0, 0),
        ReserveStep(6, Decimal("0.10")),
        ReserveStep(12, Decimal("0.25")),
        ReserveStep(24, Decimal("0.50")),
    ),
)

Columns = dict[str, list[Any]]


# -- workload ---------------------------------------------------------------------------------------


def _pick(rng: random.Random, weights: Sequence[tuple[T, float]]) -> T:
    return rng.choices([value for value, _ in weights], [share for _, share in weights])[0]


def _money(rng: random.Random, currency: str) -> Decimal:
    """A unit cost with the currency's minor units: 0.05 to 2,000 (JPY 5 to 300,000)."""
    if currency == "JPY":
        return Decimal(rng.randint(5, 300_000))
    places = PLACES[currency]
    cents = int(math.exp(rng.uniform(math.log(5), math.log(200_000))))
    return Decimal(cents * 10 ** (places - 2)).scaleb(-places)


def make_skus(count: int, seed: int, *, service_only: bool = False) -> tuple[Columns, Columns]:
    """The SKU table and the lots table (sku, quantity, expiry), as columns of Python values.

    With ``service_only`` every SKU has normal demand (3 % of it zero) and a
    cycle service level: no Poisson demand, fill rate, agreed safety stock or
    missing target.
    """
    rng = random.Random(seed)
    names = [
        "sku",
        "on_hand",
        "unit_cost",
        "currency",
        "service_level",
        "fill_rate",
        "safety_stock",
        "order_quantity",
        "order_multiple",
        "minimum_order",
        "review_period",
        "holding_rate",
        "committed",
        "on_order",
        "last_consumption",
        "end_of_life",
        "demand_mean",
        "demand_sd",
        "demand_period",
        "demand_distribution",
        "lead_time",
        "lead_time_sd",
        "lead_time_period",
    ]
    table: Columns = {name: [] for name in names}
    lots: Columns = {"sku": [], "quantity": [], "expiry": []}
    for index in range(count):
        sku = f"SKU-{index:06d}"
        kind = _pick(rng, [("normal", 0.93), ("poisson", 0.04), ("none", 0.03)])
        if service_only and kind == "poisson":
            kind = "normal"
        period = _pick(rng, [("day", 0.7), ("week", 0.2), ("month", 0.1)])
        days = DAYS_PER[period]
        lead = rng.randint(1, 60)
        lead_sd = Decimal(rng.randint(2, 60)).scaleb(-1) if rng.random() < 0.4 else Decimal(0)
        review = Decimal(7) if rng.random() < 0.2 else Decimal(0)
        if kind == "normal":
            daily = math.exp(rng.uniform(math.log(0.2), math.log(400)))
            mean = Decimal(round(daily * days * 100)).scaleb(-2)
            sd = (mean * Decimal(rng.randint(10, 120)) / 100).quantize(Decimal("0.01"))
            distribution = "normal"
        elif kind == "poisson":
            daily = rng.uniform(0.01, 1.5)
            mean = Decimal(round(daily * days * 100)).scaleb(-2) or Decimal("0.01")
            sd = Decimal(0)
            lead_sd = Decimal(0)
            distribution = "poisson"
        else:
            daily = 0.0
            mean = sd = Decimal(0)
            distribution = "normal"
        lot = Decimal(rng.randint(10, 5_000))
        target = _pick(rng, [("service", 0.75), ("fill", 0.13), ("agreed", 0.08), ("unset", 0.04)])
        if service_only:
            target = "service"
        if kind == "poisson" and target == "fill":
            target = "service"
        service = fill = agreed = None
        if target == "service":
            service = Decimal(
                rng.choice(SERVICE_LEVELS) if rng.random() < 0.8 else f"0.{rng.randint(800, 995)}"
            )
        elif target == "fill":
            fill = Decimal(f"0.{rng.randint(900, 999)}")
        elif target == "agreed":
            agreed = Decimal(rng.randint(0, 2_000))
        interval = lead + float(review)
        peak = float(lot) + 2 * daily * interval**0.5 + daily * interval
        if rng.random() < 0.02:
            on_hand = Decimal(-rng.randint(1, 50))
        else:
            raw = rng.uniform(0, 2.5) * peak
            on_hand = (
                Decimal(round(raw * 1000)).scaleb(-3) if rng.random() < 0.1 else Decimal(round(raw))
            )
        currency = _pick(rng, [("USD", 0.85), ("EUR", 0.08), ("JPY", 0.05), ("BHD", 0.02)])
        idle = _pick(
            rng,
            [
                (rng.randint(0, 120), 0.88),
                (rng.randint(121, 365), 0.07),
                (rng.randint(366, 900), 0.03),
                (None, 0.02),
            ],
        )
        row = {
            "sku": sku,
            "on_hand": on_hand,
            "unit_cost": _money(rng, currency),
            "currency": currency,
            "service_level": service,
            "fill_rate": fill,
            "safety_stock": agreed,
            "order_quantity": lot,
            "order_multiple": (
                Decimal(rng.choice((6, 12, 24, 100))) if rng.random() < 0.5 else None
            ),
            "minimum_order": Decimal(rng.choice((50, 100, 500)))
            if rng.random() < 0.15
            else Decimal(0),
            "review_period": review,
            "holding_rate": Decimal(rng.randint(10, 35)).scaleb(-2),
            "committed": (
                Decimal(rng.randint(1, max(1, int(peak / 4)))) if rng.random() < 0.4 else Decimal(0)
            ),
            "on_order": lot if rng.random() < 0.3 else Decimal(0),
            "last_consumption": None if idle is None else AS_OF - timedelta(days=idle),
            "end_of_life": rng.random() < 0.01,
            "demand_mean": mean,
            "demand_sd": sd,
            "demand_period": period,
            "demand_distribution": distribution,
            "lead_time": Decimal(lead),
            "lead_time_sd": lead_sd,
            "lead_time_period": "day",
        }
        for name in names:
            table[name].append(row[name])
        if on_hand > 3 and rng.random() < 0.1:
            left = int(on_hand * Decimal(rng.uniform(0.2, 1.0)))
            for _ in range(rng.randint(1, 3)):
                if left <= 0:
                    break
                part = rng.randint(1, left)
                left -= part
                lots["sku"].append(sku)
                lots["quantity"].append(Decimal(part))
                lots["expiry"].append(AS_OF + timedelta(days=rng.randint(-30, 400)))
    return table, lots


def stock_items(table: Columns, lots: Columns, rows: Sequence[int]) -> list[StockItem]:
    """The scalar ``StockItem`` of each of ``rows``."""
    by_sku: dict[str, list[Lot]] = {}
    for sku, quantity, expiry in zip(lots["sku"], lots["quantity"], lots["expiry"], strict=True):
        by_sku.setdefault(sku, []).append(Lot(quantity, expiry))
    items = []
    for row in rows:
        value = {name: column[row] for name, column in table.items()}
        items.append(
            StockItem(
                sku=value["sku"],
                on_hand=value["on_hand"],
                unit_cost=value["unit_cost"],
                currency=value["currency"],
                demand=Demand(
                    value["demand_mean"],
                    value["demand_sd"],
                    period=value["demand_period"],
                    distribution=value["demand_distribution"],
                ),
                lead_time=LeadTime(
                    value["lead_time"], value["lead_time_sd"], period=value["lead_time_period"]
                ),
                service_level=value["service_level"],
                fill_rate=value["fill_rate"],
                safety_stock=value["safety_stock"],
                order_quantity=value["order_quantity"],
                order_multiple=value["order_multiple"],
                minimum_order=value["minimum_order"],
                review_period=value["review_period"],
                holding_rate=value["holding_rate"],
                committed=value["committed"],
                on_order=value["on_order"],
                last_consumption=value["last_consumption"],
                end_of_life=value["end_of_life"],
                lots=tuple(by_sku.get(value["sku"], ())),
            )
        )
    return items


SCALES = {
    "on_hand": 3,
    "unit_cost": 3,
    "service_level": 3,
    "fill_rate": 3,
    "safety_stock": 0,
    "order_quantity": 0,
    "order_multiple": 0,
    "minimum_order": 0,
    "review_period": 0,
    "holding_rate": 2,
    "committed": 0,
    "on_order": 0,
    "demand_mean": 2,
    "demand_sd": 2,
    "lead_time": 0,
    "lead_time_sd": 1,
    "quantity": 0,
}
DATES = ("last_consumption", "expiry")


def to_frame(columns: Columns, kind: str) -> Any:
    """``columns`` as a pandas, polars or pyarrow frame: exact decimals, dates, text, booleans.

    pandas holds ``Decimal`` objects (its own decimal type), polars ``pl.Decimal``
    and pyarrow ``decimal128`` columns at a fixed scale per column; dates are
    ``datetime64`` (pandas), ``pl.Date`` and ``date32``; a missing value is null.
    """
    if kind == "pandas":
        import pandas as pd

        data = {
            name: pd.to_datetime(pd.Series(values)) if name in DATES else pd.Series(values)
            for name, values in columns.items()
        }
        return pd.DataFrame(data)
    import pyarrow as pa

    arrays = {}
    for name, values in columns.items():
        if name in SCALES:
            arrays[name] = pa.array(values, pa.decimal128(18, SCALES[name]))
        elif name in DATES:
            arrays[name] = pa.array(values, pa.date32())
        else:
            arrays[name] = pa.array(values)
    table = pa.table(arrays)
    if kind == "pyarrow":
        return table
    import polars as pl

    return pl.from_arrow(table)


def mix(table: Columns) -> str:
    """The workload's mix, for the record."""
    size = len(table["sku"])
    counts = Counter(
        "agreed"
        if agreed is not None
        else "service"
        if service is not None
        else "fill"
        if fill is not None
        else "no target"
        for agreed, service, fill in zip(
            table["safety_stock"], table["service_level"], table["fill_rate"], strict=True
        )
    )
    poisson = table["demand_distribution"].count("poisson")
    zero = sum(mean == 0 for mean in table["demand_mean"])
    shares = ", ".join(f"{name} {n / size:.0%}" for name, n in counts.most_common())
    return f"targets: {shares}; Poisson {poisson / size:.0%}, no demand {zero / size:.0%}"


# -- the integrator's float rows and the plain peers -------------------------------------------------

# One SKU as the hand-written code sees it: floats, a few flags, lots as (days to expiry, quantity).
Plain = tuple[Any, ...]


def plain_rows(table: Columns, lots: Columns, rows: Sequence[int]) -> list[Plain]:
    """The SKUs of ``rows`` as float tuples (prepared outside every timing)."""
    lots_of: dict[str, list[tuple[int, float]]] = {}
    for sku, quantity, expiry in zip(lots["sku"], lots["quantity"], lots["expiry"], strict=True):
        lots_of.setdefault(sku, []).append(((expiry - AS_OF).days, float(quantity)))
    out = []
    for row in rows:
        v = {name: column[row] for name, column in table.items()}
        if v["safety_stock"] is not None:
            target = ("agreed", float(v["safety_stock"]))
        elif v["service_level"] is not None:
            target = ("service", float(v["service_level"]))
        elif v["fill_rate"] is not None:
            target = ("fill", float(v["fill_rate"]))
        else:
            target = ("none", 0.0)
        last = v["last_consumption"]
        out.append(
            (
                float(v["demand_mean"]),
                float(v["demand_sd"]),
                DAYS_PER[v["demand_period"]],
                v["demand_distribution"] == "poisson",
                float(v["lead_time"]),
                float(v["lead_time_sd"]),
                float(v["review_period"]),
                target,
                float(v["on_hand"]),
                float(v["committed"]),
                float(v["on_order"]),
                float(v["unit_cost"]),
                float(v["holding_rate"]),
                PLACES[v["currency"]],
                float(v["order_quantity"]),
                float(v["order_multiple"] or 0),
                float(v["minimum_order"]),
                v["end_of_life"],
                None if last is None else (AS_OF - last).days,
                sorted(lots_of.get(v["sku"], ())),
            )
        )
    return out


def interval(row: Plain) -> tuple[float, float]:
    """Mean and σ of demand over the protection interval L + R, in floats."""
    mean, sd, days, poisson, lead, lead_sd, review = row[:7]
    factor = 1 / days  # lead time in days -> demand periods
    periods = (lead + review) * factor
    if poisson:
        return mean * periods, math.sqrt(mean * periods)
    return mean * periods, math.sqrt(periods * sd * sd + mean * mean * (lead_sd * factor) ** 2)


_NORMAL = NormalDist()


def float_safety(row: Plain) -> tuple[float, float]:
    """(safety stock, reorder point) with NormalDist, Newton on the loss, a Poisson pmf walk."""
    mu, sigma = interval(row)
    kind, target = row[7]
    if kind == "agreed":
        return target, mu + target
    if kind == "none":
        return 0.0, mu
    if row[3]:  # Poisson, service level
        p = math.exp(-mu)
        cdf, level = p, 0
        while cdf < target:
            level += 1
            p *= mu / level
            cdf += p
        level = max(level, math.ceil(mu))
        return level - mu, float(level)
    if sigma == 0:
        return 0.0, mu
    if kind == "service":
        safety = _NORMAL.inv_cdf(target) * sigma
        return safety, mu + safety
    goal = row[14] * (1 - target) / sigma  # G(k) = Q(1 - β)/σ
    k = 0.0
    for _ in range(60):
        step = (_NORMAL.pdf(k) - k * (1 - _NORMAL.cdf(k)) - goal) / (_NORMAL.cdf(k) - 1)
        k -= step
        if abs(step) < 1e-12:
            break
    safety = max(k * sigma, 0.0)  # a negative safety stock is none
    return safety, mu + safety


def stockpyl_safety(row: Plain, lib: Any) -> tuple[float, float]:
    """(safety stock, reorder point) through stockpyl (see the module notes)."""
    mu, sigma = interval(row)
    kind, target = row[7]
    if kind == "agreed":
        return target, mu + target
    if kind == "none":
        return 0.0, mu
    if row[3]:
        level = float(lib.newsvendor_poisson(1 - target, target, mu)[0])
        level = max(level, math.ceil(mu))
        return level - mu, level
    if sigma == 0 or mu == 0:  # stockpyl refuses a zero mean or σ
        return 0.0, mu
    if kind == "service":
        level = float(lib.newsvendor_normal(1 - target, target, mu, sigma)[0])
        return level - mu, level
    goal = row[14] * (1 - target) / sigma
    k = lib.brentq(lambda z: lib.standard_normal_loss(z)[0] - goal, -goal - 10, 10)
    safety = max(k * sigma, 0.0)
    return safety, mu + safety


def plain_split(row: Plain, safety: float) -> tuple[Any, ...]:
    """The obvious waterfall in floats: quantities, values and carrying rounded bucket by bucket."""
    mean, days = row[0], row[2]
    on_hand, committed, on_order, unit_cost, rate, places = row[8:14]
    lot, multiple, minimum, end_of_life, idle, lots = row[14:20]
    daily = mean / days
    shortage = max(-on_hand, 0.0)
    remaining = max(on_hand, 0.0)
    q_committed = min(remaining, committed)
    remaining -= q_committed
    uncovered = committed - q_committed
    allowance = max(lot, minimum)
    if multiple and allowance:
        allowance = math.ceil(allowance / multiple) * multiple
    no_consumption = idle is not None and idle > DEAD_AFTER_DAYS
    whole_item = end_of_life or daily == 0 or no_consumption
    if whole_item:
        q_obsolete = remaining
    else:
        expired = expiring = consumed = 0.0
        for days_left, quantity in lots:
            if days_left <= 0:
                expired += quantity
                continue
            usable = min(quantity, max(q_committed + daily * days_left - consumed, 0.0))
            consumed += usable
            expiring += quantity - usable
        q_obsolete = min(remaining, expired + expiring)
    remaining -= q_obsolete
    q_safety = min(remaining, safety)
    remaining -= q_safety
    q_cycle = min(remaining, allowance)
    q_excess = remaining - q_cycle
    quantities = (q_committed, q_obsolete, q_safety, q_cycle, q_excess)
    values = tuple(round(q * unit_cost, places) for q in quantities)
    carrying = tuple(round(v * rate, places) for v in values)
    if whole_item:
        excess_on_order = max(on_order - uncovered - shortage, 0.0)
    else:
        excess_on_order = (
            max(on_hand + on_order - committed - q_obsolete - safety - allowance, 0.0) - q_excess
        )
    months = max(on_hand, 0.0) / (daily * 365 / 12) if daily else None
    slow = on_hand > 0 and (months is None or months > SLOW_MOVING_MONTHS or no_consumption)
    return (
        quantities,
        values,
        carrying,
        excess_on_order,
        round(excess_on_order * unit_cost, places),
        months,
        slow,
    )


def float_review(rows: Sequence[Plain]) -> list[tuple[Any, ...]]:
    out = []
    for row in rows:
        safety, level = float_safety(row)
        out.append((safety, level, plain_split(row, safety)))
    return out


def stockpyl_review(rows: Sequence[Plain], lib: Any) -> list[tuple[Any, ...]]:
    out = []
    for row in rows:
        safety, level = stockpyl_safety(row, lib)
        out.append((safety, level, plain_split(row, safety)))
    return out


class _Stockpyl:
    """The three stockpyl entry points the peer uses, and scipy's brentq (stockpyl's dependency)."""

    def __init__(self) -> None:
        from scipy.optimize import brentq  # type: ignore[import-untyped]
        from stockpyl.loss_functions import standard_normal_loss  # type: ignore[import-untyped]
        from stockpyl.newsvendor import (  # type: ignore[import-untyped]
            newsvendor_normal,
            newsvendor_poisson,
        )

        self.brentq = brentq
        self.standard_normal_loss = standard_normal_loss
        self.newsvendor_normal = newsvendor_normal
        self.newsvendor_poisson = newsvendor_poisson


# -- helpers ----------------------------------------------------------------------------------------


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = {"now": time.perf_counter}


def use_clock(name: str) -> None:
    """Time with the wall clock (default) or this process's CPU time (on a shared machine)."""
    _clock["now"] = CLOCKS[name]


def load() -> str:
    """The 1-minute load average and the CPU count: other work on the machine skews wall times."""
    return f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = _clock["now"]()
    result = fn()
    return _clock["now"]() - started, result


def scalar_review(items: Sequence[StockItem]) -> list[StockReview]:
    return [
        review_stock(
            item,
            as_of=AS_OF,
            dead_after_days=DEAD_AFTER_DAYS,
            slow_moving_months=SLOW_MOVING_MONTHS,
        )
        for item in items
    ]


def frames_module() -> Any | None:
    """``spendrules.frames`` when it has ``review_stock`` (and numpy, narwhals), else None."""
    try:
        from spendrules import frames
    except ImportError:
        return None
    return frames if hasattr(frames, "review_stock") else None


def frames_review(frames: Any, frame: Any, lots: Any, table: ReserveTable | None = None) -> Any:
    return frames.review_stock(
        frame,
        as_of=AS_OF,
        lots=lots,
        reserve_table=table,
        dead_after_days=DEAD_AFTER_DAYS,
        slow_moving_months=SLOW_MOVING_MONTHS,
    )


def reserve_agreement(got: Sequence[dict[str, Any]], reviews: Sequence[StockReview]) -> int:
    """Rows whose reserve columns equal ``excess_and_obsolete_reserve`` of the scalar split."""
    same = 0
    for row, review in zip(got, reviews, strict=True):
        reserve = excess_and_obsolete_reserve(review.split, table=RESERVE_TABLE)
        same += (
            row.get("reserve_rate"),
            row.get("obsolete_reserve"),
            row.get("table_reserve"),
            row.get("reserve"),
        ) == (reserve.table_rate, reserve.obsolete_reserve, reserve.table_reserve, reserve.total)
    return same


def frame_rows(frame: Any, rows: Sequence[int]) -> list[dict[str, Any]]:
    """The output rows ``rows`` as dicts of Python values (null: None)."""
    module = type(frame).__module__.split(".")[0]
    if module == "pyarrow":
        return frame.take(list(rows)).to_pylist()  # type: ignore[no-any-return]
    if module == "polars":
        return frame[list(rows)].to_dicts()  # type: ignore[no-any-return]
    import pandas as pd

    records = frame.iloc[list(rows)].to_dict("records")
    return [
        {
            name: None
            if value is None or (not isinstance(value, str | Decimal) and pd.isna(value))
            else value.item()
            if hasattr(value, "item")
            else value
            for name, value in record.items()
        }
        for record in records
    ]


def expected_row(item: StockItem, review: StockReview) -> dict[str, Any]:
    """What the scalar rule says for each output column of ``frames.review_stock``."""
    split = review.split
    computed = review.safety_stock
    if computed is not None:
        method = computed.method.value
    else:
        method = "agreed" if item.safety_stock is not None else "none"
    primary = review.primary_reason()
    expected = {
        "currency": split.currency,
        "safety_stock": split.safety_target,
        "safety_method": method,
        "z": None if computed is None else computed.z,
        "level": None if computed is None else computed.level,
        "shortage": split.shortage,
        "value": split.value,
        "carrying_cost": split.annual_carrying_cost,
        "excess_on_order": split.excess_on_order,
        "excess_on_order_value": split.excess_on_order_value,
        "months_of_supply": split.months_of_supply,
        "slow_moving": split.slow_moving,
        "obsolete_cause": None if split.obsolete_cause is None else split.obsolete_cause.value,
        "rule": review.rule,
        "reason": None if primary is None else primary.code,
    }
    for bucket in split.buckets:
        name = bucket.kind.value
        expected[name] = bucket.quantity
        expected[f"{name}_value"] = bucket.value
        expected[f"{name}_carrying_cost"] = bucket.annual_carrying_cost
    return expected


def frames_agreement(
    got: Sequence[dict[str, Any]], items: Sequence[StockItem], reviews: Sequence[StockReview]
) -> tuple[int, int, dict[str, int], list[str]]:
    """Rows equal in every column, columns compared, mismatches per column, a few examples."""
    same = 0
    columns = 0
    wrong: dict[str, int] = {}
    examples: list[str] = []
    for row, item, review in zip(got, items, reviews, strict=True):
        expected = expected_row(item, review)
        columns = len(expected)
        bad = [
            name
            for name, value in expected.items()
            if row.get(name, "<missing>") != value or (value is None) != (row.get(name) is None)
        ]
        same += not bad
        for name in bad:
            wrong[name] = wrong.get(name, 0) + 1
            if len(examples) < 5:
                examples.append(
                    f"{item.sku} {name}: frames {row.get(name, '<missing>')!r}, scalar {expected[name]!r}"
                )
    return same, columns, wrong, examples


def float_agreement(
    reviews: Sequence[StockReview], results: Sequence[tuple[Any, ...]]
) -> tuple[int, int]:
    """Rows where the float formula's safety stock is within 1e-6 of the scalar one; and where
    its five bucket values equal the scalar values to the minor unit."""
    close = same = 0
    for review, (safety, _level, split) in zip(reviews, results, strict=True):
        scalar = review.split
        values = (
            scalar.committed.value,
            scalar.obsolete.value,
            scalar.safety.value,
            scalar.cycle.value,
            scalar.excess.value,
        )
        close += abs(safety - float(scalar.safety_target)) <= 1e-6
        same += all(
            Decimal(repr(v)).quantize(w) == w for v, w in zip(split[1], values, strict=True)
        )
    return close, same


def verdicts(rows: list[tuple[str, str, str, bool | None]]) -> None:
    print()
    print(f"{'measure':<44} {'value':>16}  {'target':<22} result")
    for label, value, target, met in rows:
        result = "n/a" if met is None else "PASS" if met else "MISS"
        print(f"{label:<44} {value:>16}  {target:<22} {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--skus", type=int, help=f"SKUs in the table (default {FULL_SIZE:,})")
    parser.add_argument("--quick", action="store_true", help="20,000 SKUs, smaller samples")
    parser.add_argument("--sample", type=int, help="SKUs of the scalar loop (default 10,000)")
    parser.add_argument(
        "--stockpyl-sample", type=int, help="SKUs of the stockpyl loop (default 20,000)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="frames runs, best kept (default 2)")
    parser.add_argument("--seed", type=int, default=20260331)
    parser.add_argument(
        "--kind",
        choices=KINDS,
        default="polars",
        help="the frame the targets are judged on (default polars)",
    )
    parser.add_argument(
        "--mix",
        choices=("realistic", "service-only"),
        default="realistic",
        help="service-only: normal demand and a cycle service level on every SKU",
    )
    parser.add_argument(
        "--reserve",
        action="store_true",
        help="also time frames.review_stock with a months-of-supply reserve table (one run)",
    )
    parser.add_argument(
        "--other-kinds",
        action="store_true",
        help="also time frames.review_stock once on each other kind of frame",
    )
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="cpu: process time, for a busy machine"
    )
    args = parser.parse_args()
    use_clock(args.clock)
    count = args.skus or (20_000 if args.quick else FULL_SIZE)
    sample_size = min(count, args.sample or (2_000 if args.quick else 10_000))
    stockpyl_size = min(count, args.stockpyl_sample or (4_000 if args.quick else 20_000))
    repeat = max(1, args.repeat)

    print(
        f"Python {platform.python_version()} on {platform.machine()}; {count:,} SKUs "
        f"(seed {args.seed}); scalar sample {sample_size:,}, stockpyl sample {stockpyl_size:,}; "
        f"{args.mix} mix; {args.kind} frame; {args.clock} clock; {load()}"
    )
    built, (table, lots) = timed(
        lambda: make_skus(count, args.seed, service_only=args.mix == "service-only")
    )
    rng = random.Random(args.seed + 1)
    sample = sorted(rng.sample(range(count), sample_size))
    stockpyl_rows = sorted(rng.sample(range(count), stockpyl_size))
    items = stock_items(table, lots, sample)
    every = plain_rows(table, lots, range(count))
    kinds = [args.kind] + ([k for k in KINDS if k != args.kind] if args.other_kinds else [])
    frames = frames_module()
    inputs = (
        {kind: (to_frame(table, kind), to_frame(lots, kind)) for kind in kinds} if frames else {}
    )
    print(
        f"(workload built in {built:.1f} s outside the timings: {len(lots['sku']):,} lots on "
        f"{len(set(lots['sku'])):,} SKUs; {mix(table)})"
    )

    # a. frames.review_stock: best of `repeat` on the judged kind, once on the others
    frames_times: dict[str, list[float]] = {}
    outputs: dict[str, Any] = {}
    levels_times: dict[str, float] = {}
    targeted: list[int] = []
    reserve_output: Any = None
    reserve_time = 0.0
    if frames is None:
        print("frames.review_stock not available: its lines are skipped")
    else:
        for kind in kinds:
            frame, lot_frame = inputs[kind]
            for _ in range(repeat if kind == args.kind else 1):
                seconds, outputs[kind] = timed(partial(frames_review, frames, frame, lot_frame))
                frames_times.setdefault(kind, []).append(seconds)
        if args.reserve:
            frame, lot_frame = inputs[args.kind]
            reserve_time, reserve_output = timed(
                partial(frames_review, frames, frame, lot_frame, RESERVE_TABLE)
            )
        # the rows with a service target (the others have no safety stock to compute)
        targeted = [
            row
            for row in range(count)
            if table["service_level"][row] is not None or table["fill_rate"][row] is not None
        ]
        subset = to_frame({n: [c[row] for row in targeted] for n, c in table.items()}, args.kind)
        for name in ("safety_stock", "reorder_point"):
            if hasattr(frames, name):
                levels_times[name] = timed(partial(getattr(frames, name), subset))[0]

    # b. the scalar rule on the sample
    scalar_time, reviews = timed(lambda: scalar_review(items))
    scalar_rate = sample_size / scalar_time

    # c. stockpyl per SKU on its sample
    stockpyl_rate: float | None = None
    stockpyl_time = 0.0
    try:
        lib = _Stockpyl()
    except ImportError:
        print("stockpyl is not installed: its line is skipped (pip install stockpyl to include it)")
    else:
        subset = [every[row] for row in stockpyl_rows]
        stockpyl_time = timed(partial(stockpyl_review, subset, lib))[0]
        stockpyl_rate = stockpyl_size / stockpyl_time

    # d. the plain float formula on every SKU
    float_time, floats = timed(partial(float_review, every))
    float_rate = count / float_time

    # -- report -------------------------------------------------------------------------------
    print()
    print(
        f"{'path (safety stock + reorder point + split)':<58} {'SKUs':>9} {'seconds':>8} {'SKUs/s':>11}"
    )

    def line(label: str, rows: int, seconds: float) -> None:
        print(f"{label:<58} {rows:>9,} {seconds:>8.2f} {rows / seconds:>11,.0f}")

    best = None
    for kind, times in frames_times.items():
        runs = f"best of {len(times)}" if len(times) > 1 else "one run"
        line(f"a. frames.review_stock, {kind} ({runs})", count, min(times))
        if len(times) > 1:
            print(f"   runs: {', '.join(f'{t:.2f} s' for t in times)}")
    if reserve_output is not None:
        line(f"   for the record: with a reserve table, {args.kind} (one run)", count, reserve_time)
    for name, seconds in levels_times.items():
        line(f"   for the record: frames.{name} alone, {args.kind}*", len(targeted), seconds)
    if levels_times:
        print("   * on the SKUs with a service level or fill rate (one run)")
    if args.kind in frames_times:
        best = min(frames_times[args.kind])
    line("b. scalar review_stock loop (sample)", sample_size, scalar_time)
    print(f"   extrapolated to {count:,} SKUs: {count / scalar_rate:,.1f} s")
    if stockpyl_rate is not None:
        line("c. stockpyl per SKU + plain waterfall (sample)", stockpyl_size, stockpyl_time)
        print(f"   extrapolated to {count:,} SKUs: {count / stockpyl_rate:,.1f} s")
    line("d. plain float formula + plain waterfall", count, float_time)
    if best is not None:
        frames_rate = count / best
        print()
        print(f"ratios (frames.review_stock on {args.kind}, best run)")
        print(f"   frames / scalar review_stock loop: {frames_rate / scalar_rate:,.1f}x")
        if stockpyl_rate is not None:
            print(f"   frames / stockpyl per SKU:         {frames_rate / stockpyl_rate:,.1f}x")
        print(f"   frames / plain float formula:      {frames_rate / float_rate:,.2f}x")

    print()
    print("agreement")
    agreed_all: bool | None = None
    for kind, output in outputs.items():
        same, columns, wrong, examples = frames_agreement(
            frame_rows(output, sample), items, reviews
        )
        print(
            f"  agree: {same:,}/{sample_size:,}  frames.review_stock ({kind}) = scalar review_stock, "
            f"every one of {columns} columns, row by row"
        )
        for name, n in sorted(wrong.items()):
            print(f"     {name}: {n:,} rows differ")
        for example in examples:
            print(f"     e.g. {example}")
        agreed_all = (agreed_all is not False) and same == sample_size
    if reserve_output is not None:
        same = reserve_agreement(frame_rows(reserve_output, sample), reviews)
        print(
            f"  agree: {same:,}/{sample_size:,}  frames.review_stock(reserve_table=...) reserve "
            "columns = excess_and_obsolete_reserve(review.split, table=...)"
        )
        agreed_all = agreed_all and same == sample_size
    close, same = float_agreement(reviews, [floats[row] for row in sample])
    print(
        f"  for the record: {close:,}/{sample_size:,}  plain float safety stock within 1e-6 of "
        f"the scalar rule; {same:,}/{sample_size:,}  its five bucket values equal to the minor unit"
    )

    rows: list[tuple[str, str, str, bool | None]] = []
    if best is None:
        rows.append(("frames.review_stock", "not available", "", None))
    else:
        ratio = None if stockpyl_rate is None else count / best / stockpyl_rate
        shown = "stockpyl missing" if ratio is None else f"{ratio:,.1f}x"
        rows += [
            (
                "frames review / stockpyl per SKU",
                shown,
                ">= 100x",
                None if ratio is None else ratio >= TARGET_RATIO,
            ),
            (
                "frames review / stockpyl per SKU",
                shown,
                ">= 50x (at the least)",
                None if ratio is None else ratio >= MINIMUM_RATIO,
            ),
        ]
        full = best * FULL_SIZE / count
        label = f"{FULL_SIZE:,}-SKU review" + (
            "" if count == FULL_SIZE else f" (scaled from {count:,})"
        )
        rows.append((label, f"{full:.2f} s", f"< {TARGET_SECONDS:g} s", full < TARGET_SECONDS))
        rows.append(
            (
                "frames = scalar on the sample",
                "all" if agreed_all else "NOT all",
                "all rows, all columns",
                agreed_all,
            )
        )
    verdicts(rows)
    print(f"({load()} at the end of the run)")


if __name__ == "__main__":
    main()
