"""The (r, Q) policy: the reorder point and order quantity that minimise cost (private).

Continuous review, backorders, costs per demand period: h per unit held, p per
unit backordered, K per order, λ mean demand per period. The exact expected
cost of a policy is g(r, Q) = (Kλ + ∫ᵣ^{r+Q} g(y) dy)/Q (a sum over
y = r+1..r+Q for Poisson demand), where g(y) = h(y − μ) + (h + p)·n(y) is the
newsvendor cost of lead-time demand (mean μ, first-order loss n) — the figure
[`evaluate_policy`][spendrules.inventory.evaluate_policy] reports. The methods:

* **EOQ + SS**: Q = √(2Kλ/h), r = the critical-ratio quantile of lead-time
  demand, p/(h + p) (FoSCT eq. 3.4 and 5.21).
* **EOQ with backorders**: Q = √(2Kλ(h + p)/(hp)), r = r(Q) below (Zheng 1992).
* **Expected inventory level** (Whitin 1953; Hadley & Whitin 1963): iterate
  r = F⁻¹(1 − Qh/(pλ)) and Q = √(2λ(K + p·n(r))/h) from the EOQ (FoSCT
  Algorithm 5.1); its own objective h(r − μ + Q/2) + Kλ/Q + pλn(r)/Q is
  reported as ``approximate_cost``.
* **Loss function** (Hadley & Whitin 1963): iterate n(r) = hQ/(h + p) and
  Q = √(2(Kλ + (h + p)·n⁽²⁾(r))/h) from the EOQ (FoSCT eq. 5.28-5.29).
* **Exact**: Poisson demand by Federgruen & Zheng (1992): grow Q one unit at a
  time, adding to the window r+1..r+Q the cheaper end, until the average cost
  rises. Normal demand: r(Q) solves g(r) = g(r + Q) and the optimal Q the
  condition g(r(Q)) = g(r(Q), Q) (both bisections; FoSCT eq. 5.9-5.10).

Searches run in binary floating point on the float kernels of ``stats``
(the house convention for statistics) and stop when the bracket or the fixed
point no longer moves in the 12th significant digit; r and Q are then reported
to 6 decimal places (whole units for Poisson demand).

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2nd ed., 2019), ch. 5
    (Examples 5.1-5.8, Problems 5.1-5.3), reproduced by stockpyl ``rq.py``.
    Federgruen & Zheng, "An efficient algorithm for computing an optimal (r, Q)
    policy", *Operations Research* 40(4) (1992) 808-813. Zheng, "On properties of
    stochastic inventory systems", *Management Science* 38(1) (1992) 87-103.
    Hadley & Whitin, *Analysis of Inventory Systems* (1963).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import cast

import attrs

from spendrules._checks import check_currency, check_positive
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import (
    as_float,
    check_days_per_year,
    enum_value,
    quantity,
    round_statistic,
    statistic,
)
from spendrules._inventory.costs import PolicyEvaluation, evaluate_policy
from spendrules._inventory.demand import Demand, Distribution, LeadTime
from spendrules._inventory.policy import _check_inputs, _Interval, _interval, _poisson_mean
from spendrules._inventory.stats import PoissonTable, f_inv_loss, f_loss, f_loss2, f_ppf
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, quantize
from spendrules.results import Explained, Reason

__all__ = [
    "RQMethod",
    "RQPolicy",
    "ReorderPointForQuantity",
    "optimal_reorder_point",
    "rq_policy",
]

_ZERO = Decimal(0)
#: Iteration cap of the fixed-point methods (they converge in tens of steps).
_MAX_ITERATIONS = 10_000
#: Relative change below which a fixed point has converged.
_CONVERGED = 1e-12


class RQMethod(SpendEnum):
    """How [`rq_policy`][spendrules.inventory.rq_policy] chooses r and Q.

    Attributes:
        EOQ_SS: The EOQ plus the newsvendor reorder point (normal demand).
        EOQ_BACKORDERS: The EOQ with planned backorders and the best r for it
            (normal demand).
        EXPECTED_INVENTORY_LEVEL: The expected-inventory-level iteration
            (normal demand).
        LOSS_FUNCTION: The loss-function iteration (normal demand).
        EXACT: The minimum of the exact cost g(r, Q) (normal or Poisson demand).
    """

    EOQ_SS = "eoq_ss"
    EOQ_BACKORDERS = "eoq_backorders"
    EXPECTED_INVENTORY_LEVEL = "expected_inventory_level"
    LOSS_FUNCTION = "loss_function"
    EXACT = "exact"


@attrs.frozen
class _Costs:
    """Float kernels of the newsvendor cost of lead-time demand (normal)."""

    h: float
    p: float
    mu: float
    sigma: float

    def loss(self, y: float) -> float:
        """n(y) = E[(D − y)⁺]."""
        if self.sigma == 0:
            return max(self.mu - y, 0.0)
        return self.sigma * f_loss((y - self.mu) / self.sigma)

    def loss2(self, y: float) -> float:
        """n⁽²⁾(y) = ½E[((D − y)⁺)²]."""
        if self.sigma == 0:
            short = max(self.mu - y, 0.0)
            return short * short / 2
        return self.sigma * self.sigma * f_loss2((y - self.mu) / self.sigma)

    def g(self, y: float) -> float:
        """Newsvendor cost g(y) = h(y − μ) + (h + p)·n(y)."""
        return self.h * (y - self.mu) + (self.h + self.p) * self.loss(y)

    def quantile(self, alpha: float) -> float:
        """F⁻¹(α) of lead-time demand (μ when σ = 0)."""
        return self.mu + self.sigma * f_ppf(alpha) if self.sigma > 0 else self.mu

    def newsvendor(self) -> float:
        """S* = F⁻¹(p/(h + p)), the minimiser of g."""
        return self.quantile(self.p / (self.h + self.p))

    def integral(self, r: float, q: float) -> float:
        """∫ᵣ^{r+Q} g(y) dy."""
        top = r + q
        held = self.h * ((top - self.mu) * (top - self.mu) - (r - self.mu) * (r - self.mu)) / 2
        return held + (self.h + self.p) * (self.loss2(r) - self.loss2(top))

    def r_for_q(self, q: float) -> float:
        """r(Q): the root of g(r + Q) − g(r), increasing in r, in [S* − Q, S*]."""
        low, high = self.newsvendor() - q, self.newsvendor()
        slope = self.h * q / (self.h + self.p)
        while True:
            middle = 0.5 * (low + high)
            if not low < middle < high:  # collapsed (or NaN from an overflow)
                return middle
            if self.loss(middle) - self.loss(middle + q) > slope:
                low = middle
            else:
                high = middle


def _bisect_exact_q(costs: _Costs, k: float, lam: float) -> float:
    """The Q where g(r(Q)) = g(r(Q), Q): below it the average cost exceeds g(r(Q))."""
    eoq = math.sqrt(2 * k * lam / costs.h)
    low, high = 0.0, eoq
    while math.isfinite(high):  # a long cycle averages below its end cost g(r(Q)): a root
        r = costs.r_for_q(high)
        if costs.g(r) >= (k * lam + costs.integral(r, high)) / high:
            break
        low, high = high, 2 * high
    else:
        return high  # overflowed: the caller refuses it
    while True:
        middle = 0.5 * (low + high)
        if not low < middle < high:
            return middle
        r = costs.r_for_q(middle)
        if costs.g(r) < (k * lam + costs.integral(r, middle)) / middle:
            low = middle
        else:
            high = middle


def _close(new: float, old: float, scale: float) -> bool:
    return abs(new - old) <= _CONVERGED * max(scale, abs(new))


def _fixed_point(costs: _Costs, k: float, lam: float, method: RQMethod) -> tuple[float, float, int]:
    """Iterate an approximation from Q = EOQ; return r, Q and the iterations used."""
    q = math.sqrt(2 * k * lam / costs.h)
    r = 0.0
    scale = max(1.0, costs.mu, costs.sigma)
    for step in range(1, _MAX_ITERATIONS + 1):
        if method is RQMethod.EXPECTED_INVENTORY_LEVEL:
            alpha = 1 - q * costs.h / (costs.p * lam)
            if not 0 < alpha < 1:
                raise InvalidInputError(
                    "shortage_cost",
                    costs.p,
                    f"such that 0 < 1 − Q·h/(p·λ) < 1 as a double in the expected-inventory-level "
                    f"method (Q = {q:.6f}, h = {costs.h}, λ = {lam})",
                )
            new_r = costs.quantile(alpha)
            new_q = math.sqrt(2 * lam * (k + costs.p * costs.loss(new_r)) / costs.h)
        else:
            target = costs.h * q / (costs.h + costs.p)
            if not math.isfinite(target):
                raise InvalidInputError(
                    "demand", costs.sigma, "small enough that the iteration stays within a double"
                )
            if costs.sigma > 0:
                new_r = costs.mu + costs.sigma * f_inv_loss(target / costs.sigma)
            else:
                new_r = costs.mu - target
            new_q = math.sqrt(2 * (k * lam + (costs.h + costs.p) * costs.loss2(new_r)) / costs.h)
        done = _close(new_r, r, scale) and _close(new_q, q, scale)
        r, q = new_r, new_q
        if done:
            return r, q, step
    raise InvalidInputError(
        "method", method, f"an approximation that converges within {_MAX_ITERATIONS} iterations"
    )


def _poisson_g(table: PoissonTable, h: float, p: float, mu: float, y: int) -> float:
    return h * (y - mu) + (h + p) * table.loss(y)


def _poisson_exact(  # noqa: PLR0917 - private kernel
    table: PoissonTable, star: int, h: float, p: float, k: float, lam: float
) -> tuple[int, int]:
    """Federgruen-Zheng: grow the window r+1..r+Q by its cheaper end while the average falls."""
    mu = table.mean
    r, q = star - 1, 1
    total = _poisson_g(table, h, p, mu, star)
    while True:
        left = _poisson_g(table, h, p, mu, r)
        right = _poisson_g(table, h, p, mu, r + q + 1)
        added = min(left, right)
        if added * q >= k * lam + total:  # the average would not fall
            return r, q
        total += added
        if left < right:
            r -= 1
        q += 1


def _poisson_r_for_q(table: PoissonTable, star: int, h: float, p: float, q: int) -> int:
    """Smallest r in [S* − Q, S* − 1] with g(r + Q + 1) >= g(r + 1) (window sums are convex)."""
    mu = table.mean
    low, high = star - q, star - 1
    while low < high:
        middle = (low + high) // 2
        if _poisson_g(table, h, p, mu, middle + q + 1) >= _poisson_g(table, h, p, mu, middle + 1):
            high = middle
        else:
            low = middle + 1
    return low


@attrs.frozen
class RQPolicy(Explained):
    """An (r, Q) policy chosen for cost, with what it costs and the service it buys.

    Costs are per demand period (``demand.period``), like the inputs.

    Attributes:
        rule: ``"inventory.rq_policy@1"``.
        method: How r and Q were chosen.
        reorder_point: r (units; whole for Poisson demand): order when the
            inventory position falls to r.
        order_quantity: Q (units; whole for Poisson demand).
        mean: Mean lead-time demand μ (units).
        sigma: Standard deviation of lead-time demand (units).
        safety_stock: r − μ (units; negative when backorders are cheaper).
        newsvendor_level: S*, the critical-ratio quantile p/(h + p) of
            lead-time demand (units).
        orders_per_period: λ/Q.
        average_on_hand: Expected units on hand, (1/Q)·∫ E[(y − D)⁺] dy.
        average_backorders: Expected units backordered, (1/Q)·∫ E[(D − y)⁺] dy.
        iterations: Steps of the fixed-point methods, else ``None``.
        approximate_cost: The expected-inventory-level method's own objective
            h(r − μ + Q/2) + Kλ/Q + pλn(r)/Q, else ``None``.
        expected_cost: The exact g(r, Q), from [`evaluate_policy`][spendrules.inventory.evaluate_policy].
        ordering_cost: Kλ/Q, allocated so the three parts sum to ``expected_cost``.
        holding_cost: h·``average_on_hand``, allocated likewise.
        backorder_cost: p·``average_backorders``, allocated likewise.
        expected_cost_unrounded: g(r, Q) to 15 significant digits, with
            ``unrounded=True``, else ``None``.
        approximate_cost_unrounded: ``approximate_cost`` to 15 significant
            digits, with ``unrounded=True``, else ``None``.
        currency: Currency of the costs.
        evaluation: The [`PolicyEvaluation`][spendrules.inventory.PolicyEvaluation] of (r, Q) with the costs
            (cycle service level, fill rate, expected shortage per cycle).
        reasons: How r and Q were found, then the evaluation's reasons.
    """

    rule: str
    method: RQMethod
    reorder_point: Decimal
    order_quantity: Decimal
    mean: Decimal
    sigma: Decimal
    safety_stock: Decimal
    newsvendor_level: Decimal
    orders_per_period: Decimal
    average_on_hand: Decimal
    average_backorders: Decimal
    iterations: int | None
    approximate_cost: Decimal | None
    expected_cost: Decimal
    ordering_cost: Decimal
    holding_cost: Decimal
    backorder_cost: Decimal
    expected_cost_unrounded: Decimal | None
    approximate_cost_unrounded: Decimal | None
    currency: str
    evaluation: PolicyEvaluation
    reasons: tuple[Reason, ...]


@attrs.frozen
class ReorderPointForQuantity(Explained):
    """The cost-optimal reorder point r(Q) for an order quantity already agreed.

    Attributes:
        rule: ``"inventory.optimal_reorder_point@1"``.
        order_quantity: Q, as given (units).
        reorder_point: r(Q): g(r) = g(r + Q) for normal demand; for Poisson
            demand the window r+1..r+Q of least total cost (units).
        mean: Mean lead-time demand μ (units).
        sigma: Standard deviation of lead-time demand (units).
        safety_stock: r − μ (units).
        newsvendor_level: S*, the critical-ratio quantile of lead-time demand.
        expected_cost: g(r, Q) per demand period when ``order_cost`` is given,
            else ``None``.
        currency: Currency of ``expected_cost``, or ``None``.
        evaluation: The [`PolicyEvaluation`][spendrules.inventory.PolicyEvaluation] of (r, Q).
        reasons: How r was found, then the evaluation's reasons.
    """

    rule: str
    order_quantity: Decimal
    reorder_point: Decimal
    mean: Decimal
    sigma: Decimal
    safety_stock: Decimal
    newsvendor_level: Decimal
    expected_cost: Decimal | None
    currency: str | None
    evaluation: PolicyEvaluation
    reasons: tuple[Reason, ...]


@attrs.frozen
class _Setup:
    demand: Demand
    lead_time: LeadTime
    h: Decimal
    p: Decimal
    span: _Interval
    basis: Decimal
    costs: _Costs
    table: PoissonTable | None
    star: int  # the Poisson newsvendor level (0 for normal demand)


def _setup(
    demand: Demand,
    lead_time: LeadTime,
    holding_cost: Decimal | int,
    shortage_cost: Decimal | int,
    days_per_year: Decimal | int,
) -> _Setup:
    demand, lead_time = _check_inputs(demand, lead_time)
    h = check_positive(holding_cost, "holding_cost")
    p = check_positive(shortage_cost, "shortage_cost")
    basis = check_days_per_year(days_per_year)
    span = _interval(demand, lead_time, _ZERO, basis)
    costs = _Costs(
        positive_float(h, "holding_cost"),
        positive_float(p, "shortage_cost"),
        as_float(span.mean, "demand"),
        as_float(span.sigma, "demand"),
    )
    critical_ratio_float(costs.h, costs.p, p)
    table: PoissonTable | None = None
    star = 0
    if demand.distribution is Distribution.POISSON:
        table = PoissonTable(_poisson_mean(span.mean))
        star = table.level_for_cdf(round_statistic(p / (h + p)))
    return _Setup(demand, lead_time, h, p, span, basis, costs, table, star)


def positive_float(value: Decimal, field: str) -> float:
    """``value`` (> 0) as a positive finite double, or raise naming ``field``."""
    number = as_float(value, field)
    if number == 0:
        raise InvalidInputError(field, value, "at least 1e-300 (a positive double)")
    return number


def critical_ratio_float(h: float, p: float, given: Decimal) -> float:
    """p/(h + p) as a double strictly inside (0, 1), or raise naming ``shortage_cost``."""
    ratio = p / (h + p)
    if not 0 < ratio < 1:
        raise InvalidInputError(
            "shortage_cost", given, "such that p/(h + p) is a double strictly between 0 and 1"
        )
    return ratio


#: Largest |r| or Q reported (a quantity with 6 places stays within 60 digits).
_MAX_UNITS = 1e50


def _finite(value: float, field: str, given: object) -> Decimal:
    if not abs(value) < _MAX_UNITS:  # also NaN
        raise InvalidInputError(field, given, "small enough that the policy stays below 1e50 units")
    return quantity(Decimal(repr(value)))


def _newsvendor_level(setup: _Setup) -> Decimal:
    if setup.table is not None:
        return Decimal(setup.star)
    return _finite(setup.costs.newsvendor(), "demand", setup.demand)


def _r_reason(setup: _Setup, r: Decimal, q: Decimal, how: str) -> Reason:
    return Reason.of(
        "INVENTORY.RQ.REORDER_POINT",
        f"Reorder point r = {r} ({how}); lead-time demand has mean {quantity(setup.span.mean)}, "
        f"so the safety stock is r − μ = {quantity(r - setup.span.mean)} for lots of {q}.",
        reorder_point=r,
        order_quantity=q,
        safety_stock=quantity(r - setup.span.mean),
    )


def _second_loss(y: Decimal, mu: Decimal, sigma: Decimal) -> Decimal:
    if sigma == 0:
        return max(mu - y, _ZERO) ** 2 / 2
    return sigma**2 * statistic(f_loss2(float((y - mu) / sigma)))


def _breakdown(
    setup: _Setup, r: Decimal, q: Decimal, k: Decimal
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Kλ/Q, average units on hand, average units backordered, and g(r, Q) summed as
    [`evaluate_policy`][spendrules.inventory.evaluate_policy] sums it (exact but for the 15-digit loss values)."""
    mu, sigma, h, p = setup.span.mean, setup.span.sigma, setup.h, setup.p
    if setup.table is not None:
        levels = range(int(r) + 1, int(r) + int(q) + 1)
        shortfall = sum((statistic(setup.table.loss(y)) for y in levels), _ZERO)
        linear = sum((y - mu for y in levels), _ZERO)
    else:
        shortfall = _second_loss(r, mu, sigma) - _second_loss(r + q, mu, sigma)
        linear = ((r + q - mu) ** 2 - (r - mu) ** 2) / 2
    ordering = k * setup.demand.mean / q
    total = ordering + (h * linear + (h + p) * shortfall) / q
    return ordering, max((linear + shortfall) / q, _ZERO), max(shortfall / q, _ZERO), total


