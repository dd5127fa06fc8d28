"""The inventory rules in whole arrays: safety stock in float64 with guards, the split in integers.

How each output stays equal to [`spendrules.inventory.review_stock`][spendrules.inventory.review_stock]:

* **Quantities** are int64 millionths of a unit (the rules' 6 decimal places).
  The waterfall (committed, obsolete, safety, cycle, excess), the order
  multiple and the excess on order are integer ``min``/``max``/``ceil``, exact.
* **Money** is int64 minor units. A value is ``round_half_up(q × cost /
  10**k)`` computed in integers; the bucket values and carrying costs are
  split as [`spendrules.money.allocate`][spendrules.money.allocate] splits them (largest remainder,
  ties to the earlier bucket), since the weights ``q × cost`` share the cost.
  Products that could pass 2**62 are computed with Python integers (exact,
  in object arrays), never in floats.
* **Months of supply** is the exact ratio truncated to 6 places in integers.
* **Safety stock** σ and the interval mean are computed in float64 (the scalar
  rule computes them in 60-digit decimals): a row is taken from the floats only
  when its value lies clearly away from the rounding boundary of its output
  (an integer number of millionths for the safety stock, which is rounded up;
  a half millionth for the level, mean, σ and interval, rounded half even).
  The guard is a relative 1e-14 (plus 1e-6 of a millionth): about ten times
  the worst error of the dozen correctly rounded float operations involved
  (each at most 2**-53 relative). Other rows are recomputed by the scalar
  rule. z itself is the scalar rule's value, once per distinct α.
* **Fill-rate k** is the scalar bisection (``f_inv_loss``) run on whole arrays:
  the same midpoints and the same comparisons, G evaluated with the same float
  operations (libm's ``exp`` and ``erfc`` called per value), so every row ends
  on the same float. If a probe disagrees with ``f_loss`` on first use (another
  Python's ``NormalDist``), G is ``f_loss`` itself, per value.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from spendrules._inventory.stats import f_loss

__all__ = [
    "MICRO",
    "FloatArray",
    "allocate_units",
    "ceil_multiple",
    "half_even_guarded",
    "inverse_loss",
    "muldiv",
    "round_half_up",
    "safety_from_floats",
]

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

#: Millionths per unit: quantities travel as int64 multiples of 10**-6.
MICRO = 10**6
#: Products stay below this magnitude in int64 (else they are done in Python integers).
_FAST = float(2**62)
#: Relative distance to a rounding boundary under which a float result is not trusted.
GUARD = 1e-14
#: Absolute part of the guard, in millionths.
_GUARD_ABS = 1e-6


def muldiv(factors: list[Int64Array], divisor: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Return ``floor(prod(factors) / divisor)`` and the remainder, exactly.

    Factors are non-negative and the divisor positive (arrays of one length).
    Where the product could pass 2**62 the arithmetic is done in Python
    integers; the quotient must fit int64 (the callers bound their inputs).

    Examples:
        >>> import numpy as np
        >>> q, r = muldiv([np.array([7, 2**40]), np.array([3, 2**40])], np.array([2, 2**30]))
        >>> q.tolist(), r.tolist()
        ([10, 1125899906842624], [1, 0])
    """
    size = len(divisor)
    estimate = np.ones(size)
    for factor in factors:
        estimate = estimate * factor.astype(np.float64)
    fast = estimate < _FAST
    if bool(fast.all()):  # the usual case: int64 throughout
        product = factors[0]
        for factor in factors[1:]:
            product = product * factor
        quotient, remainder = np.divmod(product, divisor)
        return quotient, remainder
    product = np.ones(size, dtype=np.int64)
    for factor in factors:
        product = product * np.where(fast, factor, 0)
    safe_divisor = np.where(fast, divisor, 1)
    quotient, remainder = np.divmod(product, safe_divisor)
    slow = np.flatnonzero(~fast)
    big = np.ones(len(slow), dtype=object)
    for factor in factors:
        big = big * factor[slow].astype(object)
    down = divisor[slow].astype(object)
    whole = big // down
    rest = big - whole * down
    try:  # only the slow rows travel as Python integers
        quotient[slow] = whole.astype(np.int64)
        remainder[slow] = rest.astype(np.int64)
    except OverflowError:
        quotient = quotient.astype(object)
        remainder = remainder.astype(object)
        quotient[slow] = whole
        remainder[slow] = rest
    return quotient, remainder


