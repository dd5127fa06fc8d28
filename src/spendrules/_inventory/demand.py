"""Demand, lead time, and the description of a demand series (private).

References:
    Syntetos, Boylan & Croston, "On the categorization of demand patterns",
    *Journal of the Operational Research Society* 56 (2005) 495-503 (ADI 1.32,
    CV² 0.49); PTC Servigistics glossary "Demand Category" (strict ``<`` for
    smooth). OCA ``stock_orderpoint_safety_stock`` (zero-filled daily series,
    ``statistics.stdev``, ddof = 1) and review of PR #66 (z·σ·√L only works
    for items that move nearly every day). BHIMA issue #4327 (excluding zero
    months doubled the average monthly consumption).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from spendrules._checks import check_int, check_non_negative
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import (
    TimeUnit,
    dec,
    enum_validator,
    enum_value,
    lenient_enum,
    non_negative,
    round_statistic,
)
from spendrules.errors import InvalidInputError
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "Demand",
    "DemandPattern",
    "DemandProfile",
    "Distribution",
    "LeadTime",
    "describe_demand",
]


class DemandPattern(SpendEnum):
    """Syntetos-Boylan-Croston demand category of a series.

    ADI is the average number of periods per period with demand (``n /
    non-zero periods``); CV² is the squared coefficient of variation of the
    non-zero demand sizes. With the default cut-offs ADI 1.32 and CV² 0.49
    (each comparison strict ``<`` for the low side, as in PTC Servigistics):

    Attributes:
        SMOOTH: ADI < 1.32 and CV² < 0.49: the normal formulas fit.
        ERRATIC: ADI < 1.32 and CV² >= 0.49: frequent demand, very variable sizes.
        INTERMITTENT: ADI >= 1.32 and CV² < 0.49: many periods without demand.
        LUMPY: ADI >= 1.32 and CV² >= 0.49: rare and variable; normal formulas mislead.
        NO_DEMAND: No period with demand at all.
    """

    SMOOTH = "smooth"
    ERRATIC = "erratic"
    INTERMITTENT = "intermittent"
    LUMPY = "lumpy"
    NO_DEMAND = "no_demand"


#: Patterns for which a normal-demand formula earns a warning reason.
NOT_NORMAL = frozenset({DemandPattern.INTERMITTENT, DemandPattern.LUMPY})


class Distribution(SpendEnum):
    """The distribution assumed for demand over an interval.

    Attributes:
        NORMAL: Normal with the given mean and standard deviation (the textbook
            z·σ formulas).
        POISSON: Poisson with the given mean (variance = mean), for slow
            movers counted in whole units; levels are whole units.
    """

    NORMAL = "normal"
    POISSON = "poisson"


def _check_poisson_sd(
    instance: Demand, attribute: attrs.Attribute[Decimal], value: Decimal
) -> None:
    check_non_negative(value, attribute.name)
    if instance.distribution is Distribution.POISSON and value != 0:
        raise InvalidInputError("sd", value, "0 for Poisson demand (its variance is the mean)")


def _to_unit(value: Any) -> Any:
    return lenient_enum(TimeUnit, value)


def _to_distribution(value: Any) -> Any:
    return lenient_enum(Distribution, value)


def _to_pattern(value: Any) -> Any:
    return None if value is None else lenient_enum(DemandPattern, value)


@attrs.frozen
class Demand:
    """Demand per period: the rate the policy rules work with.

    Attributes:
        mean: Mean demand per ``period`` (units, ``>= 0``).
        sd: Standard deviation of demand per ``period`` (units, ``>= 0``);
            must be 0 for Poisson demand.
        period: The time unit of ``mean`` and ``sd``.
        distribution: Normal (default) or Poisson.
        pattern: The demand category when known (from [`describe_demand`][spendrules.inventory.describe_demand]);
            intermittent and lumpy demand earn a warning from the normal formulas.

    Examples:
        >>> Demand(Decimal(10), Decimal(3))
        Demand(mean=Decimal('10'), sd=Decimal('3'), period=<TimeUnit.DAY: 'day'>, distribution=<Distribution.NORMAL: 'normal'>, pattern=None)
    """

    mean: Decimal = attrs.field(converter=dec, validator=non_negative)
    sd: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=_check_poisson_sd)
    period: TimeUnit = attrs.field(
        default=TimeUnit.DAY, converter=_to_unit, validator=enum_validator(TimeUnit)
    )
    distribution: Distribution = attrs.field(
        default=Distribution.NORMAL,
        converter=_to_distribution,
        validator=enum_validator(Distribution),
    )
    pattern: DemandPattern | None = attrs.field(
        default=None,
        converter=_to_pattern,
        validator=enum_validator(DemandPattern, optional=True),
    )


@attrs.frozen
class LeadTime:
    """Replenishment lead time, possibly variable.

    Attributes:
        mean: Mean lead time in ``period`` units (``>= 0``).
        sd: Standard deviation of the lead time in ``period`` units (``>= 0``).
        period: The time unit of ``mean`` and ``sd``.

    Examples:
        >>> LeadTime(6, 2, TimeUnit.WEEK)
        LeadTime(mean=Decimal('6'), sd=Decimal('2'), period=<TimeUnit.WEEK: 'week'>)
    """

    mean: Decimal = attrs.field(converter=dec, validator=non_negative)
    sd: Decimal = attrs.field(default=Decimal(0), converter=dec, validator=non_negative)
    period: TimeUnit = attrs.field(
        default=TimeUnit.DAY, converter=_to_unit, validator=enum_validator(TimeUnit)
    )


@attrs.frozen
class DemandProfile(Explained):
    """What a demand series says: mean, spread and pattern.

    Attributes:
        rule: ``"inventory.describe_demand@1"``.
        mean: Mean demand per period (15 significant digits).
        sd: Standard deviation per period with ``ddof`` (15 significant digits).
        period: Time unit of one observation.
        observations: Number of periods used for ``mean`` and ``sd``.
        periods_with_demand: Periods with non-zero demand.
        zero_share: Share of periods without demand (of all periods given).
        adi: Average demand interval (periods per period with demand), or
            ``None`` without demand.
        cv2: Squared coefficient of variation of the non-zero sizes
            (population variance), or ``None`` without demand.
        pattern: See [`DemandPattern`][spendrules.inventory.DemandPattern].
        ddof: Delta degrees of freedom used for ``sd``.
        include_zeros: Whether zero periods counted in ``mean`` and ``sd``.
        reasons: How each figure was computed.
    """

    rule: str
    mean: Decimal
    sd: Decimal
    period: TimeUnit
    observations: int
    periods_with_demand: int
    zero_share: Decimal
    adi: Decimal | None
    cv2: Decimal | None
    pattern: DemandPattern
    ddof: int
    include_zeros: bool
    reasons: tuple[Reason, ...]

    def to_demand(self) -> Demand:
        """Return the [`Demand`][spendrules.inventory.Demand] (normal) the policy rules take, pattern included."""
        return Demand(self.mean, self.sd, self.period, pattern=self.pattern)


def _mean_sd(values: list[Decimal], ddof: int) -> tuple[Decimal, Decimal]:
    count = len(values)
    mean = sum(values, Decimal(0)) / count
    squares = sum(((value - mean) ** 2 for value in values), Decimal(0))
    return mean, (squares / (count - ddof)).sqrt()


def describe_demand(
    series: Iterable[Decimal | int],
    *,
    period: TimeUnit,
    ddof: int = 1,
    include_zeros: bool = True,
    adi_cutoff: Decimal = Decimal("1.32"),
    cv2_cutoff: Decimal = Decimal("0.49"),
) -> DemandProfile:
    """Describe a demand series per period: mean, standard deviation, ADI, CV², pattern.

    Every period counts, zero periods included (the default): a series must
    be zero-filled for the periods without demand, or the mean is overstated
    (BHIMA #4327: dropping zero months doubled the consumption). ``sd`` uses
    ``ddof`` (1 = sample, as ``statistics.stdev`` and OCA; 0 = population, as
    supplychainpy). The pattern always uses all periods for ADI and the
    non-zero sizes for CV² (population variance), whatever ``include_zeros``.

    Args:
        series: Demand per period, oldest first, each ``>= 0`` (Decimal or int).
        period: The time unit of one observation (explicit: a daily and a
            monthly series give different σ).
        ddof: Delta degrees of freedom for ``sd``; needs more than ``ddof``
            observations.
        include_zeros: Count zero periods in ``mean`` and ``sd`` (default
            True). False describes demand *when it occurs* and adds a warning.
        adi_cutoff: ADI at or above which demand is intermittent or lumpy.
        cv2_cutoff: CV² at or above which sizes are erratic or lumpy.

    Returns:
        A [`DemandProfile`][spendrules.inventory.DemandProfile]; ``to_demand()`` feeds the policy rules.

    Raises:
        InvalidInputError: a negative value, fewer than ``ddof + 1``
            observations, a negative ``ddof`` or cut-off.
        TypeError: a float value.

    Examples:
        >>> profile = describe_demand([0, 0, 10, 0, 0, 10, 0, 0, 10, 0], period=TimeUnit.DAY)
        >>> profile.mean, profile.sd, profile.adi, profile.pattern
        (Decimal('3'), Decimal('4.83045891539648'), Decimal('3.33333333333333'), <DemandPattern.INTERMITTENT: 'intermittent'>)

    References:
        Syntetos, Boylan & Croston (2005); OCA-SS (ddof 1, zero-filled series);
        BHIMA #4327.
    """
    values = [check_non_negative(value, f"series[{index}]") for index, value in enumerate(series)]
    unit = enum_value(TimeUnit, period, "period")
    degrees = check_int(ddof, "ddof", minimum=0)
    adi_limit = check_non_negative(adi_cutoff, "adi_cutoff")
    cv2_limit = check_non_negative(cv2_cutoff, "cv2_cutoff")
    if not isinstance(include_zeros, bool):
        raise TypeError(f"include_zeros must be a bool, not {type(include_zeros).__name__}")
    with exact():
        sizes = [value for value in values if value > 0]
        used = values if include_zeros else sizes
        if len(used) <= degrees:
            raise InvalidInputError(
                "series",
                len(used),
                f"more than ddof={degrees} {'periods' if include_zeros else 'non-zero periods'}",
            )
        mean, sd = _mean_sd(used, degrees)
        reasons = [
            Reason.of(
                "INVENTORY.DEMAND.MOMENTS",
                f"Mean {round_statistic(mean)} and standard deviation {round_statistic(sd)} per "
                f"{unit.value} over {len(used)} periods (ddof={degrees}, zero periods "
                f"{'included' if include_zeros else 'excluded'}).",
                mean=round_statistic(mean),
                sd=round_statistic(sd),
                observations=len(used),
                ddof=degrees,
            )
        ]
        if not include_zeros:
            reasons.append(
                Reason.of(
                    "INVENTORY.DEMAND.ZEROS_EXCLUDED",
                    f"{len(values) - len(sizes)} zero periods were left out, so the mean is demand "
                    "when it occurs, not demand per period; do not multiply it by a lead time.",
                    severity=Severity.WARNING,
                    zero_periods=len(values) - len(sizes),
                )
            )
        zero_share = Decimal(len(values) - len(sizes)) / len(values)
        adi: Decimal | None = None
        cv2: Decimal | None = None
        if sizes:
            adi_value = Decimal(len(values)) / len(sizes)
            size_mean, size_sd = _mean_sd(sizes, 0)
            cv2_value = (size_sd / size_mean) ** 2
            adi, cv2 = round_statistic(adi_value), round_statistic(cv2_value)
            frequent = adi_value < adi_limit
            steady = cv2_value < cv2_limit
            if frequent:
                pattern = DemandPattern.SMOOTH if steady else DemandPattern.ERRATIC
            else:
                pattern = DemandPattern.INTERMITTENT if steady else DemandPattern.LUMPY
            reasons.append(
                Reason.of(
                    "INVENTORY.DEMAND.PATTERN",
                    f"ADI {adi} ({'<' if frequent else '>='} {adi_limit}) and CV² "
                    f"{cv2} ({'<' if steady else '>='} {cv2_limit}): "
                    f"{pattern.value} demand.",
                    severity=Severity.WARNING if pattern in NOT_NORMAL else Severity.INFO,
                    adi=adi,
                    cv2=cv2,
                    pattern=pattern,
                )
            )
        else:
            pattern = DemandPattern.NO_DEMAND
            reasons.append(
                Reason.of(
                    "INVENTORY.DEMAND.NONE",
                    f"No demand in {len(values)} periods: stock held for this item is unused.",
                    severity=Severity.WARNING,
                    periods=len(values),
                )
            )
        return DemandProfile(
            rule="inventory.describe_demand@1",
            mean=round_statistic(mean),
            sd=round_statistic(sd),
            period=unit,
            observations=len(used),
            periods_with_demand=len(sizes),
            zero_share=round_statistic(zero_share),
            adi=adi,
            cv2=cv2,
            pattern=pattern,
            ddof=degrees,
            include_zeros=include_zeros,
            reasons=tuple(reasons),
        )