def _method_reasons(  # noqa: PLR0917 - private helper
    setup: _Setup, method: RQMethod, r: Decimal, q: Decimal, k: Decimal, iterations: int | None
) -> list[Reason]:
    lam, h, p = setup.demand.mean, setup.h, setup.p
    unit = setup.demand.period.value
    eoq = quantity((2 * k * lam / h).sqrt())
    quantity_text = {
        RQMethod.EOQ_SS: f"the EOQ √(2Kλ/h) = √(2·{k}·{lam}/{h})",
        RQMethod.EOQ_BACKORDERS: f"the EOQ with backorders √(2Kλ(h + p)/(hp)) = √(2·{k}·{lam}·({h} + {p})/({h}·{p}))",
        RQMethod.EXPECTED_INVENTORY_LEVEL: f"the expected-inventory-level iteration Q = √(2λ(K + p·n(r))/h) from the EOQ {eoq}, {iterations} steps",
        RQMethod.LOSS_FUNCTION: f"the loss-function iteration Q = √(2(Kλ + (h + p)·n⁽²⁾(r))/h) from the EOQ {eoq}, {iterations} steps",
        RQMethod.EXACT: "the least exact cost g(r, Q)"
        + (
            " (Federgruen-Zheng: the window r+1..r+Q grows by its cheaper end while the average cost falls)"
            if setup.table is not None
            else " (where g(r(Q)) equals g(r(Q), Q))"
        ),
    }[method]
    r_text = {
        RQMethod.EOQ_SS: f"the critical-ratio quantile p/(h + p) = {round_statistic(p / (h + p))} of lead-time demand",
        RQMethod.EOQ_BACKORDERS: "g(r) = g(r + Q): the cheapest reorder point for that Q",
        RQMethod.EXPECTED_INVENTORY_LEVEL: "r = F⁻¹(1 − Qh/(pλ)) at the fixed point",
        RQMethod.LOSS_FUNCTION: "n(r) = hQ/(h + p) at the fixed point",
        RQMethod.EXACT: "jointly with Q",
    }[method]
    return [
        Reason.of(
            "INVENTORY.RQ.ORDER_QUANTITY",
            f"Order quantity Q = {q} from {quantity_text}; {quantity(lam / q)} orders per {unit} "
            f"(K = {k}, h = {h}, p = {p} per {unit}, λ = {lam} per {unit}).",
            method=method,
            order_quantity=q,
            iterations=iterations,
        ),
        _r_reason(setup, r, q, r_text),
    ]


