"""Approval matrices, approval routes and segregation of duties (private).

Public names live in :mod:`spendrules.budget`.

An :class:`ApprovalMatrix` lists the approval **levels** of an organisation
(``manager``, ``director``, ``cfo``, lowest first) and the amount **bands**
that make each level necessary: a band says "from this amount, in the matrix's
reference currency, this level must approve", optionally only for some
document types, purchasing categories or cost centres, and only between
effective dates.

:func:`route_approval` converts the request to the reference currency (at the
given rates), finds for each level the band that applies, and returns the
:class:`ApprovalRoute`:

* ``ApprovalMode.CUMULATIVE``: every level whose threshold the amount reaches
  approves, lowest level first (SAP release strategy, Oracle hierarchy
  escalation in which each intermediate manager approves);
* ``ApprovalMode.ANY_AT_OR_ABOVE``: one approval by anyone at the highest level
  reached or at any level above it (ERPNext Authorization Rule).

:func:`can_approve` answers whether a person may fill the next step (or a
named step) of a route, with the segregation-of-duties rules: the requester
cannot approve (unless the matrix allows self-approval below an amount), and
one person cannot fill two levels of the same request.

Conventions:

* A threshold is reached when ``amount >= threshold`` (``inclusive=True``,
  the default: ERPNext applies a rule when ``value <= total``; Odoo lets a
  purchase through without the manager only when ``amount < threshold``), or
  when ``amount > threshold`` (``inclusive=False``: the threshold is a limit
  one may spend up to).
* The routed amount is the request's net total (every line, credits
  included), converted line by line to the reference currency and rounded once
  to its minor unit. A request whose net total is zero or negative (a credit,
  a cancellation) needs no approval.
* Several bands may apply to the same level: the most specific one wins (the
  one restricted by the most of document type, category and cost centre), and
  among equally specific bands the lowest threshold (the strictest) wins. The
  choice never depends on the amount, so a larger amount never needs fewer
  levels.

References:
    ERPNext ``authorization_control.py`` and ``authorization_rule.py`` (rules by
    grand total, approver at or above the crossed value; a rule may not name
    the user it applies to); frappe workflow ``has_approval_access``
    (``allow_self_approval``). Odoo ``purchase.order._approval_allowed``
    (two-step validation, threshold converted at the order date). SAP MM
    release strategy (release codes per level, release prerequisites).
    Oracle Workflow "Requisition Process" (escalation until the spending limit
    covers the amount). Coupa self-approval limits. ServiceNow "Approval rule
    considerations" (reference currency). aureuserp/aureuserp#1045 (approval
    skipped when the creator is the approver).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum

import attrs

from spendrules._budget.model import BudgetRate, SpendLine, SpendRequest
from spendrules._checks import check_currency, check_date, check_decimal, to_enum
from spendrules._decimal import exact
from spendrules.errors import InvalidInputError, _shown
from spendrules.money import ROUNDING_MODES, minor_units, quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "Approval",
    "ApprovalBand",
    "ApprovalCheck",
    "ApprovalLevel",
    "ApprovalMatrix",
    "ApprovalMode",
    "ApprovalRoute",
    "ApprovalStep",
    "Approver",
    "can_approve",
    "route_approval",
]

ROUTE_RULE = "budget.route@1"
APPROVE_RULE = "budget.approve@1"

#: The dimension of a spend line that holds its cost centre.
COST_CENTER = "cost_center"


class ApprovalMode(StrEnum):
    """How the levels of a matrix combine.

    Attributes:
        CUMULATIVE: Every level whose threshold the amount reaches must approve,
            lowest level first (SAP release strategy; Oracle escalation).
        ANY_AT_OR_ABOVE: One approval is enough, by anyone at the highest level
            reached or at a level above it (ERPNext Authorization Rule).
    """

    CUMULATIVE = "cumulative"
    ANY_AT_OR_ABOVE = "any_at_or_above"


# -- field checks ---------------------------------------------------------------------------


def _type_error(field: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{field} must be {expected}, not {type(value).__name__}: {_shown(value)}")


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise _type_error(field, "a str", value)
    return value


def _name(value: object, field: str) -> str:
    text = _text(value, field)
    if not text:
        raise InvalidInputError(field, value, "a non-empty str")
    return text


def _names(value: object, field: str) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise _type_error(field, "a sequence of str", value)
    items = tuple(value)
    for index, item in enumerate(items):
        _name(item, f"{field}[{index}]")
    if len(set(items)) != len(items):
        raise InvalidInputError(field, items, "a sequence without repeated names")
    return items


def _check_name(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _name(value, attribute.name)


def _check_text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(value, attribute.name)


def _check_bool(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise _type_error(attribute.name, "a bool", value)


def _to_roles(value: Iterable[str]) -> tuple[str, ...]:
    return _names(value, "roles")


def _to_users(value: Iterable[str]) -> tuple[str, ...]:
    return _names(value, "users")


def _to_document_types(value: Iterable[str]) -> tuple[str, ...]:
    return _names(value, "document_types")


def _to_categories(value: Iterable[str]) -> tuple[str, ...]:
    return _names(value, "categories")


def _to_cost_centers(value: Iterable[str]) -> tuple[str, ...]:
    return _names(value, "cost_centers")


def _to_threshold(value: Decimal | int) -> Decimal:
    amount = check_decimal(value, "threshold")
    if amount < 0:
        raise InvalidInputError("threshold", value, ">= 0")
    return amount


def _to_self_approval_below(value: Decimal | int | None) -> Decimal | None:
    if value is None:
        return None
    amount = check_decimal(value, "self_approval_below")
    if amount <= 0:
        raise InvalidInputError("self_approval_below", value, "> 0 (or None for no self-approval)")
    return amount


def _fmt(amount: Decimal, currency: str) -> str:
    return f"{amount:,} {currency}"


def tidy(amount: Decimal, currency: str) -> Decimal:
    """Return ``amount`` with the minor units of ``currency`` when that is exact, else unchanged.

    For messages only: ``4750.0000`` EUR reads ``4750.00``; ``11040.125`` stays as it is.
    """
    with exact():
        short = amount.quantize(Decimal(1).scaleb(-minor_units(currency)))
        return short if short == amount else amount


# -- matrix ---------------------------------------------------------------------------------


def _check_level_people(
    instance: ApprovalLevel, _attribute: object, value: tuple[str, ...]
) -> None:
    if not value and not instance.roles:
        raise InvalidInputError(
            "users", value, "non-empty when roles is empty (someone must approve)"
        )


@attrs.frozen
class ApprovalLevel:
    """One approval level and who may approve at it.

    Attributes:
        name: The level's name, unique in the matrix (``"manager"``).
        roles: Roles whose holders may approve at this level.
        users: Users who may approve at this level (by user id). At least one
            of ``roles`` and ``users`` is non-empty.

    Examples:
        >>> ApprovalLevel("manager", roles=("purchase_manager",)).roles
        ('purchase_manager',)
        >>> ApprovalLevel("manager")
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: users must be non-empty when roles is empty (someone must approve): ()
    """

    name: str = attrs.field(validator=_check_name)
    roles: tuple[str, ...] = attrs.field(default=(), converter=_to_roles)
    users: tuple[str, ...] = attrs.field(
        default=(), converter=_to_users, validator=_check_level_people
    )


def _check_optional_date(
    _instance: object, attribute: attrs.Attribute[dt.date | None], value: object
) -> None:
    if value is not None:
        check_date(value, attribute.name)


def _check_valid_to(
    instance: ApprovalBand, attribute: attrs.Attribute[dt.date | None], value: object
) -> None:
    if value is None:
        return
    end = check_date(value, attribute.name)
    if instance.valid_from is not None and end < instance.valid_from:
        raise InvalidInputError("valid_to", value, f">= valid_from ({instance.valid_from})")


@attrs.frozen
class ApprovalBand:
    """From ``threshold`` (in the matrix's reference currency), ``level`` must approve.

    Attributes:
        level: Name of an :class:`ApprovalLevel` of the matrix.
        threshold: The amount from which the level is needed (``>= 0``; ``0``
            makes the level needed for any spend in the band's scope, e.g. a
            category that always needs a specialist).
        document_types: Restrict the band to these ``SpendRequest.document_type``
            values (empty: any).
        categories: Restrict the band to these purchasing categories (empty: any).
        cost_centers: Restrict the band to requests with a line whose
            ``cost_center`` dimension is one of these (empty: any).
        valid_from: First day the band is effective (None: always was).
        valid_to: Last day the band is effective (None: open-ended).

    Examples:
        >>> from decimal import Decimal
        >>> ApprovalBand("manager", Decimal("5000"), document_types=("purchase_order",)).threshold
        Decimal('5000')
        >>> ApprovalBand("manager", -1)
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: threshold must be >= 0: -1
    """

    level: str = attrs.field(validator=_check_name)
    threshold: Decimal = attrs.field(converter=_to_threshold)
    document_types: tuple[str, ...] = attrs.field(default=(), converter=_to_document_types)
    categories: tuple[str, ...] = attrs.field(default=(), converter=_to_categories)
    cost_centers: tuple[str, ...] = attrs.field(default=(), converter=_to_cost_centers)
    valid_from: dt.date | None = attrs.field(default=None, validator=_check_optional_date)
    valid_to: dt.date | None = attrs.field(default=None, validator=_check_valid_to)

    @property
    def specificity(self) -> int:
        """How many of document type, category and cost centre restrict the band (0 to 3)."""
        return sum(
            1 for scope in (self.document_types, self.categories, self.cost_centers) if scope
        )

    def applies_to(self, request: SpendRequest) -> bool:
        """Return whether the band's scope and effective dates cover ``request``."""
        if self.valid_from is not None and request.date < self.valid_from:
            return False
        if self.valid_to is not None and request.date > self.valid_to:
            return False
        if self.document_types and request.document_type not in self.document_types:
            return False
        if self.categories and request.category not in self.categories:
            return False
        if self.cost_centers:
            centres = {line.dimension(COST_CENTER) for line in request.lines}
            return not centres.isdisjoint(self.cost_centers)
        return True


def _to_levels(value: Iterable[ApprovalLevel]) -> tuple[ApprovalLevel, ...]:
    if not isinstance(value, Iterable):
        raise _type_error("levels", "a sequence of ApprovalLevel", value)
    levels = tuple(value)
    for index, level in enumerate(levels):
        if not isinstance(level, ApprovalLevel):
            raise _type_error(f"levels[{index}]", "an ApprovalLevel", level)
    if not levels:
        raise InvalidInputError("levels", levels, "at least one level")
    names = [level.name for level in levels]
    if len(set(names)) != len(names):
        raise InvalidInputError("levels", tuple(names), "levels with distinct names")
    return levels


def _to_bands(value: Iterable[ApprovalBand]) -> tuple[ApprovalBand, ...]:
    if not isinstance(value, Iterable):
        raise _type_error("bands", "a sequence of ApprovalBand", value)
    bands = tuple(value)
    for index, band in enumerate(bands):
        if not isinstance(band, ApprovalBand):
            raise _type_error(f"bands[{index}]", "an ApprovalBand", band)
    return bands


def _check_bands(
    instance: ApprovalMatrix, _attribute: object, value: tuple[ApprovalBand, ...]
) -> None:
    names = {level.name for level in instance.levels}
    for index, band in enumerate(value):
        if band.level not in names:
            raise InvalidInputError(
                f"bands[{index}].level", band.level, f"one of the levels {sorted(names)}"
            )


def _check_currency(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_currency(value, attribute.name)


def _to_mode(value: object) -> ApprovalMode:
    """attrs converter: ``mode`` as a ApprovalMode, or an error naming the field."""
    return to_enum(ApprovalMode, value, "mode")


@attrs.frozen
class ApprovalMatrix:
    """Who must approve spend, by amount, document type, category and cost centre.

    Attributes:
        levels: The approval levels, lowest first (their order is the order of
            a cumulative route and the meaning of "above").
        bands: The amount bands (see :class:`ApprovalBand`), in any order.
        currency: The reference currency the thresholds are stated in.
        mode: :class:`ApprovalMode`; default cumulative.
        inclusive: True (default): a threshold is reached when the amount
            equals it; False: only above it.
        self_approval_below: The requester may approve their own request when
            its amount is below this (Coupa-style self-approval limit), provided
            they hold the level's role; None (default): never.
        name: A label for results (a version name such as ``"DoA 2026"``).

    Raises:
        InvalidInputError: no levels, repeated level names, a band for an
            unknown level, a non-positive ``self_approval_below``.

    Examples:
        >>> from decimal import Decimal
        >>> matrix = ApprovalMatrix(
        ...     (ApprovalLevel("manager", roles=("manager",)), ApprovalLevel("director", roles=("director",))),
        ...     (ApprovalBand("manager", Decimal("1000")), ApprovalBand("director", Decimal("10000"))),
        ...     "USD",
        ... )
        >>> matrix.mode, matrix.inclusive
        (<ApprovalMode.CUMULATIVE: 'cumulative'>, True)
    """

    levels: tuple[ApprovalLevel, ...] = attrs.field(converter=_to_levels)
    bands: tuple[ApprovalBand, ...] = attrs.field(converter=_to_bands, validator=_check_bands)
    currency: str = attrs.field(validator=_check_currency)
    mode: ApprovalMode = attrs.field(default=ApprovalMode.CUMULATIVE, converter=_to_mode)
    inclusive: bool = attrs.field(default=True, validator=_check_bool)
    self_approval_below: Decimal | None = attrs.field(
        default=None, converter=_to_self_approval_below
    )
    name: str = attrs.field(default="", validator=_check_text)

    def reaches(self, amount: Decimal, threshold: Decimal) -> bool:
        """Return whether ``amount`` reaches ``threshold`` under this matrix's boundary."""
        with exact():
            return amount >= threshold if self.inclusive else amount > threshold

    def band_for(self, level: str, request: SpendRequest) -> ApprovalBand | None:
        """Return the band that sets ``level``'s threshold for ``request``, or None.

        The most specific applicable band wins; among equally specific bands,
        the lowest threshold.
        """
        candidates = [b for b in self.bands if b.level == level and b.applies_to(request)]
        if not candidates:
            return None
        with exact():
            return min(candidates, key=lambda b: (-b.specificity, b.threshold))


# -- route ----------------------------------------------------------------------------------


@attrs.frozen
class ApprovalStep:
    """One step of an approval route: a level and who may fill it.

    Attributes:
        level: The level's name (in any-at-or-above mode: the highest level
            the amount reaches).
        rank: Position of the level in the matrix, 1 for the lowest.
        threshold: The threshold the amount reached.
        roles: Roles whose holders may fill the step.
        users: Users who may fill the step.
    """

    level: str
    rank: int
    threshold: Decimal
    roles: tuple[str, ...] = ()
    users: tuple[str, ...] = ()

    def admits(self, approver: Approver) -> bool:
        """Return whether ``approver`` is named by the step or holds one of its roles."""
        return approver.user in self.users or not set(approver.roles).isdisjoint(self.roles)

    def describe(self) -> str:
        """Return ``"manager (from 5000 ; roles: ...; users: ...)"`` for explanations."""
        who = [f"roles {', '.join(self.roles)}"] if self.roles else []
        who += [f"users {', '.join(self.users)}"] if self.users else []
        return f"{self.level} (from {self.threshold:,}; {'; '.join(who)})"


@attrs.frozen
class ApprovalRoute(Explained):
    """Who must approve a request, in which order.

    Attributes:
        rule: ``"budget.route@1"``.
        reference: The request's reference.
        requester: The request's requester (for segregation of duties).
        amount: The routed amount in ``currency`` (net total, converted, rounded).
        currency: The matrix's reference currency.
        mode: How the steps combine (cumulative: all, in order; any at or
            above: the single step).
        steps: The approval steps, lowest level first; empty when no approval
            is needed.
        self_approval_below: Copied from the matrix.
        reasons: ``APPROVAL.CONVERTED`` (per foreign currency), ``APPROVAL.NO_INCREASE``,
            ``APPROVAL.LEVEL_REQUIRED`` / ``APPROVAL.LEVEL_NOT_REQUIRED`` (per level
            with an applicable band; in any-at-or-above mode a reached level
            below the highest one reached is ``APPROVAL.LEVEL_COVERED``: the
            single approval at or above the highest level covers it),
            ``APPROVAL.NO_BAND`` (no band applies at all), then ``APPROVAL.ROUTE``
            or ``APPROVAL.NOT_REQUIRED``.
    """

    rule: str
    reference: str
    requester: str
    amount: Decimal
    currency: str
    mode: ApprovalMode
    steps: tuple[ApprovalStep, ...]
    self_approval_below: Decimal | None
    reasons: tuple[Reason, ...]

    @property
    def approval_required(self) -> bool:
        """Whether at least one approval is needed."""
        return bool(self.steps)

    def _detail_lines(self) -> list[str]:
        return [f"  step {index}: {step.describe()}" for index, step in enumerate(self.steps, 1)]


def _rate_table(rates: Iterable[BudgetRate]) -> dict[tuple[str, str], Decimal]:
    if isinstance(rates, str | bytes) or not isinstance(rates, Iterable):
        raise _type_error("rates", "a sequence of BudgetRate", rates)
    table: dict[tuple[str, str], Decimal] = {}
    for index, rate in enumerate(rates):
        if not isinstance(rate, BudgetRate):
            raise _type_error(f"rates[{index}]", "a BudgetRate", rate)
        key = (rate.currency, rate.budget_currency)
        if key in table and table[key] != rate.rate:
            raise InvalidInputError(
                f"rates[{index}]", rate, f"the only rate from {key[0]} to {key[1]}"
            )
        table[key] = rate.rate
    return table


def _check_rounding(rounding: object) -> str:
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
    return str(rounding)


def reference_amount(
    lines: Sequence[SpendLine],
    currency: str,
    *,
    rates: Iterable[BudgetRate] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> tuple[Decimal, tuple[Reason, ...]]:
    """Return the net total of ``lines`` in ``currency`` and the conversion reasons.

    Each line converts at the rate from its currency to ``currency``
    (``BudgetRate(line_currency, currency, rate)``); the sum is rounded once to
    the minor unit of ``currency``.

    Args:
        lines: Spend lines, any currencies.
        currency: The target (reference) currency.
        rates: Budget rates; only direct rates are used, never inverted ones.
        rounding: A :mod:`decimal` rounding constant for the final rounding.

    Returns:
        ``(amount, reasons)``: one ``APPROVAL.CONVERTED`` reason per foreign currency.

    Raises:
        InvalidInputError: a line's currency has no rate to ``currency``; two
            different rates for one pair.

    Examples:
        >>> from decimal import Decimal
        >>> lines = [SpendLine("6100", Decimal("1000.00"), "EUR")]
        >>> amount, reasons = reference_amount(lines, "USD", rates=[BudgetRate("EUR", "USD", Decimal("1.30"))])
        >>> amount
        Decimal('1300.00')
        >>> print(reasons[0].message)
        1,000.00 EUR at 1.30 USD per EUR is 1,300.00 USD.
    """
    check_currency(currency, "currency")
    mode = _check_rounding(rounding)
    table = _rate_table(rates)
    by_currency: dict[str, Decimal] = {}
    with exact():
        for line in lines:
            by_currency[line.currency] = by_currency.get(line.currency, Decimal(0)) + line.amount
        total = Decimal(0)
        reasons: list[Reason] = []
        for code in sorted(by_currency):
            subtotal = by_currency[code]
            if code == currency:
                total += subtotal
                continue
            rate = table.get((code, currency))
            if rate is None:
                raise InvalidInputError("rates", code, f"a BudgetRate from {code} to {currency}")
            converted = subtotal * rate
            total += converted
            reasons.append(
                Reason.of(
                    "APPROVAL.CONVERTED",
                    f"{_fmt(subtotal, code)} at {rate} {currency} per {code} is "
                    f"{_fmt(tidy(converted, currency), currency)}.",
                    amount=subtotal,
                    currency=code,
                    rate=rate,
                    converted=converted,
                )
            )
    return quantize(total, currency, rounding=mode), tuple(reasons)


def route_approval(
    request: SpendRequest,
    matrix: ApprovalMatrix,
    *,
    rates: Iterable[BudgetRate] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> ApprovalRoute:
    """Return who must approve ``request`` under ``matrix``.

    Args:
        request: The spend request (its ``date`` selects the effective bands;
            its document type, category and cost centres select the scope).
        matrix: The approval matrix.
        rates: Budget rates from the request's line currencies to the matrix's
            reference currency.
        rounding: Rounding of the converted total to the reference currency.

    Returns:
        The :class:`ApprovalRoute` with its steps and reasons.

    Raises:
        TypeError: ``request`` is not a SpendRequest or ``matrix`` not an ApprovalMatrix.
        InvalidInputError: a line currency without a rate.

    Examples:
        Odoo's two-step validation: below 5,000 no manager is needed (V31).

        >>> from decimal import Decimal
        >>> import datetime as dt
        >>> matrix = ApprovalMatrix((ApprovalLevel("manager", roles=("purchase_manager",)),),
        ...                         (ApprovalBand("manager", Decimal("5000")),), "USD")
        >>> def po(amount):
        ...     return SpendRequest((SpendLine("6100", Decimal(amount), "USD"),), dt.date(2026, 3, 2))
        >>> route_approval(po("4999.99"), matrix).approval_required
        False
        >>> [step.level for step in route_approval(po("5000.00"), matrix).steps]
        ['manager']

        ERPNext's Authorization Rule (any at or above): one approval at the
        highest level reached, which covers the levels below it.

        >>> erpnext = ApprovalMatrix(
        ...     (ApprovalLevel("manager", roles=("manager",)), ApprovalLevel("director", roles=("director",))),
        ...     (ApprovalBand("manager", 1000), ApprovalBand("director", 10000)), "USD",
        ...     mode=ApprovalMode.ANY_AT_OR_ABOVE)
        >>> for reason in route_approval(po("12000.00"), erpnext).reasons:
        ...     print(reason)
        [info] APPROVAL.LEVEL_COVERED: 12,000.00 USD is at or above the manager threshold 1,000 USD, but no separate manager approval is needed: the one approval by director or a level above it covers it (any at or above).
        [info] APPROVAL.LEVEL_REQUIRED: 12,000.00 USD is at or above the director threshold 10,000 USD: one approval by director or a level above it is required.
        [info] APPROVAL.ROUTE: One approval by director or any level above it (director) is required.

    References:
        ERPNext ``authorization_control.py``; Odoo ``purchase.order._approval_allowed``;
        SAP release strategy; Oracle Workflow "Requisition Process"; ServiceNow
        "Approval rule considerations" (reference currency).
    """
    if not isinstance(request, SpendRequest):
        raise _type_error("request", "a SpendRequest", request)
    if not isinstance(matrix, ApprovalMatrix):
        raise _type_error("matrix", "an ApprovalMatrix", matrix)
    amount, reasons_ = reference_amount(
        request.lines, matrix.currency, rates=rates, rounding=rounding
    )
    reasons = list(reasons_)
    currency = matrix.currency
    boundary = "at or above" if matrix.inclusive else "above"
    below = "below" if matrix.inclusive else "at or below"
    steps: list[ApprovalStep] = []
    if amount <= 0:
        reasons.append(
            Reason.of(
                "APPROVAL.NO_INCREASE",
                f"The net amount {_fmt(amount, currency)} does not increase spend; no approval is needed.",
                amount=amount,
            )
        )
    else:
        checked = [
            (rank, level, band, matrix.reaches(amount, band.threshold))
            for rank, level in enumerate(matrix.levels, 1)
            if (band := matrix.band_for(level.name, request)) is not None
        ]
        top_rank = max((rank for rank, _, _, reached in checked if reached), default=0)
        single = matrix.mode is ApprovalMode.ANY_AT_OR_ABOVE
        top_name = matrix.levels[top_rank - 1].name if top_rank else ""
        for rank, level, band, reached in checked:
            if reached:
                steps.append(
                    ApprovalStep(level.name, rank, band.threshold, level.roles, level.users)
                )
            relation = boundary if reached else below
            code = "APPROVAL.LEVEL_REQUIRED" if reached else "APPROVAL.LEVEL_NOT_REQUIRED"
            if not reached:
                outcome = "."
            elif not single:
                outcome = f": {level.name} approval is required."
            elif rank == top_rank:
                outcome = f": one approval by {level.name} or a level above it is required."
            else:
                code = "APPROVAL.LEVEL_COVERED"
                outcome = (
                    f", but no separate {level.name} approval is needed: the one approval "
                    f"by {top_name} or a level above it covers it (any at or above)."
                )
            reasons.append(
                Reason.of(
                    code,
                    f"{_fmt(amount, currency)} is {relation} the {level.name} threshold "
                    f"{_fmt(band.threshold, currency)}{outcome}",
                    level=level.name,
                    threshold=band.threshold,
                    amount=amount,
                )
            )
        if not checked:
            reasons.append(
                Reason.of(
                    "APPROVAL.NO_BAND",
                    "No band of the matrix applies to this document type, category, cost centre "
                    f"and date ({request.date}).",
                    document_type=request.document_type,
                    category=request.category,
                    date=request.date,
                )
            )
    if steps and matrix.mode is ApprovalMode.ANY_AT_OR_ABOVE:
        top = steps[-1]
        above = matrix.levels[top.rank - 1 :]
        roles = tuple(dict.fromkeys(role for level in above for role in level.roles))
        users = tuple(dict.fromkeys(user for level in above for user in level.users))
        steps = [ApprovalStep(top.level, top.rank, top.threshold, roles, users)]
        reasons.append(
            Reason.of(
                "APPROVAL.ROUTE",
                f"One approval by {top.level} or any level above it "
                f"({', '.join(level.name for level in above)}) is required.",
                mode=matrix.mode,
                levels=1,
            )
        )
    elif steps:
        names = [step.level for step in steps]
        reasons.append(
            Reason.of(
                "APPROVAL.ROUTE",
                f"{len(steps)} approval level{'s' if len(steps) > 1 else ''} required, in order: "
                f"{', then '.join(names)}.",
                mode=matrix.mode,
                levels=len(steps),
            )
        )
    else:
        reasons.append(
            Reason.of(
                "APPROVAL.NOT_REQUIRED", "No approval is required.", mode=matrix.mode, levels=0
            )
        )
    return ApprovalRoute(
        ROUTE_RULE,
        request.reference,
        request.requester,
        amount,
        currency,
        matrix.mode,
        tuple(steps),
        matrix.self_approval_below,
        tuple(reasons),
    )


# -- can_approve ----------------------------------------------------------------------------


@attrs.frozen
class Approver:
    """A person who may approve, and the roles they hold.

    Attributes:
        user: The person's user id (compared with ``SpendRequest.requester``).
        roles: The roles they hold.

    Examples:
        >>> Approver("bob", roles=("manager",)).roles
        ('manager',)
    """

    user: str = attrs.field(validator=_check_name)
    roles: tuple[str, ...] = attrs.field(default=(), converter=_to_roles)


@attrs.frozen
class Approval:
    """A step already approved on a request: who filled which level.

    Attributes:
        approver: User id of the approver.
        level: Name of the level (step) they filled.
    """

    approver: str = attrs.field(validator=_check_name)
    level: str = attrs.field(validator=_check_name)


@attrs.frozen
class ApprovalCheck(Explained):
    """Whether a person may approve a step of a request's route.

    Attributes:
        rule: ``"budget.approve@1"``.
        allowed: True when the person may approve this step now.
        approver: The person's user id.
        level: The step checked (None when the route needs no approval or is complete).
        reasons: Every rule that was checked (see :func:`can_approve`).
    """

    rule: str
    allowed: bool
    approver: str
    level: str | None
    reasons: tuple[Reason, ...]


def _to_history(history: Iterable[Approval], route: ApprovalRoute) -> dict[str, str]:
    if isinstance(history, str | bytes) or not isinstance(history, Iterable):
        raise _type_error("history", "a sequence of Approval", history)
    levels = {step.level for step in route.steps}
    filled: dict[str, str] = {}
    for index, approval in enumerate(history):
        if not isinstance(approval, Approval):
            raise _type_error(f"history[{index}]", "an Approval", approval)
        if approval.level not in levels:
            raise InvalidInputError(
                f"history[{index}].level", approval.level, f"a level of the route {sorted(levels)}"
            )
        if approval.level in filled:
            raise InvalidInputError(
                f"history[{index}].level", approval.level, "a level approved once"
            )
        filled[approval.level] = approval.approver
    return filled


def can_approve(
    approver: Approver,
    request: SpendRequest,
    route: ApprovalRoute,
    *,
    history: Iterable[Approval] = (),
    level: str | None = None,
    in_sequence: bool = True,
) -> ApprovalCheck:
    """Return whether ``approver`` may approve a step of ``route`` for ``request``.

    Checks, each recorded as a reason (an ``ERROR`` reason makes ``allowed`` False):

    * ``APPROVAL.NOT_REQUIRED``: the route has no steps; nothing to approve
      (allowed).
    * ``APPROVAL.COMPLETE``: every step is already approved (not allowed).
    * ``APPROVAL.LEVEL_FILLED``: the named level is already approved.
    * ``APPROVAL.OUT_OF_SEQUENCE``: a lower step is still pending
      (``in_sequence=True``, the default: release prerequisites).
    * ``APPROVAL.NOT_ELIGIBLE``: the person neither holds a role of the step nor
      is one of its users.
    * ``APPROVAL.SOD_REQUESTER``: the person asked for the spend. With the
      matrix's ``self_approval_below`` and an amount below it, this becomes
      ``APPROVAL.SELF_APPROVAL`` (info) instead.
    * ``APPROVAL.SOD_TWO_LEVELS``: the person already approved another level.
    * ``APPROVAL.REQUESTER_UNKNOWN`` (warning): the request names no requester,
      so the first rule could not be checked.
    * ``APPROVAL.ALLOWED``: every rule passed.

    Args:
        approver: The person who wants to approve.
        request: The request (its requester is checked against the approver;
            its reference and requester must be the route's).
        route: The request's route from :func:`route_approval`.
        history: Approvals already given on this request.
        level: The step to check; None (default) for the next pending step.
        in_sequence: Whether steps must be approved lowest first.

    Returns:
        :class:`ApprovalCheck`.

    Raises:
        TypeError: arguments of the wrong type.
        InvalidInputError: a route computed for another request; a history entry
            for a level that is not in the route or approved twice; ``level`` not
            in the route.

    Examples:
        >>> from decimal import Decimal
        >>> import datetime as dt
        >>> matrix = ApprovalMatrix((ApprovalLevel("manager", roles=("manager",)),
        ...                          ApprovalLevel("director", roles=("director",))),
        ...                         (ApprovalBand("manager", 1000), ApprovalBand("director", 10000)), "USD")
        >>> request = SpendRequest((SpendLine("6100", Decimal("12000"), "USD"),), dt.date(2026, 3, 2),
        ...                        requester="ann", reference="PO-7")
        >>> route = route_approval(request, matrix)
        >>> can_approve(Approver("ann", roles=("manager",)), request, route).allowed
        False
        >>> boss = Approver("bob", roles=("manager", "director"))
        >>> can_approve(boss, request, route).allowed
        True
        >>> check = can_approve(boss, request, route, history=[Approval("bob", "manager")])
        >>> check.allowed, [r.code for r in check.reasons]
        (False, ['APPROVAL.SOD_TWO_LEVELS'])

    References:
        frappe ``has_approval_access`` (``allow_self_approval``); ERPNext
        ``authorization_rule.py``; SAP release strategy (release prerequisites);
        Coupa self-approval limits; aureuserp/aureuserp#1045.
    """
    if not isinstance(approver, Approver):
        raise _type_error("approver", "an Approver", approver)
    if not isinstance(request, SpendRequest):
        raise _type_error("request", "a SpendRequest", request)
    if not isinstance(route, ApprovalRoute):
        raise _type_error("route", "an ApprovalRoute", route)
    if level is not None:
        _text(level, "level")
    if not isinstance(in_sequence, bool):
        raise _type_error("in_sequence", "a bool", in_sequence)
    if (route.reference, route.requester) != (request.reference, request.requester):
        raise InvalidInputError(
            "route",
            (route.reference, route.requester),
            f"the route of this request (reference {_shown(request.reference)}, requester {_shown(request.requester)})",
        )
    filled = _to_history(history, route)
    who = approver.user

    def result(step: str | None, *reasons: Reason, allowed: bool) -> ApprovalCheck:
        return ApprovalCheck(APPROVE_RULE, allowed, who, step, reasons)

    if not route.steps:
        return result(
            None, Reason.of("APPROVAL.NOT_REQUIRED", "The route needs no approval."), allowed=True
        )
    pending = [step for step in route.steps if step.level not in filled]
    if level is None:
        if not pending:
            return result(
                None,
                Reason.of("APPROVAL.COMPLETE", "Every step of the route is already approved."),
                allowed=False,
            )
        step = pending[0]
    else:
        found = [s for s in route.steps if s.level == level]
        if not found:
            raise InvalidInputError(
                "level", level, f"a level of the route {[s.level for s in route.steps]}"
            )
        step = found[0]
        if step.level in filled:
            return result(
                step.level,
                Reason.of(
                    "APPROVAL.LEVEL_FILLED",
                    f"The {step.level} step is already approved by {filled[step.level]}.",
                    severity=Severity.ERROR,
                    level=step.level,
                    approver=filled[step.level],
                ),
                allowed=False,
            )
    reasons: list[Reason] = []
    if in_sequence and step is not pending[0]:
        reasons.append(
            Reason.of(
                "APPROVAL.OUT_OF_SEQUENCE",
                f"The {pending[0].level} step must be approved before {step.level}.",
                severity=Severity.ERROR,
                level=step.level,
                pending=pending[0].level,
            )
        )
    if not step.admits(approver):
        reasons.append(
            Reason.of(
                "APPROVAL.NOT_ELIGIBLE",
                f"{who} holds none of the roles and is not a user of the {step.level} step "
                f"({step.describe()}).",
                severity=Severity.ERROR,
                approver=who,
                level=step.level,
            )
        )
    if not request.requester:
        reasons.append(
            Reason.of(
                "APPROVAL.REQUESTER_UNKNOWN",
                "The request names no requester, so requester and approver could not be compared.",
                severity=Severity.WARNING,
            )
        )
    elif who == request.requester:
        limit = route.self_approval_below
        with exact():
            below_limit = limit is not None and route.amount < limit
        if limit is not None and below_limit:
            reasons.append(
                Reason.of(
                    "APPROVAL.SELF_APPROVAL",
                    f"{who} asked for this spend, but {_fmt(route.amount, route.currency)} is "
                    f"below the self-approval limit {_fmt(limit, route.currency)}.",
                    approver=who,
                    amount=route.amount,
                    limit=limit,
                )
            )
        else:
            allowance = (
                f" (self-approval only below {_fmt(limit, route.currency)})"
                if limit is not None
                else ""
            )
            reasons.append(
                Reason.of(
                    "APPROVAL.SOD_REQUESTER",
                    f"{who} asked for this spend and may not approve it{allowance}.",
                    severity=Severity.ERROR,
                    approver=who,
                    amount=route.amount,
                )
            )
    other = sorted(name for name, user in filled.items() if user == who)
    if other:
        reasons.append(
            Reason.of(
                "APPROVAL.SOD_TWO_LEVELS",
                f"{who} already approved the {', '.join(other)} step; one person may not fill two levels.",
                severity=Severity.ERROR,
                approver=who,
                level=step.level,
                approved=", ".join(other),
            )
        )
    allowed = not any(reason.severity is Severity.ERROR for reason in reasons)
    if allowed:
        reasons.append(
            Reason.of(
                "APPROVAL.ALLOWED",
                f"{who} may approve the {step.level} step.",
                approver=who,
                level=step.level,
            )
        )
    return result(step.level, *reasons, allowed=allowed)
