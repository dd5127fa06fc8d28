"""Funds control policy: tolerance rules, stage policies and the control policy (private)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

import attrs

from spendrules._budget.model import (
    Stage,
)
from spendrules._checks import check_decimal, to_enum
from spendrules._decimal import exact
from spendrules.errors import InvalidInputError
from spendrules.results import Severity

__all__ = [
    "Action",
    "Against",
    "Basis",
    "Boundary",
    "Combine",
    "ControlPolicy",
    "FundsDecision",
    "MissingBudget",
    "Rollup",
    "StagePolicy",
    "ToleranceRule",
]

ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_USAGE_PLACES = Decimal("0.0001")
_STAGES = (Stage.REQUISITION, Stage.ORDER, Stage.ACTUAL)
_STAGE_INDEX = {stage: index for index, stage in enumerate(_STAGES)}


# --------------------------------------------------------------------------- policy


class Action(StrEnum):
    """What a tolerance rule does when it triggers.

    Attributes:
        INFO: Note it in the reasons; the request passes (Oracle "Track").
        WARN: Pass with a warning (ERPNext "Warn", Oracle "Advisory", SAP warning).
        BLOCK: Block the request (ERPNext "Stop", Oracle "Absolute", SAP error).
    """

    INFO = "info"
    WARN = "warn"
    BLOCK = "block"


_RANK = {Action.INFO: 1, Action.WARN: 2, Action.BLOCK: 3}


class Combine(StrEnum):
    """How a rule with both a usage share and an amount over the limit combines them.

    Attributes:
        EITHER: The rule triggers when either test does (SAP); the lower threshold wins.
        BOTH: The rule triggers only when both tests do; the higher threshold wins.
    """

    EITHER = "either"
    BOTH = "both"


class Boundary(StrEnum):
    """Whether reaching a threshold exactly triggers the rule.

    Attributes:
        INCLUSIVE: The threshold itself is allowed; only going beyond it
            triggers (ERPNext ``total > limit``: spending the budget to the cent passes).
        EXCLUSIVE: Reaching the threshold triggers (SAP "once the limit is
            reached", NetSuite "remaining budget meets the threshold", Odoo ``<``).
    """

    INCLUSIVE = "inclusive"
    EXCLUSIVE = "exclusive"


class Basis(StrEnum):
    """Which limit and which consumption window a check uses (the request date fixes the period).

    Attributes:
        ANNUAL: The budget of the request's fiscal year; consumption over that year.
        YEAR_TO_DATE: The phased budget of the fiscal year up to and including
            the request's period (ERPNext "accumulated monthly"); consumption from
            the year start to the end of that period. Postings in later periods
            never count.
        PERIOD: The phased budget of the request's period alone; consumption in
            that period (Oracle PTD with a period boundary).
        TOTAL: The whole budget over its validity (multi-year project budgets,
            SAP overall budget); consumption over the validity.
        LINEAR: The fiscal year's budget pro rata temporis up to the request
            date (days elapsed, both ends counted, over the days of the year);
            consumption from the year start to the request date.
    """

    ANNUAL = "annual"
    YEAR_TO_DATE = "year_to_date"
    PERIOD = "period"
    TOTAL = "total"
    LINEAR = "linear"


class Against(StrEnum):
    """Whether the limit is the budget or its released part.

    Attributes:
        BUDGET: The (phased) budget.
        RELEASED: The smaller of the phased budget and the released amount (SAP
            released budget, Oracle funds release); a budget without a released
            amount counts as fully released.
    """

    BUDGET = "budget"
    RELEASED = "released"


class MissingBudget(StrEnum):
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


class Rollup(StrEnum):
    """How a budget on a group node (an ancestor in a :class:`Hierarchy`) counts consumption.

    Attributes:
        POOLED: All descendants share the group budget (SAP, AX budget groups).
        PER_NODE: Each node is compared alone with the group budget (ERPNext's
            behaviour: siblings can each spend the whole group budget).
    """

    POOLED = "pooled"
    PER_NODE = "per_node"


class FundsDecision(StrEnum):
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


def _to_optional_non_negative(value: Decimal | int | None, field: str) -> Decimal | None:
    if value is None:
        return None
    number = check_decimal(value, field)
    if number < 0:
        raise InvalidInputError(field, value, ">= 0")
    return number


def _to_usage(value: Decimal | int | None) -> Decimal | None:
    return _to_optional_non_negative(value, "usage")


def _to_over_amount(value: Decimal | int | None) -> Decimal | None:
    return _to_optional_non_negative(value, "over_amount")


def _to_optional_basis(value: Basis | str | None) -> Basis | None:
    return None if value is None else Basis(value)


def _check_rule(instance: ToleranceRule, _attribute: object, value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"name must be a str, not {type(value).__name__}: {value!r}")
    if instance.usage is None and instance.over_amount is None:
        raise InvalidInputError("usage", None, "set, or over_amount set (a rule needs a threshold)")


def _percent(fraction: Decimal) -> str:
    with exact():
        return f"{(fraction * _HUNDRED).normalize():f} %"


def _to_action(value: object) -> Action:
    """attrs converter: ``action`` as a Action, or an error naming the field."""
    return to_enum(Action, value, "action")


def _to_combine(value: object) -> Combine:
    """attrs converter: ``combine`` as a Combine, or an error naming the field."""
    return to_enum(Combine, value, "combine")


@attrs.frozen
class ToleranceRule:
    """One tolerance limit: a threshold on consumption after the request, and an action.

    The threshold is ``usage × limit`` for a usage share, ``limit + over_amount``
    for an absolute variance, and for a rule with both, the lower of the two
    (``combine=EITHER``, SAP) or the higher (``combine=BOTH``).

    Attributes:
        action: What happens when the rule triggers.
        usage: Share of the limit as a fraction (``Decimal("0.9")`` = 90 %;
            ``Decimal("1.1")`` allows 10 % over), or None.
        over_amount: Amount the limit may be exceeded by, in the budget's
            currency, or None.
        combine: How ``usage`` and ``over_amount`` combine when both are set.
        basis: The basis this rule checks, or None for the stage's basis (lets a
            stage check both the annual budget and the year to date, as ERPNext does).
        name: A label shown in reasons (default: a description of the threshold).

    Raises:
        InvalidInputError: neither ``usage`` nor ``over_amount`` set, or a negative one.

    Examples:
        >>> rule = ToleranceRule(Action.WARN, usage=Decimal("0.9"))
        >>> rule.threshold(Decimal("1000")), rule.label
        (Decimal('900.0'), 'warn at 90 % of the limit')
        >>> ToleranceRule(Action.BLOCK, usage=Decimal("1.1"), over_amount=Decimal("50"),
        ...               combine=Combine.BOTH).threshold(Decimal("1000"))
        Decimal('1100.0')

    References:
        SAP "Specifying Tolerance Limits" (usage rate and absolute variance,
        either breach triggers); Oracle ``XCC_CONTROL_BUDGETS`` TOLERANCE_PERCENT
        and TOLERANCE_AMOUNT; CGI Advantage "Tolerances".
    """

    action: Action = attrs.field(converter=_to_action)
    usage: Decimal | None = attrs.field(default=None, converter=_to_usage)
    over_amount: Decimal | None = attrs.field(default=None, converter=_to_over_amount)
    combine: Combine = attrs.field(default=Combine.EITHER, converter=_to_combine)
    basis: Basis | None = attrs.field(default=None, converter=_to_optional_basis)
    name: str = attrs.field(default="", validator=_check_rule)

    def threshold(self, limit: Decimal) -> Decimal:
        """Return the consumption after the request at which the rule triggers, for ``limit``."""
        with exact():
            tests = []
            if self.usage is not None:
                tests.append(self.usage * limit)
            if self.over_amount is not None:
                tests.append(limit + self.over_amount)
            return min(tests) if self.combine is Combine.EITHER else max(tests)

    @property
    def label(self) -> str:
        """``name``, or a description such as ``"block at 100 % of the limit"``."""
        if self.name:
            return self.name
        parts = []
        if self.usage is not None:
            parts.append(f"{_percent(self.usage)} of the limit")
        if self.over_amount is not None:
            parts.append(f"limit + {self.over_amount:,}")
        joined = (" or " if self.combine is Combine.EITHER else " and ").join(parts)
        return f"{self.action.value} at {joined}"


_BLOCK_AT_LIMIT = ToleranceRule(Action.BLOCK, usage=Decimal(1))


def _to_stages(value: Iterable[Stage | str]) -> tuple[Stage, ...]:
    if isinstance(value, str):
        raise TypeError(f"counts must be a collection of stages, not str: {value!r}")
    stages = {to_enum(Stage, item, "counts") for item in value}
    return tuple(stage for stage in _STAGES if stage in stages)


def _to_rules(value: Iterable[ToleranceRule]) -> tuple[ToleranceRule, ...]:
    rules = tuple(value)
    for index, rule in enumerate(rules):
        if not isinstance(rule, ToleranceRule):
            raise TypeError(
                f"rules[{index}] must be a ToleranceRule, not {type(rule).__name__}: {rule!r}"
            )
    return rules


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


@attrs.frozen
class StagePolicy:
    """How requests of one stage are checked.

    Attributes:
        counts: The ledger stages that consume the budget (default all three:
            open requisitions, open orders and actuals, SAP's "assigned funds").
            ERPNext's legacy order-stage check is ``(ORDER, ACTUAL)``.
        basis: Default :class:`Basis` of the rules (default annual).
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
        default=MissingBudget.NOT_CONTROLLED, converter=MissingBudget
    )
    recheck_follow_ons: bool = attrs.field(default=False, kw_only=True, validator=_check_flag)

    def bases(self) -> tuple[Basis, ...]:
        """Return the bases the rules check, in :class:`Basis` order (the stage basis if no rules)."""
        used = {rule.basis or self.basis for rule in self.rules} or {self.basis}
        return tuple(basis for basis in Basis if basis in used)


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
    """The funds-control settings: one :class:`StagePolicy` per request stage, and shared options.

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
        """Return the :class:`StagePolicy` for requests of ``stage``."""
        stage = to_enum(Stage, stage, "stage")
        if stage is Stage.REQUISITION:
            return self.requisition
        return self.order if stage is Stage.ORDER else self.actual
