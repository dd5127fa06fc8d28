"""Reading an event table for ``frames.classify_savings``, and the scalar rule for one row (private).

One row is one [`SavingsEvent`][spendrules.savings.SavingsEvent], flattened: the event's
own fields under their names, the supplier proposal as ``proposal_price`` and
``proposal_evidence``, the market index as ``index_base``, ``index_current``,
``index_share``, ``index_name`` and ``index_evidence``, the exchange rates as
``supplier_currency``, ``fx_baseline_rate`` and ``fx_current_rate``, the finance
sign-off as ``signoff_approver`` and ``signoff_date``. A group is present in a row
when one of its numbers (or dates, or codes) is not null there: a row with no
proposal price has no proposal, whatever its evidence column says.

Numbers are read as integers at one power of ten per column (the fewest decimal
places that hold every value of the column, at most 12); a cell the reader does
not take exactly (too many places, beyond 10**17 at that scale, not a number) is
left to the scalar rule, which refuses it with its own words or computes it.
The layout and the event of a row are in ``spendrules._savings.rows`` (numpy-free:
the command line reads CSV rows with it too).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import narwhals.stable.v2 as nw
import numpy as np

from spendrules._checks import check_currency
from spendrules._decimal import PLAIN_NUMBER
from spendrules._savings.rows import (
    DATES,
    NAMES,
    NUMBERS,
    REQUIRED,
    TEXTS,
    event_of,
    refusal,
)
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import (
    BoolArray,
    Frame,
    Int64Array,
    _is_null,
    native_dtype,
    null_of,
)
from spendrules.frames._inventory_rows import Param

__all__ = [
    "DATES",
    "NAMES",
    "NUMBERS",
    "REQUIRED",
    "TEXTS",
    "Number",
    "Table",
    "event_of",
    "refusal",
]

_MAX_PLACES = 12
_POWERS = tuple(10**places for places in range(_MAX_PLACES + 1))
#: Decimal exponent above which a value is beyond the bound.
_DIGITS = 17
#: Largest magnitude of a number read at its column's scale.
_BOUND = 10**17


@attrs.define
class Number:
    """A number column as integers at ``10**-scale``: 0 where null or odd (left to the scalar rule)."""

    values: Int64Array
    scale: int
    null: BoolArray
    odd: BoolArray


class Table:
    """The per-row inputs of one call: arrays for the vectorised path, Python values for the rest."""

    def __init__(self, source: Frame, params: Sequence[Param]) -> None:
        self.source = source
        self.size = source.size
        self.params = {param.name: param for param in params}

    def column_of(self, name: str) -> str:
        """The column ``name`` is read from (its own name when it is a constant or absent)."""
        param = self.params[name]
        return name if param.column is None else param.column

    # ------------------------------------------------------------------ arrays

    def number(self, name: str) -> Number:
        """Read a number input (see the module notes)."""
        param = self.params[name]
        size = self.size
        if param.column is None:
            parsed = _parse(param.constant)
            null = param.constant is None
            odd = not null and parsed is None
            value, scale = (0, 0) if parsed is None else parsed
            return Number(
                np.full(size, value, dtype=np.int64),
                scale,
                np.full(size, null),
                np.full(size, odd),
            )
        return _read_number(self.source, param.column)

    def codes(self, name: str) -> tuple[Int64Array, list[Any]]:
        """Each row's index into the distinct values (the last one, ``None``, for null)."""
        param = self.params[name]
        if param.column is None:
            return np.zeros(self.size, dtype=np.int64), [param.constant]
        codes, uniques = self.source.codes(param.column)
        values = [*uniques, None]  # the distinct values never hold a null
        return np.where(codes < 0, len(values) - 1, codes), values

    def dates(self, name: str, errors: Any) -> tuple[Int64Array, BoolArray]:
        """Days since 1970-01-01 and the null mask; bad cells are recorded in ``errors``."""
        param = self.params[name]
        size = self.size
        if param.column is None:
            value = param.constant
            if isinstance(value, date) and not isinstance(value, datetime):
                day = value.toordinal() - date(1970, 1, 1).toordinal()
                return np.full(size, day, dtype=np.int64), np.zeros(size, dtype=bool)
            return np.zeros(size, dtype=np.int64), np.full(size, value is None)
        series = self.source.series(param.column)
        if size and series.null_count() == size:  # an all-null column has no date type to check
            return np.zeros(size, dtype=np.int64), np.ones(size, dtype=bool)
        if size and series.dtype == nw.Date:  # arrow date32 is days since 1970-01-01 already
            array = series.to_arrow()
            null = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)
            days = array.cast("int32").fill_null(0).to_numpy(zero_copy_only=False)
            return days.astype(np.int64), null
        return self.source.dates(param.column, errors)

    def flags(self, name: str, *, default: bool) -> tuple[BoolArray, BoolArray]:
        """A boolean input (null is ``default``) and the rows whose cell is not a bool."""
        param = self.params[name]
        size = self.size
        if param.column is None:
            value = param.constant
            if value is None or isinstance(value, bool):
                return np.full(size, default if value is None else value), np.zeros(size, bool)
            return np.full(size, default), np.ones(size, dtype=bool)
        series = self.source.series(param.column)
        if series.dtype == nw.Boolean:
            null = null_of(series, size)
            values = np.asarray(series.fill_null(default).to_numpy(), dtype=bool)
            return np.where(null, default, values), np.zeros(size, dtype=bool)
        codes, uniques = self.codes(name)
        table = np.array([default if v is None else bool(v) for v in uniques], dtype=bool)
        odd = np.array(
            [v is not None and not isinstance(v, bool | np.bool_) for v in uniques], dtype=bool
        )
        return table[codes], odd[codes]

    # ------------------------------------------------------------------ rows

    def rows(self, rows: Sequence[int]) -> list[dict[str, Any]]:
        """The Python values of ``rows`` as the scalar rule receives them (``None`` for null)."""
        if not rows:
            return []
        picked = self.source.frame[list(rows)]
        columns: dict[str, list[Any]] = {}
        for name, param in self.params.items():
            if param.column is None:
                columns[name] = [param.constant] * len(rows)
            else:
                columns[name] = [_cell(name, v) for v in picked.get_column(param.column).to_list()]
        return [{name: columns[name][at] for name in self.params} for at in range(len(rows))]


