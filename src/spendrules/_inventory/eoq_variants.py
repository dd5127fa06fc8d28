"""EOQ variants: what ordering more saves and what it costs to hold (private).

What procurement negotiates beyond the plain EOQ, each as an explained result:

* **All-units quantity discounts** ([`eoq_all_units_discount`][spendrules.inventory.eoq_all_units_discount]): the
  price of *every* unit in an order depends on the order size. Per price
  break j the EOQ at that break's holding cost i·c_j, clamped into the
  break's region; the cheapest candidate in total annual cost, purchases
  included, wins.
* **Incremental quantity discounts** ([`eoq_incremental_discount`][spendrules.inventory.eoq_incremental_discount]): only
  the units *above* a break get its price, so the purchase cost of an order
  in region j is c̄_j + c_j·Q; per region the EOQ √(2(K + c̄_j)λ/(i·c_j)),
  clamped, and the cheapest candidate wins.
* **Planned backorders** and **the economic production quantity**: in
  ``eoq_backorders_epq.py``, with the helpers below.

Precision follows the inventory family: quantities are Decimals with 6
decimal places, ratios 15 significant digits, money rounded to the currency's
minor unit half up (the ordering, holding and backorder parts allocated so
they sum exactly to the relevant cost, purchases rounded on their own, as in
[`economic_order_quantity`][spendrules.inventory.economic_order_quantity]). With
``unrounded=True`` every cost also comes unrounded, as a Decimal of 15
significant digits, in the fields ending ``_unrounded`` (``None`` otherwise).
Candidates are compared on their exact costs; on an exact tie the smaller
quantity wins (less stock to hold).

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2019), §3.4-3.6,
    eqs. (3.18)-(3.22), Examples 3.5-3.7, Problem 3.12; stockpyl ``eoq.py``
    and ``tests/test_eoq.py``; Silver, Pyke & Thomas, *Inventory and
    Production Management in Supply Chains* (2017), §5.5 (quantity discounts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

import attrs

from spendrules._checks import (
    check_currency,
    check_fraction,
    check_positive,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import (
    check_days_per_year,
    dec,
    non_negative,
    quantity,
    round_statistic,
)
from spendrules.errors import InvalidInputError
from spendrules.money import allocate, quantize
from spendrules.results import Explained, Reason

__all__ = [
    "DiscountRegion",
    "DiscountScheme",
    "DiscountedEOQ",
    "PriceBreak",
    "RegionStatus",
    "check_flag",
    "eoq_all_units_discount",
    "eoq_incremental_discount",
    "in_scale",
    "unrounded_cost",
]

_ZERO = Decimal(0)

#: Derived figures are refused from ``10**40`` up: with 6 places (quantities)
#: or the minor unit (money) they must still fit the 60-digit context.
_MAX_ADJUSTED = 40


class DiscountScheme(SpendEnum):
    """How a supplier's price breaks apply to an order.

    Attributes:
        ALL_UNITS: Every unit of an order is priced at the break the order
            reaches (the common list-price schedule).
        INCREMENTAL: Only the units above a break get its price; the units
            below keep the earlier prices (like tax bands).
    """

    ALL_UNITS = "all_units"
    INCREMENTAL = "incremental"


class RegionStatus(SpendEnum):
    """Where a price region's own EOQ falls, and so its candidate quantity.

    Attributes:
        EOQ: The region's EOQ lies inside the region: it is the candidate.
        RAISED_TO_BREAK: The EOQ is below the region's minimum quantity: the
            candidate is that minimum (order just enough to reach the break).
        ABOVE_REGION: The EOQ reaches the next break: the region has no
            candidate, since the next region's candidate costs less (a lower
            price at the same quantity).
    """

    EOQ = "eoq"
    RAISED_TO_BREAK = "raised_to_break"
    ABOVE_REGION = "above_region"


def _positive(_instance: object, attribute: attrs.Attribute[Decimal], value: Any) -> None:
    check_positive(value, attribute.name)


@attrs.frozen
class PriceBreak:
    """One row of a supplier's price schedule: from ``minimum_quantity`` on, ``unit_price``.

    Attributes:
        minimum_quantity: b_j, the smallest order (units, ``>= 0``) the price
            applies to. The first break's minimum is the smallest order the
            supplier accepts (0: any).
        unit_price: c_j, price per unit (``> 0``), in the currency of the rule.

    Examples:
        >>> PriceBreak(400, Decimal("0.72"))
        PriceBreak(minimum_quantity=Decimal('400'), unit_price=Decimal('0.72'))
    """

    minimum_quantity: Decimal = attrs.field(converter=dec, validator=non_negative)
    unit_price: Decimal = attrs.field(converter=dec, validator=_positive)


@attrs.frozen
class DiscountRegion:
    """One price region and the best order quantity inside it.

    Attributes:
        index: j, 0 for the first break.
        minimum_quantity: b_j (units).
        maximum_quantity: b_{j+1}, the next break (excluded), or ``None`` for the last region.
        unit_price: c_j.
        fixed_offset: c̄_j, so an order of Q in the region costs c̄_j + c_j·Q
            (incremental scheme: the saving of the earlier, dearer bands);
            0 under all-units discounts. Exact, not rounded.
        eoq: The region's own EOQ, before clamping (units).
        status: Where that EOQ falls (see [`RegionStatus`][spendrules.inventory.RegionStatus]).
        quantity: The region's candidate order quantity, or ``None``
            (``ABOVE_REGION``).
        annual_ordering_cost: K·λ/Q at the candidate, or ``None``.
        annual_holding_cost: i·(value of an order)/2 at the candidate, or ``None``.
        annual_purchase_cost: λ·(value of an order)/Q at the candidate, or ``None``.
        annual_total_cost: The sum of the three, or ``None``.
        annual_total_cost_unrounded: The total, 15 significant digits, when
            asked for with ``unrounded=True``; else ``None``.
    """

    index: int
    minimum_quantity: Decimal
    maximum_quantity: Decimal | None
    unit_price: Decimal
    fixed_offset: Decimal
    eoq: Decimal
    status: RegionStatus
    quantity: Decimal | None
    annual_ordering_cost: Decimal | None
    annual_holding_cost: Decimal | None
    annual_purchase_cost: Decimal | None
    annual_total_cost: Decimal | None
    annual_total_cost_unrounded: Decimal | None


@attrs.frozen
class DiscountedEOQ(Explained):
    """The order quantity under a supplier's price breaks, and what it saves.

    The comparison fields set the decision against the *baseline*: the plain
    EOQ at the first break's (list) price, as if there were no breaks and no
    minimum order. ``net_saving`` = ``purchase_saving`` + ``ordering_saving``
    − ``extra_holding_cost``, exactly, in the currency's minor units.

    Attributes:
        rule: ``"inventory.eoq_all_units@1"`` or ``"inventory.eoq_incremental@1"``.
        scheme: All-units or incremental.
        currency: Currency of the prices and costs.
        annual_demand: λ (units per year).
        order_cost: K per order.
        holding_rate: i, annual holding cost as a fraction of the value held.
        region: Index j of the price break chosen.
        price_break: That break.
        quantity: Q*, the order quantity chosen (units).
        unit_price: c_j, the chosen break's price.
        average_unit_price: Value of an order of Q* divided by Q* (15
            significant digits; equals ``unit_price`` for all-units discounts).
        orders_per_year: λ/Q*.
        cycle_days: Days between orders, ``days_per_year``·Q*/λ.
        average_inventory: Q*/2 (units).
        annual_ordering_cost: K·λ/Q*.
        annual_holding_cost: i·(value of an order)/2.
        annual_purchase_cost: λ·(value of an order)/Q*.
        annual_total_cost: The sum of the three.
        baseline_quantity: The EOQ at the list price, √(2Kλ/(i·c_0)).
        baseline_total_cost: Its total annual cost at the list price.
        purchase_saving: Baseline purchases − purchases at Q*.
        ordering_saving: Baseline ordering cost − ordering cost at Q*.
        extra_holding_cost: Holding cost at Q* − baseline holding cost.
        net_saving: Baseline total − total at Q* (negative only when a minimum
            order forces a dearer quantity than the baseline).
        regions: Every region's EOQ, candidate and cost, in break order.
        annual_ordering_cost_unrounded: With ``unrounded=True``, K·λ/Q* to 15
            significant digits; else ``None`` (likewise the next three).
        annual_holding_cost_unrounded: See above.
        annual_purchase_cost_unrounded: See above.
        annual_total_cost_unrounded: See above.
        reasons: The decision, the candidates and the comparison, with the numbers.
    """

    rule: str
    scheme: DiscountScheme
    currency: str
    annual_demand: Decimal
    order_cost: Decimal
    holding_rate: Decimal
    region: int
    price_break: PriceBreak
    quantity: Decimal
    unit_price: Decimal
    average_unit_price: Decimal
    orders_per_year: Decimal
    cycle_days: Decimal
    average_inventory: Decimal
    annual_ordering_cost: Decimal
    annual_holding_cost: Decimal
    annual_purchase_cost: Decimal
    annual_total_cost: Decimal
    baseline_quantity: Decimal
    baseline_total_cost: Decimal
    purchase_saving: Decimal
    ordering_saving: Decimal
    extra_holding_cost: Decimal
    net_saving: Decimal
    regions: tuple[DiscountRegion, ...]
    annual_ordering_cost_unrounded: Decimal | None
    annual_holding_cost_unrounded: Decimal | None
    annual_purchase_cost_unrounded: Decimal | None
    annual_total_cost_unrounded: Decimal | None
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        lines = ["  regions (from quantity at price: EOQ, status, candidate, total cost):"]
        for row in self.regions:
            candidate = "none" if row.quantity is None else f"{row.quantity}"
            cost = "-" if row.annual_total_cost is None else f"{row.annual_total_cost}"
            lines.append(
                f"    {row.index}: from {row.minimum_quantity} at {row.unit_price}: EOQ "
                f"{row.eoq}, {row.status.value}, {candidate}, {cost} {self.currency}"
            )
        return lines


def in_scale(figures: dict[str, Decimal]) -> None:
    """Refuse inputs whose derived figures would not fit the 60-digit context."""
    for name, value in figures.items():
        if value.adjusted() >= _MAX_ADJUSTED:
            raise InvalidInputError(
                name,
                round_statistic(value),
                f"below 10**{_MAX_ADJUSTED} (the inputs are out of scale)",
            )


def unrounded_cost(value: Decimal, *, wanted: bool) -> Decimal | None:
    return round_statistic(value) if wanted else None


def check_flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{field} must be a bool, not {type(value).__name__}")
    return value


def _check_breaks(price_breaks: object) -> tuple[PriceBreak, ...]:
    if isinstance(price_breaks, str | bytes) or not isinstance(price_breaks, Iterable):
        raise TypeError(
            f"price_breaks must be a sequence of PriceBreak, not {type(price_breaks).__name__}"
        )
    breaks = tuple(price_breaks)
    if not breaks:
        raise InvalidInputError("price_breaks", breaks, "at least one PriceBreak")
    for index, row in enumerate(breaks):
        if not isinstance(row, PriceBreak):
            raise TypeError(f"price_breaks[{index}] must be a PriceBreak, not {type(row).__name__}")
    for index in range(1, len(breaks)):
        low, high = breaks[index - 1], breaks[index]
        if high.minimum_quantity <= low.minimum_quantity:
            raise InvalidInputError(
                f"price_breaks[{index}].minimum_quantity",
                high.minimum_quantity,
                f"> {low.minimum_quantity} (strictly increasing)",
            )
        if high.unit_price > low.unit_price:
            raise InvalidInputError(
                f"price_breaks[{index}].unit_price",
                high.unit_price,
                f"<= {low.unit_price} (a larger order never pays a higher price)",
            )
    return breaks


def _offsets(breaks: tuple[PriceBreak, ...], scheme: DiscountScheme) -> list[Decimal]:
    """c̄_j per region: Σ_{i<j} c_i·(b_{i+1} − b_i) − c_j·b_j (the first band from 0)."""
    if scheme is DiscountScheme.ALL_UNITS:
        return [_ZERO] * len(breaks)
    offsets = [_ZERO]
    paid = _ZERO  # the price of the units below the current break
    for index in range(1, len(breaks)):
        low = _ZERO if index == 1 else breaks[index - 1].minimum_quantity
        paid += breaks[index - 1].unit_price * (breaks[index].minimum_quantity - low)
        offsets.append(paid - breaks[index].unit_price * breaks[index].minimum_quantity)
    return offsets


@attrs.frozen
class _Costs:
    """Exact annual costs of one order quantity in one region."""

    quantity: Decimal
    ordering: Decimal
    holding: Decimal
    purchase: Decimal

    @property
    def total(self) -> Decimal:
        return self.ordering + self.holding + self.purchase


@attrs.frozen
class _Terms:
    """K, λ and i of one decision."""

    k: Decimal
    lam: Decimal
    rate: Decimal

    def costs(self, size: Decimal, price: Decimal, offset: Decimal) -> _Costs:
        value = offset + price * size  # what one order of ``size`` costs to buy
        lam = self.lam
        return _Costs(size, self.k * lam / size, self.rate * value / 2, lam * value / size)


def _money(costs: _Costs, code: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(ordering, holding, purchase, total) rounded; ordering + holding allocated."""
    ordering, holding = allocate(
        costs.ordering + costs.holding, [costs.ordering, costs.holding], code
    )
    purchase = quantize(costs.purchase, code)
    return ordering, holding, purchase, ordering + holding + purchase


