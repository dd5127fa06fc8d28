"""One call per SKU: policy and split together, for batch jobs and the CLI (private)."""

from __future__ import annotations

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
    check_positive,
)
from spendrules._decimal import exact
from spendrules._inventory._common import (
    check_open_fraction,
    dec,
    non_negative,
    opt_dec,
    opt_non_negative,
)
from spendrules._inventory.demand import Demand, LeadTime
from spendrules._inventory.policy import SafetyStock, safety_stock
from spendrules._inventory.split import Lot, StockPolicy, StockSplit, classify_on_hand
from spendrules._policy.model import InventoryPolicy
from spendrules._policy.reference import PolicyReference, cited_reasons
from spendrules._policy.toml_write import key_text
from spendrules.errors import InvalidInputError
from spendrules.results import Explained, Reason

__all__ = ["StockItem", "StockReview", "review_stock"]


def _check_sku(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"sku must be a str, not {type(value).__name__}")


def _finite(_instance: object, attribute: attrs.Attribute[Decimal], value: Any) -> None:
    check_decimal(value, attribute.name)


def _check_opt_date(_instance: object, attribute: attrs.Attribute[date | None], value: Any) -> None:
    if value is not None:
        check_date(value, attribute.name)


def _check_currency(_instance: object, attribute: attrs.Attribute[str], value: Any) -> None:
    check_currency(value, attribute.name)


def _check_bool(_instance: object, attribute: attrs.Attribute[bool], value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a bool, not {type(value).__name__}")


def _opt_positive(
    _instance: object, attribute: attrs.Attribute[Decimal | None], value: Any
) -> None:
    if value is not None:
        check_positive(value, attribute.name)


def _opt_probability(
    _instance: object, attribute: attrs.Attribute[Decimal | None], value: Any
) -> None:
    if value is not None:
        check_open_fraction(value, attribute.name)


def _rate(_instance: object, attribute: attrs.Attribute[Decimal], value: Any) -> None:
    check_fraction(value, attribute.name)


def _check_opt_class(_instance: object, attribute: attrs.Attribute[str | None], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str or None, not {type(value).__name__}")
    if not value.strip():
        raise InvalidInputError(attribute.name, value, "a non-empty text (or None)")


def _to_lots(value: tuple[Lot, ...] | list[Lot]) -> tuple[Lot, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class StockItem:
    """Everything [`review_stock`][spendrules.inventory.review_stock] needs about one SKU at one location.

    Attributes:
        sku: Item (and location) identifier, echoed in the review.
        on_hand: Usable on-hand stock (units; negative is a shortage).
        unit_cost: Cost per unit (``>= 0``).
        currency: Currency of ``unit_cost``.
        demand: Demand per period.
        lead_time: Lead time (default 0).
        service_level: Cycle service level for the safety stock, or ``None``.
        fill_rate: Fill rate for the safety stock, or ``None``.
        safety_stock: An agreed safety stock that overrides any computed one.
        order_quantity: The replenishment lot (units).
        order_multiple: Supplier's order multiple, or ``None``.
        minimum_order: Supplier's minimum order.
        review_period: Review period in the lead time's unit (0 = continuous).
        holding_rate: Annual holding rate, a fraction.
        committed: Units reserved for open demand.
        on_order: Units on open purchase orders.
        last_consumption: Date of the last consumption, or ``None``.
        end_of_life: Whether the item is end of life or blocked.
        lots: Lots with expiry dates.
        item_class: The item's class (``"A"``, ``"spares"``), or ``None``: under
            an agreed policy, an item without a service target of its own takes
            its class's service level (see [`review_stock`][spendrules.inventory.review_stock]).
    """

    sku: str = attrs.field(validator=_check_sku)
    on_hand: Decimal = attrs.field(converter=dec, validator=_finite)
    unit_cost: Decimal = attrs.field(converter=dec, validator=non_negative)
    currency: str = attrs.field(validator=_check_currency)
    demand: Demand = attrs.field(validator=attrs.validators.instance_of(Demand))
    lead_time: LeadTime = attrs.field(
        default=LeadTime(0), validator=attrs.validators.instance_of(LeadTime)
    )
    service_level: Decimal | None = attrs.field(
        default=None, converter=opt_dec, validator=_opt_probability
    )
    fill_rate: Decimal | None = attrs.field(
        default=None, converter=opt_dec, validator=_opt_probability
    )
    safety_stock: Decimal | None = attrs.field(
        default=None, converter=opt_dec, validator=opt_non_negative
    )
    order_quantity: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=non_negative)
    order_multiple: Decimal | None = attrs.field(
        default=None, converter=opt_dec, validator=_opt_positive
    )
    minimum_order: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=non_negative)
    review_period: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=non_negative)
    holding_rate: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=_rate)
    committed: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=non_negative)
    on_order: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=non_negative)
    last_consumption: date | None = attrs.field(default=None, validator=_check_opt_date)
    end_of_life: bool = attrs.field(default=False, validator=_check_bool)
    lots: tuple[Lot, ...] = attrs.field(default=(), converter=_to_lots)
    item_class: str | None = attrs.field(default=None, validator=_check_opt_class)


