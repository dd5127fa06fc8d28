"""A policy replay's rows under one version, one scalar rule call per row (private).

The scalar path is the specification the bulk path (``replay_frames``) matches
row by row. Each function takes the rows to evaluate and returns one outcome per
row, as plain tuples the replay compares:

* invoices: ``(last due date, Σ installment amount × due days)``;
* savings events: ``(finance recognised, status, primary category)``;
* SKUs: ``(safety target, safety quantity, safety value, reserve, carrying cost)``;
* requests: a [RequestOutcome][spendrules.policy.RequestOutcome].
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import TypeVar

from spendrules._policy.model import InventoryPolicy
from spendrules._policy.replay_model import BudgetContext, ReplayInvoice, RequestOutcome
from spendrules.budget import BudgetBook, ControlPolicy, FundsDecision, SpendRequest
from spendrules.errors import InvalidInputError, SpendRulesError
from spendrules.inventory import (
    StockItem,
    excess_and_obsolete_reserve,
    review_stock,
)
from spendrules.money import quantize
from spendrules.payment_terms import PaymentTerms, schedule
from spendrules.savings import SavingsEvent, SavingsPolicy, classify_savings

__all__ = [
    "Due",
    "Held",
    "Recognised",
    "Reserved",
    "book_of",
    "check_requests",
    "classify_events",
    "filled",
    "outcome_of",
    "review_items",
    "row_error",
    "rows_named",
    "schedule_invoices",
]

T = TypeVar("T")

#: An invoice under one version: the last installment's due date, Σ amount × due days.
Due = tuple[date, Decimal]
#: A savings event under one version: finance recognised, status, primary category.
Recognised = tuple[Decimal, str, str]
#: A SKU under one version: safety target, safety quantity, safety value, reserve, carrying cost.
Reserved = tuple[Decimal, Decimal, Decimal, Decimal, Decimal]
#: How a request was held: its decision with the submitter's roles, and whether an
#: override role of the policy releases a block.
Held = RequestOutcome

#: Quantities are compared to the millionth, as the bulk inventory rules compute them.
MILLIONTH = Decimal("0.000001")


def row_error(family: str, row: int, exc: Exception) -> Exception:
    """``exc`` naming the row of its family (``invoices[3].terms``)."""
    if isinstance(exc, InvalidInputError):
        return InvalidInputError(f"{family}[{row}].{exc.field}", exc.value, exc.constraint)
    return InvalidInputError(f"{family}[{row}]", None, f"accepted by the rule ({exc})")


@contextmanager
def rows_named(family: str) -> Iterator[list[int]]:
    """A context where a rule's refusal names the row (the list holds the current row)."""
    current = [0]
    try:
        yield current
    except (SpendRulesError, ValueError, TypeError, ArithmeticError) as exc:
        raise row_error(family, current[0], exc) from None


def _each(family: str, rows: Sequence[int], call: Callable[[int], T]) -> list[T]:
    out: list[T] = []
    with rows_named(family) as current:
        for row in rows:
            current[0] = row
            out.append(call(row))
    return out


def schedule_invoices(
    invoices: Sequence[ReplayInvoice], rows: Sequence[int], terms: Sequence[PaymentTerms]
) -> list[Due]:
    """Schedule each row's invoice under its terms (``terms[i]`` for ``rows[i]``)."""
    by_row = dict(zip(rows, terms, strict=True))

    def one(row: int) -> Due:
        invoice = invoices[row]
        plan = schedule(
            by_row[row],
            invoice_date=invoice.invoice_date,
            amount=invoice.amount,
            currency=invoice.currency,
        )
        last = max(line.due_date for line in plan.lines)
        weighted = sum(
            (line.amount * (line.due_date - invoice.invoice_date).days for line in plan.lines),
            Decimal(0),
        )
        return last, weighted

    return _each("invoices", rows, one)


