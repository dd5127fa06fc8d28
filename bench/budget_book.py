"""Benchmark: a live BudgetBook (load, sequential check-and-post, per-check cost flat in ledger size).

Workload: 10,000 budget lines (1,000 cost centres × 10 accounts, fiscal year
2026, equal monthly phasing, USD) under a control policy whose order stage
checks the ANNUAL budget with a warning beyond 90 % and a block beyond 100 %;
an opening ledger of N postings (default 1,000,000: 10 % requisitions, 30 %
orders, 60 % actuals, dates across 2026, amounts with cents, half of them with
a reference); and M single-line purchase orders (default 1,000,000; 90 % with
a distinct reference, the rest without). Amounts are scaled with N and M so
that the opening ledger consumes about half of the budgets (200,000 to 400,000
USD each) and the orders push the smaller ones past 90 % and 100 % (a mix of
pass, warning and block).
Measured in one run:

a. load: ``BudgetBook(budgets, policy=..., ledger=opening)`` (best of two
   builds), and ``snapshot()`` / ``from_snapshot()`` of the second book after
   its first 20,000 reservations, for the record (``--snapshot K``: of a book
   on the first K postings instead);
b. sequential check-and-post: every order through
   ``book.reserve(request, as_of=..., explain=False)``, which commits the
   order unless it is blocked; the orders are built in chunks of 100,000
   outside the timing and the timed parts are summed. ``reserve`` with the
   full ``BudgetCheck`` (``explain=True``) is timed on the first 20,000;
c. ``book.decide`` per check on books whose opening ledgers are the first
   N/100, N/10 and N postings (same budgets), 20,000 checks each, best of 3;
d. ``book.decide`` on 100,000 independent checks (no posting) on the N book,
   one pass (so it includes the first check of each budget, which c's best
   of 3 hides).

Peers, in the same run, on the integrator's own rows (plain tuples
``(account, cost centre, date, amount)`` prepared outside the timing, the
orders likewise):

e. the obvious code without spendrules: for each check, filter the ledger
   rows for the order's (account, cost centre) inside the budget's fiscal year,
   ``sum`` the Decimal amounts and compare with the budget limit. It is
   O(ledger) per check, so it runs on a few hundred to a few thousand checks
   per ledger size; reported per check with the ratio to ``book.decide``;
   and, for reference, a hand-written dict of running totals keyed
   (account, cost centre), on the checks of (d) and sequentially on the
   orders of (b), with its ratio.

f. Agreement: on the N/100 book, ``book.decide`` = ``book.check().decision``
   and the re-sum peer on 2,000 orders, ``check_budget(...).decision`` on as
   many of them as 60 s allow (it builds a book per call); the running totals
   agree with every decision of (b) and (d); ``reserve`` with and without the
   explanation decide alike; a book restored from its snapshot decides alike.

The summary table holds the targets of issue 14 (item 9) with PASS or MISS:
load < 5 s, reserve >= 50,000 rows/s (aim 100,000) and < 20 s per 1,000,000
orders (scaled with ``--checks``), ``decide`` per check at N postings within
1.5x of N/100, ``decide`` >= 50,000 checks/s, every decision in agreement.

Run: ``python bench/budget_book.py [--ledger N] [--checks M] [--snapshot K] [--quick] [--clock cpu]``
(``--quick``: everything ten times smaller, a smoke run; ``--clock cpu`` times
with the process's CPU time instead of the wall clock, on a shared machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import platform
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import partial
from typing import TypeVar

from spendrules.budget import (
    Action,
    Basis,
    Budget,
    BudgetBook,
    ControlPolicy,
    FundsDecision,
    LedgerEntry,
    SpendLine,
    SpendRequest,
    Stage,
    StagePolicy,
    ToleranceRule,
    check_budget,
)

T = TypeVar("T")

CENTRES = [f"CC-{n:04d}" for n in range(1000)]
ACCOUNTS = [str(6000 + n) for n in range(10)]
YEAR_START = dt.date(2026, 1, 1)
YEAR_END = dt.date(2026, 12, 31)
AS_OF = YEAR_END
DAYS = [YEAR_START + dt.timedelta(days=n) for n in range(365)]
WARN_AT = Decimal("0.9")
POLICY = ControlPolicy(
    order=StagePolicy(
        basis=Basis.ANNUAL,
        rules=(
            ToleranceRule(Action.WARN, usage=WARN_AT),
            ToleranceRule(Action.BLOCK, usage=Decimal(1)),
        ),
    )
)
CHUNK = 100_000
ZERO = Decimal(0)
DIMENSIONS = {centre: (("cost_center", centre),) for centre in CENTRES}
LEDGER_STAGES = [Stage.REQUISITION] + [Stage.ORDER] * 3 + [Stage.ACTUAL] * 6
PREFIX = {Stage.REQUISITION: "PR", Stage.ORDER: "OPO", Stage.ACTUAL: "INV"}

# the integrator's own rows: (account, cost centre, date, amount) and orders
# (account, cost centre, amount, date); budgets keyed (account, cost centre)
Row = tuple[str, str, dt.date, Decimal]
Order = tuple[str, str, Decimal, dt.date]
Limit = tuple[dt.date, dt.date, Decimal, Decimal]  # valid from, valid to, limit, 90 % of it
Limits = dict[tuple[str, str], Limit]


# -- workload ---------------------------------------------------------------------------------------


def budgets() -> list[Budget]:
    """10,000 annual budgets of 200,000 to 400,000 USD, one per (cost centre, account)."""
    rng = random.Random(7)
    return [
        Budget(
            account,
            Decimal(rng.randrange(200_000, 400_000)),
            "USD",
            YEAR_START,
            YEAR_END,
            DIMENSIONS[centre],
        )
        for centre in CENTRES
        for account in ACCOUNTS
    ]


def opening_ledger(count: int, scale: int = 1) -> list[LedgerEntry]:
    """``count`` postings across 2026; amounts 1.00 to 3,300.00 USD times ``scale``."""
    rng = random.Random(11)
    entries = []
    for number in range(count):
        stage = rng.choice(LEDGER_STAGES)
        entries.append(
            LedgerEntry(
                rng.choice(ACCOUNTS),
                stage,
                Decimal(rng.randrange(100, 330_000) * scale) / 100,
                "USD",
                rng.choice(DAYS),
                DIMENSIONS[rng.choice(CENTRES)],
                f"{PREFIX[stage]}-{number}" if rng.random() < 0.5 else "",
            )
        )
    return entries


def orders(count: int, scale: int = 1) -> Iterator[SpendRequest]:
    """``count`` single-line orders; amounts 10.00 to 2,000.00 USD times ``scale``."""
    rng = random.Random(13)
    for number in range(count):
        yield SpendRequest(
            (
                SpendLine(
                    rng.choice(ACCOUNTS),
                    Decimal(rng.randrange(1_000, 200_000) * scale) / 100,
                    "USD",
                    DIMENSIONS[rng.choice(CENTRES)],
                ),
            ),
            rng.choice(DAYS),
            stage=Stage.ORDER,
            reference=f"PO-{number}" if rng.random() < 0.9 else "",
        )


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def scale_for(count: int) -> int:
    """The amount multiplier that keeps consumption per budget about the same at ``count`` rows."""
    return max(1, 1_000_000 // max(count, 1))


# -- the hand-written peers ------------------------------------------------------------------------


def integrator_rows(entries: Iterable[LedgerEntry]) -> list[Row]:
    return [
        (entry.account, dict(entry.dimensions)["cost_center"], entry.date, entry.amount)
        for entry in entries
    ]


def integrator_orders(requests: Iterable[SpendRequest]) -> list[Order]:
    out = []
    for request in requests:
        line = request.lines[0]
        out.append((line.account, dict(line.dimensions)["cost_center"], line.amount, request.date))
    return out


def integrator_limits(lines: Iterable[Budget]) -> Limits:
    return {
        (budget.account, dict(budget.dimensions)["cost_center"]): (
            budget.valid_from,
            budget.valid_to,
            budget.amount,
            budget.amount * WARN_AT,
        )
        for budget in lines
    }


def verdict(after: Decimal, limit: Limit) -> FundsDecision:
    """Block beyond the limit, warn beyond 90 % of it (reaching a threshold exactly is allowed)."""
    if after > limit[2]:
        return FundsDecision.BLOCKED
    if after > limit[3]:
        return FundsDecision.PASS_WITH_WARNING
    return FundsDecision.PASS


def resum_decision(rows: Sequence[Row], limits: Limits, order: Order) -> FundsDecision:
    """The obvious code: re-sum the ledger rows of the order's key in the fiscal year, per check."""
    account, centre, amount, day = order
    limit = limits.get((account, centre))
    if limit is None or not limit[0] <= day <= limit[1]:
        return FundsDecision.NOT_CONTROLLED
    start, end = limit[0], limit[1]
    spent = sum(
        (a for acc, cc, d, a in rows if acc == account and cc == centre and start <= d <= end),
        ZERO,
    )
    return verdict(spent + amount, limit)


