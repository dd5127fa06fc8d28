"""The on-hand split: committed, obsolete, safety, cycle and excess stock (private).

One waterfall, each step taking ``min(remaining, cap)`` of the usable on-hand
quantity, so the buckets are never negative and sum exactly to on-hand:

1. **committed**: stock reserved for open demand (sold; never excess);
2. **obsolete**: everything left when the item is end of life, has no demand,
   or has had no consumption for more than ``dead_after_days``; otherwise the
   expired lots plus what will expire before demand can use it (FEFO);
3. **safety**: up to the agreed safety-stock target;
4. **cycle**: up to the order lot, raised to the minimum order and rounded
   up to the order multiple (supplier rounding is not excess);
5. **excess**: the rest: stock above the policy's expected peak
   (safety + cycle) right after a receipt.

References:
    spendrules domain notes, "Recommended unambiguous rule" (inventory.md §6).
    SAP S/4HANA app F2137 "Slow or Non-Moving Materials" (no consumption for
    a defined period); SEC EDGAR filer 1378718 note 9 ("no sales in the prior
    12 months"); BHIMA ``computeInventoryIndicators`` (``unused_stock``) and
    ``computeLotIndicators`` (``S_RISK_QUANTITY``, expiry risk under FEFO);
    PTC Servigistics "Excess" (on hand + on order above the maximum); Odoo
    doc PRs #14849/#14850/#14853 (rounding to the multiple past Max);
    SAP Fiori KPI "Slow-Moving Item" (value × rate × periods/year).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_fraction,
    check_int,
    check_non_negative,
    check_positive,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import (
    QUANTITY_PLACES,
    TimeUnit,
    check_days_per_year,
    dec,
    enum_value,
    non_negative,
    opt_dec,
    quantity,
    unit_factor,
    unit_ratio,
)
from spendrules._inventory.demand import Demand
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "Bucket",
    "BucketKind",
    "CostLayer",
    "Lot",
    "ObsoleteCause",
    "StockPolicy",
    "StockSplit",
    "carrying_cost",
    "classify_on_hand",
    "days_of_supply",
    "inventory_turns",
]

_ZERO = Decimal(0)


def _opt_positive(
    _instance: object, attribute: attrs.Attribute[Decimal | None], value: Any
) -> None:
    if value is not None:
        check_positive(value, attribute.name)


def _check_date(_instance: object, attribute: attrs.Attribute[date], value: Any) -> None:
    check_date(value, attribute.name)


@attrs.frozen
class StockPolicy:
    """The stocking policy finance and procurement agreed for one SKU.

    Attributes:
        safety_stock: Agreed safety-stock target (units, ``>= 0``), e.g.
            ``safety_stock(...).quantity`` or a value from SAP or Odoo.
        order_quantity: The lot per replenishment (units, ``>= 0``): Q of an
            (r, Q) policy, Max − Min of a min/max rule, d·R for periodic review.
        order_multiple: Supplier's order multiple (``> 0``), or ``None``.
        minimum_order: Supplier's minimum order quantity (``>= 0``).

    Examples:
        >>> policy = StockPolicy(Decimal("14.8"), 100, order_multiple=24, minimum_order=50)
        >>> policy.cycle_allowance, policy.peak
        (Decimal('120'), Decimal('134.8'))
    """

    safety_stock: Decimal = attrs.field(converter=dec, validator=non_negative)
    order_quantity: Decimal = attrs.field(converter=dec, validator=non_negative)
    order_multiple: Decimal | None = attrs.field(
        default=None, converter=opt_dec, validator=_opt_positive, kw_only=True
    )
    minimum_order: Decimal = attrs.field(
        default=Decimal(0), converter=dec, validator=non_negative, kw_only=True
    )

    @property
    def cycle_allowance(self) -> Decimal:
        """The lot raised to the minimum order, then up to the order multiple."""
        with exact():
            lot = max(self.order_quantity, self.minimum_order)
            step = self.order_multiple
            if step is None or lot == 0:
                return lot
            return (lot / step).to_integral_value(rounding=decimal.ROUND_CEILING) * step

    @property
    def peak(self) -> Decimal:
        """Safety stock plus cycle allowance: expected on-hand right after a receipt."""
        with exact():
            return self.safety_stock + self.cycle_allowance

    @classmethod
    def from_min_max(
        cls,
        minimum: Decimal | int,
        maximum: Decimal | int,
        *,
        lead_time_demand: Decimal | int,
        order_multiple: Decimal | int | None = None,
        minimum_order: Decimal | int = 0,
    ) -> StockPolicy:
        """Read a min/max reordering rule (Odoo, ERPNext) as a policy.

        Safety stock is what Min holds beyond lead-time demand,
        ``max(0, Min − d·L)``; the lot is ``Max − Min``.

        Args:
            minimum: Min (reorder level).
            maximum: Max (``>= minimum``).
            lead_time_demand: Mean demand over the lead time, d·L.
            order_multiple: Supplier's order multiple, if any.
            minimum_order: Supplier's minimum order.

        Raises:
            InvalidInputError: negative levels, or Max below Min.

        Examples:
            >>> StockPolicy.from_min_max(130, 330, lead_time_demand=90)
            StockPolicy(safety_stock=Decimal('40'), order_quantity=Decimal('200'), order_multiple=None, minimum_order=Decimal('0'))
        """
        low = check_non_negative(minimum, "minimum")
        high = check_non_negative(maximum, "maximum")
        during = check_non_negative(lead_time_demand, "lead_time_demand")
        with exact():
            if high < low:
                raise InvalidInputError("maximum", maximum, f">= minimum ({low})")
            return cls(
                max(low - during, _ZERO),
                high - low,
                order_multiple=order_multiple,
                minimum_order=minimum_order,
            )


@attrs.frozen
class Lot:
    """A lot with an expiry date (for the expiry-risk part of obsolete stock).

    Attributes:
        quantity: Units in the lot (``>= 0``).
        expiry: First day the lot can no longer be used: expired when
            ``expiry <= as_of``.
    """

    quantity: Decimal = attrs.field(converter=dec, validator=non_negative)
    expiry: date = attrs.field(validator=_check_date)


@attrs.frozen
class CostLayer:
    """A FIFO cost layer of the on-hand stock (oldest first in a sequence).

    Attributes:
        quantity: Units in the layer (``>= 0``).
        unit_cost: Cost per unit (``>= 0``).
    """

    quantity: Decimal = attrs.field(converter=dec, validator=non_negative)
    unit_cost: Decimal = attrs.field(converter=dec, validator=non_negative)


class BucketKind(SpendEnum):
    """The five parts of on-hand stock, in waterfall order.

    Attributes:
        COMMITTED: Reserved for open demand.
        OBSOLETE: Unusable or without demand.
        SAFETY: The agreed safety stock.
        CYCLE: The order lot (cycle stock).
        EXCESS: Above the policy's expected peak.
    """

    COMMITTED = "committed"
    OBSOLETE = "obsolete"
    SAFETY = "safety"
    CYCLE = "cycle"
    EXCESS = "excess"


class ObsoleteCause(SpendEnum):
    """Why stock was classified obsolete.

    Attributes:
        END_OF_LIFE: The item is end of life or blocked: all free stock.
        NO_DEMAND: Mean demand is zero: all free stock (BHIMA ``unused_stock``).
        NO_CONSUMPTION: No consumption for more than ``dead_after_days``: all free stock.
        EXPIRY: Expired lots and what will expire before demand uses it.
    """

    END_OF_LIFE = "end_of_life"
    NO_DEMAND = "no_demand"
    NO_CONSUMPTION = "no_consumption"
    EXPIRY = "expiry"


@attrs.frozen
class Bucket:
    """One part of the split.

    Attributes:
        kind: Which part.
        quantity: Units.
        value: Value in the split's currency (values of all buckets sum
            exactly to the on-hand value).
        annual_carrying_cost: value × annual holding rate (sums exactly too).
    """

    kind: BucketKind
    quantity: Decimal
    value: Decimal
    annual_carrying_cost: Decimal


@attrs.frozen
class StockSplit(Explained):
    """On-hand stock split into what it is, with value and carrying cost.

    Attributes:
        rule: ``"inventory.split@1"``.
        on_hand: The on-hand quantity given (may be negative).
        currency: Currency of the values.
        committed: Reserved for open demand.
        obsolete: Unusable or without demand.
        safety: The agreed safety stock present.
        cycle: Cycle stock present.
        excess: Above safety + cycle allowance.
        shortage: Units short when on-hand is negative (buckets are then 0).
        value: On-hand value (sum of the bucket values).
        annual_carrying_cost: Sum of the bucket carrying costs.
        safety_target: The policy's safety stock.
        cycle_allowance: The policy's lot after minimum order and multiple.
        policy_peak: ``safety_target + cycle_allowance``.
        obsolete_cause: Why stock is obsolete, or ``None``.
        excess_on_order: Units on open purchase orders that would land above
            the policy peak (procurement's cancellable exposure).
        excess_on_order_value: Their value at the unit cost (newest layer's
            cost when valued by layers).
        months_of_supply: on-hand / demand per month, truncated (never rounded
            up) to 6 decimal places, or ``None`` without demand.
        slow_moving: Months of supply (exact) above the threshold, no demand,
            or no recent consumption.
        reasons: The rule applied at each step, with the numbers.
    """

    rule: str
    on_hand: Decimal
    currency: str
    committed: Bucket
    obsolete: Bucket
    safety: Bucket
    cycle: Bucket
    excess: Bucket
    shortage: Decimal
    value: Decimal
    annual_carrying_cost: Decimal
    safety_target: Decimal
    cycle_allowance: Decimal
    policy_peak: Decimal
    obsolete_cause: ObsoleteCause | None
    excess_on_order: Decimal
    excess_on_order_value: Decimal
    months_of_supply: Decimal | None
    slow_moving: bool
    reasons: tuple[Reason, ...]

    @property
    def buckets(self) -> tuple[Bucket, ...]:
        """The five buckets in waterfall order."""
        return (self.committed, self.obsolete, self.safety, self.cycle, self.excess)

    def _detail_lines(self) -> list[str]:
        lines = ["  buckets (quantity, value, annual carrying cost):"]
        lines += [
            f"    {b.kind.value:<9} {b.quantity} | {b.value} {self.currency} | "
            f"{b.annual_carrying_cost} {self.currency}"
            for b in self.buckets
        ]
        return lines


def _waterfall_values(
    quantities: list[Decimal], unit_cost: Decimal | None, layers: Sequence[CostLayer]
) -> list[Decimal]:
    if unit_cost is not None:
        return [q * unit_cost for q in quantities]
    values = []
    queue = [(layer.quantity, layer.unit_cost) for layer in layers]
    position = 0
    for bucket_quantity in quantities:
        value = _ZERO
        wanted = bucket_quantity
        while wanted > 0:
            size, cost = queue[position]
            take = min(size, wanted)
            value += take * cost
            wanted -= take
            queue[position] = (size - take, cost)
            if queue[position][0] == 0:
                position += 1
        values.append(value)
    return values


def _expiry_risk(
    lots: Sequence[Lot], as_of: date, daily: Decimal, committed: Decimal
) -> tuple[Decimal, Decimal]:
    """Return (expired, expiring before use) under FEFO, committed shipped first."""
    expired = expiring = consumed = _ZERO
    for lot in sorted(lots, key=lambda item: item.expiry):
        days = (lot.expiry - as_of).days
        if days <= 0:
            expired += lot.quantity
            continue
        capacity = quantity(committed + daily * days, decimal.ROUND_FLOOR)
        usable = min(lot.quantity, max(capacity - consumed, _ZERO))
        consumed += usable
        expiring += lot.quantity - usable
    return expired, expiring


def classify_on_hand(
    on_hand: Decimal | int,
    *,
    policy: StockPolicy,
    demand: Demand,
    currency: str,
    as_of: date,
    unit_cost: Decimal | int | None = None,
    cost_layers: Sequence[CostLayer] = (),
    holding_rate: Decimal | int = 0,
    committed: Decimal | int = 0,
    on_order: Decimal | int = 0,
    lots: Sequence[Lot] = (),
    end_of_life: bool = False,
    last_consumption: date | None = None,
    dead_after_days: int = 365,
    slow_moving_months: Decimal | int = 12,
    days_per_year: Decimal | int = 365,
) -> StockSplit:
    """Split on-hand stock into committed, obsolete, safety, cycle and excess.

    See the module notes for the waterfall. Values: each bucket's quantity at
    ``unit_cost``, or, with ``cost_layers``, the FIFO layers taken oldest
    first in waterfall order (committed ships first; excess is the newest
    stock, consumed last). Bucket values and carrying costs are allocated
    with [`spendrules.money.allocate`][spendrules.money.allocate], so they sum exactly (to the cent)
    to the on-hand value and its carrying cost.

    Args:
        on_hand: Usable physical stock in stock units (negative: a shortage).
        policy: The agreed [`StockPolicy`][spendrules.inventory.StockPolicy].
        demand: Expected demand per period (its mean drives obsolescence,
            expiry risk and months of supply).
        currency: Currency of the values.
        as_of: The date of the split (never the clock).
        unit_cost: Cost per unit (standard or moving average), or ``None``
            with ``cost_layers``.
        cost_layers: FIFO layers, oldest first, summing to ``on_hand``.
        holding_rate: Annual holding (carrying) rate as a fraction (0.25 = 25 %).
        committed: Units reserved for open demand.
        on_order: Units on open purchase orders.
        lots: Lots with expiry dates (at most ``on_hand`` in total).
        end_of_life: The item is end of life or blocked.
        last_consumption: Date of the last consumption, or ``None`` if unknown.
        dead_after_days: Days without consumption after which free stock is
            obsolete (strictly more than this many days; default 365).
        slow_moving_months: Months of supply above which stock is tagged slow-moving.
        days_per_year: Day basis for unit conversions.

    Returns:
        A [`StockSplit`][spendrules.inventory.StockSplit].

    Raises:
        InvalidInputError: negative inputs, both or neither of ``unit_cost``
            and ``cost_layers``, layers not summing to on-hand, lots above
            on-hand, ``last_consumption`` after ``as_of``, a holding rate
            outside [0, 1].
        UnknownCurrencyError: unknown ``currency``.
        TypeError: a float, a datetime, wrong input types.

    Examples:
        >>> split = classify_on_hand(180, policy=StockPolicy(Decimal("14.8037"), 100),
        ...     demand=Demand(10, 3), currency="USD", as_of=date(2026, 3, 31), unit_cost=5,
        ...     holding_rate=Decimal("0.25"))
        >>> [(b.kind.value, b.quantity, b.value, b.annual_carrying_cost) for b in split.buckets]  # doctest: +NORMALIZE_WHITESPACE
        [('committed', Decimal('0'), Decimal('0.00'), Decimal('0.00')),
         ('obsolete', Decimal('0'), Decimal('0.00'), Decimal('0.00')),
         ('safety', Decimal('14.8037'), Decimal('74.02'), Decimal('18.50')),
         ('cycle', Decimal('100'), Decimal('500.00'), Decimal('125.00')),
         ('excess', Decimal('65.1963'), Decimal('325.98'), Decimal('81.50'))]

    References:
        spendrules domain notes §6 (worked example: SS 14.8037, values
        74.02/500.00/325.98, carrying 18.50/125.00/81.50).
    """
    with exact():
        return _classify(
            on_hand,
            policy=policy,
            demand=demand,
            currency=currency,
            as_of=as_of,
            unit_cost=unit_cost,
            cost_layers=cost_layers,
            holding_rate=holding_rate,
            committed=committed,
            on_order=on_order,
            lots=lots,
            end_of_life=end_of_life,
            last_consumption=last_consumption,
            dead_after_days=dead_after_days,
            slow_moving_months=slow_moving_months,
            days_per_year=days_per_year,
        )


def _classify(
    on_hand: Decimal | int,
    *,
    policy: StockPolicy,
    demand: Demand,
    currency: str,
    as_of: date,
    unit_cost: Decimal | int | None,
    cost_layers: Sequence[CostLayer],
    holding_rate: Decimal | int,
    committed: Decimal | int,
    on_order: Decimal | int,
    lots: Sequence[Lot],
    end_of_life: bool,
    last_consumption: date | None,
    dead_after_days: int,
    slow_moving_months: Decimal | int,
    days_per_year: Decimal | int,
) -> StockSplit:
    stock = check_decimal(on_hand, "on_hand")
    if not isinstance(policy, StockPolicy):
        raise TypeError(f"policy must be a StockPolicy, not {type(policy).__name__}")
    if not isinstance(demand, Demand):
        raise TypeError(f"demand must be a Demand, not {type(demand).__name__}")
    code = check_currency(currency, "currency")
    today = check_date(as_of, "as_of")
    rate = check_fraction(holding_rate, "holding_rate")
    reserved = check_non_negative(committed, "committed")
    incoming = check_non_negative(on_order, "on_order")
    if not isinstance(end_of_life, bool):
        raise TypeError(f"end_of_life must be a bool, not {type(end_of_life).__name__}")
    last = None if last_consumption is None else check_date(last_consumption, "last_consumption")
    if last is not None and last > today:
        raise InvalidInputError("last_consumption", last, f"on or before as_of ({today})")
    dead_days = check_int(dead_after_days, "dead_after_days", minimum=0)
    slow_months = check_non_negative(slow_moving_months, "slow_moving_months")
    basis = check_days_per_year(days_per_year)
    layers = tuple(cost_layers)
    for index, layer in enumerate(layers):
        if not isinstance(layer, CostLayer):
            raise TypeError(f"cost_layers[{index}] must be a CostLayer, not {type(layer).__name__}")
    lot_list = tuple(lots)
    for index, lot in enumerate(lot_list):
        if not isinstance(lot, Lot):
            raise TypeError(f"lots[{index}] must be a Lot, not {type(lot).__name__}")
    price = None if unit_cost is None else check_non_negative(unit_cost, "unit_cost")
    if (price is None) == (not layers):
        raise InvalidInputError(
            "unit_cost/cost_layers", (unit_cost, len(layers)), "exactly one of the two given"
        )
    if layers and sum((layer.quantity for layer in layers), _ZERO) != stock:
        raise InvalidInputError(
            "cost_layers",
            sum((layer.quantity for layer in layers), _ZERO),
            f"layers summing to on_hand ({stock})",
        )
    lot_total = sum((lot.quantity for lot in lot_list), _ZERO)
    if lot_total > max(stock, _ZERO):
        raise InvalidInputError("lots", lot_total, f"lots totalling at most on_hand ({stock})")

    reasons: list[Reason] = []
    safety_target = policy.safety_stock
    allowance = policy.cycle_allowance
    peak = safety_target + allowance
    daily = demand.mean * unit_factor(TimeUnit.DAY, demand.period, basis)
    cause: ObsoleteCause | None = None
    shortage = max(-stock, _ZERO)
    remaining = max(stock, _ZERO)
    if stock < 0:
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.NEGATIVE_ON_HAND",
                f"On-hand is negative ({stock}): reported as a shortage of {shortage} units; "
                "every bucket is 0.",
                severity=Severity.WARNING,
                shortage=shortage,
            )
        )

    q_committed = min(remaining, reserved)
    remaining -= q_committed
    if reserved > 0:
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.COMMITTED",
                f"Committed: min(on-hand {max(stock, _ZERO)}, reserved {reserved}) = {q_committed}: "
                "already sold, never excess.",
                committed=q_committed,
            )
        )
    uncovered = reserved - q_committed
    if uncovered > 0:
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.COMMITTED_UNCOVERED",
                f"Reservations exceed on-hand by {uncovered} units: they wait for open orders.",
                severity=Severity.WARNING,
                uncovered=uncovered,
            )
        )

    item_obsolete = True
    if end_of_life:
        cause = ObsoleteCause.END_OF_LIFE
        text = "the item is end of life or blocked"
    elif demand.mean == 0:
        cause = ObsoleteCause.NO_DEMAND
        text = "mean demand is zero (unused stock)"
    elif last is not None and (today - last).days > dead_days:
        cause = ObsoleteCause.NO_CONSUMPTION
        text = f"no consumption for {(today - last).days} days (> {dead_days}, since {last})"
    else:
        item_obsolete = False
        text = ""
    if item_obsolete:
        q_obsolete = remaining
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.OBSOLETE",
                f"Obsolete: all {q_obsolete} free units, because {text}.",
                severity=Severity.WARNING,
                obsolete=q_obsolete,
                cause=cause,
            )
        )
    else:
        expired, expiring = _expiry_risk(lot_list, today, daily, q_committed)
        risk = expired + expiring
        q_obsolete = min(remaining, risk)
        if risk > 0:
            cause = ObsoleteCause.EXPIRY
            reasons.append(
                Reason.of(
                    "INVENTORY.SPLIT.OBSOLETE",
                    f"Obsolete: {expired} units in expired lots and {expiring} units that will "
                    f"expire before demand of {quantity(daily)} a day can use them (FEFO, committed "
                    f"first): {q_obsolete}.",
                    severity=Severity.WARNING,
                    expired=expired,
                    expiring=expiring,
                    obsolete=q_obsolete,
                    cause=cause,
                )
            )
    remaining -= q_obsolete

    free = remaining
    q_safety = min(remaining, safety_target)
    remaining -= q_safety
    q_cycle = min(remaining, allowance)
    q_excess = remaining - q_cycle
    rounding_text = ""
    if allowance != policy.order_quantity:
        rounding_text = (
            f" (lot {policy.order_quantity} raised to the minimum order {policy.minimum_order} "
            f"and the multiple {policy.order_multiple})"
        )
    reasons.append(
        Reason.of(
            "INVENTORY.SPLIT.SAFETY",
            f"Safety: min(free stock {free}, agreed target {safety_target}) = {q_safety}.",
            safety=q_safety,
            target=safety_target,
        )
    )
    reasons.append(
        Reason.of(
            "INVENTORY.SPLIT.CYCLE",
            f"Cycle: min(free stock left {remaining}, lot allowance {allowance}{rounding_text}) = {q_cycle}.",
            cycle=q_cycle,
            allowance=allowance,
        )
    )

    quantities = [q_committed, q_obsolete, q_safety, q_cycle, q_excess]
    exact_values = _waterfall_values(quantities, price, layers)
    total_exact = sum(exact_values, _ZERO)
    if total_exact > 0:
        values = allocate(total_exact, exact_values, code)
        carrying_exact = total_exact * rate
        carrying = (
            allocate(carrying_exact, exact_values, code)
            if carrying_exact > 0
            else (quantize(_ZERO, code),) * 5
        )
    else:
        values = carrying = (quantize(_ZERO, code),) * 5
    buckets = [
        Bucket(kind, q, v, c)
        for kind, q, v, c in zip(BucketKind, quantities, values, carrying, strict=True)
    ]
    value = sum(values, _ZERO)
    carrying_total = sum(carrying, _ZERO)
    if q_excess > 0:
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.EXCESS",
                f"Excess: {q_excess} units above the policy peak (safety {safety_target} + cycle "
                f"{allowance} = {peak}), worth {values[4]} {code} and costing {carrying[4]} {code} "
                "a year to carry.",
                severity=Severity.WARNING,
                excess=q_excess,
                value=values[4],
                annual_carrying_cost=carrying[4],
            )
        )
    else:
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.NO_EXCESS",
                f"No excess: free stock is within the policy peak {peak} (safety {safety_target} + "
                f"cycle {allowance}); stock sitting up to that peak is the agreed lot and buffer.",
                peak=peak,
            )
        )
    if layers:
        basis_text = f"{len(layers)} FIFO cost layers, oldest to committed first, newest to excess"
        newest_cost = next(
            (layer.unit_cost for layer in reversed(layers) if layer.quantity > 0), _ZERO
        )
    else:
        basis_text = f"unit cost {price} {code}"
        newest_cost = price if price is not None else _ZERO
    reasons.append(
        Reason.of(
            "INVENTORY.SPLIT.VALUE",
            f"Valued at {basis_text}: {value} {code}; carrying at {rate} a year: {carrying_total} {code} "
            "(bucket parts allocated to sum exactly).",
            value=value,
            holding_rate=rate,
            annual_carrying_cost=carrying_total,
        )
    )

    if item_obsolete:
        # Open orders first fill the reservations on-hand cannot cover and any
        # negative on-hand (backorders); the rest would land as obsolete stock.
        excess_on_order = max(incoming - uncovered - shortage, _ZERO)
    else:
        excess_on_order = (
            max(stock + incoming - reserved - q_obsolete - safety_target - allowance, _ZERO)
            - q_excess
        )
    excess_on_order_value = quantize(excess_on_order * newest_cost, code)
    if excess_on_order > 0:
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.EXCESS_ON_ORDER",
                f"{excess_on_order} of the {incoming} units on order would land above the policy "
                f"peak ({excess_on_order_value} {code}): candidates to cancel or defer.",
                severity=Severity.WARNING,
                excess_on_order=excess_on_order,
                value=excess_on_order_value,
            )
        )

    # Months of supply, exactly (a Fraction: a month is days_per_year/12 days,
    # which no Decimal holds exactly): the slow-moving test compares the exact
    # figure, and the reported figure is truncated to 6 places, so a reserve
    # table looked up with it never reaches a row the exact figure does not.
    months_exact: Fraction | None = None
    months: Decimal | None = None
    if demand.mean > 0:
        per_month = Fraction(demand.mean) * unit_ratio(TimeUnit.MONTH, demand.period, basis)
        months_exact = Fraction(max(stock, _ZERO)) / per_month
        millionths = math.floor(months_exact * 10**QUANTITY_PLACES)
        months = quantity(Decimal(millionths).scaleb(-QUANTITY_PLACES))
    slow = stock > 0 and (
        months_exact is None
        or months_exact > Fraction(slow_months)
        or cause is ObsoleteCause.NO_CONSUMPTION
    )
    if slow:
        reasons.append(
            Reason.of(
                "INVENTORY.SPLIT.SLOW_MOVING",
                "Slow-moving: "
                + (
                    "no demand for stock on hand."
                    if months is None
                    else f"{months} months of supply (threshold {slow_months})"
                    + (
                        ", and no recent consumption."
                        if cause is ObsoleteCause.NO_CONSUMPTION
                        else "."
                    )
                ),
                severity=Severity.WARNING,
                months_of_supply=months,
            )
        )
    return StockSplit(
        rule="inventory.split@1",
        on_hand=stock,
        currency=code,
        committed=buckets[0],
        obsolete=buckets[1],
        safety=buckets[2],
        cycle=buckets[3],
        excess=buckets[4],
        shortage=shortage,
        value=value,
        annual_carrying_cost=carrying_total,
        safety_target=safety_target,
        cycle_allowance=allowance,
        policy_peak=peak,
        obsolete_cause=cause,
        excess_on_order=excess_on_order,
        excess_on_order_value=excess_on_order_value,
        months_of_supply=months,
        slow_moving=slow,
        reasons=tuple(reasons),
    )


# ------------------------------------------------------------------ simple measures


def days_of_supply(
    on_hand: Decimal | int, demand: Demand, *, days_per_year: Decimal | int = 365
) -> Decimal | None:
    """Return how many days on-hand stock lasts at mean demand (``None`` without demand).

    Args:
        on_hand: Stock in units (negative gives a negative number of days).
        demand: Demand per period.
        days_per_year: Day basis for unit conversions.

    Returns:
        Days, 6 decimal places, or ``None`` when mean demand is 0.

    Raises:
        TypeError: a float, or ``demand`` not a [`Demand`][spendrules.inventory.Demand].

    Examples:
        >>> days_of_supply(40, Demand(15))
        Decimal('2.666667')
        >>> days_of_supply(300, Demand(12, period=TimeUnit.MONTH), days_per_year=360)
        Decimal('750.000000')

    References:
        SAP Help "Calculating the Statistical Range of Coverage" (days' supply
        = available stock / average daily requirement).
    """
    stock = check_decimal(on_hand, "on_hand")
    if not isinstance(demand, Demand):
        raise TypeError(f"demand must be a Demand, not {type(demand).__name__}")
    basis = check_days_per_year(days_per_year)
    with exact():
        daily = demand.mean * unit_factor(TimeUnit.DAY, demand.period, basis)
        if daily == 0:
            return None
        return quantity(stock / daily)


def inventory_turns(cost_of_goods_sold: Decimal | int, average_inventory: Decimal | int) -> Decimal:
    """Return inventory turns: cost of goods sold / average inventory (same units).

    Args:
        cost_of_goods_sold: For the period (money or units, ``>= 0``).
        average_inventory: Over the same period, same units (``> 0``).

    Returns:
        Turns per period, 6 decimal places.

    Raises:
        InvalidInputError: negative COGS, non-positive average inventory, or
            turns of ``10**50`` or more.

    Examples:
        >>> inventory_turns(2400, Decimal("126.491106"))
        Decimal('18.973666')

    References:
        SAP MC44 (inventory turnover = consumption / average stock);
        inventoryanalytics ``eoq.itr`` (2d/Q).
    """
    cogs = check_non_negative(cost_of_goods_sold, "cost_of_goods_sold")
    average = check_positive(average_inventory, "average_inventory")
    with exact():
        turns = cogs / average
    if turns.adjusted() >= _MAX_TURNS_DIGITS:  # 6 places more would not fit the context
        raise InvalidInputError(
            "cost_of_goods_sold",
            cost_of_goods_sold,
            f"below 10**{_MAX_TURNS_DIGITS} times average_inventory",
        )
    return quantity(turns)


#: Turns are refused from ``10**50`` up: with 6 places they would outgrow 60 digits.
_MAX_TURNS_DIGITS = 50


def carrying_cost(
    value: Decimal | int,
    *,
    annual_rate: Decimal | int,
    currency: str,
    duration: Decimal | int = 1,
    period: TimeUnit = TimeUnit.YEAR,
    days_per_year: Decimal | int = 365,
) -> Decimal:
    """Return the cost of carrying ``value`` for ``duration`` periods at an annual rate.

    Args:
        value: Stock value (``>= 0``).
        annual_rate: Carrying (or interest) rate per year, a fraction in [0, 1].
        currency: Currency of ``value``.
        duration: How long, in ``period`` units (``>= 0``).
        period: Unit of ``duration`` (default a year).
        days_per_year: Day basis when ``period`` is days or weeks.

    Returns:
        value × annual_rate × duration in years, rounded to the currency.

    Raises:
        InvalidInputError: negative value or duration, a rate outside [0, 1].
        UnknownCurrencyError: unknown ``currency``.

    Examples:
        >>> carrying_cost(10000, annual_rate=Decimal("0.08"), currency="USD", duration=6, period=TimeUnit.MONTH)
        Decimal('400.00')

    References:
        SAP Fiori KPI "Slow-Moving Item" (stock value × annual interest ×
        periods without movement / periods per year).
    """
    amount = check_non_negative(value, "value")
    rate = check_fraction(annual_rate, "annual_rate")
    code = check_currency(currency, "currency")
    length = check_non_negative(duration, "duration")
    unit = enum_value(TimeUnit, period, "period")
    basis = check_days_per_year(days_per_year)
    with exact():
        years = unit_ratio(unit, TimeUnit.YEAR, basis)
        return quantize(amount * rate * length * years.numerator / years.denominator, code)
