"""Normal and Poisson building blocks, standard library only (private).

The float kernels (names starting with ``f_``) are used by the policy rules;
the public wrappers validate Decimal input and return Decimal statistics
(``Decimal(repr(x))`` rounded to 15 significant digits, see ``_common``).

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2nd ed., 2019),
    appendix C (loss functions); stockpyl ``loss_functions.py`` doctests.
    Cachon & Terwiesch, *Matching Supply with Demand*, appendix (Poisson loss table).
    Wichura, "Algorithm AS 241" (behind ``statistics.NormalDist.inv_cdf``).
"""

from __future__ import annotations

import bisect
import itertools
import math
from decimal import Decimal
from statistics import NormalDist

from spendrules._checks import check_decimal, check_int, check_non_negative
from spendrules._decimal import exact
from spendrules._inventory._common import as_float, check_open_fraction, statistic
from spendrules.errors import InvalidInputError

__all__ = [
    "POISSON_MAX_MEAN",
    "PoissonTable",
    "f_cdf",
    "f_inv_loss",
    "f_loss",
    "f_loss2",
    "f_pdf",
    "f_poisson_cdf",
    "f_poisson_loss",
    "f_ppf",
    "f_upper",
    "inverse_standard_normal_loss",
    "poisson_cdf",
    "poisson_loss",
    "service_level_for_z",
    "standard_normal_loss",
    "z_for_service_level",
]

_N = NormalDist()
_SQRT2 = math.sqrt(2.0)

#: Largest Poisson mean the exact Poisson rules accept (the sums run term by
#: term); above it the normal approximation is both adequate and fast.
POISSON_MAX_MEAN = Decimal(1_000_000)


# float kernels ----------------------------------------------------------------


def f_pdf(z: float) -> float:
    """Standard normal density φ(z)."""
    return _N.pdf(z)


def f_cdf(z: float) -> float:
    """Standard normal distribution Φ(z), accurate in both tails (via erfc)."""
    return 0.5 * math.erfc(-z / _SQRT2)


def f_upper(z: float) -> float:
    """Upper tail 1 − Φ(z), without cancellation for large z."""
    return 0.5 * math.erfc(z / _SQRT2)


def f_ppf(p: float) -> float:
    """Φ⁻¹(p) for 0 < p < 1 (``NormalDist.inv_cdf``)."""
    return _N.inv_cdf(p)


def f_loss(z: float) -> float:
    """Standard normal loss G(z) = E[(Z − z)⁺] = φ(z) − z(1 − Φ(z))."""
    return max(f_pdf(z) - z * f_upper(z), 0.0)


def f_loss2(z: float) -> float:
    """Second-order loss G₂(z) = ½ E[((Z − z)⁺)²] = ½[(z² + 1)(1 − Φ(z)) − zφ(z)]."""
    return max(0.5 * ((z * z + 1.0) * f_upper(z) - z * f_pdf(z)), 0.0)


def f_inv_loss(target: float) -> float:
    """Return z with G(z) = target (> 0), by bisection on the decreasing G."""
    low = -(target + 1.0)  # G(low) > -low > target
    high = 40.0  # G(40) underflows to 0 <= target
    while True:
        middle = 0.5 * (low + high)
        if middle in (low, high):
            return middle
        if f_loss(middle) > target:
            low = middle
        else:
            high = middle


def _poisson_pmf(k: int, mean: float) -> float:
    if mean == 0.0:
        return 1.0 if k == 0 else 0.0
    return math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))


def _descending(value: float) -> float:
    return -value


