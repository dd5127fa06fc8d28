"""JSON in and out for every spendrules input and result, through cattrs.

[`make_converter`][spendrules.serialization.make_converter] returns a *new* private `cattrs.Converter` on
each call (the global cattrs converter is never touched). [`to_json`][spendrules.serialization.to_json],
[`from_json`][spendrules.serialization.from_json], [`structure`][spendrules.serialization.structure] and [`unstructure`][spendrules.serialization.unstructure] share one such
converter per process, built on first use under a lock and never handed out,
so no caller can change it; cattrs caches the hook it generates for each type
in it, which is what makes a call cheap (building a converter and its hooks
costs milliseconds; see ``bench/serialization_json.py``). Every converter is
configured so that:

* ``Decimal`` travels as a JSON string with its scale kept (``"1.10"``);
  input may also be a JSON number (read exactly, never through ``float``) or
  an ``int``; a Python ``float``, NaN or Infinity is refused, and so is a string
  that ``str(Decimal)`` would not write (``" 1.5"``, ``"1_000"``, non-ASCII digits);
* ``Fraction`` travels as ``"1/3"``; input may also be a JSON integer; a zero
  denominator is refused;
* an ``int`` is read from a JSON integer or a whole JSON number (``3e1``, as
  JSON Schema's ``integer``), never from ``30.7``, ``true`` or ``"30"``; a
  ``bool`` only from ``true`` or ``false``; a ``str`` from a JSON string, or a
  number or boolean as its text (``2`` as ``"2"``), never from ``null``, an array
  or an object;
* ``date`` travels as ISO 8601 ``"2026-03-15"``; only that ``YYYY-MM-DD`` form is
  read (not ``"20260315"``, a week date or a datetime string);
* enums travel by value (``"modified_following"``);
* a field typed as a union of attrs classes carries a ``"type"`` tag with the
  class name;
* ``(name, value)`` pairs (``dimensions``, ``Reason.facts``, ``Hierarchy.parents``,
  a split finding's ``group``) travel as a JSON object in the type's own order
  (``{"cost_center": "CC-110"}``); input may also be today's list of pairs
  (``[["cost_center", "CC-110"]]``). Pairs that repeat a name (possible only in
  a ``Reason`` built by hand) are written as that list, since an object cannot
  hold them;
* an attrs class is read only from a JSON object: a string, array, number or
  null in its place is refused naming the path (``@ $.terms``);
* unknown keys are rejected (strict input for ERP integrations), and errors
  give the path of each bad field (``@ $.lines[2].amount``).

Errors are also data: [`JSONInputError.errors`][spendrules.errors.JSONInputError]
holds one ``{"path", "field", "constraint", "value"}`` dict per bad field, the
path pushed down to the field even where the message names only the object
(an extra key, a missing key, a constructor's refusal naming its field), so an
app can put each error next to its form field without parsing messages.

[`from_json`][spendrules.serialization.from_json] refuses, as [`JSONInputError`][spendrules.errors.JSONInputError] naming
the path and the limit, before structuring: bytes that are not valid in their
encoding (UTF-8, or UTF-16/32 as ``json.loads`` detects them), arrays and
objects nested more than `MAX_JSON_DEPTH` deep (checked before parsing,
so the parser never runs out of stack), and integers longer than Python's
integer-to-string limit (``sys.get_int_max_str_digits()``, 4300 digits by
default). Decimals written as JSON numbers (``1.5``, ``1e6``) are read exactly
and have no such limit.

Examples:
    >>> from spendrules.results import Reason
    >>> text = to_json(Reason.of("DEMO.CODE", "A sentence.", amount=Decimal("1.10")))
    >>> text
    '{"code": "DEMO.CODE", "message": "A sentence.", "severity": "info", "facts": {"amount": "1.10"}}'
    >>> from_json(text, Reason) == Reason.of("DEMO.CODE", "A sentence.", amount=Decimal("1.10"))
    True
    >>> from_json(text.replace('{"amount": "1.10"}', '[["amount", "1.10"]]'), Reason).facts
    (('amount', '1.10'),)
    >>> from_json('{"code": "DEMO.CODE", "message": "x", "colour": 1}', Reason)
    Traceback (most recent call last):
    ...
    spendrules.errors.JSONInputError: invalid Reason: extra fields found (colour) @ $
    >>> try:
    ...     from_json('{"code": "DEMO.CODE", "message": "x", "colour": 1}', Reason)
    ... except JSONInputError as err:
    ...     err.errors
    ({'path': '$.colour', 'field': 'colour', 'constraint': 'a field of Reason', 'value': 1},)
"""

