"""One check per budget and basis, and the whole request's evaluation (private)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Collection, Iterable, Mapping, Sequence
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
from spendrules._budget.model import (
    BudgetStatus,
    Dimensions,
    Period,
    SpendRequest,
    Stage,
    key_label,
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
    ControlPolicy,
    FundsDecision,
    MissingBudget,
    StagePolicy,
    ToleranceRule,
    _to_roles,
)
from spendrules._budget.relief import NOTHING, Plan, Relief, Slot
from spendrules._budget.relief import plan as plan_relief
from spendrules._budget.results import BudgetCheck, LineCheck, StageAmount
from spendrules._budget.tolerance import _RANK, _percent
from spendrules._decimal import CONTEXT, exact
from spendrules.errors import CurrencyMismatchError
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
    :func:`_within_commitment`, reported separately.
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


_Key = tuple[str, Dimensions, str]


@attrs.frozen
class _Landing:
    """One cut of a relief plan as a budget item counts it."""

    date: dt.date
    stage: int  # index in _STAGES
    amount: Decimal  # in the budget currency: what ``_Book.relieve`` took out of the sums
    part: Decimal  # in the commitment's (and the follow-on key's) own currency
    relief: Relief


#: Per budget item, the relief landing in it.
_ReliefIndex = dict[tuple[int, "_NodeKey"], list[_Landing]]


def _reliefs_by_id(plan: Plan) -> dict[tuple[str, Stage, _Key], Relief]:
    return {
        (relief.reference, relief.stage, (relief.account, relief.dimensions, relief.currency)): (
            relief
        )
        for relief in plan.reliefs
    }


def _relief_index(book: _Book, plan: Plan) -> _ReliefIndex:
    """Where each cut of a relief plan lands: the budget items its entry consumes."""
    found: _ReliefIndex = {}
    reliefs = _reliefs_by_id(plan)
    # The book is already relieved: walk the cuts back to each one's open amounts.
    open_now: dict[int, Decimal] = {}
    steps: list[tuple[Slot, Decimal, Decimal, Decimal]] = []
    for slot, part in reversed(plan.cuts):
        after = open_now.get(slot.order, slot.open)
        with exact():
            before = open_now[slot.order] = after + part
        steps.append((slot, part, before, after))
    for slot, part, before, after in reversed(steps):
        entry = slot.entry
        relief = reliefs[(entry.reference, entry.stage, slot.key)]
        for key in book.items_on(entry.account, entry.dimensions, entry.date):
            position = key[0]
            # What ``_Book.relieve`` took out of the sums, so the two agree to the cent.
            currency = book.index[position].budget.currency
            counted = book.convert(before, entry.currency, currency)
            left = book.convert(after, entry.currency, currency)
            if counted is None or left is None:
                continue  # the entry itself was not counted on this budget
            with exact():
                amount = counted - left
            found.setdefault(key, []).append(
                _Landing(entry.date, _STAGE_INDEX[entry.stage], amount, part, relief)
            )
    return found


def _key_landings(plan: Plan) -> dict[_Key, list[_Landing]]:
    """Every cut of a relief plan by the key it relieves (for lines no budget controls)."""
    found: dict[_Key, list[_Landing]] = {}
    reliefs = _reliefs_by_id(plan)
    for slot, part in plan.cuts:
        entry = slot.entry
        relief = reliefs[(entry.reference, entry.stage, slot.key)]
        found.setdefault(slot.key, []).append(
            _Landing(entry.date, _STAGE_INDEX[entry.stage], part, part, relief)
        )
    return found


def _within_commitment(
    amounts: Mapping[_Key, Decimal],
    landings: Iterable[_Landing],
    stage_policy: StagePolicy,
    stage: Stage,
    budget: str,
) -> list[Reason]:
    """``BUDGET.WITHIN_COMMITMENT`` reasons when the request adds nothing beyond what it relieves.

    Returns one reason per key where the request adds spending, when on every
    such key the relieved commitments the check counts (their stage in
    ``counts``, landed on this budget) cover the request's amount there;
    otherwise (or with ``recheck_follow_ons``, or nothing added) an empty list.
    """
    if stage_policy.recheck_follow_ons:
        return []
    counted = {_STAGE_INDEX[s] for s in stage_policy.counts}
    relieved: dict[_Key, Decimal] = {}
    commitments: dict[_Key, dict[Relief, None]] = {}
    with exact():
        for landing in landings:
            if landing.stage not in counted:
                continue
            relief = landing.relief
            key = (relief.account, relief.dimensions, relief.currency)
            relieved[key] = relieved.get(key, ZERO) + landing.part
            commitments.setdefault(key, {})[relief] = None
    spending = {key: amount for key, amount in amounts.items() if amount > 0}
    if not spending or any(relieved.get(key, ZERO) < spending[key] for key in spending):
        return []
    reasons = []
    what = f"budget {budget}" if budget else "the zero budget of the line"
    for key in sorted(spending):
        account, dimensions, currency = key
        listed = list(commitments[key])
        with exact():
            open_total = sum((relief.open_before for relief in listed), ZERO)
        names = ", ".join(f"{relief.stage.value} {relief.reference}" for relief in listed)
        reasons.append(
            Reason.of(
                "BUDGET.WITHIN_COMMITMENT",
                f"This {stage.value}'s {_money(spending[key], currency)} on "
                f"{key_label(account, dimensions)} stays within the open commitment it relieves "
                f"there ({names}: open {_money(open_total, currency)}, relieved "
                f"{_money(relieved[key], currency)}): that money was checked when it was "
                f"committed, so this {stage.value} adds no consumption to {what} and is not "
                "checked again (recheck_follow_ons is off).",
                account=account,
                currency=currency,
                amount=quantize(spending[key], currency),
                relieved=quantize(relieved[key], currency),
                open_commitment=quantize(open_total, currency),
                references=", ".join(relief.reference for relief in listed),
            )
        )
    return reasons


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
    """Relieve what ``request`` relieves, then check it; the book stays relieved (see ``undo``)."""
    plan = plan_relief(book.slots.by_reference, request)
    book.relieve(plan)
    return _evaluate(book, request, roles, as_of, plan), plan


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
        ),
    )


def _quick_decision(
    book: _Book, request: SpendRequest, roles: Sequence[str]
) -> FundsDecision | None:
    """The decision :func:`_evaluate` reaches, for the common request, without its explanation.

    The common request relieves nothing and every line has an account and
    budgets that control it, all open and in the line's currency, checked on
    other bases than linear. Those lines are judged with the same limits,
    consumption and rules as :func:`_line_check` (:meth:`_Book.quick_plan`);
    any other request returns None and takes the full path.
    """
    if request.relieves:
        return None
    day = request.date
    index = book.index
    items: dict[tuple[int, _NodeKey], Decimal] = {}
    for line in request.lines:
        found = False
        for position, start, end, node, _ in book.targets(line.account, line.dimensions):
            if not start <= day <= end:
                continue
            if index[position].currency != line.currency:
                return None
            found = True
            item = (position, node)
            items[item] = CONTEXT.add(items.get(item, ZERO), line.amount)
        if not found or not line.account.strip():
            return None
    stage = request.stage
    stage_policy = book.stage_policies[stage]
    counted = [_STAGE_INDEX[counts] for counts in stage_policy.counts]
    inclusive = stage_policy.boundary is Boundary.INCLUSIVE
    rank = 0
    for item, this in items.items():
        if this <= 0:
            continue  # a reduction never blocks, and only notes itself
        plan = book.quick_plan(stage, item[0], day)
        if plan is None:
            return None
        for first, last, triggers in plan:
            inside = book.inside_sums(item, first, last, None)
            total = this
            for stage_index in counted:
                total = CONTEXT.add(total, inside[stage_index])
            for threshold, action in triggers:  # _judge: the strongest rule that triggers
                if action > rank and (total > threshold if inclusive else total >= threshold):
                    rank = action
        if rank == _RANK[Action.BLOCK] and not any(
            role in roles for role in book.policy.override_roles
        ):
            return FundsDecision.BLOCKED
    return FundsDecision.PASS_WITH_WARNING if rank >= _RANK[Action.WARN] else FundsDecision.PASS


def _check_roles(roles: Collection[str]) -> tuple[str, ...]:
    return () if roles == () else _to_roles(_items(roles, "roles"))


def _check_request(request: object) -> SpendRequest:
    if not isinstance(request, SpendRequest):
        raise TypeError(
            f"request must be a SpendRequest, not {type(request).__name__}: {request!r}"
        )
    return request
