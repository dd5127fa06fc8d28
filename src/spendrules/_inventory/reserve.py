"""Excess-and-obsolete reserves and FIFO stock ageing (private).

References:
    SAP Help 4.70 "Lowest Value Determination Based On Range Of Coverage"
    (MRN1: devaluation % by range of coverage, missing key → next smaller key;
    ROH with ROC 11 uses the 8-month row, 15 %); SAP Help 4.6C "Determining
    Lowest Value: Movement Rate" (MRN2). calcbee E&O calculator (age tiers
    0/25/50/75/100 %). ERPNext ``stock_ageing_fifo_logic.md`` (FIFO slots,
    negative slots neutralised by later receipts, Case 3) and
    ``test_stock_ageing.py::test_insufficient_balance``; ERPNext issue #28966
    (negative opening stock ignored) and the old ``get_average_age`` that
    compared a type to strings and ignored quantities.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_fraction,
    check_int,
    check_non_negative,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import (
    dec,
    enum_validator,
    enum_value,
    lenient_enum,
    non_negative,
    opt_dec,
    opt_non_negative,
    quantity,
    round_statistic,
)
from spendrules._inventory.split import StockSplit
from spendrules._policy.reference import PolicyReference, cited_reasons, source_field
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "AgeBucket",
    "AgeProfile",
    "FifoSlot",
    "Reserve",
    "ReserveBasis",
    "ReserveScope",
    "ReserveStep",
    "ReserveTable",
    "ReserveTier",
    "StockMovement",
    "excess_and_obsolete_reserve",
    "fifo_age_buckets",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)


class ReserveBasis(SpendEnum):
    """What a reserve table is keyed by.

    Attributes:
        MONTHS_OF_SUPPLY: Months of supply (SAP MRN1 range of coverage).
        AGE_DAYS: Age of the stock in days since receipt (age tiers).
    """

    MONTHS_OF_SUPPLY = "months_of_supply"
    AGE_DAYS = "age_days"


class ReserveScope(SpendEnum):
    """Which non-obsolete stock the table rate applies to.

    Attributes:
        EXCESS: Only the excess bucket (spendrules' recommendation: safety,
            cycle and committed stock are needed and reserved at 0 %).
        ALL_STOCK: All non-obsolete stock (SAP MRN1/MRN2 and age-tier
            calculators devalue the whole material).
    """

    EXCESS = "excess"
    ALL_STOCK = "all_stock"


def _check_rate(_instance: object, attribute: attrs.Attribute[Decimal], value: Any) -> None:
    check_fraction(value, attribute.name)


@attrs.frozen
class ReserveStep:
    """One row of a reserve table: from ``threshold`` on, reserve ``rate``.

    Attributes:
        threshold: Lowest key (months of supply or age in days) of the row, ``>= 0``.
        rate: Reserve as a fraction of value, in [0, 1].
    """

    threshold: Decimal = attrs.field(converter=dec, validator=non_negative)
    rate: Decimal = attrs.field(converter=dec, validator=_check_rate)


def _to_steps(value: Sequence[ReserveStep]) -> tuple[ReserveStep, ...]:
    return tuple(value)


def _check_steps(_instance: object, _attribute: object, value: tuple[ReserveStep, ...]) -> None:
    if not value:
        raise InvalidInputError("steps", value, "at least one step")
    for index, step in enumerate(value):
        if not isinstance(step, ReserveStep):
            raise TypeError(f"steps[{index}] must be a ReserveStep, not {type(step).__name__}")
    for index, (low, high) in enumerate(itertools.pairwise(value), start=1):
        if high.threshold <= low.threshold:
            raise InvalidInputError(
                f"steps[{index}].threshold",
                high.threshold,
                f"> {low.threshold} (strictly increasing)",
            )
        if high.rate < low.rate:
            raise InvalidInputError(
                f"steps[{index}].rate",
                high.rate,
                f">= {low.rate} (a reserve never falls as the key grows)",
            )


def _to_basis(value: Any) -> Any:
    return lenient_enum(ReserveBasis, value)


@attrs.frozen
class ReserveTable:
    """A step table of reserve rates with SAP's "next smaller key" lookup.

    The rate for a key is the rate of the row with the largest threshold at
    or below the key; below the first threshold the rate is 0. Thresholds
    must increase strictly and rates must not fall, so a reserve never falls
    as months of supply or age grow.

    Attributes:
        basis: What the keys are ([`ReserveBasis`][spendrules.inventory.ReserveBasis]).
        steps: Rows, in increasing threshold order.
        source: The policy file this was read from (set by
            [`spendrules.policy.load`][spendrules.policy.load]), or None; not part of equality.

    Examples:
        >>> table = ReserveTable(ReserveBasis.MONTHS_OF_SUPPLY,
        ...     (ReserveStep(0, 0), ReserveStep(8, Decimal("0.15")), ReserveStep(12, Decimal("0.5"))))
        >>> table.rate_for(Decimal(11))
        Decimal('0.15')
    """

    basis: ReserveBasis = attrs.field(converter=_to_basis, validator=enum_validator(ReserveBasis))
    steps: tuple[ReserveStep, ...] = attrs.field(converter=_to_steps, validator=_check_steps)
    source: PolicyReference | None = source_field()  # noqa: RUF009 - an attrs.field

    def rate_for(self, key: Decimal | None) -> Decimal:
        """Return the rate for ``key``; ``None`` (no demand: infinite cover) takes the last row.

        Raises:
            InvalidInputError: a negative key.
        """
        if key is None:
            return self.steps[-1].rate
        number = check_non_negative(key, "key")
        rate = _ZERO
        with exact():
            for step in self.steps:
                if step.threshold <= number:
                    rate = step.rate
        return rate


# ------------------------------------------------------------------ ageing


def _date_field(_instance: object, attribute: attrs.Attribute[date], value: Any) -> None:
    check_date(value, attribute.name)


def _decimal_field(_instance: object, attribute: attrs.Attribute[Decimal], value: Any) -> None:
    check_decimal(value, attribute.name)


@attrs.frozen
class StockMovement:
    """A stock ledger movement: a receipt (positive) or an issue (negative).

    Attributes:
        posting_date: Date of the movement.
        quantity: Signed quantity in stock units.
        unit_cost: Cost per unit of a receipt (needed for values); ignored
            for issues (FIFO decides what they take).
    """

    posting_date: date = attrs.field(validator=_date_field)
    quantity: Decimal = attrs.field(converter=dec, validator=_decimal_field)
    unit_cost: Decimal | None = attrs.field(
        default=None, converter=opt_dec, validator=opt_non_negative
    )


@attrs.frozen
class FifoSlot:
    """A remaining receipt in the FIFO queue.

    Attributes:
        received: Date of the receipt (for a slot that refilled a negative
            balance, the date of the receipt that made it positive).
        quantity: Units left.
        age_days: Days from ``received`` to ``as_of``.
        unit_cost: Cost per unit, or ``None`` when not given.
    """

    received: date
    quantity: Decimal
    age_days: int
    unit_cost: Decimal | None


@attrs.frozen
class AgeBucket:
    """Stock in one age range.

    Attributes:
        low_days: Youngest age in the range (inclusive).
        high_days: Oldest age in the range (inclusive), ``None`` for the last.
        quantity: Units in the range.
        value: Their value, or ``None`` without a currency.
    """

    low_days: int
    high_days: int | None
    quantity: Decimal
    value: Decimal | None


@attrs.frozen
class AgeProfile(Explained):
    """FIFO ageing of one item's stock.

    Attributes:
        rule: ``"inventory.fifo_age@1"``.
        as_of: The ageing date.
        quantity: Units on hand per the movements (negative when issues
            exceeded receipts).
        value: Value of the remaining slots, or ``None`` without a currency.
        currency: Currency of the values, or ``None``.
        buckets: Quantity (and value) per age range.
        slots: The remaining FIFO slots, oldest first.
        average_age_days: Quantity-weighted average age, or ``None`` without stock.
        oldest_age_days: Age of the oldest slot, or ``None``.
        negative_balance: Units issued beyond receipts and not yet refilled
            (0 unless the ledger ends negative).
        reasons: How the queue was built.
    """

    rule: str
    as_of: date
    quantity: Decimal
    value: Decimal | None
    currency: str | None
    buckets: tuple[AgeBucket, ...]
    slots: tuple[FifoSlot, ...]
    average_age_days: Decimal | None
    oldest_age_days: int | None
    negative_balance: Decimal
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        lines = ["  age buckets (days: quantity, value):"]
        for bucket in self.buckets:
            high = "+" if bucket.high_days is None else f"-{bucket.high_days}"
            lines.append(f"    {bucket.low_days}{high}: {bucket.quantity}, {bucket.value}")
        return lines


def _check_boundaries(boundaries: Sequence[int]) -> tuple[int, ...]:
    limits = tuple(check_int(b, f"boundaries[{i}]", minimum=0) for i, b in enumerate(boundaries))
    if not limits:
        raise InvalidInputError("boundaries", limits, "at least one boundary")
    for index, (low, high) in enumerate(itertools.pairwise(limits), start=1):
        if high <= low:
            raise InvalidInputError(f"boundaries[{index}]", high, f"> {low} (strictly increasing)")
    return limits


def fifo_age_buckets(
    movements: Sequence[StockMovement],
    *,
    as_of: date,
    boundaries: Sequence[int] = (30, 60, 90),
    currency: str | None = None,
) -> AgeProfile:
    """Age stock by FIFO slots, with ERPNext's treatment of negative stock.

    Every receipt adds a slot; every issue consumes the oldest slots first.
    An issue beyond the remaining slots leaves one negative slot; later
    receipts first fill that negative slot (taking the receipt's date), and
    only the part that makes it positive starts a new slot. Movements after
    ``as_of`` are ignored; movements on the same day keep the given order.

    Ranges: ``boundaries=(30, 60, 90)`` gives 0-30, 31-60, 61-90 and 91+
    days (ERPNext's default ranges, upper bounds inclusive).

    Args:
        movements: Stock ledger movements of one item (any order across days).
        as_of: Ageing date.
        boundaries: Increasing upper bounds of the age ranges, in days.
        currency: Currency for values; when given, every receipt needs a unit cost.

    Returns:
        An [`AgeProfile`][spendrules.inventory.AgeProfile].

    Raises:
        InvalidInputError: non-increasing boundaries, a receipt without unit
            cost when a currency is given.
        UnknownCurrencyError: unknown ``currency``.
        TypeError: a movement of the wrong type, a float.

    Examples:
        >>> moves = [StockMovement(date(2026, 1, d), q) for d, q in ((1, -30), (2, 20), (3, 20), (4, 10))]
        >>> profile = fifo_age_buckets(moves, as_of=date(2026, 1, 31))
        >>> [slot.quantity for slot in profile.slots], profile.quantity
        ([Decimal('10'), Decimal('10')], Decimal('20'))

    References:
        ERPNext ``stock_ageing_fifo_logic.md`` Case 3 and
        ``test_insufficient_balance`` (−30, +20, +20, +10 → [10, 10], total 20).
    """
    today = check_date(as_of, "as_of")
    limits = _check_boundaries(boundaries)
    code = None if currency is None else check_currency(currency, "currency")
    moves = list(movements)
    for index, move in enumerate(moves):
        if not isinstance(move, StockMovement):
            raise TypeError(
                f"movements[{index}] must be a StockMovement, not {type(move).__name__}"
            )
        if code is not None and move.quantity > 0 and move.unit_cost is None:
            raise InvalidInputError(
                f"movements[{index}].unit_cost",
                None,
                "a unit cost for every receipt when currency is given",
            )
    with exact():
        return _age(moves, today, limits, code)


def _age(
    moves: list[StockMovement], today: date, limits: tuple[int, ...], code: str | None
) -> AgeProfile:
    ordered = sorted((m for m in moves if m.posting_date <= today), key=lambda m: m.posting_date)
    ignored = len(moves) - len(ordered)
    # Each slot: [quantity, received, unit_cost]; at most one negative slot, always alone.
    queue: list[list[Any]] = []
    negative_events = 0
    for move in ordered:
        qty = move.quantity
        if qty > 0:
            if queue and queue[0][0] < 0:
                queue[0][0] += qty
                queue[0][1] = move.posting_date
                queue[0][2] = move.unit_cost
                if queue[0][0] == 0:
                    queue.clear()
            else:
                queue.append([qty, move.posting_date, move.unit_cost])
        elif qty < 0:
            wanted = -qty
            while wanted > 0:
                if not queue or queue[0][0] < 0:
                    if not queue:
                        queue.append([_ZERO, move.posting_date, None])
                    queue[0][0] -= wanted
                    negative_events += 1
                    wanted = _ZERO
                elif queue[0][0] <= wanted:
                    wanted -= queue[0][0]
                    queue.pop(0)
                else:
                    queue[0][0] -= wanted
                    wanted = _ZERO
    total = sum((slot[0] for slot in queue), _ZERO)
    negative = -queue[0][0] if queue and queue[0][0] < 0 else _ZERO
    slots = tuple(
        FifoSlot(slot[1], slot[0], (today - slot[1]).days, slot[2]) for slot in queue if slot[0] > 0
    )
    reasons = [
        Reason.of(
            "INVENTORY.AGEING.FIFO",
            f"{len(ordered)} movements up to {today} leave {len(slots)} FIFO slots holding "
            f"{max(total, _ZERO)} units.",
            movements=len(ordered),
            quantity=total,
        )
    ]
    if ignored:
        reasons.append(
            Reason.of(
                "INVENTORY.AGEING.FUTURE_IGNORED",
                f"{ignored} movements dated after {today} were ignored.",
                ignored=ignored,
            )
        )
    if negative_events:
        reasons.append(
            Reason.of(
                "INVENTORY.AGEING.NEGATIVE_STOCK",
                "Issues exceeded the stock on hand; the shortfall was kept as a negative slot "
                "and neutralised by later receipts, which age from the receipt that made the "
                f"balance positive. Unfilled shortfall: {negative}.",
                severity=Severity.WARNING,
                negative_balance=negative,
            )
        )
    lows = (0, *(limit + 1 for limit in limits))
    highs: tuple[int | None, ...] = (*limits, None)
    quantities = []
    exact_values = []
    for low, high in zip(lows, highs, strict=True):
        inside = [s for s in slots if s.age_days >= low and (high is None or s.age_days <= high)]
        quantities.append(sum((s.quantity for s in inside), _ZERO))
        exact_values.append(sum((s.quantity * (s.unit_cost or _ZERO) for s in inside), _ZERO))
    value: Decimal | None = None
    values: tuple[Decimal | None, ...] = (None,) * len(quantities)
    if code is not None:
        total_value = sum(exact_values, _ZERO)
        values = (
            allocate(total_value, exact_values, code)
            if total_value > 0
            else (quantize(_ZERO, code),) * len(quantities)
        )
        value = quantize(total_value, code)
    buckets = tuple(
        AgeBucket(low, high, qty, val)
        for low, high, qty, val in zip(lows, highs, quantities, values, strict=True)
    )
    held = sum((s.quantity for s in slots), _ZERO)
    average = (
        quantity(sum((s.quantity * s.age_days for s in slots), _ZERO) / held) if held > 0 else None
    )
    return AgeProfile(
        rule="inventory.fifo_age@1",
        as_of=today,
        quantity=total,
        value=value,
        currency=code,
        buckets=buckets,
        slots=slots,
        average_age_days=average,
        oldest_age_days=slots[0].age_days if slots else None,
        negative_balance=negative,
        reasons=tuple(reasons),
    )


# ------------------------------------------------------------------ reserve


@attrs.frozen
class ReserveTier:
    """One tier of a reserve table as applied: the stock it covered and its reserve.

    Attributes:
        low: Lowest key of the tier (months of supply or age in days), inclusive.
        high: Key where the next tier starts (exclusive), ``None`` for the last.
        rate: The tier's reserve rate.
        quantity: Units of the stock in scope that fell in the tier.
        value: Their value, in the split's currency.
        reserve: The tier's share of ``Reserve.table_reserve``.
    """

    low: Decimal
    high: Decimal | None
    rate: Decimal
    quantity: Decimal
    value: Decimal
    reserve: Decimal


@attrs.frozen
class Reserve(Explained):
    """An excess-and-obsolete reserve for one SKU.

    Attributes:
        rule: ``"inventory.reserve@1"``.
        currency: Currency of the amounts.
        basis: The table's key.
        scope: Which non-obsolete stock the table applies to.
        stock_value: The split's on-hand value.
        obsolete_value: Value of the obsolete bucket.
        obsolete_rate: Reserve rate on obsolete stock.
        obsolete_reserve: obsolete_value × obsolete_rate.
        table_value: Value the table rate applies to (excess, or all
            non-obsolete stock).
        table_key: Months of supply, or the quantity-weighted age in days of
            the stock in scope; ``None`` when there is none.
        table_rate: Rate applied (for an age table, the quantity-weighted rate
            of the slots in scope, shown to 15 significant digits).
        table_reserve: table_value × table_rate, computed with the exact
            weighted rate and rounded once to the currency.
        total: obsolete_reserve + table_reserve.
        share_of_value: total / stock_value (0 without stock).
        reasons: The rates and amounts.
        tiers: The table applied tier by tier: one [`ReserveTier`][spendrules.inventory.ReserveTier] per
            table row (after a 0 % tier below the first threshold when that
            threshold is above 0). A months-of-supply table puts all the
            stock in scope in the tier of the split's months of supply; an
            age table puts each unit in the tier of its age. Quantities sum
            to the stock in scope, values to ``table_value`` and reserves to
            ``table_reserve``, exactly, to the cent: each is allocated with
            [`spendrules.money.allocate`][spendrules.money.allocate] (largest remainder), values in
            proportion to the tiers' quantities and reserves to quantity × rate
            (each tier's exact reserve), so a tier's reserve can differ from
            its rounded value × rate by a cent when the cents must conserve.
        policy_reference: The policy file the table came from (``inventory.reserve``,
            also cited as ``POLICY.CITED``), or None for a table built in code.
    """

    rule: str
    currency: str
    basis: ReserveBasis
    scope: ReserveScope
    stock_value: Decimal
    obsolete_value: Decimal
    obsolete_rate: Decimal
    obsolete_reserve: Decimal
    table_value: Decimal
    table_key: Decimal | None
    table_rate: Decimal
    table_reserve: Decimal
    total: Decimal
    share_of_value: Decimal
    reasons: tuple[Reason, ...]
    tiers: tuple[ReserveTier, ...] = ()
    policy_reference: PolicyReference | None = None

    def _detail_lines(self) -> list[str]:
        lines = ["  tiers (key range: quantity, value, rate, reserve):"]
        for tier in self.tiers:
            high = "+" if tier.high is None else f" to {tier.high}"
            lines.append(
                f"    {tier.low}{high}: {tier.quantity}, {tier.value} {self.currency}, "
                f"{tier.rate}, {tier.reserve} {self.currency}"
            )
        return lines


_Bounds = list[tuple[Decimal, Decimal | None, Decimal]]  # (low, high, rate) per tier


def _tier_bounds(table: ReserveTable) -> _Bounds:
    """A 0 % tier below a first threshold above 0, then one tier per row."""
    lows = [step.threshold for step in table.steps]
    highs: list[Decimal | None] = [*lows[1:], None]
    bounds = [
        (step.threshold, high, step.rate) for step, high in zip(table.steps, highs, strict=True)
    ]
    return [(_ZERO, lows[0], _ZERO), *bounds] if lows[0] > 0 else bounds


def _tier_index(bounds: _Bounds, key: Decimal | None) -> int:
    """The tier holding ``key`` (the last for ``None``: infinite cover)."""
    return len(bounds) - 1 if key is None else max(i for i, b in enumerate(bounds) if b[0] <= key)


def _tiers(
    bounds: _Bounds, units: list[Decimal], value: Decimal, reserve: Decimal, code: str
) -> tuple[ReserveTier, ...]:
    """Tiers: values allocated by quantity, reserves by quantity × rate (both conserve)."""
    zero = (quantize(_ZERO, code),) * len(units)
    values = allocate(value, units, code) if sum(units, _ZERO) > 0 else zero
    weights = [n * rate for n, (_low, _high, rate) in zip(units, bounds, strict=True)]
    parts = allocate(reserve, weights, code) if reserve else zero
    return tuple(
        ReserveTier(low, high, rate, quantity(n), part_value, part)
        for (low, high, rate), n, part_value, part in zip(bounds, units, values, parts, strict=True)
    )


def _age_rate(
    table: ReserveTable, ages: AgeProfile, wanted: Decimal, tier_units: list[Decimal]
) -> tuple[Decimal | None, Decimal, Decimal]:
    """Rate for the newest ``wanted`` units: (weighted age, Σ units × rate, units).

    The weighted rate is returned as a numerator and a denominator so that the
    reserve is computed from it exactly and rounded once, to the currency.
    Each unit taken is also added to ``tier_units`` at the tier of its age.
    """
    if wanted <= 0:
        return None, table.rate_for(_ZERO), _ONE
    bounds = _tier_bounds(table)
    left = wanted
    rated = aged = _ZERO
    for slot in reversed(ages.slots):  # newest first; ages hold at least ``wanted`` units
        take = min(slot.quantity, left)
        age = Decimal(slot.age_days)
        rated += take * table.rate_for(age)
        aged += take * slot.age_days
        tier_units[_tier_index(bounds, age)] += take
        left -= take
    return quantity(aged / wanted), rated, wanted


def excess_and_obsolete_reserve(
    split: StockSplit,
    *,
    table: ReserveTable,
    scope: ReserveScope = ReserveScope.EXCESS,
    obsolete_rate: Decimal | int = 1,
    ages: AgeProfile | None = None,
) -> Reserve:
    """Return the E&O reserve of a split: obsolete at ``obsolete_rate``, the rest by table.

    Obsolete stock is reserved at ``obsolete_rate`` (100 % by default; use
    ``1 − NRV/cost`` for a net realisable value). The table rate applies to
    the excess bucket (default) or to all non-obsolete stock
    (``ReserveScope.ALL_STOCK``, SAP MRN1 style):

    * **months of supply** table: the rate for the split's months of supply
      (the last row when there is no demand);
    * **age** table: the rate for each unit of the stock in scope, taken from
      the newest slots of ``ages`` (excess is the stock consumed last under
      FIFO; obsolete stock is the oldest), weighted by quantity.

    Safety, cycle and committed stock carry no reserve under the default scope.

    Args:
        split: A [`StockSplit`][spendrules.inventory.StockSplit] (quantities and values).
        table: The [`ReserveTable`][spendrules.inventory.ReserveTable]; the one of a policy
            file (``InventoryPolicy.reserve``) is cited on the result.
        scope: ``EXCESS`` (default) or ``ALL_STOCK``.
        obsolete_rate: Reserve rate on obsolete stock, in [0, 1].
        ages: The item's [`AgeProfile`][spendrules.inventory.AgeProfile] as of the same date; required
            for an age table and must hold the split's on-hand quantity.

    Returns:
        A [`Reserve`][spendrules.inventory.Reserve]; amounts in the split's currency, and
        ``total = obsolete_reserve + table_reserve`` exactly; ``tiers`` shows
        the table tier by tier, its reserves summing to ``table_reserve``.

    Raises:
        InvalidInputError: an age table without ``ages``, or ``ages`` that do
            not hold the split's on-hand; a rate outside [0, 1].
        TypeError: wrong input types.

    Examples:
        >>> from spendrules.inventory import Demand, StockPolicy, TimeUnit, classify_on_hand
        >>> split = classify_on_hand(500, policy=StockPolicy(20, 100), demand=Demand(30, period=TimeUnit.MONTH),
        ...     currency="USD", as_of=date(2026, 3, 31), unit_cost=2)
        >>> table = ReserveTable(ReserveBasis.MONTHS_OF_SUPPLY, (ReserveStep(0, 0), ReserveStep(12, Decimal("0.5"))))
        >>> reserve = excess_and_obsolete_reserve(split, table=table)
        >>> split.months_of_supply, reserve.table_value, reserve.total
        (Decimal('16.666666'), Decimal('760.00'), Decimal('380.00'))
        >>> [(t.low, t.high, t.value, t.reserve) for t in reserve.tiers]
        [(Decimal('0'), Decimal('12'), Decimal('0.00'), Decimal('0.00')), (Decimal('12'), None, Decimal('760.00'), Decimal('380.00'))]

    References:
        SAP Help MRN1 (range of coverage) and MRN2 (movement rate); Syensqo
        SAP wiki (ROC < 12 → 0 %, 12-24 → 50 %); calcbee age tiers; SEC EDGAR
        1378718 note 9 (reserve below 100 % of slow stock).
    """
    if not isinstance(split, StockSplit):
        raise TypeError(f"split must be a StockSplit, not {type(split).__name__}")
    if not isinstance(table, ReserveTable):
        raise TypeError(f"table must be a ReserveTable, not {type(table).__name__}")
    chosen = enum_value(ReserveScope, scope, "scope")
    rate_obsolete = check_fraction(obsolete_rate, "obsolete_rate")
    if ages is not None and not isinstance(ages, AgeProfile):
        raise TypeError(f"ages must be an AgeProfile, not {type(ages).__name__}")
    code = split.currency
    with exact():
        if chosen is ReserveScope.EXCESS:
            in_scope = [split.excess]
        else:
            in_scope = [split.committed, split.safety, split.cycle, split.excess]
        scope_value = sum((b.value for b in in_scope), _ZERO)
        scope_quantity = sum((b.quantity for b in in_scope), _ZERO)
        bounds = _tier_bounds(table)
        tier_units = [_ZERO] * len(bounds)
        if table.basis is ReserveBasis.MONTHS_OF_SUPPLY:
            key = split.months_of_supply
            rate = rated = table.rate_for(key)
            units = _ONE
            tier_units[_tier_index(bounds, key)] = scope_quantity
            key_text = (
                "no demand (infinite cover: last row)" if key is None else f"{key} months of supply"
            )
        else:
            if ages is None:
                raise InvalidInputError("ages", None, "an AgeProfile for an age-based table")
            held = sum((s.quantity for s in ages.slots), _ZERO)
            if held != max(split.on_hand, _ZERO):
                raise InvalidInputError(
                    "ages", held, f"an age profile holding the split's on-hand ({split.on_hand})"
                )
            key, rated, units = _age_rate(table, ages, scope_quantity, tier_units)
            rate = round_statistic(rated / units)
            key_text = (
                "no stock in scope"
                if key is None
                else f"a weighted age of {key} days (newest slots)"
            )
        obsolete_reserve = quantize(split.obsolete.value * rate_obsolete, code)
        table_reserve = quantize(scope_value * rated / units, code)
        total = obsolete_reserve + table_reserve
        share = quantity(total / split.value) if split.value > 0 else quantity(_ZERO)
        reasons = [
            Reason.of(
                "INVENTORY.RESERVE.OBSOLETE",
                f"Obsolete stock {split.obsolete.value} {code} at {rate_obsolete}: "
                f"{obsolete_reserve} {code}.",
                obsolete_value=split.obsolete.value,
                rate=rate_obsolete,
                reserve=obsolete_reserve,
            ),
            Reason.of(
                "INVENTORY.RESERVE.TABLE",
                f"{'Excess' if chosen is ReserveScope.EXCESS else 'Non-obsolete'} stock "
                f"{scope_value} {code} at {rate} for {key_text} (next smaller key): "
                f"{table_reserve} {code}.",
                severity=Severity.WARNING if table_reserve > 0 else Severity.INFO,
                value=scope_value,
                rate=rate,
                reserve=table_reserve,
            ),
        ]
        cited = None if table.source is None else table.source.at("inventory.reserve")
        return Reserve(
            rule="inventory.reserve@1",
            currency=code,
            basis=table.basis,
            scope=chosen,
            stock_value=split.value,
            obsolete_value=split.obsolete.value,
            obsolete_rate=rate_obsolete,
            obsolete_reserve=obsolete_reserve,
            table_value=scope_value,
            table_key=key,
            table_rate=rate,
            table_reserve=table_reserve,
            total=total,
            share_of_value=share,
            reasons=(*reasons, *cited_reasons(cited)),
            tiers=_tiers(bounds, tier_units, scope_value, table_reserve, code),
            policy_reference=cited,
        )