from __future__ import annotations

import codecs
import json
import re
import sys
import threading
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from fractions import Fraction
from itertools import accumulate
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.preconf.json import make_converter as _json_converter
from cattrs.v import format_exception

from spendrules._checks import check_int
from spendrules.errors import (
    _SHORT,
    CurrencyMismatchError,
    InvalidInputError,
    JSONInputError,
    SpendRulesError,
    _shown,
)

__all__ = [
    "MAX_INDENT",
    "MAX_JSON_DEPTH",
    "from_json",
    "make_converter",
    "parse_iso_date",
    "structure",
    "structure_cells",
    "to_json",
    "unstructure",
]

T = TypeVar("T")

#: Name of the key that tells which class a union member is.
TAG = "type"

#: How deep [`from_json`][spendrules.serialization.from_json] lets arrays and objects nest. No spendrules type
#: nests deeper than about a dozen levels (a payment schedule with SAP day limits:
#: eleven), so deeper JSON fits none of them; refusing it before parsing keeps the
#: parser off Python's recursion limit.
MAX_JSON_DEPTH = 100

#: The widest ``indent`` [`to_json`][spendrules.serialization.to_json] writes with: spaces per level of nesting.
MAX_INDENT = 64

#: The JSON type of ``dimensions``, ``facts`` and the other name -> value maps kept
#: as ``(name, value)`` pairs.
_PAIRS = tuple[tuple[str, str], ...]


class _RefusalError(Exception):
    """A hook's refusal: the message as before, plus the constraint for ``errors``.

    ``member`` names the key of the object at fault, when the hook refused an
    object because of one of its keys.
    """

    def __init__(self, message: str, constraint: str, member: str | None = None) -> None:
        super().__init__(message)
        self.constraint = constraint
        self.member = member


class _WrongTypeError(_RefusalError, TypeError):
    """A JSON value of the wrong type."""


class _WrongValueError(_RefusalError, ValueError):
    """A JSON value of the right type that breaks a constraint."""


def _not_a_decimal(value: object) -> _WrongTypeError:
    message = f"expected a decimal string, not {type(value).__name__}: {_preview(value)}"
    return _WrongTypeError(message, "a decimal number")


#: A decimal string [`from_json`][spendrules.serialization.from_json] reads: ``str(Decimal)`` of a finite number, in ASCII
#: (``Decimal()`` alone would also take ``" 1.5 "``, ``"1_000"`` and non-ASCII digits).
_DECIMAL_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
#: A fraction string [`from_json`][spendrules.serialization.from_json] reads: ``str(Fraction)``, the denominator not zero.
_FRACTION_PATTERN = r"^[+-]?[0-9]+(/0*[1-9][0-9]*)?$"
_DECIMAL_TEXT = re.compile(_DECIMAL_PATTERN, re.ASCII)
_FRACTION_TEXT = re.compile(_FRACTION_PATTERN, re.ASCII)


