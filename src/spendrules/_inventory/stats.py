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

from spendrules._checks import check_decimal, check_non_negative
from spendrules._decimal import exact
from spendrules._inventory._common import (
    as_float,
    check_open_fraction,
    round_statistic,
    statistic,
)
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "POISSON_MAX_MEAN",
    "PoissonTable",
    "check_flag",
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
    "normal_loss",
    "normal_second_loss",
    "poisson_cdf",
    "poisson_loss",
    "poisson_second_loss",
    "service_level_for_z",
    "standard_normal_loss",
    "standard_normal_second_loss",
    "whole_units",
    "z_for_service_level",
]

_ZERO = Decimal(0)
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

    def complementary_loss(self, q: int) -> float:
        """E[(q − D)⁺]: a prefix sum of the cdf below the mean, q − μ + E[(D − q)⁺] above."""
        if q <= 0:
            return 0.0
        if q >= self.mean:
            return (q - self.mean) + self.loss(q)
        return math.fsum(self.cdf(j) for j in range(q))

    def second_loss(self, q: int) -> float:
        """½E[(D − q)⁺(D − q − 1)⁺] = Σ_{j > q} E[(D − j)⁺]; ½[(q − μ)² + q] for q < 0."""
        if q < 0:
            return 0.5 * ((q - self.mean) ** 2 + q)
        return math.fsum(self._loss[q + 1 :])

    def complementary_second_loss(self, q: int) -> float:
        """½E[(q − D)⁺(q + 1 − D)⁺] = Σ_{y <= q} E[(y − D)⁺] (0 for q < 0).

        Summed directly below the mean, where it is small; above it, the
        identity n₂(q) + n̄₂(q) = ½[(q − μ)² + q] subtracts a small n₂.
        """
        if q < 0:
            return 0.0
        if q >= self.mean:
            return 0.5 * ((q - self.mean) ** 2 + q) - self.second_loss(q)
        terms = []
        short = 0.0  # E[(y − D)⁺], grown by P(D <= y) at each step
        for y in range(q + 1):
            terms.append(short)
            short += self.cdf(y)
        return math.fsum(terms)

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


def standard_normal_loss(z: Decimal, *, complementary: bool = False) -> Decimal:
    """Return the standard normal loss G(z) = φ(z) − z(1 − Φ(z)), or its complement.

    G(z) is the expected shortfall E[(Z − z)⁺] of a standard normal Z: with
    demand N(μ, σ²) and stock μ + zσ, the expected units short are σ·G(z).
    The complementary loss Ḡ(z) = E[(z − Z)⁺] = z + G(z) is the expected
    leftover; it is computed as G(−z) (Z is symmetric), without cancellation.

    Args:
        z: Safety factor (any sign).
        complementary: Return Ḡ(z), the expected leftover, instead of G(z).

    Returns:
        G(z) (or Ḡ(z)) rounded to 15 significant digits (``>= 0``).

    Raises:
        InvalidInputError: ``z`` is NaN, infinite or beyond a double.
        TypeError: ``z`` is a float; ``complementary`` is not a bool.

    Examples:
        >>> standard_normal_loss(Decimal("1.3"))
        Decimal('0.0455279620865139')
        >>> standard_normal_loss(0)
        Decimal('0.398942280401433')
        >>> standard_normal_loss(Decimal("1.3"), complementary=True)
        Decimal('1.34552796208651')

    References:
        Snyder & Shen (2019) eq. (C.31) and (C.33); stockpyl ``standard_normal_loss``
        doctest (z = 1.3 → (0.04552796208651397, 1.345527962086514)).
    """
    value = as_float(check_decimal(z, "z"), "z")
    flag = check_flag(complementary, "complementary")
    return statistic(f_loss(-value if flag else value))


