"""JSON in and out for every spendrules input and result, through cattrs.

:func:`make_converter` returns a *new* private :class:`cattrs.Converter` on
each call (the global cattrs converter is never touched). :func:`to_json`,
:func:`from_json`, :func:`structure` and :func:`unstructure` share one such
converter per process, built on first use under a lock and never handed out,
so no caller can change it; cattrs caches the hook it generates for each type
in it, which is what makes a call cheap (building a converter and its hooks
costs milliseconds; see ``bench/serialization_json.py``). Every converter is
configured so that:

* ``Decimal`` travels as a JSON string with its scale kept (``"1.10"``);
  input may also be a JSON number (read exactly, never through ``float``) or
  an ``int``; a Python ``float``, NaN or Infinity is refused;
* ``Fraction`` travels as ``"1/3"``;
* ``date`` travels as ISO 8601 ``"2026-03-15"``; only that ``YYYY-MM-DD`` form is
  read (not ``"20260315"``, a week date or a datetime string);
* enums travel by value (``"modified_following"``);
* a field typed as a union of attrs classes carries a ``"type"`` tag with the
  class name;
* an attrs class is read only from a JSON object: a string, array, number or
  null in its place is refused naming the path (``@ $.terms``);
* unknown keys are rejected (strict input for ERP integrations), and errors
  give the path of each bad field (``@ $.lines[2].amount``).

:func:`from_json` refuses, as :class:`~spendrules.errors.JSONInputError` naming
the path and the limit, before structuring: bytes that are not valid in their
encoding (UTF-8, or UTF-16/32 as ``json.loads`` detects them), arrays and
objects nested more than :data:`MAX_JSON_DEPTH` deep (checked before parsing,
so the parser never runs out of stack), and integers longer than Python's
integer-to-string limit (``sys.get_int_max_str_digits()``, 4300 digits by
default). Decimals written as JSON numbers (``1.5``, ``1e6``) are read exactly
and have no such limit.

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

import codecs
import json
import re
import reprlib
import sys
import threading
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from itertools import accumulate
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.preconf.json import make_converter as _json_converter
from cattrs.v import format_exception

from spendrules.errors import InvalidInputError, JSONInputError, SpendRulesError

__all__ = [
    "MAX_JSON_DEPTH",
    "from_json",
    "make_converter",
    "parse_iso_date",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")

#: Name of the key that tells which class a union member is.
TAG = "type"

#: How deep :func:`from_json` lets arrays and objects nest. No spendrules type
#: nests deeper than about a dozen levels (a payment schedule with SAP day limits:
#: eleven), so deeper JSON fits none of them; refusing it before parsing keeps the
#: parser off Python's recursion limit.
MAX_JSON_DEPTH = 100


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


#: Short ``repr`` for error messages: a huge string or list is cut, not copied whole.
_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def _preview(value: object) -> str:
    """``repr(value)`` shortened for a message (an integer too long to print by its size)."""
    if isinstance(value, int) and value.bit_length() > 256:  # repr may exceed int->str limits
        return f"<an integer of {value.bit_length()} bits>"
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
                raise TypeError(msg)
            return from_mapping(value, tp)

        return structure_object

    converter.register_structure_hook_factory(attrs.has, structure_factory)


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


class _SharedConverter:
    """The one converter of this process, built on first use.

    Threads that ask at the same time wait on the lock and get the converter the
    first one built. Sharing it after that is safe: cattrs caches generated
    hooks with ``functools.lru_cache`` and keeps its generation state
    thread-local.
    """

    def __init__(self) -> None:
        self._converter: cattrs.Converter | None = None
        self._lock = threading.Lock()

    def get(self) -> cattrs.Converter:
        converter = self._converter
        if converter is None:
            with self._lock:
                if self._converter is None:  # else another thread built it while we waited
                    self._converter = make_converter()
                converter = self._converter
        return converter


_SHARED = _SharedConverter()


def unstructure(obj: object) -> Any:
    """Return ``obj`` as plain JSON-ready data (dicts, lists, strings, numbers)."""
    return _SHARED.get().unstructure(obj)


def structure(data: object, tp: type[T]) -> T:
    """Build a ``tp`` from plain data, or raise :class:`JSONInputError` with every bad path."""
    try:
        return _SHARED.get().structure(data, tp)
    except (cattrs.BaseValidationError, SpendRulesError, TypeError, ValueError) as exc:
        raise JSONInputError(_type_name(tp), _problems(exc)) from None


#: The encoder for compact output. ``json.dumps(..., ensure_ascii=False)`` would build
#: one per call (a fifth of the cost of writing a payment schedule); an encoder keeps
#: no state between calls, so threads share it as they share the one ``json.dumps`` uses.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def to_json(obj: object, *, indent: int | None = None) -> str:
    """Return ``obj`` as JSON text (Decimals as strings, dates ISO 8601, enums by value).

    Non-ASCII characters are written as themselves (``"€"``, not ``"\\u20ac"``);
    ``indent`` as for ``json.dumps``.
    """
    data = unstructure(obj)
    if indent is None:
        return _ENCODER.encode(data)
    return json.dumps(data, indent=indent, ensure_ascii=False)


def _type_name(tp: object) -> str:
    return getattr(tp, "__name__", str(tp))


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
    """Whether arrays and objects in ``text`` nest deeper than :data:`MAX_JSON_DEPTH`.

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

    ``stop(lexeme, depth)`` sees each value's first lexeme (``[``, ``{``, a string
    or a bare word) and the nesting depth of that value (``1`` for the top-level
    array or object). Works on malformed text too; ``"$"`` when nothing matches.

    Examples:
        >>> _path_to('{"lines": [{"amount": 1}, {"amount": 22}]}', lambda t, d: t == "22")
        '$.lines[1].amount'
        >>> _path_to('[[[[1]]]]', lambda t, d: d > 3)
        '$[0][0][0]'
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
                return "$" + "".join(
                    f"[{step}]" if isinstance(step, int) else _member(step) for step in steps
                )
            if opens:
                steps.append(0 if lexeme == "[" else "")
                key_next = lexeme == "{"
    return "$"


