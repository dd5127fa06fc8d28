"""Approval matrices, approval routes and segregation of duties (private).

Public names live in [`spendrules.budget`][spendrules.budget].

An [`ApprovalMatrix`][spendrules.budget.ApprovalMatrix] lists the approval **levels** of an organisation
(``manager``, ``director``, ``cfo``, lowest first) and the amount **bands**
that make each level necessary: a band says "from this amount, in the matrix's
reference currency, this level must approve", optionally only for some
document types, purchasing categories or cost centres, and only between
effective dates.

[`route_approval`][spendrules.budget.route_approval] converts the request to the reference currency (at the
given rates), finds for each level the band that applies, and returns the
[`ApprovalRoute`][spendrules.budget.ApprovalRoute]:

* ``ApprovalMode.CUMULATIVE``: every level whose threshold the amount reaches
  approves, lowest level first (SAP release strategy, Oracle hierarchy
  escalation in which each intermediate manager approves);
* ``ApprovalMode.ANY_AT_OR_ABOVE``: one approval by anyone at the highest level
  reached or at any level above it (ERPNext Authorization Rule).

[`can_approve`][spendrules.budget.can_approve] answers whether a person may fill the next step (or a
named step) of a route, with the segregation-of-duties rules: the requester
cannot approve (unless the matrix allows self-approval below an amount), and
one person cannot fill two levels of the same request.

Conventions:

* A threshold is reached when ``amount >= threshold`` (``inclusive=True``,
  the default: ERPNext applies a rule when ``value <= total``; Odoo lets a
  purchase through without the manager only when ``amount < threshold``), or
  when ``amount > threshold`` (``inclusive=False``: the threshold is a limit
  one may spend up to).
* The routed amount is the request's net total (every line, credits
  included), converted line by line to the reference currency and rounded once
  to its minor unit. A request whose net total is zero or negative (a credit,
  a cancellation) needs no approval.
* Several bands may apply to the same level: the most specific one wins (the
  one restricted by the most of document type, category and cost centre), and
  among equally specific bands the lowest threshold (the strictest) wins. The
  choice never depends on the amount, so a larger amount never needs fewer
  levels.

References:
    ERPNext ``authorization_control.py`` and ``authorization_rule.py`` (rules by
    grand total, approver at or above the crossed value; a rule may not name
    the user it applies to); frappe workflow ``has_approval_access``
    (``allow_self_approval``). Odoo ``purchase.order._approval_allowed``
    (two-step validation, threshold converted at the order date). SAP MM
    release strategy (release codes per level, release prerequisites).
    Oracle Workflow "Requisition Process" (escalation until the spending limit
    covers the amount). Coupa self-approval limits. ServiceNow "Approval rule
    considerations" (reference currency). aureuserp/aureuserp#1045 (approval
    skipped when the creator is the approver).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from spendrules._budget.approval_matrix import (
    ROUTE_RULE,
    ApprovalBand,
    ApprovalMatrix,
    ApprovalMode,
    _fmt,
    _type_error,
    tidy,
)
from spendrules._budget.model import BudgetRate, SpendLine, SpendRequest
from spendrules._checks import check_currency
from spendrules._decimal import exact
from spendrules._policy.reference import PolicyReference, cited_reasons
from spendrules.errors import InvalidInputError
from spendrules.money import ROUNDING_MODES, quantize
from spendrules.results import Explained, Reason

if TYPE_CHECKING:
    from spendrules._budget.approval_checks import Approver

__all__ = ["ApprovalRoute", "ApprovalStep", "reference_amount", "route_approval"]


# -- route ----------------------------------------------------------------------------------


@attrs.frozen
class ApprovalStep:
    """One step of an approval route: a level and who may fill it.

    Attributes:
        level: The level's name (in any-at-or-above mode: the highest level
            the amount reaches).
        rank: Position of the level in the matrix, 1 for the lowest.
        threshold: The threshold the amount reached.
        roles: Roles whose holders may fill the step.
        users: Users who may fill the step.
    """

    level: str
    rank: int
    threshold: Decimal
    roles: tuple[str, ...] = ()
    users: tuple[str, ...] = ()

    def admits(self, approver: Approver) -> bool:
        """Return whether ``approver`` is named by the step or holds one of its roles."""
        return approver.user in self.users or not set(approver.roles).isdisjoint(self.roles)

    def describe(self) -> str:
        """Return ``"manager (from 5000 ; roles: ...; users: ...)"`` for explanations."""
        who = [f"roles {', '.join(self.roles)}"] if self.roles else []
        who += [f"users {', '.join(self.users)}"] if self.users else []
        return f"{self.level} (from {self.threshold:,}; {'; '.join(who)})"


@attrs.frozen
class ApprovalRoute(Explained):
    """Who must approve a request, in which order.

    Attributes:
        rule: ``"budget.route@1"``.
        reference: The request's reference.
        requester: The request's requester (for segregation of duties).
        amount: The routed amount in ``currency`` (net total, converted, rounded).
        currency: The matrix's reference currency.
        mode: How the steps combine (cumulative: all, in order; any at or
            above: the single step).
        steps: The approval steps, lowest level first; empty when no approval
            is needed.
        self_approval_below: Copied from the matrix.
        reasons: ``APPROVAL.CONVERTED`` (per foreign currency), ``APPROVAL.NO_INCREASE``,
            ``APPROVAL.LEVEL_REQUIRED`` / ``APPROVAL.LEVEL_NOT_REQUIRED`` (per level
            with an applicable band; in any-at-or-above mode a reached level
            below the highest one reached is ``APPROVAL.LEVEL_COVERED``: the
            single approval at or above the highest level covers it),
            ``APPROVAL.NO_BAND`` (no band applies at all), then ``APPROVAL.ROUTE``
            or ``APPROVAL.NOT_REQUIRED``; under a policy file, then ``POLICY.CITED``
            (and ``POLICY.NOT_AGREED`` when it is not agreed).
        policy_reference: The policy file the matrix came from, citing the band
            that decided (``approvals.bands[2]``: the highest band reached, else
            the lowest band not reached) or ``approvals`` when no band applies;
            None for a matrix built in code.
    """

    rule: str
    reference: str
    requester: str
    amount: Decimal
    currency: str
    mode: ApprovalMode
    steps: tuple[ApprovalStep, ...]
    self_approval_below: Decimal | None
    reasons: tuple[Reason, ...]
    policy_reference: PolicyReference | None = None

    @property
    def approval_required(self) -> bool:
        """Whether at least one approval is needed."""
        return bool(self.steps)

    def _detail_lines(self) -> list[str]:
        return [f"  step {index}: {step.describe()}" for index, step in enumerate(self.steps, 1)]


def _rate_table(rates: Iterable[BudgetRate]) -> dict[tuple[str, str], Decimal]:
    if isinstance(rates, str | bytes) or not isinstance(rates, Iterable):
        raise _type_error("rates", "a sequence of BudgetRate", rates)
    table: dict[tuple[str, str], Decimal] = {}
    for index, rate in enumerate(rates):
        if not isinstance(rate, BudgetRate):
            raise _type_error(f"rates[{index}]", "a BudgetRate", rate)
        key = (rate.currency, rate.budget_currency)
        if key in table and table[key] != rate.rate:
            raise InvalidInputError(
                f"rates[{index}]", rate, f"the only rate from {key[0]} to {key[1]}"
            )
        table[key] = rate.rate
    return table


def _check_rounding(rounding: object) -> str:
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
    return str(rounding)


def reference_amount(
    lines: Sequence[SpendLine],
    currency: str,
    *,
    rates: Iterable[BudgetRate] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> tuple[Decimal, tuple[Reason, ...]]:
    """Return the net total of ``lines`` in ``currency`` and the conversion reasons.

    Each line converts at the rate from its currency to ``currency``
    (``BudgetRate(line_currency, currency, rate)``); the sum is rounded once to
    the minor unit of ``currency``.

    Args:
        lines: Spend lines, any currencies.
        currency: The target (reference) currency.
        rates: Budget rates; only direct rates are used, never inverted ones.
        rounding: A `decimal` rounding constant for the final rounding.

    Returns:
        ``(amount, reasons)``: one ``APPROVAL.CONVERTED`` reason per foreign currency.

    Raises:
        InvalidInputError: a line's currency has no rate to ``currency``; two
            different rates for one pair.

    Examples:
        >>> from decimal import Decimal
        >>> lines = [SpendLine("6100", Decimal("1000.00"), "EUR")]
        >>> amount, reasons = reference_amount(lines, "USD", rates=[BudgetRate("EUR", "USD", Decimal("1.30"))])
        >>> amount
        Decimal('1300.00')
        >>> print(reasons[0].message)
        1,000.00 EUR at 1.30 USD per EUR is 1,300.00 USD.
    """
    check_currency(currency, "currency")
    mode = _check_rounding(rounding)
    table = _rate_table(rates)
    by_currency: dict[str, Decimal] = {}
    with exact():
        for line in lines:
            by_currency[line.currency] = by_currency.get(line.currency, Decimal(0)) + line.amount
        total = Decimal(0)
        reasons: list[Reason] = []
        for code in sorted(by_currency):
            subtotal = by_currency[code]
            if code == currency:
                total += subtotal
                continue
            rate = table.get((code, currency))
            if rate is None:
                raise InvalidInputError("rates", code, f"a BudgetRate from {code} to {currency}")
            converted = subtotal * rate
            total += converted
            reasons.append(
                Reason.of(
                    "APPROVAL.CONVERTED",
                    f"{_fmt(subtotal, code)} at {rate} {currency} per {code} is "
                    f"{_fmt(tidy(converted, currency), currency)}.",
                    amount=subtotal,
                    currency=code,
                    rate=rate,
                    converted=converted,
                )
            )
    return quantize(total, currency, rounding=mode), tuple(reasons)


def route_approval(
    request: SpendRequest,
    matrix: ApprovalMatrix,
    *,
    rates: Iterable[BudgetRate] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> ApprovalRoute:
    """Return who must approve ``request`` under ``matrix``.

    Args:
        request: The spend request (its ``date`` selects the effective bands;
            its document type, category and cost centres select the scope).
        matrix: The approval matrix.
        rates: Budget rates from the request's line currencies to the matrix's
            reference currency.
        rounding: Rounding of the converted total to the reference currency.

    Returns:
        The [`ApprovalRoute`][spendrules.budget.ApprovalRoute] with its steps and reasons.

    Raises:
        TypeError: ``request`` is not a SpendRequest or ``matrix`` not an ApprovalMatrix.
        InvalidInputError: a line currency without a rate.

    Examples:
        Odoo's two-step validation: below 5,000 no manager is needed (V31).

        >>> from spendrules.budget import ApprovalBand, ApprovalLevel, ApprovalMatrix, Approver, SpendLine, SpendRequest, route_approval
        >>> from decimal import Decimal
        >>> import datetime as dt
        >>> matrix = ApprovalMatrix((ApprovalLevel("manager", roles=("purchase_manager",)),),
        ...                         (ApprovalBand("manager", Decimal("5000")),), "USD")
        >>> def po(amount):
        ...     return SpendRequest((SpendLine("6100", Decimal(amount), "USD"),), dt.date(2026, 3, 2))
        >>> route_approval(po("4999.99"), matrix).approval_required
        False
        >>> [step.level for step in route_approval(po("5000.00"), matrix).steps]
        ['manager']

        ERPNext's Authorization Rule (any at or above): one approval at the
        highest level reached, which covers the levels below it.

        >>> erpnext = ApprovalMatrix(
        ...     (ApprovalLevel("manager", roles=("manager",)), ApprovalLevel("director", roles=("director",))),
        ...     (ApprovalBand("manager", 1000), ApprovalBand("director", 10000)), "USD",
        ...     mode=ApprovalMode.ANY_AT_OR_ABOVE)
        >>> for reason in route_approval(po("12000.00"), erpnext).reasons:
        ...     print(reason)
        [info] APPROVAL.LEVEL_COVERED: 12,000.00 USD is at or above the manager threshold 1,000 USD, but no separate manager approval is needed: the one approval by director or a level above it covers it (any at or above).
        [info] APPROVAL.LEVEL_REQUIRED: 12,000.00 USD is at or above the director threshold 10,000 USD: one approval by director or a level above it is required.
        [info] APPROVAL.ROUTE: One approval by director or any level above it (director) is required.

    References:
        ERPNext ``authorization_control.py``; Odoo ``purchase.order._approval_allowed``;
        SAP release strategy; Oracle Workflow "Requisition Process"; ServiceNow
        "Approval rule considerations" (reference currency).
    """
    if not isinstance(request, SpendRequest):
        raise _type_error("request", "a SpendRequest", request)
    if not isinstance(matrix, ApprovalMatrix):
        raise _type_error("matrix", "an ApprovalMatrix", matrix)
    amount, reasons_ = reference_amount(
        request.lines, matrix.currency, rates=rates, rounding=rounding
    )
    reasons = list(reasons_)
    currency = matrix.currency
    boundary = "at or above" if matrix.inclusive else "above"
    below = "below" if matrix.inclusive else "at or below"
    steps: list[ApprovalStep] = []
    deciding: ApprovalBand | None = None
    if amount <= 0:
        reasons.append(
            Reason.of(
                "APPROVAL.NO_INCREASE",
                f"The net amount {_fmt(amount, currency)} does not increase spend; no approval is needed.",
                amount=amount,
            )
        )
    else:
        checked = [
            (rank, level, band, matrix.reaches(amount, band.threshold))
            for rank, level in enumerate(matrix.levels, 1)
            if (band := matrix.band_for(level.name, request)) is not None
        ]
        top_rank = max((rank for rank, _, _, reached in checked if reached), default=0)
        single = matrix.mode is ApprovalMode.ANY_AT_OR_ABOVE
        top_name = matrix.levels[top_rank - 1].name if top_rank else ""
        for rank, level, band, reached in checked:
            if reached or deciding is None:
                deciding = band  # the highest band reached, else the lowest one checked
            if reached:
                steps.append(
                    ApprovalStep(level.name, rank, band.threshold, level.roles, level.users)
                )
            relation = boundary if reached else below
            code = "APPROVAL.LEVEL_REQUIRED" if reached else "APPROVAL.LEVEL_NOT_REQUIRED"
            if not reached:
                outcome = "."
            elif not single:
                outcome = f": {level.name} approval is required."
            elif rank == top_rank:
                outcome = f": one approval by {level.name} or a level above it is required."
            else:
                code = "APPROVAL.LEVEL_COVERED"
                outcome = (
                    f", but no separate {level.name} approval is needed: the one approval "
                    f"by {top_name} or a level above it covers it (any at or above)."
                )
            reasons.append(
                Reason.of(
                    code,
                    f"{_fmt(amount, currency)} is {relation} the {level.name} threshold "
                    f"{_fmt(band.threshold, currency)}{outcome}",
                    level=level.name,
                    threshold=band.threshold,
                    amount=amount,
                )
            )
        if not checked:
            reasons.append(
                Reason.of(
                    "APPROVAL.NO_BAND",
                    "No band of the matrix applies to this document type, category, cost centre "
                    f"and date ({request.date}).",
                    document_type=request.document_type,
                    category=request.category,
                    date=request.date,
                )
            )
    if steps and matrix.mode is ApprovalMode.ANY_AT_OR_ABOVE:
        top = steps[-1]
        above = matrix.levels[top.rank - 1 :]
        roles = tuple(dict.fromkeys(role for level in above for role in level.roles))
        users = tuple(dict.fromkeys(user for level in above for user in level.users))
        steps = [ApprovalStep(top.level, top.rank, top.threshold, roles, users)]
        reasons.append(
            Reason.of(
                "APPROVAL.ROUTE",
                f"One approval by {top.level} or any level above it "
                f"({', '.join(level.name for level in above)}) is required.",
                mode=matrix.mode,
                levels=1,
            )
        )
    elif steps:
        names = [step.level for step in steps]
        reasons.append(
            Reason.of(
                "APPROVAL.ROUTE",
                f"{len(steps)} approval level{'s' if len(steps) > 1 else ''} required, in order: "
                f"{', then '.join(names)}.",
                mode=matrix.mode,
                levels=len(steps),
            )
        )
    else:
        reasons.append(
            Reason.of(
                "APPROVAL.NOT_REQUIRED", "No approval is required.", mode=matrix.mode, levels=0
            )
        )
    cited = None
    if matrix.source is not None:
        clause = (
            "approvals" if deciding is None else f"approvals.bands[{matrix.bands.index(deciding)}]"
        )
        cited = matrix.source.at(clause)
    return ApprovalRoute(
        ROUTE_RULE,
        request.reference,
        request.requester,
        amount,
        currency,
        matrix.mode,
        tuple(steps),
        matrix.self_approval_below,
        (*reasons, *cited_reasons(cited)),
        cited,
    )
