"""Exact integer arithmetic on int64 arrays: division with a ``decimal`` rounding mode.

Money in bulk is integer minor units. A rate applied to an amount is a ratio of
integers, ``round(numerator / denominator)``, rounded here with the same
rounding mode the scalar rules pass to ``Decimal.quantize``, in integers, so no
intermediate is ever a float. The callers keep every product below
`LIMIT` (else the row is computed by the scalar rule).
"""

from __future__ import annotations

import decimal

import numpy as np
import numpy.typing as npt

__all__ = ["LIMIT", "round_div"]

#: Magnitude every intermediate product stays below (int64 holds 2**63 - 1).
LIMIT = 2**62

Int64Array = npt.NDArray[np.int64]


def round_div(numerator: Int64Array, denominator: Int64Array | int, rounding: str) -> Int64Array:
    """Return ``numerator / denominator`` rounded to an integer with ``rounding`` (exactly).

    ``denominator`` is positive; ``numerator`` has any sign. The modes are the
    ``decimal.ROUND_*`` constants and mean what they mean for ``Decimal.quantize``.

    Examples:
        >>> import numpy as np
        >>> values = np.array([5, -5, 15, -15, 14, 1, -1, 0])
        >>> round_div(values, 10, "ROUND_HALF_UP").tolist()
        [1, -1, 2, -2, 1, 0, 0, 0]
        >>> round_div(values, 10, "ROUND_HALF_EVEN").tolist()
        [0, 0, 2, -2, 1, 0, 0, 0]
        >>> round_div(values, 10, "ROUND_FLOOR").tolist()
        [0, -1, 1, -2, 1, 0, -1, 0]
        >>> round_div(values, 10, "ROUND_05UP").tolist()
        [1, -1, 1, -1, 1, 1, -1, 0]
    """
    negative = numerator < 0
    magnitude = np.abs(numerator)
    quotient, remainder = np.divmod(magnitude, denominator)
    twice = remainder * 2
    up: npt.NDArray[np.bool_]
    if rounding == decimal.ROUND_HALF_UP:
        up = twice >= denominator
    elif rounding == decimal.ROUND_HALF_EVEN:
        up = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    elif rounding == decimal.ROUND_HALF_DOWN:
        up = twice > denominator
    elif rounding == decimal.ROUND_UP:
        up = remainder > 0
    elif rounding == decimal.ROUND_DOWN:
        up = np.zeros(magnitude.shape, dtype=bool)
    elif rounding == decimal.ROUND_CEILING:
        up = (remainder > 0) & ~negative
    elif rounding == decimal.ROUND_FLOOR:
        up = (remainder > 0) & negative
    else:  # ROUND_05UP: away from zero when the digit kept is 0 or 5
        up = (remainder > 0) & (quotient % 5 == 0)
    result = quotient + up
    return np.where(negative, -result, result)
