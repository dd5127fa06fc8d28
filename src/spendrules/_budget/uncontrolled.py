"""Lines no budget controls: without an account, without a budget, or against a zero budget (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from spendrules._budget.engine import (
    _Book,
    _judge,
    _money,
)
from spendrules._budget.line_checks import _override
from spendrules._budget.model import (
    Dimensions,
    Period,
    key_label,
)
from spendrules._budget.policy import (
    _OUTCOME,
    _SEVERITY,
    _STAGE_INDEX,
    _STAGES,
    ZERO,
    Action,
    Basis,
    Boundary,
    ControlPolicy,
    FundsDecision,
    MissingBudget,
    StagePolicy,
    ToleranceRule,
)
from spendrules._budget.results import LineCheck, StageAmount
from spendrules._decimal import exact
from spendrules.errors import CurrencyMismatchError
from spendrules.money import quantize
from spendrules.results import Reason, Severity


def _cap(action: Action, *, reduction: bool) -> Action:
    """A reduction never blocks: cap a block at a warning."""
    return Action.WARN if reduction and action is Action.BLOCK else action


def _no_account_check(
    dimensions: Dimensions, currency: str, amount: Decimal, policy: ControlPolicy
) -> LineCheck:
    with exact():
        reduction = amount <= 0
    action = _cap(policy.missing_account, reduction=reduction)
    where = " ".join(f"{k}={v}" for k, v in dimensions) or "no dimensions"
    reasons = [
        Reason.of(
            "BUDGET.MISSING_ACCOUNT",
            f"A line of {_money(amount, currency)} ({where}) has no account, so no budget can be "
            f"found for it; policy action: {action.value}.",
            severity=_SEVERITY[action],
            amount=quantize(amount, currency),
            action=action,
        )
    ]
    if reduction:
        reasons.append(
            Reason.of(
                "BUDGET.REDUCTION",
                f"The line changes spending by {_money(amount, currency)}: a reduction never blocks.",
                this_request=quantize(amount, currency),
            )
        )
    return LineCheck(
        "",
        "",
        dimensions,
        currency,
        _OUTCOME[action],
        this_request=quantize(amount, currency),
        reasons=tuple(reasons),
    )


def _no_budget_check(
    book: _Book,
    key: tuple[str, Dimensions, str],
    amount: Decimal,
    *,
    stage_policy: StagePolicy,
    day: dt.date,
    within: Sequence[Reason] = (),
    granted: Sequence[str] = (),
) -> LineCheck:
    """A line no budget controls: its ``missing_budget`` action (``within`` counts only for ZERO)."""
    account, dimensions, currency = key
    with exact():
        reduction = amount <= 0
    mode = stage_policy.missing_budget
    where = key_label(account, dimensions)
    if mode is MissingBudget.ZERO:
        return _zero_check(
            book, key, amount, stage_policy=stage_policy, day=day, within=within, granted=granted
        )
    action: Action | None = {
        MissingBudget.NOT_CONTROLLED: None,
        MissingBudget.WARN: Action.WARN,
        MissingBudget.BLOCK: Action.BLOCK,
    }[mode]
    if action is not None:
        action = _cap(action, reduction=reduction)
    reasons = [
        Reason.of(
            "BUDGET.NO_BUDGET",
            f"No budget controls {where} on {day.isoformat()}; "
            + (
                "the line is not controlled."
                if action is None
                else f"policy action: {action.value}."
            ),
            severity=Severity.INFO if action is None else _SEVERITY[action],
            account=account,
            amount=quantize(amount, currency),
        )
    ]
    if reduction:
        reasons.append(
            Reason.of(
                "BUDGET.REDUCTION",
                f"The line changes spending by {_money(amount, currency)}: a reduction never blocks.",
                this_request=quantize(amount, currency),
            )
        )
    outcome = FundsDecision.NOT_CONTROLLED if action is None else _OUTCOME[action]
    return LineCheck(
        "",
        account,
        dimensions,
        currency,
        outcome,
        this_request=quantize(amount, currency),
        reasons=tuple(reasons),
    )


def _zero_consumption(
    book: _Book, key: tuple[str, Dimensions, str], day: dt.date
) -> tuple[Period, list[Decimal]]:
    """The fiscal year of ``day`` and the consumption per stage of exactly this key in it."""
    account, dimensions, currency = key
    year = book.calendar.year(day)
    inside = [ZERO, ZERO, ZERO]
    for (date, stage, source, raw), count in book.by_key.get((account, dimensions), {}).items():
        if date not in year:
            continue
        amount = book.convert(raw, source, currency)
        if amount is None:
            raise CurrencyMismatchError("ledger[].currency", currency, source)
        with exact():
            inside[_STAGE_INDEX[stage]] += amount * count
    return year, inside


def _zero_check(
    book: _Book,
    key: tuple[str, Dimensions, str],
    amount: Decimal,
    *,
    stage_policy: StagePolicy,
    day: dt.date,
    within: Sequence[Reason] = (),
    granted: Sequence[str] = (),
) -> LineCheck:
    account, dimensions, currency = key
    year, inside = _zero_consumption(book, key, day)
    counted = [_STAGE_INDEX[stage] for stage in stage_policy.counts]
    with exact():
        consumed = sum((inside[i] for i in counted), ZERO)
        total = consumed + amount
        reduction = amount <= 0
    where = key_label(account, dimensions)
    judgement = _judge(ZERO, total, stage_policy.rules, stage_policy.boundary)
    reasons = [
        Reason.of(
            "BUDGET.ZERO_BUDGET",
            f"No budget controls {where}: checked as a budget of zero for the fiscal year "
            f"{year.start.isoformat()} to {year.end.isoformat()}; consumed {_money(consumed, currency)}; "
            f"this request {_money(amount, currency)}; total after {_money(total, currency)}.",
            account=account,
            consumed=quantize(consumed, currency),
            this_request=quantize(amount, currency),
        )
    ]
    action: Action | None = None
    triggered: ToleranceRule | None = None
    threshold: Decimal | None = None
    if reduction:
        reasons.append(
            Reason.of(
                "BUDGET.REDUCTION",
                f"The line changes spending by {_money(amount, currency)}: a reduction never blocks.",
                this_request=quantize(amount, currency),
            )
        )
    elif within:
        reasons.extend(within)
    elif judgement.rule is not None:
        action, triggered, threshold = judgement.action, judgement.rule, judgement.threshold
        assert threshold is not None and action is not None  # noqa: S101 - set together
        op = ">" if stage_policy.boundary is Boundary.INCLUSIVE else ">="
        override = ", ".join(granted) if action is Action.BLOCK else ""
        facts: dict[str, object] = {"overridden_by": override} if override else {}
        reasons.append(
            Reason.of(
                "BUDGET.OVER_TOLERANCE",
                f"Rule '{triggered.label}' applies to the zero budget"
                + (
                    f" and would block, but role {override} overrides it and it warns"
                    if override
                    else f" ({action.value})"
                )
                + f": total after {_money(total, currency)} {op} threshold "
                f"{_money(threshold, currency)}.",
                severity=Severity.WARNING if override else _SEVERITY[action],
                rule=triggered.label,
                action=action,
                total_after=quantize(total, currency),
                threshold=quantize(threshold, currency),
                **facts,
            )
        )
    else:
        reasons.append(
            Reason.of(
                "BUDGET.WITHIN_LIMIT",
                f"Total after {_money(total, currency)} stays within every tolerance of the zero budget.",
                total_after=quantize(total, currency),
            )
        )
    line = LineCheck(
        "",
        account,
        dimensions,
        currency,
        _OUTCOME[action],
        basis=Basis.ANNUAL,
        window=year,
        limit=quantize(ZERO, currency),
        consumption=tuple(
            StageAmount(stage, quantize(inside[index], currency), stage in stage_policy.counts)
            for index, stage in enumerate(_STAGES)
        ),
        consumed=quantize(consumed, currency),
        this_request=quantize(amount, currency),
        available_before=quantize(consumed.copy_negate(), currency),
        available_after=quantize(total.copy_negate(), currency),
        triggered=triggered,
        threshold=None if threshold is None else quantize(threshold, currency),
        overridable=action is Action.BLOCK,
        within_commitment=bool(within) and not reduction,
        reasons=tuple(reasons),
    )
    return _override(line, granted)
