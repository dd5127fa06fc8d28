"""The approval matrix: levels, bands and modes, with the field checks they share (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from spendrules._budget.model import SpendRequest
from spendrules._checks import check_currency, check_date, check_decimal, to_enum
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._policy.reference import PolicyReference, source_field
from spendrules.errors import InvalidInputError, _shown
from spendrules.money import minor_units

__all__ = ["ApprovalBand", "ApprovalLevel", "ApprovalMatrix", "ApprovalMode"]

ROUTE_RULE = "budget.route@1"
APPROVE_RULE = "budget.approve@1"

#: The dimension of a spend line that holds its cost centre.
COST_CENTER = "cost_center"


class ApprovalMode(SpendEnum):
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
        level: Name of an [`ApprovalLevel`][spendrules.budget.ApprovalLevel] of the matrix.
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
        bands: The amount bands (see [`ApprovalBand`][spendrules.budget.ApprovalBand]), in any order.
        currency: The reference currency the thresholds are stated in.
        mode: [`ApprovalMode`][spendrules.budget.ApprovalMode]; default cumulative.
        inclusive: True (default): a threshold is reached when the amount
            equals it; False: only above it.
        self_approval_below: The requester may approve their own request when
            its amount is below this (Coupa-style self-approval limit), provided
            they hold the level's role; None (default): never.
        name: A label for results (a version name such as ``"DoA 2026"``).
        source: The policy file this was read from (set by
            [`spendrules.policy.load`][spendrules.policy.load]), or None; not part of equality.

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
    source: PolicyReference | None = source_field()  # noqa: RUF009 - an attrs.field

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