def resum_all(rows: Sequence[Row], limits: Limits, orders: Iterable[Order]) -> list[FundsDecision]:
    return [resum_decision(rows, limits, order) for order in orders]


class RunningTotals:
    """A hand-written dict of running totals keyed (account, cost centre)."""

    __slots__ = ("limits", "spent")

    def __init__(self, rows: Iterable[Row], limits: Limits) -> None:
        self.limits = limits
        self.spent = dict.fromkeys(limits, ZERO)
        for account, centre, day, amount in rows:
            limit = limits.get((account, centre))
            if limit is not None and limit[0] <= day <= limit[1]:
                self.spent[account, centre] += amount

    def decide(self, order: Order) -> FundsDecision:
        account, centre, amount, day = order
        limit = self.limits.get((account, centre))
        if limit is None or not limit[0] <= day <= limit[1]:
            return FundsDecision.NOT_CONTROLLED
        return verdict(self.spent[account, centre] + amount, limit)

    def reserve(self, order: Order) -> FundsDecision:
        decision = self.decide(order)
        if decision is FundsDecision.PASS or decision is FundsDecision.PASS_WITH_WARNING:
            self.spent[order[0], order[1]] += order[2]
        return decision

    def decide_all(self, orders: Iterable[Order]) -> list[FundsDecision]:
        return [self.decide(order) for order in orders]

    def reserve_all(self, orders: Iterable[Order]) -> list[FundsDecision]:
        return [self.reserve(order) for order in orders]


