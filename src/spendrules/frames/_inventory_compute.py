"""The inventory frames functions' engine: read, compute in arrays, fall back to the scalar rule, build (private).

See ``_inventory`` for the public functions and ``_inventory_core`` for how the
arrays stay equal to the scalar rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from spendrules._checks import (
    check_currency,
)
from spendrules._decimal import exact
from spendrules._inventory._common import (
    QUANTITY_PLACES,
    TimeUnit,
    unit_factor,
    unit_ratio,
)
from spendrules._inventory.split import Lot, _expiry_risk
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import (
    BoolArray,
    Column,
    Frame,
    Int64Array,
    RowErrors,
)
from spendrules.frames._inventory_core import (
    MICRO,
    allocate_units,
    ceil_multiple,
    muldiv,
    round_half_up,
)
from spendrules.frames._inventory_levels import (
    _INTERVAL,
    CAUSES,
    LEVEL_RULE,
    METHODS,
    SAFETY_RULE,
    UNITS,
    micro,
    read_common,
    safety_levels,
)
from spendrules.frames._inventory_output import InventoryOutput, Result, SplitArrays, scale_of
from spendrules.frames._inventory_rows import (
    Inputs,
    read_lots,
    scalar_review_row,
)
from spendrules.frames._schedule import _error_columns
from spendrules.money import minor_units

__all__ = ["run_levels", "run_review"]

_INT64_ROOM = float(2**62)
_TOO_LARGE = "small enough that the review's values fit int64 (minor units, millionths of a unit)"


def _currency(value: Any) -> str | None:
    return None if value is None else check_currency(value, "currency")


def _scale_down(value: Int64Array) -> tuple[Int64Array, int]:
    """``value`` divided by the largest power of ten (up to 10**6) dividing every row, and that power."""
    for power in range(QUANTITY_PLACES, 0, -1):
        if not bool((value % 10**power).any()):
            return value // 10**power, power
    return value, 0


def _money(factors: list[Int64Array], places: int, digits: Int64Array) -> Int64Array:
    """``prod(factors) / 10**places`` in minor units of ``digits`` places, rounded half up, exactly."""
    reduced = []
    for factor in factors:
        smaller, power = _scale_down(factor)
        reduced.append(smaller)
        places -= power
    shift = places - np.maximum(digits, 0)
    down = np.maximum(shift, 0)
    rounded = round_half_up(reduced, (10**down).astype(np.int64))
    result: Int64Array = rounded * (10 ** np.maximum(-shift, 0)).astype(np.int64)
    return result


def _split(  # noqa: PLR0917 - private, called once with the frame's arrays
    stock: Int64Array,
    target: Int64Array,
    data: dict[str, Any],
    money: dict[str, Int64Array],
    obsolete: tuple[BoolArray, Int64Array, Int64Array],
    committed: Int64Array,
    on_order: Int64Array,
    allowance: Int64Array,
    months_ratio: tuple[Int64Array, Int64Array],
    slow_months: Fraction,
) -> SplitArrays:
    item_obsolete, cause, risk = obsolete
    held = np.maximum(stock, 0)
    shortage = np.maximum(-stock, 0)
    q_committed = np.minimum(held, committed)
    remaining = held - q_committed
    uncovered = committed - q_committed
    q_obsolete = np.where(item_obsolete, remaining, np.minimum(remaining, risk))
    cause = np.where(~item_obsolete & (risk > 0), CAUSES.index("expiry"), cause)
    remaining = remaining - q_obsolete
    q_safety = np.minimum(remaining, target)
    remaining = remaining - q_safety
    q_cycle = np.minimum(remaining, allowance)
    q_excess = remaining - q_cycle
    quantities = [q_committed, q_obsolete, q_safety, q_cycle, q_excess]
    cost, rate, digits = money["cost"], money["rate"], money["digits"]
    priced = (held > 0) & (cost > 0)
    total = np.where(priced, _money([held, cost], 2 * QUANTITY_PLACES, digits), 0)
    weights = [np.where(priced, q, 0) for q in quantities]
    values = allocate_units(total, weights)
    carrying_total = np.where(
        priced & (rate > 0), _money([held, cost, rate], 3 * QUANTITY_PLACES, digits), 0
    )
    carrying = allocate_units(carrying_total, weights)
    excess_on_order = np.where(
        item_obsolete,
        np.maximum(on_order - uncovered - shortage, 0),
        np.maximum(stock + on_order - committed - q_obsolete - target - allowance, 0) - q_excess,
    )
    eoo_value = _money([excess_on_order, cost], 2 * QUANTITY_PLACES, digits)
    mean = data["mean"]
    numerator, denominator = months_ratio
    demand = mean > 0
    divisor = np.where(demand, mean, 1) * numerator
    size = len(held)
    places = data["mean_places"]  # months = held·den·10**places / (mean·num), in millionths
    months, _ = muldiv(
        [held, denominator, np.full(size, 10**places, dtype=np.int64)], np.maximum(divisor, 1)
    )
    finer = np.full(size, 10 ** (places - QUANTITY_PLACES), dtype=np.int64)
    over, rest = muldiv(
        [held, denominator, finer, np.full(size, slow_months.denominator, dtype=np.int64)],
        np.maximum(divisor, 1),
    )
    beyond = (over > slow_months.numerator) | ((over == slow_months.numerator) & (rest > 0))
    slow = (stock > 0) & (~demand | beyond | (cause == CAUSES.index("no_consumption")))
    warnings = [
        stock < 0,
        uncovered > 0,
        item_obsolete | (risk > 0),
        q_excess > 0,
        excess_on_order > 0,
        slow,
    ]
    return SplitArrays(
        quantities=quantities,
        values=values,
        carrying=carrying,
        shortage=shortage,
        value=total,
        carrying_total=carrying_total,
        excess_on_order=excess_on_order,
        excess_on_order_value=eoo_value,
        months=np.where(demand, months, 0),
        months_null=~demand,
        slow=slow,
        cause=cause,
        warnings=warnings,
    )


def _missing(bad: RowErrors, null: BoolArray, column: str) -> None:
    bad.add_many(
        np.flatnonzero(null).tolist(),
        lambda row: FrameInputError(row, column, None, "given", "INPUT.MISSING"),
    )


def _lot_rows(
    inputs: Inputs, lots: Any, held: Int64Array, bad: RowErrors
) -> tuple[dict[str, tuple[Lot, ...]], _Keys, BoolArray]:
    """The lots by SKU, each row's SKU key, and the rows that have lots."""
    size = inputs.size
    if lots is None:
        return {}, _Keys([""], np.zeros(size, dtype=np.int64)), np.zeros(size, dtype=bool)
    if inputs.params["sku"].column is None:
        raise InvalidInputError("sku", None, "a column of SKUs to match the lots frame's sku")
    found, refused = read_lots(lots, sku="sku", quantity="quantity", expiry="expiry")
    codes, distinct = inputs.source.codes(inputs.column_of("sku"))
    names = [*map(str, distinct), str(None)]  # a null SKU last
    keys = _Keys(names, np.where(codes < 0, len(distinct), codes))
    position = dict(zip(names, range(len(names)), strict=True))
    spots = {name: [position[name]] for name in found if name in position}
    if len(position) < len(names):  # two SKUs written alike (or one named "None")
        spots = {name: [] for name in found}  # where each SKU with lots sits
        for at, name in enumerate(names):
            spot = spots.get(name)
            if spot is not None:
                spot.append(at)
    totals = np.zeros(len(names), dtype=np.int64)
    with_lots = np.zeros(len(names), dtype=bool)
    for name, places in spots.items():
        total = int(sum(lot.quantity for lot in found[name]) * MICRO)
        for at in places:
            totals[at] = total
            with_lots[at] = True
    lot_total = totals[keys.index]
    has = with_lots[keys.index]
    inputs.scalar |= has & (lot_total > held)  # the scalar rule refuses lots above on-hand
    if refused:  # SKUs whose lots the lots frame gives wrongly
        turned_down = np.array([name in refused for name in names], dtype=bool)[keys.index]
        for row in np.flatnonzero(turned_down).tolist():
            error = refused[keys[row]]
            bad.add(row, FrameInputError(row, error.column, error.value, error.constraint))
    return found, keys, has


