"""Periodic review: the (s, S) policy and the base-stock level (private).

Each period (one demand period) the inventory position is reviewed; with an
(s, S) policy an order raises it to S whenever it is at or below s, paying K
per order; a base-stock policy orders up to S every period. Costs h (per unit
on hand) and p (per unit backordered) are charged per period on the demand
over the lead time plus one period, D_{L+1}: G(y) = h·E[(y − D)⁺] + p·E[(D − y)⁺].

* **(s, S) exact, Poisson demand** (Zheng & Federgruen 1991): the cost of a
  policy is c(s, S) = (K + Σ_{d=0}^{S−s−1} m(d)·G(S − d))/M(S − s), where
  m(0) = 1/(1 − p₀), m(j) = m(0)·Σ_{l=1}^{j} p_l·m(j − l) (p_l the one-period
  demand probabilities) and M(j) = Σ_{i<j} m(i) the expected periods between
  orders. The search starts at the newsvendor level y*, lowers s until
  c(s, y*) <= G(s), then raises S while G(S) <= the best cost, raising s
  whenever a better S is found (FoSCT Algorithm 4.2).
* **(s, S) power approximation, normal demand** (Ehrhardt 1979; Ehrhardt &
  Mosier 1984): Q = 1.30·μ^0.494·(K/h)^0.506·(1 + σ²_{L+1}/μ²)^0.116,
  z = √(Q·h/(σ_{L+1}·p)), s = 0.973·μ_{L+1} + σ_{L+1}·(0.183/z + 1.063 −
  2.192·z), S = s + Q (FoSCT eq. 4.77-4.80). Ehrhardt & Mosier also cap s and
  S at the newsvendor level when Q/μ <= 1.5; that cap is the
  ``newsvendor_cap`` option (off by default, as in FoSCT and stockpyl).
* **Base stock**: S* = the critical-ratio quantile p/(h + p) of D_{L+R}, the
  newsvendor on the protection interval (FoSCT section 4.3.3).

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2nd ed., 2019),
    section 4.4-4.6 (Examples 4.7, 4.8; Problems 4.31, 4.32), reproduced by
    stockpyl ``ss.py``. Zheng & Federgruen, "Finding optimal (s, S) policies is
    about as simple as evaluating a single policy", *Operations Research* 39(4)
    (1991) 654-665. Ehrhardt & Mosier, "A revision of the power approximation
    for computing (s, S) policies", *Management Science* 30 (1984) 618-622.
"""

from __future__ import annotations

import math
from decimal import Decimal

import attrs

from spendrules._checks import (
    check_currency,
    check_decimal,
    check_non_negative,
    check_positive,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import (
    as_float,
    check_days_per_year,
    enum_value,
    quantity,
    round_statistic,
    statistic,
    unit_factor,
)
from spendrules._inventory.costs import newsvendor
from spendrules._inventory.demand import Demand, Distribution, LeadTime
from spendrules._inventory.policy import (
    _check_inputs,
    _Interval,
    _interval,
    _interval_reason,
    _poisson_mean,
)
from spendrules._inventory.rq import critical_ratio_float, positive_float
from spendrules._inventory.stats import PoissonTable, f_loss, f_ppf
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, quantize
from spendrules.results import Explained, Reason

__all__ = [
    "BaseStockLevel",
    "SSMethod",
    "SSPolicy",
    "base_stock_level",
    "ss_policy",
]

_ZERO = Decimal(0)


class SSMethod(SpendEnum):
    """How [`ss_policy`][spendrules.inventory.ss_policy] chooses s and S.

    Attributes:
        EXACT: Zheng-Federgruen search for the optimum (Poisson demand).
        POWER: The Ehrhardt-Mosier power approximation (normal demand).
    """

    EXACT = "exact"
    POWER = "power"


@attrs.frozen
class SSPolicy(Explained):
    """An (s, S) policy: order up to S whenever the position is at or below s.

    Costs are per demand period (one review period).

    Attributes:
        rule: ``"inventory.ss_policy@1"``.
        method: How s and S were chosen.
        given: True when s and S were given to be evaluated, not chosen.
        reorder_point: s (units; whole for Poisson demand).
        order_up_to_level: S (units; whole for Poisson demand).
        mean: Mean demand over the lead time plus one period, μ_{L+1}.
        sigma: Its standard deviation, σ_{L+1}.
        newsvendor_level: y*, the critical-ratio quantile p/(h + p) of D_{L+1}.
        power_quantity: The power approximation's Q, else ``None``.
        cycle_periods: M(S − s), expected periods between orders (exact), else ``None``.
        expected_cost: c(s, S) per period (exact), else ``None``.
        ordering_cost: K/M(S − s), allocated so the parts sum to ``expected_cost``.
        holding_cost: The holding part of ``expected_cost``.
        backorder_cost: The backorder part of ``expected_cost``.
        expected_cost_unrounded: c(s, S) to 15 significant digits with
            ``unrounded=True``, else ``None``.
        currency: Currency of the costs.
        reasons: How s and S were found, with the numbers.
    """

    rule: str
    method: SSMethod
    given: bool
    reorder_point: Decimal
    order_up_to_level: Decimal
    mean: Decimal
    sigma: Decimal
    newsvendor_level: Decimal
    power_quantity: Decimal | None
    cycle_periods: Decimal | None
    expected_cost: Decimal | None
    ordering_cost: Decimal | None
    holding_cost: Decimal | None
    backorder_cost: Decimal | None
    expected_cost_unrounded: Decimal | None
    currency: str
    reasons: tuple[Reason, ...]


def _pmf(k: int, mean: float) -> float:
    return math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))