# -- helpers ----------------------------------------------------------------------------------------


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = {"now": time.perf_counter}


def use_clock(name: str) -> None:
    """Time with the wall clock (default) or this process's CPU time (on a shared machine)."""
    _clock["now"] = CLOCKS[name]


def now() -> float:
    return _clock["now"]()


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = now()
    result = fn()
    return now() - started, result


def decide_all(book: BudgetBook, requests: Sequence[SpendRequest]) -> list[FundsDecision]:
    decide = book.decide
    return [decide(request, as_of=AS_OF) for request in requests]


def reserve_all(
    book: BudgetBook, requests: Sequence[SpendRequest], *, explain: bool
) -> list[FundsDecision]:
    reserve = book.reserve
    if explain:
        return [reserve(request, as_of=AS_OF).decision for request in requests]
    return [reserve(request, as_of=AS_OF, explain=False) for request in requests]


def request_frame(requests: Sequence[SpendRequest]) -> object | None:
    """The requests as a polars frame (one row per single-line request), or None without polars."""
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - the bench runs where polars is installed
        return None
    lines = [request.lines[0] for request in requests]
    return pl.DataFrame(
        {
            "account": [line.account for line in lines],
            "amount": [line.amount for line in lines],
            "currency": [line.currency for line in lines],
            "date": [request.date for request in requests],
            "cost_center": [dict(line.dimensions)["cost_center"] for line in lines],
        },
        schema_overrides={"amount": pl.Decimal(18, 2)},
    )


def frames_decide(book: BudgetBook, frame: object) -> list[FundsDecision]:
    from spendrules import frames

    result = frames.check_budget(frame, book=book, as_of=AS_OF, dimensions=["cost_center"])
    return [FundsDecision(value) for value in result["decision"]]  # type: ignore[index]


