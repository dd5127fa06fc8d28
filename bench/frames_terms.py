"""Benchmark: payment schedules and discount decisions over a DataFrame (spendrules.frames).

Workload: N synthetic invoices (default 1,000,000) in one pandas DataFrame with
columns ``invoice_date`` (datetime64[ns], over two years), ``amount`` (int64
minor units: cents for USD and EUR, yen for JPY; 2 % credit notes and 0.1 %
zero amounts), ``currency`` (text) and ``terms`` (a pandas categorical of the
ten most common terms below). Measured in one run:

* ``frames.schedule(df, money="minor_units", tiers=2)``: invoices per second,
  output rows per second and bytes per output row of the result;
* ``frames.should_take_discount(df, cost_of_capital=Decimal("0.08"))``: rows
  per second.

Two anchors compute the same schedule lines (due date, amount, and per tier the
deadline, discount and payable, with a missing tier padded as the frames WIDE
layout does):

* the obvious per-row loop: one ``relativedelta`` per date, integer minor
  units, the 30/70 split by largest remainder, discounts rounded half up in
  integers; run on a sample (``--sample``, default 100,000 invoices) of
  Python objects prepared outside the timing;
* hand-written numpy, one block per term over the rows its mask selects
  (``np.flatnonzero``): day-number arithmetic, month ends and the 10th of next
  month through ``datetime64[M]``, int64 amounts with round-half-up in
  integers, expanded into the same output rows (``datetime64[s]`` dates). It
  returns bare arrays: no currency, ``rule`` or ``reason`` column, no
  validation, nothing but these ten terms.

Before timing, the script checks on the sample that frames, the loop and the
numpy code give the same rows, and that the anchors equal the scalar
``payment_terms.schedule`` on the first 5,000 invoices of it. Every timing
is the best of 3 runs with ``time.perf_counter`` (the naive loop's too, so that
a busy machine does not flatter the ratios).

Run:  python bench/frames_terms.py [--rows N] [--sample M]
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta

from spendrules.money import minor_units
from spendrules.payment_terms import parse_terms, schedule

TERMS = [
    "net 30",
    "2/10 net 30",
    "net 60",
    "net 60 EOM",
    "net 10th prox",
    "1/15 net 45",
    "30% advance, 70% net 30",
    "3/10, 2/30, net 60",
    "net 90",
    "1/10 net 30",
]
TERM_SHARE = [0.30, 0.14, 0.12, 0.08, 0.07, 0.05, 0.05, 0.05, 0.08, 0.06]
CURRENCIES = ["USD", "EUR", "JPY"]
CURRENCY_SHARE = [0.50, 0.35, 0.15]
TIERS = 2
REPEAT = 3
SCALAR_SAMPLE = 5_000
COLUMNS = ["row", "installment", "due_date", "amount"] + [
    f"{name}_{tier}" for tier in range(1, TIERS + 1) for name in ("deadline", "discount", "payable")
]

Columns = dict[str, Any]
Line = tuple[date, int, list[tuple[date, int]]]


def _invoices(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(20260315)
    days = rng.integers(0, 731, n)
    amount = rng.integers(1, 10_000_000, n, dtype=np.int64)
    draw = rng.random(n)
    amount[draw < 0.02] *= -1
    amount[draw >= 0.999] = 0
    return pd.DataFrame(
        {
            "invoice_date": (np.datetime64("2024-01-01") + days).astype("datetime64[ns]"),
            "amount": amount,
            "currency": np.array(CURRENCIES)[rng.choice(3, n, p=CURRENCY_SHARE)],
            "terms": pd.Categorical.from_codes(rng.choice(10, n, p=TERM_SHARE), TERMS),
        }
    )


# -- the obvious per-row loop ---------------------------------------------------------------------


def _percent(amount: int, percent: int) -> int:
    """``percent`` % of ``amount`` minor units, rounded half up (away from zero) in integers."""
    magnitude = (abs(amount) * percent + 50) // 100
    return -magnitude if amount < 0 else magnitude


def _naive_rules() -> dict[str, Callable[[date, int], list[Line]]]:
    """The ten terms written the obvious way: one function per term, one relativedelta per date."""

    def net(days: int, *tiers: tuple[int, int]) -> Callable[[date, int], list[Line]]:
        def rule(d: date, a: int) -> list[Line]:
            offers = [(d + relativedelta(days=early), _percent(a, pct)) for pct, early in tiers]
            return [(d + relativedelta(days=days), a, offers)]

        return rule

    def end_of_month_60(d: date) -> date:
        result: date = d + relativedelta(day=31, days=60)
        return result

    def tenth_prox(d: date) -> date:
        result: date = d + relativedelta(months=1, day=10)
        return result

    def advance_30_70(d: date, a: int) -> list[Line]:
        magnitude = abs(a)
        first, first_remainder = divmod(magnitude * 30, 100)
        second, second_remainder = divmod(magnitude * 70, 100)
        if first + second < magnitude:  # one unit left: the larger remainder, the first on a tie
            if first_remainder >= second_remainder:
                first += 1
            else:
                second += 1
        sign = -1 if a < 0 else 1
        return [(d, sign * first, []), (d + relativedelta(days=30), sign * second, [])]

    return {
        "net 30": net(30),
        "2/10 net 30": net(30, (2, 10)),
        "net 60": net(60),
        "net 60 EOM": lambda d, a: [(end_of_month_60(d), a, [])],
        "net 10th prox": lambda d, a: [(tenth_prox(d), a, [])],
        "1/15 net 45": net(45, (1, 15)),
        "30% advance, 70% net 30": advance_30_70,
        "3/10, 2/30, net 60": net(60, (3, 10), (2, 30)),
        "net 90": net(90),
        "1/10 net 30": net(30, (1, 10)),
    }


def _wide(row: int, lines: list[Line]) -> list[tuple[Any, ...]]:
    """Lines as WIDE output rows: a missing tier is (due date, 0, amount)."""
    out = []
    for installment, (due, amount, offers) in enumerate(lines):
        wide: list[Any] = [row, installment, due, amount]
        for tier in range(TIERS):
            deadline, discount = offers[tier] if tier < len(offers) else (due, 0)
            wide += [deadline, discount, amount - discount]
        out.append(tuple(wide))
    return out


def naive_schedule(invoices: list[tuple[date, int, str]]) -> list[tuple[Any, ...]]:
    rules = _naive_rules()
    out: list[tuple[Any, ...]] = []
    for row, (invoice_date, amount, text) in enumerate(invoices):
        lines = rules[text](invoice_date, amount) if amount else [(invoice_date, 0, [])]
        out += _wide(row, lines)
    return out


# -- hand-written numpy ---------------------------------------------------------------------------


def _percent_np(amount: Any, percent: int) -> Any:
    """``percent`` % of each amount, rounded half up (away from zero) in int64."""
    magnitude = (np.abs(amount) * percent + 50) // 100
    return np.where(amount < 0, -magnitude, magnitude)


def _next_month_start(day: Any) -> Any:
    """Day numbers (days since 1970-01-01) of the first day of the next month, via datetime64[M]."""
    month = day.view("datetime64[D]").astype("datetime64[M]") + 1
    return month.astype("datetime64[D]").view(np.int64)


def numpy_schedule(frame: pd.DataFrame) -> Columns:
    """The same output rows as arrays: one block per term over the positions its mask selects.

    Dates are int64 day numbers until the end (viewed as datetime64[D] where a
    month is needed); each term's rows are taken once with ``np.flatnonzero``.
    """
    day = frame["invoice_date"].to_numpy().astype("datetime64[D]").view(np.int64)
    amount = frame["amount"].to_numpy()
    categorical = frame["terms"].array
    term = np.array([TERMS.index(text) for text in categorical.categories], np.int8)[
        categorical.codes
    ]
    n = len(day)
    due = np.empty(n, np.int64)
    first = amount.copy()  # the amount of each invoice's first line
    for text, days in [
        ("net 30", 30),
        ("2/10 net 30", 30),
        ("net 60", 60),
        ("1/15 net 45", 45),
        ("3/10, 2/30, net 60", 60),
        ("net 90", 90),
        ("1/10 net 30", 30),
    ]:
        at = np.flatnonzero(term == TERMS.index(text))
        due[at] = day[at] + days
    at = np.flatnonzero(term == TERMS.index("net 60 EOM"))
    due[at] = _next_month_start(day[at]) - 1 + 60
    at = np.flatnonzero(term == TERMS.index("net 10th prox"))
    due[at] = _next_month_start(day[at]) + 9
    split = np.flatnonzero((term == TERMS.index("30% advance, 70% net 30")) & (amount != 0))
    magnitude = np.abs(amount[split])
    part_1, remainder_1 = np.divmod(magnitude * 30, 100)
    part_2, remainder_2 = np.divmod(magnitude * 70, 100)
    left = magnitude - part_1 - part_2  # 0 or 1: to the larger remainder, the first on a tie
    to_first = left * (remainder_1 >= remainder_2)
    sign = np.where(amount[split] < 0, -1, 1)
    first[split] = sign * (part_1 + to_first)
    second = sign * (part_2 + left - to_first)
    due[split] = day[split]
    zero = np.flatnonzero(amount == 0)  # a zero total: one zero line on the invoice date
    due[zero] = day[zero]

    deadline = [due.copy() for _ in range(TIERS)]  # a missing tier: due date, 0, amount
    discount = [np.zeros(n, np.int64) for _ in range(TIERS)]
    for text, tiers in [
        ("2/10 net 30", [(2, 10)]),
        ("1/15 net 45", [(1, 15)]),
        ("3/10, 2/30, net 60", [(3, 10), (2, 30)]),
        ("1/10 net 30", [(1, 10)]),
    ]:
        at = np.flatnonzero((term == TERMS.index(text)) & (amount != 0))
        d = day[at]
        a = amount[at]
        for tier, (percent, early) in enumerate(tiers):
            deadline[tier][at] = d + early
            discount[tier][at] = _percent_np(a, percent)

    # one output row per line: the second line of a split invoice follows its first
    total = n + len(split)
    later = split + np.arange(1, len(split) + 1)  # output positions of the second lines
    marker = np.zeros(total, np.int64)
    marker[later] = 1
    row = np.arange(total) - np.cumsum(marker)
    installment = marker
    out_due = due[row]
    out_due[later] = day[split] + 30
    out_amount = first[row]
    out_amount[later] = second
    columns: Columns = {
        "row": row,
        "installment": installment,
        "due_date": (out_due * 86_400).view("datetime64[s]"),
        "amount": out_amount,
    }
    for tier in range(TIERS):
        out_deadline = deadline[tier][row]
        out_deadline[later] = out_due[later]
        out_discount = discount[tier][row]  # 0 on the second lines: the 30/70 term has no tier
        columns[f"deadline_{tier + 1}"] = (out_deadline * 86_400).view("datetime64[s]")
        columns[f"discount_{tier + 1}"] = out_discount
        columns[f"payable_{tier + 1}"] = out_amount - out_discount
    return columns


# -- checks ---------------------------------------------------------------------------------------


def _scalar_rows(invoices: list[tuple[date, int, str]], currencies: list[str]) -> Columns:
    parsed = {text: parse_terms(text) for text in TERMS}
    out: list[tuple[Any, ...]] = []
    for row, ((invoice_date, amount, text), currency) in enumerate(
        zip(invoices, currencies, strict=True)
    ):
        digits = minor_units(currency)
        plan = schedule(
            parsed[text],
            invoice_date=invoice_date,
            amount=Decimal(amount).scaleb(-digits),
            currency=currency,
        )
        lines: list[Line] = [
            (
                line.due_date,
                int(line.amount.scaleb(digits)),
                [(offer.deadline, int(offer.discount.scaleb(digits))) for offer in line.discounts],
            )
            for line in plan.lines
        ]
        out += _wide(row, lines)
    return _from_tuples(out)


def _from_tuples(rows: list[tuple[Any, ...]]) -> Columns:
    columns = dict(zip(COLUMNS, (list(column) for column in zip(*rows, strict=True)), strict=True))
    return {
        name: np.array(values, "datetime64[D]" if isinstance(values[0], date) else np.int64)
        for name, values in columns.items()
    }


def _normal(columns: Columns | pd.DataFrame) -> Columns:
    out = {}
    for name in COLUMNS:
        values = np.asarray(columns[name])
        out[name] = values.astype("datetime64[D]" if values.dtype.kind == "M" else np.int64)
    return out


def _check(label: str, expected: Columns, got: Columns) -> None:
    for name in COLUMNS:
        same = len(expected[name]) == len(got[name]) and np.array_equal(expected[name], got[name])
        if not same:
            raise SystemExit(f"{label}: column {name!r} differs")


def _best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(n: int, sample: int) -> None:
    try:
        from spendrules import frames

        frames.schedule  # noqa: B018
    except (ImportError, AttributeError):
        frames = None
    frame = _invoices(n)
    part = frame.iloc[:sample]
    invoices = list(
        zip(
            part["invoice_date"].to_numpy().astype("datetime64[D]").tolist(),
            part["amount"].tolist(),
            part["terms"].astype(str).tolist(),
            strict=True,
        )
    )

    naive_time, naive = _best(lambda: naive_schedule(invoices))
    naive_columns = _from_tuples(naive)
    numpy_sample = _normal(numpy_schedule(part))
    _check("numpy vs naive loop", naive_columns, numpy_sample)
    scalar = _scalar_rows(invoices[:SCALAR_SAMPLE], part["currency"].tolist()[:SCALAR_SAMPLE])
    scalar_lines = len(scalar["row"])
    _check(
        "naive loop vs scalar schedule",
        scalar,
        {k: v[:scalar_lines] for k, v in naive_columns.items()},
    )
    numpy_time, numpy_result = _best(lambda: numpy_schedule(frame))
    numpy_lines = len(numpy_result["row"])
    numpy_bytes = sum(column.nbytes for column in numpy_result.values()) / numpy_lines
    del numpy_result

    print(
        f"invoices: {n:,}  terms in the mix: {len(TERMS)}  currencies: {', '.join(CURRENCIES)}  "
        f"schedule lines: {numpy_lines:,}"
    )
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
        f"best of {REPEAT} runs each"
    )
    print(
        f"checked: numpy = naive loop on {sample:,} invoices ({len(naive):,} lines); "
        f"anchors = scalar schedule() on {min(sample, SCALAR_SAMPLE):,}"
    )
    if frames is None:
        print("spendrules.frames is not available: anchors only")
    else:
        frames_sample = _normal(frames.schedule(part, money="minor_units", tiers=TIERS))
        _check("frames.schedule vs naive loop", naive_columns, frames_sample)
        print(f"checked: frames.schedule = naive loop = numpy on {sample:,} invoices")
    print()
    naive_rate = sample / naive_time
    numpy_rate = n / numpy_time
    print(
        f"naive relativedelta loop:      {naive_rate:12,.0f} invoices/s  "
        f"({sample:,} invoices, {naive_time:.2f} s)"
    )
    print(
        f"hand-written numpy:            {numpy_rate:12,.0f} invoices/s  ({numpy_time:.3f} s; "
        f"{numpy_lines / numpy_time:,.0f} lines/s, {numpy_bytes:.0f} bytes per line)"
    )
    if frames is None:
        return

    schedule_time, result = _best(lambda: frames.schedule(frame, money="minor_units", tiers=TIERS))
    lines = len(result)
    per_row = result.memory_usage(deep=True).sum() / lines
    del result
    decide_time, decisions = _best(
        lambda: frames.should_take_discount(frame, cost_of_capital=Decimal("0.08"))
    )
    taken = int(decisions["take"].sum())
    del decisions

    rate = n / schedule_time
    decide_rate = n / decide_time
    print(
        f"frames.schedule:               {rate:12,.0f} invoices/s  ({schedule_time:.3f} s; "
        f"{lines / schedule_time:,.0f} output rows/s, {per_row:.0f} bytes per output row)"
    )
    print(
        f"frames.should_take_discount:   {decide_rate:12,.0f} rows/s      ({decide_time:.3f} s; "
        f"{taken:,} discounts taken)"
    )
    print()
    targets = [
        (
            "frames.schedule / naive loop",
            f"{rate / naive_rate:.1f}x",
            ">= 30x",
            rate >= 30 * naive_rate,
        ),
        ("numpy / frames.schedule", f"{numpy_rate / rate:.2f}x", "<= 3x", numpy_rate <= 3 * rate),
        ("frames.schedule invoices/s", f"{rate:,.0f}", ">= 2,000,000", rate >= 2_000_000),
        ("bytes per output row", f"{per_row:.0f}", "<= 150", per_row <= 150),
        (
            "should_take_discount rows/s",
            f"{decide_rate:,.0f}",
            ">= 1,000,000",
            decide_rate >= 1_000_000,
        ),
    ]
    for label, value, target, met in targets:
        print(f"{label:<30} {value:>12}  (target {target}: {'met' if met else 'NOT met'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="invoices in the frame")
    parser.add_argument(
        "--sample", type=int, default=100_000, help="invoices for the naive loop and the checks"
    )
    arguments = parser.parse_args()
    main(arguments.rows, min(arguments.sample, arguments.rows))
