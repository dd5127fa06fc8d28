"""Input types shared by the budget family (private; public names live in [`spendrules.budget`][spendrules.budget]).

* [`SpendRequest`][spendrules.budget.SpendRequest] and its [`SpendLine`][spendrules.budget.SpendLine] items: what someone wants to spend.
* [`Budget`][spendrules.budget.Budget]: a limit on an account plus dimensions, for a validity range.
* [`LedgerEntry`][spendrules.budget.LedgerEntry]: consumption already booked (open requisitions, open
  orders, actuals), an input snapshot in which commitments are already
  relieved by their follow-on documents.
* [`Hierarchy`][spendrules.budget.Hierarchy]: parent links of one dimension (or of accounts) for roll-up.
* [`BudgetRate`][spendrules.budget.BudgetRate]: the budget exchange rate for foreign-currency spend.

Dimensions are ``(name, value)`` pairs such as ``("cost_center", "CC-10")``;
any mapping or iterable of pairs is accepted and kept as a sorted tuple so the
objects stay hashable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from spendrules._budget.phasing import FiscalCalendar, Frequency, Period, Phasing, PhasingMethod
from spendrules._budget.tolerance import ToleranceRule, _to_rules
from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_positive,
    to_enum,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError, _shown
from spendrules.money import minor_units, quantize

__all__ = [
    "Budget",
    "BudgetRate",
    "BudgetStatus",
    "Dimensions",
    "FiscalCalendar",
    "Frequency",
    "Hierarchy",
    "LedgerEntry",
    "Period",
    "Phasing",
    "PhasingMethod",
    "SpendLine",
    "SpendRequest",
    "Stage",
]

#: Dimensions as sorted ``(name, value)`` pairs, e.g. ``(("cost_center", "CC-10"),)``.
Dimensions = tuple[tuple[str, str], ...]


class Stage(SpendEnum):
    """The stage of a purchasing document, and the ledger bucket it consumes.

    Attributes:
        REQUISITION: A purchase requisition / material request (pre-commitment).
        ORDER: A purchase order (commitment, encumbrance).
        ACTUAL: An invoice, expense claim or journal entry (actual expense).
    """

    REQUISITION = "requisition"
    ORDER = "order"
    ACTUAL = "actual"


class BudgetStatus(SpendEnum):
    """Whether a budget accepts spending.

    Attributes:
        OPEN: Spending is checked against the budget.
        ON_HOLD: Temporarily frozen: increases are blocked, an override role may
            release them (PeopleSoft E4, overridable).
        CLOSED: Closed: increases are blocked and no override applies (PeopleSoft E3).
    """

    OPEN = "open"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a str, not {type(value).__name__}: {_shown(value)}")
    return value


def _check_text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(value, attribute.name)


def key_label(account: str, dimensions: Dimensions) -> str:
    """``account`` (or ``(no account)``) followed by ``name=value`` for each dimension."""
    return " ".join([account or "(no account)"] + [f"{k}={v}" for k, v in dimensions])


def _to_dimensions(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> Dimensions:
    if isinstance(value, str | bytes):
        raise TypeError(f"dimensions must be (name, value) pairs, not str: {_shown(value)}")
    pairs = value.items() if isinstance(value, Mapping) else value
    result: dict[str, str] = {}
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(f"dimensions must be (name, value) pairs, not {_shown(pair)}")
        name = _text(pair[0], "dimensions[].name")
        item = _text(pair[1], f"dimensions[{name!r}]")
        if not name:
            raise InvalidInputError("dimensions[].name", name, "a non-empty name")
        if name in result:
            raise InvalidInputError("dimensions", name, "a name that appears once")
        result[name] = item
    return tuple(sorted(result.items()))


def _to_amount(value: Decimal | int) -> Decimal:
    return check_decimal(value, "amount")


def _to_rate(value: Decimal | int) -> Decimal:
    return check_positive(value, "rate")


def _to_budget_amount(value: Decimal | int) -> Decimal:
    amount = check_decimal(value, "amount")
    if amount < 0:
        raise InvalidInputError("amount", value, ">= 0")
    return amount


def _to_released(value: Decimal | int | None) -> Decimal | None:
    if value is None:
        return None
    released = check_decimal(value, "released")
    if released < 0:
        raise InvalidInputError("released", value, ">= 0")
    return released


def _check_currency(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_currency(value, attribute.name)


def _check_date(_instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    check_date(value, attribute.name)


@attrs.frozen
class SpendLine:
    """One line of a spend request: an amount on an account and dimensions.

    Attributes:
        account: GL or budget account. An empty string means the account is not
            known; [`check_budget`][spendrules.budget.check_budget] reports it as
            ``BUDGET.MISSING_ACCOUNT`` instead of passing it silently.
        amount: Amount in ``currency``; negative for credits, returns and
            cancellations (reductions).
        currency: ISO 4217 code of ``amount``.
        dimensions: ``(name, value)`` pairs (or a mapping) such as
            ``{"cost_center": "CC-10", "project": "P-1"}``.

    Examples:
        >>> from decimal import Decimal
        >>> SpendLine("6100", Decimal("250.00"), "EUR", {"project": "P1", "cost_center": "CC-10"}).dimensions
        (('cost_center', 'CC-10'), ('project', 'P1'))
    """

    account: str = attrs.field(validator=_check_text)
    amount: Decimal = attrs.field(converter=_to_amount)
    currency: str = attrs.field(validator=_check_currency)
    dimensions: Dimensions = attrs.field(default=(), converter=_to_dimensions)

    def dimension(self, name: str) -> str | None:
        """Return the value of dimension ``name``, or None."""
        return dict(self.dimensions).get(name)


def _to_lines(value: Iterable[SpendLine]) -> tuple[SpendLine, ...]:
    lines = tuple(value)
    for index, line in enumerate(lines):
        if not isinstance(line, SpendLine):
            raise TypeError(
                f"lines[{index}] must be a SpendLine, not {type(line).__name__}: {_shown(line)}"
            )
    if not lines:
        raise InvalidInputError("lines", lines, "at least one line")
    return lines


def _to_relieves(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(
            f"relieves must be a sequence of references, not {type(value).__name__}: {_shown(value)}"
        )
    references = tuple(value)
    for index, reference in enumerate(references):
        if not _text(reference, f"relieves[{index}]").strip():
            raise InvalidInputError(f"relieves[{index}]", reference, "a non-empty reference")
    if len(set(references)) != len(references):
        raise InvalidInputError("relieves", references, "references that appear once")
    return references


def _to_stage(value: object) -> Stage:
    """attrs converter: ``stage`` as a Stage, or an error naming the field."""
    return to_enum(Stage, value, "stage")


@attrs.frozen
class SpendRequest:
    """A request to spend: a draft requisition, a purchase order, an invoice.

    Attributes:
        lines: One or more [`SpendLine`][spendrules.budget.SpendLine] items.
        date: The document date that places the request in a fiscal period
            (posting, transaction or schedule date).
        stage: Which document this is (default order); the control policy
            chooses the rules by stage, and [`what_if`][spendrules.budget.what_if]
            reserves passed requests in this stage's ledger bucket.
        document_type: Free text such as ``"purchase_order"`` or
            ``"expense_claim"`` (used by approval matrices).
        category: Purchasing category (used by approval matrices and
            preferred-supplier checks).
        requester: Who asks (segregation of duties, split detection).
        supplier: Who would be paid.
        reference: Document number for the audit trail.
        relieves: References of the ledger entries this follow-on document
            liquidates (default none): an order names the requisitions it
            fulfils, an invoice the orders (or requisitions) it bills. The
            checks relieve those open commitments by this request's amount
            before counting it, so a commitment and its follow-on are never
            counted twice (ERPNext issue #36610); see
            [`relieve`][spendrules.budget.relieve] for the exact rule.

    Raises:
        InvalidInputError: an empty or repeated reference in ``relieves``.

    Examples:
        >>> from decimal import Decimal
        >>> r = SpendRequest((SpendLine("6100", Decimal("99.95"), "USD"),), dt.date(2026, 3, 15))
        >>> r.stage, r.lines[0].amount
        (<Stage.ORDER: 'order'>, Decimal('99.95'))
        >>> SpendRequest(r.lines, dt.date(2026, 4, 2), stage=Stage.ACTUAL, reference="PI-1",
        ...              relieves=["PO-1"]).relieves
        ('PO-1',)
    """

    lines: tuple[SpendLine, ...] = attrs.field(converter=_to_lines)
    date: dt.date = attrs.field(validator=_check_date)
    stage: Stage = attrs.field(default=Stage.ORDER, converter=_to_stage)
    document_type: str = attrs.field(default="", validator=_check_text)
    category: str = attrs.field(default="", validator=_check_text)
    requester: str = attrs.field(default="", validator=_check_text)
    supplier: str = attrs.field(default="", validator=_check_text)
    reference: str = attrs.field(default="", validator=_check_text)
    relieves: tuple[str, ...] = attrs.field(default=(), converter=_to_relieves)


def _check_account(_instance: object, _attribute: object, value: str) -> None:
    if not _text(value, "account").strip():
        raise InvalidInputError("account", value, "a non-empty account")


def _check_valid_to(instance: Budget, _attribute: object, value: dt.date) -> None:
    start = check_date(instance.valid_from, "valid_from")
    if check_date(value, "valid_to") < start:
        raise InvalidInputError("valid_to", value, f">= valid_from ({start})")


def _check_minor_units(instance: Budget, _attribute: object, value: Decimal | None) -> None:
    """The budget and its released part are whole minor units: a limit is never rounded."""
    currency = check_currency(instance.currency, "currency")
    for field, amount in (("amount", instance.amount), ("released", value)):
        if amount is not None and quantize(amount, currency) != amount:
            raise InvalidInputError(
                field,
                amount,
                f"in whole minor units of {currency} (at most {minor_units(currency)} decimals)",
            )


def _check_phasing(instance: Budget, _attribute: object, value: object) -> None:
    if not isinstance(value, Phasing):
        raise TypeError(f"phasing must be a Phasing, not {type(value).__name__}: {_shown(value)}")
    if value.method is PhasingMethod.AMOUNTS:
        with exact():
            total = sum(value.values)
        if total != instance.amount:
            raise InvalidInputError(
                "phasing.values", value.values, f"amounts summing to the budget {instance.amount}"
            )


def _to_tolerances(value: Iterable[ToleranceRule] | None) -> tuple[ToleranceRule, ...] | None:
    return None if value is None else _to_rules(value, "tolerances")


def _to_status(value: object) -> BudgetStatus:
    """attrs converter: ``status`` as a BudgetStatus, or an error naming the field."""
    return to_enum(BudgetStatus, value, "status")


@attrs.frozen
class Budget:
    """A budget: a limit on an account and dimensions, valid over a range of days.

    Attributes:
        account: The account the budget controls (a node of an account
            [`Hierarchy`][spendrules.budget.Hierarchy] controls its descendants).
        amount: The budget for the whole validity range (>= 0), in ``currency``.
        currency: ISO 4217 code; consumption and requests are converted to it.
        valid_from: First day the budget applies to (usually a fiscal year start).
        valid_to: Last day (``>= valid_from``); a multi-year budget spans several
            fiscal years.
        dimensions: ``(name, value)`` pairs the budget is restricted to, such as
            ``{"cost_center": "CC-10"}``. Dimensions the budget does not name are
            not restricted.
        phasing: How ``amount`` spreads over periods (default equal months).
        released: The released part of the budget (SAP, Oracle), or None when
            the whole budget is released. Used when the policy checks against the
            released budget.
        status: Open (default), on hold or closed.
        name: An identifier shown in results (default: account and dimensions).
        tolerances: This budget's own ladder of [`ToleranceRule`][spendrules.budget.ToleranceRule] items, or
            None (default) for the stage policy's rules. A budget on a group
            node (an organisation total) and one on its member (a department)
            are each checked with their own ladder in the same call, and the
            strictest action wins, naming the budget that decided (SAP
            "parallel availability control": the organisation blocks at 100 %,
            each department warns at 100 % and blocks at 130 %). An empty tuple
            tracks the budget without acting on it. The stage policy still
            decides what is counted, the default basis and the boundary.

    Raises:
        InvalidInputError: a negative amount or released amount, an amount or
            released amount with more decimals than the currency's minor unit
            (a limit is never rounded: 100.005 USD would silently become a
            limit of 100.01), ``valid_to`` before ``valid_from``, phasing
            amounts that do not sum to ``amount``.

    Examples:
        >>> from decimal import Decimal
        >>> b = Budget("6100", Decimal("120000"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...            {"cost_center": "CC-10"})
        >>> b.label
        '6100 cost_center=CC-10'
        >>> Budget("6100", 12000, "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...        phasing=Phasing.amounts([2000] * 12))
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: phasing.values must be amounts summing to the budget 12000: ...

    References:
        ERPNext ``Budget`` doctype (account, cost centre or project, fiscal year
        range, distribution); SAP "Maintain Budget Profiles" (released budget);
        PeopleSoft Commitment Control "Errors and Warnings" (closed and on-hold budgets).
    """

    account: str = attrs.field(validator=_check_account)
    amount: Decimal = attrs.field(converter=_to_budget_amount)
    currency: str = attrs.field(validator=_check_currency)
    valid_from: dt.date
    valid_to: dt.date = attrs.field(validator=_check_valid_to)
    dimensions: Dimensions = attrs.field(default=(), converter=_to_dimensions)
    phasing: Phasing = attrs.field(factory=Phasing, validator=_check_phasing)
    released: Decimal | None = attrs.field(
        default=None, converter=_to_released, validator=_check_minor_units
    )
    status: BudgetStatus = attrs.field(default=BudgetStatus.OPEN, converter=_to_status)
    name: str = attrs.field(default="", validator=_check_text)
    tolerances: tuple[ToleranceRule, ...] | None = attrs.field(
        default=None, kw_only=True, converter=_to_tolerances
    )

    @property
    def label(self) -> str:
        """``name``, or the account followed by ``name=value`` for each dimension."""
        if self.name:
            return self.name
        return key_label(self.account, self.dimensions)


@attrs.frozen
class LedgerEntry:
    """Consumption already booked against budgets: one open requisition, open order or actual.

    Commitments are relieved by their follow-on documents: an order line that
    has been invoiced appears as an actual, and its open order amount is
    reduced (a negative order entry, or a smaller open amount). A snapshot
    may arrive relieved already; a request whose ``relieves`` names the
    ``reference`` of open requisitions or orders relieves them itself (see
    [`relieve`][spendrules.budget.relieve]). Either way a commitment and its
    follow-on are never both counted (ERPNext issue #36610).

    Attributes:
        account: Account of the posting.
        stage: Ledger bucket: requisition, order or actual.
        amount: Amount in ``currency``; negative for credits and relief.
        currency: ISO 4217 code; converted to each budget's currency with the
            budget rates given to the check.
        date: Posting, transaction or schedule date.
        dimensions: ``(name, value)`` pairs, as for [`SpendLine`][spendrules.budget.SpendLine].
        reference: Source document, for the audit trail, and the name a
            follow-on document uses to relieve an open requisition or order.

    Examples:
        >>> from decimal import Decimal
        >>> LedgerEntry("6100", Stage.ACTUAL, Decimal("40000"), "USD", dt.date(2026, 2, 1)).stage
        <Stage.ACTUAL: 'actual'>
    """

    account: str = attrs.field(validator=_check_text)
    stage: Stage = attrs.field(converter=_to_stage)
    amount: Decimal = attrs.field(converter=_to_amount)
    currency: str = attrs.field(validator=_check_currency)
    date: dt.date = attrs.field(validator=_check_date)
    dimensions: Dimensions = attrs.field(default=(), converter=_to_dimensions)
    reference: str = attrs.field(default="", validator=_check_text)


def _to_parents(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> Dimensions:
    if isinstance(value, str | bytes):
        raise TypeError(f"parents must be (child, parent) pairs, not str: {_shown(value)}")
    pairs = value.items() if isinstance(value, Mapping) else value
    result: dict[str, str] = {}
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(f"parents must be (child, parent) pairs, not {_shown(pair)}")
        child = _text(pair[0], "parents[].child")
        parent = _text(pair[1], f"parents[{child!r}]")
        if child in result:
            raise InvalidInputError("parents", child, "a child that has one parent")
        result[child] = parent
    for child in result:
        seen = {child}
        node = child
        while node in result:
            node = result[node]
            if node in seen:
                raise InvalidInputError("parents", child, "a tree without cycles")
            seen.add(node)
    return tuple(sorted(result.items()))


@attrs.frozen
class Hierarchy:
    """Parent links of one dimension (or of accounts): a tree for roll-up.

    A budget on a node controls spending on that node and every descendant.
    Whether the descendants share one pool or are each compared with the
    node's budget is the policy's ``rollup`` setting.

    Attributes:
        dimension: The dimension name (``"cost_center"``), or ``"account"``.
        parents: ``(child, parent)`` pairs (or a mapping child -> parent);
            each child has one parent and there are no cycles.

    Examples:
        >>> h = Hierarchy("cost_center", {"CC-11": "CC-10", "CC-12": "CC-10", "CC-10": "ALL"})
        >>> h.ancestors("CC-11")
        ('CC-11', 'CC-10', 'ALL')
    """

    dimension: str = attrs.field(validator=_check_text)
    parents: Dimensions = attrs.field(converter=_to_parents)

    def ancestors(self, node: str) -> tuple[str, ...]:
        """Return ``node`` followed by its parent, grandparent, ... up to the root."""
        links = dict(self.parents)
        chain = [node]
        while chain[-1] in links:
            chain.append(links[chain[-1]])
        return tuple(chain)


def _check_pair(instance: BudgetRate, _attribute: object, value: str) -> None:
    check_currency(instance.currency, "currency")
    if check_currency(value, "budget_currency") == instance.currency:
        raise InvalidInputError("budget_currency", value, "different from currency")


@attrs.frozen
class BudgetRate:
    """A budget exchange rate: ``rate`` units of ``budget_currency`` per unit of ``currency``.

    Attributes:
        currency: The currency of the spend.
        budget_currency: The budget's currency.
        rate: Positive; 130 USD per 100 EUR is ``BudgetRate("EUR", "USD", Decimal("1.30"))``.

    Examples:
        >>> from decimal import Decimal
        >>> BudgetRate("EUR", "USD", Decimal("1.30")).rate
        Decimal('1.30')

    References:
        Microsoft Dynamics AX, "Define budget exchange rates" (budget rate type,
        130 USD per 100 EUR); NetSuite "Budget Exchange Rate".
    """

    currency: str
    budget_currency: str = attrs.field(validator=_check_pair)
    rate: Decimal = attrs.field(converter=_to_rate)