def standard_normal_second_loss(z: Decimal, *, complementary: bool = False) -> Decimal:
    """Return the standard normal second-order loss G₂(z) = ½E[((Z − z)⁺)²], or its complement.

    G₂(z) = ½[(z² + 1)(1 − Φ(z)) − zφ(z)] is the integral of G above z: with
    lead-time demand N(μ, σ²), an (r, Q) policy's average expected backorders
    are σ²·[G₂((r − μ)/σ) − G₂((r + Q − μ)/σ)]/Q (the inventory position is
    uniform on r..r + Q). The complement
    Ḡ₂(z) = ½E[((z − Z)⁺)²] = G₂(−z); the two add up to ½(z² + 1).

    Args:
        z: Safety factor (any sign).
        complementary: Return Ḡ₂(z) instead of G₂(z).

    Returns:
        G₂(z) (or Ḡ₂(z)) rounded to 15 significant digits (``>= 0``). Beyond
        |z| = 40 the tail that a double cannot hold is 0 and the other side is
        the exact ½(z² + 1).

    Raises:
        InvalidInputError: ``z`` is NaN, infinite or out of range.
        TypeError: ``z`` is a float; ``complementary`` is not a bool.

    Examples:
        >>> standard_normal_second_loss(Decimal("1.3"))
        Decimal('0.0188070669365712')
        >>> standard_normal_second_loss(Decimal("-1.4"))
        Decimal('1.46528937027904')
        >>> standard_normal_second_loss(Decimal("-1.4"), complementary=True)
        Decimal('0.0147106297209598')

    References:
        Snyder & Shen (2019) eq. (C.22) and (C.34); stockpyl
        ``standard_normal_second_loss`` doctest (z = 1.3 → 0.01880706693657111)
        and ``test_loss_functions.py`` (z = −1.4 → 1.465289370279040, 0.014710629720960).
    """
    number = check_decimal(z, "z")
    flag = check_flag(complementary, "complementary")
    return round_statistic(_second_loss(number.copy_negate() if flag else number))


_TAIL = Decimal(40)  # |z| beyond which φ(z) and 1 − Φ(z) are below the smallest double


def _first_loss(z: Decimal) -> Decimal:
    """G(z) as a Decimal: the float kernel inside ±40 (every digit of the double), the exact limits outside."""
    if z > _TAIL:
        return _ZERO
    if z < -_TAIL:
        return z.copy_negate()
    return Decimal(repr(f_loss(float(z))))


def _second_loss(z: Decimal) -> Decimal:
    """G₂(z) as a Decimal: the float kernel inside ±40 (every digit of the double), the exact limits outside."""
    if z > _TAIL:
        return _ZERO
    if z < -_TAIL:
        with exact():
            return (z * z + 1) / 2
    return Decimal(repr(f_loss2(float(z))))


def _normal_args(
    x: object, mean: object, sd: object, complementary: object
) -> tuple[Decimal, Decimal]:
    """Validate; return (d, σ) with d = x − μ (μ − x for the complement)."""
    level = check_decimal(x, "x")
    mu = check_decimal(mean, "mean")
    sigma = check_non_negative(sd, "sd")
    flag = check_flag(complementary, "complementary")
    with exact():
        return (mu - level if flag else level - mu), sigma


def normal_loss(
    x: Decimal | int, mean: Decimal | int, sd: Decimal | int, *, complementary: bool = False
) -> Decimal:
    """Return the normal loss n(x) = E[(D − x)⁺] for D ~ N(mean, sd²), or its complement.

    n(x) = σ·G((x − μ)/σ): the expected units short with ``x`` in stock. The
    complement n̄(x) = E[(x − D)⁺] = x − μ + n(x) is the expected leftover. With
    ``sd = 0`` demand is certain: n(x) = (μ − x)⁺ and n̄(x) = (x − μ)⁺.

    Args:
        x: Stock level (units, any sign).
        mean: μ, mean demand (units).
        sd: σ, standard deviation of demand (units, ``>= 0``).
        complementary: Return n̄(x) instead of n(x).

    Returns:
        n(x) (or n̄(x)) rounded to 15 significant digits.

    Raises:
        InvalidInputError: a negative ``sd``; a number out of range.
        TypeError: a float; ``complementary`` is not a bool.

    Examples:
        >>> normal_loss(11, 8, 3)
        Decimal('0.249946411763059')
        >>> normal_loss(11, 8, 3, complementary=True)
        Decimal('3.24994641176306')

    References:
        Snyder & Shen (2019) eq. (C.12)-(C.13); stockpyl ``test_loss_functions.py``
        ``TestNormalLoss`` (x 11, μ 8, σ 3 → 0.249946411763059, 3.249946411763059).
    """
    gap, sigma = _normal_args(x, mean, sd, complementary)
    with exact():
        if sigma == 0:
            return round_statistic(max(-gap, _ZERO))
        return round_statistic(sigma * _first_loss(gap / sigma))


