"""``frames.review_stock``, ``frames.safety_stock`` and ``frames.reorder_point``: a SKU table at once.

Each output row equals [`spendrules.inventory.review_stock`][spendrules.inventory.review_stock] (or
[`safety_stock`][spendrules.inventory.safety_stock], [`reorder_point`][spendrules.inventory.reorder_point])
for its input row: the same quantities to the millionth, the same values and
carrying costs to the minor unit, the same months of supply, obsolete cause,
rule id and primary reason code. How, see ``_inventory_core``: integers for the
split and the money, float64 with guards for σ, the scalar rule's own float
operations on whole arrays for fill-rate targets and Poisson tables
(``_inventory_levels``), and the scalar rule itself for every row the vectorised
path does not take exactly (values near a rounding boundary, unusual or bad inputs).

Signatures (stable; the benchmark reads them)::

    review_stock(frame, *, as_of, sku="sku", on_hand="on_hand", unit_cost="unit_cost",
        currency="currency", demand_mean="demand_mean", demand_sd="demand_sd",
        demand_period="demand_period", demand_distribution="demand_distribution",
        demand_pattern="demand_pattern", lead_time="lead_time", lead_time_sd="lead_time_sd",
        lead_time_period="lead_time_period", service_level="service_level",
        fill_rate="fill_rate", safety_stock="safety_stock", order_quantity="order_quantity",
        order_multiple="order_multiple", minimum_order="minimum_order",
        review_period="review_period", holding_rate="holding_rate", committed="committed",
        on_order="on_order", last_consumption="last_consumption", end_of_life="end_of_life",
        item_class="item_class", policy=None, lots=None, reserve_table=None,
        reserve_scope="excess", obsolete_rate=1,
        dead_after_days=365, slow_moving_months=12, days_per_year=365, keep=(),
        money="decimal", quantities="decimal", errors="raise")
    safety_stock(frame, *, demand_mean=..., demand_sd=..., demand_period=...,
        demand_distribution=..., demand_pattern=..., lead_time=..., lead_time_sd=...,
        lead_time_period=..., service_level=..., fill_rate=..., order_quantity=...,
        review_period=..., days_per_year=365, keep=(), quantities="decimal", errors="raise")
    reorder_point(frame, **the same as safety_stock)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from spendrules._checks import (
    check_date,
    check_fraction,
    check_int,
    check_non_negative,
)
from spendrules._collector import paused as paused_gc
from spendrules._inventory._common import (
    TimeUnit,
    check_days_per_year,
)
from spendrules._inventory.demand import DemandPattern, Distribution
from spendrules._inventory.reserve import ReserveBasis, ReserveScope, ReserveTable
from spendrules._policy.model import InventoryPolicy
from spendrules.errors import InvalidInputError
from spendrules.frames._columns import (
    MONEY_MODES,
    Frame,
    check_choice,
)
from spendrules.frames._inventory_compute import run_levels, run_review
from spendrules.frames._inventory_levels import QUANTITY_MODES, REQUIRED
from spendrules.frames._inventory_rows import Inputs, resolve
from spendrules.frames._policy_fill import (
    PolicyInputs,
    check_inventory_policy,
    fill_review,
    with_policy_reasons,
)
from spendrules.frames._schedule import ERRORS

__all__ = ["NAMES", "ReviewOptions", "reorder_point", "review_stock", "safety_stock"]

_LEVEL_NAMES = (
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
    "order_quantity",
    "review_period",
)
#: The per-row inputs of each function (each keyword defaults to its own name).
NAMES = {
    "review_stock": (
        "sku",
        "on_hand",
        "unit_cost",
        "currency",
        *_LEVEL_NAMES,
        "safety_stock",
        "order_multiple",
        "minimum_order",
        "holding_rate",
        "committed",
        "on_order",
        "last_consumption",
        "end_of_life",
        "item_class",
    ),
    "safety_stock": _LEVEL_NAMES,
    "reorder_point": _LEVEL_NAMES,
}


def review_stock(
    frame: Any,
    *,
    as_of: date,
    sku: str | None = "sku",
    on_hand: str | Decimal | int = "on_hand",
    unit_cost: str | Decimal | int = "unit_cost",
    currency: str = "currency",
    demand_mean: str | Decimal | int = "demand_mean",
    demand_sd: str | Decimal | int | None = "demand_sd",
    demand_period: str | TimeUnit | None = "demand_period",
    demand_distribution: str | Distribution | None = "demand_distribution",
    demand_pattern: str | DemandPattern | None = "demand_pattern",
    lead_time: str | Decimal | int | None = "lead_time",
    lead_time_sd: str | Decimal | int | None = "lead_time_sd",
    lead_time_period: str | TimeUnit | None = "lead_time_period",
    service_level: str | Decimal | None = "service_level",
    fill_rate: str | Decimal | None = "fill_rate",
    safety_stock: str | Decimal | int | None = "safety_stock",
    order_quantity: str | Decimal | int | None = "order_quantity",
    order_multiple: str | Decimal | int | None = "order_multiple",
    minimum_order: str | Decimal | int | None = "minimum_order",
    review_period: str | Decimal | int | None = "review_period",
    holding_rate: str | Decimal | int | None = "holding_rate",
    committed: str | Decimal | int | None = "committed",
    on_order: str | Decimal | int | None = "on_order",
    last_consumption: str | date | None = "last_consumption",
    end_of_life: str | bool | None = "end_of_life",
    item_class: str | None = "item_class",
    policy: InventoryPolicy | None = None,
    lots: Any = None,
    reserve_table: ReserveTable | None = None,
    reserve_scope: ReserveScope | str = ReserveScope.EXCESS,
    obsolete_rate: Decimal | int = 1,
    dead_after_days: int = 365,
    slow_moving_months: Decimal | int = 12,
    days_per_year: Decimal | int = 365,
    keep: Sequence[str] = (),
    money: str = "decimal",
    quantities: str = "decimal",
    errors: str = "raise",
) -> Any:
    """Review every SKU of ``frame``: safety stock (unless agreed) and the on-hand split.

    Each output row equals [`spendrules.inventory.review_stock`][spendrules.inventory.review_stock] for the
    [`StockItem`][spendrules.inventory.StockItem] its input row describes, with the same
    ``as_of``, ``dead_after_days``, ``slow_moving_months`` and ``days_per_year``
    (and, with ``reserve_table``, [`excess_and_obsolete_reserve`][spendrules.inventory.excess_and_obsolete_reserve]
    of that review's split).

    Columns default to the scalar names: the [`StockItem`][spendrules.inventory.StockItem]
    fields, with [`Demand`][spendrules.inventory.Demand] and
    [`LeadTime`][spendrules.inventory.LeadTime] flattened as ``demand_mean``, ``demand_sd``,
    ``demand_period``, ``demand_distribution``, ``demand_pattern``, ``lead_time``,
    ``lead_time_sd`` and ``lead_time_period``. Each keyword takes a column name or
    one value for every row; an optional column the frame lacks takes the
    scalar default, and so does a null cell (see the guide "Inventory reviews").

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one SKU per row.
        as_of: Date of the review (never the clock).
        sku: Column of SKU identifiers (needed with ``lots``).
        on_hand: Column of on-hand quantities (negative: a shortage).
        unit_cost: Column of unit costs.
        currency: Column of ISO 4217 codes, or one code for every row.
        demand_mean: Mean demand per period.
        demand_sd: Standard deviation of demand per period (default 0).
        demand_period: Time unit of demand (``"day"`` by default).
        demand_distribution: ``"normal"`` (default) or ``"poisson"``.
        demand_pattern: The demand category, if known (intermittent and lumpy
            demand earn the scalar rule's warning).
        lead_time: Mean lead time (default 0).
        lead_time_sd: Standard deviation of the lead time (default 0).
        lead_time_period: Time unit of the lead time (``"day"`` by default).
        service_level: Cycle service level α of the computed safety stock.
        fill_rate: Fill rate β of the computed safety stock.
        safety_stock: An agreed safety stock (wins over a service target).
        order_quantity: The replenishment lot.
        order_multiple: Supplier's order multiple.
        minimum_order: Supplier's minimum order.
        review_period: Review period in the lead time's unit.
        holding_rate: Annual holding rate, a fraction.
        committed: Units reserved for open demand.
        on_order: Units on open purchase orders.
        last_consumption: Column of dates of the last consumption.
        end_of_life: Column of booleans.
        item_class: Column of item classes (text; read only under a ``policy``).
        policy: The agreed [`InventoryPolicy`][spendrules.policy.InventoryPolicy], or
            ``None`` (default): each row equals the scalar rule with the same
            ``policy`` (a row without a service target of its own takes its class's
            service level, a holding rate of 0 or null the agreed carrying rate;
            ``reason`` is the scalar rule's primary reason under the policy). The
            policy's reserve table is not applied (pass ``reserve_table``). A frame
            carries no citation: [`explain`][spendrules.frames.explain] of a row, given
            the same ``policy``, returns the scalar review with its ``policy_reference``.
        lots: ``None`` or a frame of lots, one lot per row, with columns ``sku``,
            ``quantity`` and ``expiry``; each SKU's lots are those of its rows.
        reserve_table: A months-of-supply [`ReserveTable`][spendrules.inventory.ReserveTable]:
            adds the reserve columns. An age table is refused (it needs each SKU's
            age profile; use the scalar reserve per SKU).
        reserve_scope: As [`excess_and_obsolete_reserve`][spendrules.inventory.excess_and_obsolete_reserve].
        obsolete_rate: As [`excess_and_obsolete_reserve`][spendrules.inventory.excess_and_obsolete_reserve].
        dead_after_days: As the scalar rule.
        slow_moving_months: As the scalar rule.
        days_per_year: As the scalar rule.
        keep: Input columns copied onto the output.
        money: ``"decimal"`` (default) or ``"minor_units"`` (int64), as the other
            frames functions.
        quantities: ``"decimal"`` (default: decimals with 6 places) or
            ``"micro_units"`` (int64 millionths of a unit, the fastest).
        errors: ``"raise"`` (default) or ``"collect"`` (error columns; the other
            rows are computed).

    Returns:
        A frame of the input's kind: ``*keep, row, currency, safety_stock,
        safety_method, z, level``, the five bucket quantities (``committed``,
        ``obsolete``, ``safety``, ``cycle``, ``excess``), their ``*_value`` and
        ``*_carrying_cost``, ``shortage, value, carrying_cost, excess_on_order,
        excess_on_order_value, months_of_supply, slow_moving, obsolete_cause``, with
        a reserve table ``reserve_rate, obsolete_reserve, table_reserve, reserve``,
        then ``rule`` and ``reason`` (the review's primary reason code).

    Raises:
        FrameInputError: a missing column, a float column, or (``errors="raise"``)
            the first bad row.
        InvalidInputError: an option the scalar rule refuses, or an age table.
        TypeError: ``frame`` is not a DataFrame, or ``policy`` not an ``InventoryPolicy``.

    Examples:
        >>> import pandas as pd
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> skus = pd.DataFrame({"sku": ["A-100"], "on_hand": [180], "unit_cost": [5],
        ...     "currency": ["USD"], "demand_mean": [10], "demand_sd": [3], "lead_time": [9],
        ...     "service_level": [Decimal("0.95")], "order_quantity": [100],
        ...     "holding_rate": [Decimal("0.25")]})
        >>> review = review_stock(skus, as_of=date(2026, 3, 31), keep=["sku"])
        >>> review[["sku", "safety_stock", "excess", "excess_value", "reason"]]
             sku safety_stock     excess excess_value                  reason
        0  A-100    14.803683  65.196317       325.98  INVENTORY.SPLIT.EXCESS

        Under the bundled policy, a class-A SKU without a target or a holding rate of
        its own takes 98 % and the agreed 25 % carrying rate:

        >>> from spendrules.policy import example_text, loads
        >>> agreed = loads(example_text()).inventory
        >>> plain = skus.drop(columns=["service_level", "holding_rate"]).assign(item_class="A")
        >>> cited = review_stock(plain, as_of=date(2026, 3, 31), policy=agreed)
        >>> cited[["safety_stock", "carrying_cost", "reason"]]
          safety_stock carrying_cost                  reason
        0    18.483741        225.00  INVENTORY.SPLIT.EXCESS
    """
    given = {
        "sku": sku,
        "on_hand": on_hand,
        "unit_cost": unit_cost,
        "currency": currency,
        "demand_mean": demand_mean,
        "demand_sd": demand_sd,
        "demand_period": demand_period,
        "demand_distribution": demand_distribution,
        "demand_pattern": demand_pattern,
        "lead_time": lead_time,
        "lead_time_sd": lead_time_sd,
        "lead_time_period": lead_time_period,
        "service_level": service_level,
        "fill_rate": fill_rate,
        "safety_stock": safety_stock,
        "order_quantity": order_quantity,
        "order_multiple": order_multiple,
        "minimum_order": minimum_order,
        "review_period": review_period,
        "holding_rate": holding_rate,
        "committed": committed,
        "on_order": on_order,
        "last_consumption": last_consumption,
        "end_of_life": end_of_life,
    }
    options = ReviewOptions.check(
        as_of=as_of,
        reserve_table=reserve_table,
        reserve_scope=reserve_scope,
        obsolete_rate=obsolete_rate,
        dead_after_days=dead_after_days,
        slow_moving_months=slow_moving_months,
        days_per_year=days_per_year,
        money=money,
        quantities=quantities,
        errors=errors,
        policy=policy,
    )
    source = Frame(frame)
    for name in keep:
        source.series(name)
    if options.policy is None:
        inputs = Inputs(
            source,
            [resolve(source, n, v, None, required=n in REQUIRED) for n, v in given.items()],
        )
        with paused_gc():
            return run_review(source, inputs, options, lots=lots, keep=keep)
    filled = fill_review(source, given, item_class, options.policy)
    source = Frame(filled.frame)
    params = [resolve(source, n, v, None, required=n in REQUIRED) for n, v in filled.given.items()]
    inputs = PolicyInputs(source, params, filled.labels)
    with paused_gc():
        result = run_review(source, inputs, options, lots=lots, keep=keep, refused=filled.refused)
    return with_policy_reasons(result, filled.applied)


@attrs.frozen
class ReviewOptions:
    as_of: date
    table: ReserveTable | None
    scope: ReserveScope
    obsolete_rate: Decimal
    dead_after_days: int
    slow_moving_months: Decimal
    days_per_year: Decimal
    money: str
    quantities: str
    errors: str
    policy: InventoryPolicy | None = None

    @classmethod
    def check(cls, **given: Any) -> ReviewOptions:
        table = given["reserve_table"]
        if table is not None:
            if not isinstance(table, ReserveTable):
                raise TypeError(f"reserve_table must be a ReserveTable, not {type(table).__name__}")
            if table.basis is not ReserveBasis.MONTHS_OF_SUPPLY:
                raise InvalidInputError(
                    "reserve_table",
                    table.basis.value,
                    "a months-of-supply table (an age table needs each SKU's age profile: "
                    "use excess_and_obsolete_reserve per SKU)",
                )
        return cls(
            as_of=check_date(given["as_of"], "as_of"),
            table=table,
            scope=ReserveScope(given["reserve_scope"]),
            obsolete_rate=check_fraction(given["obsolete_rate"], "obsolete_rate"),
            dead_after_days=check_int(given["dead_after_days"], "dead_after_days", minimum=0),
            slow_moving_months=check_non_negative(
                given["slow_moving_months"], "slow_moving_months"
            ),
            days_per_year=check_days_per_year(given["days_per_year"]),
            money=check_choice(given["money"], "money", MONEY_MODES),
            quantities=check_choice(given["quantities"], "quantities", QUANTITY_MODES),
            errors=check_choice(given["errors"], "errors", ERRORS),
            policy=check_inventory_policy(given.get("policy")),
        )

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> ReviewOptions:
        """The options of a [`review_stock`][spendrules.frames.review_stock] call given as keywords (defaults filled in)."""
        return cls.check(
            as_of=options.get("as_of"),
            reserve_table=options.get("reserve_table"),
            reserve_scope=options.get("reserve_scope", ReserveScope.EXCESS),
            obsolete_rate=options.get("obsolete_rate", 1),
            dead_after_days=options.get("dead_after_days", 365),
            slow_moving_months=options.get("slow_moving_months", 12),
            days_per_year=options.get("days_per_year", 365),
            money=options.get("money", "decimal"),
            quantities=options.get("quantities", "decimal"),
            errors=options.get("errors", "raise"),
            policy=options.get("policy"),
        )

    def scalar_options(self) -> dict[str, Any]:
        """The keyword options of the scalar review."""
        return {
            "dead_after_days": self.dead_after_days,
            "slow_moving_months": self.slow_moving_months,
            "days_per_year": self.days_per_year,
        }

    def reserve_options(self) -> dict[str, Any]:
        """The keyword options of the scalar reserve."""
        return {"scope": self.scope, "obsolete_rate": self.obsolete_rate}


def safety_stock(
    frame: Any,
    *,
    demand_mean: str | Decimal | int = "demand_mean",
    demand_sd: str | Decimal | int | None = "demand_sd",
    demand_period: str | TimeUnit | None = "demand_period",
    demand_distribution: str | Distribution | None = "demand_distribution",
    demand_pattern: str | DemandPattern | None = "demand_pattern",
    lead_time: str | Decimal | int | None = "lead_time",
    lead_time_sd: str | Decimal | int | None = "lead_time_sd",
    lead_time_period: str | TimeUnit | None = "lead_time_period",
    service_level: str | Decimal | None = "service_level",
    fill_rate: str | Decimal | None = "fill_rate",
    order_quantity: str | Decimal | int | None = "order_quantity",
    review_period: str | Decimal | int | None = "review_period",
    days_per_year: Decimal | int = 365,
    keep: Sequence[str] = (),
    quantities: str = "decimal",
    errors: str = "raise",
) -> Any:
    """Return the safety stock of every row for its service target.

    Each output row equals [`spendrules.inventory.safety_stock`][spendrules.inventory.safety_stock] for the
    [`Demand`][spendrules.inventory.Demand] and [`LeadTime`][spendrules.inventory.LeadTime]
    its row describes, with its ``service_level`` or ``fill_rate`` (exactly one
    per row), ``order_quantity`` (null: ``None``) and ``review_period``.
    Columns and constants are read as in [`review_stock`][spendrules.frames.review_stock].

    Args:
        frame: A pandas, polars or pyarrow DataFrame.
        demand_mean: Mean demand per period.
        demand_sd: Standard deviation of demand per period.
        demand_period: Time unit of demand.
        demand_distribution: ``"normal"`` or ``"poisson"``.
        demand_pattern: The demand category, if known.
        lead_time: Mean lead time.
        lead_time_sd: Standard deviation of the lead time.
        lead_time_period: Time unit of the lead time.
        service_level: Cycle service level α.
        fill_rate: Fill rate β.
        order_quantity: The lot a fill rate refers to.
        review_period: Review period in the lead time's unit.
        days_per_year: Day basis for unit conversions.
        keep: Input columns copied onto the output.
        quantities: ``"decimal"`` (default) or ``"micro_units"`` (int64 millionths).
        errors: ``"raise"`` (default) or ``"collect"``.

    Returns:
        A frame of the input's kind: ``*keep, row, safety_stock, level, mean, sigma,
        protection_interval, z, method, rule, reason`` (the
        [`SafetyStock`][spendrules.inventory.SafetyStock] fields; the service achieved is in
        [`explain`][spendrules.frames.explain]).

    Raises:
        FrameInputError: a missing or float column, or (``errors="raise"``) the
            first bad row.
        InvalidInputError: an option the scalar rule refuses.
        TypeError: ``frame`` is not a DataFrame.

    Examples:
        >>> import polars as pl
        >>> from decimal import Decimal
        >>> skus = pl.DataFrame({"demand_mean": [10, 50], "demand_sd": [3, 8],
        ...     "lead_time": [9, 0], "review_period": [0, 1],
        ...     "service_level": [Decimal("0.95"), Decimal("0.7954545454545454")]})
        >>> safety_stock(skus).select("safety_stock", "level", "z").rows()
        [(Decimal('14.803683'), Decimal('104.803683'), Decimal('1.644853626951470')), (Decimal('6.603956'), Decimal('56.603956'), Decimal('0.825494490929236'))]
    """
    given = {
        "demand_mean": demand_mean,
        "demand_sd": demand_sd,
        "demand_period": demand_period,
        "demand_distribution": demand_distribution,
        "demand_pattern": demand_pattern,
        "lead_time": lead_time,
        "lead_time_sd": lead_time_sd,
        "lead_time_period": lead_time_period,
        "service_level": service_level,
        "fill_rate": fill_rate,
        "order_quantity": order_quantity,
        "review_period": review_period,
    }
    return _levels_call(frame, given, days_per_year, keep, quantities, errors, level=False)


def reorder_point(
    frame: Any,
    *,
    demand_mean: str | Decimal | int = "demand_mean",
    demand_sd: str | Decimal | int | None = "demand_sd",
    demand_period: str | TimeUnit | None = "demand_period",
    demand_distribution: str | Distribution | None = "demand_distribution",
    demand_pattern: str | DemandPattern | None = "demand_pattern",
    lead_time: str | Decimal | int | None = "lead_time",
    lead_time_sd: str | Decimal | int | None = "lead_time_sd",
    lead_time_period: str | TimeUnit | None = "lead_time_period",
    service_level: str | Decimal | None = "service_level",
    fill_rate: str | Decimal | None = "fill_rate",
    order_quantity: str | Decimal | int | None = "order_quantity",
    review_period: str | Decimal | int | None = "review_period",
    days_per_year: Decimal | int = 365,
    keep: Sequence[str] = (),
    quantities: str = "decimal",
    errors: str = "raise",
) -> Any:
    """Return the reorder point r = d·(L + R) + SS of every row.

    Each output row equals [`spendrules.inventory.reorder_point`][spendrules.inventory.reorder_point] for its
    row, read as [`safety_stock`][spendrules.frames.safety_stock] reads it (same arguments).

    Returns:
        A frame of the input's kind: ``*keep, row, reorder_point, mean,
        safety_stock, z, method, rule, reason``.

    Raises:
        FrameInputError: as [`safety_stock`][spendrules.frames.safety_stock].
        InvalidInputError: as [`safety_stock`][spendrules.frames.safety_stock].
        TypeError: ``frame`` is not a DataFrame.

    Examples:
        >>> import pyarrow as pa
        >>> from decimal import Decimal
        >>> skus = pa.table({"demand_mean": [10], "demand_sd": [3], "lead_time": [9],
        ...     "service_level": [Decimal("0.95")]})
        >>> reorder_point(skus)["reorder_point"].to_pylist()
        [Decimal('104.803683')]
    """
    given = {
        "demand_mean": demand_mean,
        "demand_sd": demand_sd,
        "demand_period": demand_period,
        "demand_distribution": demand_distribution,
        "demand_pattern": demand_pattern,
        "lead_time": lead_time,
        "lead_time_sd": lead_time_sd,
        "lead_time_period": lead_time_period,
        "service_level": service_level,
        "fill_rate": fill_rate,
        "order_quantity": order_quantity,
        "review_period": review_period,
    }
    return _levels_call(frame, given, days_per_year, keep, quantities, errors, level=True)


def _levels_call(  # noqa: PLR0917 - private
    frame: Any,
    given: dict[str, Any],
    days_per_year: Decimal | int,
    keep: Sequence[str],
    quantities: str,
    errors: str,
    *,
    level: bool,
) -> Any:
    basis = check_days_per_year(days_per_year)
    check_choice(quantities, "quantities", QUANTITY_MODES)
    check_choice(errors, "errors", ERRORS)
    source = Frame(frame)
    for name in keep:
        source.series(name)
    inputs = Inputs(
        source,
        [resolve(source, n, v, None, required=n == "demand_mean") for n, v in given.items()],
    )
    with paused_gc():
        return run_levels(
            source,
            inputs,
            level=level,
            days_per_year=basis,
            keep=keep,
            quantities=quantities,
            errors=errors,
        )
