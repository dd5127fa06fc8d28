"""Benchmark: payment schedules per second (spendrules.payment_terms.schedule).

Workload: N synthetic invoices (default 1,000,000) with dates over six years,
amounts from 0.01 to 99,999.99 in USD, EUR and JPY, and a mix of 20 payment
terms (parsed once). Each invoice gets its full schedule: due dates, installment
amounts that add up exactly, discounts and the reasons.

The comparison is the same workload written "the obvious way": one
``relativedelta`` / ``timedelta`` per row and per line, each installment rounded
on its own with ``Decimal.quantize`` (ERPNext's approach; no conservation, no
reasons, no discount base, no validation). The ratio is spendrules' rate over
the obvious code's rate.

Run:  python bench/terms_schedule.py [N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from spendrules.payment_terms import parse_terms, schedule

TERMS = [
    "net 30",
    "net 60",
    "net 90",
    "2/10 net 30",
    "1/10 net 30",
    "3/10, 2/30, net 60",
    "net 10th prox",
    "2% 10th prox net 30",
    "net 60 EOM",
    "1/10 EOM net 30; from invoice date",
    "30 days end of month",
    "60 days end of month on the 10th",
    "net 1 month",
    "net 3 months",
    "net end of next month",
    "30% advance, 70% net 30",
    "1/3 of total net 30, 1/3 of total net 60, balance net 90",
    "50% 2/10 net 30, 50% net 60",
    "net 30 payment days 5 and 20",
    "due on receipt",
]

CURRENCIES = ["USD", "EUR", "JPY"]
QUANT = {"USD": Decimal("0.01"), "EUR": Decimal("0.01"), "JPY": Decimal(1)}


def _eom(day: date) -> date:
    result: date = day + relativedelta(day=31)
    return result


def _naive_rules() -> list[Callable[[date, Decimal, Decimal], list[tuple[date, Decimal]]]]:
    """The 20 terms written the obvious way: one function per term, one relativedelta per line."""

    def net(days: int) -> Callable[[date, Decimal, Decimal], list[tuple[date, Decimal]]]:
        return lambda d, a, q: [(d + timedelta(days=days), a.quantize(q, ROUND_HALF_UP))]

    def split(
        parts: list[tuple[Decimal, Callable[[date], date]]],
    ) -> Callable[[date, Decimal, Decimal], list[tuple[date, Decimal]]]:
        return lambda d, a, q: [
            (rule(d), (a * pct / 100).quantize(q, ROUND_HALF_UP)) for pct, rule in parts
        ]

    def prox(day: int) -> Callable[[date], date]:
        return lambda d: d + relativedelta(months=1, day=day)

    def pay_days(d: date) -> date:
        d = d + timedelta(days=30)
        for months in (0, 1):
            for day in (5, 20):
                candidate: date = d + relativedelta(months=months, day=day)
                if candidate >= d:
                    return candidate
        return d

    third = Decimal(100) / 3
    return [
        net(30),
        net(60),
        net(90),
        net(30),
        net(30),
        net(60),
        lambda d, a, q: [(prox(10)(d), a.quantize(q, ROUND_HALF_UP))],
        lambda d, a, q: [(prox(30)(d), a.quantize(q, ROUND_HALF_UP))],
        lambda d, a, q: [(_eom(d) + timedelta(days=60), a.quantize(q, ROUND_HALF_UP))],
        net(30),
        lambda d, a, q: [(_eom(d + timedelta(days=30)), a.quantize(q, ROUND_HALF_UP))],
        lambda d, a, q: [
            (d + timedelta(days=60) + relativedelta(months=1, day=10), a.quantize(q, ROUND_HALF_UP))
        ],
        lambda d, a, q: [(d + relativedelta(months=1), a.quantize(q, ROUND_HALF_UP))],
        lambda d, a, q: [(d + relativedelta(months=3), a.quantize(q, ROUND_HALF_UP))],
        lambda d, a, q: [(d + relativedelta(months=1, day=31), a.quantize(q, ROUND_HALF_UP))],
        split([(Decimal(30), lambda d: d), (Decimal(70), lambda d: d + timedelta(days=30))]),
        split(
            [
                (third, lambda d: d + timedelta(days=30)),
                (third, lambda d: d + timedelta(days=60)),
                (third, lambda d: d + timedelta(days=90)),
            ]
        ),
        split(
            [
                (Decimal(50), lambda d: d + timedelta(days=30)),
                (Decimal(50), lambda d: d + timedelta(days=60)),
            ]
        ),
        lambda d, a, q: [(pay_days(d), a.quantize(q, ROUND_HALF_UP))],
        net(0),
    ]


def _invoices(n: int) -> list[tuple[int, date, Decimal, str]]:
    rng = random.Random(20260315)
    start = date(2024, 1, 1).toordinal()
    return [
        (
            rng.randrange(len(TERMS)),
            date.fromordinal(start + rng.randrange(6 * 365)),
            Decimal(rng.randrange(1, 10_000_000)).scaleb(-2),
            rng.choice(CURRENCIES),
        )
        for _ in range(n)
    ]


def main(n: int) -> None:
    parsed = [parse_terms(text) for text in TERMS]
    naive = _naive_rules()
    rows = _invoices(n)

    started = time.perf_counter()
    lines = 0
    for index, invoice_date, amount, currency in rows:
        plan = schedule(parsed[index], invoice_date=invoice_date, amount=amount, currency=currency)
        lines += len(plan.lines)
    ours = time.perf_counter() - started

    started = time.perf_counter()
    naive_lines = 0
    for index, invoice_date, amount, currency in rows:
        naive_lines += len(naive[index](invoice_date, amount, QUANT[currency]))
    theirs = time.perf_counter() - started

    print(f"invoices: {n:,}  terms in the mix: {len(TERMS)}  schedule lines: {lines:,}")
    print(f"spendrules.schedule:        {n / ours:12,.0f} schedules/s  ({ours:.2f} s)")
    print(f"obvious relativedelta code: {n / theirs:12,.0f} schedules/s  ({theirs:.2f} s)")
    print(f"ratio spendrules / obvious: {theirs / ours:.3f}  (the obvious code checks nothing,")
    print("  conserves no totals and explains nothing; see the module docstring)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="invoices to schedule")
    main(parser.parse_args().rows)