@attrs.frozen
class _Keys:
    """Each row's SKU as text: the distinct names and each row's index into them."""

    names: list[str]
    index: Int64Array

    def __getitem__(self, row: int) -> str:
        return self.names[int(self.index[row])]


def run_review(
    source: Frame,
    inputs: Inputs,
    options: Any,
    *,
    lots: Any,
    keep: Sequence[str],
    refused: Mapping[int, FrameInputError] | None = None,
) -> Any:
    """Review every row of ``source`` (see [`spendrules.frames.review_stock`][spendrules.frames.review_stock]).

    ``refused`` holds rows already known bad (an item class the policy cannot
    read): each is recorded before any column is read.
    """
    size = inputs.size
    bad = RowErrors()
    for row, error in (refused or {}).items():
        bad.add(row, error)
    data = read_common(inputs)
    stock, stock_null = inputs.micro("on_hand")
    cost, cost_null = inputs.micro("unit_cost")
    agreed, agreed_null = inputs.micro("safety_stock")
    multiple, multiple_null = inputs.micro("order_multiple")
    minimum, _ = inputs.micro("minimum_order")
    rate, _ = inputs.micro("holding_rate")
    committed, _ = inputs.micro("committed")
    on_order, _ = inputs.micro("on_order")
    code, currencies = inputs.codes("currency", _currency)
    digits = np.array([-1 if c is None else minor_units(c) for c in currencies])[code]
    last, last_null = inputs.dates("last_consumption", bad)
    end_of_life = inputs.flags("end_of_life")
    _missing(bad, stock_null, inputs.column_of("on_hand"))
    _missing(bad, cost_null, inputs.column_of("unit_cost"))
    _missing(bad, data["mean_null"], inputs.column_of("demand_mean"))
    _missing(bad, code == len(currencies) - 1, inputs.column_of("currency"))
    today = options.as_of.toordinal() - date(1970, 1, 1).toordinal()
    scalar = inputs.scalar
    scalar |= (cost < 0) | (~agreed_null & (agreed < 0)) | (minimum < 0)
    scalar |= (committed < 0) | (on_order < 0) | (~multiple_null & (multiple <= 0))
    scalar |= (rate < 0) | (rate > MICRO) | (~last_null & (last > today)) | (digits < 0)
    computed = agreed_null & (data["alpha"] | data["beta"])
    scalar |= computed & data["alpha"] & data["beta"]
    no_lot = (data["quantity"] == 0) & ((data["review"] == 0) | (data["mean"] == 0))
    scalar |= computed & data["beta"] & no_lot
    ratios = [unit_ratio(TimeUnit.MONTH, unit, options.days_per_year) for unit in UNITS]
    months_ratio = (
        np.array([r.numerator for r in ratios], dtype=np.int64)[data["period"]],
        np.array([r.denominator for r in ratios], dtype=np.int64)[data["period"]],
    )
    scalar |= computed & data["poisson"] & (data["lead_sd"] != 0)
    # months of supply divides by mean × the month's numerator: kept within int64
    scalar |= data["mean"].astype(np.float64) * months_ratio[0] >= _INT64_ROOM
    lot_map, keys, has_lots = _lot_rows(inputs, lots, np.maximum(stock, 0), bad)
    failed = bad.mask(size)
    levels = safety_levels(
        inputs,
        data,
        computed & ~scalar & ~failed,
        basis=options.days_per_year,
        zero_lot_is_none=True,
    )
    scalar |= levels.failed
    vector = ~scalar & ~failed
    # rows left to the scalar rule compute nothing here: their inputs are zeroed
    for array in (stock, cost, agreed, multiple, minimum, rate, committed, on_order):
        array[~vector] = 0
    mean = np.where(vector, data["mean"], 0)
    data = {**data, "mean": mean}
    target = np.where(~agreed_null, agreed, np.where(computed, levels.target, 0))
    method = np.where(~agreed_null, METHODS.index("agreed"), np.where(computed, levels.method, 3))
    lot = np.maximum(np.where(vector, data["quantity"], 0), minimum)
    allowance = np.where(
        multiple_null | (lot == 0),
        lot,
        ceil_multiple(lot, np.where(multiple_null | (multiple <= 0), 1, multiple)),
    )
    cause = np.full(size, -1, dtype=np.int64)
    cause = np.where(mean == 0, CAUSES.index("no_demand"), cause)
    dead = vector & ~last_null & (today - last > options.dead_after_days)
    cause = np.where(dead & (mean != 0), CAUSES.index("no_consumption"), cause)
    cause = np.where(end_of_life, CAUSES.index("end_of_life"), cause)
    item_obsolete = cause >= 0
    risk = _expiry(
        inputs,
        options,
        lot_map,
        keys,
        has_lots & vector & ~item_obsolete,
        data,
        np.minimum(np.maximum(stock, 0), committed),
    )
    split = _split(
        stock,
        target,
        data,
        {"cost": cost, "rate": rate, "digits": np.maximum(digits, 0)},
        (item_obsolete, cause, risk),
        committed,
        on_order,
        allowance,
        months_ratio,
        Fraction(options.slow_moving_months),
    )
    result = Result.of(size, split, levels, target, method, digits)
    if options.table is not None:
        result.reserve(split, options)
    result.reason_codes(levels, computed, agreed_null, split)
    for row in np.flatnonzero(scalar & ~failed).tolist():
        try:
            review, reserve = scalar_review_row(
                inputs,
                row,
                lots=lot_map,
                as_of=options.as_of,
                options=options.scalar_options(),
                table=options.table,
                reserve_options=options.reserve_options(),
            )
        except FrameInputError as exc:
            bad.add(row, exc)
            continue
        try:
            result.take(row, review, reserve)
        except OverflowError:
            bad.add(
                row,
                FrameInputError(row, inputs.column_of("on_hand"), review.split.on_hand, _TOO_LARGE),
            )
    if options.errors == "raise":
        bad.raise_first()
    return result.build(source, bad, keep, currencies, code, options)


