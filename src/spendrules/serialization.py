"""JSON in and out for every spendrules input and result, through cattrs.

:func:`make_converter` returns a *new* private :class:`cattrs.Converter` on
each call (the global cattrs converter is never touched), configured so that:

* ``Decimal`` travels as a JSON string with its scale kept (``"1.10"``);
  input may also be a JSON number (read exactly, never through ``float``) or
  an ``int``; a Python ``float``, NaN or Infinity is refused;
* ``Fraction`` travels as ``"1/3"``;
* ``date`` travels as ISO 8601 ``"2026-03-15"``; only that ``YYYY-MM-DD`` form is
  read (not ``"20260315"``, a week date or a datetime string);
* enums travel by value (``"modified_following"``);
* a field typed as a union of attrs classes carries a ``"type"`` tag with the
  class name;
* unknown keys are rejected (strict input for ERP integrations), and errors
  give the path of each bad field (``@ $.lines[2].amount``).

Examples:
    >>> from spendrules.results import Reason
    >>> text = to_json(Reason.of("DEMO.CODE", "A sentence.", amount=Decimal("1.10")))
    >>> text
    '{"code": "DEMO.CODE", "message": "A sentence.", "severity": "info", "facts": [["amount", "1.10"]]}'
    >>> from_json(text, Reason) == Reason.of("DEMO.CODE", "A sentence.", amount=Decimal("1.10"))
    True
    >>> from_json('{"code": "DEMO.CODE", "message": "x", "colour": 1}', Reason)
    Traceback (most recent call last):
    ...
    spendrules.errors.JSONInputError: invalid Reason: extra fields found (colour) @ $
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.preconf.json import make_converter as _json_converter
from cattrs.v import format_exception

from spendrules.errors import InvalidInputError, JSONInputError, SpendRulesError

__all__ = ["from_json", "make_converter", "parse_iso_date", "structure", "to_json", "unstructure"]

T = TypeVar("T")

#: Name of the key that tells which class a union member is.
TAG = "type"


def _structure_decimal(value: object, _type: object) -> Decimal:
    if isinstance(value, bool | float):
        raise TypeError(f"expected a decimal string, not {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise InvalidInputError("value", value, "a decimal number") from None
    else:
        raise TypeError(f"expected a decimal string, not {type(value).__name__}: {value!r}")
    if not number.is_finite():
        raise InvalidInputError("value", value, "a finite number")
    return number


def _structure_fraction(value: object, _type: object) -> Fraction:
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value)
        except ValueError:
            raise InvalidInputError("value", value, "a fraction like '1/3'") from None
    raise TypeError(f"expected a fraction string, not {type(value).__name__}: {value!r}")


def _unstructure_fraction(value: Fraction) -> str:
    return str(value)


#: The one date form accepted: ISO 8601 extended calendar date. ``date.fromisoformat``
#: alone would also take ``20260315`` and week dates such as ``2026-W11-7``.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_iso_date(text: str) -> date:
    """Return the date written ``YYYY-MM-DD``, or raise ``ValueError``.

    Examples:
        >>> parse_iso_date("2026-03-15")
        datetime.date(2026, 3, 15)
        >>> parse_iso_date("20260315")
        Traceback (most recent call last):
        ...
        ValueError: 20260315
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def _structure_date(value: object, _type: object) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date string, not {type(value).__name__}: {value!r}")
    try:
        return parse_iso_date(value)
    except ValueError:
        raise InvalidInputError("value", value, "an ISO 8601 date (YYYY-MM-DD)") from None


def _attrs_union_members(tp: Any) -> tuple[type, ...] | None:
    """Return the attrs classes of a union of at least two attrs classes (None allowed)."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    members = tuple(arg for arg in typing.get_args(tp) if arg is not type(None))
    if len(members) < 2 or not all(attrs.has(arg) for arg in members):
        return None
    return members


def _configure_tagged_unions(converter: cattrs.Converter) -> None:
    def is_union(tp: Any) -> bool:
        return _attrs_union_members(tp) is not None

    def structure_factory(tp: Any) -> Callable[[Any, Any], Any]:
        members = _attrs_union_members(tp)
        assert members is not None  # noqa: S101 - guaranteed by the predicate
        by_name = {cls.__name__: cls for cls in members}
        optional = type(None) in typing.get_args(tp)

        def structure_union(value: Any, _tp: Any) -> Any:
            if value is None and optional:
                return None
            if not isinstance(value, dict) or TAG not in value:
                msg = f"expected an object with a {TAG!r} key naming one of {sorted(by_name)}"
                raise ValueError(msg)
            name = value[TAG]
            if name not in by_name:
                msg = f"{TAG!r} must be one of {sorted(by_name)}, got {name!r}"
                raise ValueError(msg)
            rest = {key: item for key, item in value.items() if key != TAG}
            return converter.structure(rest, by_name[name])

        return structure_union

    def unstructure_factory(tp: Any) -> Callable[[Any], Any]:
        def unstructure_union(value: Any) -> Any:
            if value is None:
                return None
            data = converter.unstructure(value, type(value))
            return {TAG: type(value).__name__, **data}

        return unstructure_union

    converter.register_structure_hook_factory(is_union, structure_factory)
    converter.register_unstructure_hook_factory(is_union, unstructure_factory)


def make_converter() -> cattrs.Converter:
    """Return a new cattrs converter configured for spendrules types (see the module docs).

    Examples:
        >>> c = make_converter()
        >>> c is make_converter()
        False
        >>> c.unstructure(Decimal("1.10")), c.structure("2026-03-15", date)
        ('1.10', datetime.date(2026, 3, 15))
    """
    converter = _json_converter(forbid_extra_keys=True)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Fraction, _unstructure_fraction)
    converter.register_structure_hook(Fraction, _structure_fraction)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    _configure_tagged_unions(converter)
    return converter


def _format(exc: BaseException, tp: type | None) -> str:
    if isinstance(exc, SpendRulesError | TypeError | ValueError) and not isinstance(
        exc, cattrs.BaseValidationError
    ):
        return str(exc)
    return format_exception(exc, tp)


def _problems(exc: BaseException) -> tuple[str, ...]:
    if isinstance(exc, cattrs.BaseValidationError):
        return tuple(cattrs.transform_error(exc, format_exception=_format))
    return (f"{_format(exc, None)} @ $",)


def unstructure(obj: object) -> Any:
    """Return ``obj`` as plain JSON-ready data (dicts, lists, strings, numbers)."""
    return make_converter().unstructure(obj)


def structure(data: object, tp: type[T]) -> T:
    """Build a ``tp`` from plain data, or raise :class:`JSONInputError` with every bad path."""
    try:
        return make_converter().structure(data, tp)
    except (cattrs.BaseValidationError, SpendRulesError, TypeError, ValueError) as exc:
        raise JSONInputError(getattr(tp, "__name__", str(tp)), _problems(exc)) from None


def to_json(obj: object, *, indent: int | None = None) -> str:
    """Return ``obj`` as JSON text (Decimals as strings, dates ISO 8601, enums by value)."""
    return json.dumps(unstructure(obj), indent=indent, ensure_ascii=False)


def from_json(text: str | bytes, tp: type[T]) -> T:
    """Read a ``tp`` from JSON text; JSON numbers are read as exact Decimals.

    Raises:
        JSONInputError: the text is not JSON, or does not fit ``tp``; the
            message lists each problem with its path.
    """
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise JSONInputError(
            getattr(tp, "__name__", str(tp)),
            (f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}) @ $",),
        ) from None
    return structure(data, tp)