def _discount(
    scheme: DiscountScheme,
    *,
    annual_demand: Decimal | int,
    price_breaks: Sequence[PriceBreak],
    order_cost: Decimal | int,
    holding_rate: Decimal | int,
    currency: str,
    days_per_year: Decimal | int,
    unrounded: bool,
) -> DiscountedEOQ:
    lam = check_positive(annual_demand, "annual_demand")
    breaks = _check_breaks(price_breaks)
    k = check_positive(order_cost, "order_cost")
    rate = check_fraction(holding_rate, "holding_rate")
    if rate == 0:
        raise InvalidInputError("holding_rate", holding_rate, "> 0")
    code = check_currency(currency, "currency")
    basis = check_days_per_year(days_per_year)
    wanted = check_flag(unrounded, "unrounded")
    terms = _Terms(k, lam, rate)
    with exact():
        offsets = _offsets(breaks, scheme)
        rows: list[tuple[int, Decimal, RegionStatus, _Costs | None]] = []
        best: _Costs | None = None
        chosen = 0
        for index, (row, offset) in enumerate(zip(breaks, offsets, strict=True)):
            top = breaks[index + 1].minimum_quantity if index + 1 < len(breaks) else None
            eoq = (2 * (k + offset) * lam / (rate * row.unit_price)).sqrt()
            in_scale({"eoq": eoq, "cycle_days": basis * eoq / lam})
            candidate: _Costs | None = None
            if top is not None and eoq >= top:
                status = RegionStatus.ABOVE_REGION
            elif eoq < row.minimum_quantity:
                status = RegionStatus.RAISED_TO_BREAK
                candidate = terms.costs(row.minimum_quantity, row.unit_price, offset)
            else:
                status = RegionStatus.EOQ
                candidate = terms.costs(eoq, row.unit_price, offset)
            if candidate is not None:
                in_scale(
                    {
                        "quantity": candidate.quantity,
                        "orders_per_year": lam / candidate.quantity,
                        "cycle_days": basis * candidate.quantity / lam,
                        "annual_total_cost": candidate.total,
                    }
                )
                if best is None or candidate.total < best.total:
                    best, chosen = candidate, index
            rows.append((index, eoq, status, candidate))
        best = cast(_Costs, best)  # the last region always has a candidate
        list_price = breaks[0].unit_price
        base_q = (2 * k * lam / (rate * list_price)).sqrt()
        baseline = terms.costs(base_q, list_price, _ZERO)
        in_scale({"baseline_quantity": base_q, "baseline_total_cost": baseline.total})
        ordering, holding, purchase, total = _money(best, code)
        b_ordering, b_holding, b_purchase, b_total = _money(baseline, code)
        regions = []
        for index, eoq, status, candidate in rows:
            money = None if candidate is None else _money(candidate, code)
            regions.append(
                DiscountRegion(
                    index=index,
                    minimum_quantity=breaks[index].minimum_quantity,
                    maximum_quantity=(
                        breaks[index + 1].minimum_quantity if index + 1 < len(breaks) else None
                    ),
                    unit_price=breaks[index].unit_price,
                    fixed_offset=offsets[index],
                    eoq=quantity(eoq),
                    status=status,
                    quantity=None if candidate is None else quantity(candidate.quantity),
                    annual_ordering_cost=None if money is None else money[0],
                    annual_holding_cost=None if money is None else money[1],
                    annual_purchase_cost=None if money is None else money[2],
                    annual_total_cost=None if money is None else money[3],
                    annual_total_cost_unrounded=(
                        None
                        if candidate is None
                        else unrounded_cost(candidate.total, wanted=wanted)
                    ),
                )
            )
        q = best.quantity
        row = breaks[chosen]
        average_price = round_statistic((offsets[chosen] + row.unit_price * q) / q)
        reasons = _discount_reasons(
            scheme, code=code, terms=terms, row=row, chosen=chosen, regions=regions, best=best
        )
        saving = b_total - total
        reasons.append(
            Reason.of(
                "INVENTORY.DISCOUNT.VERSUS_LIST",
                f"Against the EOQ at the list price ({quantity(base_q)} units at {list_price}, "
                f"{b_total} {code} a year): purchases save {b_purchase - purchase} {code}, "
                f"ordering saves {b_ordering - ordering} {code}, holding costs "
                f"{holding - b_holding} {code} more; net "
                + (f"saving {saving}" if saving >= 0 else f"extra cost {-saving}")
                + f" {code} a year.",
                baseline_quantity=quantity(base_q),
                baseline_total_cost=b_total,
                net_saving=saving,
            )
        )
        return DiscountedEOQ(
            rule=(
                "inventory.eoq_all_units@1"
                if scheme is DiscountScheme.ALL_UNITS
                else "inventory.eoq_incremental@1"
            ),
            scheme=scheme,
            currency=code,
            annual_demand=lam,
            order_cost=k,
            holding_rate=rate,
            region=chosen,
            price_break=row,
            quantity=quantity(q),
            unit_price=row.unit_price,
            average_unit_price=average_price,
            orders_per_year=quantity(lam / q),
            cycle_days=quantity(basis * q / lam),
            average_inventory=quantity(q / 2),
            annual_ordering_cost=ordering,
            annual_holding_cost=holding,
            annual_purchase_cost=purchase,
            annual_total_cost=total,
            baseline_quantity=quantity(base_q),
            baseline_total_cost=b_total,
            purchase_saving=b_purchase - purchase,
            ordering_saving=b_ordering - ordering,
            extra_holding_cost=holding - b_holding,
            net_saving=saving,
            regions=tuple(regions),
            annual_ordering_cost_unrounded=unrounded_cost(best.ordering, wanted=wanted),
            annual_holding_cost_unrounded=unrounded_cost(best.holding, wanted=wanted),
            annual_purchase_cost_unrounded=unrounded_cost(best.purchase, wanted=wanted),
            annual_total_cost_unrounded=unrounded_cost(best.total, wanted=wanted),
            reasons=tuple(reasons),
        )