@attrs.frozen
class StockReview(Explained):
    """The safety stock and the on-hand split of one SKU.

    Attributes:
        rule: ``"inventory.review@1"``.
        sku: The item's identifier.
        safety_stock: The computed [`SafetyStock`][spendrules.inventory.SafetyStock], or ``None`` when an
            agreed value was given or no service target was set.
        split: The [`StockSplit`][spendrules.inventory.StockSplit] against the resulting policy.
        reasons: Under a policy, which agreed settings applied; where the safety
            target came from; the split's reasons; then, under a policy file,
            ``POLICY.CITED`` (and ``POLICY.NOT_AGREED`` when it is not agreed).
        policy_reference: The policy file the ``InventoryPolicy`` came from,
            citing the settings that applied (``inventory.service_levels.A``,
            ``inventory.carrying_rate``), or the section ``inventory`` when none
            did; None without a policy or for a policy built in code.
    """

    rule: str
    sku: str
    safety_stock: SafetyStock | None
    split: StockSplit
    reasons: tuple[Reason, ...]
    policy_reference: PolicyReference | None = None

    def _detail_lines(self) -> list[str]:
        split = self.split
        code = split.currency
        lines = []
        if self.safety_stock is not None:
            ss = self.safety_stock
            fill = "" if ss.fill_rate is None else f", fill rate {ss.fill_rate}"
            lines.append(
                f"  safety stock: {ss.quantity} (z {ss.z}, cycle service level "
                f"{ss.cycle_service_level}{fill})"
            )
        lines += [
            f"  on-hand: {split.on_hand} (shortage {split.shortage}), value {split.value} {code}, "
            f"carrying {split.annual_carrying_cost} {code} a year",
            f"  policy peak: {split.policy_peak} (safety {split.safety_target} + cycle "
            f"{split.cycle_allowance})",
            f"  months of supply: {split.months_of_supply}; slow-moving: "
            f"{'yes' if split.slow_moving else 'no'}",
            f"  excess on order: {split.excess_on_order} ({split.excess_on_order_value} {code})",
        ]
        return lines + split._detail_lines()


