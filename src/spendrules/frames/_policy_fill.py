"""The agreed policy in bulk: what a policy fills in, per row, before the frames engines run (private).

``frames.review_stock(..., policy=InventoryPolicy)`` equals, row by row,
[`spendrules.inventory.review_stock`][spendrules.inventory.review_stock] with the same
``policy``. The scalar rule fills an item before it reviews it (``_under_policy``):
an item without a service target of its own (no ``safety_stock``,
``service_level`` or ``fill_rate``) takes its class's agreed service level, and an
item whose holding rate is 0 (or not given: 0 is its default) takes the agreed
carrying rate. Here the same filling is decided once per distinct value of each
column involved (the classes, the holding rates, the null cells), written into two
private columns of a copy of the frame, and the unchanged engine reviews the
filled rows. The primary reason code is then the one the scalar rule gives under
the policy: a warning stays the primary reason; otherwise the first setting the
policy decided (``INVENTORY.REVIEW.CLASS_SERVICE_LEVEL``...) comes first.

The payment-term rules need no filling: they are evaluated once per distinct
key by the scalar rule itself, which is simply given the policy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import numpy as np

from spendrules._checks import check_fraction
from spendrules._decimal import PLAIN_NUMBER
from spendrules._inventory.batch import StockItem, StockReview
from spendrules._inventory.split import Lot
from spendrules._policy.model import InventoryPolicy, PaymentTermsPolicy
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import BoolArray, Frame, Int64Array, _is_null
from spendrules.frames._inventory_levels import _AGREED, _COMPUTED, _NONE
from spendrules.frames._inventory_rows import (
    Inputs,
    Param,
    _distinct,
    resolve,
    scalar_review_row,
)

__all__ = [
    "APPLIED",
    "Filled",
    "PolicyInputs",
    "check_inventory_policy",
    "check_terms_policy",
    "fill_review",
    "review_row_under_policy",
    "with_policy_reasons",
]

#: The first reason ``_under_policy`` may give, in the order of ``Filled.applied``'s codes.
APPLIED = (
    "INVENTORY.REVIEW.CLASS_SERVICE_LEVEL",
    "INVENTORY.REVIEW.OWN_SERVICE_LEVEL",
    "INVENTORY.REVIEW.NO_CLASS_LEVEL",
    "INVENTORY.REVIEW.AGREED_CARRYING_RATE",
    "INVENTORY.REVIEW.OWN_HOLDING_RATE",
)
_CLASS, _OWN_LEVEL, _NO_CLASS, _AGREED_RATE, _OWN_RATE = range(len(APPLIED))
#: The review's reasons that say where its safety target came from (informational).
_SOURCES = frozenset({_AGREED, _COMPUTED, _NONE})
_PRIVATE = {
    "service_level": "__spendrules_service_level",
    "holding_rate": "__spendrules_holding_rate",
}
_TEXT_NAMES = frozenset({"item_class"})
_EXACT = "exact numbers (Decimal, decimal, int)"


def check_inventory_policy(policy: object) -> InventoryPolicy | None:
    """``policy`` when it is an ``InventoryPolicy`` or None (the scalar rule's TypeError otherwise)."""
    if policy is not None and not isinstance(policy, InventoryPolicy):
        raise TypeError(f"policy must be an InventoryPolicy or None, not {type(policy).__name__}")
    return policy


def check_terms_policy(policy: object, cost_of_capital: object) -> PaymentTermsPolicy | None:
    """``policy`` when it is a ``PaymentTermsPolicy`` or None; a cost of capital from one of the two.

    Raises:
        TypeError: ``policy`` is not a PaymentTermsPolicy (the scalar rule's message).
        InvalidInputError: neither a cost of capital nor a policy (the scalar rule's error).
    """
    if policy is not None and not isinstance(policy, PaymentTermsPolicy):
        raise TypeError(
            f"policy must be a PaymentTermsPolicy or None, not {type(policy).__name__}: {policy!r}"
        )
    if policy is None and cost_of_capital is None:
        raise InvalidInputError(
            "cost_of_capital", None, "given (or a policy with a cost_of_capital)"
        )
    return policy


class PolicyInputs(Inputs):
    """The engine's inputs over the filled frame: errors name the caller's columns.

    The filled values live in private columns; a refusal of a value the policy left
    as it was names the column the caller gave.
    """

    def __init__(
        self,
        source: Frame,
        params: list[Param],
        labels: Mapping[str, str],
    ) -> None:
        super().__init__(source, params)
        self.labels = dict(labels)

    def column_of(self, name: str) -> str:
        """The column the caller gave for ``name`` (not the private filled one)."""
        label = self.labels.get(name)
        return super().column_of(name) if label is None else label


@attrs.frozen
class Filled:
    """The frame with the policy's settings filled in, and what the scalar rule would say first."""

    frame: Any
    given: dict[str, Any]
    labels: dict[str, str]
    refused: dict[int, FrameInputError]
    applied: Int64Array  # each row's first policy reason (index into APPLIED), -1 for none


def _plain(value: Any) -> Any:
    """A distinct cell as the engine reads it (``None`` for a NaN, decimal text as a ``Decimal``)."""
    if isinstance(value, str) and PLAIN_NUMBER.fullmatch(value):
        return Decimal(value)
    return None if _is_null(value) else value


def _keyed(source: Frame, param: Param, test: Callable[[Any], Any]) -> tuple[Int64Array, list[Any]]:
    """Each row's index into ``test`` of the distinct values of ``param`` (evaluated once each)."""
    if param.column is None:
        return np.zeros(source.size, dtype=np.int64), [test(param.constant)]
    codes, distinct = _distinct(source, source.series(param.column), param.column)
    text = param.name in _TEXT_NAMES
    table = [test(v if text and not _is_null(v) else _plain(v)) for v in distinct]
    return np.where(codes < 0, len(distinct), codes), [*table, test(None)]


def _per_row(source: Frame, param: Param, test: Callable[[Any], bool]) -> BoolArray:
    """``test`` of each row's value of ``param``, evaluated once per distinct value."""
    index, table = _keyed(source, param, test)
    return np.array(table, dtype=bool)[index]


def _is_zero_rate(value: Any) -> bool:
    """Whether the scalar item would hold this holding rate as 0 (null is its default 0)."""
    if value is None:
        return True
    try:
        return check_fraction(value, "holding_rate") == 0
    except (InvalidInputError, TypeError):
        return False  # refused by the item either way: the policy fills nothing


_CLASS_FIELD = attrs.fields(StockItem).item_class


@attrs.frozen
class _Refusal:
    """A class the scalar item refuses: the error and the cell."""

    error: InvalidInputError | TypeError
    value: Any


def _item_class(value: Any) -> str | _Refusal | None:
    """The class the scalar item holds, or its validator's refusal (a NaN cell is null)."""
    if _is_null(value):
        return None
    try:
        _CLASS_FIELD.validator(None, _CLASS_FIELD, value)  # type: ignore[misc]
    except (InvalidInputError, TypeError) as exc:
        return _Refusal(exc, value)
    return str(value)


def fill_review(
    source: Frame, given: Mapping[str, Any], item_class: object, policy: InventoryPolicy
) -> Filled:
    """Decide each row's filled service level and holding rate; return the filled frame.

    Args:
        source: The input frame.
        given: The frames function's per-row keywords (column names or constants).
        item_class: Its ``item_class`` keyword.
        policy: The agreed inventory policy.
    """
    size = source.size
    param = {
        name: resolve(source, name, given[name], None)
        for name in ("service_level", "fill_rate", "safety_stock", "holding_rate")
    }
    by_class = resolve(source, "item_class", item_class, None)
    index, classes = _keyed(source, by_class, _item_class)
    levels = {level.item_class: level.level for level in policy.service_levels}
    names = sorted(levels)
    agreed = np.array([names.index(c) if c in levels else -1 for c in classes], dtype=np.int64)
    level_index = agreed[index]
    has_class = np.array([isinstance(c, str) for c in classes], dtype=bool)[index]
    refusals = np.array([isinstance(c, _Refusal) for c in classes], dtype=bool)
    column = by_class.column or "item_class"
    refused: dict[int, FrameInputError] = {}
    for row in np.flatnonzero(refusals[index]).tolist():
        found = classes[int(index[row])]
        if isinstance(found.error, InvalidInputError):
            refused[row] = FrameInputError(row, column, found.value, found.error.constraint)
        else:
            constraint = f"of a type the rule takes ({found.error})"
            refused[row] = FrameInputError(row, column, found.value, constraint, "INPUT.TYPE")
    own = np.zeros(size, dtype=bool)
    for name in ("service_level", "fill_rate", "safety_stock"):
        own |= _per_row(source, param[name], lambda v: v is not None)
    applied = np.full(size, -1, dtype=np.int64)
    rate = policy.carrying_rate
    zero = _per_row(source, param["holding_rate"], _is_zero_rate)
    if rate is not None:
        applied = np.where(zero, _AGREED_RATE, _OWN_RATE)
    with_level = level_index >= 0
    applied = np.where(has_class & ~with_level, _NO_CLASS, applied)
    applied = np.where(with_level, np.where(own, _OWN_LEVEL, _CLASS), applied)
    frame = source.frame
    out = dict(given)
    labels: dict[str, str] = {}
    level_rows = with_level & ~own
    if bool(level_rows.any()):
        table = [levels[name] for name in names]
        frame, out["service_level"] = _with_column(
            source, frame, param["service_level"], level_rows, level_index, table
        )
        labels["service_level"] = param["service_level"].column or "service_level"
    if rate is not None and param["holding_rate"].column is None:
        if bool(zero.all()):  # a constant 0 (or none given): the agreed rate for every row
            out["holding_rate"] = rate
    elif rate is not None and bool(zero.any()):
        frame, out["holding_rate"] = _with_column(
            source, frame, param["holding_rate"], zero, np.zeros(size, dtype=np.int64), [rate]
        )
        labels["holding_rate"] = param["holding_rate"].column or "holding_rate"
    return Filled(frame.to_native(), out, labels, refused, applied)


def _with_column(  # noqa: PLR0917 - private, two callers
    source: Frame,
    frame: Any,
    param: Param,
    rows: BoolArray,
    index: Int64Array,
    table: list[Decimal],
) -> tuple[Any, str]:
    """``frame`` with a private column: ``table[index]`` in ``rows``, the caller's value elsewhere."""
    name = _PRIVATE[param.name]
    while name in frame.columns:
        name += "_"
    size = source.size
    if param.column is not None and source.series(param.column).dtype.is_float():
        dtype = str(source.series(param.column).dtype)  # refused as the engine refuses it
        raise FrameInputError(None, param.column, dtype, _EXACT + ", not floats", "INPUT.TYPE")
    chosen = np.where(rows, index, len(table))
    if source.kind == "pandas":
        if param.column is None:
            values = np.full(size, param.constant, dtype=object)
        else:
            values = source.series(param.column).to_native().astype(object).to_numpy(copy=True)
        fill = np.array([*table, None], dtype=object)[chosen]
        values[rows] = fill[rows]
        native = frame.to_native().assign(**{name: values})
    else:
        native = _arrow_filled(source, frame, param, rows, chosen, table, name)
    return Frame(native).frame, name


def _arrow_filled(  # noqa: PLR0917 - private, one caller
    source: Frame,
    frame: Any,
    param: Param,
    rows: BoolArray,
    chosen: Int64Array,
    table: list[Decimal],
    name: str,
) -> Any:
    import pyarrow as pa  # noqa: PLC0415 - polars and pyarrow frames are arrow
    import pyarrow.compute as pc  # noqa: PLC0415 - idem

    size = source.size
    places = max(-int(v.as_tuple().exponent) for v in table)
    if param.column is None:  # a null constant: only the filled rows have values
        original: Any = pa.nulls(size, pa.decimal128(38, places))
    else:
        original = source.series(param.column).to_arrow()
    kind = original.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        values = pa.array([str(v) for v in table] + [None], kind)
    elif pa.types.is_decimal(kind) or pa.types.is_integer(kind) or pa.types.is_null(kind):
        scale = max(places, kind.scale if pa.types.is_decimal(kind) else 0)
        target = pa.decimal128(38, scale)
        original = pc.cast(original, target)
        values = pa.array([*table, None], target)
    else:  # dates, booleans...: not a rate the policy can stand beside
        raise FrameInputError(
            None, param.column or param.name, str(kind), _EXACT + " or decimal text", "INPUT.TYPE"
        )
    filled = pc.if_else(pa.array(rows), values.take(pa.array(chosen)), original)
    native = frame.to_native()
    if source.kind == "polars":
        import polars as pl  # noqa: PLC0415 - the input is polars

        return native.with_columns(pl.Series(name, filled))
    return native.append_column(name, filled)


def with_policy_reasons(result: Any, applied: Int64Array) -> Any:
    """``result`` with each row's primary reason as the scalar rule gives it under the policy."""
    output = Frame(result, "result")
    codes, distinct = output.codes("reason")
    labels = [str(label) for label in distinct]
    sources = [at for at, label in enumerate(labels) if label in _SOURCES]
    turned = np.isin(codes, sources) & (applied >= 0)
    codes = np.where(turned, len(labels) + applied, codes)
    labels += list(APPLIED)
    native = output.frame.to_native()
    if output.kind == "pandas":
        import pandas as pd  # noqa: PLC0415 - the input was pandas

        native["reason"] = pd.Categorical.from_codes(codes, categories=labels)
        return native
    import pyarrow as pa  # noqa: PLC0415 - polars and pyarrow outputs are arrow

    column = pa.DictionaryArray.from_arrays(
        pa.array(codes.astype(np.int32), mask=codes < 0), pa.array(labels, pa.string())
    )
    if output.kind == "polars":
        import polars as pl  # noqa: PLC0415 - the input was polars

        return native.with_columns(pl.Series("reason", column.cast(pa.string())))
    return native.set_column(native.schema.get_field_index("reason"), "reason", column)


def review_row_under_policy(  # noqa: PLR0917 - private, the explain of one row
    inputs: Inputs,
    row: int,
    lots: Mapping[str, tuple[Lot, ...]],
    as_of: date,
    options: dict[str, Any],
    policy: InventoryPolicy,
) -> StockReview:
    """[`spendrules.inventory.review_stock`][spendrules.inventory.review_stock] of ``row``, with its class, under ``policy``."""
    review, _ = scalar_review_row(
        inputs,
        row,
        lots=dict(lots),
        as_of=as_of,
        options=options,
        table=None,
        reserve_options={},
        policy=policy,
        item_class=_class_cell(inputs, row),
    )
    return review


def _class_cell(inputs: Inputs, row: int) -> Any:
    """The row's ``item_class`` as given (text is never read as a number), ``None`` when null."""
    param = inputs.params["item_class"]  # always read for an explanation (``NAMES``)
    value = param.constant if param.column is None else inputs.source.series(param.column).item(row)
    if isinstance(value, np.generic):
        value = value.item()
    return None if _is_null(value) else value