class _Renewal:
    """The Zheng-Federgruen cost c(s, S) for Poisson demand, with its tables grown on demand."""

    def __init__(self, mean: float, table: PoissonTable, h: float, p: float, k: float) -> None:
        self.mean, self.table, self.h, self.p, self.k = mean, table, h, p, k
        self.pmf = [math.exp(-mean)]
        self.m = [1.0 / -math.expm1(-mean)]
        self.big_m = [0.0, self.m[0]]
        self.g: dict[int, float] = {}

    def cost(self, y: int) -> float:
        """G(y) = h(y − μ) + (h + p)·E[(D_{L+1} − y)⁺]."""
        if y not in self.g:
            self.g[y] = self.h * (y - self.table.mean) + (self.h + self.p) * self.table.loss(y)
        return self.g[y]

    def _grow(self, size: int) -> None:
        while len(self.m) < size:
            j = len(self.m)
            self.pmf.append(_pmf(j, self.mean))
            self.m.append(
                self.m[0] * math.fsum(self.pmf[i] * self.m[j - i] for i in range(1, j + 1))
            )
            self.big_m.append(self.big_m[-1] + self.m[-1])

    def policy(self, s: int, big_s: int) -> float:
        """c(s, S) for s < S."""
        self._grow(big_s - s)
        total = math.fsum(self.m[d] * self.cost(big_s - d) for d in range(big_s - s))
        return (self.k + total) / self.big_m[big_s - s]


def _zheng_federgruen(renewal: _Renewal, star: int) -> tuple[int, int]:
    s = star
    while True:
        s -= 1
        if renewal.policy(s, star) <= renewal.cost(s):
            break
    best_s, best_big_s = s, star
    best = renewal.policy(s, star)
    big_s = star + 1
    while renewal.cost(big_s) <= best:
        if renewal.policy(s, big_s) < best:
            best_big_s = big_s
            while renewal.policy(s, best_big_s) <= renewal.cost(s + 1):
                s += 1
            best_s = s
            best = renewal.policy(s, best_big_s)
        big_s += 1
    return best_s, best_big_s


@attrs.frozen
class _SSSetup:
    demand: Demand
    h: Decimal
    p: Decimal
    k: Decimal
    code: str
    span: _Interval


def _span(demand: Demand, lead_time: LeadTime, periods: Decimal, basis: Decimal) -> _Interval:
    """Demand over the lead time plus ``periods`` demand periods."""
    review = periods * unit_factor(demand.period, lead_time.period, basis)
    return _interval(demand, lead_time, review, basis)


