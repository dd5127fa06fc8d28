"""Funds checking: control policies, check_budget, headroom and what_if (private).

The rule in one paragraph: for every budget that controls a request line
(same account and dimensions, or an ancestor of them in a :class:`Hierarchy`,
with the request date inside the budget's validity), the check adds up the
consumption of the stages the policy counts inside the basis window, adds the
request (converted at the budget rate), and compares the total with each
tolerance rule's threshold. Rules are checked highest threshold first; the
strongest action among the rules that trigger decides (so more consumption can
never weaken a decision). Reductions always pass. Lines without an account,
without a budget, or in a currency without a budget rate are explicit reasons.
A follow-on request first relieves the open requisitions and orders it names
in ``relieves`` (:mod:`~spendrules._budget.relief`), so a commitment and its
follow-on are counted once. A follow-on that stays within the commitments it
relieves adds no consumption, so, like a reduction, it passes
(``BUDGET.WITHIN_COMMITMENT``) even when other postings have pushed the budget
over since the commitment was checked (SAP does not re-check follow-on
documents within their commitment; ERPNext's over-committed order bucket
blocks unrelated documents, domain notes section 7 item 18);
``StagePolicy.recheck_follow_ons`` checks it again instead. Only the excess of
a follow-on over what it relieves is new consumption.

References:
    ERPNext ``erpnext/accounts/doctype/budget/budget.py`` and
    ``erpnext/controllers/budget_controller.py`` (annual and accumulated-monthly
    checks, Stop/Warn/Ignore, exception approver role; issues #36610, #47603,
    #47611, #58564 and PR #53314 for the behaviours spendrules corrects).
    SAP "Specifying Tolerance Limits" and FM tolerance profiles (usage % and
    absolute variance, checked highest first). Oracle EBS "Funds Check Level"
    and "Amount Type and Boundary", Fusion "Control Budget Options".
    PeopleSoft Commitment Control "Errors and Warnings" (E1-E7 and which are
    overridable). NetSuite "Creating a Budget Control Record". Dynamics AX
    "About budget control" and "Define budget exchange rates".
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum

import attrs

from spendrules._budget.model import (
    Budget,
    BudgetRate,
    BudgetStatus,
    Dimensions,
    FiscalCalendar,
    Hierarchy,
    LedgerEntry,
    Period,
    SpendRequest,
    Stage,
    key_label,
)
from spendrules._budget.relief import NOTHING, Plan, Relief, Slot, Slots
from spendrules._budget.relief import plan as plan_relief
from spendrules._checks import check_date, check_decimal, to_enum
from spendrules._decimal import exact
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.money import ROUNDING_MODES, from_minor_units, minor_units, quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "Action",
    "Against",
    "Basis",
    "Boundary",
    "BudgetCheck",
    "Combine",
    "ControlPolicy",
    "FundsDecision",
    "Headroom",
    "LineCheck",
    "MissingBudget",
    "Rollup",
    "StageAmount",
    "StagePolicy",
    "ToleranceRule",
    "WhatIf",
    "check_budget",
    "headroom",
    "iter_what_if",
    "what_if",
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
            see :attr:`StagePolicy.recheck_follow_ons`): the tolerance rules
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
    """The answer of :func:`check_budget`: a decision and one :class:`LineCheck` per budget and basis.

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
            counted (one :class:`~spendrules.budget.Relief` per commitment and
            key), from ``SpendRequest.relieves``.
        reasons: The decision, then what was relieved (``BUDGET.RELIEVED``,
            ``BUDGET.NOT_RELIEVED``), then every line's reasons.
        rule: Rule id and version.
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
        checks: One :class:`BudgetCheck` per request, in order.
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


# --------------------------------------------------------------------------- engine


def _money(amount: Decimal, currency: str) -> str:
    return f"{quantize(amount, currency):,} {currency}"


def _hits(total: Decimal, threshold: Decimal, boundary: Boundary) -> bool:
    with exact():
        return total > threshold if boundary is Boundary.INCLUSIVE else total >= threshold


@attrs.frozen
class _Judgement:
    action: Action | None
    rule: ToleranceRule | None
    threshold: Decimal | None
    lowest_block: Decimal | None
    block_rule: ToleranceRule | None