def normal_second_loss(
    x: Decimal | int, mean: Decimal | int, sd: Decimal | int, *, complementary: bool = False
) -> Decimal:
    """Return the normal second-order loss n₂(x) = ½E[((D − x)⁺)²], or its complement.

    n₂(x) = σ²·G₂((x − μ)/σ); the complement n̄₂(x) = ½E[((x − D)⁺)²], and
    n₂(x) + n̄₂(x) = ½[(x − μ)² + σ²]. With ``sd = 0``: ½((μ − x)⁺)².

    Args:
        x: Stock level (units, any sign).
        mean: μ, mean demand (units).
        sd: σ, standard deviation of demand (units, ``>= 0``).
        complementary: Return n̄₂(x) instead of n₂(x).

    Returns:
        n₂(x) (or n̄₂(x)) rounded to 15 significant digits.

    Raises:
        InvalidInputError: a negative ``sd``; a number out of range.
        TypeError: a float; ``complementary`` is not a bool.

    Examples:
        >>> normal_second_loss(Decimal("18.6"), 15, 3)
        Decimal('0.214860282125007')
        >>> normal_second_loss(11, 8, 3, complementary=True)
        Decimal('8.66097097495303')

    References:
        Snyder & Shen (2019) eq. (C.23); stockpyl ``normal_second_loss`` doctest
        (18.6, 15, 3 → 0.21486028212500707) and ``test_loss_functions.py``
        ``TestNormalSecondLoss`` (11, 8, 3 → 0.339029025046969, 8.660970974953031).
    """
    gap, sigma = _normal_args(x, mean, sd, complementary)
    with exact():
        if sigma == 0:
            return round_statistic(max(-gap, _ZERO) ** 2 / 2)
        return round_statistic(sigma * sigma * _second_loss(gap / sigma))


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


def whole_units(value: object, field: str) -> int:
    """Return an ``int`` or a whole-number ``Decimal`` (``Decimal("3.000")``) as an ``int``.

    Raises:
        InvalidInputError: a Decimal with a fractional part, NaN, or out of range.
        TypeError: anything else (a float, a bool, a str).
    """
    if isinstance(value, Decimal):
        number = check_decimal(value, field)
        if number != number.to_integral_value():
            raise InvalidInputError(field, value, "a whole number of units for Poisson demand")
        return int(number)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(
        f"{field} must be an int or a whole-number Decimal, not {type(value).__name__}: "
        f"{_shown(value)}"
    )


def check_flag(value: object, field: str) -> bool:
    """Return ``value`` if it is a bool, else raise a TypeError naming ``field``."""
    if not isinstance(value, bool):
        raise TypeError(f"{field} must be a bool, not {type(value).__name__}: {_shown(value)}")
    return value


def _check_poisson(q: object, mean: object) -> tuple[int, float]:
    units = whole_units(q, "q")
    if not -_MAX_UNITS < units < _MAX_UNITS:  # beyond this a float sum loses whole units
        raise InvalidInputError("q", q, "a whole number strictly between -2**53 and 2**53")
    lam = check_non_negative(mean, "mean")
    with exact():
        if lam > POISSON_MAX_MEAN:
            raise InvalidInputError("mean", mean, f"<= {POISSON_MAX_MEAN} for Poisson sums")
    return units, float(lam)


def poisson_cdf(q: int | Decimal, mean: Decimal | int) -> Decimal:
    """Return P(D <= q) for Poisson demand D with the given mean.

    Args:
        q: Whole units: an ``int`` or a whole-number ``Decimal`` (``q < 0`` gives 0).
        mean: Poisson mean, ``0 <= mean <= 1,000,000``.

    Returns:
        The probability, 15 significant digits.

    Raises:
        InvalidInputError: negative or too large ``mean``; ``|q| >= 2**53``; a
            fractional ``q`` (``Decimal("3.5")``).
        TypeError: ``q`` is neither an ``int`` nor a ``Decimal``.

    Examples:
        >>> poisson_cdf(1, Decimal("1.25"))
        Decimal('0.644635792935428')
        >>> poisson_cdf(Decimal("1.000"), Decimal("1.25"))
        Decimal('0.644635792935428')

    References:
        Cachon & Terwiesch, *Matching Supply with Demand*, Poisson table
        (mean 1.25: F(0..3) = 0.286505, 0.644636, 0.868468, 0.961731).
    """
    units, lam = _check_poisson(q, mean)
    return statistic(f_poisson_cdf(units, lam))


