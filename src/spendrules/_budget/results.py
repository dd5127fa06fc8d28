"""Results of a funds check: line checks, budget checks, headroom and what-if (private)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from spendrules._budget.model import (
    Dimensions,
    Period,
    Stage,
    key_label,
)
from spendrules._budget.policy import ZERO, Basis, FundsDecision, ToleranceRule
from spendrules._budget.relief import Relief
from spendrules._budget.tolerance import _percent
from spendrules._checks import check_decimal, to_enum
from spendrules._policy.reference import PolicyReference
from spendrules.results import Explained, Reason

__all__ = [
    "BudgetCheck",
    "Headroom",
    "LineCheck",
    "StageAmount",
    "WhatIf",
]


# --------------------------------------------------------------------------- results


def _to_stage_amount(value: Decimal | int) -> Decimal:
    return check_decimal(value, "amount")


def _to_stage(value: object) -> Stage:
    """attrs converter: ``stage`` as a Stage, or an error naming the field."""
    return to_enum(Stage, value, "stage")


@attrs.frozen
class StageAmount:
    """Consumption of one ledger stage inside a check's window.

    Attributes:
        stage: The ledger stage.
        amount: Sum in the budget's currency (minor units).
        counted: Whether the policy counts this stage against the budget.
    """

    stage: Stage = attrs.field(converter=_to_stage)
    amount: Decimal = attrs.field(converter=_to_stage_amount)
    counted: bool = True


def _to_outcome(value: object) -> FundsDecision:
    """attrs converter: ``outcome`` as a FundsDecision, or an error naming the field."""
    return to_enum(FundsDecision, value, "outcome")


@attrs.frozen
class LineCheck:
    """The check of one budget on one basis (or of one line no budget controls).

    Amounts are in ``currency`` (the budget's), rounded to its minor units for
    display; the comparison itself is exact.

    Attributes:
        budget: The budget's label; empty for a line no budget controls.
        account: The budget's account (or the line's when there is no budget).
        dimensions: The budget's dimensions (or the line's).
        currency: Currency of every amount below.
        outcome: This line's own decision.
        basis: The basis checked, or None when nothing was checked.
        window: The consumption window, or None.
        limit: The limit on that basis (after release), or None.
        consumption: Consumption per ledger stage in the window, with whether it counts.
        consumed: Counted consumption before this request, after the
            commitments this request relieves (see ``relieved``).
        this_request: This request's lines on this budget, converted; None
            when a line's currency has no budget rate (see ``unconverted``).
        available_before: ``limit - consumed``.
        available_after: ``limit - consumed - this_request``; None when
            ``this_request`` is unknown.
        usage_after: ``(consumed + this_request) / limit`` as a fraction (4
            places); None when the limit is zero or ``this_request`` is unknown.
        triggered: The tolerance rule that decided, or None.
        threshold: That rule's threshold (consumption after which it triggers), or None.
        overridable: Whether an override role may turn this block into a warning
            (still True after an override turned it into one).
        relieved: Counted commitments in the window that this request relieves
            (open requisitions or orders named in ``SpendRequest.relieves``),
            already taken out of ``consumed``.
        within_commitment: True when this request passed the line because it
            stays within the commitments it relieves (``BUDGET.WITHIN_COMMITMENT``;
            see `StagePolicy.recheck_follow_ons`): the tolerance rules
            were not applied to it again.
        unconverted: Currencies of this request's lines on the budget that have
            no budget rate to ``currency`` (the check blocks on them).
        reasons: The arithmetic and the outcome, in words.
    """

    budget: str
    account: str
    dimensions: Dimensions
    currency: str
    outcome: FundsDecision = attrs.field(converter=_to_outcome)
    basis: Basis | None = None
    window: Period | None = None
    limit: Decimal | None = None
    consumption: tuple[StageAmount, ...] = ()
    consumed: Decimal = ZERO
    this_request: Decimal | None = ZERO
    available_before: Decimal | None = None
    available_after: Decimal | None = None
    usage_after: Decimal | None = None
    triggered: ToleranceRule | None = None
    threshold: Decimal | None = None
    overridable: bool = False
    relieved: Decimal = ZERO
    within_commitment: bool = False
    unconverted: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()

    def summary(self) -> str:
        """One line: budget, basis, limit, consumed, this request, available after, outcome."""
        name = self.budget or key_label(self.account, self.dimensions)
        outcome = self.outcome.value + (" (within commitment)" if self.within_commitment else "")
        if self.limit is None or self.basis is None:
            return f"{name}: {outcome}"
        basis = self.basis.value
        relieved = f" (after relieving {self.relieved:,})" if self.relieved else ""
        head = f"{name} [{basis}]: limit {self.limit:,} {self.currency}, consumed {self.consumed:,}{relieved}, "
        if self.this_request is None or self.available_after is None:
            return (
                f"{head}this request not convertible (no budget rate from "
                f"{', '.join(self.unconverted)} to {self.currency}), available after unknown "
                f"-> {outcome}"
            )
        usage = "n/a" if self.usage_after is None else _percent(self.usage_after)
        return (
            f"{head}this request {self.this_request:,}, available after {self.available_after:,}, "
            f"usage after {usage} -> {outcome}"
        )


def _to_decision(value: object) -> FundsDecision:
    """attrs converter: ``decision`` as a FundsDecision, or an error naming the field."""
    return to_enum(FundsDecision, value, "decision")


@attrs.frozen
class BudgetCheck(Explained):
    """The answer of [`check_budget`][spendrules.budget.check_budget]: a decision and one [`LineCheck`][spendrules.budget.LineCheck] per budget and basis.

    Attributes:
        decision: Blocked if any line blocks; pass with warning if any warns;
            not controlled if no budget controls any line; else pass.
        lines: The line checks, in budget order, then the lines without a budget.
        stage: The request's stage.
        date: The request's date.
        as_of: The day the check was made.
        reference: The request's reference.
        overridable: True when the request is blocked only by overridable
            lines and the policy names override roles.
        override_roles: The roles that may override (empty unless ``overridable``).
        override_applied: True when the caller's role turned a block into a warning.
        relieved: The open commitments this request relieved before it was
            counted (one [`Relief`][spendrules.budget.Relief] per commitment and
            key), from ``SpendRequest.relieves``.
        reasons: The decision, then what was relieved (``BUDGET.RELIEVED``,
            ``BUDGET.NOT_RELIEVED``), then every line's reasons, then, under a
            policy file, ``POLICY.CITED`` (and ``POLICY.NOT_AGREED`` when it is
            not agreed).
        rule: Rule id and version.
        policy_reference: The policy file the ``ControlPolicy`` came from, citing
            the tolerance rules that decided (``budget.order.rules[1]``) or the
            stage (``budget.order``); None for a policy built in code.
    """

    decision: FundsDecision = attrs.field(converter=_to_decision)
    lines: tuple[LineCheck, ...]
    stage: Stage = attrs.field(converter=_to_stage)
    date: dt.date
    as_of: dt.date
    reference: str = ""
    overridable: bool = False
    override_roles: tuple[str, ...] = ()
    override_applied: bool = False
    relieved: tuple[Relief, ...] = ()
    reasons: tuple[Reason, ...] = ()
    rule: str = "budget.check@1"
    policy_reference: PolicyReference | None = None

    @property
    def passed(self) -> bool:
        """True unless the decision is blocked."""
        return self.decision is not FundsDecision.BLOCKED

    def _detail_lines(self) -> list[str]:
        return ["Lines:"] + [f"  {line.summary()}" for line in self.lines]


@attrs.frozen
class Headroom(Explained):
    """The largest amount a request line could carry and still not be blocked.

    Attributes:
        amount: The largest amount in ``currency`` (minor units), or None when no
            rule limits the line.
        currency: The line's currency.
        budget: Label of the budget that limits it ("" if none).
        basis: The basis that limits it, or None.
        limiting_rule: The blocking rule that limits it, or None (a closed
            budget, a missing account or budget rate limit to zero without a rule).
        reasons: How the amount was found; for a follow-on request, then what it
            relieves at that amount (``BUDGET.RELIEVED``, ``BUDGET.NOT_RELIEVED``)
            and, when that amount stays within the commitments it relieves,
            ``BUDGET.WITHIN_COMMITMENT``.
        rule: Rule id and version.
    """

    amount: Decimal | None
    currency: str
    budget: str = ""
    basis: Basis | None = None
    limiting_rule: ToleranceRule | None = None
    reasons: tuple[Reason, ...] = ()
    rule: str = "budget.headroom@1"


@attrs.frozen
class WhatIf(Explained):
    """The checks of a batch of draft requests, each seeing the earlier ones reserved.

    Attributes:
        checks: One [`BudgetCheck`][spendrules.budget.BudgetCheck] per request, in order.
        passed: Requests that pass without warning (or are not controlled).
        warned: Requests that pass with a warning.
        blocked: Requests that are blocked (and not reserved).
        reasons: A summary.
        rule: Rule id and version.
    """

    checks: tuple[BudgetCheck, ...]
    passed: int
    warned: int
    blocked: int
    reasons: tuple[Reason, ...] = ()
    rule: str = "budget.what_if@1"

    def _detail_lines(self) -> list[str]:
        return [
            f"  {index}. {check.reference or '(no reference)'}: {check.decision.value}"
            for index, check in enumerate(self.checks, 1)
        ]