class PoissonTable:
    """Poisson(mean) probabilities for q = 0..K, K the end of the representable tail.

    Lower tails P(D <= q) are prefix sums and upper tails P(D > q) suffix
    sums (small terms first), so both stay accurate where they are small:
    a service level of 0.99999999 is compared with an upper tail of 1e-8,
    never with a cumulative sum that rounding keeps below 1. The expected
    shortfall is E[(D − q)⁺] = Σ_{j >= q} P(D > j). Built per call (no cache).
    """

    __slots__ = ("_loss", "_lower", "_upper", "mean")

    def __init__(self, mean: float) -> None:
        self.mean = mean
        pmfs = []
        q = 0
        while True:
            pmf = _poisson_pmf(q, mean)
            pmfs.append(pmf)
            if q > mean and pmf == 0.0:
                break
            q += 1
        self._lower = list(itertools.accumulate(pmfs))
        upper = [0.0] * len(pmfs)
        loss = [0.0] * len(pmfs)
        above = shortfall = 0.0
        for index in range(len(pmfs) - 1, -1, -1):
            upper[index] = above
            shortfall += above
            loss[index] = shortfall
            above += pmfs[index]
        self._upper = upper
        self._loss = loss

    def cdf(self, q: int) -> float:
        """P(D <= q)."""
        if q < 0:
            return 0.0
        if q >= len(self._lower):
            return 1.0
        low = self._lower[q]
        return low if low < 0.5 else 1.0 - self._upper[q]

    def loss(self, q: int) -> float:
        """E[(D − q)⁺]."""
        if q < 0:
            return self.mean - q
        return self._loss[q] if q < len(self._loss) else 0.0

    def level_for_cdf(self, alpha: Decimal) -> int:
        """Smallest q with P(D <= q) >= alpha (0 < alpha < 1)."""
        if alpha < Decimal("0.5"):
            return bisect.bisect_left(self._lower, float(alpha))
        return bisect.bisect_left(self._upper, -float(1 - alpha), key=_descending)

    def level_for_loss(self, target: float) -> int:
        """Smallest q with E[(D − q)⁺] <= target (target >= 0)."""
        return bisect.bisect_left(self._loss, -target, key=_descending)


def f_poisson_cdf(q: int, mean: float) -> float:
    """P(D <= q) for D ~ Poisson(mean); 0 for q < 0."""
    return PoissonTable(mean).cdf(q)


def f_poisson_loss(q: int, mean: float) -> float:
    """E[(D − q)⁺] for D ~ Poisson(mean)."""
    return PoissonTable(mean).loss(q)


# public wrappers -----------------------------------------------------------------


def z_for_service_level(service_level: Decimal) -> Decimal:
    """Return z = Φ⁻¹(α), the safety factor for a cycle service level α.

    The only path from a service level to z is the inverse of the standard
    normal distribution (``statistics.NormalDist().inv_cdf``); never a
    linear shortcut such as ``(α − 0.5)/0.5``.

    Args:
        service_level: Cycle service level α, the probability of no stockout
            in a replenishment cycle, as a fraction strictly between 0 and 1.

    Returns:
        z rounded to 15 significant digits.

    Raises:
        InvalidInputError: ``service_level`` is not strictly between 0 and 1.
        TypeError: ``service_level`` is a float.

    Examples:
        >>> z_for_service_level(Decimal("0.95"))
        Decimal('1.64485362695147')
        >>> z_for_service_level(Decimal("0.5"))
        Decimal('0.0')
        >>> z_for_service_level(95)
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: service_level must be a fraction strictly between 0 and 1 (95 % is 0.95): 95

    References:
        OCA ``stock_orderpoint_safety_stock`` test vectors (0.90 → 1.2816,
        0.95 → 1.6449, 0.97 → 1.8808, 0.99 → 2.3263).
    """
    alpha = check_open_fraction(service_level, "service_level")
    return statistic(f_ppf(float(alpha)))


def service_level_for_z(z: Decimal) -> Decimal:
    """Return α = Φ(z), the cycle service level a safety factor z gives.

    Args:
        z: Safety factor (any sign).

    Returns:
        Φ(z) rounded to 15 significant digits.

    Raises:
        InvalidInputError: ``z`` is NaN, infinite or beyond a double.

    Examples:
        >>> service_level_for_z(Decimal("1.28"))
        Decimal('0.899727432045558')
        >>> service_level_for_z(0)
        Decimal('0.5')
    """
    value = as_float(check_decimal(z, "z"), "z")
    return statistic(f_cdf(value))