def _judge(
    limit: Decimal, total: Decimal, rules: Sequence[ToleranceRule], boundary: Boundary
) -> _Judgement:
    """Check rules highest threshold first; the strongest action among those that trigger wins."""
    with exact():
        ordered = sorted(
            ((rule.threshold(limit), rule) for rule in rules),
            key=lambda pair: (-pair[0], -_RANK[pair[1].action]),
        )
    chosen: tuple[Decimal, ToleranceRule] | None = None
    for threshold, rule in ordered:
        if _hits(total, threshold, boundary) and (
            chosen is None or _RANK[rule.action] > _RANK[chosen[1].action]
        ):
            chosen = (threshold, rule)
    blocks = [pair for pair in ordered if pair[1].action is Action.BLOCK]
    lowest = blocks[-1] if blocks else None
    return _Judgement(
        chosen[1].action if chosen else None,
        chosen[1] if chosen else None,
        chosen[0] if chosen else None,
        lowest[0] if lowest else None,
        lowest[1] if lowest else None,
    )


class _BudgetIndex:
    """Per budget: its periods, phased amounts and fiscal-year grouping."""

    __slots__ = ("budget", "fy_first", "fy_last", "periods", "phased", "position", "starts")

    def __init__(self, budget: Budget, position: int, calendar: FiscalCalendar) -> None:
        self.budget = budget
        self.position = position
        frequency = budget.phasing.frequency
        self.periods = calendar.periods_between(
            budget.valid_from, budget.valid_to, frequency=frequency
        )
        try:
            self.phased = budget.phasing.allocate(budget.amount, budget.currency, self.periods)
        except InvalidInputError as exc:
            raise InvalidInputError(
                f"budgets[{position}].phasing.{exc.field}", exc.value, exc.constraint
            ) from None
        self.starts = [period.start for period in self.periods]
        years = [calendar.year_start(period.start) for period in self.periods]
        self.fy_first = [years.index(year) for year in years]
        self.fy_last = [len(years) - 1 - years[::-1].index(year) for year in years]

    def period_of(self, day: dt.date) -> int:
        return bisect.bisect_right(self.starts, day) - 1


_NodeKey = tuple[str, tuple[str, ...]] | None