def _structure_decimal(value: object, _type: object) -> Decimal:
    if isinstance(value, bool | float):
        raise _not_a_decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError("value", value, "a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:  # no number, or an exponent past what Decimal holds
            raise InvalidInputError("value", value, "a decimal number") from None
        if not number.is_finite():
            raise InvalidInputError("value", value, "a finite number")
        if not _DECIMAL_TEXT.fullmatch(value):  # " 1.5", "1_000", non-ASCII digits
            raise InvalidInputError("value", value, "a decimal number")
        return number
    raise _not_a_decimal(value)


def _structure_fraction(value: object, _type: object) -> Fraction:
    if (whole := _whole(value)) is not None:
        return Fraction(whole)
    if isinstance(value, str):
        if not _FRACTION_TEXT.fullmatch(value):
            raise InvalidInputError("value", value, "a fraction like '1/3'")
        return Fraction(value)
    message = f"expected a fraction string, not {type(value).__name__}: {_preview(value)}"
    raise _WrongTypeError(message, "a fraction like '1/3'")


def _whole(value: object) -> int | None:
    """A JSON integer, or a JSON number that is a whole number (``3e1``, ``30.0``), else None.

    JSON Schema's ``integer`` takes both; a whole number past Python's integer-to-string
    limit is refused as [`from_json`][spendrules.serialization.from_json] refuses such an integer.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.adjusted() < sys.get_int_max_str_digits()
        and value == value.to_integral_value()
    ):
        return int(value)
    return None


def _structure_int(value: object, _type: object) -> int:
    if (whole := _whole(value)) is not None:
        return whole
    message = f"expected an integer, not {type(value).__name__}: {_preview(value)}"
    raise _WrongTypeError(message, "an integer")


def _structure_bool(value: object, _type: object) -> bool:
    if isinstance(value, bool):
        return value
    message = f"expected true or false, not {type(value).__name__}: {_preview(value)}"
    raise _WrongTypeError(message, "true or false")


def _structure_str(value: object, tp: Any) -> str:
    """A JSON string; a JSON number or boolean as its text (``2`` as ``"2"``).

    cattrs dispatches on the class, so every ``StrEnum`` comes here too: it reads its value.
    """
    if tp is not str:
        return typing.cast("str", tp(value))
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    message = f"expected a string, not {type(value).__name__}: {_preview(value)}"
    raise _WrongTypeError(message, "a string")


def _unstructure_fraction(value: Fraction) -> str:
    return str(value)


#: The one date form accepted: ISO 8601 extended calendar date. ``date.fromisoformat``
#: alone would also take ``20260315`` and week dates such as ``2026-W11-7``.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_iso_date(text: str) -> date:
    """Return the date written ``YYYY-MM-DD``, or raise ``InvalidInputError`` (a ``ValueError``).

    Examples:
        >>> parse_iso_date("2026-03-15")
        datetime.date(2026, 3, 15)
        >>> parse_iso_date("20260315")
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: text must be an ISO 8601 date (YYYY-MM-DD): '20260315'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass  # the right shape, but no such day (2026-02-30)
    raise InvalidInputError("text", text, "an ISO 8601 date (YYYY-MM-DD)")


def _structure_date(value: object, _type: object) -> date:
    if not isinstance(value, str):
        message = f"expected an ISO 8601 date string, not {type(value).__name__}: {_preview(value)}"
        raise _WrongTypeError(message, "an ISO 8601 date (YYYY-MM-DD)")
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
                wanted = f"an object with a {TAG!r} key naming one of {sorted(by_name)}"
                raise _WrongValueError(f"expected {wanted}", wanted)
            name = value[TAG]
            if name not in by_name:
                msg = f"{TAG!r} must be one of {sorted(by_name)}, got {_preview(name)}"
                raise _WrongValueError(msg, f"one of {sorted(by_name)}", TAG)
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


def _preview(value: object) -> str:
    """``repr(value)`` shortened for a message (an integer too long to print by its size).

    A huge string or list is cut, not copied whole.
    """
    return _SHORT.repr(value)


def _configure_objects(converter: cattrs.Converter) -> None:
    """Read attrs classes only from mappings, naming the type found otherwise.

    cattrs' own hook would fail on ``"x"`` or ``[]`` with an ``AttributeError``
    from deep inside the generated code.
    """

    def structure_factory(cl: Any) -> Callable[[Any, Any], Any]:
        from_mapping = converter.gen_structure_attrs_fromdict(cl)

        def structure_object(value: Any, tp: Any) -> Any:
            if not isinstance(value, Mapping):
                msg = f"expected a JSON object, not {type(value).__name__}: {_preview(value)}"
                raise _WrongTypeError(msg, "a JSON object")
            return from_mapping(value, tp)

        return structure_object

    converter.register_structure_hook_factory(attrs.has, structure_factory)


def _configure_pairs(converter: cattrs.Converter) -> None:
    """Write ``(name, value)`` pairs as a JSON object; read an object or a list of pairs.

    A name that appears twice (possible only in a ``Reason`` built by hand) cannot
    be an object key, so such pairs are written as the list they are.
    """
    from_list = converter.get_structure_hook(_PAIRS)

    def is_pairs(tp: Any) -> bool:
        return bool(tp == _PAIRS)

    def structure_pairs(value: Any, tp: Any) -> Any:
        if isinstance(value, Mapping):
            return tuple(converter.structure(value, dict[str, str]).items())
        if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
            wanted = "an object of names and values (or a list of [name, value] pairs)"
            msg = f"expected {wanted}, not {type(value).__name__}: {_preview(value)}"
            raise _WrongTypeError(msg, wanted)
        return from_list(value, tp)

    def unstructure_pairs(pairs: Any) -> Any:
        names = {name for name, _ in pairs if isinstance(name, str)}
        if len(names) == len(pairs):
            return dict(pairs)
        return [list(pair) for pair in pairs]

    converter.register_structure_hook_func(is_pairs, structure_pairs)
    converter.register_unstructure_hook_func(is_pairs, unstructure_pairs)


def make_converter() -> cattrs.Converter:
    """Return a new cattrs converter configured for spendrules types (see the module docs).

    The module's functions share one such converter (built once per process);
    call this only to extend a converter of your own.

    Examples:
        >>> c = make_converter()
        >>> c is make_converter()
        False
        >>> c.unstructure(Decimal("1.10")), c.structure("2026-03-15", date)
        ('1.10', datetime.date(2026, 3, 15))
    """
    converter = _json_converter(forbid_extra_keys=True)
    _configure_objects(converter)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(str, _structure_str)
    converter.register_unstructure_hook(Fraction, _unstructure_fraction)
    converter.register_structure_hook(Fraction, _structure_fraction)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    _configure_tagged_unions(converter)
    _configure_pairs(converter)
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


#: A path as steps: a key of an object (``str``) or an index into an array (``int``).
_Steps = tuple[str | int, ...]

#: How much of a value ``errors`` shows: characters of a string or number, or
#: items and characters of an array or object, before it is cut.
_MAX_SHOWN = 200

#: A field name as spendrules' own errors write it: ``lines[2].amount``.
_FIELD_STEP = re.compile(r"\[([0-9]+)\]|\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']*)'\]")
_FIELD_HEAD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _leaves(
    exc: BaseException, steps: _Steps, tp: Any
) -> typing.Iterator[tuple[_Steps, Any, BaseException]]:
    """Each problem in ``exc`` with its path and the type being built there.

    Walks cattrs' exception tree in the order of ``cattrs.transform_error``, so
    that ``errors`` lists problems in the order of ``problems``.
    """
    if isinstance(exc, cattrs.IterableValidationError):
        items, rest = exc.group_exceptions()
        for sub, item in items:
            index = item.index
            step = index if isinstance(index, int) else str(index)
            yield from _leaves(sub, (*steps, step), item.type)
        for sub in rest:
            yield steps, exc.cl, sub
    elif isinstance(exc, cattrs.ClassValidationError):
        fields, rest = exc.group_exceptions()
        for sub, field in fields:
            yield from _leaves(sub, (*steps, field.name), field.type)
        for sub in rest:
            yield steps, exc.cl, sub
    else:
        yield steps, tp, exc


def _lookup(data: object, steps: _Steps) -> tuple[bool, object]:
    """Whether ``data`` has a value at ``steps``, and that value."""
    for step in steps:
        if isinstance(step, int) and isinstance(data, list | tuple) and step < len(data):
            data = data[step]
            continue
        if not isinstance(step, str) or not isinstance(data, Mapping) or step not in data:
            return False, None
        data = data[step]
    return True, data


def _field_steps(field: str) -> tuple[_Steps, bool]:
    """The steps of a field name such as ``lines[2].amount``, as far as they read.

    The flag tells whether they read to the end (``dimensions[].name`` does not).

    Examples:
        >>> _field_steps("lines[2].amount"), _field_steps("facts['a b']")
        ((('lines', 2, 'amount'), True), (('facts', 'a b'), True))
        >>> _field_steps("dimensions[].name"), _field_steps("[0]")
        ((('dimensions',), False), ((), False))
    """
    head = _FIELD_HEAD.match(field)
    if head is None:
        return (), False
    steps: list[str | int] = [head.group()]
    at = head.end()
    while (match := _FIELD_STEP.match(field, at)) is not None:
        index, name, key = match.groups()
        steps.append(int(index) if index is not None else name if name is not None else key)
        at = match.end()
    return tuple(steps), at == len(field)


def _weight(value: object, budget: int) -> int:
    """``budget`` less the size of ``value`` (items and characters), stopping below zero."""
    if isinstance(value, Mapping):
        value = [part for pair in value.items() for part in pair]
    if isinstance(value, list | tuple):
        budget -= 1
        for item in value:
            if budget < 0:
                break
            budget = _weight(item, budget)
        return budget
    if isinstance(value, str):
        return budget - len(value)
    if isinstance(value, int) and value.bit_length() > 256:  # repr may exceed int->str limits
        return -1
    return budget - len(repr(value))


def _shown_value(value: object) -> object:
    """The JSON value for ``errors``: as read, or as shortened text when huge."""
    if isinstance(value, str):
        return value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN] + "..."
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value.bit_length() > 256:
        return _preview(value)  # "<an integer of N bits>"
    if _weight(value, _MAX_SHOWN) < 0:
        return _preview(value)
    return value