def mix(decisions: Iterable[FundsDecision]) -> str:
    counts = Counter(decisions)
    return ", ".join(f"{d.value} {counts[d]:,}" for d in FundsDecision if counts[d])


def agree(label: str, left: Sequence[object], right: Sequence[object]) -> bool:
    same = sum(a == b for a, b in zip(left, right, strict=True))
    print(f"  agree: {same:,}/{len(left):,}  {label}")
    return same == len(left)


def per_check_us(seconds: float, count: int) -> float:
    return seconds / count * 1e6


def second_book(
    lines: list[Budget],
    opening: list[LedgerEntry],
    explained: list[SpendRequest],
    sample: list[SpendRequest],
    snapshot_size: int,
) -> tuple[float, float, list[FundsDecision], float, float, float, list[bool]]:
    """Build the book again, reserve with the BudgetCheck, snapshot it and restore the snapshot.

    The snapshot is of this book, or with ``snapshot_size`` below the ledger's
    of a book on the first ``snapshot_size`` postings with the same orders reserved.
    """
    load, other = timed(lambda: BudgetBook(lines, policy=POLICY, ledger=opening))
    explain_time, decisions = timed(lambda: reserve_all(other, explained, explain=True))
    if snapshot_size < len(opening):
        other = BudgetBook(lines, policy=POLICY, ledger=opening[:snapshot_size])
        reserve_all(other, explained, explain=False)
    gc.collect()
    snapshot_time, text = timed(other.snapshot)
    restore_time, restored = timed(lambda: BudgetBook.from_snapshot(text, lines, policy=POLICY))
    same = [
        a is b for a, b in zip(decide_all(restored, sample), decide_all(other, sample), strict=True)
    ]
    return load, explain_time, decisions, snapshot_time, len(text) / 1e6, restore_time, same