class _Book:
    """Budgets indexed for matching, and consumption summed per budget, node, period and stage."""

    def __init__(
        self,
        budgets: Iterable[Budget],
        ledger: Iterable[LedgerEntry],
        policy: ControlPolicy,
        *,
        calendar: FiscalCalendar,
        hierarchies: Iterable[Hierarchy],
        rates: Iterable[BudgetRate],
        rounding: str = decimal.ROUND_HALF_UP,
    ) -> None:
        if rounding not in ROUNDING_MODES:
            raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
        self.rounding = str(rounding)
        if not isinstance(policy, ControlPolicy):
            raise TypeError(
                f"policy must be a ControlPolicy, not {type(policy).__name__}: {policy!r}"
            )
        if not isinstance(calendar, FiscalCalendar):
            raise TypeError(
                f"calendar must be a FiscalCalendar, not {type(calendar).__name__}: {calendar!r}"
            )
        self.policy = policy
        self.calendar = calendar
        self.parents: dict[str, dict[str, str]] = {}
        for index, hierarchy in enumerate(_items(hierarchies, "hierarchies")):
            if not isinstance(hierarchy, Hierarchy):
                raise TypeError(
                    f"hierarchies[{index}] must be a Hierarchy, not {type(hierarchy).__name__}"
                )
            if hierarchy.dimension in self.parents:
                raise InvalidInputError(
                    "hierarchies", hierarchy.dimension, "one hierarchy per dimension"
                )
            self.parents[hierarchy.dimension] = dict(hierarchy.parents)
        self.rates: dict[tuple[str, str], Decimal] = {}
        for index, rate in enumerate(_items(rates, "rates")):
            if not isinstance(rate, BudgetRate):
                raise TypeError(f"rates[{index}] must be a BudgetRate, not {type(rate).__name__}")
            pair = (rate.currency, rate.budget_currency)
            if pair in self.rates:
                raise InvalidInputError("rates", pair, "one rate per currency pair")
            self.rates[pair] = rate.rate
        self.index: list[_BudgetIndex] = []
        # account -> dimension names -> dimension values -> positions: matching looks
        # up the few cells an entry can fall in instead of scanning every budget.
        self.cells: dict[str, dict[tuple[str, ...], dict[tuple[str, ...], list[int]]]] = {}
        for position, budget in enumerate(_items(budgets, "budgets")):
            if not isinstance(budget, Budget):
                raise TypeError(
                    f"budgets[{position}] must be a Budget, not {type(budget).__name__}"
                )
            names = tuple(name for name, _ in budget.dimensions)
            values = tuple(value for _, value in budget.dimensions)
            cell = self.cells.setdefault(budget.account, {}).setdefault(names, {})
            same = cell.setdefault(values, [])
            for other in same:
                earlier = self.index[other].budget
                if earlier.valid_from <= budget.valid_to and budget.valid_from <= earlier.valid_to:
                    raise InvalidInputError(
                        f"budgets[{position}]",
                        budget.label,
                        f"a budget whose validity does not overlap budgets[{other}] on the same "
                        "account and dimensions",
                    )
            self.index.append(_BudgetIndex(budget, position, calendar))
            same.append(position)
        stage_policies = (policy.requisition, policy.order, policy.actual)
        self.linear = any(Basis.LINEAR in sp.bases() for sp in stage_policies)
        self.zero = any(sp.missing_budget is MissingBudget.ZERO for sp in stage_policies)
        self.sums: dict[tuple[int, _NodeKey], list[list[Decimal]]] = {}
        self.days: dict[tuple[int, _NodeKey, int], list[tuple[dt.date, int, Decimal]]] = {}
        self.by_key: dict[tuple[str, Dimensions], list[tuple[LedgerEntry, int]]] = {}
        self.ancestor_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self.slots = Slots()
        for position, entry in enumerate(_items(ledger, "ledger")):
            if not isinstance(entry, LedgerEntry):
                raise TypeError(
                    f"ledger[{position}] must be a LedgerEntry, not {type(entry).__name__}"
                )
            self.add(entry, f"ledger[{position}]")

    # -- matching -------------------------------------------------------------

    def ancestors(self, dimension: str, node: str) -> tuple[str, ...]:
        key = (dimension, node)
        found = self.ancestor_cache.get(key)
        if found is None:
            links = self.parents.get(dimension, {})
            chain = [node]
            while chain[-1] in links:
                chain.append(links[chain[-1]])
            found = self.ancestor_cache[key] = tuple(chain)
        return found

    def match(self, account: str, dimensions: Mapping[str, str], day: dt.date) -> list[int]:
        """Return the positions of the budgets that control ``account``/``dimensions`` on ``day``."""
        found = []
        for node in self.ancestors("account", account):
            for names, cell in self.cells.get(node, {}).items():
                if not all(name in dimensions for name in names):
                    continue
                choices = [self.ancestors(name, dimensions[name]) for name in names]
                for values in itertools.product(*choices):
                    for position in cell.get(values, ()):
                        budget = self.index[position].budget
                        if budget.valid_from <= day <= budget.valid_to:
                            found.append(position)
        found.sort()
        return found

    def node_key(self, position: int, account: str, dimensions: Mapping[str, str]) -> _NodeKey:
        if self.policy.rollup is Rollup.POOLED:
            return None
        budget = self.index[position].budget
        return (account, tuple(dimensions[name] for name, _ in budget.dimensions))

    def rate(self, currency: str, budget_currency: str) -> Decimal | None:
        if currency == budget_currency:
            return Decimal(1)
        return self.rates.get((currency, budget_currency))

    def convert(self, amount: Decimal, currency: str, budget_currency: str) -> Decimal | None:
        """Return ``amount`` in ``budget_currency``, or None without a budget rate.

        An amount already in the budget currency is unchanged; a converted one
        is rounded once, to the budget currency's minor unit with the check's
        ``rounding``: the budget is charged what the ERP posts.
        """
        if currency == budget_currency:
            return amount
        rate = self.rates.get((currency, budget_currency))
        if rate is None:
            return None
        with exact():
            product = amount * rate
        return quantize(product, budget_currency, rounding=self.rounding)

    # -- consumption ----------------------------------------------------------

    def add(self, entry: LedgerEntry, field: str, *, strict: bool = True) -> None:
        """Count ``entry``, and keep it relievable if it is a requisition or order with a reference."""
        self.post(entry, field, strict=strict)
        self.slots.register(entry)

    def relieve(self, plan: Plan, *, undo: bool = False) -> None:
        """Take a relief plan's cuts out of the sums (or put them back with ``undo``).

        A cut changes what is open of an entry from ``before`` to ``after``; the
        sums swap the entry's counted open amount for the new one (each
        converted and rounded on its own), so a relieved entry counts exactly
        as the same entry with the smaller amount would (:func:`relieve`).
        """
        for slot, part in reversed(plan.cuts) if undo else plan.cuts:
            before = slot.open
            with exact():
                slot.open = before + part if undo else before - part
            self.post(attrs.evolve(slot.entry, amount=before), "relief", strict=False, sign=-1)
            self.post(attrs.evolve(slot.entry, amount=slot.open), "relief", strict=False)

    def post(self, entry: LedgerEntry, field: str, *, strict: bool = True, sign: int = 1) -> None:
        """Add ``entry`` (``sign=-1``: take it out) to the sums of every budget it consumes."""
        dimensions = dict(entry.dimensions)
        if self.zero:
            self.by_key.setdefault((entry.account, entry.dimensions), []).append((entry, sign))
        stage = _STAGE_INDEX[entry.stage]
        for position in self.match(entry.account, dimensions, entry.date):
            budget_index = self.index[position]
            amount = self.convert(entry.amount, entry.currency, budget_index.budget.currency)
            if amount is None:
                if not strict:
                    continue
                raise CurrencyMismatchError(
                    f"{field}.currency", budget_index.budget.currency, entry.currency
                )
            if sign < 0:
                amount = amount.copy_negate()
            key = (position, self.node_key(position, entry.account, dimensions))
            buckets = self.sums.get(key)
            if buckets is None:
                buckets = self.sums[key] = [[ZERO, ZERO, ZERO] for _ in budget_index.periods]
            period = budget_index.period_of(entry.date)
            with exact():
                buckets[period][stage] += amount
            if self.linear:
                self.days.setdefault((*key, period), []).append((entry.date, stage, amount))

    def window_sums(
        self, key: tuple[int, _NodeKey], first: int, last: int, cut: dt.date | None
    ) -> tuple[list[Decimal], list[Decimal]]:
        """Return (sums per stage inside periods first..last, sums per stage after the window)."""
        inside = [ZERO, ZERO, ZERO]
        after = [ZERO, ZERO, ZERO]
        buckets = self.sums.get(key)
        if buckets is None:
            return inside, after
        with exact():
            for period, amounts in enumerate(buckets):
                if period < first:
                    continue
                target = inside if period <= last else after
                if cut is not None and period == last:
                    for day, stage, amount in self.days.get((*key, period), ()):
                        (inside if day <= cut else after)[stage] += amount
                    continue
                for stage in range(3):
                    target[stage] += amounts[stage]
        return inside, after