def ss_policy(
    demand: Demand,
    lead_time: LeadTime,
    *,
    holding_cost: Decimal | int,
    shortage_cost: Decimal | int,
    order_cost: Decimal | int,
    currency: str,
    method: SSMethod = SSMethod.EXACT,
    reorder_point: Decimal | int | None = None,
    order_up_to_level: Decimal | int | None = None,
    newsvendor_cap: bool = False,
    unrounded: bool = False,
    days_per_year: Decimal | int = 365,
) -> SSPolicy:
    """Return the (s, S) policy for periodic review with a fixed order cost.

    The review period is the demand's period: to review weekly, give weekly
    demand. ``EXACT`` (the default) needs Poisson demand and reports the exact
    cost per period split into ordering, holding and backorders; ``POWER``
    needs normal demand and reports s and S only (the approximation has no
    cost of its own).

    Args:
        demand: Demand per review period (Poisson for ``EXACT``, normal for ``POWER``).
        lead_time: Lead time (0 in the textbook model; normal demand may vary it).
        holding_cost: h per unit on hand per period (``> 0``).
        shortage_cost: p per unit backordered per period (``> 0``).
        order_cost: K per order (``> 0``).
        currency: Currency of the costs.
        method: See [`SSMethod`][spendrules.inventory.SSMethod].
        reorder_point: With ``order_up_to_level``, evaluate this s instead
            of optimising (``EXACT`` only; whole units, s < S).
        order_up_to_level: The S to evaluate.
        newsvendor_cap: ``POWER`` only: when Q/μ <= 1.5, cap s and S at the
            newsvendor level (Ehrhardt & Mosier 1984). Default False (FoSCT eq.
            4.77-4.80, stockpyl).
        unrounded: Also report the cost to 15 significant digits.
        days_per_year: Day basis for unit conversions.

    Returns:
        An [`SSPolicy`][spendrules.inventory.SSPolicy].

    Raises:
        InvalidInputError: a non-positive cost or mean demand; ``EXACT`` with
            normal demand, ``POWER`` with Poisson demand or without variability;
            only one of s and S, fractional levels, s >= S, or levels with ``POWER``.
        TypeError: a float, or wrong input types.

    Examples:
        >>> poisson = Demand(6, distribution=Distribution.POISSON)
        >>> policy = ss_policy(poisson, LeadTime(0), holding_cost=1, shortage_cost=4, order_cost=5,
        ...     currency="USD", unrounded=True)
        >>> policy.reorder_point, policy.order_up_to_level, policy.expected_cost_unrounded
        (Decimal('4'), Decimal('10'), Decimal('8.03411156147164'))
        >>> power = ss_policy(Demand(50, 8), LeadTime(0), holding_cost=Decimal("0.18"),
        ...     shortage_cost=Decimal("0.70"), order_cost=Decimal("2.5"), currency="USD",
        ...     method=SSMethod.POWER)
        >>> power.reorder_point, power.order_up_to_level
        (Decimal('40.194617'), Decimal('74.290170'))

    References:
        Snyder & Shen Examples 4.7 and 4.8; stockpyl ``s_s_discrete_exact``,
        ``s_s_power_approximation``; Zheng & Federgruen (1991); Ehrhardt & Mosier (1984).
    """
    with exact():
        demand, lead_time = _check_inputs(demand, lead_time)
        h = check_positive(holding_cost, "holding_cost")
        p = check_positive(shortage_cost, "shortage_cost")
        k = check_positive(order_cost, "order_cost")
        code = check_currency(currency, "currency")
        rule_method = enum_value(SSMethod, method, "method")
        for name, flag in (("newsvendor_cap", newsvendor_cap), ("unrounded", unrounded)):
            if not isinstance(flag, bool):
                raise TypeError(f"{name} must be a bool, not {type(flag).__name__}")
        basis = check_days_per_year(days_per_year)
        if demand.mean == 0:
            raise InvalidInputError(
                "demand.mean", demand.mean, "> 0 (with no demand nothing is ordered)"
            )
        critical_ratio_float(
            positive_float(h, "holding_cost"), positive_float(p, "shortage_cost"), p
        )
        positive_float(k, "order_cost")
        positive_float(demand.mean, "demand.mean")
        setup = _SSSetup(demand, h, p, k, code, _span(demand, lead_time, Decimal(1), basis))
        poisson = demand.distribution is Distribution.POISSON
        if rule_method is SSMethod.EXACT:
            if not poisson:
                raise InvalidInputError(
                    "method", rule_method, "'power' for normal demand ('exact' needs Poisson)"
                )
            given = _given_levels(reorder_point, order_up_to_level)
            return _exact(setup, given, unrounded=unrounded)
        if poisson:
            raise InvalidInputError(
                "method", rule_method, "'exact' for Poisson demand ('power' needs normal)"
            )
        if reorder_point is not None or order_up_to_level is not None:
            raise InvalidInputError(
                "reorder_point/order_up_to_level",
                (reorder_point, order_up_to_level),
                "omitted with the power approximation (it has no cost to evaluate)",
            )
        return _power(setup, cap=newsvendor_cap)