def _discount_reasons(
    scheme: DiscountScheme,
    *,
    code: str,
    terms: _Terms,
    row: PriceBreak,
    chosen: int,
    regions: list[DiscountRegion],
    best: _Costs,
) -> list[Reason]:
    ordering, holding, purchase, total = _money(best, code)
    formula = (
        "√(2·K·λ/(i·c_j))" if scheme is DiscountScheme.ALL_UNITS else "√(2·(K + c̄_j)·λ/(i·c_j))"
    )
    parts = []
    for region in regions:
        head = f"from {region.minimum_quantity} at {region.unit_price}: EOQ {region.eoq}"
        if region.quantity is None:
            parts.append(f"{head}, at or above the next break (no candidate)")
        elif region.status is RegionStatus.RAISED_TO_BREAK:
            parts.append(f"{head}, raised to {region.quantity}, {region.annual_total_cost} {code}")
        else:
            parts.append(f"{head}, {region.annual_total_cost} {code}")
    return [
        Reason.of(
            "INVENTORY.DISCOUNT.CHOSEN",
            f"Order {quantity(best.quantity)} units at the break from {row.minimum_quantity} "
            f"(unit price {row.unit_price}, {scheme.value.replace('_', '-')} discount): ordering "
            f"{ordering}, holding {holding}, purchases {purchase}, total {total} {code} a year, "
            f"the lowest of the candidates.",
            region=chosen,
            quantity=quantity(best.quantity),
            unit_price=row.unit_price,
            annual_total_cost=total,
        ),
        Reason.of(
            "INVENTORY.DISCOUNT.REGIONS",
            f"Per price break the EOQ {formula} with K = {terms.k}, λ = {terms.lam}, "
            f"i = {terms.rate}, clamped "
            f"into its region; total annual cost incl. purchases: " + "; ".join(parts) + ".",
            regions=len(regions),
        ),
    ]


