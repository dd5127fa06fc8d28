"""The safety stock of a SKU table: service levels in float64 with guards, fill rates and Poisson demand exactly (private).

Also the names the inventory frames modules share (rule ids, methods, causes, reason codes).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import attrs
import numpy as np

from spendrules._decimal import CONTEXT, exact
from spendrules._inventory._common import (
    QUANTITY_PLACES,
    TimeUnit,
    quantity,
    statistic,
    unit_factor,
)
from spendrules._inventory.demand import NOT_NORMAL, DemandPattern, Distribution
from spendrules._inventory.policy import SafetyStock
from spendrules._inventory.split import ObsoleteCause
from spendrules._inventory.stats import f_ppf
from spendrules.errors import FrameInputError
from spendrules.frames._columns import (
    BoolArray,
    Int64Array,
)
from spendrules.frames._inventory_core import (
    MICRO,
    FloatArray,
    half_even_guarded,
    inverse_loss,
    safety_from_floats,
)
from spendrules.frames._inventory_rows import (
    Inputs,
    enum_or_default,
    open_fraction_or_none,
    scalar_level,
)
from spendrules.results import Severity

__all__ = [
    "BUCKETS",
    "CAUSES",
    "LEVEL_RULE",
    "METHODS",
    "QUANTITY_MODES",
    "REQUIRED",
    "REVIEW_RULE",
    "SAFETY_RULE",
    "Levels",
    "decimal_of",
    "micro",
    "read_common",
    "safety_levels",
]

REVIEW_RULE = "inventory.review@1"
SAFETY_RULE = "inventory.safety_stock@1"
LEVEL_RULE = "inventory.level@1"
QUANTITY_MODES = ("decimal", "micro_units")
BUCKETS = ("committed", "obsolete", "safety", "cycle", "excess")
METHODS = ("agreed", "cycle_service_level", "fill_rate", "none")
CAUSES = tuple(cause.value for cause in ObsoleteCause)
UNITS = tuple(TimeUnit)

# primary reason codes, in the order the scalar review lists them
_AGREED, _COMPUTED, _NONE = (
    "INVENTORY.REVIEW.AGREED_SAFETY",
    "INVENTORY.REVIEW.COMPUTED_SAFETY",
    "INVENTORY.REVIEW.NO_SAFETY",
)
_NOT_NORMAL = "INVENTORY.DEMAND.NOT_NORMAL"
_NO_VARIABILITY = "INVENTORY.SAFETY.NO_VARIABILITY"
_INTERVAL = "INVENTORY.SAFETY.INTERVAL"
_SPLIT_WARNINGS = (
    "INVENTORY.SPLIT.NEGATIVE_ON_HAND",
    "INVENTORY.SPLIT.COMMITTED_UNCOVERED",
    "INVENTORY.SPLIT.OBSOLETE",
    "INVENTORY.SPLIT.EXCESS",
    "INVENTORY.SPLIT.EXCESS_ON_ORDER",
    "INVENTORY.SPLIT.SLOW_MOVING",
)

_LEVEL_DEFAULTS: dict[str, Any] = {
    "demand_mean": None,
    "demand_sd": None,
    "demand_period": None,
    "demand_distribution": None,
    "demand_pattern": None,
    "lead_time": None,
    "lead_time_sd": None,
    "lead_time_period": None,
    "service_level": None,
    "fill_rate": None,
    "order_quantity": None,
    "review_period": None,
}
REQUIRED = frozenset({"on_hand", "unit_cost", "currency", "demand_mean"})


@attrs.define
class Levels:
    """The safety stock of each row: the vectorised part and the rows the scalar rule took."""

    target: Int64Array
    method: Int64Array
    z: Int64Array  # index into ``z_table``; -1 for none
    z_table: list[Decimal]
    level: Int64Array
    level_null: BoolArray
    mean: Int64Array
    sigma: Int64Array
    interval: Int64Array
    warning: Int64Array  # index into ``warnings``; -1 for none
    warnings: list[str]
    failed: BoolArray  # the scalar rule refused the row
    errors: dict[int, FrameInputError] = attrs.field(factory=dict)


def read_common(inputs: Inputs) -> dict[str, Any]:
    """The demand and lead-time inputs shared by the three functions (validity folded into ``scalar``)."""
    mean, mean_null, mean_places = inputs.fine("demand_mean")
    sd, _, sd_places = inputs.fine("demand_sd")
    lead, _ = inputs.micro("lead_time")
    lead_sd, _ = inputs.micro("lead_time_sd")
    review, _ = inputs.micro("review_period")
    quantity, quantity_null = inputs.micro("order_quantity")
    alpha, alphas = inputs.codes("service_level", open_fraction_or_none)
    beta, betas = inputs.codes("fill_rate", open_fraction_or_none)
    period, periods = inputs.codes("demand_period", enum_or_default(TimeUnit, TimeUnit.DAY))
    lead_period, lead_periods = inputs.codes(
        "lead_time_period", enum_or_default(TimeUnit, TimeUnit.DAY)
    )
    kind, kinds = inputs.codes(
        "demand_distribution", enum_or_default(Distribution, Distribution.NORMAL)
    )
    pattern, patterns = inputs.codes("demand_pattern", enum_or_default(DemandPattern, None))
    poisson = np.array([k is Distribution.POISSON for k in kinds])[kind]
    inputs.scalar |= (mean < 0) | (sd < 0) | (lead < 0) | (lead_sd < 0) | (review < 0)
    inputs.scalar |= quantity < 0
    inputs.scalar |= poisson & (sd != 0)
    return {
        "mean": mean,
        "mean_null": mean_null,
        "mean_places": mean_places,
        "sd": sd,
        "sd_places": sd_places,
        "lead": lead,
        "lead_sd": lead_sd,
        "review": review,
        "quantity": quantity,
        "quantity_null": quantity_null,
        "alpha": np.array([a is not None for a in alphas])[alpha],
        "alpha_code": alpha,
        "alphas": alphas,
        "beta_code": beta,
        "betas": betas,
        "pattern_code": pattern,
        "beta": np.array([b is not None for b in betas])[beta],
        "period": np.array([UNITS.index(p) for p in periods])[period],
        "lead_period": np.array([UNITS.index(p) for p in lead_periods])[lead_period],
        "poisson": poisson,
        "not_normal": np.array([p in NOT_NORMAL for p in patterns])[pattern],
    }


def safety_levels(
    inputs: Inputs,
    data: dict[str, Any],
    wanted: BoolArray,
    *,
    basis: Decimal,
    zero_lot_is_none: bool,
) -> Levels:
    """Compute the safety stock of the ``wanted`` rows (floats where exact, else the scalar rule)."""
    size = inputs.size
    out = Levels(
        target=np.zeros(size, dtype=np.int64),
        method=np.full(size, METHODS.index("none"), dtype=np.int64),
        z=np.full(size, -1, dtype=np.int64),
        z_table=[],
        level=np.zeros(size, dtype=np.int64),
        level_null=np.ones(size, dtype=bool),
        mean=np.zeros(size, dtype=np.int64),
        sigma=np.zeros(size, dtype=np.int64),
        interval=np.zeros(size, dtype=np.int64),
        warning=np.full(size, -1, dtype=np.int64),
        warnings=[_NOT_NORMAL, _NO_VARIABILITY],
        failed=np.zeros(size, dtype=bool),
    )
    fast = wanted & ~inputs.scalar & data["alpha"] & ~data["beta"] & ~data["poisson"]
    fill = wanted & ~inputs.scalar & data["beta"] & ~data["alpha"] & ~data["poisson"]
    poisson = wanted & ~inputs.scalar & (data["alpha"] ^ data["beta"]) & data["poisson"]
    poisson &= data["lead_sd"] == 0
    no_lot = (data["quantity"] == 0) & ((data["review"] == 0) | (data["mean"] == 0))
    fill &= ~no_lot
    poisson &= ~(data["beta"] & no_lot)
    _fill_rows(data, np.flatnonzero(fill), out, basis=basis)
    left = _poisson_rows(data, np.flatnonzero(poisson), out, basis=basis)
    slow = wanted & ~fast & ~fill & ~poisson
    slow[left] = True
    rows = np.flatnonzero(fast)
    if len(rows):
        z_of_alpha = []
        for alpha in data["alphas"]:
            if alpha is None:
                z_of_alpha.append(-1)
                continue
            out.z_table.append(statistic(f_ppf(float(alpha))))
            z_of_alpha.append(len(out.z_table) - 1)
        z_index = np.array(z_of_alpha, dtype=np.int64)[data["alpha_code"][rows]]
        z_float = np.array([float(z) for z in out.z_table])[z_index]
        factors = np.array(
            [[float(unit_factor(lead, demand, basis)) for demand in UNITS] for lead in UNITS]
        )
        factor = factors[data["lead_period"][rows], data["period"][rows]]
        mean = data["mean"][rows] / 10.0 ** data["mean_places"]
        sd = data["sd"][rows] / 10.0 ** data["sd_places"]
        lead = data["lead"][rows] / MICRO * factor
        review = data["review"][rows] / MICRO * factor
        periods = lead + review
        lead_sd = data["lead_sd"][rows] / MICRO * factor
        sigma = np.sqrt(periods * sd**2 + mean**2 * lead_sd**2)
        span_mean = mean * periods
        target, unsure = safety_from_floats(z_float, sigma)
        level, level_unsure = half_even_guarded(span_mean * MICRO + target)
        mean_micro, mean_unsure = half_even_guarded(span_mean * MICRO)
        sigma_micro, sigma_unsure = half_even_guarded(sigma * MICRO)
        interval, interval_unsure = half_even_guarded(periods * MICRO)
        unsure |= level_unsure | mean_unsure | sigma_unsure | interval_unsure
        unsure |= (np.abs(span_mean) + sigma + periods) * MICRO >= 2.0**53
        good = rows[~unsure]
        keep = ~unsure
        out.target[good] = target[keep]
        out.method[good] = METHODS.index("cycle_service_level")
        out.z[good] = z_index[keep]
        out.level[good] = level[keep]
        out.level_null[good] = False
        out.mean[good] = mean_micro[keep]
        out.sigma[good] = sigma_micro[keep]
        out.interval[good] = interval[keep]
        flat = (sigma == 0) & (data["mean"][rows] == 0)
        out.warning[good] = np.where(data["not_normal"][good], 0, np.where(flat[keep], 1, -1))
        slow[rows[unsure]] = True
    cache: dict[tuple[Any, ...], SafetyStock | FrameInputError] = {}
    for row in np.flatnonzero(slow).tolist():
        # repr keys: equal inputs give the same result, and an unhashable cell is a key too
        key = tuple(repr(inputs.value(name, row)) for name in _LEVEL_DEFAULTS)
        found = cache.get(key)
        if found is None:
            try:
                found = scalar_level(
                    inputs, row, days_per_year=basis, order_quantity_zero_is_none=zero_lot_is_none
                )
            except FrameInputError as exc:
                found = exc
            cache[key] = found
        if isinstance(found, FrameInputError):
            out.failed[row] = True
            out.errors[row] = FrameInputError(
                row, found.column, found.value, found.constraint, found.code
            )
            continue
        _take_level(out, row, found)
    return out


def _poisson_rows(
    data: dict[str, Any], rows: Int64Array, out: Levels, *, basis: Decimal
) -> list[int]:
    """Poisson demand: the scalar rule's table, built for many rows at once with its float operations.

    Each row's probabilities ``exp(q·log m − m − lgamma(q + 1))`` (libm's exp), its
    prefix sums and its tail sums (smallest terms first, as the scalar table adds
    them) are the scalar table's, so the level found is the scalar level. Returns
    the rows left to the scalar rule (a mean too large for a table here).
    """
    found = []
    left = []
    factors = {
        (lead, demand): unit_factor(UNITS[lead], UNITS[demand], basis)
        for lead in range(len(UNITS))
        for demand in range(len(UNITS))
    }
    places = data["mean_places"]
    columns = [
        data[name][rows].tolist()
        for name in ("mean", "lead", "review", "quantity", "lead_period", "period", "alpha")
    ]
    alphas = [data["alphas"][code] for code in data["alpha_code"][rows].tolist()]
    betas = [data["betas"][code] for code in data["beta_code"][rows].tolist()]
    with exact():
        for row, mean_, lead_, review_, lot_, lead_unit, unit, by_alpha, alpha, beta in zip(
            rows.tolist(), *columns, alphas, betas, strict=True
        ):
            # the scalar ``_interval`` for Poisson demand, written out (same operations)
            factor = factors[lead_unit, unit]
            demand = decimal_of(mean_, places)
            review = decimal_of(review_) * factor
            periods = decimal_of(lead_) * factor + review
            span = SimpleNamespace(mean=demand * periods, periods=periods)
            scaled = span.mean.scaleb(QUANTITY_PLACES)
            span.floor = int(scaled.to_integral_value(rounding=decimal.ROUND_FLOOR))
            span.exact = span.floor == scaled
            if span.mean > _POISSON_TABLE:
                left.append(row)
                continue
            if by_alpha:
                kind, target = (0, float(alpha)) if alpha < _HALF else (1, float(1 - alpha))
            else:
                lot = decimal_of(lot_) if lot_ > 0 else demand * review
                kind, target = 2, float(lot * (1 - beta))
            found.append((row, span, float(span.mean), kind, target))
    found.sort(key=lambda entry: entry[2])
    taken: list[tuple[Any, ...]] = []
    for start in range(0, len(found), _CHUNK):
        chunk = found[start : start + _CHUNK]
        wholes = _poisson_levels(
            np.array([entry[2] for entry in chunk]),
            np.array([entry[3] for entry in chunk]),
            np.array([entry[4] for entry in chunk]),
        )
        for entry, whole in zip(chunk, wholes.tolist(), strict=True):
            if whole < 0:
                left.append(entry[0])
                continue
            taken.append((*entry, whole))
    _take_poissons(out, taken)
    return left


def _take_poissons(out: Levels, taken: list[tuple[Any, ...]]) -> None:
    """Store the Poisson rows' results: roundings in float64 with the guard, else in Decimal.

    The stock ``ceil(whole − mean)`` is ``whole·10**6 − floor(mean·10**6)`` and
    the scalar floor at 0 is decided in integers, from the exact floor; a row
    is taken from the floats when its mean, σ = √mean and interval are clearly
    away from a half millionth, else in Decimal.
    """
    if not taken:
        return
    rows = np.array([entry[0] for entry in taken], dtype=np.int64)
    mean_f = np.array([entry[2] for entry in taken])
    periods_f = np.array([float(entry[1].periods) for entry in taken])
    kinds = np.array([entry[3] for entry in taken], dtype=np.int64)
    whole = np.array([entry[5] for entry in taken], dtype=np.int64)
    floor = np.array([entry[1].floor for entry in taken], dtype=np.int64)
    exact_ = np.array([entry[1].exact for entry in taken], dtype=bool)
    scaled = mean_f * MICRO
    unsure = (scaled + periods_f * MICRO) >= 2.0**53
    mean_micro, mean_unsure = half_even_guarded(scaled)
    sigma_micro, sigma_unsure = half_even_guarded(np.sqrt(mean_f) * MICRO)
    interval, interval_unsure = half_even_guarded(periods_f * MICRO)
    unsure |= mean_unsure | sigma_unsure | interval_unsure
    stock = whole * MICRO - floor
    short = stock < 0  # the floor 0: the next whole unit that covers the mean
    cover = np.where(exact_, -(-floor // MICRO), floor // MICRO + 1)  # ceil(mean)
    whole = np.where(short, cover, whole)
    stock = np.where(short, whole * MICRO - floor, stock)
    sure = ~unsure
    good = rows[sure]
    out.target[good] = stock[sure]
    out.method[good] = np.where(
        kinds[sure] == 2, METHODS.index("fill_rate"), METHODS.index("cycle_service_level")
    )
    out.level[good] = whole[sure] * MICRO
    out.level_null[good] = False
    out.mean[good] = mean_micro[sure]
    out.sigma[good] = sigma_micro[sure]
    out.interval[good] = interval[sure]
    for index in np.flatnonzero(unsure).tolist():
        row, span, _mean, kind, _target, whole_ = taken[index]
        _take_poisson(out, row, span, whole_, kind)


def _take_poisson(out: Levels, row: int, span: Any, whole: int, kind: int) -> None:
    with exact():
        stock = quantity(Decimal(whole) - span.mean, decimal.ROUND_CEILING)
        if stock < 0:  # the floor 0: the next whole unit that covers the mean
            whole = int(span.mean.to_integral_value(rounding=decimal.ROUND_CEILING))
            stock = quantity(Decimal(whole) - span.mean, decimal.ROUND_CEILING)
        out.target[row] = micro(stock)
        out.method[row] = METHODS.index("fill_rate" if kind == 2 else "cycle_service_level")
        out.level[row] = whole * MICRO
        out.level_null[row] = False
        out.mean[row] = micro(quantity(span.mean))
        out.sigma[row] = micro(quantity(span.mean.sqrt()))  # the scalar σ: √(mean·periods)
        out.interval[row] = micro(quantity(span.periods))


def _poisson_levels(mean: FloatArray, kind: Int64Array, target: FloatArray) -> Int64Array:
    """The scalar ``PoissonTable`` level of each row (-1 where the table would be wider than built).

    ``kind`` 0: smallest q with P(D <= q) >= target (α < ½); 1: with P(D > q) <= target
    (target 1 − α); 2: with E[(D − q)⁺] <= target.
    """
    width = int(np.max(mean + 40.0 * np.sqrt(mean))) + 200
    count = np.arange(width, dtype=np.float64)
    if len(_LGAMMA) < width:
        _LGAMMA[:] = [math.lgamma(k + 1) for k in range(width)]
    gamma = np.array(_LGAMMA[:width])
    means, inverse = np.unique(mean, return_inverse=True)  # one table per distinct mean
    log_mean = np.array([math.log(m) if m > 0 else 0.0 for m in means.tolist()])  # libm's log
    argument = count[None, :] * log_mean[:, None] - means[:, None] - gamma[None, :]
    pmf = np.zeros_like(argument)
    live = argument >= _UNDERFLOW  # below it exp is 0.0 in any faithful libm
    exponents = argument[live]
    pmf[live] = np.fromiter(map(_EXP, exponents.tolist()), np.float64, len(exponents))
    zero = means == 0
    pmf[zero] = 0.0
    pmf[zero, 0] = 1.0
    ends = (count[None, :] > means[:, None]) & (pmf == 0.0)
    last = np.argmax(ends, axis=1)
    beyond = count[None, :] > last[:, None]
    pmf[beyond] = 0.0
    lower = np.cumsum(pmf, axis=1)
    tail = np.cumsum(pmf[:, ::-1], axis=1)[:, ::-1]
    upper = np.zeros_like(pmf)
    upper[:, :-1] = tail[:, 1:]
    loss = np.cumsum(upper[:, ::-1], axis=1)[:, ::-1]
    inside = ~beyond[inverse]
    below = (kind[:, None] == 0) & (lower[inverse] < target[:, None])
    above = (kind[:, None] == 1) & (upper[inverse] > target[:, None])
    short = (kind[:, None] == 2) & (loss[inverse] > target[:, None])
    whole = ((below | above | short) & inside).sum(axis=1)
    return np.where(ends.any(axis=1)[inverse], whole, -1).astype(np.int64)


_HALF = Decimal("0.5")
#: Poisson means over the protection interval up to this get their table built here.
_POISSON_TABLE = 2000
_CHUNK = 256
#: exp(x) for x below this is under 1/300 of the smallest double: 0.0.
_UNDERFLOW = -760.0
_LGAMMA: list[float] = []
_EXP: Callable[[float], float] = math.exp  # libm's, as the scalar table's


def _fill_rows(data: dict[str, Any], rows: Int64Array, out: Levels, *, basis: Decimal) -> None:
    """Fill-rate targets: the scalar formulas per row in Decimal, the k search on whole arrays.

    The interval is the scalar ``_interval`` written out (the same operations in
    the same 60-digit context), without building its objects.
    """
    factors = [unit_factor(lead, demand, basis) for lead in UNITS for demand in UNITS]
    pairs = data["lead_period"][rows] * len(UNITS) + data["period"][rows]
    factor_of = [factors[pair] for pair in pairs.tolist()]
    places = {"mean": data["mean_places"], "sd": data["sd_places"]}
    columns = [
        _decimals(data[name][rows], places.get(name, QUANTITY_PLACES))
        for name in ("mean", "sd", "lead", "lead_sd", "review", "quantity")
    ]
    spans = []
    targets = []
    with exact():
        spare = [None if beta is None else 1 - beta for beta in data["betas"]]
        spares = [spare[code] for code in data["beta_code"][rows].tolist()]
        for mean, sd, lead, lead_sd, review_, lot_, factor, short in zip(
            *columns, factor_of, spares, strict=True
        ):
            review = review_ * factor
            periods = lead * factor + review
            variance = periods * sd**2 + mean**2 * (lead_sd * factor) ** 2
            sigma = variance.sqrt()
            lot = lot_ if lot_ > 0 else mean * review
            spans.append((mean * periods, sigma, periods))
            targets.append(float(lot * short / sigma) if sigma > 0 else -1.0)
    wanted = np.array(targets, dtype=np.float64)
    found = np.zeros(len(wanted))
    found[wanted >= 0] = inverse_loss(wanted[wanted >= 0])
    size = len(rows)
    # the roundings in float64 with the guard of the service-level rows; rows too near a
    # rounding boundary (``unsure``) are redone below in Decimal, as the scalar rule does
    sigma_f = np.array([float(sigma) for _, sigma, _ in spans], dtype=np.float64)
    mean_f = np.array([float(span_mean) for span_mean, _, _ in spans], dtype=np.float64)
    periods_f = np.array([float(periods) for _, _, periods in spans], dtype=np.float64)
    flat = sigma_f == 0  # a positive 60-digit σ is a positive float (no underflow at 6 places)
    spread = np.flatnonzero(~flat)
    factors_z = [statistic(k) for k in found[spread].tolist()]
    z = np.full(size, -1, dtype=np.int64)
    z[spread] = len(out.z_table) + np.arange(len(spread), dtype=np.int64)
    out.z_table.extend(factors_z)
    z_f = np.zeros(size)
    z_f[spread] = [float(factor) for factor in factors_z]
    target, unsure = safety_from_floats(z_f, sigma_f)
    level, level_unsure = half_even_guarded(mean_f * MICRO + target)
    mean_out, mean_unsure = half_even_guarded(mean_f * MICRO)
    sigma_out, sigma_unsure = half_even_guarded(sigma_f * MICRO)
    interval, interval_unsure = half_even_guarded(periods_f * MICRO)
    unsure |= level_unsure | mean_unsure | sigma_unsure | interval_unsure
    unsure |= (mean_f + sigma_f + periods_f) * MICRO >= 2.0**53
    ceiling, even = decimal.ROUND_CEILING, decimal.ROUND_HALF_EVEN
    with exact():
        for index in np.flatnonzero(unsure).tolist():
            span_mean, sigma, periods = spans[index]
            stock = 0
            if sigma > 0:
                factor = out.z_table[int(z[index])]
                stock = max(_whole((factor * sigma).scaleb(QUANTITY_PLACES), ceiling), 0)
            target[index] = stock
            level[index] = _whole(span_mean.scaleb(QUANTITY_PLACES) + stock, even)
            mean_out[index] = _whole(span_mean.scaleb(QUANTITY_PLACES), even)
            sigma_out[index] = _whole(sigma.scaleb(QUANTITY_PLACES), even)
            interval[index] = _whole(periods.scaleb(QUANTITY_PLACES), even)
    out.target[rows] = target
    out.method[rows] = METHODS.index("fill_rate")
    out.z[rows] = np.where(z >= 0, z, out.z[rows])
    out.level[rows] = level
    out.level_null[rows] = False
    out.mean[rows] = mean_out
    out.sigma[rows] = sigma_out
    out.interval[rows] = interval
    no_demand = flat & (data["mean"][rows] == 0)
    out.warning[rows] = np.where(data["not_normal"][rows], 0, np.where(no_demand, 1, -1))


def _decimals(values: Int64Array, places: int) -> list[Decimal]:
    """The Decimal of each value (units of 10**-places), each distinct value converted once."""
    distinct, index = np.unique(values, return_inverse=True)
    table = [Decimal(value).scaleb(-places, context=CONTEXT) for value in distinct.tolist()]
    return [table[at] for at in index.tolist()]


def _whole(value: Decimal, rounding: str) -> int:
    """``value`` rounded to a whole number with ``rounding`` (exactly)."""
    return int(value.to_integral_value(rounding=rounding, context=CONTEXT))


_ZERO = Decimal(0)


def decimal_of(value: Any, places: int = QUANTITY_PLACES) -> Decimal:
    """The Decimal ``value`` units of 10**-places stand for (exact)."""
    return Decimal(int(value)).scaleb(-places, context=CONTEXT)


def micro(value: Decimal) -> int:
    return int(value.scaleb(QUANTITY_PLACES, context=CONTEXT))


def _take_level(out: Levels, row: int, found: SafetyStock) -> None:
    out.target[row] = micro(found.quantity)
    out.method[row] = METHODS.index(found.method.value)
    if found.z is not None:
        out.z_table.append(found.z)
        out.z[row] = len(out.z_table) - 1
    out.level[row] = micro(found.level)
    out.level_null[row] = False
    out.mean[row] = micro(found.mean)
    out.sigma[row] = micro(found.sigma)
    out.interval[row] = micro(found.protection_interval)
    # a safety stock's only warnings are NOT_NORMAL and NO_VARIABILITY (the first two labels)
    warning = next((r.code for r in found.reasons if r.severity is Severity.WARNING), None)
    out.warning[row] = -1 if warning is None else out.warnings.index(warning)