def _given_levels(
    reorder_point: Decimal | int | None, order_up_to_level: Decimal | int | None
) -> tuple[int, int] | None:
    if reorder_point is None and order_up_to_level is None:
        return None
    if reorder_point is None or order_up_to_level is None:
        raise InvalidInputError(
            "reorder_point/order_up_to_level",
            (reorder_point, order_up_to_level),
            "both given or both omitted",
        )
    levels = []
    for name, value in (("reorder_point", reorder_point), ("order_up_to_level", order_up_to_level)):
        number = check_decimal(value, name)
        if number != number.to_integral_value():
            raise InvalidInputError(name, value, "a whole number of units for Poisson demand")
        levels.append(int(number))
    if levels[0] >= levels[1]:
        raise InvalidInputError(
            "order_up_to_level", order_up_to_level, f"> reorder_point {levels[0]}"
        )
    return levels[0], levels[1]


def _exact(setup: _SSSetup, given: tuple[int, int] | None, *, unrounded: bool) -> SSPolicy:
    span, code = setup.span, setup.code
    table = PoissonTable(_poisson_mean(span.mean))
    h, p = setup.h, setup.p
    renewal = _Renewal(
        as_float(setup.demand.mean, "demand.mean"),
        table,
        as_float(h, "holding_cost"),
        as_float(p, "shortage_cost"),
        as_float(setup.k, "order_cost"),
    )
    star = table.level_for_cdf(round_statistic(p / (h + p)))
    s, big_s = _zheng_federgruen(renewal, star) if given is None else given
    width = big_s - s
    weights = renewal.m[:width]
    periods = math.fsum(weights)
    short = math.fsum(w * table.loss(big_s - d) for d, w in enumerate(weights)) / periods
    on_hand = (
        math.fsum(w * (big_s - d - table.mean) for d, w in enumerate(weights)) / periods + short
    )
    total = statistic(renewal.policy(s, big_s))
    ordering_exact = setup.k / statistic(periods)
    cost = quantize(total, code)
    ordering, holding, backorder = allocate(
        cost, [ordering_exact, h * statistic(max(on_hand, 0.0)), p * statistic(short)], code
    )
    unit = setup.demand.period.value
    reasons = [
        _interval_reason(setup.demand, span),
        Reason.of(
            "INVENTORY.SS.EXACT" if given is None else "INVENTORY.SS.GIVEN",
            (
                f"Zheng-Federgruen search from the newsvendor level y* = {star} (critical ratio "
                f"{round_statistic(p / (h + p))}): s = {s}, S = {big_s}"
                if given is None
                else f"Given policy s = {s}, S = {big_s} (newsvendor level y* = {star})"
            )
            + f"; an order every {quantity(statistic(periods))} {unit}s on average.",
            reorder_point=s,
            order_up_to_level=big_s,
            cycle_periods=quantity(statistic(periods)),
        ),
        Reason.of(
            "INVENTORY.SS.COST",
            f"Expected cost {cost} {code} per {unit}: ordering K/M(S − s) {ordering}, holding "
            f"{holding} ({quantity(statistic(on_hand))} on hand), backorders {backorder} "
            f"({quantity(statistic(short))} short).",
            expected_cost=cost,
            ordering_cost=ordering,
            holding_cost=holding,
            backorder_cost=backorder,
        ),
    ]
    return SSPolicy(
        rule="inventory.ss_policy@1",
        method=SSMethod.EXACT,
        given=given is not None,
        reorder_point=Decimal(s),
        order_up_to_level=Decimal(big_s),
        mean=quantity(span.mean),
        sigma=quantity(span.sigma),
        newsvendor_level=Decimal(star),
        power_quantity=None,
        cycle_periods=quantity(statistic(periods)),
        expected_cost=cost,
        ordering_cost=ordering,
        holding_cost=holding,
        backorder_cost=backorder,
        expected_cost_unrounded=total if unrounded else None,
        currency=code,
        reasons=tuple(reasons),
    )