def _cell(name: str, value: Any) -> Any:
    """A cell as the scalar rule takes it: null as None, numpy scalars as Python, decimal strings."""
    if _is_null(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if name in NUMBERS and isinstance(value, str) and PLAIN_NUMBER.fullmatch(value):
        return Decimal(value)
    if name in DATES:
        return _day(value)
    return value


def _day(value: Any) -> Any:
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is None and value == value.replace(hour=0):
        return value.date()
    return value


def _parse(value: Any) -> tuple[int, int] | None:
    """``(integer, places)`` of an exact number with at most 12 places, else ``None``."""
    if isinstance(value, np.generic):
        value = value.item()
    kind = type(value)
    if kind is str and PLAIN_NUMBER.fullmatch(value):
        value, kind = Decimal(value), Decimal
    if kind is int:
        return (value, 0) if -_BOUND <= value <= _BOUND else None
    if kind is not Decimal or not value.is_finite() or value.adjusted() > _DIGITS:
        return None
    numerator, denominator = value.as_integer_ratio()
    for places, power in enumerate(_POWERS):  # the fewest places that hold it exactly
        if power % denominator == 0:
            number = numerator * (power // denominator)
            return (number, places) if -_BOUND <= number <= _BOUND else None
    return None


def _read_number(source: Frame, column: str) -> Number:
    series = source.series(column)
    dtype = series.dtype
    size = source.size
    if dtype.is_float():
        raise FrameInputError(
            None,
            column,
            native_dtype(series),
            "exact numbers (Decimal, decimal, decimal strings or int), not floats",
            "INPUT.TYPE",
        )
    if size == 0:
        empty = np.zeros(0, dtype=bool)
        return Number(np.zeros(0, dtype=np.int64), 0, empty, empty)
    if dtype.is_integer():
        null = null_of(series, size)
        raw = np.asarray(series.fill_null(0).to_numpy())
        if raw.dtype == np.uint64:
            odd = raw > _BOUND
            values = np.where(odd, 0, raw).astype(np.int64)
        else:
            values = raw.astype(np.int64)
            odd = np.abs(values) > _BOUND
        return Number(np.where(odd, 0, values), 0, null, odd)
    if dtype == nw.Decimal:
        return _decimal_number(series)
    codes, uniques = source.codes(column)
    nulls = [_is_null(v) for v in uniques]
    parsed = [None if n else _parse(v) for v, n in zip(uniques, nulls, strict=True)]
    scale = max((p[1] for p in parsed if p is not None), default=0)
    exact = [0 if p is None else p[0] * _POWERS[scale - p[1]] for p in parsed]
    big = [abs(x) > _BOUND for x in exact]  # beyond the bound once at the column's scale
    values = np.array([0 if b else x for x, b in zip(exact, big, strict=True)] + [0], np.int64)
    null = np.array([*nulls, True], dtype=bool)
    odd = np.array([p is None or b for p, b in zip(parsed, big, strict=True)] + [False]) & ~null
    index = np.where(codes < 0, len(uniques), codes)
    return Number(values[index], scale, null[index], odd[index])


def _decimal_number(series: Any) -> Number:
    array = series.to_arrow()  # narwhals' Decimal is one arrow decimal128 array
    null = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    scale = array.type.scale
    words = np.frombuffer(array.buffers()[1], dtype="<i8").reshape(-1, 2)
    words = words[array.offset : array.offset + len(array)]
    low, high = np.where(null, 0, words[:, 0]), np.where(null, 0, words[:, 1])
    odd = high != (low >> 63)
    values = np.where(odd, 0, low)
    while scale > 0 and not bool(np.any(values % 10)):
        values = values // 10
        scale -= 1
    if scale > _MAX_PLACES:
        step = 10 ** (scale - _MAX_PLACES)
        odd |= values % step != 0
        values = np.where(odd, 0, values // step)
        scale = _MAX_PLACES
    odd |= np.abs(values) > _BOUND
    return Number(np.where(odd, 0, values), scale, null, odd)


def currency_code(value: Any) -> str | None:
    """``value`` as a checked ISO 4217 code, or ``None`` when the rule would refuse it."""
    if not isinstance(value, str):
        return None
    try:
        return check_currency(value, "currency")
    except InvalidInputError:
        return None
