"""The shape every KPI shares: `Kpi`, its period, direction, unit, and the builder.

Every public KPI function in `spendrules.kpis` validates its inputs, computes
an exact value, and hands it to `build` with the formula, the inputs and the
definition's source; `build` rounds the value by the unit's rule, compares it
with the target and writes the reasons.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from spendrules._checks import check_currency, check_date, check_decimal, check_int, to_enum
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._policy.model import AgreedPolicy, KpiTarget
from spendrules._policy.model import Direction as PolicyDirection
from spendrules.errors import InvalidInputError
from spendrules.money import quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "DAY_PLACES",
    "RATIO_PLACES",
    "RATIO_ROUNDING",
    "TIMES_PLACES",
    "Direction",
    "Figure",
    "Kpi",
    "KpiPeriod",
    "KpiUnit",
    "Weighting",
    "build",
    "policy_target",
]

#: Decimal places of a KPI in days (DPO, DIO, DSO, CCC): the payment-terms convention.
DAY_PLACES: Final = 2
#: Decimal places of a share or ratio (``0.1234`` is 12.34 %) and of a per-1,000 rate.
RATIO_PLACES: Final = 4
#: Decimal places of a turnover (times per period).
TIMES_PLACES: Final = 2
#: The rounding of every KPI that is not money: half-even (banker's), as payment-terms days.
RATIO_ROUNDING: Final = decimal.ROUND_HALF_EVEN


class Direction(SpendEnum):
    """Which way a KPI improves, and so how ``on_target`` reads a target.

    Attributes:
        HIGHER_IS_BETTER: On target when the value is at least the target.
        LOWER_IS_BETTER: On target when the value is at most the target.
        NEARER_ZERO_IS_BETTER: On target when the value's magnitude is at most the
            target (a variance: ``|value| <= target``).
    """

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEARER_ZERO_IS_BETTER = "nearer_zero_is_better"


class KpiUnit(SpendEnum):
    """What a KPI's value counts, and so how it is rounded.

    Attributes:
        DAYS: Days, half-even to `DAY_PLACES` places.
        TIMES: Times per period (a turnover), half-even to `TIMES_PLACES` places.
        SHARE: A fraction between 0 and 1, half-even to `RATIO_PLACES` places.
        RATIO: A fraction that may leave ``[0, 1]`` (coverage, utilisation, a
            variance), half-even to `RATIO_PLACES` places.
        PER_THOUSAND: A count per 1,000, half-even to `RATIO_PLACES` places.
        AMOUNT: Money, rounded to the currency's minor unit with the function's
            ``rounding`` (default ``ROUND_HALF_UP``).
    """

    DAYS = "days"
    TIMES = "times"
    SHARE = "share"
    RATIO = "ratio"
    PER_THOUSAND = "per_thousand"
    AMOUNT = "amount"


class Weighting(SpendEnum):
    """How a row-based rate counts its rows.

    Attributes:
        COUNT: Each invoice or payment counts once (the number of rows).
        VALUE: Each counts by its amount (the money in the rows).
    """

    COUNT = "count"
    VALUE = "value"


_PLACES = {
    KpiUnit.DAYS: DAY_PLACES,
    KpiUnit.TIMES: TIMES_PLACES,
    KpiUnit.SHARE: RATIO_PLACES,
    KpiUnit.RATIO: RATIO_PLACES,
    KpiUnit.PER_THOUSAND: RATIO_PLACES,
}


def _check_period(instance: KpiPeriod, _attribute: Any, _value: Any) -> None:
    check_int(instance.days, "period.days", minimum=1)
    if (instance.start is None) != (instance.end is None):
        raise InvalidInputError("period", instance, "start and end both given or both None")
    if instance.start is not None and instance.end is not None:
        start = check_date(instance.start, "period.start")
        end = check_date(instance.end, "period.end")
        if end < start:
            raise InvalidInputError("period.end", end, f">= period.start ({start})")
        if (end - start).days + 1 != instance.days:
            raise InvalidInputError(
                "period.days", instance.days, f"the days from {start} to {end} inclusive"
            )


@attrs.frozen(kw_only=True)
class KpiPeriod:
    """The period a KPI measures.

    Attributes:
        days: Days in the period (``>= 1``): 365 for a year, 90 or 91 for a quarter.
        start: First day of the period, or ``None`` when only the length is known.
        end: Last day of the period (inclusive), given with ``start``.

    Examples:
        >>> KpiPeriod.between(date(2026, 1, 1), date(2026, 3, 31)).days
        90
    """

    days: int = attrs.field(validator=_check_period)
    start: date | None = None
    end: date | None = None

    @classmethod
    def between(cls, start: date, end: date) -> KpiPeriod:
        """Return the period from ``start`` to ``end``, both days included."""
        first = check_date(start, "start")
        last = check_date(end, "end")
        if last < first:
            raise InvalidInputError("end", last, f">= start ({first})")
        return cls(days=(last - first).days + 1, start=first, end=last)

    def __str__(self) -> str:
        if self.start is None:
            return f"{self.days} days"
        return f"{self.start} to {self.end} ({self.days} days)"


def to_period(value: object, field: str = "period") -> KpiPeriod:
    """Return ``value`` (a `KpiPeriod` or a number of days) as a period."""
    if isinstance(value, KpiPeriod):
        return value
    return KpiPeriod(days=check_int(value, field, minimum=1))


def optional_period(value: object) -> KpiPeriod | None:
    """Return ``value`` as a period, or ``None``."""
    return None if value is None else to_period(value)


@attrs.frozen(kw_only=True)
class Figure:
    """One named number a KPI used or derived (an input, or a by-product such as value lost).

    Attributes:
        name: The name (the parameter's name for an input).
        value: The number, exactly as given (inputs) or rounded like the KPI (by-products).
    """

    name: str
    value: Decimal


@attrs.frozen(kw_only=True)
class Kpi(Explained):
    """One KPI value with everything a reader needs to trust it.

    Attributes:
        name: The KPI's short name (``"dio"``, ``"discount_capture_rate"``).
        title: The KPI's name in words.
        value: The value, rounded by the unit's rule (see `KpiUnit`).
        unit: What the value counts (`KpiUnit`).
        formula: The formula in words and symbols.
        variant: The definition chosen where finance and procurement differ (the
            option's value, for example ``"balance_sheet"`` or ``"terms_weighted"``),
            or ``None`` where there is one definition.
        inputs: The inputs the value was computed from, in the formula's order.
        figures: By-products (value lost, variance amount, average balance).
        period: The period measured, or ``None`` when the KPI is not a rate over time
            and no period was given.
        currency: ISO 4217 code of the money inputs, or ``None``.
        source: The published definition the formula follows.
        direction: Which way the KPI improves (`Direction`).
        target: The agreed target, or ``None``.
        on_target: Whether the value meets the target (``None`` without a target).
        rule: ``"kpis.<name>@1"``.
        reasons: The formula with the numbers (``KPI.<NAME>``), then the target
            verdict (``KPI.TARGET_MET`` or ``KPI.TARGET_MISSED``) when a target is given.
    """

    name: str
    title: str
    value: Decimal
    unit: KpiUnit
    formula: str
    variant: str | None
    inputs: tuple[Figure, ...]
    figures: tuple[Figure, ...]
    period: KpiPeriod | None
    currency: str | None
    source: str
    direction: Direction
    target: Decimal | None
    on_target: bool | None
    rule: str
    reasons: tuple[Reason, ...]

    def input(self, name: str) -> Decimal:
        """Return the input called ``name``.

        Raises:
            KeyError: no such input.
        """
        return _find(self.inputs, name)

    def figure(self, name: str) -> Decimal:
        """Return the by-product called ``name``.

        Raises:
            KeyError: no such figure.
        """
        return _find(self.figures, name)

    def _detail_lines(self) -> list[str]:
        lines = [f"  period: {self.period}"] if self.period is not None else []
        lines += [f"  input {item.name}: {item.value}" for item in self.inputs]
        lines += [f"  figure {item.name}: {item.value}" for item in self.figures]
        return lines


def _find(items: tuple[Figure, ...], name: str) -> Decimal:
    for item in items:
        if item.name == name:
            return item.value
    raise KeyError(name)


def round_value(value: Decimal, unit: KpiUnit, currency: str | None, rounding: str) -> Decimal:
    """Round ``value`` by the rule of ``unit`` (money to the currency's minor unit)."""
    if unit is KpiUnit.AMOUNT:
        return quantize(value, currency or "", rounding=rounding)  # AMOUNT KPIs take one
    with exact():
        return value.quantize(Decimal(1).scaleb(-_PLACES[unit]), rounding=RATIO_ROUNDING)


def shown(value: Decimal, unit: KpiUnit) -> str:
    """Return a value as a reader sees it in a sentence (shares also as a percent)."""
    if unit in (KpiUnit.SHARE, KpiUnit.RATIO):
        with exact():
            percent = (value * 100).quantize(Decimal("0.01"), rounding=RATIO_ROUNDING)
        return f"{value} ({percent} %)"
    if unit is KpiUnit.DAYS:
        return f"{value} days"
    if unit is KpiUnit.TIMES:
        return f"{value} times"
    if unit is KpiUnit.PER_THOUSAND:
        return f"{value} per 1,000"
    return f"{value:,}"


def policy_target(policy: AgreedPolicy, name: str) -> KpiTarget | None:
    """Return the agreed policy's target for the KPI called ``name``, or ``None``.

    Pass it as any KPI's ``target``: the KPI then reads the policy's direction too
    (unless ``direction=`` is given) and its verdict names the policy's KPI.

    Args:
        policy: The agreed policy (`spendrules.policy.load`).
        name: The key in the policy's ``[kpis]`` table.

    Returns:
        The `spendrules.policy.KpiTarget`, or ``None`` when the policy has none by that name.

    Examples:
        >>> from spendrules import policy
        >>> agreed = policy.loads(policy.example_text())
        >>> policy_target(agreed, "on_contract_spend").target
        Decimal('0.85')
        >>> policy_target(agreed, "nothing") is None
        True
    """
    for target in policy.kpis or ():
        if target.name == name:
            return target
    return None


_POLICY_DIRECTIONS = {
    PolicyDirection.HIGHER: Direction.HIGHER_IS_BETTER,
    PolicyDirection.LOWER: Direction.LOWER_IS_BETTER,
}


def check_target(value: object) -> Decimal | None:
    """Return the target as a Decimal (a policy target's number), or ``None``."""
    if isinstance(value, KpiTarget):
        return value.target
    return None if value is None else check_decimal(value, "target")


def check_direction(value: object, default: Direction, target: object = None) -> Direction:
    """Return the direction given, else the policy target's, else the KPI's default."""
    if value is not None:
        return to_enum(Direction, value, "direction")
    if isinstance(target, KpiTarget):
        return _POLICY_DIRECTIONS[target.direction]
    return default


def meets(value: Decimal, target: Decimal, direction: Direction) -> bool:
    """Return whether ``value`` meets ``target`` read in ``direction``."""
    if direction is Direction.HIGHER_IS_BETTER:
        return value >= target
    if direction is Direction.LOWER_IS_BETTER:
        return value <= target
    return value.copy_abs() <= target


@attrs.frozen(kw_only=True)
class Spec:
    """What a KPI function states about its definition (private)."""

    name: str
    title: str
    unit: KpiUnit
    source: str
    direction: Direction


def build(
    spec: Spec,
    *,
    exact_value: Decimal,
    formula: str,
    sentence: str,
    inputs: Sequence[tuple[str, Decimal]],
    figures: Sequence[tuple[str, Decimal, KpiUnit | None]] = (),
    variant: SpendEnum | None = None,
    period: KpiPeriod | None = None,
    currency: str | None = None,
    target: object = None,
    direction: object = None,
    rounding: str = decimal.ROUND_HALF_UP,
) -> Kpi:
    """Round, compare with the target and explain one KPI (private builder).

    ``sentence`` is formatted with ``value`` (the rounded value as shown).
    """
    goal = check_target(target)
    way = check_direction(direction, spec.direction, target)
    if currency is not None:
        check_currency(currency, "currency")
    if goal is not None and way is Direction.NEARER_ZERO_IS_BETTER and goal < 0:
        raise InvalidInputError("target", goal, ">= 0 when nearer zero is better")
    value = round_value(exact_value, spec.unit, currency, rounding)
    code = f"KPI.{spec.name.upper()}"
    message = sentence.format(value=shown(value, spec.unit))
    reasons = [
        Reason.of(code, message, value=value, formula=formula)
        if variant is None
        else Reason.of(code, message, value=value, formula=formula, variant=variant.value)
    ]
    on_target: bool | None = None
    if goal is not None:
        on_target = meets(value, goal, way)
        relation = {
            Direction.HIGHER_IS_BETTER: "at least",
            Direction.LOWER_IS_BETTER: "at most",
            Direction.NEARER_ZERO_IS_BETTER: "within ±",
        }[way]
        verdict = "meets" if on_target else "misses"
        agreed = (
            f" agreed in the policy as {target.name!r}" if isinstance(target, KpiTarget) else ""
        )
        reasons.append(
            Reason.of(
                "KPI.TARGET_MET" if on_target else "KPI.TARGET_MISSED",
                f"{spec.title} {shown(value, spec.unit)} {verdict} the target of "
                f"{relation} {shown(goal, spec.unit)}{agreed} ({way.value.replace('_', ' ')}).",
                severity=Severity.INFO if on_target else Severity.WARNING,
                value=value,
                target=goal,
                direction=way,
            )
        )
    return Kpi(
        name=spec.name,
        title=spec.title,
        value=value,
        unit=spec.unit,
        formula=formula,
        variant=None if variant is None else variant.value,
        inputs=tuple(Figure(name=name, value=amount) for name, amount in inputs),
        figures=tuple(
            Figure(
                name=name,
                value=amount if unit is None else round_value(amount, unit, currency, rounding),
            )
            for name, amount, unit in figures
        ),
        period=period,
        currency=currency,
        source=spec.source,
        direction=way,
        target=goal,
        on_target=on_target,
        rule=f"kpis.{spec.name}@1",
        reasons=tuple(reasons),
    )


def positive(value: object, field: str, *, what: str) -> Decimal:
    """Return a denominator ``> 0``; zero is an error naming it and what it divides."""
    number = check_decimal(value, field)
    if number <= 0:
        raise InvalidInputError(field, value, f"> 0 (it divides {what})")
    return number


def part_of(
    part: object, whole: object, *, part_field: str, whole_field: str, what: str
) -> tuple[Decimal, Decimal]:
    """Return ``(part, whole)`` with ``0 <= part <= whole`` and ``whole > 0``."""
    denominator = positive(whole, whole_field, what=what)
    numerator = check_decimal(part, part_field)
    if numerator < 0:
        raise InvalidInputError(part_field, part, ">= 0")
    if numerator > denominator:
        raise InvalidInputError(part_field, part, f"<= {whole_field} ({denominator})")
    return numerator, denominator


def counts_or_values(
    part: object, whole: object, weighting: Weighting, *, part_field: str, whole_field: str
) -> None:
    """Refuse non-integers when counting rows (``Weighting.COUNT``)."""
    if weighting is Weighting.COUNT:
        check_int(part, part_field, minimum=0)
        check_int(whole, whole_field, minimum=0)