def _type_constraint(exc: BaseException, tp: Any) -> str:
    """What a value must be, for exceptions that say no more than their type."""
    if isinstance(tp, type) and issubclass(tp, Enum) and isinstance(exc, ValueError):
        return f"one of {[member.value for member in tp]}"
    if tp == tuple[str, str]:
        return "a [name, value] pair"
    if isinstance(exc, TypeError | ValueError):
        return f"of type {tp.__name__ if isinstance(tp, type) else tp}"
    return f"valid ({exc})"


def _path(steps: _Steps) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else _member(step) for step in steps)


def _entry(steps: _Steps, constraint: str, value: object) -> dict[str, object]:
    names = [step for step in steps if isinstance(step, str)]
    return {
        "path": _path(steps),
        "field": names[-1] if names else None,
        "constraint": constraint,
        "value": _shown_value(value),
    }


def _entries(data: object, steps: _Steps, tp: Any, exc: BaseException) -> list[dict[str, object]]:
    """The ``errors`` entries of one problem, its path pushed down to the field at fault."""
    value = _lookup(data, steps)[1]
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        constraint = f"a field of {_type_name(exc.cl)}"
        return [
            _entry((*steps, key), constraint, _lookup(data, (*steps, key))[1])
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, KeyError):
        return [_entry(steps, "present", None)]
    if isinstance(exc, _RefusalError):
        if exc.member is not None:
            steps = (*steps, exc.member)
            value = _lookup(data, steps)[1]
        return [_entry(steps, exc.constraint, value)]
    if not (attrs.has(tp) and isinstance(value, Mapping)):  # raised by the hook of a value
        if isinstance(exc, InvalidInputError) and not (
            isinstance(tp, type) and issubclass(tp, Enum)
        ):
            return [_entry(steps, exc.constraint, value)]
        return [_entry(steps, _type_constraint(exc, tp), value)]
    # Raised by the constructor of an object: push the path down to the field it names.
    field, constraint = _named(exc)
    wanted, complete = _field_steps(field)
    if wanted and wanted[0] in attrs.fields_dict(tp):
        steps = (*steps, *wanted)
        found, value = _lookup(data, steps)
        if not (found and complete):
            value = getattr(exc, "value", value)
    return [_entry(steps, constraint, value)]