def eoq_all_units_discount(
    annual_demand: Decimal | int,
    *,
    price_breaks: Sequence[PriceBreak],
    order_cost: Decimal | int,
    holding_rate: Decimal | int,
    currency: str,
    days_per_year: Decimal | int = 365,
    unrounded: bool = False,
) -> DiscountedEOQ:
    """Return the cost-optimal order quantity under all-units quantity discounts.

    An order of Q in region j (b_j <= Q < b_{j+1}) buys every unit at c_j.
    The total annual cost is g_j(Q) = c_j·λ + K·λ/Q + i·c_j·Q/2. Per region the
    EOQ Q*_j = √(2Kλ/(i·c_j)) is clamped into the region: kept when inside,
    raised to b_j when below it, and dropped when it reaches b_{j+1} (the next
    region then costs less at the same quantity). The cheapest candidate wins.

    Args:
        annual_demand: λ, units per year (``> 0``).
        price_breaks: The supplier's schedule, minimum quantities strictly
            increasing, prices never rising (each a [`PriceBreak`][spendrules.inventory.PriceBreak]). The
            first minimum is the smallest order accepted (0: any).
        order_cost: K, fixed cost per order (``> 0``).
        holding_rate: i, annual holding cost as a fraction of the value held
            (``0 < i <= 1``; 0.25 = 25 %), so h_j = i·c_j.
        currency: Currency of the prices and costs (ISO 4217).
        days_per_year: Day basis of ``cycle_days``.
        unrounded: Also report every cost unrounded (15 significant digits),
            in the ``*_unrounded`` fields.

    Returns:
        A [`DiscountedEOQ`][spendrules.inventory.DiscountedEOQ]: the region and break chosen, Q*, its ordering,
        holding, purchase and total cost, every region's candidate, and the
        saving against the EOQ at the list price.

    Raises:
        InvalidInputError: non-positive demand or order cost, a holding rate
            outside (0, 1], no breaks, minimum quantities not increasing, a
            price above the previous break's, figures out of scale.
        UnknownCurrencyError: unknown ``currency``.
        TypeError: a float, a break that is not a [`PriceBreak`][spendrules.inventory.PriceBreak].

    Examples:
        >>> breaks = [PriceBreak(0, Decimal("0.75")), PriceBreak(400, Decimal("0.72")),
        ...           PriceBreak(800, Decimal("0.68"))]
        >>> deal = eoq_all_units_discount(1300, price_breaks=breaks, order_cost=8,
        ...     holding_rate=Decimal("0.3"), currency="USD")
        >>> deal.region, deal.quantity, deal.annual_total_cost
        (2, Decimal('800.000000'), Decimal('978.60'))
        >>> deal.purchase_saving, deal.extra_holding_cost, deal.net_saving
        (Decimal('91.00'), Decimal('47.40'), Decimal('64.81'))

    References:
        Snyder & Shen eqs. (3.18)-(3.19) and Example 3.6 (Q* = 800, region 2,
        g = 978.60); stockpyl ``economic_order_quantity_with_all_units_discounts``.
    """
    return _discount(
        DiscountScheme.ALL_UNITS,
        annual_demand=annual_demand,
        price_breaks=price_breaks,
        order_cost=order_cost,
        holding_rate=holding_rate,
        currency=currency,
        days_per_year=days_per_year,
        unrounded=unrounded,
    )