def classify_events(
    events: Sequence[SavingsEvent], rows: Sequence[int], policy: SavingsPolicy, as_of: date
) -> list[Recognised]:
    """Classify each row's event under ``policy``."""

    def one(row: int) -> Recognised:
        found = classify_savings(events[row], policy=policy, as_of=as_of)
        recognised = quantize(found.finance_recognised, found.currency)
        return recognised, found.status.value, found.primary.value

    return _each("events", rows, one)


def filled(item: StockItem, section: InventoryPolicy) -> tuple[Decimal | None, Decimal | None]:
    """What ``section`` fills in for ``item``: a service level and a holding rate (None: its own).

    As ``review_stock(policy=...)``: the item's class's level when the item has no
    service target of its own, the carrying rate when its holding rate is 0.
    """
    level = None
    own = (item.safety_stock, item.service_level, item.fill_rate)
    if item.item_class is not None and own == (None, None, None):
        agreed = section.level_for(item.item_class)
        level = None if agreed is None else agreed.level
    rate = section.carrying_rate if item.holding_rate == 0 else None
    return level, rate


def review_items(
    items: Sequence[StockItem], rows: Sequence[int], section: InventoryPolicy, as_of: date
) -> list[Reserved]:
    """Review each row's SKU under a version's ``[inventory]`` (``review_stock(policy=...)``).

    The section fills what the item leaves open (a service level for its class,
    the carrying rate for a holding rate of 0); its months-of-supply reserve table
    gives the reserve.
    """
    table = section.reserve

    def one(row: int) -> Reserved:
        split = review_stock(items[row], as_of=as_of, policy=section).split
        reserve = Decimal(0)
        if table is not None:
            reserve = excess_and_obsolete_reserve(split, table=table).total
        return (
            split.safety_target.quantize(MILLIONTH),
            split.safety.quantity.quantize(MILLIONTH),
            quantize(split.safety.value, split.currency),
            quantize(reserve, split.currency),
            quantize(split.annual_carrying_cost, split.currency),
        )

    return _each("items", rows, one)


def book_of(context: BudgetContext, policy: ControlPolicy) -> BudgetBook:
    """The budget book of ``context`` under ``policy`` (built once per version)."""
    return BudgetBook(
        context.budgets,
        policy=policy,
        ledger=context.ledger,
        hierarchy=context.hierarchies,
        rates=context.rates,
        calendar=context.calendar,
        rounding=context.rounding,
    )


def outcome_of(decision: FundsDecision, *, released: bool) -> RequestOutcome:
    """The outcome of a decision (``released``: an override role would let a block pass)."""
    if decision is FundsDecision.BLOCKED:
        return RequestOutcome.NEEDS_APPROVAL if released else RequestOutcome.BLOCKED
    return _OUTCOMES[decision]


_OUTCOMES: dict[FundsDecision, RequestOutcome] = {
    FundsDecision.PASS: RequestOutcome.PASS,
    FundsDecision.PASS_WITH_WARNING: RequestOutcome.WARNED,
    FundsDecision.NOT_CONTROLLED: RequestOutcome.NOT_CONTROLLED,
}


def check_requests(
    requests: Sequence[SpendRequest],
    rows: Sequence[int],
    book: BudgetBook,
    context: BudgetContext,
    as_of: date,
) -> list[Held]:
    """Check each row's request alone against the book (nothing is reserved between them).

    A block is "needs approval" when the request passes once the policy's
    override roles are added to the submitter's roles.
    """
    roles = context.roles
    override = tuple(dict.fromkeys((*roles, *book.policy.override_roles)))
    can_release = set(override) != set(roles)

    def one(row: int) -> Held:
        request = requests[row]
        decision = book.decide(request, as_of=as_of, roles=roles)
        released = False
        if decision is FundsDecision.BLOCKED and can_release:
            again = book.decide(request, as_of=as_of, roles=override)
            released = again is not FundsDecision.BLOCKED
        return outcome_of(decision, released=released)

    return _each("requests", rows, one)