#: A type check's message: ``"account must be a str, not int: 5"``.
_TYPE_CHECK = re.compile(r"(\S+) must be (.+?), not [\w.]+(?::|$)", re.DOTALL)


def _named(exc: BaseException) -> tuple[str, str]:
    """The field an object's constructor names in ``exc`` (or ``""``), and the constraint."""
    if isinstance(exc, InvalidInputError):
        return exc.field, exc.constraint
    if isinstance(exc, CurrencyMismatchError):
        return exc.field, f"{_shown(exc.expected)} to match"
    if isinstance(exc, TypeError) and (check := _TYPE_CHECK.match(str(exc))):
        return check.group(1), check.group(2)
    return "", f"valid ({exc})"


def _errors(exc: BaseException, tp: Any, data: object) -> tuple[dict[str, object], ...]:
    return tuple(
        entry
        for steps, where, leaf in _leaves(exc, (), tp)
        for entry in _entries(data, steps, where, leaf)
    )


class _SharedConverter:
    """The one converter of this process, built on first use.

    Threads that ask at the same time wait on the lock and get the converter the
    first one built. Sharing it after that is safe: cattrs caches generated
    hooks with ``functools.lru_cache`` and keeps its generation state
    thread-local.
    """

    def __init__(self, build: Callable[[], cattrs.Converter] | None = None) -> None:
        self._build = build  # None: make_converter, looked up when first asked
        self._converter: cattrs.Converter | None = None
        self._lock = threading.Lock()

    def get(self) -> cattrs.Converter:
        converter = self._converter
        if converter is None:
            with self._lock:
                if self._converter is None:  # else another thread built it while we waited
                    self._converter = (self._build or make_converter)()
                converter = self._converter
        return converter


