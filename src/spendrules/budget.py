"""Budget checks and approvals: can this purchase go ahead, and who must approve it?

Funds:

* [`FiscalCalendar`][spendrules.budget.FiscalCalendar] (fiscal years that start on any day) and
  [`Phasing`][spendrules.budget.Phasing] (equal, weights, amounts, linear) spread an annual budget
  over months, quarters or halves; the parts sum exactly to the budget.
* Inputs: [`Budget`][spendrules.budget.Budget] (account plus dimensions, amount, currency,
  validity, phasing, released amount, status), [`LedgerEntry`][spendrules.budget.LedgerEntry]
  (requisition, order or actual consumption), [`SpendRequest`][spendrules.budget.SpendRequest] of
  [`SpendLine`][spendrules.budget.SpendLine] items, [`Hierarchy`][spendrules.budget.Hierarchy] (roll-up), [`BudgetRate`][spendrules.budget.BudgetRate].
* [`ControlPolicy`][spendrules.budget.ControlPolicy]: per request stage a [`StagePolicy`][spendrules.budget.StagePolicy] (which
  ledger stages count, the [`Basis`][spendrules.budget.Basis], [`ToleranceRule`][spendrules.budget.ToleranceRule] items checked
  highest first, the [`Boundary`][spendrules.budget.Boundary], the [`MissingBudget`][spendrules.budget.MissingBudget] behaviour),
  override roles, pooled or per-node [`Rollup`][spendrules.budget.Rollup], the action for lines
  without an account.
* [`check_budget`][spendrules.budget.check_budget] returns a [`BudgetCheck`][spendrules.budget.BudgetCheck] (a [`FundsDecision`][spendrules.budget.FundsDecision]
  and one [`LineCheck`][spendrules.budget.LineCheck] per budget and basis, with the arithmetic in its
  reasons); [`headroom`][spendrules.budget.headroom] the largest amount that still passes;
  [`what_if`][spendrules.budget.what_if] (and the lazy [`iter_what_if`][spendrules.budget.iter_what_if]) a batch of drafts with
  sequential reservation.
* A follow-on document (an order after its requisition, an invoice after its
  order) names what it liquidates in ``SpendRequest.relieves``; every check
  relieves those open commitments first ([`Relief`][spendrules.budget.Relief], ``BUDGET.RELIEVED``)
  so nothing is counted twice, and [`relieve`][spendrules.budget.relieve] returns the relieved ledger.
  A follow-on within the commitments it relieves adds no consumption and
  passes (``BUDGET.WITHIN_COMMITMENT``), however far other postings have
  pushed the budget since; ``StagePolicy.recheck_follow_ons`` checks it again.

Approvals and split purchases:

* [`ApprovalMatrix`][spendrules.budget.ApprovalMatrix]: [`ApprovalLevel`][spendrules.budget.ApprovalLevel] items (lowest first) and
  [`ApprovalBand`][spendrules.budget.ApprovalBand] thresholds by document type, category and cost centre,
  with effective dates, in a reference currency; [`ApprovalMode`][spendrules.budget.ApprovalMode]
  cumulative (every level reached approves, in order) or any at or above.
* [`route_approval`][spendrules.budget.route_approval] returns the [`ApprovalRoute`][spendrules.budget.ApprovalRoute] (its
  [`ApprovalStep`][spendrules.budget.ApprovalStep] items); [`can_approve`][spendrules.budget.can_approve] an [`ApprovalCheck`][spendrules.budget.ApprovalCheck]
  for an [`Approver`][spendrules.budget.Approver], given the [`Approval`][spendrules.budget.Approval] history, with
  segregation of duties (the requester cannot approve unless self-approval is
  allowed below an amount; one person cannot fill two levels).
* [`detect_split_purchases`][spendrules.budget.detect_split_purchases] returns [`SplitFinding`][spendrules.budget.SplitFinding] leads (window
  totals that cross a threshold, amounts clustered just below it) over
  [`Transaction`][spendrules.budget.Transaction] items, grouped by [`SplitKey`][spendrules.budget.SplitKey]; the answer does not
  depend on the input order.
* [`evaluate_purchase`][spendrules.budget.evaluate_purchase] answers in one call: a [`PurchaseDecision`][spendrules.budget.PurchaseDecision]
  with the funds check, the route, the split leads that involve the request,
  preferred-supplier compliance ([`ApprovedSuppliers`][spendrules.budget.ApprovedSuppliers]) and a
  [`Verdict`][spendrules.budget.Verdict] (go, go with warnings, needs approval, blocked).

Under the agreed policy: the ``ControlPolicy`` and ``ApprovalMatrix`` of a policy
file (``[budget]``, ``[approvals]``; see [`spendrules.policy`][spendrules.policy])
carry their ``source``. A [`BudgetCheck`][spendrules.budget.BudgetCheck] computed under
one (by [`check_budget`][spendrules.budget.check_budget] or a
[`BudgetBook`][spendrules.budget.BudgetBook]) cites the stage's tolerance rules that
decided (``budget.order.rules[1]``; the stage ``budget.order`` when none did), an
[`ApprovalRoute`][spendrules.budget.ApprovalRoute] the band (``approvals.bands[2]``),
as ``policy_reference`` and the reasons ``POLICY.CITED`` and, when the file is not
agreed, ``POLICY.NOT_AGREED`` (a warning). The same settings built in code give the
same numbers and no citation; no rule id changed.

Conventions: amounts are ``Decimal`` in an ISO 4217 currency; usage shares and
tolerance percentages are fractions (``Decimal("0.9")`` is 90 %); every
boundary, basis and roll-up choice is a named setting with a documented
default; reductions always pass; nothing is skipped silently.

Examples:
    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> budget = Budget("6100", Decimal("200000"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
    ...                 {"cost_center": "CC-10"})
    >>> je = SpendRequest((SpendLine("6100", Decimal("250000"), "USD", {"cost_center": "CC-10"}),),
    ...                   dt.date(2026, 3, 15), stage=Stage.ACTUAL)
    >>> result = check_budget(je, budgets=[budget], ledger=[], policy=ControlPolicy(),
    ...                       as_of=dt.date(2026, 3, 15))
    >>> result.decision
    <FundsDecision.BLOCKED: 'blocked'>
    >>> print(result.lines[0].reasons[-1].message)
    Rule 'block at 100 % of the limit' blocks: total after 250,000.00 USD > threshold 200,000.00 USD (inclusive boundary); the limit 200,000.00 USD is exceeded by 50,000.00 USD.

References:
    Domain notes ``budget.md`` (ERPNext's algorithm, SAP and Oracle tolerance
    semantics, worked scenarios V1-V40); see each function's References.
"""