def standard_normal_loss(z: Decimal) -> Decimal:
    """Return the standard normal loss G(z) = φ(z) − z(1 − Φ(z)).

    G(z) is the expected shortfall E[(Z − z)⁺] of a standard normal Z: with
    demand N(μ, σ²) and stock μ + zσ, the expected units short are σ·G(z).

    Args:
        z: Safety factor (any sign).

    Returns:
        G(z) rounded to 15 significant digits (``>= 0``).

    Raises:
        InvalidInputError: ``z`` is NaN, infinite or beyond a double.

    Examples:
        >>> standard_normal_loss(Decimal("1.3"))
        Decimal('0.0455279620865139')
        >>> standard_normal_loss(0)
        Decimal('0.398942280401433')

    References:
        Snyder & Shen (2019) eq. (C.31); stockpyl ``standard_normal_loss``
        doctest (z = 1.3 → 0.04552796208651397).
    """
    value = as_float(check_decimal(z, "z"), "z")
    return statistic(f_loss(value))


def inverse_standard_normal_loss(loss: Decimal) -> Decimal:
    """Return z with G(z) = ``loss``: the safety factor for a target expected shortfall.

    G is strictly decreasing from +∞ to 0, so every positive ``loss`` has one
    z (negative when ``loss`` > G(0) ≈ 0.3989). There is no artificial floor:
    inventorize's R port searches only z >= 0.1 and fails for large lots.

    Args:
        loss: Target G(z), ``> 0``.

    Returns:
        z rounded to 15 significant digits.

    Raises:
        InvalidInputError: ``loss <= 0`` or beyond a double.

    Examples:
        >>> inverse_standard_normal_loss(Decimal("0.0455279620865139"))
        Decimal('1.30000000000000')
        >>> inverse_standard_normal_loss(Decimal("2"))
        Decimal('-1.99130953755458')
    """
    number = check_decimal(loss, "loss")
    if number <= 0:
        raise InvalidInputError("loss", loss, "> 0")
    return statistic(f_inv_loss(as_float(number, "loss")))


#: Bound on ``q`` for the Poisson functions (floats are exact for whole units below it).
_MAX_UNITS = 2**53


def _check_poisson(q: object, mean: object) -> tuple[int, float]:
    units = check_int(q, "q")
    if not -_MAX_UNITS < units < _MAX_UNITS:  # beyond this a float sum loses whole units
        raise InvalidInputError("q", q, "an int strictly between -2**53 and 2**53")
    lam = check_non_negative(mean, "mean")
    with exact():
        if lam > POISSON_MAX_MEAN:
            raise InvalidInputError("mean", mean, f"<= {POISSON_MAX_MEAN} for Poisson sums")
    return units, float(lam)


def poisson_cdf(q: int, mean: Decimal) -> Decimal:
    """Return P(D <= q) for Poisson demand D with the given mean.

    Args:
        q: Whole units (``q < 0`` gives 0).
        mean: Poisson mean, ``0 <= mean <= 1,000,000``.

    Returns:
        The probability, 15 significant digits.

    Raises:
        InvalidInputError: negative or too large ``mean``; ``|q| >= 2**53``.
        TypeError: ``q`` is not an ``int``.

    Examples:
        >>> poisson_cdf(1, Decimal("1.25"))
        Decimal('0.644635792935428')

    References:
        Cachon & Terwiesch, *Matching Supply with Demand*, Poisson table
        (mean 1.25: F(0..3) = 0.286505, 0.644636, 0.868468, 0.961731).
    """
    units, lam = _check_poisson(q, mean)
    return statistic(f_poisson_cdf(units, lam))


def poisson_loss(q: int, mean: Decimal) -> Decimal:
    """Return the Poisson loss E[(D − q)⁺]: expected units short with q in stock.

    Args:
        q: Whole units in stock.
        mean: Poisson mean, ``0 <= mean <= 1,000,000``.

    Returns:
        The expected shortfall, 15 significant digits.

    Raises:
        InvalidInputError: negative or too large ``mean``; ``|q| >= 2**53``.
        TypeError: ``q`` is not an ``int``.

    Examples:
        >>> poisson_loss(2, Decimal("1.25"))
        Decimal('0.181140589795618')

    References:
        Cachon & Terwiesch, *Matching Supply with Demand*, Poisson loss table
        (mean 1.25: L(0..4) = 1.25000, 0.53650, 0.18114, 0.04961, 0.01134).
    """
    units, lam = _check_poisson(q, mean)
    return statistic(f_poisson_loss(units, lam))