def _expiry(  # noqa: PLR0917 - private, called once
    inputs: Inputs,
    options: Any,
    lot_map: dict[str, tuple[Lot, ...]],
    keys: _Keys,
    rows: BoolArray,
    data: dict[str, Any],
    committed: Int64Array,
) -> Int64Array:
    """Expired and expiring units of the rows with lots, by the scalar rule's own FEFO helper."""
    risk = np.zeros(inputs.size, dtype=np.int64)
    at = np.flatnonzero(rows)
    factors = [unit_factor(TimeUnit.DAY, unit, options.days_per_year) for unit in UNITS]
    places = -data["mean_places"]
    columns = (data["mean"][at], data["period"][at], committed[at], keys.index[at])
    found = []
    with exact():
        for mean, period, reserved, key in zip(*(c.tolist() for c in columns), strict=True):
            daily = Decimal(mean).scaleb(places) * factors[period]
            held = Decimal(reserved).scaleb(-QUANTITY_PLACES)
            expired, expiring = _expiry_risk(lot_map[keys.names[key]], options.as_of, daily, held)
            found.append(micro(expired + expiring))
    risk[at] = found
    return risk


def run_levels(
    source: Frame,
    inputs: Inputs,
    *,
    level: bool,
    days_per_year: Decimal,
    keep: Sequence[str],
    quantities: str,
    errors: str,
) -> Any:
    """Safety stock (or the reorder point) of every row (see [`spendrules.frames.safety_stock`][spendrules.frames.safety_stock])."""
    size = inputs.size
    bad = RowErrors()
    data = read_common(inputs)
    _missing(bad, data["mean_null"], inputs.column_of("demand_mean"))
    inputs.scalar |= ~(data["alpha"] ^ data["beta"])
    inputs.scalar |= ~data["quantity_null"] & (data["quantity"] <= 0)
    levels = safety_levels(
        inputs, data, ~bad.mask(size), basis=days_per_year, zero_lot_is_none=False
    )
    for at, error in levels.errors.items():
        bad.add(at, error)
    if errors == "raise":
        bad.raise_first()
    failed = bad.mask(size)
    null = failed if bool(failed.any()) else None
    row = np.arange(size, dtype=np.int64)
    output = InventoryOutput(source, "decimal", quantities)
    for name in keep:
        output.add(name, Column("keep", row))
    output.add("row", Column("int", row))
    if level:
        output.quantity("reorder_point", levels.level, null)
        output.quantity("mean", levels.mean, null)
        output.quantity("safety_stock", levels.target, null)
    else:
        output.quantity("safety_stock", levels.target, null)
        output.quantity("level", levels.level, null)
        output.quantity("mean", levels.mean, null)
        output.quantity("sigma", levels.sigma, null)
        output.quantity("protection_interval", levels.interval, null)
    z_null = failed | (levels.z < 0)
    output.add(
        "z",
        Column(
            "decimal",
            np.where(z_null, len(levels.z_table), levels.z),
            z_null,
            scale=scale_of(levels.z_table),
            table=[*levels.z_table, None],
        ),
    )
    output.add(
        "method",
        Column("category", np.where(failed, -1, levels.method), labels=METHODS),
    )
    output.add(
        "rule",
        Column("category", np.where(failed, -1, 0), labels=[LEVEL_RULE if level else SAFETY_RULE]),
    )
    labels = [_INTERVAL, *levels.warnings]
    output.add(
        "reason",
        Column("category", np.where(failed, -1, levels.warning + 1), labels=labels),
    )
    if errors == "collect":
        _error_columns(output, bad, row, failed)
    return output.build()