def round_half_up(factors: list[Int64Array], divisor: Int64Array) -> Int64Array:
    """Return ``prod(factors) / divisor`` rounded half up (all non-negative), exactly."""
    quotient, remainder = muldiv(factors, divisor)
    return quotient + (remainder >= divisor - remainder)


def ceil_multiple(value: Int64Array, step: Int64Array) -> Int64Array:
    """Return ``value`` raised to a multiple of ``step`` (both non-negative, step > 0)."""
    return -(-value // step) * step


def allocate_units(units: Int64Array, weights: list[Int64Array]) -> list[Int64Array]:
    """Split ``units`` over ``weights`` as [`spendrules.money.allocate`][spendrules.money.allocate] does.

    Largest remainder: each part is ``floor(units × w / W)``; the units left go
    one each to the parts with the largest remainders, ties to the earlier part.
    Rows with ``W = 0`` get zeros. ``units`` is non-negative.

    Examples:
        >>> import numpy as np
        >>> parts = allocate_units(np.array([10000]), [np.array([1]), np.array([1]), np.array([1])])
        >>> [int(p[0]) for p in parts]
        [3334, 3333, 3333]
    """
    total = weights[0].copy()
    for weight in weights[1:]:
        total = total + weight
    positive = total > 0
    divisor = np.where(positive, total, 1)
    count = np.where(positive, units, 0)
    parts = []
    remainders = []
    for weight in weights:
        part, remainder = muldiv([count, weight], divisor)
        parts.append(part)
        remainders.append(remainder)
    left = count - sum(parts[1:], parts[0])
    for index, remainder in enumerate(remainders):
        rank = np.zeros(len(units), dtype=np.int64)
        for other, against in enumerate(remainders):
            if other == index:
                continue
            ahead = against > remainder if other > index else against >= remainder
            rank += ahead
        parts[index] = parts[index] + (rank < left)
    return parts


def half_even_guarded(value: FloatArray) -> tuple[Int64Array, BoolArray]:
    """Round ``value`` (in millionths) half even; flag rows too near a half to trust."""
    nearest = np.rint(value)
    distance = np.abs(np.abs(value - np.floor(value)) - 0.5)
    unsure = distance <= GUARD * np.abs(value) + _GUARD_ABS
    return nearest.astype(np.int64), unsure


def safety_from_floats(z: FloatArray, sigma: FloatArray) -> tuple[Int64Array, BoolArray]:
    """Return ``max(0, ceil(z·σ))`` in millionths and the rows too near an integer to trust.

    A row with z = 0 or σ = 0 is exactly 0; a negative z gives 0 (the floor).
    """
    raw = z * sigma * MICRO
    up = np.ceil(raw)
    near = np.abs(raw - np.rint(raw)) <= GUARD * np.abs(raw) + _GUARD_ABS
    positive = (z > 0) & (sigma > 0)
    unsure = near & positive
    stock = np.where(positive, up, 0)
    return stock.astype(np.int64), unsure


_SQRT2 = math.sqrt(2.0)
_ROOT_TAU = math.sqrt(math.tau)


def _libm(function: Callable[[float], float], values: FloatArray) -> FloatArray:
    """``function`` (a ``math`` function: the C library's) of each value."""
    return np.fromiter(map(function, values.tolist()), dtype=np.float64, count=len(values))


def _parts(z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """G(z) and 1 − Φ(z), with the very float operations of ``f_loss`` (libm exp and erfc)."""
    with np.errstate(over="ignore"):  # z² is inf for |z| > 1e154, as in Python's floats
        square = z * z
    density = _libm(math.exp, square / -2.0) / _ROOT_TAU
    upper = 0.5 * _libm(math.erfc, z / _SQRT2)
    return np.maximum(density - z * upper, 0.0), upper


def _loss(z: FloatArray) -> FloatArray:
    return _parts(z)[0]


def _scalar_loss(z: FloatArray) -> FloatArray:
    return np.array([f_loss(float(value)) for value in z.tolist()], dtype=np.float64)


def _kernel() -> Callable[[FloatArray], FloatArray]:
    """The vectorised G when it reproduces ``f_loss`` bit for bit on a probe, else ``f_loss`` per value."""
    probe = np.concatenate([np.linspace(-45.0, 45.0, 9001), [0.0, -0.0, 1e-300, 5e-324]])
    same = np.array_equal(_loss(probe), _scalar_loss(probe))
    return _loss if same else _scalar_loss


_KERNEL: list[Callable[[FloatArray], FloatArray]] = []
#: Unit roundoff of float64.
_UNIT = 2.0**-53
#: The grid of the first guess: G on it once, interpolated in log G.
_GRID = np.arange(-8.0, 30.0 + 1 / 128, 1 / 64)
_TABLE: list[FloatArray] = []
#: The stretch beyond ``right`` judged with the error bound at ``right + _STEP``.
_STEP = 1 / 64
#: Midpoints beyond this are evaluated (G stays a normal float up to 36, where the bound holds).
_BOUNDED = 35.0


def _error(z: FloatArray) -> FloatArray:
    """A bound on the relative error of the computed G at any point up to ``z`` (see ``inverse_loss``)."""
    w = np.maximum(z, 0.0) ** 2
    return 2.0 * (4.0 * w + 24.0) * (w + 3.0) * _UNIT


def inverse_loss(target: FloatArray) -> FloatArray:
    """z with G(z) = target for each row: the scalar ``f_inv_loss`` bisection, run on whole arrays.

    Every step takes the same midpoint and the same comparison as the scalar
    loop, so each row ends on the same float. G is only evaluated where the
    comparison is not already known (see `_window`).

    Examples:
        >>> import numpy as np
        >>> from spendrules._inventory.stats import f_inv_loss
        >>> targets = np.array([0.3, 0.01, 2.5, 1e-300, 40.0])
        >>> inverse_loss(targets).tolist() == [f_inv_loss(t) for t in targets.tolist()]
        True
    """
    if not _KERNEL:
        _KERNEL.append(_kernel())
    loss = _KERNEL[0]
    size = len(target)
    if loss is _loss:
        left, right, far = _window(target)
    else:  # a C library that differs from the probe: every step evaluated
        left = np.full(size, -np.inf)
        right = far = np.full(size, np.inf)
    low = -(target + 1.0)
    high = np.full(size, 40.0)
    result = np.zeros(size)
    rows = np.arange(size)
    target = target.copy()
    while len(rows):
        middle = 0.5 * (low + high)
        done = (middle == low) | (middle == high)
        if bool(done.any()):  # finished rows leave the arrays
            result[rows[done]] = middle[done]
            going = ~done
            rows, low, high, middle = rows[going], low[going], high[going], middle[going]
            left, right, far, target = left[going], right[going], far[going], target[going]
        above = middle <= left
        known = above | ((middle >= right) & (middle <= far))
        if not bool(known.all()):
            ask = np.flatnonzero(~known)
            above[ask] = loss(middle[ask]) > target[ask]
        low = np.where(above, middle, low)
        high = np.where(above, high, middle)
    return result


def _window(target: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Where each row's comparison ``G(m) > t`` is known without evaluating G.

    Returns ``(left, right, far)``: ``G(m) > t`` for every ``m <= left`` and
    ``G(m) <= t`` for every ``right <= m <= far`` (``-inf``/``inf`` where
    nothing is known). Why this holds for the computed G (not only the true
    one): the true G is strictly decreasing. The computed G is ``exp``, ``erfc``
    (each taken within 8 ulp, glibc's documented worst being smaller) and six
    correctly rounded operations; for z <= 36 nothing underflows and its
    relative error is at most ``_error(z)/2``: the density φ carries (z²/2 + 10)
    ulp (the argument z²/2 rounded, exp, the division), z(1 − Φ) carries
    (2.8z² + 10) ulp (erfc's relative slope is under 2x + 1.13), both are below
    φ ≤ (z² + 3)·G for z >= 0 (as 1 − Φ(z) < φ(z)(z² + 2)/(z(z² + 3))), and for
    z < 0 no cancellation occurs (G >= φ, error under 64 ulp <= ``_error(0)/2``);
    ``_error`` grows with z. With ε = ``_error(right + 1/64)`` (twice that
    bound) >= the error at any point up to ``far = right + 1/64``, and the certificates
    ``G(left) > t(1 + 4ε)`` and ``G(right) < t(1 − 4ε)`` computed by the
    kernel itself: for m <= left, computed G(m) >= (1 − ε)G(m) >= (1 − ε)G(left)
    >= computed G(left)(1 − ε)/(1 + ε) > t; for right <= m <= far, computed
    G(m) <= (1 + ε)G(right) <= computed G(right)(1 + ε)/(1 − ε) < t. So the
    skipped comparisons are the ones the scalar loop makes. Likewise, when
    computed G(right + 1/64) < t(1 − 4ε') with ε' = ``_error(35)``, every m in
    [right + 1/64, 35] has computed G(m) <= (1 + ε')G(right + 1/64) < t, and ``far``
    is 35 (nothing underflows up to 36). ``left`` and
    ``right`` straddle a first guess (interpolated on a grid, then three Newton
    steps) closely; a row whose certificate fails gets every step evaluated.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # huge targets: inf, then not certified
        return _certified(target)


def _certified(target: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    if not _TABLE:
        values = _loss(_GRID)
        _TABLE.append(np.maximum.accumulate(-np.log(values)))
    size = len(target)
    left = np.full(size, -np.inf)
    right = np.full(size, np.inf)
    rows = np.flatnonzero((target > 0) & (target < 1e300))
    t = target[rows]
    guess = np.interp(-np.log(t), _TABLE[0], _GRID, left=np.nan, right=np.nan)
    guess = np.where(t >= 8.0, -t, guess)  # G(z) = -z + G(-z): -t is G's root to a few ulp there
    keep = np.isfinite(guess)
    rows, t, guess = rows[keep], t[keep], guess[keep]
    upper = np.ones(len(rows))
    for _ in range(3):  # Newton on the convex decreasing G, from the guess
        value, upper = _parts(guess)
        step = (value - t) / np.where(upper > 0, upper, 1.0)
        guess = np.where(upper > 0, guess + step, guess)
    margin = 4.0 * _error(np.abs(guess) + 2.0 * _STEP)
    delta = 2.0 * margin * t / np.where(upper > 0, upper, 1.0) + 8.0 * _UNIT * np.abs(guess)
    low, high = guess - delta, guess + delta
    sure = (high + 1.0 <= _BOUNDED) & np.isfinite(low) & (delta < _STEP)
    rows, t, low, high, margin = rows[sure], t[sure], low[sure], high[sure], margin[sure]
    sure = (_loss(low) > t * (1.0 + margin)) & (_loss(high) < t * (1.0 - margin))
    left[rows[sure]] = low[sure]
    right[rows[sure]] = high[sure]
    far = right + _STEP
    # beyond ``far``, up to _BOUNDED: the same argument with the error bound at _BOUNDED
    rows, t, high = rows[sure], t[sure], high[sure] + _STEP
    wide = 4.0 * _error(np.array([_BOUNDED]))
    further = _loss(high) < t * (1.0 - wide)
    far[rows[further]] = _BOUNDED
    return left, right, far