_SHARED = _SharedConverter()

#: A whole number written as text: optional sign, digits only.
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")


def _structure_int_cell(value: object, tp: object) -> int:
    """An integer, or a table cell holding one as text (``"3"``; never ``"3.0"``)."""
    if (
        isinstance(value, str)
        and _INTEGER_TEXT.fullmatch(value)
        and len(value) <= sys.get_int_max_str_digits()
    ):
        return int(value)
    return _structure_int(value, tp)


def _structure_bool_cell(value: object, tp: object) -> bool:
    """``true``/``false``, or a table cell holding one as text (``"true"``, ``"FALSE"``)."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return _structure_bool(value, tp)


def _make_cell_converter() -> cattrs.Converter:
    converter = make_converter()
    converter.register_structure_hook(int, _structure_int_cell)
    converter.register_structure_hook(bool, _structure_bool_cell)
    return converter


#: The converter of table cells (CSV): as the shared one, and integers and booleans as text.
_CELLS = _SharedConverter(_make_cell_converter)


def unstructure(obj: object) -> Any:
    """Return ``obj`` as plain JSON-ready data (dicts, lists, strings, numbers).

    Data that refers to itself, or nests past Python's recursion limit, is refused
    with [`InvalidInputError`][spendrules.errors.InvalidInputError] naming ``obj``.
    """
    try:
        return _SHARED.get().unstructure(obj)
    except RecursionError:
        raise InvalidInputError(
            "obj", obj, "data without cycles, nested a few hundred deep at most"
        ) from None


def structure(data: object, tp: type[T]) -> T:
    """Build a ``tp`` from plain data, or raise [`JSONInputError`][spendrules.errors.JSONInputError] with every bad path."""
    return _structure_with(_SHARED, data, tp)


def structure_cells(data: object, tp: type[T]) -> T:
    """As [`structure`][spendrules.serialization.structure], for a record read from a table.

    A CSV cell is text: an integer field also takes ``"3"`` and a boolean field
    ``"true"`` or ``"false"`` (any case). Everything else reads as ``structure``
    reads it (decimals and dates already arrive as text).

    Examples:
        >>> structure_cells("3", int), structure_cells("False", bool)
        (3, False)
        >>> structure_cells("3.0", int)
        Traceback (most recent call last):
        ...
        spendrules.errors.JSONInputError: invalid int: expected an integer, not str: '3.0' @ $
    """
    return _structure_with(_CELLS, data, tp)


def _structure_with(shared: _SharedConverter, data: object, tp: type[T]) -> T:
    if not isinstance(tp, type) and typing.get_origin(tp) is None:  # not a class or a type form
        raise TypeError(f"tp must be a type spendrules reads from JSON, not {_shown(tp):.200}")
    try:
        return shared.get().structure(data, tp)
    except cattrs.errors.StructureHandlerNotFoundError:
        raise TypeError(
            f"tp must be a type spendrules reads from JSON, not {_shown(tp):.200}"
        ) from None
    except (cattrs.BaseValidationError, SpendRulesError, TypeError, ValueError) as exc:
        raise JSONInputError(_type_name(tp), _problems(exc), _errors(exc, tp, data)) from None


#: The encoder for compact output. ``json.dumps(..., ensure_ascii=False)`` would build
#: one per call (a fifth of the cost of writing a payment schedule); an encoder keeps
#: no state between calls, so threads share it as they share the one ``json.dumps`` uses.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)

#: What [`to_json`][spendrules.serialization.to_json] writes: JSON has no NaN or Infinity, and Python prints no
#: integer longer than its integer-to-string limit.
_WRITABLE = (
    "data JSON can hold: no float NaN or Infinity, "
    f"no integer over {sys.get_int_max_str_digits()} digits"
)


def to_json(obj: object, *, indent: int | None = None) -> str:
    """Return ``obj`` as JSON text (Decimals as strings, dates ISO 8601, enums by value).

    Non-ASCII characters are written as themselves (``"€"``, not ``"\\u20ac"``);
    ``indent`` as for ``json.dumps``: ``None`` for one line, else the number of
    spaces per level, from 0 to `MAX_INDENT`. Data that JSON cannot hold (a
    float NaN or Infinity, an integer over Python's integer-to-string limit) is
    refused with [`InvalidInputError`][spendrules.errors.InvalidInputError] naming ``obj``.

    Examples:
        >>> to_json(1, indent=65)
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: indent must be None or an int from 0 to 64: 65
    """
    if indent is not None:
        check_int(indent, "indent")
        if not 0 <= indent <= MAX_INDENT:
            raise InvalidInputError("indent", indent, f"None or an int from 0 to {MAX_INDENT}")
    data = unstructure(obj)
    try:
        if indent is None:
            return _ENCODER.encode(data)
        return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a float NaN or Infinity, or an integer over the digit limit
        raise InvalidInputError("obj", obj, _WRITABLE) from None


def _type_name(tp: object) -> str:
    return getattr(tp, "__name__", None) or _preview(tp)


#: One JSON lexeme: a string (its closing quote optional, so that every string
#: start matches and a scan never restarts), a structural character, or a bare
#: word (a number, ``true``, ``false``, ``null``).
_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{},:]|[^\s\[\]{},:"]++', re.DOTALL)

#: Every byte but the four brackets: deleting them leaves a document's nesting profile.
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
#: The step in depth of each byte of that profile.
_NESTING = tuple(1 if byte in b"[{" else -1 if byte in b"]}" else 0 for byte in range(256))

_INTEGER = re.compile(r"-?([0-9]+)")


def _too_deep(text: str) -> bool:
    """Whether arrays and objects in ``text`` nest deeper than `MAX_JSON_DEPTH`.

    Brackets inside strings do not count. Every step but the last runs in C (a
    regular expression over the whole text would cost more than parsing it). In
    malformed text only what follows the first error can be misread, and the
    parser never reads past that error.
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:  # cannot nest that deep
        return False
    # Drop escaped backslashes, then escaped quotes: every quote left opens or closes a
    # string, so the pieces between them alternate outside, inside, outside...
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    outside = "".join(unescaped.split('"')[::2])
    brackets = outside.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_NESTING.__getitem__, brackets), initial=0)) > MAX_JSON_DEPTH


