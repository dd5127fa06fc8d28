"""One call for a purchase: funds, approvals, split purchases and preferred suppliers (private).

Public names live in [`spendrules.budget`][spendrules.budget].

[`evaluate_purchase`][spendrules.budget.evaluate_purchase] runs [`check_budget`][spendrules.budget.check_budget],
[`route_approval`][spendrules.budget.route_approval], split-purchase detection against
the recent purchases, and the preferred-supplier check, and combines them into
one [`Verdict`][spendrules.budget.Verdict]:

1. ``blocked``: the funds check blocks and no override role can lift it;
2. ``needs_approval``: the route has approval steps, or the funds check
   blocks but the policy names override roles (an override is an approval:
   Oracle's insufficient-funds override request, ERPNext's exception budget
   approver);
3. ``go_with_warnings``: nothing needs approval, but the funds check warns, a
   split-purchase lead involves this request, or the supplier is not on the
   approved list for the category (or is not named);
4. ``go``: otherwise.

Split-purchase leads never block on their own: they are leads for review.
They are checked at every threshold of the approval bands that apply to the
request (so splitting to stay under the director's threshold is found as well
as splitting to stay under the manager's), within ``split_window_days``. The
documents a request relieves (``SpendRequest.relieves``: the order an invoice
bills) are the same purchase, so they are left out of that comparison, and a
request within the commitments it relieves passes the funds check as
``BUDGET.WITHIN_COMMITMENT`` (see ``StagePolicy.recheck_follow_ons``).

References:
    Domain notes ``budget.md`` section 9.5 ("one call answers both
    questions"); Oracle Fusion "Submit Requisitions with Insufficient Funds
    Override Request"; ERPNext ``exception_budget_approver_role``; fitgap
    "Enforce spend thresholds and delegation of authority" (requester,
    supplier, 14 days); the split-purchase sources of
    [`detect_split_purchases`][spendrules.budget.detect_split_purchases].
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Collection, Iterable
from decimal import Decimal

import attrs

from spendrules._budget.approval_matrix import ApprovalMatrix
from spendrules._budget.approvals import ApprovalRoute, route_approval
from spendrules._budget.funds import check_budget
from spendrules._budget.model import (
    Budget,
    BudgetRate,
    FiscalCalendar,
    Hierarchy,
    LedgerEntry,
    SpendRequest,
)
from spendrules._budget.policy import ControlPolicy, FundsDecision
from spendrules._budget.results import BudgetCheck
from spendrules._budget.splits import (
    NearUpper,
    SplitFinding,
    SplitKey,
    Transaction,
    check_group_by,
    cost_centers_of,
    detect_split_purchases,
)
from spendrules._checks import check_fraction, check_int, to_enum
from spendrules._enums import SpendEnum
from spendrules.errors import CurrencyMismatchError, InvalidInputError, _shown
from spendrules.results import Explained, Reason, Severity

__all__ = ["ApprovedSuppliers", "PurchaseDecision", "Verdict", "evaluate_purchase"]

DECISION_RULE = "budget.decision@1"

#: Reference given to a request without one when it takes part in split detection.
THIS_REQUEST = "(this request)"

_CALENDAR = FiscalCalendar()


class Verdict(SpendEnum):
    """The answer of [`evaluate_purchase`][spendrules.budget.evaluate_purchase].

    Attributes:
        GO: Funds pass, no approval needed, nothing to look at.
        GO_WITH_WARNINGS: May go ahead, but something deserves a look (a funds
            warning, a split-purchase lead, a supplier not on the approved list).
        NEEDS_APPROVAL: Someone must approve first (the route, or a funds override).
        BLOCKED: The funds check blocks and no role can override it.
    """

    GO = "go"
    GO_WITH_WARNINGS = "go_with_warnings"
    NEEDS_APPROVAL = "needs_approval"
    BLOCKED = "blocked"


def _type_error(field: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{field} must be {expected}, not {type(value).__name__}: {_shown(value)}")


def _check_category(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise _type_error(attribute.name, "a str", value)


def _to_suppliers(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise _type_error("suppliers", "a sequence of str", value)
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise _type_error(f"suppliers[{index}]", "a str", item)
        if not item:
            raise InvalidInputError(f"suppliers[{index}]", item, "a non-empty str")
    return items


@attrs.frozen
class ApprovedSuppliers:
    """The approved (preferred, contracted) suppliers of one purchasing category.

    Attributes:
        category: The purchasing category (as in ``SpendRequest.category``).
        suppliers: The suppliers on the list (may be empty: nobody is approved yet).

    Examples:
        >>> ApprovedSuppliers("laptops", ("Dell", "Lenovo")).suppliers
        ('Dell', 'Lenovo')
    """

    category: str = attrs.field(validator=_check_category)
    suppliers: tuple[str, ...] = attrs.field(converter=_to_suppliers)


@attrs.frozen
class PurchaseDecision(Explained):
    """Funds, approvals, split-purchase leads and supplier compliance for one request.

    Attributes:
        rule: ``"budget.decision@1"``.
        verdict: The [`Verdict`][spendrules.budget.Verdict].
        reference: The request's reference.
        funds: The [`BudgetCheck`][spendrules.budget.BudgetCheck].
        route: The [`ApprovalRoute`][spendrules.budget.ApprovalRoute].
        splits: Split-purchase leads that include this request.
        supplier_compliant: True when the supplier is on the approved list for
            the category, False when it is not (or is not named), None when no
            list covers the category or no lists were given.
        reasons: ``DECISION.FUNDS``, ``DECISION.APPROVAL``, ``DECISION.SPLIT``
            (per lead) or ``DECISION.NO_SPLIT``, the ``SUPPLIER.*`` reason, then
            ``DECISION.VERDICT``.
    """

    rule: str
    verdict: Verdict
    reference: str
    funds: BudgetCheck
    route: ApprovalRoute
    splits: tuple[SplitFinding, ...]
    supplier_compliant: bool | None
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        lines = [f"  funds: {self.funds.decision.value}"]
        lines += [f"  approval step {i}: {s.describe()}" for i, s in enumerate(self.route.steps, 1)]
        lines += [
            f"  split lead: {finding.kind.value}, {', '.join(finding.references)}"
            for finding in self.splits
        ]
        return lines


def _supplier_check(
    request: SpendRequest, approved: Iterable[ApprovedSuppliers] | None
) -> tuple[bool | None, Reason]:
    if approved is None:
        return None, Reason.of(
            "SUPPLIER.NOT_CHECKED", "No approved-supplier lists were given; compliance not checked."
        )
    if isinstance(approved, str | bytes) or not isinstance(approved, Iterable):
        raise _type_error("approved_suppliers", "a sequence of ApprovedSuppliers", approved)
    lists: dict[str, ApprovedSuppliers] = {}
    for index, item in enumerate(approved):
        if not isinstance(item, ApprovedSuppliers):
            raise _type_error(f"approved_suppliers[{index}]", "an ApprovedSuppliers", item)
        if item.category in lists:
            raise InvalidInputError(
                f"approved_suppliers[{index}].category", item.category, "a category listed once"
            )
        lists[item.category] = item
    category = request.category
    entry = lists.get(category)
    if entry is None:
        return None, Reason.of(
            "SUPPLIER.NO_LIST",
            f"No approved-supplier list covers category {category or '(blank)'}; "
            "compliance not checked.",
            category=category,
        )
    if not request.supplier:
        return False, Reason.of(
            "SUPPLIER.UNKNOWN",
            f"The request names no supplier, so it cannot be matched to the approved list for "
            f"{category}.",
            severity=Severity.WARNING,
            category=category,
        )
    if request.supplier in entry.suppliers:
        return True, Reason.of(
            "SUPPLIER.APPROVED",
            f"{request.supplier} is on the approved list for {category}.",
            category=category,
            supplier=request.supplier,
        )
    listed = ", ".join(entry.suppliers) or "nobody yet"
    return False, Reason.of(
        "SUPPLIER.NOT_APPROVED",
        f"{request.supplier} is not on the approved list for {category} ({listed}).",
        severity=Severity.WARNING,
        category=category,
        supplier=request.supplier,
    )


def _split_leads(
    request: SpendRequest,
    route: ApprovalRoute,
    matrix: ApprovalMatrix,
    recent: Iterable[Transaction],
    *,
    window_days: int,
    group_by: Iterable[SplitKey | str],
    near_band: Decimal | int | None,
    near_upper: NearUpper,
) -> tuple[tuple[SplitFinding, ...], Reason | None]:
    """Return the leads that include ``request``, or a reason why none were sought."""
    if isinstance(recent, str | bytes) or not isinstance(recent, Iterable):
        raise _type_error("recent", "a sequence of Transaction", recent)
    others = tuple(recent)
    for index, item in enumerate(others):
        if not isinstance(item, Transaction):
            raise _type_error(f"recent[{index}]", "a Transaction", item)
        if item.currency != matrix.currency:
            raise CurrencyMismatchError(f"recent[{index}].currency", matrix.currency, item.currency)
    if route.amount <= 0:
        return (), Reason.of(
            "DECISION.NO_SPLIT",
            "The request does not increase spend; split purchases were not sought.",
        )
    reference = request.reference or THIS_REQUEST
    this = Transaction(
        reference,
        request.date,
        route.amount,
        matrix.currency,
        requester=request.requester,
        supplier=request.supplier,
        cost_center=cost_centers_of(request),
        category=request.category,
    )
    # The commitments this request relieves are the same purchase, not another piece of it.
    settled = [t for t in others if t.reference in request.relieves]
    pool = [t for t in others if t.reference != reference and t not in settled] + [this]
    thresholds = sorted(
        {
            band.threshold
            for level in matrix.levels
            if (band := matrix.band_for(level.name, request)) is not None and band.threshold > 0
        }
    )
    leads: list[SplitFinding] = []
    for threshold in thresholds:
        leads += [
            finding
            for finding in detect_split_purchases(
                pool,
                threshold=threshold,
                window_days=window_days,
                group_by=group_by,
                near_band=near_band,
                inclusive=matrix.inclusive,
                near_upper=near_upper,
            )
            if reference in finding.references
        ]
    if leads:
        return tuple(leads), None
    shown = ", ".join(f"{t:,}" for t in thresholds) or "none"
    return (), Reason.of(
        "DECISION.NO_SPLIT",
        f"No split-purchase lead includes this request (thresholds checked: {shown} "
        f"{matrix.currency}; window {_count(window_days, 'day')}; "
        f"{_count(len(others), 'recent purchase')}"
        + (
            f", of which {_count(len(settled), 'document')} this request relieves, left out"
            if settled
            else ""
        )
        + ").",
        thresholds=shown,
        window_days=window_days,
        recent=len(others),
        relieved=len(settled),
    )


def _count(number: int, noun: str) -> str:
    """``"1 recent purchase"``, ``"2 recent purchases"``, ``"0 recent purchases"``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def evaluate_purchase(
    request: SpendRequest,
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    matrix: ApprovalMatrix,
    as_of: dt.date,
    recent: Iterable[Transaction] = (),
    approved_suppliers: Iterable[ApprovedSuppliers] | None = None,
    split_window_days: int = 14,
    split_group_by: Iterable[SplitKey | str] = (SplitKey.REQUESTER, SplitKey.SUPPLIER),
    split_near_band: Decimal | int | None = Decimal("0.05"),
    split_near_upper: NearUpper | str = NearUpper.BELOW_APPROVAL,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> PurchaseDecision:
    """Answer in one call: can this purchase go ahead, and who must approve it?

    Args:
        request: The spend request.
        budgets: Budgets for [`check_budget`][spendrules.budget.check_budget].
        ledger: Consumption already booked; the open requisitions and orders
            that ``request.relieves`` names are relieved first (see
            [`relieve`][spendrules.budget.relieve]).
        policy: The funds [`ControlPolicy`][spendrules.budget.ControlPolicy].
        matrix: The [`ApprovalMatrix`][spendrules.budget.ApprovalMatrix].
        as_of: The day of the evaluation (the funds check reads no clock).
        recent: Recent purchases to compare with for split purchases, in the
            matrix's reference currency. An entry with the request's own
            reference is replaced by the request; entries the request relieves
            (their reference is in ``request.relieves``: the order an invoice
            bills) are the same purchase and are left out.
        approved_suppliers: Approved-supplier lists by category; None (default)
            skips the compliance check.
        split_window_days: Window for split detection (default 14 days, the
            delegation-of-authority review period; 1 is "the same day").
        split_group_by: Fields that must match (default requester and supplier).
        split_near_band: Width of the "just below the threshold" band (fraction).
        split_near_upper: Upper edge of that band (default
            ``NearUpper.BELOW_APPROVAL``: amounts that do not need approval under
            the matrix's ``inclusive``); see [`NearUpper`][spendrules.budget.NearUpper].
        calendar: The fiscal calendar (default: years starting 1 January).
        hierarchies: Dimension hierarchies for the funds check.
        rates: Budget rates (to the budget currencies and to the matrix's
            reference currency).
        roles: Roles of the person submitting (funds override).
        rounding: Rounding of converted amounts, each rounded once: to the
            budget currency in the funds check, to the reference currency for
            the route (default ``ROUND_HALF_UP``).

    Returns:
        [`PurchaseDecision`][spendrules.budget.PurchaseDecision].

    Raises:
        TypeError: a wrong type anywhere.
        InvalidInputError: invalid settings (see the called rules); a category
            with two approved-supplier lists; a request line whose currency has no
            rate to the matrix's reference currency (the route needs it).
        CurrencyMismatchError: a recent purchase not in the reference currency.

    Examples:
        >>> import datetime as dt
        >>> from spendrules.budget import (ApprovalBand, ApprovalLevel, Budget, ControlPolicy,
        ...                                SpendLine, SpendRequest)
        >>> budget = Budget("6100", Decimal("10000"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> matrix = ApprovalMatrix((ApprovalLevel("manager", roles=("manager",)),),
        ...                         (ApprovalBand("manager", Decimal("3000")),), "USD")
        >>> po = SpendRequest((SpendLine("6100", Decimal("1600"), "USD"),), dt.date(2026, 3, 3),
        ...                   category="furniture", requester="ann", supplier="Desks Inc", reference="PO-2")
        >>> earlier = [Transaction("PO-1", dt.date(2026, 3, 2), Decimal("1600"), "USD",
        ...                        requester="ann", supplier="Desks Inc")]
        >>> decision = evaluate_purchase(po, budgets=[budget], ledger=[], policy=ControlPolicy(),
        ...                              matrix=matrix, as_of=dt.date(2026, 3, 3), recent=earlier,
        ...                              approved_suppliers=[ApprovedSuppliers("furniture", ("Desks Inc",))])
        >>> decision.verdict, decision.splits[0].total
        (<Verdict.GO_WITH_WARNINGS: 'go_with_warnings'>, Decimal('3200.00'))

    References:
        Domain notes ``budget.md`` sections 4 and 9; Oracle Fusion insufficient-funds
        override request; ERPNext exception budget approver role.
    """
    window, split_keys, near_upper = _check_purchase_options(
        request,
        matrix,
        split_window_days=split_window_days,
        split_group_by=split_group_by,
        split_near_band=split_near_band,
        split_near_upper=split_near_upper,
    )
    if isinstance(rates, str | bytes) or not isinstance(rates, Iterable):
        raise _type_error("rates", "a sequence of BudgetRate", rates)
    rates = tuple(rates)  # read by the funds check and the route
    funds = check_budget(
        request,
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
    return _purchase_decision(
        request,
        funds,
        matrix,
        rates=rates,
        rounding=rounding,
        recent=recent,
        approved_suppliers=approved_suppliers,
        window=window,
        split_keys=split_keys,
        split_near_band=split_near_band,
        near_upper=near_upper,
    )


def _check_purchase_options(
    request: object,
    matrix: object,
    *,
    split_window_days: int,
    split_group_by: Iterable[SplitKey | str],
    split_near_band: Decimal | int | None,
    split_near_upper: NearUpper | str,
) -> tuple[int, tuple[SplitKey, ...], NearUpper]:
    """Validate [`evaluate_purchase`][spendrules.budget.evaluate_purchase]'s own arguments, before any work."""
    if not isinstance(request, SpendRequest):
        raise _type_error("request", "a SpendRequest", request)
    if not isinstance(matrix, ApprovalMatrix):
        raise _type_error("matrix", "an ApprovalMatrix", matrix)
    window = check_int(split_window_days, "split_window_days", minimum=1)
    split_keys = check_group_by(split_group_by, "split_group_by")
    if split_near_band is not None:
        check_fraction(split_near_band, "split_near_band")
    return window, split_keys, to_enum(NearUpper, split_near_upper, "split_near_upper")


def _purchase_decision(
    request: SpendRequest,
    funds: BudgetCheck,
    matrix: ApprovalMatrix,
    *,
    rates: tuple[BudgetRate, ...],
    rounding: str,
    recent: Iterable[Transaction],
    approved_suppliers: Iterable[ApprovedSuppliers] | None,
    window: int,
    split_keys: tuple[SplitKey, ...],
    split_near_band: Decimal | int | None,
    near_upper: NearUpper,
) -> PurchaseDecision:
    """The decision once the funds check is done: route, split leads, suppliers, verdict."""
    route = route_approval(request, matrix, rates=rates, rounding=rounding)
    splits, no_split = _split_leads(
        request,
        route,
        matrix,
        recent,
        window_days=window,
        group_by=split_keys,
        near_band=split_near_band,
        near_upper=near_upper,
    )
    compliant, supplier_reason = _supplier_check(request, approved_suppliers)

    reasons: list[Reason] = []
    override = funds.decision is FundsDecision.BLOCKED and bool(funds.override_roles)
    funds_severity = {
        FundsDecision.PASS: Severity.INFO,
        FundsDecision.NOT_CONTROLLED: Severity.INFO,
        FundsDecision.PASS_WITH_WARNING: Severity.WARNING,
        FundsDecision.BLOCKED: Severity.WARNING if override else Severity.ERROR,
    }[funds.decision]
    funds_text = {
        FundsDecision.PASS: "Funds check passes.",
        FundsDecision.NOT_CONTROLLED: "No budget controls this request; funds were not checked "
        "(the policy's missing-budget setting allowed it).",
        FundsDecision.PASS_WITH_WARNING: "Funds check passes with a warning.",
        FundsDecision.BLOCKED: "Funds check blocks"
        + (
            f"; a holder of {', '.join(funds.override_roles)} may override it."
            if override
            else "; no role can override it."
        ),
    }[funds.decision]
    if funds.relieved:
        funds_text += " Relieved first: " + "; ".join(r.describe() for r in funds.relieved) + "."
    within = [line.budget or line.account for line in funds.lines if line.within_commitment]
    if within:
        funds_text += (
            f" Within the commitments it relieves on {', '.join(dict.fromkeys(within))}: "
            "it adds no consumption there and is not checked again."
        )
    reasons.append(
        Reason.of(
            "DECISION.FUNDS",
            funds_text,
            severity=funds_severity,
            decision=funds.decision,
            override_roles=", ".join(funds.override_roles),
        )
    )
    if route.steps:
        levels = ", ".join(step.level for step in route.steps)
        reasons.append(
            Reason.of(
                "DECISION.APPROVAL",
                f"Approval required ({route.mode.value}): {levels}.",
                severity=Severity.WARNING,
                levels=levels,
                amount=route.amount,
            )
        )
    else:
        reasons.append(
            Reason.of(
                "DECISION.APPROVAL", "No approval is required.", levels="", amount=route.amount
            )
        )
    for finding in splits:
        reasons.append(
            Reason.of(
                "DECISION.SPLIT",
                f"Split-purchase lead ({finding.kind.value}) at the threshold "
                f"{finding.threshold:,} {finding.currency}: {', '.join(finding.references)} total "
                f"{finding.total:,} {finding.currency}. A lead for review, not a verdict.",
                severity=Severity.WARNING,
                kind=finding.kind,
                threshold=finding.threshold,
                total=finding.total,
            )
        )
    if no_split is not None:
        reasons.append(no_split)
    reasons.append(supplier_reason)

    if funds.decision is FundsDecision.BLOCKED and not override:
        verdict = Verdict.BLOCKED
    elif route.steps or override:
        verdict = Verdict.NEEDS_APPROVAL
    elif any(reason.severity is not Severity.INFO for reason in reasons):
        verdict = Verdict.GO_WITH_WARNINGS
    else:
        verdict = Verdict.GO
    approvers = [step.level for step in route.steps]
    if override:
        approvers.append(f"a funds override by {' or '.join(funds.override_roles)}")
    verdict_text = {
        Verdict.GO: "Go: funds pass, no approval is needed and nothing was flagged.",
        Verdict.GO_WITH_WARNINGS: "Go with warnings: no approval is needed, but see the "
        "warnings above.",
        Verdict.NEEDS_APPROVAL: f"Needs approval before it can go ahead: {', '.join(approvers)}.",
        Verdict.BLOCKED: "Blocked by the funds check.",
    }[verdict]
    reasons.append(
        Reason.of(
            "DECISION.VERDICT",
            verdict_text,
            severity=Severity.ERROR if verdict is Verdict.BLOCKED else Severity.INFO,
            verdict=verdict,
        )
    )
    return PurchaseDecision(
        DECISION_RULE,
        verdict,
        request.reference,
        funds,
        route,
        splits,
        compliant,
        tuple(reasons),
    )
