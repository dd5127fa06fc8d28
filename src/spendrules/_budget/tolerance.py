"""Tolerance rules: what triggers at which share of a limit or amount over it (private).

A [`ToleranceRule`][spendrules.budget.ToleranceRule] is one rung of a ladder (SAP tolerance profiles:
usage share and absolute variance; Oracle "Advisory" and "Absolute"; ERPNext
Warn and Stop). A ladder is the stage policy's rules, or a budget's own
([`Budget.tolerances`][spendrules.budget.Budget]), checked in parallel with its parents'.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from spendrules._checks import check_decimal, to_enum
from spendrules._decimal import CONTEXT, exact
from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError, _shown

__all__ = ["Action", "Basis", "Combine", "ToleranceRule"]

_HUNDRED = Decimal(100)


class Action(SpendEnum):
    """What a tolerance rule does when it triggers.

    Attributes:
        INFO: Note it in the reasons; the request passes (Oracle "Track").
        WARN: Pass with a warning (ERPNext "Warn", Oracle "Advisory", SAP warning).
        BLOCK: Block the request (ERPNext "Stop", Oracle "Absolute", SAP error).
    """

    INFO = "info"
    WARN = "warn"
    BLOCK = "block"


_RANK = {Action.INFO: 1, Action.WARN: 2, Action.BLOCK: 3}


class Combine(SpendEnum):
    """How a rule with both a usage share and an amount over the limit combines them.

    Attributes:
        EITHER: The rule triggers when either test does (SAP); the lower threshold wins.
        BOTH: The rule triggers only when both tests do; the higher threshold wins.
    """

    EITHER = "either"
    BOTH = "both"


class Basis(SpendEnum):
    """Which limit and which consumption window a check uses (the request date fixes the period).

    Attributes:
        ANNUAL: The budget of the request's fiscal year; consumption over that year.
        YEAR_TO_DATE: The phased budget of the fiscal year up to and including
            the request's period (ERPNext "accumulated monthly"); consumption from
            the year start to the end of that period. Postings in later periods
            never count.
        PERIOD: The phased budget of the request's period alone; consumption in
            that period (Oracle PTD with a period boundary).
        TOTAL: The whole budget over its validity (multi-year project budgets,
            SAP overall budget); consumption over the validity.
        LINEAR: The fiscal year's budget pro rata temporis up to the request
            date (days elapsed, both ends counted, over the days of the year);
            consumption from the year start to the request date.
    """

    ANNUAL = "annual"
    YEAR_TO_DATE = "year_to_date"
    PERIOD = "period"
    TOTAL = "total"
    LINEAR = "linear"


def _to_optional_non_negative(value: Decimal | int | None, field: str) -> Decimal | None:
    if value is None:
        return None
    number = check_decimal(value, field)
    if number < 0:
        raise InvalidInputError(field, value, ">= 0")
    return number


def _to_usage(value: Decimal | int | None) -> Decimal | None:
    return _to_optional_non_negative(value, "usage")


def _to_over_amount(value: Decimal | int | None) -> Decimal | None:
    return _to_optional_non_negative(value, "over_amount")


def _to_optional_basis(value: Basis | str | None) -> Basis | None:
    return None if value is None else Basis(value)


def _check_rule(instance: ToleranceRule, _attribute: object, value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"name must be a str, not {type(value).__name__}: {value!r}")
    if instance.usage is None and instance.over_amount is None:
        raise InvalidInputError("usage", None, "set, or over_amount set (a rule needs a threshold)")


def _percent(fraction: Decimal) -> str:
    with exact():
        return f"{(fraction * _HUNDRED).normalize():f} %"


def _to_action(value: object) -> Action:
    """attrs converter: ``action`` as a Action, or an error naming the field."""
    return to_enum(Action, value, "action")


def _to_combine(value: object) -> Combine:
    """attrs converter: ``combine`` as a Combine, or an error naming the field."""
    return to_enum(Combine, value, "combine")


@attrs.frozen
class ToleranceRule:
    """One tolerance limit: a threshold on consumption after the request, and an action.

    The threshold is ``usage × limit`` for a usage share, ``limit + over_amount``
    for an absolute variance, and for a rule with both, the lower of the two
    (``combine=EITHER``, SAP) or the higher (``combine=BOTH``).

    Attributes:
        action: What happens when the rule triggers.
        usage: Share of the limit as a fraction (``Decimal("0.9")`` = 90 %;
            ``Decimal("1.1")`` allows 10 % over), or None.
        over_amount: Amount the limit may be exceeded by, in the budget's
            currency, or None.
        combine: How ``usage`` and ``over_amount`` combine when both are set.
        basis: The basis this rule checks, or None for the stage's basis (lets a
            stage check both the annual budget and the year to date, as ERPNext does).
        name: A label shown in reasons (default: a description of the threshold).

    Raises:
        InvalidInputError: neither ``usage`` nor ``over_amount`` set, or a negative one.

    Examples:
        >>> rule = ToleranceRule(Action.WARN, usage=Decimal("0.9"))
        >>> rule.threshold(Decimal("1000")), rule.label
        (Decimal('900.0'), 'warn at 90 % of the limit')
        >>> ToleranceRule(Action.BLOCK, usage=Decimal("1.1"), over_amount=Decimal("50"),
        ...               combine=Combine.BOTH).threshold(Decimal("1000"))
        Decimal('1100.0')

    References:
        SAP "Specifying Tolerance Limits" (usage rate and absolute variance,
        either breach triggers); Oracle ``XCC_CONTROL_BUDGETS`` TOLERANCE_PERCENT
        and TOLERANCE_AMOUNT; CGI Advantage "Tolerances".
    """

    action: Action = attrs.field(converter=_to_action)
    usage: Decimal | None = attrs.field(default=None, converter=_to_usage)
    over_amount: Decimal | None = attrs.field(default=None, converter=_to_over_amount)
    combine: Combine = attrs.field(default=Combine.EITHER, converter=_to_combine)
    basis: Basis | None = attrs.field(default=None, converter=_to_optional_basis)
    name: str = attrs.field(default="", validator=_check_rule)

    def threshold(self, limit: Decimal) -> Decimal:
        """Return the consumption after the request at which the rule triggers, for ``limit``."""
        tests = []
        if self.usage is not None:
            tests.append(CONTEXT.multiply(self.usage, limit))
        if self.over_amount is not None:
            tests.append(CONTEXT.add(limit, self.over_amount))
        return min(tests) if self.combine is Combine.EITHER else max(tests)

    @property
    def label(self) -> str:
        """``name``, or a description such as ``"block at 100 % of the limit"``."""
        if self.name:
            return self.name
        parts = []
        if self.usage is not None:
            parts.append(f"{_percent(self.usage)} of the limit")
        if self.over_amount is not None:
            parts.append(f"limit + {self.over_amount:,}")
        joined = (" or " if self.combine is Combine.EITHER else " and ").join(parts)
        return f"{self.action.value} at {joined}"


def _to_rules(value: Iterable[ToleranceRule], field: str = "rules") -> tuple[ToleranceRule, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(
            f"{field} must be a sequence of ToleranceRule, not {type(value).__name__}: "
            f"{_shown(value)}"
        )
    rules = tuple(value)
    for index, rule in enumerate(rules):
        if not isinstance(rule, ToleranceRule):
            raise TypeError(
                f"{field}[{index}] must be a ToleranceRule, not {type(rule).__name__}: "
                f"{_shown(rule)}"
            )
    return rules


def _bases(rules: Iterable[ToleranceRule], default: Basis) -> tuple[Basis, ...]:
    """The bases a ladder checks, in [`Basis`][spendrules.budget.Basis] order (``default`` alone if there are no rules)."""
    used = {rule.basis or default for rule in rules} or {default}
    return tuple(basis for basis in Basis if basis in used)
