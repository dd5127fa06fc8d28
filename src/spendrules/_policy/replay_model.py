"""The inputs and results of a policy replay (private; public through ``spendrules.policy``)."""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from spendrules._checks import check_currency, check_date, check_decimal
from spendrules._enums import SpendEnum
from spendrules.budget import Budget, BudgetRate, FiscalCalendar, Hierarchy, LedgerEntry
from spendrules.errors import InvalidInputError
from spendrules.payment_terms import format_terms, parse_terms
from spendrules.results import Explained, Reason

__all__ = [
    "BudgetContext",
    "BudgetReplay",
    "CurrencyTotal",
    "InvoiceChange",
    "OutcomeCount",
    "PolicyReplay",
    "ReplayInvoice",
    "RequestChange",
    "RequestOutcome",
    "SavingsChange",
    "SavingsReplay",
    "StockChange",
    "StockReplay",
    "TermsReplay",
]


def _amount(value: object) -> Decimal:
    return check_decimal(value, "amount")


def _currency(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_currency(value, attribute.name)


def _day(_instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    check_date(value, attribute.name)


def _terms(value: object) -> str | None:
    """Terms text in its canonical notation; None, or blank text, means the standard terms."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"terms must be a str or None, not {type(value).__name__}: {value!r}")
    if not value.strip():
        return None
    return format_terms(parse_terms(value))


def _text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}: {value!r}")


@attrs.frozen
class ReplayInvoice:
    """One invoice of a replay: what it is for, and its terms (or the standard terms).

    Attributes:
        amount: The invoice total, in ``currency`` (negative: a credit note).
        currency: ISO 4217 code.
        invoice_date: The invoice date (the baseline of its terms).
        terms: Its own terms in trade notation (``"2/10 net 30"``), stored in
            canonical notation; None (or blank) means "the standard terms" of
            whichever policy is replayed.
        reference: The invoice number, echoed in the changes (may be empty).

    Raises:
        ParseError: ``terms`` is not trade notation.
        InvalidInputError, TypeError: a bad amount, currency or date.

    Examples:
        >>> ReplayInvoice(Decimal("1200.00"), "EUR", date(2027, 1, 15), "2/10 net 30 days").terms
        '2/10 net 30'
        >>> ReplayInvoice(Decimal("1200.00"), "EUR", date(2027, 1, 15), " ").terms is None
        True
    """

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(validator=_currency)
    invoice_date: date = attrs.field(validator=_day)
    terms: str | None = attrs.field(default=None, converter=_terms)
    reference: str = attrs.field(default="", validator=_text)


def _checked(value: Iterable[Any], kind: type, name: str) -> tuple[Any, ...]:
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise TypeError(f"{name}[{index}] must be a {kind.__name__}, not {type(item).__name__}")
    return items


def _budgets(value: Iterable[Budget]) -> tuple[Budget, ...]:
    return _checked(value, Budget, "budgets")


def _ledger(value: Iterable[LedgerEntry]) -> tuple[LedgerEntry, ...]:
    return _checked(value, LedgerEntry, "ledger")


def _hierarchies(value: Iterable[Hierarchy]) -> tuple[Hierarchy, ...]:
    return _checked(value, Hierarchy, "hierarchies")


def _rates(value: Iterable[BudgetRate]) -> tuple[BudgetRate, ...]:
    return _checked(value, BudgetRate, "rates")


def _roles(value: Iterable[str]) -> tuple[str, ...]:
    roles = tuple(value)
    for index, role in enumerate(roles):
        if not isinstance(role, str):
            raise TypeError(f"roles[{index}] must be a str, not {type(role).__name__}")
    return roles


def _rounding(_instance: object, _attribute: object, value: object) -> None:
    from spendrules.money import ROUNDING_MODES  # noqa: PLC0415 - keeps the import list short

    if value not in ROUNDING_MODES:
        raise InvalidInputError("rounding", value, f"one of {sorted(ROUNDING_MODES)}")


@attrs.frozen
class BudgetContext:
    """The budget state requests are checked against, as ``spendrules budget-check`` reads it.

    Attributes:
        budgets: The budgets.
        ledger: The ledger (actuals, orders, requisitions) already booked.
        hierarchies: Dimension hierarchies (one per dimension).
        rates: Budget exchange rates.
        calendar: The fiscal calendar (default: years starting 1 January).
        roles: The roles of whoever submits the requests (an override role
            turns an overridable block into a warning).
        rounding: Rounding of amounts converted at a budget rate.
    """

    budgets: tuple[Budget, ...] = attrs.field(converter=_budgets)
    ledger: tuple[LedgerEntry, ...] = attrs.field(default=(), converter=_ledger)
    hierarchies: tuple[Hierarchy, ...] = attrs.field(default=(), converter=_hierarchies)
    rates: tuple[BudgetRate, ...] = attrs.field(default=(), converter=_rates)
    calendar: FiscalCalendar = attrs.field(
        factory=FiscalCalendar, validator=attrs.validators.instance_of(FiscalCalendar)
    )
    roles: tuple[str, ...] = attrs.field(default=(), converter=_roles)
    rounding: str = attrs.field(default=decimal.ROUND_HALF_UP, validator=_rounding)


@attrs.frozen
class CurrencyTotal:
    """An amount in one currency (totals are kept per currency, never converted).

    Attributes:
        currency: ISO 4217 code.
        amount: The amount.
    """

    currency: str
    amount: Decimal


@attrs.frozen
class InvoiceChange:
    """An invoice whose due date or discount decision differs between the versions.

    Attributes:
        row: The invoice's position in the input (from 0).
        reference: Its reference.
        currency: Its currency.
        amount: Its amount.
        old_terms: The terms it is paid on under the old version (canonical notation).
        new_terms: The terms under the new version.
        old_due_date: The due date of its last installment under the old version.
        new_due_date: The same under the new version.
        old_days: Days from the invoice date to ``old_due_date``.
        new_days: Days from the invoice date to ``new_due_date``.
        cash_released: Σ over installments of amount × due days under the new
            version, minus the same under the old, over the day basis; rounded
            once to the minor unit (positive: the buyer keeps the cash longer).
        old_discount: The discount decision under the old version: ``"take"``,
            ``"skip"``, or ``"none"`` (no discount offered); one word per
            discounted installment, comma-separated.
        new_discount: The same under the new version.
    """

    row: int
    reference: str
    currency: str
    amount: Decimal
    old_terms: str
    new_terms: str
    old_due_date: date
    new_due_date: date
    old_days: int
    new_days: int
    cash_released: Decimal
    old_discount: str
    new_discount: str


@attrs.frozen
class SavingsChange:
    """A savings event whose recognised amount, status or category differs between the versions.

    Attributes:
        row: The event's position in the input (from 0).
        item: The event's item.
        currency: Its currency.
        old_recognised: Finance-recognised savings under the old ``[savings]``.
        new_recognised: The same under the new one.
        change: ``new_recognised − old_recognised``.
        old_status: The status under the old version (``"recognised"``...).
        new_status: The status under the new version.
        old_category: The primary category under the old version.
        new_category: The primary category under the new version.
    """

    row: int
    item: str
    currency: str
    old_recognised: Decimal
    new_recognised: Decimal
    change: Decimal
    old_status: str
    new_status: str
    old_category: str
    new_category: str


@attrs.frozen
class StockChange:
    """A SKU whose safety stock, reserve or carrying cost differs between the versions.

    Attributes:
        row: The SKU's position in the input (from 0).
        sku: Its identifier.
        currency: Its currency.
        old_safety_target: The safety stock target (units) under the old ``[inventory]``.
        new_safety_target: The same under the new one.
        old_safety_quantity: On-hand units held as safety stock under the old version.
        new_safety_quantity: The same under the new version.
        old_safety_value: Their value under the old version.
        new_safety_value: Their value under the new version.
        old_reserve: The excess-and-obsolete reserve under the old version (0 without a table).
        new_reserve: The same under the new version.
        old_carrying_cost: The annual carrying cost of the on-hand stock, old version.
        new_carrying_cost: The same under the new version.
        safety_value_change: ``new_safety_value − old_safety_value``.
        reserve_change: ``new_reserve − old_reserve``.
        carrying_cost_change: ``new_carrying_cost − old_carrying_cost``.
    """

    row: int
    sku: str
    currency: str
    old_safety_target: Decimal
    new_safety_target: Decimal
    old_safety_quantity: Decimal
    new_safety_quantity: Decimal
    old_safety_value: Decimal
    new_safety_value: Decimal
    old_reserve: Decimal
    new_reserve: Decimal
    old_carrying_cost: Decimal
    new_carrying_cost: Decimal
    safety_value_change: Decimal
    reserve_change: Decimal
    carrying_cost_change: Decimal


class RequestOutcome(SpendEnum):
    """What a funds check means for a request.

    Attributes:
        PASS: It goes ahead.
        WARNED: It goes ahead with a warning.
        NEEDS_APPROVAL: Blocked, but an override role of the policy may release it.
        BLOCKED: Blocked, and no override role can release it.
        NOT_CONTROLLED: No budget controls it.
    """

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    WARNED = "warned"
    NEEDS_APPROVAL = "needs_approval"
    BLOCKED = "blocked"
    NOT_CONTROLLED = "not_controlled"


@attrs.frozen
class RequestChange:
    """A spend request whose outcome differs between the versions.

    Attributes:
        row: The request's position in the input (from 0).
        reference: Its reference.
        old_outcome: Its outcome under the old ``[budget]``.
        new_outcome: Its outcome under the new one.
    """

    row: int
    reference: str
    old_outcome: RequestOutcome
    new_outcome: RequestOutcome


@attrs.frozen
class OutcomeCount:
    """How many requests end in one outcome under each version.

    Attributes:
        outcome: The outcome.
        old: Requests with it under the old version.
        new: Requests with it under the new version.
    """

    outcome: RequestOutcome
    old: int
    new: int


@attrs.frozen
class TermsReplay:
    """The invoices replayed: due dates, cash released and discount decisions.

    Attributes:
        rows: Invoices replayed.
        changes: The invoices whose outcome changed, in input order.
        cash_released: Σ ``cash_released`` of the changes, per currency (sorted).
        discount_flips: Changes whose discount decision differs.
    """

    rows: int = 0
    changes: tuple[InvoiceChange, ...] = ()
    cash_released: tuple[CurrencyTotal, ...] = ()
    discount_flips: int = 0


@attrs.frozen
class SavingsReplay:
    """The savings events replayed: what finance recognises under each version.

    Attributes:
        rows: Events replayed.
        changes: The events whose outcome changed, in input order.
        old_recognised: Σ finance-recognised of every event under the old version, per currency.
        new_recognised: The same under the new version.
        recognised_change: Σ ``change`` of the changes, per currency
            (``new_recognised − old_recognised``).
    """

    rows: int = 0
    changes: tuple[SavingsChange, ...] = ()
    old_recognised: tuple[CurrencyTotal, ...] = ()
    new_recognised: tuple[CurrencyTotal, ...] = ()
    recognised_change: tuple[CurrencyTotal, ...] = ()


@attrs.frozen
class StockReplay:
    """The SKUs replayed: stock held as safety stock, reserve and carrying cost.

    Attributes:
        rows: SKUs replayed.
        changes: The SKUs whose outcome changed, in input order.
        safety_quantity_change: Σ ``new − old`` safety quantity of the changes
            (units, across SKUs).
        safety_value_change: Σ ``safety_value_change`` of the changes, per currency.
        reserve_change: Σ ``reserve_change`` of the changes, per currency.
        carrying_cost_change: Σ ``carrying_cost_change`` of the changes, per currency.
    """

    rows: int = 0
    changes: tuple[StockChange, ...] = ()
    safety_quantity_change: Decimal = Decimal(0)
    safety_value_change: tuple[CurrencyTotal, ...] = ()
    reserve_change: tuple[CurrencyTotal, ...] = ()
    carrying_cost_change: tuple[CurrencyTotal, ...] = ()


@attrs.frozen
class BudgetReplay:
    """The spend requests replayed: how many pass, warn, need approval or are blocked.

    Attributes:
        rows: Requests replayed.
        changes: The requests whose outcome changed, in input order.
        counts: One [OutcomeCount][spendrules.policy.OutcomeCount] per outcome, in
            the order of [RequestOutcome][spendrules.policy.RequestOutcome].
    """

    rows: int = 0
    changes: tuple[RequestChange, ...] = ()
    counts: tuple[OutcomeCount, ...] = ()

    def count(self, outcome: RequestOutcome | str) -> OutcomeCount:
        """The old and new count of ``outcome`` (zero when no request was replayed)."""
        wanted = RequestOutcome(outcome)
        for found in self.counts:
            if found.outcome is wanted:
                return found
        return OutcomeCount(wanted, 0, 0)


@attrs.frozen
class PolicyReplay(Explained):
    """The same data under two versions of the policy: the rows whose outcome changes, and by how much.

    Attributes:
        old_version: The old version label.
        new_version: The new version label.
        old_fingerprint: The old content's fingerprint.
        new_fingerprint: The new content's fingerprint.
        as_of: The day savings are classified, stock reviewed and requests checked.
        terms: The invoices ([TermsReplay][spendrules.policy.TermsReplay]).
        savings: The savings events ([SavingsReplay][spendrules.policy.SavingsReplay]).
        stock: The SKUs ([StockReplay][spendrules.policy.StockReplay]).
        budget: The spend requests ([BudgetReplay][spendrules.policy.BudgetReplay]).
        day_basis: Days in the year of the cash-released measure.
        rule: ``"policy.replay@1"``.
        reasons: ``POLICY.REPLAY.SUMMARY``, then per family replayed its change
            (``POLICY.REPLAY.CASH_RELEASED``, ``POLICY.REPLAY.DISCOUNT_FLIPPED``,
            ``POLICY.REPLAY.SAVINGS_RECOGNISED``, ``POLICY.REPLAY.STOCK_RESERVED``,
            ``POLICY.REPLAY.REQUESTS_HELD``) or ``POLICY.REPLAY.NO_CHANGE``, then
            ``POLICY.NOT_AGREED`` for a version not signed by both sides.
    """

    old_version: str
    new_version: str
    old_fingerprint: str
    new_fingerprint: str
    as_of: date
    terms: TermsReplay = TermsReplay()
    savings: SavingsReplay = SavingsReplay()
    stock: StockReplay = StockReplay()
    budget: BudgetReplay = BudgetReplay()
    day_basis: int = 365
    rule: str = "policy.replay@1"
    reasons: tuple[Reason, ...] = ()

    @property
    def changed(self) -> int:
        """Rows whose outcome changed, every family together."""
        return (
            len(self.terms.changes)
            + len(self.savings.changes)
            + len(self.stock.changes)
            + len(self.budget.changes)
        )

    @property
    def rows(self) -> int:
        """Rows replayed, every family together."""
        return self.terms.rows + self.savings.rows + self.stock.rows + self.budget.rows

    def primary_reason(self) -> Reason | None:
        """Return the summary reason (how many rows changed)."""
        return self.reasons[0] if self.reasons else None

    def _detail_lines(self) -> list[str]:
        lines = []
        if self.terms.rows:
            lines.append(
                f"  invoices: {len(self.terms.changes)} of {self.terms.rows} change; cash "
                f"released {_totals(self.terms.cash_released)}; "
                f"{self.terms.discount_flips} discount decision(s) flip"
            )
        if self.savings.rows:
            lines.append(
                f"  savings events: {len(self.savings.changes)} of {self.savings.rows} change; "
                f"finance recognised {_totals(self.savings.old_recognised)} -> "
                f"{_totals(self.savings.new_recognised)}"
            )
        if self.stock.rows:
            lines.append(
                f"  SKUs: {len(self.stock.changes)} of {self.stock.rows} change; safety stock "
                f"value {_signed(self.stock.safety_value_change)}, reserve "
                f"{_signed(self.stock.reserve_change)}"
            )
        if self.budget.rows:
            held = [
                f"{count.outcome.value} {count.old} -> {count.new}"
                for count in self.budget.counts
                if count.old or count.new
            ]
            lines.append(
                f"  requests: {len(self.budget.changes)} of {self.budget.rows} change; "
                + ", ".join(held)
            )
        return lines


def _totals(totals: tuple[CurrencyTotal, ...]) -> str:
    return ", ".join(f"{t.amount} {t.currency}" for t in totals) or "0"


def _signed(totals: tuple[CurrencyTotal, ...]) -> str:
    return ", ".join(f"{t.amount:+} {t.currency}" for t in totals) or "+0"