def _path_to(text: str, stop: Callable[[str, int], bool]) -> str:
    """Return the JSONPath of the first value in ``text`` whose lexeme satisfies ``stop``.

    See `_steps_to`.

    Examples:
        >>> _path_to('{"lines": [{"amount": 1}, {"amount": 22}]}', lambda t, d: t == "22")
        '$.lines[1].amount'
    """
    return _path(_steps_to(text, stop))


def _steps_to(text: str, stop: Callable[[str, int], bool]) -> _Steps:
    """Return the path steps of the first value in ``text`` whose lexeme satisfies ``stop``.

    ``stop(lexeme, depth)`` sees each value's first lexeme (``[``, ``{``, a string
    or a bare word) and the nesting depth of that value (``1`` for the top-level
    array or object). Works on malformed text too; no steps (``"$"``) when
    nothing matches.

    Examples:
        >>> _steps_to('{"lines": [{"amount": 1}, {"amount": 22}]}', lambda t, d: t == "22")
        ('lines', 1, 'amount')
        >>> _steps_to('[[[[1]]]]', lambda t, d: d > 3)
        (0, 0, 0)
    """
    steps: list[str | int] = []  # per open array: the index; per open object: the key
    key_next = False
    for match in _TOKEN.finditer(text):
        lexeme = match.group()
        if lexeme == ":":
            continue  # between a key, already taken, and its value
        if lexeme == ",":
            if steps and isinstance(steps[-1], int):
                steps[-1] += 1
            else:
                key_next = bool(steps)
        elif lexeme in ("]", "}"):
            if steps:
                steps.pop()
            key_next = False
        elif key_next:
            steps[-1] = lexeme[1:-1]
            key_next = False
        else:
            opens = lexeme in ("[", "{")
            if stop(lexeme, len(steps) + opens):
                return tuple(steps)
            if opens:
                steps.append(0 if lexeme == "[" else "")
                key_next = lexeme == "{"
    return ()


