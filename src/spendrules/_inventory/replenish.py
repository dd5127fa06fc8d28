"""Min/max reordering rules and coverage-based levels (private).

References:
    Odoo documentation ``reordering_rules.rst`` (Min/Max, multiples) and doc
    PRs #14849/#14850/#14853 (rounding to the multiple past Max by version);
    ERPNext ``reorder_item.py`` (``projected_qty < reorder_level``); SAP Help
    "Calculating the Statistical Range of Coverage" (dynamic safety stock).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs

from spendrules._checks import check_decimal, check_non_negative, check_positive
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory._common import enum_value
from spendrules._inventory.policy import Trigger, _ceil_to
from spendrules.errors import InvalidInputError
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "CoverageLevels",
    "MultipleRounding",
    "Replenishment",
    "coverage_levels",
    "replenishment_quantity",
]

_ZERO = Decimal(0)


class MultipleRounding(SpendEnum):
    """How an order quantity is rounded to the order multiple.

    Attributes:
        UP: Up to the next multiple, even past the maximum (Odoo 17.0 and 19.0,
            ERPNext ``ceil`` to whole purchase units).
        DOWN_WITHIN_MAX: Down to the largest multiple that stays within the
            maximum (Odoo 18.0); when no multiple fits, one rounded-up order
            is placed and a reason says so.
    """

    UP = "up"
    DOWN_WITHIN_MAX = "down_within_max"


def _floor_to(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=decimal.ROUND_FLOOR) * step


@attrs.frozen
class Replenishment(Explained):
    """The order a min/max rule places for a position.

    Attributes:
        rule: ``"inventory.replenishment@1"``.
        position: The position compared (forecast, projected or on-hand).
        minimum: The trigger level (Min, reorder level).
        maximum: The level ordered up to (Max).
        triggered: Whether the position triggered an order.
        need: Max − position when triggered, else 0.
        quantity: The order after the minimum order and the multiple.
        resulting_position: position + quantity.
        above_maximum: Whether rounding takes the position above Max (not excess
            stock: the supplier's multiple).
        reasons: The rule applied.
    """

    rule: str
    position: Decimal
    minimum: Decimal
    maximum: Decimal
    triggered: bool
    need: Decimal
    quantity: Decimal
    resulting_position: Decimal
    above_maximum: bool
    reasons: tuple[Reason, ...]


def replenishment_quantity(
    position: Decimal | int,
    *,
    minimum: Decimal | int,
    maximum: Decimal | int,
    multiple: Decimal | int | None = None,
    minimum_order: Decimal | int = 0,
    trigger: Trigger = Trigger.LT,
    rounding: MultipleRounding = MultipleRounding.UP,
) -> Replenishment:
    """Return the order of a min/max reordering rule.

    When the position is below Min (``trigger=LT``, Odoo and ERPNext today) or
    at or below it (``LE``), order up to Max, at least ``minimum_order``, in
    multiples of ``multiple`` rounded per ``rounding``.

    Args:
        position: The position compared (may be negative: backorders).
        minimum: Min (``>= 0``).
        maximum: Max (``>= minimum``).
        multiple: Order multiple (``> 0``), or ``None``.
        minimum_order: Supplier minimum order quantity (``>= 0``).
        trigger: ``LT`` (default) or ``LE``.
        rounding: ``UP`` (default; Odoo 17/19) or ``DOWN_WITHIN_MAX`` (Odoo 18).

    Returns:
        A [`Replenishment`][spendrules.inventory.Replenishment].

    Raises:
        InvalidInputError: negative levels, Max below Min, a non-positive multiple.
        TypeError: a float.

    Examples:
        >>> replenishment_quantity(8, minimum=10, maximum=40, multiple=6).quantity
        Decimal('36')
        >>> replenishment_quantity(0, minimum=5, maximum=20, multiple=3,
        ...     rounding=MultipleRounding.DOWN_WITHIN_MAX).quantity
        Decimal('18')

    References:
        Odoo documentation ``reordering_rules.rst`` (Min 10, Max 40, multiple 6)
        and doc PRs #14849/#14850/#14853 (multiple 3, Max 20: 21, 18, 21);
        ERPNext ``reorder_item.py`` (``projected_qty < reorder_level``).
    """
    pos = check_decimal(position, "position")
    low = check_non_negative(minimum, "minimum")
    high = check_non_negative(maximum, "maximum")
    step = None if multiple is None else check_positive(multiple, "multiple")
    moq = check_non_negative(minimum_order, "minimum_order")
    rule_trigger = enum_value(Trigger, trigger, "trigger")
    mode = enum_value(MultipleRounding, rounding, "rounding")
    with exact():
        if high < low:
            raise InvalidInputError("maximum", maximum, f">= minimum ({low})")
        fired = rule_trigger.fires(pos, low)
        sign = "<" if rule_trigger is Trigger.LT else "<="
        reasons = []
        if not fired:
            reasons.append(
                Reason.of(
                    "INVENTORY.REPLENISH.NOT_TRIGGERED",
                    f"Position {pos} is not {sign} Min {low}: no order.",
                    position=pos,
                    minimum=low,
                )
            )
            need = order = _ZERO
        else:
            need = high - pos
            order = max(need, moq) if need > 0 else _ZERO
            reasons.append(
                Reason.of(
                    "INVENTORY.REPLENISH.TRIGGERED",
                    f"Position {pos} {sign} Min {low}: order up to Max {high}, need {need}"
                    + (f", at least the minimum order {moq}" if moq > need > 0 else "")
                    + ".",
                    position=pos,
                    need=need,
                )
            )
            if step is not None and order > 0:
                up = _ceil_to(order, step)
                chosen = up
                if mode is MultipleRounding.DOWN_WITHIN_MAX:
                    down = _floor_to(need, step)
                    if down >= max(moq, step):
                        chosen = down
                    else:
                        why = (
                            f"the minimum order {moq} exceeds the need {need}"
                            if moq > need
                            else f"no multiple of {step} fits within the need {need}"
                        )
                        reasons.append(
                            Reason.of(
                                "INVENTORY.REPLENISH.NO_MULTIPLE_WITHIN_MAX",
                                f"No order within Max is possible ({why}); one rounded-up order "
                                f"of {up} is placed.",
                                multiple=step,
                            )
                        )
                if chosen != order:
                    reasons.append(
                        Reason.of(
                            "INVENTORY.REPLENISH.MULTIPLE",
                            f"{order} rounded {'up' if chosen > order else 'down'} to a multiple "
                            f"of {step}: {chosen}.",
                            multiple=step,
                            rounding=mode,
                        )
                    )
                order = chosen
        after = pos + order
        over = order > 0 and after > high
        if over:
            reasons.append(
                Reason.of(
                    "INVENTORY.REPLENISH.ABOVE_MAX",
                    f"The order takes the position to {after}, above Max {high}, because of the "
                    "supplier's multiple or minimum: that stock is cycle stock, not excess.",
                    resulting_position=after,
                )
            )
        return Replenishment(
            rule="inventory.replenishment@1",
            position=pos,
            minimum=low,
            maximum=high,
            triggered=fired,
            need=need,
            quantity=order,
            resulting_position=after,
            above_maximum=over,
            reasons=tuple(reasons),
        )


@attrs.frozen
class CoverageLevels(Explained):
    """Stock levels set in days of coverage (SAP dynamic safety stock).

    Attributes:
        rule: ``"inventory.coverage@1"``.
        daily_requirement: Average daily requirement (units per day).
        minimum: daily requirement × minimum days: replenish below it.
        target: daily requirement × target days: the dynamic safety stock.
        maximum: daily requirement × maximum days: above it is an exception.
        available: Available stock compared, or ``None``.
        triggered: ``available < minimum`` (``<=`` with ``Trigger.LE``).
        proposal: target − available when triggered, else 0.
        above_maximum: ``available > maximum``.
        reasons: The levels and the comparison.
    """

    rule: str
    daily_requirement: Decimal
    minimum: Decimal
    target: Decimal
    maximum: Decimal
    available: Decimal | None
    triggered: bool
    proposal: Decimal
    above_maximum: bool
    reasons: tuple[Reason, ...]


def coverage_levels(
    daily_requirement: Decimal | int,
    *,
    minimum_days: Decimal | int,
    target_days: Decimal | int,
    maximum_days: Decimal | int,
    available: Decimal | int | None = None,
    trigger: Trigger = Trigger.LT,
) -> CoverageLevels:
    """Return SAP-style range-of-coverage levels and the replenishment proposal.

    Args:
        daily_requirement: Average daily requirement (``>= 0``).
        minimum_days: Minimum range of coverage in days.
        target_days: Target range of coverage (the dynamic safety stock), days.
        maximum_days: Maximum range of coverage, days.
        available: Available stock to compare, if any.
        trigger: ``LT`` (default: SAP replenishes when available stock falls
            *below* the minimum) or ``LE`` (at or below it).

    Returns:
        A [`CoverageLevels`][spendrules.inventory.CoverageLevels].

    Raises:
        InvalidInputError: negative inputs, or days not ordered min <= target <= max.
        TypeError: a float.

    Examples:
        >>> levels = coverage_levels(15, minimum_days=3, target_days=5, maximum_days=7, available=40)
        >>> levels.minimum, levels.target, levels.maximum, levels.proposal
        (Decimal('45'), Decimal('75'), Decimal('105'), Decimal('35'))

    References:
        SAP Help 4.6C "Calculating the Statistical Range of Coverage" (example
        quoted in SAP Community Q&A 4052813).
    """
    daily = check_non_negative(daily_requirement, "daily_requirement")
    low = check_non_negative(minimum_days, "minimum_days")
    mid = check_non_negative(target_days, "target_days")
    high = check_non_negative(maximum_days, "maximum_days")
    stock = None if available is None else check_decimal(available, "available")
    rule_trigger = enum_value(Trigger, trigger, "trigger")
    with exact():
        if not low <= mid <= high:
            raise InvalidInputError(
                "target_days",
                target_days,
                f"between minimum_days ({low}) and maximum_days ({high})",
            )
        minimum, target, maximum = daily * low, daily * mid, daily * high
        reasons = [
            Reason.of(
                "INVENTORY.COVERAGE.LEVELS",
                f"Daily requirement {daily} × {low}/{mid}/{high} days = minimum {minimum}, target "
                f"(dynamic safety stock) {target}, maximum {maximum}.",
                minimum=minimum,
                target=target,
                maximum=maximum,
            )
        ]
        triggered = stock is not None and rule_trigger.fires(stock, minimum)
        over = stock is not None and stock > maximum
        proposal = target - stock if stock is not None and triggered else _ZERO
        if stock is not None:
            if triggered:
                where = "below" if rule_trigger is Trigger.LT else "at or below"
                text = f"Available {stock} is {where} the minimum {minimum}: propose {proposal} to reach the target."
            elif over:
                text = f"Available {stock} is above the maximum {maximum}: exception (excess coverage)."
            else:
                text = f"Available {stock} is within the minimum {minimum} and maximum {maximum}: no proposal."
            reasons.append(
                Reason.of(
                    "INVENTORY.COVERAGE.CHECK",
                    text,
                    severity=Severity.WARNING if over else Severity.INFO,
                    available=stock,
                    proposal=proposal,
                )
            )
        return CoverageLevels(
            rule="inventory.coverage@1",
            daily_requirement=daily,
            minimum=minimum,
            target=target,
            maximum=maximum,
            available=stock,
            triggered=triggered,
            proposal=proposal,
            above_maximum=over,
            reasons=tuple(reasons),
        )