# -- the run ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=int, help="opening postings (default 1,000,000)")
    parser.add_argument("--checks", type=int, help="sequential orders (default 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="ten times smaller everywhere")
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="cpu: process time, for a busy machine"
    )
    parser.add_argument(
        "--snapshot",
        type=int,
        help="opening postings of the book snapshotted (default: all of --ledger)",
    )
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="gc.freeze() once the books are built, as a long-lived service would (see the guide)",
    )
    args = parser.parse_args()
    use_clock(args.clock)
    tenth = 10 if args.quick else 1
    ledger_size = args.ledger or 1_000_000 // tenth
    checks = args.checks or 1_000_000 // tenth
    snapshot_size = min(args.snapshot or ledger_size, ledger_size)
    flat_checks = 20_000 // tenth
    independent = 100_000 // tenth
    explained = 20_000 // tenth
    verify = 2_000 // tenth
    verify_seconds = 60 / tenth
    peer_rows = 200_000_000 // tenth  # rows the re-sum peer visits per ledger size
    sizes = sorted({max(1, ledger_size // 100), max(1, ledger_size // 10), ledger_size})

    print(
        f"Python {platform.python_version()} on {platform.machine()}; "
        f"{len(CENTRES) * len(ACCOUNTS):,} budget lines, {ledger_size:,} opening postings, "
        f"{checks:,} orders; {args.clock} clock"
        + ("; gc.freeze() after the books are built" if args.freeze else "")
    )
    lines = budgets()
    built, opening = timed(lambda: opening_ledger(ledger_size, scale_for(ledger_size)))
    stream = chunks(orders(checks, scale_for(checks)), CHUNK)
    first = next(stream, [])
    print(f"(workload built in {built:.1f} s outside the timings)")

    # a. load, twice (the second book serves explain=True and the snapshot)
    load_1, book = timed(lambda: BudgetBook(lines, policy=POLICY, ledger=opening))
    small = {size: BudgetBook(lines, policy=POLICY, ledger=opening[:size]) for size in sizes[:-1]}
    small[ledger_size] = book
    if args.freeze:
        gc.collect()
        gc.freeze()  # the books are long-lived: later collections skip them

    # c. decide per check at each ledger size
    sample = first[:flat_checks]
    book_us = dict.fromkeys(sizes, float("inf"))
    for _ in range(3):  # best of 3, the sizes interleaved so that a busy spell hits all of them
        for size, b in small.items():
            seconds = timed(partial(decide_all, b, sample))[0]
            book_us[size] = min(book_us[size], per_check_us(seconds, len(sample)))

    # d. independent checks on the full book: one by one, and as a frame
    part = first[:independent]
    decide_time, decided = timed(lambda: decide_all(book, part))
    frame = request_frame(part)
    if frame is not None:
        frame_time, frame_decided = timed(lambda: frames_decide(book, frame))

    # e. the peers
    rows = integrator_rows(opening)
    limits = integrator_limits(lines)
    plain = integrator_orders(first)
    resum_us = {}
    resum_counts = {}
    for size in sizes:
        count = min(verify, max(100 // tenth, peer_rows // size), len(plain))
        view = rows[:size]
        resum_counts[size] = count
        resum_us[size] = per_check_us(
            timed(partial(resum_all, view, limits, plain[:count]))[0],
            count,
        )
    totals = RunningTotals(rows, limits)
    totals_time, totals_decided = timed(partial(totals.decide_all, plain[:independent]))

    # f. agreement
    print()
    print("agreement")
    ok = True
    check_book = small[sizes[0]]
    verify_requests = first[:verify]
    verify_orders = plain[:verify]
    decisions = decide_all(check_book, verify_requests)
    ok &= agree(
        f"book.decide = book.check().decision ({sizes[0]:,}-posting book)",
        decisions,
        [check_book.check(r, as_of=AS_OF).decision for r in verify_requests],
    )
    view = rows[: sizes[0]]
    ok &= agree(
        "book.decide = hand-written re-sum",
        decisions,
        resum_all(view, limits, verify_orders),
    )
    ok &= agree(
        "book.decide = hand-written running totals",
        decided,
        totals_decided,
    )
    if frame is not None:
        ok &= agree("frames.check_budget = book.decide, row by row", frame_decided, decided)
    one_shot: list[FundsDecision] = []
    started = time.perf_counter()
    for request in verify_requests:
        if one_shot and time.perf_counter() - started > verify_seconds:
            break
        result = check_budget(
            request, budgets=lines, ledger=opening[: sizes[0]], policy=POLICY, as_of=AS_OF
        )
        one_shot.append(result.decision)
    one_shot_time = time.perf_counter() - started
    ok &= agree(
        f"book.decide = check_budget(...).decision "
        f"({one_shot_time / len(one_shot):.2f} s per call, wall clock)",
        decisions[: len(one_shot)],
        one_shot,
    )
    del small, check_book

    # a (second build), reserve with explain=True, snapshot
    load_2, explain_time, explained_decisions, snapshot_time, snapshot_mb, restore_time, kept = (
        second_book(lines, opening, first[:explained], first[-verify:], snapshot_size)
    )
    ok &= agree("from_snapshot(snapshot()).decide = book.decide", kept, [True] * len(kept))
    gc.collect()

    # b. sequential check-and-post, chunk by chunk; the running totals follow outside the timing
    reserve_time = 0.0
    sequential_totals = RunningTotals(rows, limits)
    totals_sequential_time = 0.0
    reserved: Counter[FundsDecision] = Counter()
    same = 0
    done = 0
    head: list[FundsDecision] = []
    for chunk in itertools.chain([first], stream):
        seconds, got = timed(partial(reserve_all, book, chunk, explain=False))
        reserve_time += seconds
        reserved.update(got)
        head = head or got
        plain_chunk = integrator_orders(chunk)
        seconds, expected = timed(partial(sequential_totals.reserve_all, plain_chunk))
        totals_sequential_time += seconds
        same += sum(a is b for a, b in zip(got, expected, strict=True))
        done += len(chunk)
    print(f"  agree: {same:,}/{done:,}  book.reserve = hand-written running totals, in sequence")
    ok &= same == done
    ok &= agree(
        "book.reserve(explain=True) = book.reserve(explain=False), in sequence",
        explained_decisions,
        head[: len(explained_decisions)],
    )

    # -- report -------------------------------------------------------------------------------
    load = min(load_1, load_2)
    reserve_rate = done / reserve_time
    explain_rate = len(explained_decisions) / explain_time
    decide_rate = len(part) / decide_time
    totals_us = per_check_us(totals_time, len(part))
    flatness = book_us[ledger_size] / book_us[sizes[0]]
    print()
    print(f"a. load BudgetBook({ledger_size:,} postings): {load_1:.2f} s, {load_2:.2f} s")
    print(
        f"   snapshot() of a book of {snapshot_size:,} postings and {explained:,} commits: "
        f"{snapshot_time:.2f} s ({snapshot_mb:,.0f} MB of JSON); from_snapshot(): {restore_time:.2f} s"
    )
    print(
        f"b. reserve(explain=False), {done:,} orders in sequence: {reserve_rate:,.0f} rows/s "
        f"({reserve_time:.2f} s; {mix(reserved)})"
    )
    print(
        f"   reserve() with the BudgetCheck, first {len(explained_decisions):,}: "
        f"{explain_rate:,.0f} rows/s ({per_check_us(explain_time, len(explained_decisions)):.1f} µs each)"
    )
    print(
        f"   hand-written running totals, same orders in sequence: "
        f"{done / totals_sequential_time:,.0f} rows/s "
        f"(running totals / book, per row: {reserve_rate * totals_sequential_time / done:.2f}x)"
    )
    print(f"c, e. per check, by opening ledger size ({len(sample):,} book checks, best of 3)")
    print(
        f"   {'postings':>10} {'book.decide':>13} {'re-sum':>13} {'checks':>7} "
        f"{'re-sum / book':>14}"
    )
    for size in sizes:
        print(
            f"   {size:>10,} {book_us[size]:>10.1f} µs {resum_us[size]:>10,.0f} µs "
            f"{resum_counts[size]:>7,} {resum_us[size] / book_us[size]:>13,.0f}x"
        )
    print(f"   book.decide {ledger_size:,} / {sizes[0]:,} postings: {flatness:.2f}x")
    print(
        f"d. decide, {len(part):,} independent checks: {decide_rate:,.0f} checks/s "
        f"({per_check_us(decide_time, len(part)):.1f} µs each; {mix(decided)})"
    )
    if frame is not None:
        frame_rate = len(part) / frame_time
        print(
            f"   frames.check_budget, the same checks as one polars frame: {frame_rate:,.0f} "
            f"checks/s ({frame_time:.2f} s; {frame_rate / decide_rate:.1f}x book.decide)"
        )
    print(
        f"   hand-written running totals, same checks: {1e6 / totals_us:,.0f} checks/s "
        f"({totals_us:.2f} µs each; running totals / book, per check: "
        f"{decide_rate * totals_us / 1e6:.2f}x)"
    )

    load_target = 5  # seconds for the default 1,000,000 postings, not scaled down
    total_target = 20 * done / 1_000_000
    targets = [
        (
            f"load {ledger_size:,} postings",
            f"{load:.2f} s",
            f"< {load_target:g} s",
            load < load_target,
        ),
        (
            "reserve rows/s",
            f"{reserve_rate:,.0f}",
            ">= 50,000 (aim 100,000)",
            reserve_rate >= 50_000,
        ),
        (
            f"reserve {done:,} orders",
            f"{reserve_time:.2f} s",
            f"< {total_target:g} s",
            reserve_time < total_target,
        ),
        ("decide per check, largest/smallest", f"{flatness:.2f}x", "~1 (<= 1.5x)", flatness <= 1.5),
        ("decide checks/s", f"{decide_rate:,.0f}", ">= 50,000", decide_rate >= 50_000),
        *(
            [
                (
                    "frames.check_budget checks/s",
                    f"{len(part) / frame_time:,.0f}",
                    ">= 50,000",
                    len(part) / frame_time >= 50_000,
                )
            ]
            if frame is not None
            else []
        ),
        ("decisions agree", "all" if ok else "NOT all", "all", ok),
    ]
    print()
    print(f"{'measure':<36} {'value':>12}  {'target':<24} result")
    for label, value, target, met in targets:
        print(f"{label:<36} {value:>12}  {target:<24} {'PASS' if met else 'MISS'}")


if __name__ == "__main__":
    main()
