"""The output of a frames inventory review: its arrays, rows filled from the scalar rule, and the frame (private)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from spendrules._decimal import CONTEXT
from spendrules._inventory._common import (
    QUANTITY_PLACES,
)
from spendrules._inventory.batch import StockReview
from spendrules._inventory.reserve import Reserve, ReserveScope, ReserveTable
from spendrules._inventory.rows import safety_method
from spendrules.frames._columns import (
    BoolArray,
    Column,
    Frame,
    Int64Array,
    Output,
    RowErrors,
)
from spendrules.frames._inventory_core import (
    MICRO,
    round_half_up,
)
from spendrules.frames._inventory_levels import (
    _AGREED,
    _COMPUTED,
    _NONE,
    _SPLIT_WARNINGS,
    BUCKETS,
    CAUSES,
    METHODS,
    REVIEW_RULE,
    Levels,
    micro,
)
from spendrules.frames._schedule import _error_columns
from spendrules.money import minor_units

__all__ = ["InventoryOutput", "Result", "SplitArrays", "scale_of"]


@attrs.define
class SplitArrays:
    quantities: list[Int64Array]
    values: list[Int64Array]
    carrying: list[Int64Array]
    shortage: Int64Array
    value: Int64Array
    carrying_total: Int64Array
    excess_on_order: Int64Array
    excess_on_order_value: Int64Array
    months: Int64Array
    months_null: BoolArray
    slow: BoolArray
    cause: Int64Array  # index into CAUSES, -1 for none
    warnings: list[BoolArray]


class InventoryOutput(Output):
    """The frames output, with quantity columns read in their own mode (``quantities=``)."""

    def __init__(self, source: Frame, money: str, quantities: str) -> None:
        super().__init__(source, money)
        self.quantity_mode = quantities
        self.quantity_ids: set[int] = set()

    def quantity(self, name: str, values: Int64Array, null: BoolArray | None) -> None:
        """Add a column of millionths of a unit."""
        column = Column(
            "units", values, null, digits=np.full(len(values), QUANTITY_PLACES, dtype=np.int64)
        )
        self.quantity_ids.add(id(column))
        self.add(name, column)

    def _mode(self, column: Column) -> str:
        if id(column) in self.quantity_ids:
            return "decimal" if self.quantity_mode == "decimal" else "minor_units"
        return self.money

    def _pandas_units(self, column: Column) -> Any:
        mode = self._mode(column)
        if mode != "decimal":
            saved, self.money = self.money, "minor_units"
            try:
                return super()._pandas_units(column)
            finally:
                self.money = saved
        values, null, digits = column.values, column.null, column.digits
        assert digits is not None  # noqa: S101 - unit columns carry their digits
        out = np.empty(len(values), dtype=object)
        for places in np.unique(digits).tolist():
            rows = np.flatnonzero(digits == places)
            distinct, index = np.unique(values[rows], return_inverse=True)
            made = np.empty(len(distinct), dtype=object)
            made[:] = [Decimal(f"{v}E-{places}") for v in distinct.tolist()]
            out[rows] = made[index.reshape(-1)]
        if null is not None:
            out[null] = None
        return out

    def _arrow_units(self, column: Column) -> Any:
        saved, self.money = self.money, self._mode(column)
        try:
            return super()._arrow_units(column)
        finally:
            self.money = saved


@attrs.define
class Result:
    """The output arrays of a review, filled by the vectorised path and then row by row."""

    target: Int64Array
    method: Int64Array
    z: Int64Array
    z_table: list[Decimal]
    level: Int64Array
    level_null: BoolArray
    quantities: list[Int64Array]
    values: list[Int64Array]
    carrying: list[Int64Array]
    shortage: Int64Array
    value: Int64Array
    carrying_total: Int64Array
    excess_on_order: Int64Array
    excess_on_order_value: Int64Array
    months: Int64Array
    months_null: BoolArray
    slow: BoolArray
    cause: Int64Array
    digits: Int64Array
    reason: Int64Array = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))
    labels: list[str] = attrs.field(factory=list)
    reserves: list[Int64Array] | None = None
    rate: Int64Array | None = None
    rate_table: list[Decimal] = attrs.field(factory=list)

    @classmethod
    def of(  # noqa: PLR0917 - private
        cls,
        size: int,
        split: SplitArrays,
        levels: Levels,
        target: Int64Array,
        method: Int64Array,
        digits: Int64Array,
    ) -> Result:
        return cls(
            target=target,
            method=method,
            z=levels.z,
            z_table=levels.z_table,
            level=levels.level,
            level_null=levels.level_null,
            quantities=split.quantities,
            values=split.values,
            carrying=split.carrying,
            shortage=split.shortage,
            value=split.value,
            carrying_total=split.carrying_total,
            excess_on_order=split.excess_on_order,
            excess_on_order_value=split.excess_on_order_value,
            months=split.months,
            months_null=split.months_null,
            slow=split.slow,
            cause=split.cause,
            digits=np.where(digits < 0, 0, digits),
            reason=np.zeros(size, dtype=np.int64),
        )

    def reserve(self, split: SplitArrays, options: Any) -> None:
        """The reserve of every row, as the scalar reserve computes it from the split."""
        table: ReserveTable = options.table
        steps = table.steps
        thresholds = np.array(
            [
                -(
                    (-Fraction(s.threshold) * MICRO).numerator
                    // (Fraction(s.threshold) * MICRO).denominator
                )
                for s in steps
            ],
            dtype=np.int64,
        )
        index = np.searchsorted(thresholds, self.months, side="right") - 1
        index = np.where(self.months_null, len(steps) - 1, index)
        index = np.where(index < 0, len(steps), index)
        self.rate_table = [s.rate for s in steps] + [Decimal(0)]
        self.rate = index
        fractions = [Fraction(r) for r in self.rate_table]
        numerator = np.array([f.numerator for f in fractions], dtype=np.int64)[index]
        denominator = np.array([f.denominator for f in fractions], dtype=np.int64)[index]
        if options.scope is ReserveScope.EXCESS:
            scope_value = self.values[4]
        else:
            scope_value = self.values[0] + self.values[2] + self.values[3] + self.values[4]
        obsolete = Fraction(options.obsolete_rate)
        size = len(index)
        obsolete_reserve = round_half_up(
            [self.values[1], np.full(size, obsolete.numerator, dtype=np.int64)],
            np.full(size, obsolete.denominator, dtype=np.int64),
        )
        table_reserve = round_half_up([scope_value, numerator], denominator)
        self.reserves = [obsolete_reserve, table_reserve, obsolete_reserve + table_reserve]
        del split

    def reason_codes(
        self, levels: Levels, computed: BoolArray, agreed_null: BoolArray, split: SplitArrays
    ) -> None:
        """Each row's primary reason: the first warning of the review, else where its safety came from."""
        self.labels = [_AGREED, _COMPUTED, _NONE, *levels.warnings, *_SPLIT_WARNINGS]
        code = np.where(~agreed_null, 0, np.where(computed, 1, 2))
        base = 3 + len(levels.warnings)
        for index in range(len(split.warnings) - 1, -1, -1):
            code = np.where(split.warnings[index], base + index, code)
        self.reason = np.where(levels.warning >= 0, 3 + levels.warning, code)

    def take(self, row: int, review: StockReview, reserve: Reserve | None) -> None:
        """Fill ``row`` from the scalar review."""
        split = review.split
        places = minor_units(split.currency)
        self.digits[row] = places
        computed = review.safety_stock
        self.target[row] = micro(split.safety_target)
        self.method[row] = METHODS.index(safety_method(review))
        self.z[row] = -1
        self.level_null[row] = computed is None
        if computed is not None:
            self.level[row] = micro(computed.level)
            if computed.z is not None:
                self.z_table.append(computed.z)
                self.z[row] = len(self.z_table) - 1
        for index, bucket in enumerate(split.buckets):
            self.quantities[index][row] = micro(bucket.quantity)
            self.values[index][row] = _units(bucket.value, places)
            self.carrying[index][row] = _units(bucket.annual_carrying_cost, places)
        self.shortage[row] = micro(split.shortage)
        self.value[row] = _units(split.value, places)
        self.carrying_total[row] = _units(split.annual_carrying_cost, places)
        self.excess_on_order[row] = micro(split.excess_on_order)
        self.excess_on_order_value[row] = _units(split.excess_on_order_value, places)
        self.months_null[row] = split.months_of_supply is None
        self.months[row] = 0 if split.months_of_supply is None else micro(split.months_of_supply)
        self.slow[row] = split.slow_moving
        cause = split.obsolete_cause
        self.cause[row] = -1 if cause is None else CAUSES.index(cause.value)
        primary = review.primary_reason()
        assert primary is not None  # noqa: S101 - a review always has reasons
        # the review's warnings and sources are all among the labels (see reason_codes)
        self.reason[row] = self.labels.index(primary.code)
        if reserve is not None and self.reserves is not None and self.rate is not None:
            self.reserves[0][row] = _units(reserve.obsolete_reserve, places)
            self.reserves[1][row] = _units(reserve.table_reserve, places)
            self.reserves[2][row] = _units(reserve.total, places)
            self.rate_table.append(reserve.table_rate)
            self.rate[row] = len(self.rate_table) - 1

    def build(  # noqa: PLR0917 - private
        self,
        source: Frame,
        bad: RowErrors,
        keep: Sequence[str],
        currencies: list[str | None],
        code: Int64Array,
        options: Any,
    ) -> Any:
        """The output frame in the input's kind."""
        size = source.size
        failed = bad.mask(size)
        null = failed if bool(failed.any()) else None
        row = np.arange(size, dtype=np.int64)
        output = InventoryOutput(source, options.money, options.quantities)
        for name in keep:
            output.add(name, Column("keep", row))
        output.add("row", Column("int", row))
        output.add("currency", Column("text", np.array([*currencies], dtype=object)[code]))
        output.quantity("safety_stock", self.target, null)
        output.add(
            "safety_method", Column("category", np.where(failed, -1, self.method), labels=METHODS)
        )
        z_null = failed | (self.z < 0)
        output.add(
            "z",
            Column(
                "decimal",
                np.where(z_null, len(self.z_table), self.z),
                z_null,
                scale=scale_of(self.z_table),
                table=[*self.z_table, None],
            ),
        )
        output.quantity("level", self.level, failed | self.level_null)
        for name, values in zip(BUCKETS, self.quantities, strict=True):
            output.quantity(name, values, null)
        money = self.digits
        for name, values in zip(BUCKETS, self.values, strict=True):
            output.add(f"{name}_value", Column("units", values, null, digits=money))
        for name, values in zip(BUCKETS, self.carrying, strict=True):
            output.add(f"{name}_carrying_cost", Column("units", values, null, digits=money))
        output.quantity("shortage", self.shortage, null)
        output.add("value", Column("units", self.value, null, digits=money))
        output.add("carrying_cost", Column("units", self.carrying_total, null, digits=money))
        output.quantity("excess_on_order", self.excess_on_order, null)
        output.add(
            "excess_on_order_value", Column("units", self.excess_on_order_value, null, digits=money)
        )
        output.quantity("months_of_supply", self.months, failed | self.months_null)
        output.add("slow_moving", Column("bool", self.slow, null))
        output.add(
            "obsolete_cause",
            Column("category", np.where(failed, -1, self.cause), labels=CAUSES),
        )
        if self.reserves is not None and self.rate is not None:
            output.add(
                "reserve_rate",
                Column(
                    "decimal",
                    np.where(failed, len(self.rate_table), self.rate),
                    null,
                    scale=scale_of(self.rate_table),
                    table=[*self.rate_table, None],
                ),
            )
            for name, values in zip(
                ("obsolete_reserve", "table_reserve", "reserve"), self.reserves, strict=True
            ):
                output.add(name, Column("units", values, null, digits=money))
        output.add(
            "rule",
            Column("category", np.where(failed, -1, 0), labels=[REVIEW_RULE]),
        )
        output.add(
            "reason", Column("category", np.where(failed, -1, self.reason), labels=self.labels)
        )
        if options.errors == "collect":
            _error_columns(output, bad, row, failed)
        return output.build()


def _units(value: Decimal, places: int) -> int:
    return int(value.scaleb(places, context=CONTEXT))


def scale_of(table: list[Decimal]) -> int:
    places = [-e for v in table if isinstance(e := v.as_tuple().exponent, int) and e < 0]
    return max(places, default=0)
