"""attrs converters and validators for the savings value objects (private).

Validators raise ``TypeError`` naming the field for a wrong type and
[`InvalidInputError`][spendrules.errors.InvalidInputError] for a broken constraint, like
the checks in `spendrules._checks`. The only conversions are exact ones:
an ``int`` amount becomes a ``Decimal`` and a ``list`` of items a ``tuple``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from spendrules._checks import (
    check_currency,
    check_date,
    check_fraction,
    check_int,
    check_non_negative,
    check_positive,
)
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "currency",
    "day",
    "flag",
    "fraction",
    "instance",
    "label",
    "member",
    "non_negative",
    "optional",
    "positive",
    "text",
    "to_decimal",
    "to_tuple",
    "tuple_of",
    "type_error",
    "whole",
]

Validator = Callable[[Any, Any, Any], None]


def type_error(field: str, expected: str, value: object) -> TypeError:
    """Return the ``TypeError`` every spendrules check raises for a wrong type."""
    return TypeError(f"{field} must be {expected}, not {type(value).__name__}: {_shown(value)}")


def to_decimal(value: object) -> Any:
    """Converter: an ``int`` (not ``bool``) becomes the equal ``Decimal``; anything else is kept."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def to_tuple(value: object) -> Any:
    """Converter: a ``list`` becomes a ``tuple``; anything else is kept for the validator."""
    if isinstance(value, list):
        return tuple(value)
    return value


def non_negative(_instance: Any, attribute: Any, value: Any) -> None:
    """A finite Decimal ``>= 0``."""
    check_non_negative(value, attribute.name)


def positive(_instance: Any, attribute: Any, value: Any) -> None:
    """A finite Decimal ``> 0``."""
    check_positive(value, attribute.name)


def fraction(_instance: Any, attribute: Any, value: Any) -> None:
    """A Decimal fraction in ``[0, 1]``."""
    check_fraction(value, attribute.name)


def whole(minimum: int, maximum: int | None = None) -> Validator:
    """An ``int`` (not ``bool``) ``>= minimum`` and, if given, ``<= maximum``."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        check_int(value, attribute.name, minimum=minimum)
        if maximum is not None and value > maximum:
            raise InvalidInputError(attribute.name, value, f"<= {maximum}")

    return check


def day(_instance: Any, attribute: Any, value: Any) -> None:
    """A ``datetime.date`` that is not a ``datetime``."""
    check_date(value, attribute.name)


def currency(_instance: Any, attribute: Any, value: Any) -> None:
    """An active ISO 4217 code."""
    check_currency(value, attribute.name)


def flag(_instance: Any, attribute: Any, value: Any) -> None:
    """A ``bool`` (an ``int`` is refused: booleans are never guessed)."""
    if not isinstance(value, bool):
        raise type_error(attribute.name, "a bool", value)


def text(_instance: Any, attribute: Any, value: Any) -> None:
    """A ``str`` (may be empty: an empty evidence reference means "none")."""
    if not isinstance(value, str):
        raise type_error(attribute.name, "a str", value)


def label(_instance: Any, attribute: Any, value: Any) -> None:
    """A non-blank ``str``."""
    text(_instance, attribute, value)
    if not value.strip():
        raise InvalidInputError(attribute.name, value, "a non-empty text")


def member(enum_type: type) -> Validator:
    """A member of ``enum_type`` (a plain string is refused; JSON input is structured first)."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, enum_type):
            raise type_error(attribute.name, f"a {enum_type.__name__}", value)

    return check


def tuple_of(item_type: type) -> Validator:
    """A ``tuple`` whose every item is an ``item_type``."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple):
            raise type_error(attribute.name, f"a tuple of {item_type.__name__}", value)
        for index, item in enumerate(value):
            if not isinstance(item, item_type):
                raise type_error(f"{attribute.name}[{index}]", f"a {item_type.__name__}", item)

    return check


def instance(item_type: type) -> Validator:
    """An ``item_type`` instance."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, item_type):
            raise type_error(attribute.name, f"a {item_type.__name__}", value)

    return check


def optional(validator: Validator) -> Validator:
    """``None`` or a value that passes ``validator``."""

    def check(instance_: Any, attribute: Any, value: Any) -> None:
        if value is not None:
            validator(instance_, attribute, value)

    return check