def _items(values: Iterable[object], field: str) -> Iterable[object]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise TypeError(f"{field} must be a sequence, not {type(values).__name__}: {values!r}")
    return values


@attrs.frozen
class _Figures:
    basis: Basis
    window: Period
    limit: Decimal
    inside: tuple[Decimal, Decimal, Decimal]
    after: tuple[Decimal, Decimal, Decimal]


def _figures(
    book: _Book, key: tuple[int, _NodeKey], basis: Basis, stage_policy: StagePolicy, day: dt.date
) -> _Figures:
    budget_index = book.index[key[0]]
    budget = budget_index.budget
    period = budget_index.period_of(day)
    fy_first, fy_last = budget_index.fy_first[period], budget_index.fy_last[period]
    first, last, cut = {
        Basis.ANNUAL: (fy_first, fy_last, None),
        Basis.YEAR_TO_DATE: (fy_first, period, None),
        Basis.PERIOD: (period, period, None),
        Basis.TOTAL: (0, len(budget_index.periods) - 1, None),
        Basis.LINEAR: (fy_first, period, day),
    }[basis]
    periods = budget_index.periods
    with exact():
        if basis is Basis.LINEAR:
            year = sum(budget_index.phased[fy_first : fy_last + 1], ZERO)
            elapsed = (day - periods[fy_first].start).days + 1
            length = (periods[fy_last].end - periods[fy_first].start).days + 1
            limit = quantize(year * elapsed / length, budget.currency, rounding=book.rounding)
            window = Period(periods[fy_first].start, day)
        else:
            limit = sum(budget_index.phased[first : last + 1], ZERO)
            window = Period(periods[first].start, periods[last].end)
        if stage_policy.against is Against.RELEASED and budget.released is not None:
            limit = min(limit, budget.released)
    inside, after = book.window_sums(key, first, last, cut)
    return _Figures(
        basis, window, limit, (inside[0], inside[1], inside[2]), (after[0], after[1], after[2])
    )


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
        dimensions = dict(entry.dimensions)
        relief = reliefs[(entry.reference, entry.stage, slot.key)]
        for position in book.match(entry.account, dimensions, entry.date):
            # What ``_Book.relieve`` took out of the sums, so the two agree to the cent.
            currency = book.index[position].budget.currency
            counted = book.convert(before, entry.currency, currency)
            left = book.convert(after, entry.currency, currency)
            if counted is None or left is None:
                continue  # the entry itself was not counted on this budget
            with exact():
                amount = counted - left
            key = (position, book.node_key(position, entry.account, dimensions))
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
    rules = [rule for rule in stage_policy.rules if (rule.basis or stage_policy.basis) is basis]
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
    for entry, sign in book.by_key.get((account, dimensions), ()):
        if entry.date not in year:
            continue
        amount = book.convert(entry.amount, entry.currency, currency)
        if amount is None:
            raise CurrencyMismatchError("ledger[].currency", currency, entry.currency)
        with exact():
            inside[_STAGE_INDEX[entry.stage]] += amount if sign > 0 else -amount
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
            dimensions = dict(line.dimensions)
            matched = book.match(line.account, dimensions, request.date)
            if not matched:
                other = (line.account, line.dimensions, line.currency)
                uncovered[other] = uncovered.get(other, ZERO) + line.amount
            for position in matched:
                item = (position, book.node_key(position, line.account, dimensions))
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
                day=request.date,
                relief=relief.get(item, ()),
                keys=keyed[item],
                stage=request.stage,
                granted=granted,
            )
            for basis in stage_policy.bases()
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


