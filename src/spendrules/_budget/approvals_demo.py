"""The approvals part of ``spendrules demo`` (private; called by ``spendrules.cli._budget``).

Reads ``spendrules/data/budget_approvals_sample.json`` (an approval matrix,
approvers, approved suppliers and recent purchases) and explains, for the
sample request of the funds demo: its approval route, whether the requester
and a colleague may approve, the one-call purchase decision, and a
split-purchase review of the recent purchases.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib import resources
from typing import Any

from spendrules._budget.approval_checks import Approver, can_approve
from spendrules._budget.approval_matrix import ApprovalMatrix
from spendrules._budget.approvals import route_approval
from spendrules._budget.decision import ApprovedSuppliers, evaluate_purchase
from spendrules._budget.model import SpendRequest
from spendrules._budget.splits import Transaction, detect_split_purchases
from spendrules.serialization import structure

__all__ = ["SAMPLE", "approvals_demo"]

#: The bundled sample file.
SAMPLE = "budget_approvals_sample.json"


def approvals_demo(request: SpendRequest, funds: dict[str, Any]) -> str:
    """Return the explained route, approval checks, decision and split review of ``request``.

    Args:
        request: The sample request of the funds demo.
        funds: The keyword arguments of its funds check (budgets, ledger,
            policy, as_of, calendar, hierarchies, rates, roles).
    """
    text = resources.files("spendrules").joinpath("data", SAMPLE).read_text(encoding="utf-8")
    data = json.loads(text, parse_float=Decimal)
    matrix = structure(data["matrix"], ApprovalMatrix)
    approvers = structure(data["approvers"], tuple[Approver, ...])
    recent = structure(data["recent"], tuple[Transaction, ...])
    lists = structure(data["approved_suppliers"], tuple[ApprovedSuppliers, ...])
    route = route_approval(request, matrix, rates=funds["rates"])
    checks = [can_approve(person, request, route) for person in approvers]
    decision = evaluate_purchase(
        request, matrix=matrix, recent=recent, approved_suppliers=lists, **funds
    )
    review = detect_split_purchases(
        recent,
        threshold=structure(data["split_threshold"], Decimal),
        window_days=14,
    )
    as_of: dt.date = funds["as_of"]
    parts = [f"Approval route of the sample purchase order ({matrix.name}):", route.explain(), ""]
    for person, check in zip(approvers, checks, strict=True):
        parts += [f"Can {person.user} approve the next step?", check.explain(), ""]
    parts += ["One call: funds, approvals, split leads and supplier:", decision.explain(), ""]
    parts.append(
        f"Split-purchase review of the recent purchases (as of {as_of}, "
        f"threshold {data['split_threshold']} {matrix.currency}, 14-day window):"
    )
    parts += [finding.explain() for finding in review]
    return "\n".join(parts)