def _power(setup: _SSSetup, *, cap: bool) -> SSPolicy:
    span = setup.span
    if span.sigma == 0:
        raise InvalidInputError("demand.sd", setup.demand.sd, "> 0 for the power approximation")
    mu = as_float(setup.demand.mean, "demand.mean")
    mean, sigma = as_float(span.mean, "demand"), as_float(span.sigma, "demand")
    h, p, k = (
        as_float(x, name)
        for x, name in (
            (setup.h, "holding_cost"),
            (setup.p, "shortage_cost"),
            (setup.k, "order_cost"),
        )
    )
    try:
        q = 1.30 * mu**0.494 * (k / h) ** 0.506 * (1 + (sigma / mu) ** 2) ** 0.116
        z = math.sqrt(q * h / (sigma * p))
        s = 0.973 * mean + sigma * (0.183 / z + 1.063 - 2.192 * z)
    except (OverflowError, ZeroDivisionError):
        s = q = math.inf
    if not math.isfinite(s + q):
        raise InvalidInputError(
            "demand", setup.demand, "within the range of a double for the power approximation"
        )
    big_s = s + q
    star = mean + sigma * f_ppf(p / (h + p))
    reasons = [
        _interval_reason(setup.demand, span),
        Reason.of(
            "INVENTORY.SS.POWER",
            f"Power approximation: Q = 1.30·μ^0.494·(K/h)^0.506·(1 + σ²/μ²)^0.116 = "
            f"{quantity(statistic(q))}, z = √(Qh/(σp)) = {statistic(z)}, s = 0.973·μ + "
            f"σ·(0.183/z + 1.063 − 2.192·z) = {quantity(statistic(s))}, S = s + Q = "
            f"{quantity(statistic(big_s))}.",
            power_quantity=quantity(statistic(q)),
            z=statistic(z),
        ),
    ]
    if cap and q / mu <= 1.5:
        s, big_s = min(s, star), min(big_s, star)
        reasons.append(
            Reason.of(
                "INVENTORY.SS.NEWSVENDOR_CAP",
                f"Q/μ = {statistic(q / mu)} <= 1.5: s and S are capped at the newsvendor level "
                f"{quantity(statistic(star))} (Ehrhardt & Mosier): s = {quantity(statistic(s))}, "
                f"S = {quantity(statistic(big_s))}.",
                newsvendor_level=quantity(statistic(star)),
            )
        )
    return SSPolicy(
        rule="inventory.ss_policy@1",
        method=SSMethod.POWER,
        given=False,
        reorder_point=quantity(statistic(s)),
        order_up_to_level=quantity(statistic(big_s)),
        mean=quantity(span.mean),
        sigma=quantity(span.sigma),
        newsvendor_level=quantity(statistic(star)),
        power_quantity=quantity(statistic(q)),
        cycle_periods=None,
        expected_cost=None,
        ordering_cost=None,
        holding_cost=None,
        backorder_cost=None,
        expected_cost_unrounded=None,
        currency=setup.code,
        reasons=tuple(reasons),
    )


@attrs.frozen
class BaseStockLevel(Explained):
    """The cost-optimal base-stock (order-up-to) level, ordering every review period.

    Attributes:
        rule: ``"inventory.base_stock@1"``.
        level: S*, the critical-ratio quantile of demand over L + R (units;
            whole for Poisson demand).
        mean: Mean demand over the protection interval L + R (units).
        sigma: Its standard deviation (units).
        protection_interval: L + R in demand periods.
        safety_stock: S* − mean (units).
        critical_ratio: p/(h + p).
        z: (S* − mean)/σ for normal demand with σ > 0, else ``None``.
        in_stock_probability: P(D <= S*).
        expected_on_hand: E[(S* − D)⁺] at the end of a period (units).
        expected_backorders: E[(D − S*)⁺] (units).
        expected_cost: h·on hand + p·backorders per review period.
        expected_cost_unrounded: The same to 15 significant digits with
            ``unrounded=True``, else ``None``.
        currency: Currency of the cost.
        distribution: Normal or Poisson.
        reasons: The protection interval and the newsvendor on it.
    """

    rule: str
    level: Decimal
    mean: Decimal
    sigma: Decimal
    protection_interval: Decimal
    safety_stock: Decimal
    critical_ratio: Decimal
    z: Decimal | None
    in_stock_probability: Decimal
    expected_on_hand: Decimal
    expected_backorders: Decimal
    expected_cost: Decimal
    expected_cost_unrounded: Decimal | None
    currency: str
    distribution: Distribution
    reasons: tuple[Reason, ...]


