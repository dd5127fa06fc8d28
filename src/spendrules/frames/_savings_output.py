"""The output of ``frames.classify_savings``: rows from the scalar rule, and the frame (private)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from spendrules._decimal import exact
from spendrules._savings.classify import RULE, SavingsClassification
from spendrules._savings.classify import classify_savings as scalar_classify
from spendrules._savings.model import SavingsPolicy
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import BoolArray, Column, Frame, Int64Array, Output, RowErrors
from spendrules.frames._savings_read import Table, event_of, refusal
from spendrules.frames._savings_vector import CATEGORIES, FLAGS, KINDS, MISSING, REASONS, Vector
from spendrules.frames._schedule import ERROR_COLUMNS

__all__ = ["build_output", "scalar_row", "scalar_rows"]

_CATEGORY = {name: at for at, name in enumerate(CATEGORIES)}
_FLAG = {name: at for at, name in enumerate(FLAGS)}
_MISSING_BIT = {name: 1 << at for at, name in enumerate(MISSING)}


def scalar_row(
    table: Table, row: int, values: dict[str, Any], policy: SavingsPolicy, as_of: date
) -> SavingsClassification:
    """Run [`spendrules.savings.classify_savings`][spendrules.savings.classify_savings] on ``row`` (raising a [`FrameInputError`][spendrules.errors.FrameInputError])."""
    event = event_of(table, row, values)
    try:
        return scalar_classify(event, policy=policy, as_of=as_of)
    except (InvalidInputError, TypeError) as exc:
        raise refusal(table, row, exc, {}, values) from None


def scalar_rows(
    table: Table,
    rows: Sequence[int],
    *,
    vector: Vector,
    policy: SavingsPolicy,
    as_of: date,
    errors: RowErrors,
) -> dict[int, SavingsClassification]:
    """Fill ``vector`` at ``rows`` from the scalar rule; a refused row goes to ``errors``."""
    results: dict[int, SavingsClassification] = {}
    for row, values in zip(rows, table.rows(rows), strict=True):
        try:
            result = scalar_row(table, row, values, policy, as_of)
        except FrameInputError as exc:
            errors.add(row, exc)
            continue
        results[row] = result
        _fill(vector, row, result)
    return results


def _units(amount: Any, places: int) -> int:
    with exact():
        return int(amount.scaleb(places))


def _fill(vector: Vector, row: int, result: SavingsClassification) -> None:
    """Write one scalar result into the arrays (a value beyond int64 refuses the row)."""
    places = int(vector.digits[row])  # a row of a refused currency never reaches the rule
    for at, kind in enumerate(KINDS):
        _put(vector.amounts, at, row, _units(result.amount(kind), places), vector)
    finance = result.finance_view
    vector.finance_null[row] = finance is None
    values = (finance, result.procurement_view, result.finance_recognised, result.net_recognised)
    for at, value in enumerate(values):
        _put(vector.totals, at, row, 0 if value is None else _units(value, places), vector)
    vector.primary[row] = _CATEGORY[result.primary.value]
    vector.flag[row] = _FLAG[result.budget_flag.value]
    vector.missing[row] = sum(_MISSING_BIT[m.value] for m in result.missing)
    primary = result.primary_reason()
    assert primary is not None  # noqa: S101 - a classification always gives its reasons
    vector.reason[row] = REASONS.index(primary.code)


def _put(arrays: list[Any], at: int, row: int, value: int, vector: Vector) -> None:
    """``arrays[at][row] = value``; a value beyond int64 refuses the row instead."""
    if -(2**63) <= value < 2**63:
        arrays[at][row] = value
    else:
        vector.too_wide[row] = True


class SavingsOutput(Output):
    """The frames output; pandas money columns build one ``Decimal`` per distinct amount.

    Arrow decimal columns (polars, pyarrow) share one scaling of the rows' places,
    computed once for every money column of the call.
    """

    def __init__(self, source: Frame, money: str) -> None:
        super().__init__(source, money)
        self._scaling: dict[int, tuple[int, Int64Array, Int64Array]] = {}

    def _arrow_units(self, column: Column) -> Any:
        values, null, digits = column.values, column.null, column.digits
        if self.money != "decimal" or len(values) == 0:
            return super()._arrow_units(column)
        assert digits is not None  # noqa: S101 - money columns carry their digits
        import pyarrow as pa  # noqa: PLC0415 - polars and pyarrow outputs are built in arrow

        found = self._scaling.get(id(digits))
        if found is None:
            scale = max(0, int(digits.max()))
            factor = (10 ** np.arange(scale + 1, dtype=np.int64))[scale - np.maximum(digits, 0)]
            found = self._scaling[id(digits)] = (scale, factor, (2**63 - 1) // factor)
        scale, factor, limit = found
        if bool((np.abs(values) > limit).any()):  # beyond int64 once scaled: the exact way
            return super()._arrow_units(column)
        words = np.empty((len(values), 2), dtype=np.int64)
        np.multiply(values, factor, out=words[:, 0])
        np.right_shift(words[:, 0], 63, out=words[:, 1])
        buffers = [None if null is None else pa.array(~null).buffers()[1], pa.py_buffer(words)]
        return pa.Array.from_buffers(
            pa.decimal128(38, scale), len(values), buffers, null_count=-1 if null is not None else 0
        )

    def _pandas_units(self, column: Column) -> Any:
        if self.money != "decimal":
            return super()._pandas_units(column)
        values, null, digits = column.values, column.null, column.digits
        assert digits is not None  # noqa: S101 - money columns carry their digits
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


def build_output(
    table: Table,
    vector: Vector,
    keep: Sequence[str],
    money: str,
    errors: RowErrors,
    *,
    collect: bool,
    slices: dict[str, Any] | None,
) -> Any:
    """The output frame: one row per input row (bad rows dropped unless ``collect``)."""
    size = table.size
    bad = errors.mask(size)
    rows = np.arange(size, dtype=np.int64) if collect else np.flatnonzero(~bad)
    failed = bad[rows]
    output = SavingsOutput(table.source, money)
    for name in keep:
        output.add(name, Column("keep", rows))
    output.add("row", Column("int", rows))
    digits = np.where(vector.digits < 0, 0, vector.digits)[rows]

    def amount(values: Any, null: BoolArray | None = None) -> Column:
        mask = failed if null is None else (failed | null[rows])
        return Column("units", _int64(values[rows]), mask if bool(mask.any()) else None, digits)

    currency_codes, currencies = table.codes("currency")
    labels = [str(v) if v is not None else "" for v in currencies]
    output.add("currency", _category(currency_codes[rows], labels, failed))
    finance, procurement, recognised_total, net = vector.totals
    output.add("finance_view", amount(finance, vector.finance_null))
    output.add("procurement_view", amount(procurement))
    output.add("finance_recognised", amount(recognised_total))
    output.add("net_recognised", amount(net))
    output.add("primary", _category(vector.primary[rows], CATEGORIES, failed))
    recognised = np.where(vector.missing[rows] == 0, 0, 1)
    output.add("status", _category(recognised, ("recognised", "pending_validation"), failed))
    present = np.bincount(vector.missing[rows], minlength=1 << len(MISSING))
    masks = np.flatnonzero(present)  # the bit sets that occur, without sorting the rows
    names = [",".join(n for n, bit in _MISSING_BIT.items() if mask & bit) for mask in masks]
    lookup = np.zeros(len(present), dtype=np.int64)
    lookup[masks] = np.arange(len(masks))
    output.add("missing", _category(lookup[vector.missing[rows]], names, failed))
    output.add("budget_flag", _category(vector.flag[rows], FLAGS, failed))
    for at, kind in enumerate(KINDS):
        output.add(kind.value, amount(vector.amounts[at]))
    if slices is not None:
        for name in ("fy_days", "fy_of_days"):
            output.add(
                name, Column("nullable_int", slices[name][rows], failed | slices["null"][rows])
            )
        for name in (
            "fy_finance_view",
            "fy_procurement_view",
            "fy_finance_recognised",
            "fy_net_recognised",
            "fy_recognised",
            "fy_pending",
        ):
            null = slices["null"] | (vector.finance_null if name == "fy_finance_view" else False)
            output.add(name, amount(slices[name], np.asarray(null, dtype=bool)))
    output.add("rule", _category(np.zeros(len(rows), dtype=np.int64), (RULE,), failed))
    output.add("reason", _category(vector.reason[rows], tuple(REASONS), failed))
    if collect:
        _error_columns(output, errors, rows, failed)
    return output.build()


def _int64(values: Any) -> Int64Array:
    return np.asarray(values, dtype=np.int64)


def _category(codes: Int64Array, labels: Sequence[str], failed: BoolArray) -> Column:
    return Column("category", np.where(failed, -1, codes).astype(np.int64), labels=tuple(labels))


def _error_columns(output: Output, errors: RowErrors, rows: Int64Array, failed: BoolArray) -> None:
    """The error columns of ``errors="collect"``: code, column, constraint and value of a bad row."""
    texts = {name: np.full(len(rows), None, dtype=object) for name in ERROR_COLUMNS}
    for at in np.flatnonzero(failed).tolist():
        error = errors.errors[int(rows[at])]
        texts["error_code"][at] = error.code
        texts["error_field"][at] = error.column
        texts["error_constraint"][at] = error.constraint
        texts["error_value"][at] = None if error.value is None else repr(error.value)
    for name in ERROR_COLUMNS:
        output.add(name, Column("text", texts[name]))
