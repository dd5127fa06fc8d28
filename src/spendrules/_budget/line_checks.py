"""One check per budget and basis, and the whole request's evaluation (private)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal

import attrs

from spendrules._budget.engine import (
    _Book,
    _Figures,
    _figures,
    _hits,
    _items,
    _judge,
    _money,
    _NodeKey,
)
from spendrules._budget.follow_ons import _Key, _Landing, _within_commitment
from spendrules._budget.model import (
    BudgetStatus,
    SpendRequest,
    Stage,
)
from spendrules._budget.policy import (
    _OUTCOME,
    _SEVERITY,
    _STAGE_INDEX,
    _STAGES,
    _USAGE_PLACES,
    ZERO,
    Action,
    Basis,
    Boundary,
    FundsDecision,
    StagePolicy,
    ToleranceRule,
    _to_roles,
)
from spendrules._budget.results import LineCheck, StageAmount
from spendrules._budget.tolerance import _percent
from spendrules._decimal import exact
from spendrules.money import quantize
from spendrules.results import Reason, Severity


@attrs.frozen
class _Draft:
    """This request's amounts on one item, by currency."""

    amounts: tuple[tuple[str, Decimal], ...]

    def convert(self, book: _Book, currency: str) -> tuple[Decimal, list[Reason], list[str]]:
        total = ZERO
        reasons = []
        missing = []
        for source, amount in self.amounts:
            rate = book.rate(source, currency)
            converted = book.convert(amount, source, currency)
            if rate is None or converted is None:
                missing.append(source)
                continue
            with exact():
                total += converted
            if source != currency:
                reasons.append(
                    Reason.of(
                        "BUDGET.FX_CONVERTED",
                        f"{_money(amount, source)} at the budget rate {rate} {currency} per {source} "
                        f"= {_money(converted, currency)} (rounded once, {book.rounding}).",
                        amount=amount,
                        currency=source,
                        rate=rate,
                        converted=converted,
                    )
                )
        return total, reasons, missing


def _is_reduction(total: Decimal, missing: Sequence[str], draft: _Draft) -> bool:
    """True when the request's own amounts on this budget add up to zero or less.

    A credit, return or cancellation. A request that adds spending but stays
    within the commitments it relieves adds no consumption either; that is
    `_within_commitment`, reported separately.
    """
    with exact():
        if not missing:
            return total <= 0
        return all(amount <= 0 for _, amount in draft.amounts)


def _consumption_text(
    figures: _Figures, counts: Sequence[Stage], currency: str, relieved: Sequence[Decimal]
) -> str:
    parts = []
    for stage in counts:
        index = _STAGE_INDEX[stage]
        part = f"{stage.value} {_money(figures.inside[index], currency)}"
        if relieved[index] != 0:
            part += f" (after relieving {_money(relieved[index], currency)})"
        parts.append(part)
    return " + ".join(parts) if parts else "nothing (no stage counted)"


def _unconverted(draft: _Draft, missing: Sequence[str]) -> str:
    return ", ".join(
        _money(amount, source) for source, amount in draft.amounts if source in missing
    )