def poisson_loss(q: int | Decimal, mean: Decimal | int, *, complementary: bool = False) -> Decimal:
    """Return the Poisson loss E[(D − q)⁺]: expected units short with q in stock.

    The complement n̄(q) = E[(q − D)⁺] = q − μ + n(q) is the expected leftover;
    below the mean it is summed directly (Σ_{j<q} P(D <= j)), so a small
    leftover is not the difference of two large numbers.

    Args:
        q: Whole units in stock: an ``int`` or a whole-number ``Decimal``.
        mean: Poisson mean, ``0 <= mean <= 1,000,000``.
        complementary: Return n̄(q), the expected leftover, instead.

    Returns:
        The expected shortfall (or leftover), 15 significant digits.

    Raises:
        InvalidInputError: negative or too large ``mean``; ``|q| >= 2**53``; a
            fractional ``q``.
        TypeError: ``q`` is neither an ``int`` nor a ``Decimal``;
            ``complementary`` is not a bool.

    Examples:
        >>> poisson_loss(2, Decimal("1.25"))
        Decimal('0.181140589795618')
        >>> poisson_loss(18, 15), poisson_loss(18, 15, complementary=True)
        (Decimal('0.517609528258471'), Decimal('3.51760952825847'))

    References:
        Cachon & Terwiesch, *Matching Supply with Demand*, Poisson loss table
        (mean 1.25: L(0..4) = 1.25000, 0.53650, 0.18114, 0.04961, 0.01134);
        Snyder & Shen (2019) eq. (C.41)-(C.42); stockpyl ``poisson_loss``
        doctest (18, 15 → 0.5176095282584724, 3.5176095282584723).
    """
    units, lam = _check_poisson(q, mean)
    if check_flag(complementary, "complementary"):
        return statistic(PoissonTable(lam).complementary_loss(units))
    return statistic(f_poisson_loss(units, lam))


def poisson_second_loss(
    q: int | Decimal, mean: Decimal | int, *, complementary: bool = False
) -> Decimal:
    """Return the Poisson second-order loss n₂(q) = ½E[(D − q)⁺(D − q − 1)⁺], or its complement.

    n₂(q) = Σ_{j > q} E[(D − j)⁺]: the discrete counterpart of the integral of
    the loss, used by the exact Poisson (r, Q) cost. The complement
    n̄₂(q) = ½E[(q − D)⁺(q + 1 − D)⁺] = Σ_{y <= q} E[(y − D)⁺], and
    n₂(q) + n̄₂(q) = ½[(q − μ)² + q].

    Args:
        q: Whole units: an ``int`` or a whole-number ``Decimal``.
        mean: Poisson mean, ``0 <= mean <= 1,000,000``.
        complementary: Return n̄₂(q) instead of n₂(q).

    Returns:
        n₂(q) (or n̄₂(q)), 15 significant digits.

    Raises:
        InvalidInputError: negative or too large ``mean``; ``|q| >= 2**53``; a
            fractional ``q``.
        TypeError: ``q`` is neither an ``int`` nor a ``Decimal``;
            ``complementary`` is not a bool.

    Examples:
        >>> poisson_second_loss(18, 15)
        Decimal('0.848340302917793')
        >>> poisson_second_loss(Decimal("18"), 15, complementary=True)
        Decimal('12.6516596970822')
        >>> poisson_second_loss(Decimal("18.5"), 15)
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: q must be a whole number of units for Poisson demand: Decimal('18.5')

    References:
        Snyder & Shen (2019) eq. (C.43)-(C.44); stockpyl ``poisson_second_loss``
        doctest (18, 15 → 0.848340302917789, 12.651659697082211).
    """
    units, lam = _check_poisson(q, mean)
    flag = check_flag(complementary, "complementary")
    table = PoissonTable(lam)
    return statistic(table.complementary_second_loss(units) if flag else table.second_loss(units))