def _member(key: str) -> str:
    return f".{key}" if key.isidentifier() else f"[{key!r}]"


def _read_json(text: str | bytes, type_name: str) -> Any:
    """Parse ``text`` with exact decimals, refusing what the module docs list."""
    if isinstance(text, bytes | bytearray):
        encoding = json.detect_encoding(text)
        try:
            text = text.decode(encoding, "surrogatepass")  # as json.loads decodes bytes
        except UnicodeDecodeError as exc:
            # The utf-8-sig codec reports positions after the byte order mark it skipped.
            at = exc.start + (len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
            problem = (
                f"expected {exc.encoding.upper()} text, found byte 0x{text[at]:02x} "
                f"at position {at} ({exc.reason}) @ $"
            )
            raise JSONInputError(type_name, (problem,)) from None
    if isinstance(text, str) and _too_deep(text):
        path = _path_to(text, lambda _lexeme, depth: depth > MAX_JSON_DEPTH)
        problem = f"expected arrays and objects nested at most {MAX_JSON_DEPTH} deep @ {path}"
        raise JSONInputError(type_name, (problem,))
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise JSONInputError(
            type_name, (f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}) @ $",)
        ) from None
    except ValueError:  # the only other one: an integer over Python's int->str digit limit
        limit = sys.get_int_max_str_digits()

        def too_long(lexeme: str, _depth: int) -> bool:
            digits = _INTEGER.fullmatch(lexeme)
            return digits is not None and len(digits.group(1)) > limit

        problem = f"expected an integer of at most {limit} digits @ {_path_to(text, too_long)}"
        raise JSONInputError(type_name, (problem,)) from None


def from_json(text: str | bytes, tp: type[T]) -> T:
    """Read a ``tp`` from JSON text; JSON numbers are read as exact Decimals.

    Raises:
        JSONInputError: the text is not JSON (or bytes not valid in their
            encoding, nesting deeper than :data:`MAX_JSON_DEPTH`, an integer
            over Python's digit limit), or does not fit ``tp``; the message
            lists each problem with its path.
        TypeError: ``text`` is neither ``str`` nor bytes.
    """
    return structure(_read_json(text, _type_name(tp)), tp)
