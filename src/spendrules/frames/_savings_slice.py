"""The fiscal-year slice of every classified row, for ``frames.classify_savings(period=...)`` (private).

A recurring component's part of the period is the difference of its rounded
running totals at the period's two ends ([`fiscal_year_slice`][spendrules.savings.fiscal_year_slice]);
the running total at a day is the amount times a fraction that depends only on
the counting window, that is on the effective date. The fractions are computed
once per distinct effective date with the scalar rule's own spans, and each
component's part is then an exact integer ratio rounded with the policy's mode.
The implementation cost, the one one-off a frame row can have, is booked on the
effective date. Rows the scalar rule classified take the scalar slice itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from types import SimpleNamespace
from typing import Any, cast

import numpy as np

from spendrules._decimal import exact
from spendrules._savings import recognition
from spendrules._savings.classify import SavingsClassification
from spendrules._savings.model import ComponentKind
from spendrules._savings.recognition import fiscal_year_slice
from spendrules._savings.timing import Spread, add_months
from spendrules.frames._columns import BoolArray, Int64Array, to_date
from spendrules.frames._savings_math import round_ratio
from spendrules.frames._savings_vector import KINDS, Vector

__all__ = ["slice_columns"]

_ONE_DAY = timedelta(days=1)
#: Component kinds by ledger (a frame row has no value-add and no one-off amounts).
_BUDGET = frozenset(
    {
        ComponentKind.HARD_SAVINGS,
        ComponentKind.MARKET_WINDFALL,
        ComponentKind.COST_INCREASE,
        ComponentKind.UNSUPPORTED_REDUCTION,
        ComponentKind.DEMAND_REDUCTION,
        ComponentKind.SCOPE_REDUCTION,
        ComponentKind.VOLUME_VARIANCE,
        ComponentKind.FX_VARIANCE,
        ComponentKind.IMPLEMENTATION_COST,
    }
)
_ATTRIBUTABLE = frozenset(
    {
        ComponentKind.HARD_SAVINGS,
        ComponentKind.COST_AVOIDANCE,
        ComponentKind.MARKET_UNDERPERFORMANCE,
        ComponentKind.DEMAND_REDUCTION,
        ComponentKind.IMPLEMENTATION_COST,
    }
)
_ONE_OFF = ComponentKind.IMPLEMENTATION_COST
_SAFE = 2.0**60
_NAMES = (
    "fy_finance_view",
    "fy_procurement_view",
    "fy_finance_recognised",
    "fy_net_recognised",
    "fy_recognised",
    "fy_pending",
)


def _fraction(spread: Spread, last: date | None) -> Fraction:
    """The share of an amount the running total holds at the end of ``last`` (exact)."""
    years = spread.years
    if last is None or last < years[0].start:
        return Fraction(0)
    if last >= years[-1].end:
        return Fraction(1)
    return spread.weight(years[0].start, last) / spread.months


def _windows(
    effective: Int64Array, options: Any
) -> tuple[Int64Array, list[tuple[Fraction, Fraction, int, int, bool]]]:
    """For each distinct effective day: (end fraction, before fraction, days, of days, booked)."""
    period = options.period
    months = options.policy.count_months
    distinct, inverse = np.unique(effective, return_inverse=True)
    found = []
    before = None if period.start == date.min else period.start - _ONE_DAY
    for day in distinct.tolist():
        start = to_date(int(day))
        end = add_months(start, months) - _ONE_DAY
        probe = cast("SavingsClassification", SimpleNamespace(window_start=start, window_end=end))
        spans = recognition._spans(probe, options.convention, options.leap_day)
        spread = Spread(Fraction(0), spans, "XXX", options.policy.rounding)  # type: ignore[arg-type]
        touched = [s for s in spans if s.start <= period.end and s.end >= period.start]
        found.append(
            (
                _fraction(spread, period.end),
                _fraction(spread, before),
                sum(s.counted(period.start, period.end) for s in touched),
                sum(s.counted_days for s in touched),
                period.contains(start),
            )
        )
    return inverse.reshape(-1), found


def _part(amount: Any, numerator: Any, denominator: Any, rounding: str) -> Any:
    """round(amount × numerator / denominator) per row, exactly (Python integers when wide)."""
    product = np.abs(amount.astype(np.float64)) * numerator.astype(np.float64)
    if bool((product >= _SAFE).any()):
        amount, numerator, denominator = (
            np.asarray(a).astype(object) for a in (amount, numerator, denominator)
        )
    value, _ = round_ratio(amount * numerator, denominator, rounding)
    return value


def _ints(values: list[int]) -> Int64Array:
    """``values`` as int64: a window's fractions have small terms (months and days)."""
    return np.array(values, dtype=np.int64)


