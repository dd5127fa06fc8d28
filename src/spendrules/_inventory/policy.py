"""Safety stock, reorder points and order-up-to levels (private).

Conventions (each a parameter where it changes an answer):

* **Protection interval** P = L + R: lead time plus review period, in the
  demand's time unit (``review_period`` is in the lead time's unit; 0, the
  default, is continuous review). stockpyl's ``newsvendor_normal`` protects
  L + 1 periods (R = 1) while its (r, Q) functions protect L: pass
  ``review_period`` to say which.
* **Demand over P**: mean d·P and σ_P = √(P·σd² + d²·σL²) (random lead
  time, independent demand per period).
* **z** always comes from Φ⁻¹ (``statistics.NormalDist``) unless passed
  explicitly (``z=Decimal("1.28")`` reproduces a textbook that used a table).
* **Safety stock is rounded up** to 6 decimal places (and optionally to a
  multiple of ``round_up_to``), so the service it achieves is never below the
  target by rounding.

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2019), ch. 4-5
    (Examples 4.3, 5.5), reproduced by stockpyl (``newsvendor.py``, ``rq.py``).
    Heizer & Render, *Operations Management*, ch. 12 (reorder point with
    variable lead time). inventorize R ``reorderpoint_ltv.R``
    (√(Lσd² + d²σL²)). Silver, Pyke & Thomas, *Inventory and Production
    Management in Supply Chains* (fill rate through G(k) = Q(1 − β)/σ).
    OCA ``stock_orderpoint_safety_stock`` (z·σ·√L).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs

from spendrules._checks import check_decimal, check_non_negative, check_positive
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import (
    TimeUnit,
    as_float,
    check_days_per_year,
    check_open_fraction,
    quantity,
    round_statistic,
    statistic,
    unit_factor,
)
from spendrules._inventory.demand import NOT_NORMAL, Demand, Distribution, LeadTime
from spendrules._inventory.stats import (
    POISSON_MAX_MEAN,
    PoissonTable,
    f_cdf,
    f_inv_loss,
    f_loss,
    f_ppf,
)
from spendrules.errors import InvalidInputError
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "LevelKind",
    "SafetyMethod",
    "SafetyStock",
    "StockLevel",
    "Trigger",
    "order_up_to_level",
    "reorder_point",
    "safety_stock",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)


class SafetyMethod(SpendEnum):
    """How the safety factor was set.

    Attributes:
        CYCLE_SERVICE_LEVEL: Type 1: z = Φ⁻¹(α), the probability of no stockout per cycle.
        FILL_RATE: Type 2: the share of demand met from stock, β = 1 − ESC/Q.
        Z: A safety factor given explicitly (a textbook's table value).
    """

    CYCLE_SERVICE_LEVEL = "cycle_service_level"
    FILL_RATE = "fill_rate"
    Z = "z"


class LevelKind(SpendEnum):
    """Which policy number a [`StockLevel`][spendrules.inventory.StockLevel] is.

    Attributes:
        REORDER_POINT: Order when the inventory position falls to this level.
        ORDER_UP_TO: Order up to this level at each review.
    """

    REORDER_POINT = "reorder_point"
    ORDER_UP_TO = "order_up_to"


class Trigger(SpendEnum):
    """When a level triggers an order.

    Attributes:
        LT: Order when the position is strictly below the level (Odoo ``forecast
            < Min``; ERPNext ``projected_qty < reorder_level``; SAP "below").
        LE: Order when the position is at or below the level (textbook "falls
            to r"; ERPNext before PR #4374).
    """

    LT = "lt"
    LE = "le"

    def fires(self, position: Decimal, level: Decimal) -> bool:
        """Return whether ``position`` triggers an order at ``level``."""
        return position < level if self is Trigger.LT else position <= level


@attrs.frozen
class _Interval:
    periods: Decimal  # protection interval in demand periods (exact)
    mean: Decimal  # exact mean demand over it
    sigma: Decimal  # σ over it (60 digits)
    lead: Decimal  # lead time in demand periods
    lead_sd: Decimal  # σ of the lead time in demand periods
    review: Decimal  # review period in demand periods


def _interval(
    demand: Demand, lead_time: LeadTime, review_period: Decimal, days_per_year: Decimal
) -> _Interval:
    factor = unit_factor(lead_time.period, demand.period, days_per_year)
    lead = lead_time.mean * factor
    review = review_period * factor
    periods = lead + review
    lead_sd = lead_time.sd * factor
    if demand.distribution is Distribution.POISSON:
        variance = demand.mean * periods
    else:
        variance = periods * demand.sd**2 + demand.mean**2 * lead_sd**2
    return _Interval(periods, demand.mean * periods, variance.sqrt(), lead, lead_sd, review)


def _check_inputs(demand: object, lead_time: object) -> tuple[Demand, LeadTime]:
    if not isinstance(demand, Demand):
        raise TypeError(f"demand must be a Demand, not {type(demand).__name__}")
    if not isinstance(lead_time, LeadTime):
        raise TypeError(f"lead_time must be a LeadTime, not {type(lead_time).__name__}")
    if demand.distribution is Distribution.POISSON and lead_time.sd != 0:
        raise InvalidInputError(
            "lead_time.sd",
            lead_time.sd,
            "0 with Poisson demand (use normal demand for a variable lead time)",
        )
    return demand, lead_time


def _not_normal(demand: Demand) -> list[Reason]:
    """The warning for a normal formula on intermittent or lumpy demand (empty otherwise)."""
    pattern = demand.pattern
    if pattern is None or pattern not in NOT_NORMAL or demand.distribution is Distribution.POISSON:
        return []
    return [
        Reason.of(
            "INVENTORY.DEMAND.NOT_NORMAL",
            f"Demand is {pattern.value}: the normal formula assumes demand in most periods and "
            "misstates what stock buys for it; consider Poisson demand or an empirical quantile.",
            severity=Severity.WARNING,
            pattern=pattern,
        )
    ]


def _ceil_to(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=decimal.ROUND_CEILING) * step


def _poisson_mean(mean: Decimal) -> float:
    if mean > POISSON_MAX_MEAN:
        raise InvalidInputError(
            "demand", mean, f"a Poisson mean over the protection interval <= {POISSON_MAX_MEAN}"
        )
    return float(mean)


def _interval_reason(demand: Demand, span: _Interval) -> Reason:
    unit = demand.period.value
    if demand.distribution is Distribution.POISSON:
        spread = f"Poisson variance equal to its mean, σ = {quantity(span.sigma)}"
    else:
        spread = (
            f"σ = √(P·σd² + d²·σL²) = √({quantity(span.periods)}·{demand.sd}² + "
            f"{demand.mean}²·{quantity(span.lead_sd)}²) = {quantity(span.sigma)}"
        )
    return Reason.of(
        "INVENTORY.SAFETY.INTERVAL",
        f"Protection interval P = L + R = {quantity(span.lead)} + {quantity(span.review)} = "
        f"{quantity(span.periods)} {unit}s; demand over it has mean {quantity(span.mean)} and "
        f"{spread}.",
        periods=quantity(span.periods),
        mean=quantity(span.mean),
        sigma=quantity(span.sigma),
    )


@attrs.frozen
class SafetyStock(Explained):
    """Safety stock and the service it buys.

    Attributes:
        rule: ``"inventory.safety_stock@1"``.
        quantity: Safety stock in units (6 decimal places, rounded up).
        level: Mean demand over the protection interval plus ``quantity``: the
            reorder point (continuous review) or order-up-to level (periodic).
        mean: Mean demand over the protection interval (units).
        sigma: Standard deviation of demand over the protection interval (units).
        protection_interval: L + R in ``period`` units.
        period: The demand's time unit.
        distribution: Normal or Poisson.
        method: How the safety factor was set.
        target: The service target given (α or β), or ``None`` with an explicit z.
        z: The safety factor used (``None`` for Poisson demand, or for a fill
            rate when σ is 0).
        cycle_service_level: Achieved probability of no stockout per cycle.
        fill_rate: Achieved fill rate 1 − ESC/Q, or ``None`` when no order
            quantity (or review period) is known.
        expected_shortage_per_cycle: ESC = σ·G(k) (units).
        order_quantity: The quantity per cycle the fill rate refers to, if any.
        reasons: The formula applied, with the numbers.
    """

    rule: str
    quantity: Decimal
    level: Decimal
    mean: Decimal
    sigma: Decimal
    protection_interval: Decimal
    period: TimeUnit
    distribution: Distribution
    method: SafetyMethod
    target: Decimal | None
    z: Decimal | None
    cycle_service_level: Decimal
    fill_rate: Decimal | None
    expected_shortage_per_cycle: Decimal
    order_quantity: Decimal | None
    reasons: tuple[Reason, ...]


def safety_stock(
    demand: Demand,
    lead_time: LeadTime,
    *,
    service_level: Decimal | None = None,
    fill_rate: Decimal | None = None,
    z: Decimal | None = None,
    order_quantity: Decimal | None = None,
    review_period: Decimal | int = 0,
    minimum: Decimal | int = 0,
    round_up_to: Decimal | None = None,
    days_per_year: Decimal | int = 365,
) -> SafetyStock:
    """Return the safety stock for a service target, with the service it achieves.

    Give exactly one of ``service_level`` (type 1, cycle service level α),
    ``fill_rate`` (type 2, β, which needs ``order_quantity`` or a review
    period) or ``z`` (a safety factor, e.g. from a textbook table).

    Normal demand: SS = z·σ_P with z = Φ⁻¹(α), or k solving
    G(k) = Q(1 − β)/σ_P for a fill rate. Poisson demand: the smallest whole
    level S with P(D_P <= S) >= α (or 1 − E[(D_P − S)⁺]/Q >= β); SS = S − mean.

    Args:
        demand: Demand per period ([`Demand`][spendrules.inventory.Demand]).
        lead_time: Lead time ([`LeadTime`][spendrules.inventory.LeadTime]); its ``sd`` adds lead-time
            variability (normal demand only).
        service_level: α, strictly between 0 and 1.
        fill_rate: β, strictly between 0 and 1.
        z: Explicit safety factor (normal demand only).
        order_quantity: Units per replenishment cycle (Q); needed for a fill
            rate under continuous review, and reported against otherwise.
            Under periodic review without it, demand per review period is used.
        review_period: R, in the lead time's unit; 0 = continuous review.
        minimum: Floor for the safety stock (units, default 0: a service
            level below 50 % gives 0, not a negative safety stock).
        round_up_to: Round the safety stock up to a multiple of this (e.g. 1
            for whole units); normal demand only (Poisson levels are whole).
        days_per_year: Day basis for unit conversions (default 365).

    Returns:
        A [`SafetyStock`][spendrules.inventory.SafetyStock].

    Raises:
        InvalidInputError: not exactly one target; a target outside (0, 1);
            a fill rate without an order quantity under continuous review; a
            negative quantity; Poisson demand with a variable lead time, a z
            or ``round_up_to``.
        TypeError: a float, or ``demand``/``lead_time`` of the wrong type.

    Examples:
        >>> ss = safety_stock(Demand(10, 3), LeadTime(9), service_level=Decimal("0.95"))
        >>> ss.quantity, ss.z, ss.sigma
        (Decimal('14.803683'), Decimal('1.64485362695147'), Decimal('9.000000'))
        >>> safety_stock(Demand(60, 0, TimeUnit.WEEK), LeadTime(6, 2, TimeUnit.WEEK), z=Decimal("1.28")).level
        Decimal('513.600000')

    References:
        Heizer & Render ch. 12 (ROP = d·L + Z·d·σLT); inventorize R
        ``reorderpoint_ltv``; Silver, Pyke & Thomas (fill rate via G(k));
        OCA-SS (z·σ·√L).
    """
    with exact():
        return _safety_stock(
            demand,
            lead_time,
            service_level=service_level,
            fill_rate=fill_rate,
            z=z,
            order_quantity=order_quantity,
            review_period=review_period,
            minimum=minimum,
            round_up_to=round_up_to,
            days_per_year=days_per_year,
        )


def _safety_stock(
    demand: Demand,
    lead_time: LeadTime,
    *,
    service_level: Decimal | None,
    fill_rate: Decimal | None,
    z: Decimal | None,
    order_quantity: Decimal | None,
    review_period: Decimal | int,
    minimum: Decimal | int,
    round_up_to: Decimal | None,
    days_per_year: Decimal | int,
) -> SafetyStock:
    demand, lead_time = _check_inputs(demand, lead_time)
    targets = {"service_level": service_level, "fill_rate": fill_rate, "z": z}
    given = tuple(name for name, value in targets.items() if value is not None)
    if len(given) != 1:
        raise InvalidInputError("service_level/fill_rate/z", given, "exactly one service target")
    review = check_non_negative(review_period, "review_period")
    floor = check_non_negative(minimum, "minimum")
    basis = check_days_per_year(days_per_year)
    lot = None if order_quantity is None else check_positive(order_quantity, "order_quantity")
    step = None if round_up_to is None else check_positive(round_up_to, "round_up_to")
    alpha = None if service_level is None else check_open_fraction(service_level, "service_level")
    beta = None if fill_rate is None else check_open_fraction(fill_rate, "fill_rate")
    factor = None if z is None else check_decimal(z, "z")
    if factor is not None:
        as_float(factor, "z")
    poisson = demand.distribution is Distribution.POISSON
    span = _interval(demand, lead_time, review, basis)
    cycle_lot = lot
    if cycle_lot is None and span.review > 0 and demand.mean > 0:
        cycle_lot = demand.mean * span.review
    fill_lot = fill_target = _ZERO
    if beta is not None:
        if cycle_lot is None:
            raise InvalidInputError(
                "order_quantity",
                order_quantity,
                "a positive order quantity for a fill-rate target (under continuous review, "
                "or when there is no demand per review period)",
            )
        fill_lot, fill_target = cycle_lot, beta
    reasons = [_interval_reason(demand, span)]
    reasons += _not_normal(demand)
    if poisson:
        if factor is not None:
            raise InvalidInputError(
                "z", z, "omitted for Poisson demand (give service_level or fill_rate)"
            )
        if step is not None:
            raise InvalidInputError(
                "round_up_to", round_up_to, "omitted for Poisson demand (levels are whole units)"
            )
        return _poisson_safety(
            demand, span, alpha, (fill_target, fill_lot), cycle_lot, floor, reasons
        )

    sigma = span.sigma
    method = SafetyMethod.Z
    target: Decimal | None = None
    if factor is not None:
        reasons.append(
            Reason.of(
                "INVENTORY.SAFETY.Z_GIVEN",
                f"Safety factor z = {factor} given explicitly (e.g. a textbook table value); "
                f"Φ({factor}) = {statistic(f_cdf(float(factor)))}.",
                z=factor,
            )
        )
    elif alpha is not None:
        method, target = SafetyMethod.CYCLE_SERVICE_LEVEL, alpha
        factor = statistic(f_ppf(float(alpha)))
        reasons.append(
            Reason.of(
                "INVENTORY.SAFETY.CYCLE_SERVICE",
                f"Cycle service level {alpha}: z = Φ⁻¹({alpha}) = {factor}; safety stock "
                f"z·σ = {factor}·{quantity(sigma)}.",
                service_level=alpha,
                z=factor,
            )
        )
    else:
        method, target = SafetyMethod.FILL_RATE, fill_target
        if sigma > 0:
            loss_target = fill_lot * (_ONE - fill_target) / sigma
            factor = statistic(f_inv_loss(as_float(loss_target, "fill_rate")))
            reasons.append(
                Reason.of(
                    "INVENTORY.SAFETY.FILL_RATE",
                    f"Fill rate {fill_target} with {quantity(fill_lot)} units per cycle: "
                    f"G(k) = Q(1 − β)/σ = {quantity(fill_lot)}·(1 − {fill_target})/"
                    f"{quantity(sigma)} = {round_statistic(loss_target)}, so "
                    f"k = G⁻¹({round_statistic(loss_target)}) = {factor}; safety stock k·σ.",
                    fill_rate=fill_target,
                    order_quantity=quantity(fill_lot),
                    k=factor,
                )
            )
    if sigma == 0:
        reasons.append(
            Reason.of(
                "INVENTORY.SAFETY.NO_VARIABILITY",
                "Demand over the protection interval does not vary (σ = 0): no safety stock is "
                "needed for any service target.",
                severity=Severity.WARNING if demand.mean == 0 else Severity.INFO,
            )
        )
    raw = _ZERO if factor is None else factor * sigma
    stock = _apply_floor_and_step(quantity(raw, decimal.ROUND_CEILING), floor, step, reasons)
    level = quantity(span.mean + stock)
    if sigma > 0:
        k = float(stock / sigma)
        csl = statistic(f_cdf(k))
        shortage_exact = sigma * statistic(f_loss(k))
    else:
        csl = statistic(1.0)
        shortage_exact = _ZERO
    shortage = quantity(shortage_exact)
    fill = None if cycle_lot is None else round_statistic(_ONE - shortage_exact / cycle_lot)
    reasons.append(_achieved_reason(stock, level, csl, fill, shortage))
    return SafetyStock(
        rule="inventory.safety_stock@1",
        quantity=stock,
        level=level,
        mean=quantity(span.mean),
        sigma=quantity(sigma),
        protection_interval=quantity(span.periods),
        period=demand.period,
        distribution=demand.distribution,
        method=method,
        target=target,
        z=factor,
        cycle_service_level=csl,
        fill_rate=fill,
        expected_shortage_per_cycle=shortage,
        order_quantity=None if cycle_lot is None else quantity(cycle_lot),
        reasons=tuple(reasons),
    )


def _apply_floor_and_step(
    stock: Decimal, floor: Decimal, step: Decimal | None, reasons: list[Reason]
) -> Decimal:
    if stock < floor:
        reasons.append(
            Reason.of(
                "INVENTORY.SAFETY.FLOOR",
                f"Computed safety stock {stock} is below the minimum {floor}; the minimum applies.",
                computed=stock,
                minimum=floor,
            )
        )
        stock = quantity(floor)
    if step is not None:
        rounded = _ceil_to(stock, step)
        if rounded != stock:
            reasons.append(
                Reason.of(
                    "INVENTORY.SAFETY.ROUNDED",
                    f"Safety stock {stock} rounded up to a multiple of {step}: {rounded}.",
                    computed=stock,
                    step=step,
                )
            )
        stock = quantity(rounded)
    return stock


def _achieved_reason(
    stock: Decimal, level: Decimal, csl: Decimal, fill: Decimal | None, shortage: Decimal
) -> Reason:
    fill_text = "" if fill is None else f", fill rate {fill}"
    return Reason.of(
        "INVENTORY.SAFETY.ACHIEVED",
        f"Safety stock {stock} (level {level}) achieves cycle service level {csl}{fill_text} "
        f"and an expected shortage of {shortage} units per cycle.",
        safety_stock=stock,
        cycle_service_level=csl,
        fill_rate=fill,
        expected_shortage_per_cycle=shortage,
    )


def _poisson_safety(  # noqa: PLR0917 - private helper with the caller's state
    demand: Demand,
    span: _Interval,
    alpha: Decimal | None,
    fill_goal: tuple[Decimal, Decimal],
    cycle_lot: Decimal | None,
    floor: Decimal,
    reasons: list[Reason],
) -> SafetyStock:
    table = PoissonTable(_poisson_mean(span.mean))
    beta, fill_lot = fill_goal
    method = SafetyMethod.CYCLE_SERVICE_LEVEL
    target = alpha
    if alpha is not None:
        whole = table.level_for_cdf(alpha)
        reasons.append(
            Reason.of(
                "INVENTORY.SAFETY.POISSON",
                f"Smallest whole level S with P(D <= S) >= {alpha} for Poisson demand with mean "
                f"{quantity(span.mean)}: S = {whole}.",
                level=whole,
                service_level=alpha,
            )
        )
    else:
        method, target = SafetyMethod.FILL_RATE, beta
        whole = table.level_for_loss(float(fill_lot * (_ONE - beta)))
        reasons.append(
            Reason.of(
                "INVENTORY.SAFETY.POISSON",
                f"Smallest whole level S with expected shortage E[(D − S)⁺] <= Q(1 − β) = "
                f"{quantity(fill_lot)}·(1 − {beta}) for Poisson demand with mean "
                f"{quantity(span.mean)}: S = {whole}.",
                level=whole,
                fill_rate=beta,
            )
        )
    stock = quantity(Decimal(whole) - span.mean, decimal.ROUND_CEILING)
    if stock < floor:
        reasons.append(
            Reason.of(
                "INVENTORY.SAFETY.FLOOR",
                f"Computed safety stock {stock} is below the minimum {floor}; the level is raised "
                "to the next whole unit that covers the minimum.",
                computed=stock,
                minimum=floor,
            )
        )
        whole = int((span.mean + floor).to_integral_value(rounding=decimal.ROUND_CEILING))
        stock = quantity(Decimal(whole) - span.mean, decimal.ROUND_CEILING)
    csl = statistic(table.cdf(whole))
    shortage_exact = statistic(table.loss(whole))
    shortage = quantity(shortage_exact)
    fill = None if cycle_lot is None else round_statistic(_ONE - shortage_exact / cycle_lot)
    level = quantity(Decimal(whole))
    reasons.append(_achieved_reason(stock, level, csl, fill, shortage))
    return SafetyStock(
        rule="inventory.safety_stock@1",
        quantity=stock,
        level=level,
        mean=quantity(span.mean),
        sigma=quantity(span.sigma),
        protection_interval=quantity(span.periods),
        period=demand.period,
        distribution=demand.distribution,
        method=method,
        target=target,
        z=None,
        cycle_service_level=csl,
        fill_rate=fill,
        expected_shortage_per_cycle=shortage,
        order_quantity=None if cycle_lot is None else quantity(cycle_lot),
        reasons=tuple(reasons),
    )


@attrs.frozen
class StockLevel(Explained):
    """A reorder point or an order-up-to level, with the safety stock inside it.

    Attributes:
        rule: ``"inventory.level@1"``.
        kind: Reorder point or order-up-to level.
        quantity: The level: mean demand over the protection interval plus
            safety stock (units).
        mean: Mean demand over the protection interval (units).
        safety_stock: The [`SafetyStock`][spendrules.inventory.SafetyStock] it contains.
        reasons: The safety-stock reasons, then how the level was formed.
    """

    rule: str
    kind: LevelKind
    quantity: Decimal
    mean: Decimal
    safety_stock: SafetyStock
    reasons: tuple[Reason, ...]


def _level(kind: LevelKind, stock: SafetyStock) -> StockLevel:
    name = "Reorder point" if kind is LevelKind.REORDER_POINT else "Order-up-to level"
    reason = Reason.of(
        "INVENTORY.LEVEL",
        f"{name} = mean demand over the protection interval + safety stock = {stock.mean} + "
        f"{stock.quantity} = {stock.level}.",
        kind=kind,
        level=stock.level,
    )
    return StockLevel(
        rule="inventory.level@1",
        kind=kind,
        quantity=stock.level,
        mean=stock.mean,
        safety_stock=stock,
        reasons=(*stock.reasons, reason),
    )


def reorder_point(
    demand: Demand,
    lead_time: LeadTime,
    *,
    service_level: Decimal | None = None,
    fill_rate: Decimal | None = None,
    z: Decimal | None = None,
    order_quantity: Decimal | None = None,
    review_period: Decimal | int = 0,
    minimum: Decimal | int = 0,
    round_up_to: Decimal | None = None,
    days_per_year: Decimal | int = 365,
) -> StockLevel:
    """Return the reorder point r = d·(L + R) + SS for a service target.

    The arguments are those of [`safety_stock`][spendrules.inventory.safety_stock]; with the default
    ``review_period=0`` this is the continuous-review reorder point d·L + SS
    (not √L·d, supplychainpy's bug).

    Returns:
        A [`StockLevel`][spendrules.inventory.StockLevel] of kind ``REORDER_POINT``.

    Raises:
        InvalidInputError: as [`safety_stock`][spendrules.inventory.safety_stock].
        TypeError: as [`safety_stock`][spendrules.inventory.safety_stock].

    Examples:
        >>> reorder_point(Demand(2400, period=TimeUnit.YEAR), LeadTime(1, period=TimeUnit.MONTH), z=0).quantity
        Decimal('200.000000')

    References:
        inventoryanalytics ``eoq.reorder_point`` (d = 2400/yr, L = 1/12 → 200);
        Heizer & Render ch. 12; Snyder & Shen Example 5.5.
    """
    stock = safety_stock(
        demand,
        lead_time,
        service_level=service_level,
        fill_rate=fill_rate,
        z=z,
        order_quantity=order_quantity,
        review_period=review_period,
        minimum=minimum,
        round_up_to=round_up_to,
        days_per_year=days_per_year,
    )
    return _level(LevelKind.REORDER_POINT, stock)


def order_up_to_level(
    demand: Demand,
    lead_time: LeadTime,
    *,
    review_period: Decimal | int,
    service_level: Decimal | None = None,
    fill_rate: Decimal | None = None,
    z: Decimal | None = None,
    order_quantity: Decimal | None = None,
    minimum: Decimal | int = 0,
    round_up_to: Decimal | None = None,
    days_per_year: Decimal | int = 365,
) -> StockLevel:
    """Return the order-up-to level S = d·(L + R) + SS of a periodic-review policy.

    ``review_period`` is required (in the lead time's unit): the level
    protects the lead time *plus* one review period. A single-period
    newsvendor is ``LeadTime(0)`` with ``review_period=1``.

    Returns:
        A [`StockLevel`][spendrules.inventory.StockLevel] of kind ``ORDER_UP_TO``.

    Raises:
        InvalidInputError: as [`safety_stock`][spendrules.inventory.safety_stock].
        TypeError: as [`safety_stock`][spendrules.inventory.safety_stock].

    Examples:
        >>> from spendrules.inventory import critical_ratio
        >>> ratio = critical_ratio(holding_cost=Decimal("0.18"), shortage_cost=Decimal("0.70"))
        >>> order_up_to_level(Demand(50, 8), LeadTime(0), review_period=1, service_level=ratio).quantity
        Decimal('56.603956')

    References:
        Snyder & Shen Example 4.3 (S* = 56.60395592743389); stockpyl
        ``newsvendor_normal`` (protects L + 1 periods).
    """
    stock = safety_stock(
        demand,
        lead_time,
        service_level=service_level,
        fill_rate=fill_rate,
        z=z,
        order_quantity=order_quantity,
        review_period=review_period,
        minimum=minimum,
        round_up_to=round_up_to,
        days_per_year=days_per_year,
    )
    return _level(LevelKind.ORDER_UP_TO, stock)
