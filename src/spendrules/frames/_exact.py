"""Exact totals of money columns without a Python loop (private).

A KPI over a frame is a ratio of exact totals. Decimal (arrow ``decimal128``) and
integer columns are summed as int64 integers at the column's scale: no float, no
rounding; a sum that could leave int64 is added as Python integers instead. A
column of ``Decimal`` objects is added in `spendrules._decimal.CONTEXT` with
``Inexact`` trapped. Whatever these fast paths cannot vouch for (a null, a float,
a text cell, a value beyond int64 or beyond the scalar checks' range) returns
``None``: the caller then reads the column cell by cell with the scalar checks,
which name the row.
"""

from __future__ import annotations

import decimal
import itertools
from decimal import Decimal
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np

from spendrules._checks import MAX_ADJUSTED, MIN_EXPONENT
from spendrules._decimal import CONTEXT
from spendrules.frames._columns import BoolArray, Int64Array, decimal_words

__all__ = ["flag_array", "integer_units", "objects_total", "units_total"]

_INT64_MAX = 2**63 - 1
_LIMIT = Decimal(10) ** (MAX_ADJUSTED + 1)
# The sums' context: `CONTEXT`, and a signal for anything the scalar checks would
# refuse or a sum would change: NaN compared (InvalidOperation), digits lost
# (Inexact), and exponents below MIN_EXPONENT (Subnormal, Clamped: Etiny = -1000).
_SUMS = CONTEXT.copy()
_SUMS.Emin = MIN_EXPONENT + CONTEXT.prec - 1
for _signal in (decimal.Inexact, decimal.Subnormal, decimal.Clamped):
    _SUMS.traps[_signal] = True


def integer_units(series: Any) -> tuple[Int64Array, int] | None:
    """Return ``(units, scale)`` of a decimal or integer column without nulls, else ``None``.

    ``None`` also when a value does not fit int64 (read those cell by cell).
    """
    if series.null_count():
        return None
    dtype = series.dtype
    if dtype.is_integer():
        values = series.to_numpy()
        if values.dtype == np.uint64 and values.size and int(values.max()) > _INT64_MAX:
            return None
        return values.astype(np.int64, copy=False), 0
    if dtype == nw.Decimal:
        low, high, _, scale = decimal_words(series)
        if not bool(np.all(high == (low >> 63))):
            return None
        return low, scale
    return None


def units_total(units: Int64Array, scale: int) -> Decimal:
    """Return the exact sum of ``units`` at ``scale`` places (``Decimal(0)`` when empty)."""
    if units.size == 0:
        return Decimal(0)
    bound = max(-int(units.min()), int(units.max()))
    total = int(units.sum()) if bound * units.size <= _INT64_MAX else sum(units.tolist())
    return Decimal(total).scaleb(-scale, context=CONTEXT)


def objects_total(values: list[Any], mask: BoolArray | None = None) -> Decimal | None:
    """Return the exact sum of a list of ``Decimal`` (or of ``int``) cells, else ``None``.

    ``None`` when a cell is anything else (a null, a float, a bool, a mix of the two
    kinds), not finite, at or beyond ``10**101`` in magnitude, or when the sum would
    round: the caller's cell-by-cell reading names the row. ``mask`` keeps the rows
    where it holds (after every cell is vouched for).
    """
    kinds = set(map(type, values))
    if not kinds <= {Decimal} and not kinds <= {int}:
        return None
    chosen = values if mask is None else list(itertools.compress(values, mask.tolist()))
    try:
        with decimal.localcontext(_SUMS):
            if values and (max(values) >= _LIMIT or min(values) <= -_LIMIT):
                return None  # beyond the scalar checks' range, or infinite
            return sum(chosen, Decimal(0))
    except decimal.DecimalException:  # NaN, digits beyond 60, a tiny exponent
        return None


def flag_array(series: Any) -> BoolArray | None:
    """Return a boolean column without nulls as a numpy array, else ``None``."""
    if series.dtype != nw.Boolean or series.null_count():
        return None
    return np.asarray(series.to_numpy(), dtype=bool)