def rq_policy(
    demand: Demand,
    lead_time: LeadTime,
    *,
    holding_cost: Decimal | int,
    shortage_cost: Decimal | int,
    order_cost: Decimal | int,
    currency: str,
    method: RQMethod = RQMethod.EXACT,
    unrounded: bool = False,
    days_per_year: Decimal | int = 365,
) -> RQPolicy:
    """Return the reorder point r and order quantity Q that minimise cost, with its figures.

    Continuous review with backorders: order Q whenever the inventory position
    falls to r. ``method`` picks the exact optimum (the default) or one of the
    textbook approximations procurement tools use (see [`RQMethod`][spendrules.inventory.RQMethod]); the
    cost reported is always the exact g(r, Q) of the policy returned, split
    into ordering, holding and backorder cost, so approximations can be priced
    against the optimum.

    Args:
        demand: Demand per period (normal, or Poisson for ``EXACT``); costs are
            per this period.
        lead_time: Lead time (its ``sd`` adds variability, normal demand only).
        holding_cost: h per unit on hand per demand period (``> 0``).
        shortage_cost: p per unit backordered per demand period (``> 0``).
        order_cost: K per order (``> 0``).
        currency: Currency of the costs.
        method: See [`RQMethod`][spendrules.inventory.RQMethod]; default ``EXACT``.
        unrounded: Also report the costs to 15 significant digits.
        days_per_year: Day basis for unit conversions.

    Returns:
        An [`RQPolicy`][spendrules.inventory.RQPolicy]; costs in ``currency`` minor units, half up.

    Raises:
        InvalidInputError: a non-positive cost or mean demand; an approximation
            with Poisson demand; the expected-inventory-level method where
            Q·h >= p·λ (no quantile exists); inputs so large a double overflows.
        TypeError: a float, or ``demand``/``lead_time`` of the wrong type.

    Examples:
        >>> from spendrules.inventory import TimeUnit
        >>> d, lt = Demand(1300, 150, TimeUnit.YEAR), LeadTime(1, period=TimeUnit.MONTH)
        >>> eoq_ss = rq_policy(d, lt, holding_cost=Decimal("0.225"), shortage_cost=Decimal("7.5"),
        ...     order_cost=8, currency="USD", method=RQMethod.EOQ_SS)
        >>> eoq_ss.reorder_point, eoq_ss.order_quantity, eoq_ss.expected_cost
        (Decimal('190.336997'), Decimal('304.046780'), Decimal('87.05'))
        >>> best = rq_policy(d, lt, holding_cost=Decimal("0.225"), shortage_cost=Decimal("7.5"),
        ...     order_cost=8, currency="USD")
        >>> best.reorder_point, best.order_quantity, best.expected_cost
        (Decimal('126.867063'), Decimal('328.449142'), Decimal('78.07'))

    References:
        Snyder & Shen Examples 5.1-5.8; stockpyl ``rq.py``; Federgruen & Zheng (1992).
    """
    with exact():
        setup = _setup(demand, lead_time, holding_cost, shortage_cost, days_per_year)
        k = check_positive(order_cost, "order_cost")
        code = check_currency(currency, "currency")
        rule_method = enum_value(RQMethod, method, "method")
        if not isinstance(unrounded, bool):
            raise TypeError(f"unrounded must be a bool, not {type(unrounded).__name__}")
        lam = setup.demand.mean
        if lam == 0:
            raise InvalidInputError("demand.mean", lam, "> 0 (with no demand nothing is ordered)")
        kf, lamf = positive_float(k, "order_cost"), positive_float(lam, "demand.mean")
        costs = setup.costs
        iterations: int | None = None
        if setup.table is not None:
            if rule_method is not RQMethod.EXACT:
                raise InvalidInputError(
                    "method",
                    rule_method,
                    "'exact' for Poisson demand (the approximations are normal)",
                )
            whole_r, whole_q = _poisson_exact(setup.table, setup.star, costs.h, costs.p, kf, lamf)
            r, q = Decimal(whole_r), Decimal(whole_q)
        else:
            if not math.sqrt(2 * kf * lamf / costs.h) < _MAX_UNITS:
                raise InvalidInputError(
                    "order_cost", k, "small enough that the EOQ is below 1e50 units"
                )
            if rule_method is RQMethod.EXACT:
                qf = _bisect_exact_q(costs, kf, lamf)
                rf = costs.r_for_q(qf)
            elif rule_method is RQMethod.EOQ_SS:
                qf, rf = math.sqrt(2 * kf * lamf / costs.h), costs.newsvendor()
            elif rule_method is RQMethod.EOQ_BACKORDERS:
                qf = math.sqrt(2 * kf * lamf * (costs.h + costs.p) / (costs.h * costs.p))
                rf = costs.r_for_q(qf)
            else:
                rf, qf, iterations = _fixed_point(costs, kf, lamf, rule_method)
            q = _finite(qf, "demand", setup.demand)
            r = _finite(rf, "demand", setup.demand)
        evaluation = evaluate_policy(
            r,
            q,
            demand=setup.demand,
            lead_time=setup.lead_time,
            holding_cost=setup.h,
            shortage_cost=setup.p,
            order_cost=k,
            currency=code,
            days_per_year=setup.basis,
        )
        ordering_exact, on_hand, backorders, total = _breakdown(setup, r, q, k)
        cost = cast(Decimal, evaluation.expected_cost)  # the costs were given
        ordering, holding, backorder = allocate(
            cost,
            [ordering_exact, setup.h * on_hand, setup.p * backorders],
            code,
        )
        reasons = _method_reasons(setup, rule_method, r, q, k, iterations)
        approximate: Decimal | None = None
        if rule_method is RQMethod.EXPECTED_INVENTORY_LEVEL:
            mu, sigma = setup.span.mean, setup.span.sigma
            short = (
                sigma * statistic(f_loss(float((r - mu) / sigma)))
                if sigma > 0
                else max(mu - r, _ZERO)
            )
            approximate = setup.h * (r - mu + q / 2) + k * lam / q + setup.p * lam * short / q
            reasons.append(
                Reason.of(
                    "INVENTORY.RQ.APPROXIMATE_COST",
                    f"The method's own objective h(r − μ + Q/2) + Kλ/Q + pλn(r)/Q = "
                    f"{quantize(approximate, code)} {code}; the exact cost of the policy is "
                    f"{cost} {code}.",
                    approximate_cost=quantize(approximate, code),
                )
            )
        reasons.append(
            Reason.of(
                "INVENTORY.RQ.COST",
                f"Expected cost {cost} {code} per {setup.demand.period.value}: "
                f"ordering Kλ/Q {ordering}, holding h·{quantity(on_hand)} on hand {holding}, "
                f"backorders p·{quantity(backorders)} short {backorder}.",
                expected_cost=cost,
                ordering_cost=ordering,
                holding_cost=holding,
                backorder_cost=backorder,
            )
        )
        return RQPolicy(
            rule="inventory.rq_policy@1",
            method=rule_method,
            reorder_point=r,
            order_quantity=q,
            mean=quantity(setup.span.mean),
            sigma=quantity(setup.span.sigma),
            safety_stock=quantity(r - setup.span.mean),
            newsvendor_level=_newsvendor_level(setup),
            orders_per_period=quantity(lam / q),
            average_on_hand=quantity(on_hand),
            average_backorders=quantity(backorders),
            iterations=iterations,
            approximate_cost=None if approximate is None else quantize(approximate, code),
            expected_cost=cost,
            ordering_cost=ordering,
            holding_cost=holding,
            backorder_cost=backorder,
            expected_cost_unrounded=round_statistic(total) if unrounded else None,
            approximate_cost_unrounded=(
                round_statistic(approximate) if unrounded and approximate is not None else None
            ),
            currency=code,
            evaluation=evaluation,
            reasons=(*reasons, *evaluation.reasons),
        )


