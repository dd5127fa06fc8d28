"""A whole request: its lines grouped per budget item, checked, and the decision; the fast decision path (private)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from spendrules._budget.engine import (
    _SCALE,
    _Book,
    _NodeKey,
)
from spendrules._budget.follow_ons import _Key, _key_landings, _relief_index, _within_commitment
from spendrules._budget.line_checks import _Draft, _line_check
from spendrules._budget.model import (
    Dimensions,
    SpendRequest,
)
from spendrules._budget.policy import (
    ZERO,
    Action,
    FundsDecision,
)
from spendrules._budget.relief import NOTHING, Plan
from spendrules._budget.relief import plan as plan_relief
from spendrules._budget.results import BudgetCheck, LineCheck
from spendrules._budget.tolerance import _RANK
from spendrules._budget.uncontrolled import _no_account_check, _no_budget_check
from spendrules._decimal import CONTEXT, exact
from spendrules._policy.reference import cited_reasons
from spendrules.results import Reason, Severity

#: Looked up once: reading a member off its enum class costs more than the quick decision's sums.
_BLOCK, _WARN = _RANK[Action.BLOCK], _RANK[Action.WARN]
_BLOCKED, _WARNED, _PASSED = (
    FundsDecision.BLOCKED,
    FundsDecision.PASS_WITH_WARNING,
    FundsDecision.PASS,
)


def _group(
    book: _Book, request: SpendRequest
) -> tuple[
    dict[tuple[int, _NodeKey], dict[str, Decimal]],
    dict[tuple[Dimensions, str], Decimal],
    dict[tuple[str, Dimensions, str], Decimal],
    dict[tuple[int, _NodeKey], dict[_Key, Decimal]],
]:
    """The request's amounts per budget item by currency, without an account, without a
    budget, and per budget item by key (account, dimensions, currency)."""
    items: dict[tuple[int, _NodeKey], dict[str, Decimal]] = {}
    no_account: dict[tuple[Dimensions, str], Decimal] = {}
    uncovered: dict[tuple[str, Dimensions, str], Decimal] = {}
    keyed: dict[tuple[int, _NodeKey], dict[_Key, Decimal]] = {}
    with exact():
        for line in request.lines:
            if not line.account.strip():
                key = (line.dimensions, line.currency)
                no_account[key] = no_account.get(key, ZERO) + line.amount
                continue
            matched = book.items_on(line.account, line.dimensions, request.date)
            if not matched:
                other = (line.account, line.dimensions, line.currency)
                uncovered[other] = uncovered.get(other, ZERO) + line.amount
            for item in matched:
                amounts = items.setdefault(item, {})
                amounts[line.currency] = amounts.get(line.currency, ZERO) + line.amount
                by_key = keyed.setdefault(item, {})
                own = (line.account, line.dimensions, line.currency)
                by_key[own] = by_key.get(own, ZERO) + line.amount
    return items, no_account, uncovered, keyed


def _sort_key(item: tuple[int, _NodeKey]) -> tuple[int, tuple[str, tuple[str, ...]]]:
    return item[0], item[1] or ("", ())


def _run(
    book: _Book, request: SpendRequest, roles: Sequence[str], as_of: dt.date
) -> tuple[BudgetCheck, Plan]:
    """Relieve what ``request`` relieves, then check it; the book stays relieved (see ``undo``).

    A check that raises (a ledger entry without a budget rate to a zero budget)
    puts the relief back first, so a refused request leaves the book as it was.
    """
    plan = plan_relief(book.slots.by_reference, request)
    book.relieve(plan)
    try:
        return _evaluate(book, request, roles, as_of, plan), plan
    except BaseException:
        book.relieve(plan, undo=True)
        raise


def _evaluate(
    book: _Book,
    request: SpendRequest,
    roles: Sequence[str],
    as_of: dt.date,
    plan: Plan = NOTHING,
) -> BudgetCheck:
    policy = book.policy
    stage_policy = policy.for_stage(request.stage)
    granted = tuple(role for role in policy.override_roles if role in roles)
    items, no_account, uncovered, keyed = _group(book, request)
    relief = _relief_index(book, plan)
    by_key = _key_landings(plan)
    lines: list[LineCheck] = []
    for item in sorted(items, key=_sort_key):
        draft = _Draft(tuple(sorted(items[item].items())))
        lines.extend(
            _line_check(
                book,
                item,
                draft,
                stage_policy=stage_policy,
                basis=basis,
                rules=rules,
                day=request.date,
                relief=relief.get(item, ()),
                keys=keyed[item],
                stage=request.stage,
                granted=granted,
            )
            for basis, rules in book.ladder(request.stage, item[0])
        )
    for (dimensions, currency), amount in sorted(no_account.items()):
        lines.append(_no_account_check(dimensions, currency, amount, policy))
    for key, amount in sorted(uncovered.items()):
        lines.append(
            _no_budget_check(
                book,
                key,
                amount,
                stage_policy=stage_policy,
                day=request.date,
                within=_within_commitment(
                    {key: amount}, by_key.get(key, ()), stage_policy, request.stage, ""
                ),
                granted=granted,
            )
        )
    override_applied = any(
        line.overridable and line.outcome is not FundsDecision.BLOCKED for line in lines
    )
    outcomes = [line.outcome for line in lines]
    blocked = [line for line in lines if line.outcome is FundsDecision.BLOCKED]
    if blocked:
        decision = FundsDecision.BLOCKED
    elif FundsDecision.PASS_WITH_WARNING in outcomes:
        decision = FundsDecision.PASS_WITH_WARNING
    elif all(outcome is FundsDecision.NOT_CONTROLLED for outcome in outcomes):
        decision = FundsDecision.NOT_CONTROLLED
    else:
        decision = FundsDecision.PASS
    overridable = (
        bool(blocked) and bool(policy.override_roles) and all(line.overridable for line in blocked)
    )
    names = ", ".join(
        f"{line.budget or line.account or '(no account)'}"
        + (f" [{line.basis.value}]" if line.basis is not None else "")
        for line in blocked
    )
    summary = {
        FundsDecision.BLOCKED: (
            f"Blocked: {len(blocked)} of {len(lines)} checks block ({names})"
            + (
                f"; a holder of role {', '.join(policy.override_roles)} may override."
                if overridable
                else "."
            ),
            Severity.ERROR,
        ),
        FundsDecision.PASS_WITH_WARNING: (
            "Passes with a warning: nothing blocks, but at least one check asks for attention.",
            Severity.WARNING,
        ),
        FundsDecision.NOT_CONTROLLED: (
            "Not controlled: no budget controls any line of this request, so nothing was checked.",
            Severity.INFO,
        ),
        FundsDecision.PASS: ("Passes: every controlled line is within its rules.", Severity.INFO),
    }[decision]
    decision_reason = Reason.of(
        f"BUDGET.{decision.value.upper()}",
        summary[0],
        severity=summary[1],
        stage=request.stage,
        date=request.date,
        as_of=as_of,
    )
    cited = None if policy.source is None else policy.source.at(*_clauses(book, request, lines))
    return BudgetCheck(
        decision,
        tuple(lines),
        request.stage,
        request.date,
        as_of,
        reference=request.reference,
        overridable=overridable,
        override_roles=policy.override_roles if overridable else (),
        override_applied=override_applied,
        relieved=plan.reliefs,
        reasons=(
            decision_reason,
            *plan.reasons,
            *(reason for line in lines for reason in line.reasons),
            *cited_reasons(cited),
        ),
        policy_reference=cited,
    )


def _clauses(book: _Book, request: SpendRequest, lines: Sequence[LineCheck]) -> tuple[str, ...]:
    """The key paths that decided: the stage's tolerance rules that triggered on the lines
    that set the decision (blocking lines when blocked, else warning lines), or the stage."""
    stage = request.stage
    key = f"budget.{stage.value}"
    rules = book.policy.for_stage(stage).rules
    outcome = FundsDecision.BLOCKED
    if not any(line.outcome is outcome for line in lines):
        outcome = FundsDecision.PASS_WITH_WARNING
    clauses = [
        f"{key}.rules[{rules.index(line.triggered)}]"
        for line in lines
        if line.outcome is outcome and line.triggered is not None and line.triggered in rules
    ]
    return tuple(dict.fromkeys(clauses)) or (key,)


def _quick_decision(
    book: _Book,
    request: SpendRequest,
    roles: Sequence[str],
    increments: list[tuple[tuple[int, _NodeKey], int]] | None = None,
) -> FundsDecision | None:
    """The decision `_evaluate` reaches, for the common request, without its explanation.

    The common request relieves nothing and every line has an account and
    budgets that control it, all open and in the line's currency, checked on
    other bases than linear. Those lines are judged with the same limits,
    consumption and rules as `_line_check` (`_Book.quick_plan`);
    any other request returns None and takes the full path. With
    ``increments``, each budget item's amount in its units is appended, for
    `_Book.apply` when the request is committed.
    """
    if request.relieves:
        return None
    day = request.date
    index = book.index
    cache = book.target_cache
    items: dict[tuple[int, _NodeKey], Decimal] = {}
    for line in request.lines:
        found = False
        targets = cache.get((line.account, line.dimensions))
        if targets is None:
            targets = book.targets(line.account, line.dimensions)
        for position, start, end, node, _ in targets:
            if not start <= day <= end:
                continue
            if index[position].currency != line.currency:
                return None
            found = True
            item = (position, node)
            items[item] = CONTEXT.add(items[item], line.amount) if item in items else line.amount
        if not found or not line.account.strip():
            return None
    stage = request.stage
    counted = book.counted[stage]
    cached = book.cuts[stage]
    rank = 0
    for item, this in items.items():
        if this <= 0:  # a reduction never blocks, and only notes itself
            if increments is not None:
                scaled = this.scaleb(index[item[0]].exp, _SCALE)
                if int(scaled) != scaled:
                    return None
                increments.append((item, int(scaled)))
            continue
        budget_index = index[item[0]]
        cuts_of = cached.get((item[0], bisect.bisect_right(budget_index.starts, day) - 1))
        if cuts_of is None or cuts_of[0] != budget_index.exp:  # not cut yet, or refined since
            cuts_of = book.quick_cuts(stage, item[0], day)
            if cuts_of is None:
                return None
        exp, plan = cuts_of
        scaled = this.scaleb(exp, _SCALE)
        units = int(scaled)
        if units != scaled:
            return None  # finer than the budget's unit: the full path compares it exactly
        if increments is not None:
            increments.append((item, units))
        buckets = book.sums[item]
        for first, last, year, cuts in plan:
            inside = buckets[year] if year >= 0 else book.inside_units(item, first, last)
            total = units
            for stage_index in counted:
                total += inside[stage_index]
            for cut, action in cuts:  # _judge: the strongest rule that triggers
                if action > rank and total >= cut:
                    rank = action
        if rank == _BLOCK and not any(role in roles for role in book.policy.override_roles):
            return _BLOCKED
    return _WARNED if rank >= _WARN else _PASSED
