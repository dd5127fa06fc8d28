"""Benchmark: sequential budget checks with reservation, against re-summing the ledger per check.

Workload: the budgets, policy and orders of ``budget_book.py`` (10,000 budget
lines: 1,000 cost centres × 10 accounts, fiscal year 2026, equal monthly
phasing; the order stage checks the ANNUAL budget, warning beyond 90 %,
blocking beyond 100 %), an opening ledger of 100,000 postings, and 1,000,000
single-line purchase orders checked in sequence; each order that is not
blocked is reserved, so later orders see it. spendrules does it two ways:

* ``BudgetBook(budgets, policy=..., ledger=opening)`` then
  ``book.reserve(order, as_of=..., explain=False)`` per order (the live book;
  orders built in chunks of 100,000 outside the timing, timed parts summed);
* ``iter_what_if(orders, budgets=..., ledger=..., ...)``, the one-shot form,
  which builds a book and yields the full ``BudgetCheck`` of every order
  (timed with the book's build; the orders are fed in the same chunks).

Peers, hand-written on the integrator's own rows (plain tuples prepared
outside the timing), the code of ``budget_book.py``:

* the obvious way: for each order, filter the ledger rows for its (account,
  cost centre) inside the fiscal year, ``sum`` the Decimal amounts, compare
  with the limit, and append the order to the rows when it passes. It is
  quadratic, so it runs on the first ``--naive`` orders and is reported per
  check, with the ratio to the book's per-check cost;
* a dict of running totals keyed (account, cost centre), on every order.

All four must agree on every decision they both make (printed as ``agree``).

Run: ``python bench/budget_check.py [--checks N] [--ledger N] [--naive N] [--clock cpu]``.
"""

from __future__ import annotations

import argparse
import itertools
import platform
from collections import deque
from collections.abc import Iterator
from functools import partial

from budget_book import (
    AS_OF,
    CHUNK,
    CLOCKS,
    POLICY,
    RunningTotals,
    budgets,
    chunks,
    integrator_limits,
    integrator_orders,
    integrator_rows,
    mix,
    now,
    opening_ledger,
    orders,
    reserve_all,
    resum_decision,
    scale_for,
    timed,
    use_clock,
)

from spendrules.budget import BudgetBook, BudgetCheck, FundsDecision, SpendRequest, iter_what_if


def fed(feed: deque[SpendRequest]) -> Iterator[SpendRequest]:
    """The orders put in ``feed``, one at a time (taken only as many times as put)."""
    while True:
        yield feed.popleft()


def take(results: Iterator[BudgetCheck], count: int) -> list[FundsDecision]:
    return [next(results).decision for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=1_000_000, help="orders in sequence")
    parser.add_argument("--ledger", type=int, default=100_000, help="opening postings")
    parser.add_argument("--naive", type=int, default=1_000, help="orders for the re-sum peer")
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="cpu: process time, for a busy machine"
    )
    args = parser.parse_args()
    use_clock(args.clock)
    order_scale = scale_for(args.checks)

    lines = budgets()
    opening = opening_ledger(args.ledger, scale_for(args.ledger))
    rows = integrator_rows(opening)
    limits = integrator_limits(lines)
    print(
        f"Python {platform.python_version()}; {len(lines):,} budget lines, "
        f"{len(opening):,} opening postings, {args.checks:,} orders in sequence; "
        f"{args.clock} clock"
    )

    load, book = timed(lambda: BudgetBook(lines, policy=POLICY, ledger=opening))
    book_time = 0.0
    totals = RunningTotals(rows, limits)
    totals_time = 0.0
    decisions: list[FundsDecision] = []
    same_totals = 0
    for chunk in chunks(orders(args.checks, order_scale), CHUNK):
        seconds, got = timed(partial(reserve_all, book, chunk, explain=False))
        book_time += seconds
        plain = integrator_orders(chunk)
        seconds, expected = timed(partial(totals.reserve_all, plain))
        totals_time += seconds
        same_totals += sum(a is b for a, b in zip(got, expected, strict=True))
        decisions += got
    del book

    # the one-shot form, fed chunk by chunk so that building the orders stays outside the timing
    feed: deque[SpendRequest] = deque()
    what_if_time, results = timed(
        lambda: iter_what_if(fed(feed), budgets=lines, ledger=opening, policy=POLICY, as_of=AS_OF)
    )
    what_if_load = what_if_time
    same_what_if = 0
    done = 0
    for chunk in chunks(orders(args.checks, order_scale), CHUNK):
        feed.extend(chunk)
        seconds, got = timed(partial(take, results, len(chunk)))
        what_if_time += seconds
        same_what_if += sum(
            a is b for a, b in zip(got, decisions[done : done + len(chunk)], strict=True)
        )
        done += len(chunk)

    naive = list(itertools.islice(orders(args.naive, order_scale), args.naive))
    plain = integrator_orders(naive)
    grown = list(rows)
    started = now()
    resummed = []
    for order in plain:
        decision = resum_decision(grown, limits, order)
        if decision is FundsDecision.PASS or decision is FundsDecision.PASS_WITH_WARNING:
            account, centre, amount, day = order
            grown.append((account, centre, day, amount))
        resummed.append(decision)
    naive_time = now() - started
    same_naive = sum(a is b for a, b in zip(resummed, decisions, strict=False))

    count = args.checks
    per_book = book_time / count
    per_naive = naive_time / len(plain)
    print(f"  decisions: {mix(decisions)}")
    print(f"  agree: {same_totals:,}/{count:,}  book.reserve = hand-written running totals")
    print(f"  agree: {same_what_if:,}/{count:,}  book.reserve = iter_what_if")
    print(f"  agree: {same_naive:,}/{len(plain):,}  book.reserve = hand-written re-sum")
    print()
    print(
        f"BudgetBook.reserve(explain=False): {count / book_time:12,.0f} checks/s "
        f"({per_book * 1e6:,.1f} µs per check, {book_time:,.2f} s; book built in {load:.2f} s)"
    )
    print(
        f"iter_what_if (BudgetCheck each):   {count / what_if_time:12,.0f} checks/s "
        f"({what_if_time / count * 1e6:,.1f} µs per check, {what_if_time:,.2f} s including "
        f"{what_if_load:.2f} s to build its book)"
    )
    print(
        f"hand-written running totals:       {count / totals_time:12,.0f} checks/s "
        f"({totals_time / count * 1e6:,.2f} µs per check)"
    )
    print(
        f"hand-written re-sum per check:     {len(plain) / naive_time:12,.1f} checks/s "
        f"({per_naive * 1e3:,.2f} ms per check over {len(rows):,} to {len(grown):,} rows, "
        f"first {len(plain):,} orders)"
    )
    print(f"ratio re-sum / BudgetBook, per check: {per_naive / per_book:,.0f}x")
    print(f"ratio running totals / BudgetBook, per check: {totals_time / count / per_book:,.2f}x")


if __name__ == "__main__":
    main()
