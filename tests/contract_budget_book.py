"""Hypothesis strategies for tests/test_budget_book.py: worlds, fresh postings, drafts, operations.

Built on the scenario strategies of tests/contract_budget.py, which produce the
keyword arguments of ``check_budget``. A *world* adds what a
:class:`~spendrules.budget.BudgetBook` is also built with (calendar, rounding,
sometimes an account hierarchy or no rates at all), so every argument of the
book is exercised.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Iterable
from typing import Any

import attrs
from hypothesis import strategies as st

from contract_budget import (
    FY,
    HIERARCHY,
    entries,
    money,
    relieved_scenarios,
    requests,
    scenarios,
    within_scenarios,
)
from spendrules import budget as b

CALENDARS = (b.FiscalCalendar(), b.FiscalCalendar(4, 1), b.FiscalCalendar(7, 15))
ROUNDINGS = (decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN)
ACCOUNT_HIERARCHY = b.Hierarchy("account", {"6200": "6100"})
HIERARCHY_SETS = ((), (HIERARCHY,), (HIERARCHY, ACCOUNT_HIERARCHY), (ACCOUNT_HIERARCHY,))
#: The bases whose window ends with the request's period or day.
PERIOD_TO_DATE = (b.Basis.YEAR_TO_DATE, b.Basis.PERIOD, b.Basis.LINEAR)

Kwargs = dict[str, Any]


def _recheck(draw: st.DrawFn, policy: b.ControlPolicy) -> b.ControlPolicy:
    return attrs.evolve(
        policy,
        **{
            name: attrs.evolve(
                getattr(policy, name),
                recheck_follow_ons=draw(st.sampled_from((False, False, True))),
            )
            for name in ("requisition", "order", "actual")
        },
    )


@st.composite
def worlds(draw: st.DrawFn, base: st.SearchStrategy[Kwargs] | None = None) -> Kwargs:
    """A scenario with a calendar, a rounding mode, hierarchies, and rates (rarely none)."""
    kwargs = dict(draw(base if base is not None else scenarios()))
    kwargs["calendar"] = draw(st.sampled_from(CALENDARS))
    kwargs["rounding"] = draw(st.sampled_from(ROUNDINGS))
    kwargs["hierarchies"] = draw(st.sampled_from(HIERARCHY_SETS))
    kwargs["policy"] = _recheck(draw, kwargs["policy"])
    if draw(st.integers(0, 9)) == 0:
        kwargs["rates"] = ()  # euro entries then have no budget rate
    return kwargs


@st.composite
def backdated_scenarios(draw: st.DrawFn) -> Kwargs:
    """A request dated before the check day on a period-to-date basis, with later postings."""
    kwargs = dict(draw(st.one_of(scenarios(), relieved_scenarios(), within_scenarios())))
    basis = draw(st.sampled_from(PERIOD_TO_DATE))
    policy = kwargs["policy"]

    def rebased(stage_policy: b.StagePolicy) -> b.StagePolicy:
        rules = tuple(
            attrs.evolve(rule, basis=draw(st.none() | st.sampled_from(PERIOD_TO_DATE)))
            for rule in stage_policy.rules
        )
        return attrs.evolve(stage_policy, basis=basis, rules=rules)

    kwargs["policy"] = attrs.evolve(
        policy,
        requisition=rebased(policy.requisition),
        order=rebased(policy.order),
        actual=rebased(policy.actual),
    )
    request = kwargs["request"]
    as_of = request.date + dt.timedelta(days=draw(st.integers(0, 200)))
    later = draw(
        st.lists(
            entries.map(
                lambda entry: attrs.evolve(entry, date=request.date + dt.timedelta(days=1))
            ),
            max_size=2,
        )
    )
    ledger = list(kwargs["ledger"])
    for entry in later:
        ledger.insert(draw(st.integers(0, len(ledger))), entry)
    kwargs["ledger"] = tuple(ledger)
    kwargs["as_of"] = as_of
    return kwargs


@st.composite
def common_scenarios(draw: st.DrawFn) -> Kwargs:
    """The common request: no relief, every line on the key of an open budget, in USD, in 2026.

    The book answers these on a fast path without the explanation (``decide``,
    ``reserve(explain=False)``); random requests seldom qualify for it.
    """
    kwargs = dict(draw(st.one_of(scenarios(), backdated_scenarios())))
    budgets = tuple(
        attrs.evolve(budget, status=b.BudgetStatus.OPEN) if draw(st.integers(0, 4)) else budget
        for budget in kwargs["budgets"]
    )
    keys = [(budget.account, budget.dimensions) for budget in budgets]
    lines = tuple(
        b.SpendLine(account, draw(money(-500, 12000) | money(5000, 40000)), "USD", dimensions)
        for account, dimensions in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3))
    )
    reference = kwargs["request"].reference
    if (reference, kwargs["request"].stage) in posted_pairs(kwargs["ledger"]):
        reference = ""  # reserve refuses a posted reference
    request = attrs.evolve(
        kwargs["request"],
        reference=reference,
        lines=lines,
        relieves=(),
        date=draw(st.dates(min_value=FY[0], max_value=FY[1])),
    )
    roles = draw(st.sampled_from([(), ("owner",), ("cfo",), ("cfo", "owner")]))
    return {**kwargs, "budgets": budgets, "request": request, "roles": roles}


#: Every kind of scenario: plain, with relief, within a commitment, backdated, common.
any_scenarios = st.one_of(
    scenarios(),
    relieved_scenarios(),
    within_scenarios(),
    backdated_scenarios(),
    common_scenarios(),
    common_scenarios(),
)
any_worlds = worlds(any_scenarios)


def posted_pairs(ledger: Iterable[b.LedgerEntry]) -> set[tuple[str, b.Stage]]:
    return {(entry.reference, entry.stage) for entry in ledger if entry.reference}


@st.composite
def fresh_entries(
    draw: st.DrawFn, ledger: Iterable[b.LedgerEntry], max_size: int = 6
) -> list[b.LedgerEntry]:
    """Entries whose (reference, stage) pairs are all new: not in ``ledger``, none repeated."""
    used = posted_pairs(ledger)
    fresh = []
    for index, drawn in enumerate(draw(st.lists(entries, max_size=max_size))):
        entry = drawn
        if entry.reference and (entry.reference, entry.stage) in used:
            entry = attrs.evolve(entry, reference=draw(st.sampled_from(("", f"L2-{index}"))))
        if entry.reference:
            used.add((entry.reference, entry.stage))
        fresh.append(entry)
    return fresh


@st.composite
def documents(draw: st.DrawFn, items: list[b.LedgerEntry]) -> list[list[b.LedgerEntry]]:
    """``items`` cut into consecutive non-empty documents (one post call each)."""
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(items) - 1)))))
    bounds = [0, *(cut for cut in cuts if cut < len(items)), len(items)]
    return [items[start:end] for start, end in itertools.pairwise(bounds) if start < end]


@st.composite
def fresh_drafts(
    draw: st.DrawFn, ledger: Iterable[b.LedgerEntry], first: b.SpendRequest | None = None
) -> list[b.SpendRequest]:
    """1 to 4 requests whose (reference, stage) pairs are new to ``ledger`` and to each other."""
    drafts = draw(st.lists(requests, min_size=1, max_size=4))
    if first is not None and draw(st.booleans()):
        drafts.insert(0, first)
    used = posted_pairs(ledger)
    fresh = []
    for index, drawn in enumerate(drafts):
        draft = drawn
        if draft.reference and (draft.reference, draft.stage) in used:
            draft = attrs.evolve(draft, reference=f"Q-{index}")
        if draft.reference:
            used.add((draft.reference, draft.stage))
        fresh.append(draft)
    return fresh


def _shared(items: list[b.LedgerEntry]) -> tuple[b.LedgerEntry, ...]:
    """One multi-line document: every line takes the first line's reference."""
    return tuple(attrs.evolve(item, reference=items[0].reference) for item in items)


#: Operations on a book, applied by ``apply`` in the test module; refusals are allowed.
operations = st.one_of(
    st.tuples(st.just("post"), st.lists(entries, min_size=1, max_size=3).map(_shared)),
    st.tuples(st.just("correct"), entries.map(lambda entry: (entry,))),
    st.tuples(st.just("commit"), requests),
    st.tuples(st.just("reserve"), requests, st.booleans()),
    st.tuples(st.just("what_if"), st.lists(requests, max_size=3), st.booleans()),
)