def _line_check(
    book: _Book,
    key: tuple[int, _NodeKey],
    draft: _Draft,
    *,
    stage_policy: StagePolicy,
    basis: Basis,
    rules: Sequence[ToleranceRule],
    day: dt.date,
    relief: Sequence[_Landing] = (),
    keys: Mapping[_Key, Decimal] | None = None,
    stage: Stage = Stage.ORDER,
    granted: Sequence[str] = (),
) -> LineCheck:
    budget = book.index[key[0]].budget
    currency = budget.currency
    figures = _figures(book, key, basis, stage_policy, day)
    this, reasons, missing = draft.convert(book, currency)
    known = not missing
    counted = [_STAGE_INDEX[stage] for stage in stage_policy.counts]
    relieved_by_stage = [ZERO, ZERO, ZERO]
    with exact():
        for landing in relief:
            if figures.window.start <= landing.date <= figures.window.end:
                relieved_by_stage[landing.stage] += landing.amount
        relieved = sum((relieved_by_stage[i] for i in counted), ZERO)
        consumed = sum((figures.inside[i] for i in counted), ZERO)
        total = consumed + this
        forward = sum((figures.after[i] for i in counted), ZERO)
        available_before = figures.limit - consumed
        available_after = available_before - this
        usage = (
            (total / figures.limit).quantize(_USAGE_PLACES, rounding=decimal.ROUND_HALF_UP)
            if figures.limit > 0 and known
            else None
        )
    label = budget.label
    where = (
        f"Budget {label}, {basis.value.replace('_', ' ')} "
        f"{figures.window.start.isoformat()} to {figures.window.end.isoformat()}"
    )
    consumed_text = (
        f"{where}: limit {_money(figures.limit, currency)}; consumed "
        f"{_consumption_text(figures, stage_policy.counts, currency, relieved_by_stage)} = "
        f"{_money(consumed, currency)}; "
    )
    if known:
        reasons.append(
            Reason.of(
                "BUDGET.CONSUMPTION",
                consumed_text + f"this request {_money(this, currency)}; total after "
                f"{_money(total, currency)}; available before {_money(available_before, currency)}, "
                f"after {_money(available_after, currency)}"
                + (f"; usage after {_percent(usage)}." if usage is not None else "."),
                budget=label,
                basis=basis,
                limit=quantize(figures.limit, currency),
                consumed=quantize(consumed, currency),
                this_request=quantize(this, currency),
                available_after=quantize(available_after, currency),
            )
        )
    else:
        reasons.append(
            Reason.of(
                "BUDGET.CONSUMPTION",
                consumed_text + f"available before {_money(available_before, currency)}; this "
                f"request cannot be converted to {currency} (no budget rate for "
                f"{_unconverted(draft, missing)}), so its amount, the total after and the "
                "amount available after are unknown.",
                budget=label,
                basis=basis,
                limit=quantize(figures.limit, currency),
                consumed=quantize(consumed, currency),
                unconverted=", ".join(missing),
            )
        )
    if forward != 0 and basis in (Basis.YEAR_TO_DATE, Basis.PERIOD, Basis.LINEAR):
        reasons.append(
            Reason.of(
                "BUDGET.LATER_POSTINGS_EXCLUDED",
                f"Postings dated after {figures.window.end.isoformat()} ({_money(forward, currency)}) "
                f"are not counted on a {basis.value.replace('_', ' ')} basis, so they cannot block "
                "this earlier-dated request.",
                after=figures.window.end,
                amount=quantize(forward, currency),
            )
        )
    judgement = _judge(figures.limit, total, rules, stage_policy.boundary)
    action: Action | None = None
    overridable = False
    triggered: ToleranceRule | None = None
    threshold: Decimal | None = None
    override = ", ".join(granted)
    within = _within_commitment(keys or {}, relief, stage_policy, stage, label)
    reduction = _is_reduction(this, missing, draft)
    if reduction:
        reasons.append(
            Reason.of(
                "BUDGET.REDUCTION",
                f"This request changes the budget by {_money(this, currency)}: a reduction "
                "(credit, return or cancellation) never blocks.",
                this_request=quantize(this, currency),
            )
            if known
            else Reason.of(
                "BUDGET.REDUCTION",
                f"Every amount of this request on the budget is zero or negative "
                f"({_unconverted(draft, missing)} without a budget rate to {currency}): a reduction "
                "(credit, return or cancellation) never blocks.",
                unconverted=", ".join(missing),
            )
        )
    elif within:
        reasons.extend(within)
    elif missing:
        action = Action.BLOCK
        reasons.append(
            Reason.of(
                "BUDGET.MISSING_FX_RATE",
                f"No budget rate from {', '.join(missing)} to {currency}: "
                f"{_unconverted(draft, missing)} cannot be converted, so the request cannot be "
                "checked against this budget and is blocked.",
                severity=Severity.ERROR,
                currency=", ".join(missing),
                budget_currency=currency,
                unconverted=_unconverted(draft, missing),
            )
        )
    elif budget.status is not BudgetStatus.OPEN:
        action = Action.BLOCK
        overridable = budget.status is BudgetStatus.ON_HOLD
        status = budget.status.value.replace("_", " ")
        if overridable and override:
            reasons.append(
                Reason.of(
                    "BUDGET.ON_HOLD",
                    f"Budget {label} is {status}: increases are blocked, but role {override} "
                    "overrides the hold for this request, which passes with a warning.",
                    severity=Severity.WARNING,
                    budget=label,
                    status=budget.status,
                    overridden_by=override,
                )
            )
        else:
            reasons.append(
                Reason.of(
                    "BUDGET.CLOSED" if budget.status is BudgetStatus.CLOSED else "BUDGET.ON_HOLD",
                    f"Budget {label} is {status}: increases are blocked"
                    + (" unless an override role releases them." if overridable else "."),
                    severity=Severity.ERROR,
                    budget=label,
                    status=budget.status,
                )
            )
    elif not rules:
        reasons.append(
            Reason.of(
                "BUDGET.TRACKED",
                f"No tolerance rule on a {basis.value.replace('_', ' ')} basis for this stage: "
                "consumption is tracked, nothing is enforced.",
                budget=label,
            )
        )
    elif judgement.rule is None:
        highest = max(rule.threshold(figures.limit) for rule in rules)
        op = "<=" if stage_policy.boundary is Boundary.INCLUSIVE else "<"
        lowest = min(rules, key=lambda rule: rule.threshold(figures.limit))
        reasons.append(
            Reason.of(
                "BUDGET.WITHIN_LIMIT",
                f"Total after {_money(total, currency)} {op} the lowest threshold "
                f"{_money(lowest.threshold(figures.limit), currency)} ({lowest.label}): no rule "
                "triggers.",
                total_after=quantize(total, currency),
                threshold=quantize(lowest.threshold(figures.limit), currency),
                highest_threshold=quantize(highest, currency),
            )
        )
    else:
        action = judgement.action
        triggered = judgement.rule
        threshold = judgement.threshold
        assert threshold is not None and action is not None  # noqa: S101 - set together
        overridable = action is Action.BLOCK
        op = ">" if stage_policy.boundary is Boundary.INCLUSIVE else ">="
        with exact():
            over = total - figures.limit
            already = _hits(consumed, threshold, stage_policy.boundary)
        overridden = overridable and bool(override)
        verb = (
            f"would block, but role {override} overrides it and it warns"
            if overridden
            else {Action.BLOCK: "blocks", Action.WARN: "warns", Action.INFO: "notes it"}[action]
        )
        facts: dict[str, object] = {"overridden_by": override} if overridden else {}
        reasons.append(
            Reason.of(
                "BUDGET.OVER_TOLERANCE",
                f"Rule '{triggered.label}' {verb}: total after {_money(total, currency)} {op} "
                f"threshold {_money(threshold, currency)} "
                f"({stage_policy.boundary.value} boundary); "
                + (
                    f"the limit {_money(figures.limit, currency)} is exceeded by {_money(over, currency)}."
                    if over > 0
                    else f"{_money(over.copy_negate(), currency)} of the limit remains."
                ),
                severity=Severity.WARNING if overridden else _SEVERITY[action],
                rule=triggered.label,
                action=action,
                total_after=quantize(total, currency),
                threshold=quantize(threshold, currency),
                exceeded_by=quantize(max(over, ZERO), currency),
                **facts,
            )
        )
        if already:
            reasons.append(
                Reason.of(
                    "BUDGET.ALREADY_EXCEEDED",
                    f"Consumption before this request ({_money(consumed, currency)}) had already "
                    f"reached the threshold {_money(threshold, currency)}.",
                    severity=Severity.WARNING,
                    consumed=quantize(consumed, currency),
                )
            )
    line = LineCheck(
        label,
        budget.account,
        budget.dimensions,
        currency,
        _OUTCOME[action],
        basis=basis,
        window=figures.window,
        limit=quantize(figures.limit, currency),
        consumption=tuple(
            StageAmount(
                stage, quantize(figures.inside[index], currency), stage in stage_policy.counts
            )
            for index, stage in enumerate(_STAGES)
        ),
        consumed=quantize(consumed, currency),
        this_request=quantize(this, currency) if known else None,
        available_before=quantize(available_before, currency),
        available_after=quantize(available_after, currency) if known else None,
        usage_after=usage,
        triggered=triggered,
        threshold=None if threshold is None else quantize(threshold, currency),
        overridable=overridable,
        relieved=quantize(relieved, currency),
        within_commitment=bool(within) and not reduction,
        unconverted=tuple(missing),
        reasons=tuple(reasons),
    )
    return _override(line, granted)


def _override(line: LineCheck, roles: Sequence[str]) -> LineCheck:
    """Turn an overridable block into a warning when the caller holds an override role."""
    if line.outcome is not FundsDecision.BLOCKED or not line.overridable or not roles:
        return line
    reason = Reason.of(
        "BUDGET.OVERRIDE_APPLIED",
        f"Override by role {', '.join(roles)}: the block on {line.budget or line.account} becomes a warning.",
        severity=Severity.WARNING,
        roles=", ".join(roles),
    )
    return attrs.evolve(
        line, outcome=FundsDecision.PASS_WITH_WARNING, reasons=(*line.reasons, reason)
    )


def _check_roles(roles: Collection[str]) -> tuple[str, ...]:
    return () if roles == () else _to_roles(_items(roles, "roles"))


def _check_request(request: object) -> SpendRequest:
    if not isinstance(request, SpendRequest):
        raise TypeError(
            f"request must be a SpendRequest, not {type(request).__name__}: {request!r}"
        )
    return request
