"""Funds control policy: tolerance rules, stage policies and the control policy (private)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from spendrules._budget.model import (
    Stage,
)
from spendrules._budget.tolerance import (
    Action,
    Basis,
    Combine,
    ToleranceRule,
    _bases,
    _to_rules,
)
from spendrules._checks import to_enum
from spendrules._enums import SpendEnum
from spendrules._policy.reference import PolicyReference, source_field
from spendrules.results import Severity

__all__ = [
    "Action",
    "Against",
    "Basis",
    "Boundary",
    "Combine",
    "ControlPolicy",
    "FundsDecision",
    "LinearDays",
    "MissingBudget",
    "Rollup",
    "StagePolicy",
    "ToleranceRule",
]

ZERO = Decimal(0)
_USAGE_PLACES = Decimal("0.0001")
_STAGES = (Stage.REQUISITION, Stage.ORDER, Stage.ACTUAL)
_STAGE_INDEX = {stage: index for index, stage in enumerate(_STAGES)}


# --------------------------------------------------------------------------- policy


class Boundary(SpendEnum):
    """Whether reaching a threshold exactly triggers the rule.

    Attributes:
        INCLUSIVE: The threshold itself is allowed; only going beyond it
            triggers (ERPNext ``total > limit``: spending the budget to the cent passes).
        EXCLUSIVE: Reaching the threshold triggers (SAP "once the limit is
            reached", NetSuite "remaining budget meets the threshold", Odoo ``<``).
    """

    INCLUSIVE = "inclusive"
    EXCLUSIVE = "exclusive"


class LinearDays(SpendEnum):
    """How the linear basis counts the days of the fiscal year that have elapsed.

    Attributes:
        BOTH_ENDS: From the year start to the request date, both counted, over
            the days of the year, both ends counted: on 31 January of a
            calendar year, 31/365 of the annual budget; on 31 December, all of it.
        END_EXCLUSIVE: ``(date − year start) / (year end − year start)``, as
            OCA ``account_budget_oca`` computes Odoo's theoretical amount (there
            in seconds): the first day is 0, 31 January 30/364, 31 December all of it.
    """

    BOTH_ENDS = "both_ends"
    END_EXCLUSIVE = "end_exclusive"


class Against(SpendEnum):
    """Whether the limit is the budget or its released part.

    Attributes:
        BUDGET: The (phased) budget.
        RELEASED: The smaller of the phased budget and the released amount (SAP
            released budget, Oracle funds release); a budget without a released
            amount counts as fully released.
    """

    BUDGET = "budget"
    RELEASED = "released"


class MissingBudget(SpendEnum):
    """What happens to a line that no budget controls.

    Attributes:
        NOT_CONTROLLED: Pass, reported as ``BUDGET.NO_BUDGET`` and decision
            "not controlled" when nothing else is checked (ERPNext).
        WARN: Pass with a warning.
        BLOCK: Block; no override (PeopleSoft E2).
        ZERO: Check it as a budget of zero with the stage's tolerance rules
            (SAP FM availability control), over the request's fiscal year.
    """

    NOT_CONTROLLED = "not_controlled"
    WARN = "warn"
    BLOCK = "block"
    ZERO = "zero"


class Rollup(SpendEnum):
    """How a budget on a group node (an ancestor in a [`Hierarchy`][spendrules.budget.Hierarchy]) counts consumption.

    Attributes:
        POOLED: All descendants share the group budget (SAP, AX budget groups).
        PER_NODE: Each node is compared alone with the group budget (ERPNext's
            behaviour: siblings can each spend the whole group budget).
    """

    POOLED = "pooled"
    PER_NODE = "per_node"


class FundsDecision(SpendEnum):
    """The answer of a funds check.

    Attributes:
        PASS: Every controlled line is within its rules.
        PASS_WITH_WARNING: Nothing blocks, but a rule or an input asks for attention.
        BLOCKED: At least one line blocks.
        NOT_CONTROLLED: No budget controls any line (nothing was checked).
    """

    PASS = "pass"  # noqa: S105 - a decision, not a password
    PASS_WITH_WARNING = "pass_with_warning"  # noqa: S105 - idem
    BLOCKED = "blocked"
    NOT_CONTROLLED = "not_controlled"


_OUTCOME = {
    None: FundsDecision.PASS,
    Action.INFO: FundsDecision.PASS,
    Action.WARN: FundsDecision.PASS_WITH_WARNING,
    Action.BLOCK: FundsDecision.BLOCKED,
}
_SEVERITY = {
    Action.INFO: Severity.INFO,
    Action.WARN: Severity.WARNING,
    Action.BLOCK: Severity.ERROR,
}


_BLOCK_AT_LIMIT = ToleranceRule(Action.BLOCK, usage=Decimal(1))


def _to_stages(value: Iterable[Stage | str]) -> tuple[Stage, ...]:
    if isinstance(value, str):
        raise TypeError(f"counts must be a collection of stages, not str: {value!r}")
    stages = {to_enum(Stage, item, "counts") for item in value}
    return tuple(stage for stage in _STAGES if stage in stages)


def _check_flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a bool, not {type(value).__name__}: {value!r}")


def _to_basis(value: object) -> Basis:
    """attrs converter: ``basis`` as a Basis, or an error naming the field."""
    return to_enum(Basis, value, "basis")


def _to_boundary(value: object) -> Boundary:
    """attrs converter: ``boundary`` as a Boundary, or an error naming the field."""
    return to_enum(Boundary, value, "boundary")


def _to_against(value: object) -> Against:
    """attrs converter: ``against`` as a Against, or an error naming the field."""
    return to_enum(Against, value, "against")


def _to_missing_budget(value: object) -> MissingBudget:
    return to_enum(MissingBudget, value, "missing_budget")


def _to_linear_days(value: object) -> LinearDays:
    return to_enum(LinearDays, value, "linear_days")


@attrs.frozen
class StagePolicy:
    """How requests of one stage are checked.

    Attributes:
        counts: The ledger stages that consume the budget (default all three:
            open requisitions, open orders and actuals, SAP's "assigned funds").
            ERPNext's legacy order-stage check is ``(ORDER, ACTUAL)``.
        basis: Default [`Basis`][spendrules.budget.Basis] of the rules (default annual).
        rules: Tolerance rules (default: block beyond 100 % of the limit). An
            empty tuple tracks consumption without acting on it.
        boundary: Whether reaching a threshold exactly triggers (default
            inclusive: spending the limit to the cent passes).
        against: Budget (default) or released budget.
        missing_budget: What happens to a line no budget controls (default: not
            controlled, as ERPNext).
        recheck_follow_ons: Whether a follow-on request that stays within the
            commitments it relieves (an invoice within its open order, an order
            within its requisition) is checked against the tolerance rules
            again. Default False, as SAP does not re-check a follow-on document
            within its commitment: on a budget where the request's amount on
            every key is covered by relieved commitments that the budget counts
            (same account, dimensions and currency, a stage in ``counts``, the
            commitment inside the budget's validity, in any period of it), the
            request adds no consumption, so it passes like a reduction, as
            ``BUDGET.WITHIN_COMMITMENT``: the money was checked when it was
            committed, and other postings that pushed the budget over since
            cannot block it again. True checks it like any other request (its
            total after relief against the rules; the budget's status applies).
            A follow-on that exceeds what it relieves is always checked: only
            the excess is new consumption, and the rules apply to the total after.
        linear_days: How the linear basis counts elapsed days ([`LinearDays`][spendrules.budget.LinearDays];
            default both ends, the reading of `Basis.LINEAR`).

    Examples:
        >>> StagePolicy(counts=[Stage.ACTUAL, Stage.ORDER]).counts
        (<Stage.ORDER: 'order'>, <Stage.ACTUAL: 'actual'>)
        >>> StagePolicy(recheck_follow_ons=True).recheck_follow_ons
        True
    """

    counts: tuple[Stage, ...] = attrs.field(default=_STAGES, converter=_to_stages)
    basis: Basis = attrs.field(default=Basis.ANNUAL, converter=_to_basis)
    rules: tuple[ToleranceRule, ...] = attrs.field(default=(_BLOCK_AT_LIMIT,), converter=_to_rules)
    boundary: Boundary = attrs.field(default=Boundary.INCLUSIVE, converter=_to_boundary)
    against: Against = attrs.field(default=Against.BUDGET, converter=_to_against)
    missing_budget: MissingBudget = attrs.field(
        default=MissingBudget.NOT_CONTROLLED, converter=_to_missing_budget
    )
    recheck_follow_ons: bool = attrs.field(default=False, kw_only=True, validator=_check_flag)
    linear_days: LinearDays = attrs.field(
        default=LinearDays.BOTH_ENDS, kw_only=True, converter=_to_linear_days
    )

    def bases(self) -> tuple[Basis, ...]:
        """Return the bases the rules check, in [`Basis`][spendrules.budget.Basis] order (the stage basis if no rules)."""
        return _bases(self.rules, self.basis)


def _to_roles(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"override_roles must be a collection of str, not str: {value!r}")
    roles = set()
    for role in value:
        if not isinstance(role, str):
            raise TypeError(f"override_roles[] must be a str, not {type(role).__name__}: {role!r}")
        roles.add(role)
    return tuple(sorted(roles))


def _check_stage_policy(
    _instance: object, attribute: attrs.Attribute[StagePolicy], value: object
) -> None:

    if not isinstance(value, StagePolicy):
        raise TypeError(
            f"{attribute.name} must be a StagePolicy, not {type(value).__name__}: {value!r}"
        )


def _to_rollup(value: object) -> Rollup:
    """attrs converter: ``rollup`` as a Rollup, or an error naming the field."""
    return to_enum(Rollup, value, "rollup")


def _to_missing_account(value: object) -> Action:
    """attrs converter: ``missing_account`` as a Action, or an error naming the field."""
    return to_enum(Action, value, "missing_account")


@attrs.frozen
class ControlPolicy:
    """The funds-control settings: one [`StagePolicy`][spendrules.budget.StagePolicy] per request stage, and shared options.

    Attributes:
        requisition: Policy for requisitions (material requests).
        order: Policy for purchase orders.
        actual: Policy for invoices, expense claims and journal entries.
        override_roles: Roles whose holders turn an overridable block (a
            tolerance rule, a budget on hold) into a warning (ERPNext exception
            budget approver role, Oracle override, AX over-budget permission).
        rollup: Pooled (default) or per-node consumption for group budgets.
        missing_account: Action for a line without an account (default block;
            ERPNext skips such lines silently, issue #58564).
        source: The policy file this was read from (set by
            [`spendrules.policy.load`][spendrules.policy.load]), or None; not part of equality.

    Examples:
        >>> policy = ControlPolicy.uniform(StagePolicy(basis=Basis.YEAR_TO_DATE))
        >>> policy.for_stage(Stage.ORDER).basis
        <Basis.YEAR_TO_DATE: 'year_to_date'>
    """

    requisition: StagePolicy = attrs.field(factory=StagePolicy, validator=_check_stage_policy)
    order: StagePolicy = attrs.field(factory=StagePolicy, validator=_check_stage_policy)
    actual: StagePolicy = attrs.field(factory=StagePolicy, validator=_check_stage_policy)
    override_roles: tuple[str, ...] = attrs.field(default=(), converter=_to_roles)
    rollup: Rollup = attrs.field(default=Rollup.POOLED, converter=_to_rollup)
    missing_account: Action = attrs.field(default=Action.BLOCK, converter=_to_missing_account)
    source: PolicyReference | None = source_field()  # noqa: RUF009 - an attrs.field

    @classmethod
    def uniform(
        cls,
        stage_policy: StagePolicy,
        *,
        override_roles: Iterable[str] = (),
        rollup: Rollup = Rollup.POOLED,
        missing_account: Action = Action.BLOCK,
    ) -> ControlPolicy:
        """Return a policy that checks every stage with ``stage_policy``."""
        return cls(
            stage_policy,
            stage_policy,
            stage_policy,
            override_roles=tuple(override_roles),
            rollup=rollup,
            missing_account=missing_account,
        )

    def for_stage(self, stage: Stage) -> StagePolicy:
        """Return the [`StagePolicy`][spendrules.budget.StagePolicy] for requests of ``stage``."""
        stage = to_enum(Stage, stage, "stage")
        if stage is Stage.REQUISITION:
            return self.requisition
        return self.order if stage is Stage.ORDER else self.actual