def review_stock(
    item: StockItem,
    *,
    as_of: date,
    dead_after_days: int = 365,
    slow_moving_months: Decimal | int = 12,
    days_per_year: Decimal | int = 365,
    policy: InventoryPolicy | None = None,
) -> StockReview:
    """Compute one SKU's safety stock (unless agreed) and split its on-hand stock.

    The safety target is ``item.safety_stock`` when given (an agreed number
    wins over a formula), else [`safety_stock`][spendrules.inventory.safety_stock] for ``service_level`` or
    ``fill_rate`` (the order quantity is the lot), else 0.

    Under an agreed ``policy`` (the ``[inventory]`` section of a policy file), the
    item's own values win and the policy fills what the item leaves open:

    * an item with no service target of its own (no ``safety_stock``,
      ``service_level`` or ``fill_rate``) takes the service level agreed for its
      ``item_class`` (``INVENTORY.REVIEW.CLASS_SERVICE_LEVEL``); an item with one
      keeps it (``INVENTORY.REVIEW.OWN_SERVICE_LEVEL`` names the class's level it
      departs from); a class without an agreed level is
      ``INVENTORY.REVIEW.NO_CLASS_LEVEL`` (no target, as without a policy);
    * an item with ``holding_rate`` 0 (the default) takes the agreed carrying
      rate (``INVENTORY.REVIEW.AGREED_CARRYING_RATE``); an item with a rate of its
      own keeps it (``INVENTORY.REVIEW.OWN_HOLDING_RATE``).

    A policy read from a file is cited on the review (``policy_reference``, and
    ``POLICY.CITED``): the settings that applied, else the section.

    Args:
        item: The [`StockItem`][spendrules.inventory.StockItem].
        as_of: Date of the review.
        dead_after_days: See [`classify_on_hand`][spendrules.inventory.classify_on_hand].
        slow_moving_months: See [`classify_on_hand`][spendrules.inventory.classify_on_hand].
        days_per_year: Day basis for unit conversions.
        policy: The agreed [`InventoryPolicy`][spendrules.policy.InventoryPolicy]
            (service levels by item class, carrying rate), or ``None`` (default:
            the item's own values only).

    Returns:
        A [`StockReview`][spendrules.inventory.StockReview].

    Raises:
        InvalidInputError: as [`safety_stock`][spendrules.inventory.safety_stock] and [`classify_on_hand`][spendrules.inventory.classify_on_hand].
        TypeError: ``item`` is not a [`StockItem`][spendrules.inventory.StockItem], or
            ``policy`` not an ``InventoryPolicy``.

    Examples:
        >>> item = StockItem(sku="A-100", on_hand=180, unit_cost=5, currency="USD",
        ...     demand=Demand(10, 3), lead_time=LeadTime(9), service_level=Decimal("0.95"),
        ...     order_quantity=100, holding_rate=Decimal("0.25"))
        >>> review = review_stock(item, as_of=date(2026, 3, 31))
        >>> review.split.safety.quantity, review.split.excess.quantity, review.split.excess.value
        (Decimal('14.803683'), Decimal('65.196317'), Decimal('325.98'))

        Under the bundled policy, a class-A item without a target of its own takes 98 %
        and the agreed 25 % carrying rate:

        >>> from spendrules.policy import example_text, loads
        >>> agreed = loads(example_text()).inventory
        >>> plain = attrs.evolve(item, service_level=None, holding_rate=0, item_class="A")
        >>> cited = review_stock(plain, as_of=date(2026, 3, 31), policy=agreed)
        >>> cited.safety_stock.target, cited.split.annual_carrying_cost
        (Decimal('0.98'), Decimal('225.00'))
        >>> cited.policy_reference.clauses
        ('inventory.service_levels.A', 'inventory.carrying_rate')
    """
    if not isinstance(item, StockItem):
        raise TypeError(f"item must be a StockItem, not {type(item).__name__}")
    check_int(dead_after_days, "dead_after_days", minimum=0)
    check_non_negative(slow_moving_months, "slow_moving_months")
    if policy is not None and not isinstance(policy, InventoryPolicy):
        raise TypeError(f"policy must be an InventoryPolicy or None, not {type(policy).__name__}")
    applied: list[Reason] = []
    clauses: list[str] = []
    if policy is not None:
        item = _under_policy(item, policy, applied, clauses)
    cited = None
    if policy is not None and policy.source is not None:
        cited = policy.source.at(*clauses) if clauses else policy.source
    with exact():
        computed: SafetyStock | None = None
        if item.safety_stock is not None:
            target = item.safety_stock
            source = Reason.of(
                "INVENTORY.REVIEW.AGREED_SAFETY",
                f"Agreed safety stock {target} used as given.",
                safety_stock=target,
            )
        elif item.service_level is not None or item.fill_rate is not None:
            computed = safety_stock(
                item.demand,
                item.lead_time,
                service_level=item.service_level,
                fill_rate=item.fill_rate,
                order_quantity=item.order_quantity if item.order_quantity > 0 else None,
                review_period=item.review_period,
                days_per_year=days_per_year,
            )
            target = computed.quantity
            source = Reason.of(
                "INVENTORY.REVIEW.COMPUTED_SAFETY",
                f"Safety stock {target} computed for the service target "
                f"({computed.method.value} {computed.target}).",
                safety_stock=target,
            )
        else:
            target = Decimal(0)
            source = Reason.of(
                "INVENTORY.REVIEW.NO_SAFETY",
                "No service target and no agreed safety stock: safety target 0.",
            )
        stock_policy = StockPolicy(
            target,
            item.order_quantity,
            order_multiple=item.order_multiple,
            minimum_order=item.minimum_order,
        )
        split = classify_on_hand(
            item.on_hand,
            policy=stock_policy,
            demand=item.demand,
            currency=item.currency,
            as_of=as_of,
            unit_cost=item.unit_cost,
            holding_rate=item.holding_rate,
            committed=item.committed,
            on_order=item.on_order,
            lots=item.lots,
            end_of_life=item.end_of_life,
            last_consumption=item.last_consumption,
            dead_after_days=dead_after_days,
            slow_moving_months=slow_moving_months,
            days_per_year=days_per_year,
        )
        return StockReview(
            rule="inventory.review@1",
            sku=item.sku,
            safety_stock=computed,
            split=split,
            reasons=(
                *applied,
                source,
                *(computed.reasons if computed else ()),
                *split.reasons,
                *cited_reasons(cited),
            ),
            policy_reference=cited,
        )


