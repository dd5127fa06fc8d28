"""Costs of a policy: the critical ratio, the EOQ, the newsvendor and (r, Q) evaluation (private).

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2019), ch. 3-5
    (EOQ, newsvendor, (r, Q) cost g(r, Q) = (Kλ + ∫g)/Q; Examples 3.1, 4.1,
    4.3, 5.1, 5.8), reproduced by stockpyl (``eoq.py``, ``newsvendor.py``,
    ``rq.py``); inventoryanalytics ``eoq.py`` (purchase cost, turns, coverage).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from spendrules._checks import check_currency, check_decimal, check_non_negative, check_positive
from spendrules._decimal import exact
from spendrules._inventory._common import (
    as_float,
    check_days_per_year,
    enum_value,
    quantity,
    round_statistic,
    statistic,
)
from spendrules._inventory.demand import Demand, Distribution, LeadTime
from spendrules._inventory.policy import (
    Trigger,
    _check_inputs,
    _interval,
    _interval_reason,
    _not_normal,
    _poisson_mean,
)
from spendrules._inventory.stats import (
    PoissonTable,
    check_flag,
    f_cdf,
    f_loss,
    f_loss2,
    f_ppf,
)
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, quantize
from spendrules.results import Explained, Reason

__all__ = [
    "CostPoint",
    "EconomicOrderQuantity",
    "Newsvendor",
    "PolicyEvaluation",
    "critical_ratio",
    "economic_order_quantity",
    "evaluate_policy",
    "newsvendor",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)


def critical_ratio(*, holding_cost: Decimal | int, shortage_cost: Decimal | int) -> Decimal:
    """Return the cost-optimal cycle service level p/(h + p).

    Args:
        holding_cost: h, cost of one unit left over (per period), ``>= 0``.
        shortage_cost: p, cost of one unit short (per period), ``>= 0``.

    Returns:
        p/(h + p), 15 significant digits.

    Raises:
        InvalidInputError: a negative cost, or both zero.

    Examples:
        >>> critical_ratio(holding_cost=Decimal("0.225"), shortage_cost=Decimal("7.5"))
        Decimal('0.970873786407767')

    References:
        Snyder & Shen eq. (4.17); stockpyl ``newsvendor_normal``.
    """
    h = check_non_negative(holding_cost, "holding_cost")
    p = check_non_negative(shortage_cost, "shortage_cost")
    with exact():
        if h + p == 0:
            raise InvalidInputError("shortage_cost", shortage_cost, "> 0 when holding_cost is 0")
        return round_statistic(p / (h + p))


@attrs.frozen
class CostPoint:
    """One point of the EOQ cost curve.

    Attributes:
        multiple: Order quantity as a multiple of the EOQ.
        quantity: The order quantity (units).
        annual_ordering_cost: K·λ/Q.
        annual_holding_cost: h·Q/2.
        annual_relevant_cost: The sum of the two.
        penalty: Relative cost above the optimum, ½(x + 1/x) − 1 for x = Q/EOQ.
        annual_ordering_cost_unrounded: K·λ/Q to 15 significant digits, when
            asked for (``unrounded=True``); else ``None``.
        annual_holding_cost_unrounded: h·Q/2 likewise.
        annual_relevant_cost_unrounded: Their sum likewise.
    """

    multiple: Decimal
    quantity: Decimal
    annual_ordering_cost: Decimal
    annual_holding_cost: Decimal
    annual_relevant_cost: Decimal
    penalty: Decimal
    annual_ordering_cost_unrounded: Decimal | None = None
    annual_holding_cost_unrounded: Decimal | None = None
    annual_relevant_cost_unrounded: Decimal | None = None


@attrs.frozen
class EconomicOrderQuantity(Explained):
    """The economic order quantity and its cost figures.

    Attributes:
        rule: ``"inventory.eoq@1"``.
        quantity: Q* = √(2Kλ/h) (units).
        currency: Currency of the costs.
        annual_demand: λ (units per year).
        orders_per_year: λ/Q*.
        cycle_days: Days between orders, ``days_per_year``·Q*/λ.
        average_inventory: Q*/2 (cycle stock on average, units).
        inventory_turns: λ/(Q*/2).
        annual_ordering_cost: K·λ/Q* (half the relevant cost at the optimum).
        annual_holding_cost: h·Q*/2 (the other half).
        annual_relevant_cost: g* = √(2Khλ); ordering + holding, exactly.
        annual_purchase_cost: v·λ, or ``None`` without a unit cost.
        annual_total_cost: relevant + purchase cost.
        curve: The cost at multiples of Q* (how flat the optimum is).
        reasons: The formulas with the numbers.
        annual_ordering_cost_unrounded: K·λ/Q* to 15 significant digits, when
            asked for (``unrounded=True``); else ``None``. Likewise the four
            fields below; each is rounded on its own, so they need not add
            up in the fifteenth digit.
        annual_holding_cost_unrounded: h·Q*/2.
        annual_relevant_cost_unrounded: √(2Khλ).
        annual_purchase_cost_unrounded: v·λ (``None`` without a unit cost).
        annual_total_cost_unrounded: √(2Khλ) + v·λ.
    """

    rule: str
    quantity: Decimal
    currency: str
    annual_demand: Decimal
    orders_per_year: Decimal
    cycle_days: Decimal
    average_inventory: Decimal
    inventory_turns: Decimal
    annual_ordering_cost: Decimal
    annual_holding_cost: Decimal
    annual_relevant_cost: Decimal
    annual_purchase_cost: Decimal | None
    annual_total_cost: Decimal
    curve: tuple[CostPoint, ...]
    reasons: tuple[Reason, ...]
    annual_ordering_cost_unrounded: Decimal | None = None
    annual_holding_cost_unrounded: Decimal | None = None
    annual_relevant_cost_unrounded: Decimal | None = None
    annual_purchase_cost_unrounded: Decimal | None = None
    annual_total_cost_unrounded: Decimal | None = None

    def _detail_lines(self) -> list[str]:
        lines = ["  cost curve (multiple of EOQ: quantity, relevant cost, penalty):"]
        lines += [
            f"    x{point.multiple}: {point.quantity}, {point.annual_relevant_cost} "
            f"{self.currency}, +{point.penalty}"
            for point in self.curve
        ]
        return lines


_CURVE = tuple(Decimal(x) for x in ("0.5", "0.75", "1", "1.25", "1.5", "2"))


def _unrounded(value: Decimal, *, keep: bool) -> Decimal | None:
    """A cost before rounding to the currency: 15 significant digits, or ``None`` unless asked."""
    return round_statistic(value) if keep else None


def economic_order_quantity(
    annual_demand: Decimal | int,
    *,
    order_cost: Decimal | int,
    holding_cost: Decimal | int,
    currency: str,
    unit_cost: Decimal | int | None = None,
    curve: Sequence[Decimal | int] = _CURVE,
    days_per_year: Decimal | int = 365,
    unrounded: bool = False,
) -> EconomicOrderQuantity:
    """Return the EOQ Q* = √(2Kλ/h) with its cost curve.

    Args:
        annual_demand: λ, units per year (``> 0``).
        order_cost: K, fixed cost per order (``> 0``).
        holding_cost: h, cost of holding one unit for a year (``> 0``); with a
            holding rate i on a unit cost v, pass ``i·v``.
        currency: Currency of the costs (ISO 4217).
        unit_cost: v, purchase price per unit, for the purchase and total cost.
        curve: Multiples of Q* at which to report the cost (each ``> 0``).
        days_per_year: Day basis of ``cycle_days``.
        unrounded: Also report every cost unrounded, to 15 significant digits,
            in the ``*_unrounded`` fields (default ``False``: they are ``None``).
            The rounded fields are the same either way.

    Returns:
        An [`EconomicOrderQuantity`][spendrules.inventory.EconomicOrderQuantity]; costs in ``currency`` minor units.

    Raises:
        InvalidInputError: a non-positive demand or cost, a non-positive curve multiple.
        UnknownCurrencyError: unknown ``currency``.
        TypeError: a float.

    Examples:
        >>> eoq = economic_order_quantity(1300, order_cost=8, holding_cost=Decimal("0.225"), currency="USD")
        >>> eoq.quantity, eoq.annual_relevant_cost
        (Decimal('304.046780'), Decimal('68.41'))
        >>> economic_order_quantity(1300, order_cost=8, holding_cost=Decimal("0.225"), currency="USD",
        ...     unrounded=True).annual_relevant_cost_unrounded
        Decimal('68.4105255059483')

    References:
        Snyder & Shen Example 3.1 (Q* = 304.0467800264368, g* = 68.41052550594829);
        inventoryanalytics ``eoq_test.py`` (K 3.2, h 0.24, d 2400, v 0.4 →
        252.98, total 1020.72, ITR 18.97).
    """
    lam = check_positive(annual_demand, "annual_demand")
    k = check_positive(order_cost, "order_cost")
    h = check_positive(holding_cost, "holding_cost")
    code = check_currency(currency, "currency")
    v = None if unit_cost is None else check_non_negative(unit_cost, "unit_cost")
    multiples = [check_positive(x, f"curve[{i}]") for i, x in enumerate(curve)]
    basis = check_days_per_year(days_per_year)
    keep = check_flag(unrounded, "unrounded")
    with exact():
        best = (2 * k * lam / h).sqrt()
        relevant = (2 * k * h * lam).sqrt()
        ordering, holding = allocate(relevant, [k * lam / best, h * best / 2], code)
        purchase = None if v is None else quantize(v * lam, code)
        relevant_money = ordering + holding
        total = relevant_money if purchase is None else relevant_money + purchase
        points = []
        for x in multiples:
            size = best * x
            point_ordering = k * lam / size
            point_holding = h * size / 2
            point_cost = point_ordering + point_holding
            parts = allocate(point_cost, [point_ordering, point_holding], code)
            points.append(
                CostPoint(
                    multiple=x,
                    quantity=quantity(size),
                    annual_ordering_cost=parts[0],
                    annual_holding_cost=parts[1],
                    annual_relevant_cost=parts[0] + parts[1],
                    penalty=round_statistic((x + _ONE / x) / 2 - _ONE),
                    annual_ordering_cost_unrounded=_unrounded(point_ordering, keep=keep),
                    annual_holding_cost_unrounded=_unrounded(point_holding, keep=keep),
                    annual_relevant_cost_unrounded=_unrounded(point_cost, keep=keep),
                )
            )
        reasons = [
            Reason.of(
                "INVENTORY.EOQ.QUANTITY",
                f"EOQ = √(2·K·λ/h) = √(2·{k}·{lam}/{h}) = {quantity(best)} units; "
                f"{quantity(lam / best)} orders a year, one every {quantity(basis * best / lam)} days.",
                eoq=quantity(best),
                order_cost=k,
                annual_demand=lam,
                holding_cost=h,
            ),
            Reason.of(
                "INVENTORY.EOQ.COST",
                f"At the EOQ ordering ({ordering} {code}) and holding ({holding} {code}) costs are "
                f"equal; relevant cost √(2·K·h·λ) = {relevant_money} {code} a year"
                + ("." if purchase is None else f", plus purchases v·λ = {purchase} {code}."),
                relevant_cost=relevant_money,
                purchase_cost=purchase,
            ),
        ]
        return EconomicOrderQuantity(
            rule="inventory.eoq@1",
            quantity=quantity(best),
            currency=code,
            annual_demand=lam,
            orders_per_year=quantity(lam / best),
            cycle_days=quantity(basis * best / lam),
            average_inventory=quantity(best / 2),
            inventory_turns=quantity(lam / (best / 2)),
            annual_ordering_cost=ordering,
            annual_holding_cost=holding,
            annual_relevant_cost=relevant_money,
            annual_purchase_cost=purchase,
            annual_total_cost=total,
            curve=tuple(points),
            reasons=tuple(reasons),
            annual_ordering_cost_unrounded=_unrounded(k * lam / best, keep=keep),
            annual_holding_cost_unrounded=_unrounded(h * best / 2, keep=keep),
            annual_relevant_cost_unrounded=_unrounded(relevant, keep=keep),
            annual_purchase_cost_unrounded=None if v is None else _unrounded(v * lam, keep=keep),
            annual_total_cost_unrounded=_unrounded(
                relevant if v is None else relevant + v * lam, keep=keep
            ),
        )


@attrs.frozen
class Newsvendor(Explained):
    """A single-period stocking decision and its expected outcome.

    Attributes:
        rule: ``"inventory.newsvendor@1"``.
        level: Units stocked: the optimum S*, or the level given.
        optimal: Whether ``level`` is the computed optimum.
        critical_ratio: p/(h + p).
        z: (S − μ)/σ for normal demand, else ``None``.
        in_stock_probability: P(D <= S).
        expected_leftover: E[(S − D)⁺] (units).
        expected_shortage: E[(D − S)⁺] (units).
        expected_cost: h·leftover + p·shortage, in ``currency``.
        currency: Currency of the cost.
        reasons: The rule applied, with the numbers.
        expected_cost_unrounded: The expected cost to 15 significant digits,
            when asked for (``unrounded=True``); else ``None``.
    """

    rule: str
    level: Decimal
    optimal: bool
    critical_ratio: Decimal
    z: Decimal | None
    in_stock_probability: Decimal
    expected_leftover: Decimal
    expected_shortage: Decimal
    expected_cost: Decimal
    currency: str
    reasons: tuple[Reason, ...]
    expected_cost_unrounded: Decimal | None = None


def _whole(value: Decimal, field: str) -> int:
    if value != value.to_integral_value():
        raise InvalidInputError(field, value, "a whole number of units for Poisson demand")
    return int(value)


def newsvendor(
    demand: Demand,
    *,
    holding_cost: Decimal | int,
    shortage_cost: Decimal | int,
    currency: str,
    level: Decimal | int | None = None,
    unrounded: bool = False,
) -> Newsvendor:
    """Return the cost-optimal single-period stock S* (or evaluate a given level).

    S* is the critical-ratio quantile of demand, p/(h + p): μ + zσ for normal
    demand, the smallest whole S with P(D <= S) >= p/(h + p) for Poisson. The
    expected cost is h·E[(S − D)⁺] + p·E[(D − S)⁺].

    Args:
        demand: Demand in the single period (its ``period`` is informational).
        holding_cost: h per unit left over (``>= 0``; ``> 0`` to optimise).
        shortage_cost: p per unit short (``>= 0``; ``> 0`` to optimise).
        currency: Currency of the costs.
        level: Evaluate this level instead of optimising (whole units for Poisson).
        unrounded: Also report the expected cost to 15 significant digits in
            ``expected_cost_unrounded`` (default ``False``: ``None``).

    Returns:
        A [`Newsvendor`][spendrules.inventory.Newsvendor].

    Raises:
        InvalidInputError: negative costs, both zero, a zero cost without a
            ``level`` (the optimum is unbounded: with h = 0 more stock is
            always better, with p = 0 less), a fractional Poisson level.
        TypeError: a float, or ``demand`` not a [`Demand`][spendrules.inventory.Demand].

    Examples:
        >>> nv = newsvendor(Demand(50, 8), holding_cost=Decimal("0.18"), shortage_cost=Decimal("0.70"), currency="USD")
        >>> nv.level, nv.expected_cost
        (Decimal('56.603956'), Decimal('2.00'))
        >>> newsvendor(Demand(50, 8), holding_cost=Decimal("0.18"), shortage_cost=Decimal("0.70"),
        ...     currency="USD", unrounded=True).expected_cost_unrounded
        Decimal('1.99760519317664')

    References:
        Snyder & Shen Examples 4.1 and 4.3 (S* = 56.60395592743389,
        g* = 1.9976051931766445, g(60) = 2.156131552870387); stockpyl
        ``newsvendor_poisson`` doctests.
    """
    if not isinstance(demand, Demand):
        raise TypeError(f"demand must be a Demand, not {type(demand).__name__}")
    ratio = critical_ratio(holding_cost=holding_cost, shortage_cost=shortage_cost)
    h = check_non_negative(holding_cost, "holding_cost")
    p = check_non_negative(shortage_cost, "shortage_cost")
    code = check_currency(currency, "currency")
    given = None if level is None else check_decimal(level, "level")
    keep = check_flag(unrounded, "unrounded")
    if given is None and (h == 0 or p == 0):
        field, value = (
            ("holding_cost", holding_cost) if h == 0 else ("shortage_cost", shortage_cost)
        )
        raise InvalidInputError(
            field, value, "> 0 to optimise the level (with a zero cost there is no optimum)"
        )
    with exact():
        mu = demand.mean
        factor: Decimal | None = None
        if demand.distribution is Distribution.POISSON:
            table = PoissonTable(_poisson_mean(mu))
            whole = table.level_for_cdf(ratio) if given is None else _whole(given, "level")
            stock = Decimal(whole)
            short = statistic(table.loss(whole))
            in_stock = statistic(table.cdf(whole))
        else:
            sigma = demand.sd
            if given is None:
                factor = statistic(f_ppf(float(ratio))) if sigma > 0 else None
                stock = quantity(mu + (factor or _ZERO) * sigma)
            else:
                stock = given
            if sigma > 0:
                factor = round_statistic((stock - mu) / sigma)
                zf = as_float(factor, "level")
                short = sigma * statistic(f_loss(zf))
                in_stock = statistic(f_cdf(zf))
            else:
                short = max(mu - stock, _ZERO)
                in_stock = statistic(1.0 if stock >= mu else 0.0)
        leftover = stock - mu + short
        exact_cost = h * leftover + p * short
        cost = quantize(exact_cost, code)
        head = (
            f"Optimal level S* = {quantity(stock)} (critical ratio p/(h + p) = {ratio})"
            if given is None
            else f"Given level {quantity(stock)}"
        )
        reasons = [
            *_not_normal(demand),
            Reason.of(
                "INVENTORY.NEWSVENDOR",
                f"{head}: expected leftover {quantity(leftover)}, expected shortage "
                f"{quantity(short)}, expected cost h·leftover + p·shortage = {cost} {code}.",
                level=quantity(stock),
                critical_ratio=ratio,
                expected_cost=cost,
            ),
        ]
        return Newsvendor(
            rule="inventory.newsvendor@1",
            level=quantity(stock),
            optimal=given is None,
            critical_ratio=ratio,
            z=factor,
            in_stock_probability=in_stock,
            expected_leftover=quantity(leftover),
            expected_shortage=quantity(short),
            expected_cost=cost,
            currency=code,
            reasons=tuple(reasons),
            expected_cost_unrounded=_unrounded(exact_cost, keep=keep),
        )


@attrs.frozen
class PolicyEvaluation(Explained):
    """What an existing (r, Q) policy delivers.

    Attributes:
        rule: ``"inventory.evaluate_policy@1"``.
        reorder_point: r (units).
        order_quantity: Q (units).
        trigger: Whether orders fire below r or at r.
        mean: Mean demand over the protection interval (units).
        sigma: Its standard deviation (units).
        safety_stock: r − mean (units; negative when r is below mean demand).
        z: (r − mean)/σ for normal demand with σ > 0, else ``None``.
        cycle_service_level: Probability of no stockout per cycle.
        fill_rate: 1 − ESC/Q.
        expected_shortage_per_cycle: ESC (units).
        expected_cost: Expected holding + backorder + ordering cost per demand
            period, when the three costs are given; else ``None``.
        currency: Currency of ``expected_cost``, or ``None``.
        reasons: The figures, with the numbers.
        expected_cost_unrounded: The expected cost to 15 significant digits,
            when costs are given and ``unrounded=True``; else ``None``.
    """

    rule: str
    reorder_point: Decimal
    order_quantity: Decimal
    trigger: Trigger
    mean: Decimal
    sigma: Decimal
    safety_stock: Decimal
    z: Decimal | None
    cycle_service_level: Decimal
    fill_rate: Decimal
    expected_shortage_per_cycle: Decimal
    expected_cost: Decimal | None
    currency: str | None
    reasons: tuple[Reason, ...]
    expected_cost_unrounded: Decimal | None = None


def _normal_first_loss(level: Decimal, mean: Decimal, sigma: Decimal) -> Decimal:
    if sigma == 0:
        return max(mean - level, _ZERO)
    return sigma * statistic(f_loss(float((level - mean) / sigma)))


def _normal_second_loss(level: Decimal, mean: Decimal, sigma: Decimal) -> Decimal:
    if sigma == 0:
        return max(mean - level, _ZERO) ** 2 / 2
    return sigma**2 * statistic(f_loss2(float((level - mean) / sigma)))


def _poisson_cost_sum(
    table: PoissonTable, mu: Decimal, levels: range, h: Decimal, p: Decimal
) -> Decimal:
    """Σ g(y) over ``levels`` with g(y) = h(y − μ) + (h + p)·E[(D − y)⁺] (y < 0 included)."""
    total = _ZERO
    for y in levels:
        total += h * (y - mu) + (h + p) * statistic(table.loss(y))
    return total


def evaluate_policy(
    reorder_point: Decimal | int,
    order_quantity: Decimal | int,
    *,
    demand: Demand,
    lead_time: LeadTime,
    review_period: Decimal | int = 0,
    trigger: Trigger = Trigger.LE,
    holding_cost: Decimal | int | None = None,
    shortage_cost: Decimal | int | None = None,
    order_cost: Decimal | int | None = None,
    currency: str | None = None,
    days_per_year: Decimal | int = 365,
    unrounded: bool = False,
) -> PolicyEvaluation:
    """Evaluate an existing reorder point and order quantity.

    Cycle service level P(D_P <= r), expected shortage per cycle
    ESC = E[(D_P − r)⁺], fill rate 1 − ESC/Q. With ``holding_cost``,
    ``shortage_cost`` (per unit backordered per period) and ``order_cost``
    (all three, plus ``currency``), the expected cost per demand period of
    continuous review: g(r, Q) = (Kλ + ∫ᵣ^{r+Q} g(y) dy)/Q, where g(y) is the
    newsvendor cost of lead-time demand (a sum over y = r+1..r+Q for Poisson).

    Args:
        reorder_point: r (units); whole units for Poisson demand.
        order_quantity: Q (units, ``> 0``); whole for Poisson demand.
        demand: Demand per period.
        lead_time: Lead time.
        review_period: R in the lead time's unit (0 = continuous review; costs
            need continuous review).
        trigger: ``LE`` (default, textbook: order when the position falls to
            r) or ``LT`` (Odoo, ERPNext: strictly below). With whole-unit
            Poisson demand ``LT`` acts as r − 1; with normal demand it changes
            nothing.
        holding_cost: h per unit per demand period.
        shortage_cost: p per unit backordered per demand period.
        order_cost: K per order.
        currency: Currency of the costs.
        days_per_year: Day basis for unit conversions.
        unrounded: Also report the expected cost to 15 significant digits in
            ``expected_cost_unrounded`` (default ``False``: ``None``).

    Returns:
        A [`PolicyEvaluation`][spendrules.inventory.PolicyEvaluation].

    Raises:
        InvalidInputError: a non-positive Q; only some of the costs; costs
            with a review period; fractional r or Q for Poisson demand.
        TypeError: a float, or wrong input types.

    Examples:
        >>> ev = evaluate_policy(3, 5, demand=Demand(Decimal("1.5"), distribution=Distribution.POISSON),
        ...     lead_time=LeadTime(2), holding_cost=20, shortage_cost=150, order_cost=100, currency="USD")
        >>> ev.expected_cost, ev.cycle_service_level
        (Decimal('107.92'), Decimal('0.647231888782231'))
        >>> evaluate_policy(3, 5, demand=Demand(Decimal("1.5"), distribution=Distribution.POISSON),
        ...     lead_time=LeadTime(2), holding_cost=20, shortage_cost=150, order_cost=100,
        ...     currency="USD", unrounded=True).expected_cost_unrounded
        Decimal('107.923580633150')

    References:
        Snyder & Shen eq. (5.7) and (5.48), Examples 5.1 and 5.8; stockpyl
        ``r_q_cost`` and ``r_q_cost_poisson``.
    """
    with exact():
        return _evaluate(
            reorder_point,
            order_quantity,
            demand=demand,
            lead_time=lead_time,
            review_period=review_period,
            trigger=trigger,
            holding_cost=holding_cost,
            shortage_cost=shortage_cost,
            order_cost=order_cost,
            currency=currency,
            days_per_year=days_per_year,
            unrounded=unrounded,
        )


def _evaluate(
    reorder_point: Decimal | int,
    order_quantity: Decimal | int,
    *,
    demand: Demand,
    lead_time: LeadTime,
    review_period: Decimal | int,
    trigger: Trigger,
    holding_cost: Decimal | int | None,
    shortage_cost: Decimal | int | None,
    order_cost: Decimal | int | None,
    currency: str | None,
    days_per_year: Decimal | int,
    unrounded: bool,
) -> PolicyEvaluation:
    demand, lead_time = _check_inputs(demand, lead_time)
    r = check_decimal(reorder_point, "reorder_point")
    q = check_positive(order_quantity, "order_quantity")
    review = check_non_negative(review_period, "review_period")
    rule_trigger = enum_value(Trigger, trigger, "trigger")
    basis = check_days_per_year(days_per_year)
    keep = check_flag(unrounded, "unrounded")
    costs = (holding_cost, shortage_cost, order_cost, currency)
    if any(c is not None for c in costs) and any(c is None for c in costs):
        raise InvalidInputError(
            "holding_cost/shortage_cost/order_cost/currency",
            tuple(c is not None for c in costs),
            "all given or all omitted",
        )
    span = _interval(demand, lead_time, review, basis)
    mu, sigma = span.mean, span.sigma
    reasons = [_interval_reason(demand, span), *_not_normal(demand)]
    factor: Decimal | None = None
    table: PoissonTable | None = None
    levels = range(0)
    if demand.distribution is Distribution.POISSON:
        table = PoissonTable(_poisson_mean(mu))
        whole_r = _whole(r, "reorder_point") - (1 if rule_trigger is Trigger.LT else 0)
        levels = range(whole_r + 1, whole_r + _whole(q, "order_quantity") + 1)
        csl = statistic(table.cdf(whole_r))
        short = statistic(table.loss(whole_r))
    else:
        if sigma > 0:
            factor = round_statistic((r - mu) / sigma)
            zf = as_float(factor, "reorder_point")
            csl = statistic(f_cdf(zf))
        else:
            csl = statistic(1.0 if r >= mu else 0.0)
        short = _normal_first_loss(r, mu, sigma)
    fill = round_statistic(_ONE - short / q)
    reasons.append(
        Reason.of(
            "INVENTORY.POLICY.SERVICE",
            f"Reorder point {r} ({'at or below' if rule_trigger is Trigger.LE else 'strictly below'}"
            f" triggers) over mean demand {quantity(mu)}: safety stock {quantity(r - mu)}, cycle "
            f"service level {csl}, expected shortage {quantity(short)} per cycle, fill rate "
            f"1 − {quantity(short)}/{q} = {fill}.",
            safety_stock=quantity(r - mu),
            cycle_service_level=csl,
            fill_rate=fill,
        )
    )
    cost: Decimal | None = None
    exact_cost: Decimal | None = None
    code: str | None = None
    if holding_cost is not None and shortage_cost is not None and order_cost is not None:
        h = check_non_negative(holding_cost, "holding_cost")
        p = check_non_negative(shortage_cost, "shortage_cost")
        k = check_non_negative(order_cost, "order_cost")
        code = check_currency(currency, "currency")
        if review != 0:
            raise InvalidInputError(
                "review_period", review_period, "0 when costs are given (continuous review)"
            )
        if table is not None:
            total = _poisson_cost_sum(table, mu, levels, h, p)
        else:
            top = r + q
            total = h * ((top - mu) ** 2 - (r - mu) ** 2) / 2 + (h + p) * (
                _normal_second_loss(r, mu, sigma) - _normal_second_loss(top, mu, sigma)
            )
        exact_cost = _unrounded((k * demand.mean + total) / q, keep=keep)
        cost = quantize((k * demand.mean + total) / q, code)
        reasons.append(
            Reason.of(
                "INVENTORY.POLICY.COST",
                f"Expected cost per {demand.period.value} g(r, Q) = (K·λ + Σ/∫ g(y))/Q with "
                f"K = {k}, h = {h}, p = {p}: {cost} {code}.",
                expected_cost=cost,
            )
        )
    return PolicyEvaluation(
        rule="inventory.evaluate_policy@1",
        reorder_point=r,
        order_quantity=q,
        trigger=rule_trigger,
        mean=quantity(mu),
        sigma=quantity(sigma),
        safety_stock=quantity(r - mu),
        z=factor,
        cycle_service_level=csl,
        fill_rate=fill,
        expected_shortage_per_cycle=quantity(short),
        expected_cost=cost,
        currency=code,
        reasons=tuple(reasons),
        expected_cost_unrounded=exact_cost,
    )