def optimal_reorder_point(
    order_quantity: Decimal | int,
    *,
    demand: Demand,
    lead_time: LeadTime,
    holding_cost: Decimal | int,
    shortage_cost: Decimal | int,
    order_cost: Decimal | int | None = None,
    currency: str | None = None,
    days_per_year: Decimal | int = 365,
) -> ReorderPointForQuantity:
    """Return the cheapest reorder point r(Q) for an order quantity already fixed.

    When the lot is set by the supplier (a pallet, a minimum order), only r is
    left to choose: for normal demand the r with g(r) = g(r + Q) (FoSCT eq.
    5.9), for Poisson demand the window r+1..r+Q of whole units with the least
    total newsvendor cost (ties to the lower r).

    Args:
        order_quantity: Q (units, ``> 0``; whole for Poisson demand).
        demand: Demand per period (normal or Poisson).
        lead_time: Lead time.
        holding_cost: h per unit on hand per demand period (``> 0``).
        shortage_cost: p per unit backordered per demand period (``> 0``).
        order_cost: K per order, to report the expected cost g(r, Q).
        currency: Currency of the cost; given with ``order_cost``.
        days_per_year: Day basis for unit conversions.

    Returns:
        A [`ReorderPointForQuantity`][spendrules.inventory.ReorderPointForQuantity].

    Raises:
        InvalidInputError: a non-positive Q or cost; a fractional Q for Poisson
            demand; only one of ``order_cost`` and ``currency``.
        TypeError: a float, or wrong input types.

    Examples:
        >>> from spendrules.inventory import TimeUnit
        >>> optimal_reorder_point(318, demand=Demand(1300, 150, TimeUnit.YEAR),
        ...     lead_time=LeadTime(1, period=TimeUnit.MONTH), holding_cost=Decimal("0.225"),
        ...     shortage_cost=Decimal("7.5")).reorder_point
        Decimal('127.788035')

    References:
        Snyder & Shen eq. (5.9); stockpyl ``r_q_optimal_r_for_q``.
    """
    with exact():
        setup = _setup(demand, lead_time, holding_cost, shortage_cost, days_per_year)
        q = check_positive(order_quantity, "order_quantity")
        if (order_cost is None) != (currency is None):
            raise InvalidInputError(
                "order_cost/currency", (order_cost, currency), "both given or both omitted"
            )
        if setup.table is not None:
            if q != q.to_integral_value():
                raise InvalidInputError(
                    "order_quantity", order_quantity, "a whole number of units for Poisson demand"
                )
            r = Decimal(
                _poisson_r_for_q(setup.table, setup.star, setup.costs.h, setup.costs.p, int(q))
            )
            how = "the window r+1..r+Q of least total cost"
        else:
            r = _finite(setup.costs.r_for_q(as_float(q, "order_quantity")), "order_quantity", q)
            how = "g(r) = g(r + Q): the newsvendor cost is equal at both ends of the cycle"
        evaluation = evaluate_policy(
            r,
            q,
            demand=setup.demand,
            lead_time=setup.lead_time,
            holding_cost=None if order_cost is None else setup.h,
            shortage_cost=None if order_cost is None else setup.p,
            order_cost=order_cost,
            currency=currency,
            days_per_year=setup.basis,
        )
        return ReorderPointForQuantity(
            rule="inventory.optimal_reorder_point@1",
            order_quantity=q,
            reorder_point=r,
            mean=quantity(setup.span.mean),
            sigma=quantity(setup.span.sigma),
            safety_stock=quantity(r - setup.span.mean),
            newsvendor_level=_newsvendor_level(setup),
            expected_cost=evaluation.expected_cost,
            currency=evaluation.currency,
            evaluation=evaluation,
            reasons=(_r_reason(setup, r, q, how), *evaluation.reasons),
        )