def eoq_incremental_discount(
    annual_demand: Decimal | int,
    *,
    price_breaks: Sequence[PriceBreak],
    order_cost: Decimal | int,
    holding_rate: Decimal | int,
    currency: str,
    days_per_year: Decimal | int = 365,
    unrounded: bool = False,
) -> DiscountedEOQ:
    """Return the cost-optimal order quantity under incremental quantity discounts.

    Units up to b_1 cost c_0, units from b_1 to b_2 cost c_1, and so on, so an
    order of Q in region j costs C(Q) = c̄_j + c_j·Q with
    c̄_j = Σ_{i<j} c_i·(b_{i+1} − b_i) − c_j·b_j (the first band counted from
    0). With holding charged on the value held, i·C(Q)/2, the annual cost is
    g_j(Q) = c_j·λ + i·c̄_j/2 + (K + c̄_j)·λ/Q + i·c_j·Q/2; per region the EOQ
    √(2(K + c̄_j)λ/(i·c_j)), clamped as for all-units discounts (g is
    continuous, so a clamped candidate never beats a neighbour's).

    Args:
        annual_demand: λ, units per year (``> 0``).
        price_breaks: The supplier's bands, minimum quantities strictly
            increasing, prices never rising. The first minimum is the smallest
            order accepted (the first band is still priced from unit 1).
        order_cost: K, fixed cost per order (``> 0``).
        holding_rate: i, annual holding cost as a fraction of the value held
            (``0 < i <= 1``).
        currency: Currency of the prices and costs.
        days_per_year: Day basis of ``cycle_days``.
        unrounded: Also report every cost unrounded (15 significant digits).

    Returns:
        A [`DiscountedEOQ`][spendrules.inventory.DiscountedEOQ] (``average_unit_price`` is C(Q*)/Q*).

    Raises:
        InvalidInputError: as [`eoq_all_units_discount`][spendrules.inventory.eoq_all_units_discount].
        UnknownCurrencyError: unknown ``currency``.
        TypeError: a float, a break that is not a [`PriceBreak`][spendrules.inventory.PriceBreak].

    Examples:
        >>> bands = [PriceBreak(0, 100), PriceBreak(300, 90), PriceBreak(600, 80)]
        >>> deal = eoq_incremental_discount(2400, price_breaks=bands, order_cost=150,
        ...     holding_rate=Decimal("0.25"), currency="USD")
        >>> deal.region, deal.quantity, deal.annual_total_cost
        (2, Decimal('1481.890684'), Decimal('222762.81'))

    References:
        Snyder & Shen eqs. (3.20)-(3.22) and Example 3.7; stockpyl
        ``economic_order_quantity_with_incremental_discounts`` (docstring:
        Q* = 1481.8906842274164, region 2, g = 222762.8136845483).
    """
    return _discount(
        DiscountScheme.INCREMENTAL,
        annual_demand=annual_demand,
        price_breaks=price_breaks,
        order_cost=order_cost,
        holding_rate=holding_rate,
        currency=currency,
        days_per_year=days_per_year,
        unrounded=unrounded,
    )
