"""Whether an approver may approve a routed request, given the history (private)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from spendrules._budget.approval_matrix import (
    APPROVE_RULE,
    _check_name,
    _fmt,
    _text,
    _to_roles,
    _type_error,
)
from spendrules._budget.approvals import ApprovalRoute
from spendrules._budget.model import SpendRequest
from spendrules._decimal import exact
from spendrules.errors import InvalidInputError, _shown
from spendrules.results import Explained, Reason, Severity

__all__ = ["Approval", "ApprovalCheck", "Approver", "can_approve"]


# -- can_approve ----------------------------------------------------------------------------


@attrs.frozen
class Approver:
    """A person who may approve, and the roles they hold.

    Attributes:
        user: The person's user id (compared with ``SpendRequest.requester``).
        roles: The roles they hold.

    Examples:
        >>> Approver("bob", roles=("manager",)).roles
        ('manager',)
    """

    user: str = attrs.field(validator=_check_name)
    roles: tuple[str, ...] = attrs.field(default=(), converter=_to_roles)


@attrs.frozen
class Approval:
    """A step already approved on a request: who filled which level.

    Attributes:
        approver: User id of the approver.
        level: Name of the level (step) they filled.
    """

    approver: str = attrs.field(validator=_check_name)
    level: str = attrs.field(validator=_check_name)


@attrs.frozen
class ApprovalCheck(Explained):
    """Whether a person may approve a step of a request's route.

    Attributes:
        rule: ``"budget.approve@1"``.
        allowed: True when the person may approve this step now.
        approver: The person's user id.
        level: The step checked (None when the route needs no approval or is complete).
        reasons: Every rule that was checked (see [`can_approve`][spendrules.budget.can_approve]).
    """

    rule: str
    allowed: bool
    approver: str
    level: str | None
    reasons: tuple[Reason, ...]


def _to_history(history: Iterable[Approval], route: ApprovalRoute) -> dict[str, str]:
    if isinstance(history, str | bytes) or not isinstance(history, Iterable):
        raise _type_error("history", "a sequence of Approval", history)
    levels = {step.level for step in route.steps}
    filled: dict[str, str] = {}
    for index, approval in enumerate(history):
        if not isinstance(approval, Approval):
            raise _type_error(f"history[{index}]", "an Approval", approval)
        if approval.level not in levels:
            raise InvalidInputError(
                f"history[{index}].level", approval.level, f"a level of the route {sorted(levels)}"
            )
        if approval.level in filled:
            raise InvalidInputError(
                f"history[{index}].level", approval.level, "a level approved once"
            )
        filled[approval.level] = approval.approver
    return filled


def can_approve(
    approver: Approver,
    request: SpendRequest,
    route: ApprovalRoute,
    *,
    history: Iterable[Approval] = (),
    level: str | None = None,
    in_sequence: bool = True,
) -> ApprovalCheck:
    """Return whether ``approver`` may approve a step of ``route`` for ``request``.

    Checks, each recorded as a reason (an ``ERROR`` reason makes ``allowed`` False):

    * ``APPROVAL.NOT_REQUIRED``: the route has no steps; nothing to approve
      (allowed).
    * ``APPROVAL.COMPLETE``: every step is already approved (not allowed).
    * ``APPROVAL.LEVEL_FILLED``: the named level is already approved.
    * ``APPROVAL.OUT_OF_SEQUENCE``: a lower step is still pending
      (``in_sequence=True``, the default: release prerequisites).
    * ``APPROVAL.NOT_ELIGIBLE``: the person neither holds a role of the step nor
      is one of its users.
    * ``APPROVAL.SOD_REQUESTER``: the person asked for the spend. With the
      matrix's ``self_approval_below`` and an amount below it, this becomes
      ``APPROVAL.SELF_APPROVAL`` (info) instead.
    * ``APPROVAL.SOD_TWO_LEVELS``: the person already approved another level.
    * ``APPROVAL.REQUESTER_UNKNOWN`` (warning): the request names no requester,
      so the first rule could not be checked.
    * ``APPROVAL.ALLOWED``: every rule passed.

    Args:
        approver: The person who wants to approve.
        request: The request (its requester is checked against the approver;
            its reference and requester must be the route's).
        route: The request's route from [`route_approval`][spendrules.budget.route_approval].
        history: Approvals already given on this request.
        level: The step to check; None (default) for the next pending step.
        in_sequence: Whether steps must be approved lowest first.

    Returns:
        [`ApprovalCheck`][spendrules.budget.ApprovalCheck].

    Raises:
        TypeError: arguments of the wrong type.
        InvalidInputError: a route computed for another request; a history entry
            for a level that is not in the route or approved twice; ``level`` not
            in the route.

    Examples:
        >>> from spendrules.budget import ApprovalBand, ApprovalLevel, ApprovalMatrix, Approver, SpendLine, SpendRequest, route_approval
        >>> from decimal import Decimal
        >>> import datetime as dt
        >>> matrix = ApprovalMatrix((ApprovalLevel("manager", roles=("manager",)),
        ...                          ApprovalLevel("director", roles=("director",))),
        ...                         (ApprovalBand("manager", 1000), ApprovalBand("director", 10000)), "USD")
        >>> request = SpendRequest((SpendLine("6100", Decimal("12000"), "USD"),), dt.date(2026, 3, 2),
        ...                        requester="ann", reference="PO-7")
        >>> route = route_approval(request, matrix)
        >>> can_approve(Approver("ann", roles=("manager",)), request, route).allowed
        False
        >>> boss = Approver("bob", roles=("manager", "director"))
        >>> can_approve(boss, request, route).allowed
        True
        >>> check = can_approve(boss, request, route, history=[Approval("bob", "manager")])
        >>> check.allowed, [r.code for r in check.reasons]
        (False, ['APPROVAL.SOD_TWO_LEVELS'])

    References:
        frappe ``has_approval_access`` (``allow_self_approval``); ERPNext
        ``authorization_rule.py``; SAP release strategy (release prerequisites);
        Coupa self-approval limits; aureuserp/aureuserp#1045.
    """
    if not isinstance(approver, Approver):
        raise _type_error("approver", "an Approver", approver)
    if not isinstance(request, SpendRequest):
        raise _type_error("request", "a SpendRequest", request)
    if not isinstance(route, ApprovalRoute):
        raise _type_error("route", "an ApprovalRoute", route)
    if level is not None:
        _text(level, "level")
    if not isinstance(in_sequence, bool):
        raise _type_error("in_sequence", "a bool", in_sequence)
    if (route.reference, route.requester) != (request.reference, request.requester):
        raise InvalidInputError(
            "route",
            (route.reference, route.requester),
            f"the route of this request (reference {_shown(request.reference)}, requester {_shown(request.requester)})",
        )
    filled = _to_history(history, route)
    who = approver.user

    def result(step: str | None, *reasons: Reason, allowed: bool) -> ApprovalCheck:
        return ApprovalCheck(APPROVE_RULE, allowed, who, step, reasons)

    if not route.steps:
        return result(
            None, Reason.of("APPROVAL.NOT_REQUIRED", "The route needs no approval."), allowed=True
        )
    pending = [step for step in route.steps if step.level not in filled]
    if level is None:
        if not pending:
            return result(
                None,
                Reason.of("APPROVAL.COMPLETE", "Every step of the route is already approved."),
                allowed=False,
            )
        step = pending[0]
    else:
        found = [s for s in route.steps if s.level == level]
        if not found:
            raise InvalidInputError(
                "level", level, f"a level of the route {[s.level for s in route.steps]}"
            )
        step = found[0]
        if step.level in filled:
            return result(
                step.level,
                Reason.of(
                    "APPROVAL.LEVEL_FILLED",
                    f"The {step.level} step is already approved by {filled[step.level]}.",
                    severity=Severity.ERROR,
                    level=step.level,
                    approver=filled[step.level],
                ),
                allowed=False,
            )
    reasons: list[Reason] = []
    if in_sequence and step is not pending[0]:
        reasons.append(
            Reason.of(
                "APPROVAL.OUT_OF_SEQUENCE",
                f"The {pending[0].level} step must be approved before {step.level}.",
                severity=Severity.ERROR,
                level=step.level,
                pending=pending[0].level,
            )
        )
    if not step.admits(approver):
        reasons.append(
            Reason.of(
                "APPROVAL.NOT_ELIGIBLE",
                f"{who} holds none of the roles and is not a user of the {step.level} step "
                f"({step.describe()}).",
                severity=Severity.ERROR,
                approver=who,
                level=step.level,
            )
        )
    if not request.requester:
        reasons.append(
            Reason.of(
                "APPROVAL.REQUESTER_UNKNOWN",
                "The request names no requester, so requester and approver could not be compared.",
                severity=Severity.WARNING,
            )
        )
    elif who == request.requester:
        limit = route.self_approval_below
        with exact():
            below_limit = limit is not None and route.amount < limit
        if limit is not None and below_limit:
            reasons.append(
                Reason.of(
                    "APPROVAL.SELF_APPROVAL",
                    f"{who} asked for this spend, but {_fmt(route.amount, route.currency)} is "
                    f"below the self-approval limit {_fmt(limit, route.currency)}.",
                    approver=who,
                    amount=route.amount,
                    limit=limit,
                )
            )
        else:
            allowance = (
                f" (self-approval only below {_fmt(limit, route.currency)})"
                if limit is not None
                else ""
            )
            reasons.append(
                Reason.of(
                    "APPROVAL.SOD_REQUESTER",
                    f"{who} asked for this spend and may not approve it{allowance}.",
                    severity=Severity.ERROR,
                    approver=who,
                    amount=route.amount,
                )
            )
    other = sorted(name for name, user in filled.items() if user == who)
    if other:
        reasons.append(
            Reason.of(
                "APPROVAL.SOD_TWO_LEVELS",
                f"{who} already approved the {', '.join(other)} step; one person may not fill two levels.",
                severity=Severity.ERROR,
                approver=who,
                level=step.level,
                approved=", ".join(other),
            )
        )
    allowed = not any(reason.severity is Severity.ERROR for reason in reasons)
    if allowed:
        reasons.append(
            Reason.of(
                "APPROVAL.ALLOWED",
                f"{who} may approve the {step.level} step.",
                approver=who,
                level=step.level,
            )
        )
    return result(step.level, *reasons, allowed=allowed)
