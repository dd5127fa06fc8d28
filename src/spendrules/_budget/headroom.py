"""Headroom: the largest amount a line can carry without being blocked (private)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from spendrules._budget.engine import _Book, _figures, _judge
from spendrules._budget.evaluate import _group, _run
from spendrules._budget.line_checks import _Draft
from spendrules._budget.model import BudgetStatus, SpendRequest
from spendrules._budget.policy import (
    _STAGE_INDEX,
    ZERO,
    Action,
    Basis,
    Boundary,
    MissingBudget,
    ToleranceRule,
)
from spendrules._budget.results import BudgetCheck, Headroom
from spendrules._budget.uncontrolled import _zero_consumption
from spendrules._decimal import exact
from spendrules.money import from_minor_units, minor_units
from spendrules.results import Reason, Severity


def _with_amount(request: SpendRequest, index: int, amount: Decimal) -> SpendRequest:
    lines = list(request.lines)
    lines[index] = attrs.evolve(lines[index], amount=amount)
    return attrs.evolve(request, lines=tuple(lines))


@attrs.frozen
class _Cap:
    amount: Decimal  # largest exact amount in the line currency
    why: str
    budget: str = ""
    basis: Basis | None = None
    rule: ToleranceRule | None = None
    inclusive: bool = True


def _caps(book: _Book, request: SpendRequest, index: int, roles: Sequence[str]) -> list[_Cap]:
    """The analytic limits on line ``index``'s amount, one per check that could block it.

    Every check passes when the request does not increase what it checks (a
    reduction), so each limit is the larger of the room under the rule and
    the amount that brings this request's total on the check to zero.
    """
    policy = book.policy
    stage_policy = policy.for_stage(request.stage)
    line = request.lines[index]
    overridden = any(role in roles for role in policy.override_roles)
    inclusive = stage_policy.boundary is Boundary.INCLUSIVE
    items, no_account, uncovered, _ = _group(book, request)
    if not line.account.strip():
        if policy.missing_account is not Action.BLOCK:
            return []
        with exact():
            others = no_account[(line.dimensions, line.currency)] - line.amount
        return [_Cap(others.copy_negate(), "the line has no account")]
    matched = book.items_on(line.account, line.dimensions, request.date)
    if not matched:
        key = (line.account, line.dimensions, line.currency)
        with exact():
            others = uncovered[key] - line.amount
        reduction_room = others.copy_negate()
        mode = stage_policy.missing_budget
        if mode is MissingBudget.BLOCK:
            return [_Cap(reduction_room, "no budget controls the line")]
        judgement = _judge(ZERO, ZERO, stage_policy.rules, stage_policy.boundary)
        if mode is not MissingBudget.ZERO or judgement.lowest_block is None or overridden:
            return []
        _, inside = _zero_consumption(book, key, request.date)
        with exact():
            consumed = sum((inside[_STAGE_INDEX[stage]] for stage in stage_policy.counts), ZERO)
            room = judgement.lowest_block - consumed - others
        return [
            _Cap(
                max(room, reduction_room),
                "the zero budget",
                basis=Basis.ANNUAL,
                rule=judgement.block_rule,
                inclusive=inclusive or reduction_room >= room,
            )
        ]
    caps: list[_Cap] = []
    for item in matched:
        position = item[0]
        budget = book.index[position].budget
        rate = book.rate(line.currency, budget.currency)
        others_draft = dict(items[item])
        with exact():
            others_draft[line.currency] -= line.amount
        others, _, missing = _Draft(tuple(sorted(others_draft.items()))).convert(
            book, budget.currency
        )
        if rate is None or missing:
            caps.append(_Cap(ZERO, "a missing budget rate", budget=budget.label))
            continue
        with exact():
            reduction_room = others.copy_negate() / rate
        if budget.status is not BudgetStatus.OPEN:
            if budget.status is BudgetStatus.CLOSED or not overridden:
                caps.append(
                    _Cap(
                        reduction_room,
                        f"the budget being {budget.status.value}",
                        budget=budget.label,
                    )
                )
            continue
        if overridden:
            continue
        for basis, rules in book.ladder(request.stage, position):
            figures = _figures(book, item, basis, stage_policy, request.date)
            judgement = _judge(figures.limit, ZERO, rules, stage_policy.boundary)
            if judgement.block_rule is None or judgement.lowest_block is None:
                continue
            with exact():
                consumed = sum(
                    (figures.inside[_STAGE_INDEX[stage]] for stage in stage_policy.counts), ZERO
                )
                room = (judgement.lowest_block - consumed - others) / rate
            caps.append(
                _Cap(
                    max(room, reduction_room),
                    f"rule '{judgement.block_rule.label}'",
                    budget=budget.label,
                    basis=basis,
                    rule=judgement.block_rule,
                    inclusive=inclusive or reduction_room >= room,
                )
            )
    return caps


def _search_edge(passes: Callable[[Decimal], bool], guess: Decimal, unit: Decimal) -> Decimal:
    """Return the largest multiple of ``unit`` that passes, starting from ``guess``.

    The analytic guess is exact up to the precision of a division by the budget
    rate; it is confirmed against the check itself. Passing is monotone in the
    amount and zero passes, so a bracket and a bisection over whole units find the edge.
    """
    with exact():
        low = guess
        if passes(low):
            step = unit
            high = low + step
            while passes(high):
                low, step = high, step * 2
                high = low + step
        else:
            low, high = ZERO, low
        while high - low > unit:
            middle = low + int((high - low) / unit) // 2 * unit
            if passes(middle):
                low = middle
            else:
                high = middle
        return low.quantize(unit)


def _headroom(
    book: _Book, checked: SpendRequest, line: int, granted: Sequence[str], day: dt.date
) -> Headroom:
    """[`headroom`][spendrules.budget.headroom] on a prepared book (left as it was found)."""
    currency = checked.lines[line].currency
    unit = from_minor_units(1, currency)
    digits = minor_units(currency)

    def run(amount: Decimal) -> BudgetCheck:
        result, plan = _run(book, _with_amount(checked, line, amount), granted, day)
        book.relieve(plan, undo=True)
        return result

    def passes(amount: Decimal) -> bool:
        return run(amount).passed

    caps = _caps(book, checked, line, granted)
    if not passes(ZERO):
        return Headroom(
            ZERO,
            currency,
            reasons=(
                Reason.of(
                    "BUDGET.HEADROOM_NONE",
                    "The request is blocked whatever this line's amount: another line blocks.",
                    severity=Severity.ERROR,
                ),
            ),
        )
    if not caps:
        return Headroom(
            None,
            currency,
            reasons=(
                Reason.of(
                    "BUDGET.HEADROOM_UNLIMITED",
                    "No blocking rule limits this line (no budget, no blocking rule, or an override).",
                ),
            ),
        )

    def grid(cap: _Cap) -> Decimal:
        with exact():
            floor = cap.amount.quantize(unit, rounding=decimal.ROUND_FLOOR)
            if not cap.inclusive and floor == cap.amount:
                floor -= unit
            return floor if floor > 0 else ZERO  # never -0.00 (max() keeps a negative zero)

    limiting = min(caps, key=grid)
    amount = _search_edge(passes, grid(limiting), unit)
    with exact():
        blocked_at = amount + unit
    relieved = tuple(
        reason
        for reason in run(amount).reasons
        if reason.code in {"BUDGET.RELIEVED", "BUDGET.NOT_RELIEVED", "BUDGET.WITHIN_COMMITMENT"}
    )
    reason = Reason.of(
        "BUDGET.HEADROOM",
        f"Up to {amount:,} {currency} on this line passes; {blocked_at:,} {currency} is blocked by "
        f"{limiting.why or 'the budget'}"
        + (f" on budget {limiting.budget}" if limiting.budget else "")
        + (f" ({limiting.basis.value.replace('_', ' ')} basis)." if limiting.basis else "."),
        amount=amount,
        currency=currency,
        minor_units=digits,
    )
    return Headroom(
        amount,
        currency,
        budget=limiting.budget,
        basis=limiting.basis,
        limiting_rule=limiting.rule,
        reasons=(reason, *relieved),
    )