from __future__ import annotations

from spendrules._budget.approval_checks import Approval, ApprovalCheck, Approver, can_approve
from spendrules._budget.approval_matrix import (
    ApprovalBand,
    ApprovalLevel,
    ApprovalMatrix,
    ApprovalMode,
)
from spendrules._budget.approvals import ApprovalRoute, ApprovalStep, route_approval
from spendrules._budget.book import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, BudgetBook
from spendrules._budget.decision import (
    ApprovedSuppliers,
    PurchaseDecision,
    Verdict,
    evaluate_purchase,
)
from spendrules._budget.funds import check_budget, headroom, iter_what_if, what_if
from spendrules._budget.model import (
    Budget,
    BudgetRate,
    BudgetStatus,
    FiscalCalendar,
    Frequency,
    Hierarchy,
    LedgerEntry,
    Period,
    Phasing,
    PhasingMethod,
    SpendLine,
    SpendRequest,
    Stage,
)
from spendrules._budget.phasing import PhasingRounding
from spendrules._budget.policy import (
    Action,
    Against,
    Basis,
    Boundary,
    Combine,
    ControlPolicy,
    FundsDecision,
    LinearDays,
    MissingBudget,
    Rollup,
    StagePolicy,
    ToleranceRule,
)
from spendrules._budget.relief import Relief, relieve
from spendrules._budget.results import BudgetCheck, Headroom, LineCheck, StageAmount, WhatIf
from spendrules._budget.splits import (
    NearUpper,
    SplitFinding,
    SplitKey,
    SplitKind,
    Transaction,
    detect_split_purchases,
)

__all__ = [
    "SNAPSHOT_FORMAT",
    "SNAPSHOT_VERSION",
    "Action",
    "Against",
    "Approval",
    "ApprovalBand",
    "ApprovalCheck",
    "ApprovalLevel",
    "ApprovalMatrix",
    "ApprovalMode",
    "ApprovalRoute",
    "ApprovalStep",
    "ApprovedSuppliers",
    "Approver",
    "Basis",
    "Boundary",
    "Budget",
    "BudgetBook",
    "BudgetCheck",
    "BudgetRate",
    "BudgetStatus",
    "Combine",
    "ControlPolicy",
    "FiscalCalendar",
    "Frequency",
    "FundsDecision",
    "Headroom",
    "Hierarchy",
    "LedgerEntry",
    "LineCheck",
    "LinearDays",
    "MissingBudget",
    "NearUpper",
    "Period",
    "Phasing",
    "PhasingMethod",
    "PhasingRounding",
    "PurchaseDecision",
    "Relief",
    "Rollup",
    "SpendLine",
    "SpendRequest",
    "SplitFinding",
    "SplitKey",
    "SplitKind",
    "Stage",
    "StageAmount",
    "StagePolicy",
    "ToleranceRule",
    "Transaction",
    "Verdict",
    "WhatIf",
    "can_approve",
    "check_budget",
    "detect_split_purchases",
    "evaluate_purchase",
    "headroom",
    "iter_what_if",
    "relieve",
    "route_approval",
    "what_if",
]
