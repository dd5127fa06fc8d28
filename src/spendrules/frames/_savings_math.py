"""Exact rounding of integer ratios for the savings frames, on int64 or Python-int arrays (private).

The vectorised savings rule computes every amount as an exact ratio of integers
and rounds it once with the policy's rounding mode, the way ``Decimal.quantize``
rounds the scalar rule's value. The same code runs on int64 arrays (the common
case) and on object arrays of Python integers (rows whose products would leave
int64), so no row is ever computed with a wrapped integer.

The scalar rule computes in 60 significant digits: a value whose exact ratio is
not a terminating decimal (a ``count_months`` of 1 gives ``Q × 1/12``) is rounded
there before it is rounded to money. The two roundings agree except when the
exact value lies on a rounding boundary (a half for the half modes, a whole
minor unit for the others): `round_ratio` reports those rows, and the
caller leaves them to the scalar rule.
"""

from __future__ import annotations

import decimal
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["HALF_MODES", "round_ratio"]

HALF_MODES = frozenset({decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN, decimal.ROUND_HALF_DOWN})

BoolArray = npt.NDArray[np.bool_]


def round_ratio(numerator: Any, denominator: Any, rounding: str) -> tuple[Any, BoolArray]:
    """Return ``numerator / denominator`` rounded with ``rounding``, and the rows on a boundary.

    ``denominator`` is positive (an int or an array); both are int64 or object
    arrays. The boundary rows are those a value a hair away from the exact one
    could round differently: an exact half under the half modes, an exact whole
    number under the others.

    Examples:
        >>> import numpy as np
        >>> values, edge = round_ratio(np.array([5, -5, 15, 14, 20]), 10, "ROUND_HALF_EVEN")
        >>> values.tolist(), edge.tolist()
        ([0, 0, 2, 1, 2], [True, True, True, False, False])
        >>> round_ratio(np.array([0, 30]), 10, "ROUND_UP")[1].tolist()
        [False, True]
        >>> values, edge = round_ratio(np.array([10**30 + 5], dtype=object), 10, "ROUND_DOWN")
        >>> values.tolist(), edge.tolist()
        ([100000000000000000000000000000], [False])
    """
    negative = numerator < 0
    magnitude = np.abs(numerator)
    quotient = magnitude // denominator
    remainder = magnitude - quotient * denominator
    twice = remainder * 2
    if rounding == decimal.ROUND_HALF_UP:
        up = twice >= denominator
    elif rounding == decimal.ROUND_HALF_EVEN:
        up = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    elif rounding == decimal.ROUND_HALF_DOWN:
        up = twice > denominator
    elif rounding == decimal.ROUND_UP:
        up = remainder > 0
    elif rounding == decimal.ROUND_DOWN:
        up = np.zeros(np.shape(magnitude), dtype=bool)
    elif rounding == decimal.ROUND_CEILING:
        up = (remainder > 0) & ~negative
    elif rounding == decimal.ROUND_FLOOR:
        up = (remainder > 0) & negative
    else:  # ROUND_05UP: away from zero when the digit kept is 0 or 5
        up = (remainder > 0) & (quotient % 5 == 0)
    edge = twice == denominator if rounding in HALF_MODES else remainder == 0
    edge = edge & (magnitude != 0)  # an exact zero is a zero in 60 digits too
    result = quotient + np.asarray(up, dtype=np.int64)
    return np.where(negative, -result, result), np.asarray(edge, dtype=bool)