def _member(key: str) -> str:
    return f".{key}" if key.isidentifier() else f"[{key!r}]"


def _unreadable(
    type_name: str, message: str, constraint: str, steps: _Steps = (), value: object = None
) -> JSONInputError:
    """The error for text that cannot be read: one problem, as text and as data."""
    problem = f"{message} @ {_path(steps)}"
    return JSONInputError(type_name, (problem,), (_entry(steps, constraint, value),))


def _read_json(text: str | bytes, type_name: str) -> Any:
    """Parse ``text`` with exact decimals, refusing what the module docs list."""
    if isinstance(text, bytes | bytearray):
        encoding = json.detect_encoding(text)
        try:
            text = text.decode(encoding, "surrogatepass")  # as json.loads decodes bytes
        except UnicodeDecodeError as exc:
            # The utf-8-sig codec reports positions after the byte order mark it skipped.
            at = exc.start + (len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
            wanted = f"{exc.encoding.upper()} text"
            message = (
                f"expected {wanted}, found byte 0x{text[at]:02x} at position {at} ({exc.reason})"
            )
            raise _unreadable(type_name, message, wanted) from None
    if isinstance(text, str) and _too_deep(text):
        wanted = f"arrays and objects nested at most {MAX_JSON_DEPTH} deep"
        steps = _steps_to(text, lambda _lexeme, depth: depth > MAX_JSON_DEPTH)
        raise _unreadable(type_name, f"expected {wanted}", wanted, steps)
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})"
        raise _unreadable(type_name, message, "valid JSON") from None
    except InvalidOperation:  # a JSON number with an exponent past what Decimal holds
        wanted = "a number with an exponent Decimal can hold"
        numbers: list[str] = []

        def out_of_range(lexeme: str, _depth: int) -> bool:
            if lexeme[0] not in "-0123456789":
                return False
            try:
                Decimal(lexeme)
            except InvalidOperation:
                numbers.append(lexeme)
                return True
            return False

        steps = _steps_to(text, out_of_range)
        raise _unreadable(type_name, f"expected {wanted}", wanted, steps, numbers[0]) from None
    except ValueError:  # the only other one: an integer over Python's int->str digit limit
        limit = sys.get_int_max_str_digits()
        found: list[int] = []

        def too_long(lexeme: str, _depth: int) -> bool:
            digits = _INTEGER.fullmatch(lexeme)
            if digits is None or len(digits.group(1)) <= limit:
                return False
            found.append(len(digits.group(1)))
            return True

        wanted = f"an integer of at most {limit} digits"
        steps = _steps_to(text, too_long)
        value = "".join(f"<an integer of {digits} digits>" for digits in found) or None
        raise _unreadable(type_name, f"expected {wanted}", wanted, steps, value) from None


def from_json(text: str | bytes, tp: type[T]) -> T:
    """Read a ``tp`` from JSON text; JSON numbers are read as exact Decimals.

    Raises:
        JSONInputError: the text is not JSON (or bytes not valid in their
            encoding, nesting deeper than `MAX_JSON_DEPTH`, an integer
            over Python's digit limit), or does not fit ``tp``; the message
            lists each problem with its path.
        TypeError: ``text`` is neither ``str`` nor bytes.
    """
    return structure(_read_json(text, _type_name(tp)), tp)