def _under_policy(
    item: StockItem, policy: InventoryPolicy, applied: list[Reason], clauses: list[str]
) -> StockItem:
    """``item`` with what the policy fills in, the reasons, and the clauses that applied."""
    changes: dict[str, Any] = {}
    agreed = None if item.item_class is None else policy.level_for(item.item_class)
    if agreed is not None:
        key = f"inventory.service_levels.{key_text(agreed.item_class)}"
        own = item.safety_stock is not None or item.service_level is not None
        if own or item.fill_rate is not None:
            applied.append(
                Reason.of(
                    "INVENTORY.REVIEW.OWN_SERVICE_LEVEL",
                    f"The item's own {_own_target(item)} wins over the service level "
                    f"{agreed.level} agreed for class {agreed.item_class!r} ({key}).",
                    item_class=agreed.item_class,
                    agreed=agreed.level,
                )
            )
        else:
            changes["service_level"] = agreed.level
            clauses.append(key)
            applied.append(
                Reason.of(
                    "INVENTORY.REVIEW.CLASS_SERVICE_LEVEL",
                    f"Service level {agreed.level} agreed for class {agreed.item_class!r} "
                    f"({key}): the item has no service target of its own.",
                    item_class=agreed.item_class,
                    service_level=agreed.level,
                )
            )
    elif item.item_class is not None:
        applied.append(
            Reason.of(
                "INVENTORY.REVIEW.NO_CLASS_LEVEL",
                f"No service level is agreed for class {item.item_class!r}.",
                item_class=item.item_class,
            )
        )
    rate = policy.carrying_rate
    if rate is not None and item.holding_rate == 0:
        changes["holding_rate"] = rate
        clauses.append("inventory.carrying_rate")
        applied.append(
            Reason.of(
                "INVENTORY.REVIEW.AGREED_CARRYING_RATE",
                f"Carrying rate {rate} a year agreed (inventory.carrying_rate): the item has "
                "no holding rate of its own.",
                holding_rate=rate,
            )
        )
    elif rate is not None:
        applied.append(
            Reason.of(
                "INVENTORY.REVIEW.OWN_HOLDING_RATE",
                f"The item's own holding rate {item.holding_rate} wins over the agreed "
                f"carrying rate {rate} (inventory.carrying_rate).",
                holding_rate=item.holding_rate,
                agreed=rate,
            )
        )
    return attrs.evolve(item, **changes) if changes else item


def _own_target(item: StockItem) -> str:
    if item.safety_stock is not None:
        return f"agreed safety stock {item.safety_stock}"
    if item.service_level is not None:
        return f"service level {item.service_level}"
    return f"fill rate {item.fill_rate}"
