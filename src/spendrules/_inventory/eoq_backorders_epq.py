"""EOQ variants: planned backorders and the economic production quantity (private).

* **Planned backorders** ([`eoq_with_backorders`][spendrules.inventory.eoq_with_backorders]): a backorder cost p per
  unit per year makes a planned shortage worth having; Q* and the backorder
  level x*·Q*.
* **The economic production quantity** ([`economic_production_quantity`][spendrules.inventory.economic_production_quantity]):
  stock arrives at a production rate μ > λ, so the peak is (1 − λ/μ)·Q.

Precision and the ``unrounded`` flag as in ``eoq_variants.py``.

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2019), §3.5-3.6,
    eqs. (3.27)-(3.29) (backorders) and (3.31)-(3.32) (EPQ), Example 3.8,
    Problems 3.2 and 3.22; stockpyl ``eoq.py`` and ``tests/test_eoq.py``.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from spendrules._checks import check_currency, check_fraction, check_non_negative, check_positive
from spendrules._decimal import exact
from spendrules._inventory._common import check_days_per_year, quantity, round_statistic
from spendrules._inventory.eoq_variants import check_flag, in_scale, unrounded_cost
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, quantize
from spendrules.results import Explained, Reason

__all__ = [
    "BackorderEOQ",
    "EconomicProductionQuantity",
    "economic_production_quantity",
    "eoq_with_backorders",
]

_ZERO = Decimal(0)


@attrs.frozen
class BackorderEOQ(Explained):
    """The EOQ with planned backorders: order quantity, backorder level and cost.

    Each cycle of Q units starts by filling the x·Q backordered units, so the
    stock peaks at (1 − x)·Q and the backlog at x·Q.

    Attributes:
        rule: ``"inventory.eoq_backorders@1"``.
        optimal: Whether Q and x are the computed optimum (else the given ones).
        quantity: Q, the order quantity (units).
        backorder_fraction: x, the share of each cycle (and of demand) spent
            backordered, 15 significant digits; h/(h + p) at the optimum.
        maximum_backorder: x·Q, the backlog just before an order arrives (units).
        maximum_inventory: (1 − x)·Q, the stock just after (units).
        orders_per_year: λ/Q.
        cycle_days: Days between orders.
        stockout_days: Days of each cycle with a backlog, x·``cycle_days``.
        currency: Currency of the costs.
        annual_ordering_cost: K·λ/Q.
        annual_holding_cost: h·Q·(1 − x)²/2.
        annual_backorder_cost: p·Q·x²/2.
        annual_relevant_cost: The sum of the three; √(2Kλhp/(h + p)) at the optimum.
        annual_purchase_cost: v·λ, or ``None`` without a unit cost.
        annual_total_cost: Relevant + purchase cost.
        annual_ordering_cost_unrounded: With ``unrounded=True``, 15 significant
            digits; else ``None`` (likewise the next five).
        annual_holding_cost_unrounded: See above.
        annual_backorder_cost_unrounded: See above.
        annual_relevant_cost_unrounded: See above.
        annual_purchase_cost_unrounded: See above (``None`` without a unit cost).
        annual_total_cost_unrounded: See above.
        reasons: The formulas with the numbers.
    """

    rule: str
    optimal: bool
    quantity: Decimal
    backorder_fraction: Decimal
    maximum_backorder: Decimal
    maximum_inventory: Decimal
    orders_per_year: Decimal
    cycle_days: Decimal
    stockout_days: Decimal
    currency: str
    annual_ordering_cost: Decimal
    annual_holding_cost: Decimal
    annual_backorder_cost: Decimal
    annual_relevant_cost: Decimal
    annual_purchase_cost: Decimal | None
    annual_total_cost: Decimal
    annual_ordering_cost_unrounded: Decimal | None
    annual_holding_cost_unrounded: Decimal | None
    annual_backorder_cost_unrounded: Decimal | None
    annual_relevant_cost_unrounded: Decimal | None
    annual_purchase_cost_unrounded: Decimal | None
    annual_total_cost_unrounded: Decimal | None
    reasons: tuple[Reason, ...]


def eoq_with_backorders(
    annual_demand: Decimal | int,
    *,
    order_cost: Decimal | int,
    holding_cost: Decimal | int,
    backorder_cost: Decimal | int,
    currency: str,
    order_quantity: Decimal | int | None = None,
    backorder_fraction: Decimal | int | None = None,
    unit_cost: Decimal | int | None = None,
    days_per_year: Decimal | int = 365,
    unrounded: bool = False,
) -> BackorderEOQ:
    """Return the EOQ with planned backorders (or evaluate a given Q and x).

    Q* = √(2Kλ(h + p)/(hp)), x* = h/(h + p), g* = √(2Kλhp/(h + p)); for a
    given Q and x, g(Q, x) = h·Q·(1 − x)²/2 + p·Q·x²/2 + K·λ/Q.

    Args:
        annual_demand: λ, units per year (``> 0``).
        order_cost: K, fixed cost per order (``> 0``).
        holding_cost: h, cost of holding one unit a year (``> 0``).
        backorder_cost: p, cost of one unit backordered for a year (``> 0``):
            goodwill, expediting, contract penalties.
        currency: Currency of the costs.
        order_quantity: Q to evaluate (``> 0``), with ``backorder_fraction``.
        backorder_fraction: x to evaluate, in [0, 1], with ``order_quantity``.
        unit_cost: v, for the purchase and total cost.
        days_per_year: Day basis of ``cycle_days`` and ``stockout_days``.
        unrounded: Also report every cost unrounded (15 significant digits).

    Returns:
        A [`BackorderEOQ`][spendrules.inventory.BackorderEOQ].

    Raises:
        InvalidInputError: a non-positive demand or cost, only one of
            ``order_quantity`` and ``backorder_fraction``, a fraction outside
            [0, 1], figures out of scale.
        UnknownCurrencyError: unknown ``currency``.
        TypeError: a float.

    Examples:
        >>> plan = eoq_with_backorders(1300, order_cost=8, holding_cost=Decimal("0.225"),
        ...     backorder_cost=5, currency="USD")
        >>> plan.quantity, plan.maximum_backorder, plan.annual_relevant_cost
        (Decimal('310.812555'), Decimal('13.384273'), Decimal('66.92'))

    References:
        Snyder & Shen eqs. (3.27)-(3.29) and Example 3.8 (Q* = 310.8125551589646,
        x* = 0.043062200956938, g* = 66.921363550973254); stockpyl
        ``economic_order_quantity_with_backorders``.
    """
    lam = check_positive(annual_demand, "annual_demand")
    k = check_positive(order_cost, "order_cost")
    h = check_positive(holding_cost, "holding_cost")
    p = check_positive(backorder_cost, "backorder_cost")
    code = check_currency(currency, "currency")
    if (order_quantity is None) != (backorder_fraction is None):
        raise InvalidInputError(
            "order_quantity/backorder_fraction",
            (order_quantity, backorder_fraction),
            "both given or both omitted",
        )
    given_q = None if order_quantity is None else check_positive(order_quantity, "order_quantity")
    given_x = (
        None
        if backorder_fraction is None
        else check_fraction(backorder_fraction, "backorder_fraction")
    )
    v = None if unit_cost is None else check_non_negative(unit_cost, "unit_cost")
    basis = check_days_per_year(days_per_year)
    wanted = check_flag(unrounded, "unrounded")
    with exact():
        if given_q is None or given_x is None:
            q = (2 * k * lam * (h + p) / (h * p)).sqrt()
            x = h / (h + p)
        else:
            q, x = given_q, given_x
        ordering = k * lam / q
        holding = h * q * (1 - x) ** 2 / 2
        short = p * q * x**2 / 2
        relevant = ordering + holding + short
        cycle = basis * q / lam
        in_scale(
            {
                "quantity": q,
                "orders_per_year": lam / q,
                "cycle_days": cycle,
                "annual_relevant_cost": relevant,
                "annual_cost_without_backorders": (2 * k * h * lam).sqrt(),
                "annual_purchase_cost": _ZERO if v is None else v * lam,
            }
        )
        parts = allocate(relevant, [ordering, holding, short], code)
        relevant_money = sum(parts, _ZERO)
        purchase = None if v is None else quantize(v * lam, code)
        total = relevant_money if purchase is None else relevant_money + purchase
        plain = quantize((2 * k * h * lam).sqrt(), code)
        optimal = given_q is None
        head = (
            f"Q* = √(2·K·λ·(h + p)/(h·p)) = √(2·{k}·{lam}·({h} + {p})/({h}·{p})) = "
            f"{quantity(q)} units with x* = h/(h + p) = {round_statistic(x)}"
            if optimal
            else f"Given Q = {q} units and backorder fraction x = {x}"
        )
        reasons = [
            Reason.of(
                "INVENTORY.BACKORDER.QUANTITY",
                f"{head}: up to {quantity(x * q)} units backordered before each delivery, "
                f"stock peaks at {quantity((1 - x) * q)}; {quantity(lam / q)} orders a year, "
                f"a backlog for {quantity(x * cycle)} of every {quantity(cycle)} days.",
                quantity=quantity(q),
                backorder_fraction=round_statistic(x),
                maximum_backorder=quantity(x * q),
            ),
            Reason.of(
                "INVENTORY.BACKORDER.COST",
                f"Ordering {parts[0]}, holding {parts[1]} and backorders {parts[2]}: relevant "
                f"cost {relevant_money} {code} a year (the plain EOQ without backorders costs "
                f"{plain} {code})"
                + ("." if purchase is None else f", plus purchases v·λ = {purchase} {code}."),
                relevant_cost=relevant_money,
                plain_eoq_cost=plain,
            ),
        ]
        return BackorderEOQ(
            rule="inventory.eoq_backorders@1",
            optimal=optimal,
            quantity=quantity(q),
            backorder_fraction=round_statistic(x),
            maximum_backorder=quantity(x * q),
            maximum_inventory=quantity((1 - x) * q),
            orders_per_year=quantity(lam / q),
            cycle_days=quantity(cycle),
            stockout_days=quantity(x * cycle),
            currency=code,
            annual_ordering_cost=parts[0],
            annual_holding_cost=parts[1],
            annual_backorder_cost=parts[2],
            annual_relevant_cost=relevant_money,
            annual_purchase_cost=purchase,
            annual_total_cost=total,
            annual_ordering_cost_unrounded=unrounded_cost(ordering, wanted=wanted),
            annual_holding_cost_unrounded=unrounded_cost(holding, wanted=wanted),
            annual_backorder_cost_unrounded=unrounded_cost(short, wanted=wanted),
            annual_relevant_cost_unrounded=unrounded_cost(relevant, wanted=wanted),
            annual_purchase_cost_unrounded=(
                None if v is None else unrounded_cost(v * lam, wanted=wanted)
            ),
            annual_total_cost_unrounded=unrounded_cost(
                relevant if v is None else relevant + v * lam, wanted=wanted
            ),
            reasons=tuple(reasons),
        )


@attrs.frozen
class EconomicProductionQuantity(Explained):
    """The economic production quantity: a lot made at a finite rate.

    While a lot of Q is produced at rate μ, demand λ draws on it, so stock
    peaks at (1 − ρ)·Q with ρ = λ/μ.

    Attributes:
        rule: ``"inventory.epq@1"``.
        optimal: Whether ``quantity`` is the computed optimum (else the given one).
        quantity: Q, the lot size (units).
        annual_demand: λ (units per year).
        production_rate: μ (units per year).
        utilisation: ρ = λ/μ, the share of the year spent producing (15 significant digits).
        maximum_inventory: (1 − ρ)·Q (units).
        average_inventory: (1 − ρ)·Q/2 (units).
        runs_per_year: λ/Q.
        cycle_days: Days between production runs.
        production_days: Days each run lasts, Q/μ years.
        currency: Currency of the costs.
        annual_setup_cost: K·λ/Q.
        annual_holding_cost: h·(1 − ρ)·Q/2.
        annual_relevant_cost: The sum; √(2Kλh(1 − ρ)) at the optimum.
        annual_purchase_cost: v·λ (unit production cost), or ``None``.
        annual_total_cost: Relevant + purchase cost.
        annual_setup_cost_unrounded: With ``unrounded=True``, 15 significant
            digits; else ``None`` (likewise the next four).
        annual_holding_cost_unrounded: See above.
        annual_relevant_cost_unrounded: See above.
        annual_purchase_cost_unrounded: See above (``None`` without a unit cost).
        annual_total_cost_unrounded: See above.
        reasons: The formulas with the numbers.
    """

    rule: str
    optimal: bool
    quantity: Decimal
    annual_demand: Decimal
    production_rate: Decimal
    utilisation: Decimal
    maximum_inventory: Decimal
    average_inventory: Decimal
    runs_per_year: Decimal
    cycle_days: Decimal
    production_days: Decimal
    currency: str
    annual_setup_cost: Decimal
    annual_holding_cost: Decimal
    annual_relevant_cost: Decimal
    annual_purchase_cost: Decimal | None
    annual_total_cost: Decimal
    annual_setup_cost_unrounded: Decimal | None
    annual_holding_cost_unrounded: Decimal | None
    annual_relevant_cost_unrounded: Decimal | None
    annual_purchase_cost_unrounded: Decimal | None
    annual_total_cost_unrounded: Decimal | None
    reasons: tuple[Reason, ...]


def economic_production_quantity(
    annual_demand: Decimal | int,
    *,
    production_rate: Decimal | int,
    setup_cost: Decimal | int,
    holding_cost: Decimal | int,
    currency: str,
    order_quantity: Decimal | int | None = None,
    unit_cost: Decimal | int | None = None,
    days_per_year: Decimal | int = 365,
    unrounded: bool = False,
) -> EconomicProductionQuantity:
    """Return the economic production quantity (or evaluate a given lot size).

    With ρ = λ/μ: Q* = √(2Kλ/(h(1 − ρ))), g* = √(2Kλh(1 − ρ)); for a given Q,
    g(Q) = K·λ/Q + h·(1 − ρ)·Q/2. As μ grows the EPQ falls to the EOQ.

    Args:
        annual_demand: λ, units per year (``> 0``).
        production_rate: μ, units produced per year while running (``> λ``).
        setup_cost: K, fixed cost per production run (``> 0``).
        holding_cost: h, cost of holding one unit a year (``> 0``).
        currency: Currency of the costs.
        order_quantity: A lot size Q to evaluate instead (``> 0``).
        unit_cost: v, production cost per unit, for the purchase and total cost.
        days_per_year: Day basis of ``cycle_days`` and ``production_days``.
        unrounded: Also report every cost unrounded (15 significant digits).

    Returns:
        An [`EconomicProductionQuantity`][spendrules.inventory.EconomicProductionQuantity].

    Raises:
        InvalidInputError: a non-positive demand, rate or cost, a production
            rate not above demand, figures out of scale.
        UnknownCurrencyError: unknown ``currency``.
        TypeError: a float.

    Examples:
        >>> epq = economic_production_quantity(1300, production_rate=1700, setup_cost=8,
        ...     holding_cost=Decimal("0.225"), currency="USD")
        >>> epq.quantity, epq.maximum_inventory, epq.annual_relevant_cost
        (Decimal('626.808495'), Decimal('147.484352'), Decimal('33.18'))

    References:
        Snyder & Shen eqs. (3.31)-(3.32); stockpyl ``economic_production_quantity``
        (docstring: Q* = 626.8084945889684, g* = 33.183979125298336).
    """
    lam = check_positive(annual_demand, "annual_demand")
    mu = check_positive(production_rate, "production_rate")
    if mu <= lam:
        raise InvalidInputError(
            "production_rate", production_rate, f"> annual_demand ({lam}) to build stock"
        )
    k = check_positive(setup_cost, "setup_cost")
    h = check_positive(holding_cost, "holding_cost")
    code = check_currency(currency, "currency")
    given = None if order_quantity is None else check_positive(order_quantity, "order_quantity")
    v = None if unit_cost is None else check_non_negative(unit_cost, "unit_cost")
    basis = check_days_per_year(days_per_year)
    wanted = check_flag(unrounded, "unrounded")
    with exact():
        rho = lam / mu
        q = (2 * k * lam / (h * (1 - rho))).sqrt() if given is None else given
        setup = k * lam / q
        holding = h * (1 - rho) * q / 2
        relevant = setup + holding
        in_scale(
            {
                "quantity": q,
                "runs_per_year": lam / q,
                "cycle_days": basis * q / lam,
                "annual_relevant_cost": relevant,
                "annual_purchase_cost": _ZERO if v is None else v * lam,
            }
        )
        parts = allocate(relevant, [setup, holding], code)
        relevant_money = parts[0] + parts[1]
        purchase = None if v is None else quantize(v * lam, code)
        total = relevant_money if purchase is None else relevant_money + purchase
        head = (
            f"EPQ = √(2·K·λ/(h·(1 − ρ))) = √(2·{k}·{lam}/({h}·(1 − {round_statistic(rho)}))) = "
            f"{quantity(q)} units"
            if given is None
            else f"Given lot {q} units"
        )
        reasons = [
            Reason.of(
                "INVENTORY.EPQ.QUANTITY",
                f"{head}, with ρ = λ/μ = {lam}/{mu}: stock peaks at (1 − ρ)·Q = "
                f"{quantity((1 - rho) * q)}; {quantity(lam / q)} runs a year of "
                f"{quantity(basis * q / mu)} days each.",
                quantity=quantity(q),
                utilisation=round_statistic(rho),
                maximum_inventory=quantity((1 - rho) * q),
            ),
            Reason.of(
                "INVENTORY.EPQ.COST",
                f"Setup {parts[0]} and holding {parts[1]}: relevant cost {relevant_money} "
                f"{code} a year"
                + ("." if purchase is None else f", plus production v·λ = {purchase} {code}."),
                relevant_cost=relevant_money,
            ),
        ]
        return EconomicProductionQuantity(
            rule="inventory.epq@1",
            optimal=given is None,
            quantity=quantity(q),
            annual_demand=lam,
            production_rate=mu,
            utilisation=round_statistic(rho),
            maximum_inventory=quantity((1 - rho) * q),
            average_inventory=quantity((1 - rho) * q / 2),
            runs_per_year=quantity(lam / q),
            cycle_days=quantity(basis * q / lam),
            production_days=quantity(basis * q / mu),
            currency=code,
            annual_setup_cost=parts[0],
            annual_holding_cost=parts[1],
            annual_relevant_cost=relevant_money,
            annual_purchase_cost=purchase,
            annual_total_cost=total,
            annual_setup_cost_unrounded=unrounded_cost(setup, wanted=wanted),
            annual_holding_cost_unrounded=unrounded_cost(holding, wanted=wanted),
            annual_relevant_cost_unrounded=unrounded_cost(relevant, wanted=wanted),
            annual_purchase_cost_unrounded=(
                None if v is None else unrounded_cost(v * lam, wanted=wanted)
            ),
            annual_total_cost_unrounded=unrounded_cost(
                relevant if v is None else relevant + v * lam, wanted=wanted
            ),
            reasons=tuple(reasons),
        )
