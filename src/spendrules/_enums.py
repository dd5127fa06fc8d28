"""The base of every public spendrules enum: a bad value is an input error naming the enum.

Calling an enum with a value it does not have (``Roll("x")``) raises, instead of
Python's plain ``ValueError``, an [`InvalidInputError`][spendrules.errors.InvalidInputError]
(a ``ValueError`` too, so code that catches ``ValueError`` still does) whose field is
the enum's name, whose constraint lists the allowed values and whose value is the
one given, shown shortened when huge (Python's own message would call ``repr`` on a
5,000-digit integer, which raises).

An enum opts in by deriving from `SpendEnum` instead of ``StrEnum``
(``class Stage(SpendEnum):``); nothing else about it changes.

Examples:
    >>> class Colour(SpendEnum):
    ...     RED = "red"
    ...     BLUE = "blue"
    >>> Colour("red") is Colour.RED
    True
    >>> Colour("green")
    Traceback (most recent call last):
    ...
    spendrules.errors.InvalidInputError: Colour must be one of red, blue: 'green'
"""

from __future__ import annotations

from enum import EnumType, StrEnum
from typing import Any

from spendrules.errors import InvalidInputError

__all__ = ["SpendEnum", "SpendEnumType"]


class SpendEnumType(EnumType):
    """Metaclass of `SpendEnum`: a lookup of a missing value raises ``InvalidInputError``."""

    def __call__(cls, value: object, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:  # the functional API (``SpendEnum("Name", "A B")``): unchanged
            return super().__call__(value, *args, **kwargs)
        try:
            return super().__call__(value)
        except ValueError:  # not a member, or a value whose repr Python cannot print
            allowed = ", ".join(str(member.value) for member in cls)  # type: ignore[var-annotated]
            raise InvalidInputError(cls.__name__, value, f"one of {allowed}") from None


class SpendEnum(StrEnum, metaclass=SpendEnumType):
    """A ``StrEnum`` whose lookup by a bad value raises [`InvalidInputError`][spendrules.errors.InvalidInputError]."""
