"""One SKU as one flat row: the columns, and the item a row describes (private).

A row is one [`StockItem`][spendrules.inventory.StockItem], flattened: the item's own
fields under their names, with [`Demand`][spendrules.inventory.Demand] and
[`LeadTime`][spendrules.inventory.LeadTime] as ``demand_mean``, ``demand_sd``,
``demand_period``, ``demand_distribution``, ``demand_pattern``, ``lead_time``,
``lead_time_sd`` and ``lead_time_period``. A null (``None``) takes the scalar
default. Lots are not columns (``frames.review_stock`` takes them as a second frame).

This is the layout ``frames.review_stock`` reads and ``spendrules stock`` reads
from CSV; both build the item of a row with these functions, which need no numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from spendrules._inventory.batch import StockItem, StockReview
from spendrules._inventory.demand import Demand, LeadTime
from spendrules._inventory.split import Lot
from spendrules.errors import InvalidInputError

__all__ = [
    "COLUMNS",
    "DATES",
    "DEMAND_FIELDS",
    "FLAGS",
    "ITEM_FIELDS",
    "LEAD_FIELDS",
    "NUMBERS",
    "demand_of",
    "item_of",
    "lead_time_of",
    "or_default",
    "refused_input",
    "safety_method",
]

#: Every column of a SKU row, in the order of the frames function's signature.
COLUMNS = (
    "sku",
    "on_hand",
    "unit_cost",
    "currency",
    "demand_mean",
    "demand_sd",
    "demand_period",
    "demand_distribution",
    "demand_pattern",
    "lead_time",
    "lead_time_sd",
    "lead_time_period",
    "service_level",
    "fill_rate",
    "safety_stock",
    "order_quantity",
    "order_multiple",
    "minimum_order",
    "review_period",
    "holding_rate",
    "committed",
    "on_order",
    "last_consumption",
    "end_of_life",
)
#: The columns that hold numbers.
NUMBERS = frozenset(
    {
        "on_hand",
        "unit_cost",
        "demand_mean",
        "demand_sd",
        "lead_time",
        "lead_time_sd",
        "service_level",
        "fill_rate",
        "safety_stock",
        "order_quantity",
        "order_multiple",
        "minimum_order",
        "review_period",
        "holding_rate",
        "committed",
        "on_order",
    }
)
#: The columns that hold dates.
DATES = frozenset({"last_consumption"})
#: The yes/no columns.
FLAGS = frozenset({"end_of_life"})

#: The column of each field [`Demand`][spendrules.inventory.Demand] names when it refuses a value.
DEMAND_FIELDS = {
    "mean": "demand_mean",
    "sd": "demand_sd",
    "period": "demand_period",
    "distribution": "demand_distribution",
    "pattern": "demand_pattern",
    "Distribution": "demand_distribution",
    "TimeUnit": "demand_period",
    "DemandPattern": "demand_pattern",
}
#: The column of each field [`LeadTime`][spendrules.inventory.LeadTime] names when it refuses a value.
LEAD_FIELDS = {
    "mean": "lead_time",
    "sd": "lead_time_sd",
    "period": "lead_time_period",
    "TimeUnit": "lead_time_period",
}
#: The column of each field the item and the review name when they refuse a value.
ITEM_FIELDS = {
    "demand": "demand_mean",
    "lead_time.sd": "lead_time_sd",
    "cost_layers": "unit_cost",
    "unit_cost/cost_layers": "unit_cost",
    "z": "service_level",
}


def or_default(value: Any, default: Any) -> Any:
    """``value``, or ``default`` when it is ``None``."""
    return default if value is None else value


def _given(values: Mapping[str, Any], name: str) -> Any:
    """A required input as given (``None`` when null: the rule's own checks refuse it)."""
    return values.get(name)


def demand_of(values: Mapping[str, Any]) -> Demand:
    """The [`Demand`][spendrules.inventory.Demand] of a row (raising as ``Demand`` does; see `DEMAND_FIELDS`)."""
    return Demand(
        _given(values, "demand_mean"),
        or_default(values.get("demand_sd"), Decimal(0)),
        or_default(values.get("demand_period"), "day"),
        or_default(values.get("demand_distribution"), "normal"),
        values.get("demand_pattern"),
    )


def lead_time_of(values: Mapping[str, Any]) -> LeadTime:
    """The [`LeadTime`][spendrules.inventory.LeadTime] of a row (raising as ``LeadTime`` does; see `LEAD_FIELDS`)."""
    return LeadTime(
        or_default(values.get("lead_time"), Decimal(0)),
        or_default(values.get("lead_time_sd"), Decimal(0)),
        or_default(values.get("lead_time_period"), "day"),
    )


def item_of(
    values: Mapping[str, Any],
    demand: Demand,
    lead_time: LeadTime,
    *,
    sku: str,
    lots: Iterable[Lot] = (),
) -> StockItem:
    """The [`StockItem`][spendrules.inventory.StockItem] of a row (raising as ``StockItem`` does; see `ITEM_FIELDS`).

    Args:
        values: The row's inputs as the scalar rule takes them, by column
            (``None`` or absent: the default).
        demand: The row's demand (`demand_of`).
        lead_time: The row's lead time (`lead_time_of`).
        sku: The item's identifier (the frames function uses the row number
            when there is no ``sku`` column).
        lots: The item's lots.

    Returns:
        The item.

    Examples:
        >>> values = {"on_hand": Decimal(120), "unit_cost": Decimal("2.5"), "currency": "EUR",
        ...     "demand_mean": Decimal(10), "committed": None}
        >>> item = item_of(values, demand_of(values), lead_time_of(values), sku="A-1")
        >>> item.on_hand, item.committed, item.demand.period.value
        (Decimal('120'), Decimal('0'), 'day')
    """
    return StockItem(
        sku=sku,
        on_hand=_given(values, "on_hand"),
        unit_cost=_given(values, "unit_cost"),
        currency=_given(values, "currency"),
        demand=demand,
        lead_time=lead_time,
        service_level=values.get("service_level"),
        fill_rate=values.get("fill_rate"),
        safety_stock=values.get("safety_stock"),
        order_quantity=or_default(values.get("order_quantity"), Decimal(0)),
        order_multiple=values.get("order_multiple"),
        minimum_order=or_default(values.get("minimum_order"), Decimal(0)),
        review_period=or_default(values.get("review_period"), Decimal(0)),
        holding_rate=or_default(values.get("holding_rate"), Decimal(0)),
        committed=or_default(values.get("committed"), Decimal(0)),
        on_order=or_default(values.get("on_order"), Decimal(0)),
        last_consumption=values.get("last_consumption"),
        end_of_life=or_default(values.get("end_of_life"), default=False),
        lots=tuple(lots),
    )


def refused_input(
    exc: InvalidInputError | TypeError, fields: Mapping[str, str], value_of: Callable[[str], Any]
) -> tuple[str, Any, str, str]:
    """The column, value, constraint and error code of a refusal by the scalar rule.

    Args:
        exc: What the rule raised.
        fields: The column of each field the rule names (`DEMAND_FIELDS`,
            `LEAD_FIELDS` or `ITEM_FIELDS`); other fields are columns already.
        value_of: The row's value of a column (for a wrong type, which names no value).

    Returns:
        ``(column, value, constraint, code)`` with code ``"INPUT.INVALID"`` or ``"INPUT.TYPE"``.

    Examples:
        >>> refused_input(InvalidInputError("mean", Decimal(-1), ">= 0"), DEMAND_FIELDS, dict().get)
        ('demand_mean', Decimal('-1'), '>= 0', 'INPUT.INVALID')
    """
    if isinstance(exc, InvalidInputError):
        head = exc.field.split("[", 1)[0]
        name = fields.get(head, fields.get(head.split(".", 1)[0], head))
        if exc.field == "service_level/fill_rate/z":
            name = "service_level"
        return name, exc.value, exc.constraint, "INPUT.INVALID"
    head = str(exc).split(" ", 1)[0]
    name = fields.get(head, head)
    return name, value_of(name), f"of a type the rule takes ({exc})", "INPUT.TYPE"


def safety_method(review: StockReview) -> str:
    """How the review set its safety stock, as ``frames.review_stock``'s ``safety_method``.

    Under a policy the review's first reasons say what the policy filled in, so the
    agreed safety stock's reason is looked for among them all (not only the first).
    """
    if review.safety_stock is not None:
        return review.safety_stock.method.value
    agreed = any(reason.code == "INVENTORY.REVIEW.AGREED_SAFETY" for reason in review.reasons)
    return "agreed" if agreed else "none"