def base_stock_level(
    demand: Demand,
    lead_time: LeadTime,
    *,
    review_period: Decimal | int,
    holding_cost: Decimal | int,
    shortage_cost: Decimal | int,
    currency: str,
    unrounded: bool = False,
    days_per_year: Decimal | int = 365,
) -> BaseStockLevel:
    """Return the base-stock level S* that minimises holding plus backorder cost.

    Periodic review, an order every review period up to S: S* is the newsvendor
    level of demand over the lead time plus one review period, the quantile
    p/(h + p) (the smallest whole S reaching it for Poisson demand). With
    ``review_period`` one demand period this is FoSCT's base-stock model and
    stockpyl's ``newsvendor_normal`` with a lead time (it protects L + 1).

    Args:
        demand: Demand per period (normal or Poisson).
        lead_time: Lead time (its ``sd`` adds variability, normal demand only).
        review_period: R in the lead time's unit (``>= 0``; 0 is the
            continuous-review base stock, an (S − 1, S) policy).
        holding_cost: h per unit on hand per review period (``> 0``).
        shortage_cost: p per unit backordered per review period (``> 0``).
        currency: Currency of the cost.
        unrounded: Also report the cost to 15 significant digits.
        days_per_year: Day basis for unit conversions.

    Returns:
        A [`BaseStockLevel`][spendrules.inventory.BaseStockLevel].

    Raises:
        InvalidInputError: a non-positive cost; a negative review period.
        TypeError: a float, or wrong input types.

    Examples:
        >>> bs = base_stock_level(Demand(50, 8), LeadTime(4), review_period=1,
        ...     holding_cost=Decimal("0.18"), shortage_cost=Decimal("0.70"), currency="USD")
        >>> bs.level, bs.safety_stock, bs.expected_cost
        (Decimal('264.766894'), Decimal('14.766894'), Decimal('4.47'))

    References:
        Snyder & Shen section 4.3.3 (S* = F⁻¹_{L+1}(p/(h + p))); stockpyl
        ``newsvendor_normal(..., lead_time)``.
    """
    with exact():
        demand, lead_time = _check_inputs(demand, lead_time)
        h = check_positive(holding_cost, "holding_cost")
        p = check_positive(shortage_cost, "shortage_cost")
        if not isinstance(unrounded, bool):
            raise TypeError(f"unrounded must be a bool, not {type(unrounded).__name__}")
        critical_ratio_float(
            positive_float(h, "holding_cost"), positive_float(p, "shortage_cost"), p
        )
        review = check_non_negative(review_period, "review_period")
        span = _interval(demand, lead_time, review, check_days_per_year(days_per_year))
        poisson = demand.distribution is Distribution.POISSON
        interval_demand = (
            Demand(span.mean, period=demand.period, distribution=Distribution.POISSON)
            if poisson
            else Demand(span.mean, span.sigma, demand.period, pattern=demand.pattern)
        )
        nv = newsvendor(interval_demand, holding_cost=h, shortage_cost=p, currency=currency)
        if poisson:
            short = statistic(PoissonTable(_poisson_mean(span.mean)).loss(int(nv.level)))
        elif span.sigma > 0:
            short = span.sigma * statistic(f_loss(float(nv.z or 0)))
        else:
            short = max(span.mean - nv.level, _ZERO)
        exact_cost = round_statistic(h * (nv.level - span.mean + short) + p * short)
        reasons = [
            _interval_reason(demand, span),
            *nv.reasons,
            Reason.of(
                "INVENTORY.BASE_STOCK",
                f"Base-stock level S* = {nv.level}: the newsvendor on demand over L + R; safety "
                f"stock {quantity(nv.level - span.mean)}, in stock {nv.in_stock_probability} of "
                f"periods, expected cost {nv.expected_cost} {nv.currency} per review period.",
                level=nv.level,
                safety_stock=quantity(nv.level - span.mean),
                expected_cost=nv.expected_cost,
            ),
        ]
        return BaseStockLevel(
            rule="inventory.base_stock@1",
            level=nv.level,
            mean=quantity(span.mean),
            sigma=quantity(span.sigma),
            protection_interval=quantity(span.periods),
            safety_stock=quantity(nv.level - span.mean),
            critical_ratio=nv.critical_ratio,
            z=nv.z,
            in_stock_probability=nv.in_stock_probability,
            expected_on_hand=nv.expected_leftover,
            expected_backorders=nv.expected_shortage,
            expected_cost=nv.expected_cost,
            expected_cost_unrounded=exact_cost if unrounded else None,
            currency=nv.currency,
            distribution=demand.distribution,
            reasons=tuple(reasons),
        )
