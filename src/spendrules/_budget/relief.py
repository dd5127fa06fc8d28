"""Relief of open commitments by their follow-on documents (private).

Public names live in [`spendrules.budget`][spendrules.budget].

A requisition is a pre-commitment, an order a commitment, an invoice an
actual. When an order fulfils a requisition, or an invoice bills an order,
the earlier document's open amount shrinks by the follow-on's amount: it is
*relieved* (liquidated). Without relief the same money is counted twice, once
as the open order and once as its invoice, which is ERPNext issue #36610
("exceeded" with only 16,000,000 of 20,000,000 used).

The rule, for a follow-on request whose ``relieves`` names references:

1. Only earlier stages are relieved: an order relieves requisitions; an
   invoice (actual) relieves orders, then requisitions. A requisition relieves
   nothing.
2. Matching is per key: account, dimensions and currency of a request line.
   The follow-on's *net* amount on a key (the sum of its lines there) is what
   it can relieve on that key; a key where the request nets to zero or less
   relieves nothing.
3. Per key, the latest earlier stage is relieved first (orders before
   requisitions), then the references in the order ``relieves`` lists them.
4. A commitment's open amount is the sum of its entries (reference, key and
   stage), negative entries (earlier relief) included. Relief takes the
   smaller of that open amount and what is left of the follow-on's amount on
   the key, so it never exceeds the follow-on amount and never leaves a
   commitment below zero; a commitment already at or below zero is left alone.
5. Inside one commitment, the oldest positive entries are relieved first
   (by date, then ledger order). Each relieved entry keeps its date, so the
   relief lands in the period the commitment was counted in (as ERPNext's
   ``amount - billed_amt`` does).

Relief never touches actuals and never changes the follow-on itself.

References:
    ERPNext issue #36610 and PR #40769 (actuals counted twice), the open-order
    formula ``amount - billed_amt`` and the open-requisition formula
    ``stock_qty - ordered_qty`` in ``budget.py``; OCA account-budgeting
    issue #27 (commit on PR, PO and invoice, reversed on the next document);
    PeopleSoft Commitment Control pre-encumbrance, encumbrance and
    expenditure liquidation; domain notes ``budget.md`` section 9.2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from spendrules._budget.model import (
    Dimensions,
    LedgerEntry,
    SpendLine,
    SpendRequest,
    Stage,
    key_label,
)
from spendrules._checks import check_decimal, to_enum
from spendrules._decimal import exact
from spendrules.errors import _shown
from spendrules.money import quantize
from spendrules.results import Reason

__all__ = ["Relief", "relieve"]

ZERO = Decimal(0)
_ORDER = (Stage.REQUISITION, Stage.ORDER, Stage.ACTUAL)

#: Stages whose open amounts a follow-on can relieve.
RELIEVABLE = frozenset({Stage.REQUISITION, Stage.ORDER})

_Key = tuple[str, Dimensions, str]


def _to_amount(value: Decimal | int) -> Decimal:
    return check_decimal(value, "amount")


def _to_open_before(value: Decimal | int) -> Decimal:
    return check_decimal(value, "open_before")


def _to_stage(value: object) -> Stage:
    """attrs converter: ``stage`` as a Stage, or an error naming the field."""
    return to_enum(Stage, value, "stage")


@attrs.frozen
class Relief:
    """How much of one open commitment a follow-on document relieved.

    A commitment is the entries of one reference, stage, account, dimensions
    and currency in the ledger.

    Attributes:
        reference: The commitment's reference (``"PO-1"``).
        stage: The commitment's stage: requisition or order.
        account: Its account.
        dimensions: Its dimensions.
        currency: Its currency (the follow-on line's currency).
        open_before: Its open amount before the relief (the sum of its entries).
        amount: The amount relieved: more than zero, at most ``open_before``
            and at most the follow-on's amount on the key.
        follow_on: The reference of the follow-on request ("" if it has none).

    Examples:
        >>> from decimal import Decimal
        >>> relief = Relief("PO-1", Stage.ORDER, "6100", (), "USD", Decimal("5000"), Decimal("3000"), "PI-1")
        >>> relief.open_after
        Decimal('2000')
        >>> print(relief.describe())
        order PO-1 on 6100: open 5,000.00 USD, relieved 3,000.00 USD, still open 2,000.00 USD
    """

    reference: str
    stage: Stage = attrs.field(converter=_to_stage)
    account: str
    dimensions: Dimensions
    currency: str
    open_before: Decimal = attrs.field(converter=_to_open_before)
    amount: Decimal = attrs.field(converter=_to_amount)
    follow_on: str = ""

    @property
    def open_after(self) -> Decimal:
        """``open_before - amount``: what stays open of the commitment."""
        with exact():
            return self.open_before - self.amount

    def describe(self) -> str:
        """One line: the commitment, its open amount, the relief and what stays open."""
        return (
            f"{self.stage.value} {self.reference} on {key_label(self.account, self.dimensions)}: "
            f"open {self._money(self.open_before)}, relieved {self._money(self.amount)}, "
            f"still open {self._money(self.open_after)}"
        )

    def _money(self, amount: Decimal) -> str:
        return f"{quantize(amount, self.currency):,} {self.currency}"

    def reason(self, stage: Stage) -> Reason:
        """The ``BUDGET.RELIEVED`` reason, for a follow-on of ``stage``."""
        return Reason.of(
            "BUDGET.RELIEVED",
            f"This {Stage(stage).value} relieves {self.describe()}; the relieved part is counted "
            f"once, as this {Stage(stage).value}, not again as the open {self.stage.value}.",
            reference=self.reference,
            stage=self.stage,
            account=self.account,
            currency=self.currency,
            open_before=quantize(self.open_before, self.currency),
            relieved=quantize(self.amount, self.currency),
            open_after=quantize(self.open_after, self.currency),
        )


def line_entry(request: SpendRequest, line: SpendLine) -> LedgerEntry:
    """The ledger entry of one request line, at the request's stage, date and reference.

    Built without running the entry's validators again: every value comes from
    a [`SpendLine`][spendrules.budget.SpendLine] or the [`SpendRequest`][spendrules.budget.SpendRequest], which checked it with the
    same rules when they were built.
    """
    entry = object.__new__(LedgerEntry)
    assign = object.__setattr__
    assign(entry, "account", line.account)
    assign(entry, "stage", request.stage)
    assign(entry, "amount", line.amount)
    assign(entry, "currency", line.currency)
    assign(entry, "date", request.date)
    assign(entry, "dimensions", line.dimensions)
    assign(entry, "reference", request.reference)
    return entry


class Slot:
    """One relievable ledger entry and what is still open of it (mutable, private).

    A slot of a committed request line builds its entry when first asked
    (`of_line`): most commitments are never relieved, undone or listed.
    """

    __slots__ = ("_entry", "_line", "_request", "key", "open", "order")
    _request: SpendRequest
    _line: SpendLine

    def __init__(self, entry: LedgerEntry, order: int) -> None:
        self._entry: LedgerEntry | None = entry
        self.key: _Key = (entry.account, entry.dimensions, entry.currency)
        self.open = entry.amount
        self.order = order

    @classmethod
    def of_line(cls, request: SpendRequest, line: SpendLine, order: int) -> Slot:
        """The slot of a committed request line, its entry built on first use."""
        slot = cls.__new__(cls)
        slot._entry = None
        slot._request, slot._line = request, line
        slot.key = (line.account, line.dimensions, line.currency)
        slot.open = line.amount
        slot.order = order
        return slot

    @property
    def entry(self) -> LedgerEntry:
        entry = self._entry
        if entry is None:
            entry = self._entry = line_entry(self._request, self._line)
        return entry


class Slots:
    """Relievable entries by reference, in registration order."""

    def __init__(self) -> None:
        self.by_reference: dict[str, list[Slot]] = {}
        self.count = 0

    def register(self, entry: LedgerEntry) -> Slot | None:
        """Keep ``entry`` if a follow-on could relieve it (a requisition or order with a reference)."""
        order = self.count
        self.count += 1
        if entry.stage not in RELIEVABLE or not entry.reference:
            return None
        slot = Slot(entry, order)
        self.by_reference.setdefault(entry.reference, []).append(slot)
        return slot

    def register_lines(self, request: SpendRequest) -> tuple[Slot, ...]:
        """Keep every line of a requisition or order with a reference (see `register`)."""
        order = self.count
        self.count += len(request.lines)
        slots = tuple(
            [Slot.of_line(request, line, order + index) for index, line in enumerate(request.lines)]
        )
        self.by_reference.setdefault(request.reference, []).extend(slots)
        return slots


@attrs.frozen
class Plan:
    """What a follow-on relieves: per-entry cuts, per-commitment reliefs, and the reasons."""

    cuts: tuple[tuple[Slot, Decimal], ...] = ()
    reliefs: tuple[Relief, ...] = ()
    reasons: tuple[Reason, ...] = ()


NOTHING = Plan()


def _earlier(stage: Stage) -> list[Stage]:
    """The stages a follow-on of ``stage`` relieves, latest first."""
    return [s for s in reversed(_ORDER) if _ORDER.index(s) < _ORDER.index(stage)]


def _not_relieved(
    reference: str,
    request: SpendRequest,
    earlier: Sequence[Stage],
    slots: Sequence[Slot],
    keys: Iterable[_Key],
) -> Reason:
    stage = request.stage.value
    if not earlier:
        why = "a requisition follows no earlier document, so it relieves nothing."
    else:
        kinds = " or ".join(s.value for s in reversed(earlier))
        candidates = [slot for slot in slots if slot.entry.stage in earlier]
        if not candidates:
            why = f"the ledger holds no {kinds} with this reference."
        elif not {slot.key for slot in candidates} & set(keys):
            why = (
                f"its {kinds} entries are on other accounts, dimensions or currencies than the "
                f"lines of this {stage}."
            )
        else:
            why = (
                f"on the accounts of this {stage} it has no open amount left, or this {stage} "
                "adds no spending there (or its amount went to commitments listed before it)."
            )
    return Reason.of(
        "BUDGET.NOT_RELIEVED",
        f"Nothing of {reference} was relieved: {why}",
        reference=reference,
        stage=request.stage,
    )


def plan(slots: Mapping[str, Sequence[Slot]], request: SpendRequest) -> Plan:
    """Return what ``request`` relieves of the open ``slots`` (see the module docstring)."""
    if not request.relieves:
        return NOTHING
    earlier = _earlier(request.stage)
    carried: dict[_Key, Decimal] = {}
    with exact():
        for line in request.lines:
            key = (line.account, line.dimensions, line.currency)
            carried[key] = carried.get(key, ZERO) + line.amount
    cuts: list[tuple[Slot, Decimal]] = []
    reliefs: list[Relief] = []
    for key in sorted(carried):
        room = carried[key]
        for stage in earlier:
            for reference in request.relieves:
                if room <= 0:
                    break
                bucket = sorted(
                    (
                        slot
                        for slot in slots.get(reference, ())
                        if slot.key == key and slot.entry.stage is stage
                    ),
                    key=lambda slot: (slot.entry.date, slot.order),
                )
                with exact():
                    open_total = sum((slot.open for slot in bucket), ZERO)
                    take = min(room, open_total)
                if take <= 0:
                    continue
                remaining = take
                for slot in bucket:
                    if remaining <= 0:
                        break
                    if slot.open <= 0:
                        continue
                    with exact():
                        part = min(slot.open, remaining)
                        remaining -= part
                    cuts.append((slot, part))
                with exact():
                    room -= take
                reliefs.append(
                    Relief(
                        reference,
                        stage,
                        key[0],
                        key[1],
                        key[2],
                        open_total,
                        take,
                        request.reference,
                    )
                )
    reasons = [relief.reason(request.stage) for relief in reliefs]
    done = {relief.reference for relief in reliefs}
    reasons += [
        _not_relieved(reference, request, earlier, slots.get(reference, ()), carried)
        for reference in request.relieves
        if reference not in done
    ]
    return Plan(tuple(cuts), tuple(reliefs), tuple(reasons))


def relieve(ledger: Iterable[LedgerEntry], follow_on: SpendRequest) -> tuple[LedgerEntry, ...]:
    """Return ``ledger`` with the commitments ``follow_on`` relieves reduced by what it relieves.

    The follow-on names the commitments in ``follow_on.relieves`` (ledger entry
    references). For each line key (account, dimensions, currency) the
    follow-on's net amount relieves the open requisitions and orders of those
    references that precede its stage: latest stage first, references in the
    listed order, oldest entries first; never more than the follow-on amount
    on the key, never leaving a commitment below zero. The answer has the same
    entries in the same order: relieved entries carry a smaller amount (zero
    when fully relieved) and keep their date; nothing else changes.

    [`check_budget`][spendrules.budget.check_budget], [`headroom`][spendrules.budget.headroom],
    [`what_if`][spendrules.budget.what_if] and
    [`evaluate_purchase`][spendrules.budget.evaluate_purchase] apply the same relief
    themselves (and explain it as ``BUDGET.RELIEVED``); this function is for
    keeping a ledger snapshot up to date, or for seeing the relieved ledger.

    Args:
        ledger: Ledger entries (any order; iterated once).
        follow_on: The follow-on request: an order relieving requisitions, or an
            invoice (actual) relieving orders and requisitions. Its lines are the
            amounts that relieve; a request without ``relieves`` changes nothing.

    Returns:
        The relieved ledger, one entry per input entry.

    Raises:
        TypeError: ``follow_on`` is not a [`SpendRequest`][spendrules.budget.SpendRequest],
            or an item of ``ledger`` is not a [`LedgerEntry`][spendrules.budget.LedgerEntry].

    Examples:
        ERPNext issue #36610: an invoice of 5,000,000 for an order still open in
        the ledger. Relieved, the order is no longer open:

        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import LedgerEntry, SpendLine, SpendRequest, Stage
        >>> cc = {"cost_center": "CC-10"}
        >>> ledger = [
        ...     LedgerEntry("6100", Stage.ACTUAL, Decimal("11000000"), "USD", dt.date(2026, 2, 1), cc),
        ...     LedgerEntry("6100", Stage.ORDER, Decimal("5000000"), "USD", dt.date(2026, 3, 2), cc,
        ...                 reference="PO-1")]
        >>> invoice = SpendRequest((SpendLine("6100", Decimal("5000000"), "USD", cc),), dt.date(2026, 4, 2),
        ...                        stage=Stage.ACTUAL, reference="PI-1", relieves=["PO-1"])
        >>> [(entry.stage.value, entry.amount) for entry in relieve(ledger, invoice)]
        [('actual', Decimal('11000000')), ('order', Decimal('0'))]

        A partial invoice relieves part of the order; a larger one never more than is open:

        >>> part = SpendRequest((SpendLine("6100", Decimal("1200000"), "USD", cc),), dt.date(2026, 4, 2),
        ...                     stage=Stage.ACTUAL, relieves=["PO-1"])
        >>> relieve(ledger, part)[1].amount
        Decimal('3800000')
        >>> more = SpendRequest((SpendLine("6100", Decimal("7000000"), "USD", cc),), dt.date(2026, 4, 2),
        ...                     stage=Stage.ACTUAL, relieves=["PO-1"])
        >>> relieve(ledger, more)[1].amount
        Decimal('0')

    References:
        ERPNext issue #36610 and ``budget.py`` (open order ``amount -
        billed_amt``); OCA account-budgeting issue #27; domain notes
        ``budget.md`` section 9.2 (``relieve(consumption, follow_on)``).
    """
    if not isinstance(follow_on, SpendRequest):
        raise TypeError(
            f"follow_on must be a SpendRequest, not {type(follow_on).__name__}: {_shown(follow_on)}"
        )
    if isinstance(ledger, str | bytes | Mapping) or not isinstance(ledger, Iterable):
        raise TypeError(f"ledger must be a sequence, not {type(ledger).__name__}: {_shown(ledger)}")
    entries = tuple(ledger)
    slots = Slots()
    for position, entry in enumerate(entries):
        if not isinstance(entry, LedgerEntry):
            raise TypeError(
                f"ledger[{position}] must be a LedgerEntry, not {type(entry).__name__}: {_shown(entry)}"
            )
        slots.register(entry)
    cut: dict[int, Decimal] = {}
    with exact():
        for slot, part in plan(slots.by_reference, follow_on).cuts:
            cut[slot.order] = cut.get(slot.order, ZERO) + part
        return tuple(
            attrs.evolve(entry, amount=entry.amount - cut[position]) if position in cut else entry
            for position, entry in enumerate(entries)
        )