def _check_roles(roles: Collection[str]) -> tuple[str, ...]:
    return _to_roles(_items(roles, "roles"))  # type: ignore[arg-type]


def _check_request(request: object) -> SpendRequest:
    if not isinstance(request, SpendRequest):
        raise TypeError(
            f"request must be a SpendRequest, not {type(request).__name__}: {request!r}"
        )
    return request


_CALENDAR = FiscalCalendar()


def check_budget(
    request: SpendRequest,
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> BudgetCheck:
    """Check a spend request against budgets: pass, pass with warning, blocked or not controlled.

    Each request line is matched to every budget that controls it (same
    account and dimensions, or ancestors of them in ``hierarchies``; the
    request date inside the budget's validity). Lines on the same budget are
    added up first, so splitting a line never changes the answer. For every
    budget and every basis the stage's rules use, the check computes the limit,
    the consumption of the counted stages in the window, this request
    (converted at the budget rate), and applies the tolerance rules, highest
    threshold first.

    A follow-on request (an order after its requisitions, an invoice after its
    orders) names the commitments it liquidates in ``request.relieves``; they
    are relieved by the request's amount before anything is counted (as
    :func:`~spendrules.budget.relieve` does), recorded in ``relieved`` and
    explained as ``BUDGET.RELIEVED`` (or ``BUDGET.NOT_RELIEVED`` for a
    reference that relieves nothing). So an invoice is never counted on top
    of its own open order (ERPNext issue #36610). A follow-on whose amount on
    every key of a budget is covered by relieved commitments that budget
    counts adds no consumption to it, and passes it like a reduction
    (``BUDGET.WITHIN_COMMITMENT``, ``LineCheck.within_commitment``), whatever
    other postings did to the budget since; one that exceeds what it relieves
    is checked on its total after relief. ``StagePolicy.recheck_follow_ons``
    checks every follow-on against the rules again.

    Args:
        request: The request to check.
        budgets: The budgets (any currency; amounts are compared in each budget's currency).
        ledger: Consumption already booked (see :class:`LedgerEntry`); the
            commitments ``request.relieves`` names are relieved first. Iterated once.
        policy: The :class:`ControlPolicy`.
        as_of: The day the check is made (recorded in the result; the check
            reads no clock). The request's own date places it in a period.
        calendar: The fiscal calendar (default: years starting 1 January).
        hierarchies: Parent links of dimensions (``"account"`` for accounts),
            at most one per dimension.
        rates: Budget exchange rates for requests and ledger entries in
            another currency than the budget.
        roles: The roles of the person submitting; a role listed in
            ``policy.override_roles`` turns overridable blocks into warnings.
        rounding: A :mod:`decimal` rounding constant (default ``ROUND_HALF_UP``)
            for the two amounts the check rounds, each once: an amount converted
            at a budget rate, rounded to the budget currency's minor unit (the
            request's lines per currency and budget, each ledger entry); and
            the pro-rata limit of the linear basis. Comparisons are exact
            after that, so the figures in the reasons add up to the cent.

    Returns:
        A :class:`BudgetCheck` with one :class:`LineCheck` per budget and basis,
        then one per line no budget controls.

    Raises:
        TypeError: a wrong type anywhere (a float amount, a dict for a policy).
        InvalidInputError: phasing values that do not fit the budget's periods;
            two hierarchies for one dimension; two rates for one currency pair;
            an unknown ``rounding``.
        CurrencyMismatchError: a ledger entry in a currency without a budget rate
            to the budget it consumes.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import Budget, LedgerEntry, SpendLine, SpendRequest, Stage
        >>> budget = Budget("6100", Decimal("20000000"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                 {"cost_center": "CC-10"})
        >>> ledger = [LedgerEntry("6100", Stage.ACTUAL, Decimal("11000000"), "USD", dt.date(2026, 2, 1),
        ...                       {"cost_center": "CC-10"})]
        >>> po = SpendRequest((SpendLine("6100", Decimal("5000000"), "USD", {"cost_center": "CC-10"}),),
        ...                   dt.date(2026, 3, 2))
        >>> result = check_budget(po, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                       as_of=dt.date(2026, 3, 2))
        >>> result.decision, result.lines[0].available_after, result.lines[0].usage_after
        (<FundsDecision.PASS: 'pass'>, Decimal('4000000.00'), Decimal('0.8000'))
        >>> print(result.lines[0].reasons[0].message)
        Budget 6100 cost_center=CC-10, annual 2026-01-01 to 2026-12-31: limit 20,000,000.00 USD; consumed requisition 0.00 USD + order 0.00 USD + actual 11,000,000.00 USD = 11,000,000.00 USD; this request 5,000,000.00 USD; total after 16,000,000.00 USD; available before 9,000,000.00 USD, after 4,000,000.00 USD; usage after 80 %.

        The invoice for that order, while the order is still open in the
        ledger: naming the order in ``relieves`` counts the money once.

        >>> ledger.append(LedgerEntry("6100", Stage.ORDER, Decimal("5000000"), "USD", dt.date(2026, 3, 2),
        ...                           {"cost_center": "CC-10"}, reference="PO-1"))
        >>> pi = SpendRequest(po.lines, dt.date(2026, 4, 2), stage=Stage.ACTUAL, reference="PI-1",
        ...                   relieves=["PO-1"])
        >>> invoice = check_budget(pi, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                        as_of=dt.date(2026, 4, 2))
        >>> invoice.decision, invoice.lines[0].consumed, invoice.lines[0].available_after
        (<FundsDecision.PASS: 'pass'>, Decimal('11000000.00'), Decimal('4000000.00'))
        >>> invoice.relieved[0].amount, invoice.reasons[1].code
        (Decimal('5000000'), 'BUDGET.RELIEVED')

        Other actuals of 5,000,000 booked since push the budget over (11,000,000
        + 5,000,000 + the open order 5,000,000 = 21,000,000). The invoice still
        passes: within its order it adds no consumption, and the order was
        checked when it was placed (``BUDGET.WITHIN_COMMITMENT``).

        >>> ledger.append(LedgerEntry("6100", Stage.ACTUAL, Decimal("5000000"), "USD", dt.date(2026, 3, 20),
        ...                           {"cost_center": "CC-10"}))
        >>> late = check_budget(pi, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                     as_of=dt.date(2026, 4, 2))
        >>> late.decision, late.lines[0].available_after, late.lines[0].within_commitment
        (<FundsDecision.PASS: 'pass'>, Decimal('-1000000.00'), True)
        >>> print(late.lines[0].reasons[-1].message)
        This actual's 5,000,000.00 USD on 6100 cost_center=CC-10 stays within the open commitment it relieves there (order PO-1: open 5,000,000.00 USD, relieved 5,000,000.00 USD): that money was checked when it was committed, so this actual adds no consumption to budget 6100 cost_center=CC-10 and is not checked again (recheck_follow_ons is off).

    References:
        ERPNext ``budget.py`` ``validate_expense_against_budget`` and
        ``budget_controller.py``; SAP FM availability control; Oracle Fusion
        budgetary control; PeopleSoft Commitment Control; the domain notes
        ``budget.md`` sections 2, 3 and 7.
    """
    checked = _check_request(request)
    day = check_date(as_of, "as_of")
    granted = _check_roles(roles)
    book = _Book(
        budgets,
        ledger,
        policy,
        calendar=calendar,
        hierarchies=hierarchies,
        rates=rates,
        rounding=rounding,
    )
    return _run(book, checked, granted, day)[0]


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
    dimensions = dict(line.dimensions)
    matched = book.match(line.account, dimensions, request.date)
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
    for position in matched:
        item = (position, book.node_key(position, line.account, dimensions))
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
        for basis in stage_policy.bases():
            rules = [
                rule for rule in stage_policy.rules if (rule.basis or stage_policy.basis) is basis
            ]
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


def headroom(
    request: SpendRequest,
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    line: int = 0,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> Headroom:
    """Return the largest amount line ``line`` of ``request`` could carry without being blocked.

    The other lines stay as they are. The amount is in the line's currency,
    in whole minor units: :func:`check_budget` with that amount does not
    block, and with one minor unit more it does. For a follow-on request the
    amount includes what it relieves (an invoice may carry its open order
    plus whatever room is left), and the reasons add what is relieved at
    that amount (``BUDGET.RELIEVED``). So an invoice's headroom is at least
    the open commitment it relieves (counted by the policy) even on a budget
    that other postings have pushed over: up to that amount it stays within
    its commitment and passes (``BUDGET.WITHIN_COMMITMENT``, unless
    :attr:`StagePolicy.recheck_follow_ons`).

    Args:
        request: The request used as a template (its line ``line`` is varied).
        budgets: As for :func:`check_budget`.
        ledger: As for :func:`check_budget`.
        policy: As for :func:`check_budget`.
        as_of: As for :func:`check_budget`.
        line: Index of the line to vary (default 0).
        calendar: As for :func:`check_budget`.
        hierarchies: As for :func:`check_budget`.
        rates: As for :func:`check_budget`.
        roles: As for :func:`check_budget`.
        rounding: As for :func:`check_budget`.

    Returns:
        A :class:`Headroom`: the amount (None when nothing limits the line; zero
        when even a zero amount is blocked by another line), the budget, basis
        and rule that limit it.

    Raises:
        InvalidInputError: ``line`` is not an index of ``request.lines``.
        TypeError, CurrencyMismatchError: as for :func:`check_budget`.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import Budget, LedgerEntry, SpendLine, SpendRequest, Stage
        >>> budget = Budget("6100", Decimal("100"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> ledger = [LedgerEntry("6100", Stage.ACTUAL, Decimal("80"), "USD", dt.date(2026, 1, 5))]
        >>> draft = SpendRequest((SpendLine("6100", Decimal("1"), "USD"),), dt.date(2026, 2, 1))
        >>> room = headroom(draft, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                 as_of=dt.date(2026, 2, 1))
        >>> room.amount, room.limiting_rule.label
        (Decimal('20.00'), 'block at 100 % of the limit')
    """
    checked = _check_request(request)
    day = check_date(as_of, "as_of")
    granted = _check_roles(roles)
    if isinstance(line, bool) or not isinstance(line, int):
        raise TypeError(f"line must be an int, not {type(line).__name__}: {line!r}")
    if not 0 <= line < len(checked.lines):
        raise InvalidInputError(
            "line", line, f"an index of request.lines (0 to {len(checked.lines) - 1})"
        )
    book = _Book(
        budgets,
        ledger,
        policy,
        calendar=calendar,
        hierarchies=hierarchies,
        rates=rates,
        rounding=rounding,
    )
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


def iter_what_if(
    requests: Iterable[SpendRequest],
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> Iterator[BudgetCheck]:
    """Check requests in order, reserving each one that is not blocked; yield each check.

    The lazy twin of :func:`what_if` for long streams: the ledger is summed
    once, and each request that passes (with or without a warning) is added to
    the sums in its stage's bucket, so later requests see it. A request that
    passes also keeps the relief of what its ``relieves`` names, and a later
    request can relieve it in turn by its reference; a blocked request
    relieves nothing. Inputs other than ``requests`` are validated before the
    first check.

    Args:
        requests: The drafts, in the order they would be submitted.
        budgets: As for :func:`check_budget`.
        ledger: As for :func:`check_budget`.
        policy: As for :func:`check_budget`.
        as_of: As for :func:`check_budget`.
        calendar: As for :func:`check_budget`.
        hierarchies: As for :func:`check_budget`.
        rates: As for :func:`check_budget`.
        roles: As for :func:`check_budget`.
        rounding: As for :func:`check_budget`.

    Returns:
        An iterator of :class:`BudgetCheck`, one per request.

    Raises:
        TypeError, InvalidInputError, CurrencyMismatchError: as for :func:`check_budget`.
    """
    day = check_date(as_of, "as_of")
    granted = _check_roles(roles)
    book = _Book(
        budgets,
        ledger,
        policy,
        calendar=calendar,
        hierarchies=hierarchies,
        rates=rates,
        rounding=rounding,
    )
    stream = iter(_items(requests, "requests"))

    def run() -> Iterator[BudgetCheck]:
        for position, request in enumerate(stream):
            checked = _check_request(request)
            result, plan = _run(book, checked, granted, day)
            if not result.passed:
                book.relieve(plan, undo=True)  # a blocked follow-on is not posted
            else:
                for line in checked.lines:
                    book.add(
                        LedgerEntry(
                            line.account,
                            checked.stage,
                            line.amount,
                            line.currency,
                            checked.date,
                            line.dimensions,
                            checked.reference,
                        ),
                        f"requests[{position}]",
                        strict=False,
                    )
            yield result

    return run()


def what_if(
    requests: Iterable[SpendRequest],
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> WhatIf:
    """Check a batch of drafts in order, each seeing the earlier ones that passed reserved.

    A request that is blocked is not reserved (Oracle Absolute); one that passes
    with a warning is (Oracle Advisory "still reserves funds"). A follow-on in
    the batch relieves what its ``relieves`` names, earlier drafts of the batch
    included (by their ``reference``), so an order followed by its invoice is
    counted once. This answers "which of these drafts can all go ahead?"
    before any is submitted.

    Args:
        requests: The drafts, in order.
        budgets: As for :func:`check_budget`.
        ledger: As for :func:`check_budget`.
        policy: As for :func:`check_budget`.
        as_of: As for :func:`check_budget`.
        calendar: As for :func:`check_budget`.
        hierarchies: As for :func:`check_budget`.
        rates: As for :func:`check_budget`.
        roles: As for :func:`check_budget`.
        rounding: As for :func:`check_budget`.

    Returns:
        A :class:`WhatIf` with every check and the counts.

    Raises:
        TypeError, InvalidInputError, CurrencyMismatchError: as for :func:`check_budget`.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import Budget, LedgerEntry, SpendLine, SpendRequest, Stage
        >>> budget = Budget("6100", Decimal("100"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> from spendrules.budget import Budget, SpendLine, SpendRequest
        >>> drafts = [SpendRequest((SpendLine("6100", Decimal(60), "USD"),), dt.date(2026, 2, 1),
        ...                        reference=ref) for ref in ("PO-1", "PO-2")]
        >>> batch = what_if(drafts, budgets=[budget], ledger=[], policy=ControlPolicy(),
        ...                 as_of=dt.date(2026, 2, 1))
        >>> [check.decision.value for check in batch.checks], batch.blocked
        (['pass', 'blocked'], 1)

        An order, then its invoice: the invoice relieves the reserved order.

        >>> invoice = SpendRequest(drafts[0].lines, dt.date(2026, 3, 1), stage=Stage.ACTUAL,
        ...                        relieves=["PO-1"])
        >>> chain = what_if([drafts[0], invoice], budgets=[budget], ledger=[], policy=ControlPolicy(),
        ...                 as_of=dt.date(2026, 2, 1))
        >>> [(check.decision.value, check.lines[0].consumed) for check in chain.checks]
        [('pass', Decimal('0.00')), ('pass', Decimal('0.00'))]
    """
    checks = tuple(
        iter_what_if(
            requests,
            budgets=budgets,
            ledger=ledger,
            policy=policy,
            as_of=as_of,
            calendar=calendar,
            hierarchies=hierarchies,
            rates=rates,
            roles=roles,
            rounding=rounding,
        )
    )
    warned = sum(check.decision is FundsDecision.PASS_WITH_WARNING for check in checks)
    blocked = sum(check.decision is FundsDecision.BLOCKED for check in checks)
    passed = len(checks) - warned - blocked
    reason = Reason.of(
        "BUDGET.WHAT_IF",
        f"{len(checks)} drafts checked in order with earlier passes reserved: {passed} pass, "
        f"{warned} pass with a warning, {blocked} blocked.",
        passed=passed,
        warned=warned,
        blocked=blocked,
    )
    return WhatIf(checks, passed, warned, blocked, reasons=(reason,))