def slice_columns(
    vector: Vector,
    results: dict[int, SavingsClassification],
    options: Any,
    bad: BoolArray,
) -> dict[str, Any]:
    """The fiscal-year columns of every row (``null`` marks the rows without a classification)."""
    size = len(bad)
    rounding = options.policy.rounding
    codes, windows = _windows(np.where(vector.scalar | bad, 0, vector.effective), options)
    end_n = _ints([w[0].numerator for w in windows])[codes]
    end_d = _ints([w[0].denominator for w in windows])[codes]
    before_n = _ints([w[1].numerator for w in windows])[codes]
    before_d = _ints([w[1].denominator for w in windows])[codes]
    days = np.array([w[2] for w in windows], dtype=np.int64)[codes]
    of_days = np.array([w[3] for w in windows], dtype=np.int64)[codes]
    booked = np.array([w[4] for w in windows], dtype=bool)[codes]
    sums: dict[str, Any] = {name: np.zeros(size, dtype=np.int64) for name in _NAMES}
    for at, kind in enumerate(KINDS):
        amount = vector.amounts[at]
        if kind is _ONE_OFF:
            part = np.where(booked, amount, 0)
        else:
            part = _part(amount, end_n, end_d, rounding) - _part(
                amount, before_n, before_d, rounding
            )
        if kind in _BUDGET:
            sums["fy_finance_view"] = sums["fy_finance_view"] + part
        if kind in _ATTRIBUTABLE:
            sums["fy_procurement_view"] = sums["fy_procurement_view"] + part
        if kind in _BUDGET and kind in _ATTRIBUTABLE:
            sums["fy_finance_recognised"] = sums["fy_finance_recognised"] + part
            sums["fy_net_recognised"] = sums["fy_net_recognised"] + part
        if kind is ComponentKind.COST_INCREASE:
            sums["fy_net_recognised"] = sums["fy_net_recognised"] + part
    recognised = vector.missing == 0
    sums["fy_recognised"] = np.where(recognised, sums["fy_finance_recognised"], 0)
    sums["fy_pending"] = np.where(recognised, 0, sums["fy_finance_recognised"])
    sums = {name: np.asarray(values) for name, values in sums.items()}
    for row, result in results.items():
        _fill(sums, (days, of_days), row, result, options)
    return {**sums, "fy_days": days, "fy_of_days": of_days, "null": bad.copy()}


def _fill(
    sums: dict[str, Any],
    counts: tuple[Int64Array, Int64Array],
    row: int,
    result: SavingsClassification,
    options: Any,
) -> None:
    part = fiscal_year_slice(
        result, period=options.period, convention=options.convention, leap_day=options.leap_day
    )
    places = -int(part.procurement_view.as_tuple().exponent)
    values = {
        "fy_finance_view": part.finance_view,
        "fy_procurement_view": part.procurement_view,
        "fy_finance_recognised": part.finance_recognised,
        "fy_net_recognised": part.net_recognised,
        "fy_recognised": part.recognised,
        "fy_pending": part.pending,
    }
    with exact():
        for name, value in values.items():
            if value is None:  # the finance view is unknown: the output nulls it
                continue
            sums[name][row] = int(value.scaleb(places))
    days, of_days = counts
    days[row] = sum(share.days for share in part.shares)
    of_days[row] = sum(share.of_days for share in part.shares)
