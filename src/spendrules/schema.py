"""JSON Schema (draft 2020-12) for every spendrules input and result type.

[json_schema][spendrules.schema.json_schema] builds the schema of a type from
its attrs fields and their annotations, following what
[to_json][spendrules.serialization.to_json] writes and
[from_json][spendrules.serialization.from_json] reads:

* an attrs class is an object with one property per field, ``additionalProperties:
  false`` (unknown keys are refused), and the fields without a default
  ``required``;
* ``Decimal`` is a string holding a decimal number (``"1.10"``, ``"-2E+3"``) or a
  JSON number;
* ``Fraction`` is a string such as ``"1/3"`` or ``"2"`` (the denominator not
  zero), or a JSON integer;
* ``str`` is a string, or a number or boolean (read as its text);
* ``date`` is a string of format ``date`` in the ISO 8601 form ``YYYY-MM-DD``;
* an enum is one of its values;
* a tuple is an array; a frozenset an array of distinct items;
* ``X | None`` also allows ``null``;
* a union of attrs classes (``NetDays | NetMonths | ...``) is one of its members,
  each an object carrying a ``"type"`` key with the class name;
* ``(name, value)`` pairs (``dimensions``, ``Reason.facts``, ``Hierarchy.parents``,
  a split finding's ``group``) are an object of strings, or an array of
  ``[name, value]`` pairs.

The schema accepts exactly the JSON values that
[from_json][spendrules.serialization.from_json] reads for each field, which
include, besides what [to_json][spendrules.serialization.to_json] writes, a
``Decimal`` or ``Fraction`` written as a JSON number and a number or boolean
where a string belongs. Constraints that only the constructors check (an
amount that must be positive, a currency code that must exist, dates that must
be in order) are not in the schema; [from_json][spendrules.serialization.from_json]
reports them with their path.

Nested classes and enums are in ``$defs`` under their public name (a member of
a tagged union under ``<name>.tagged``, with its ``"type"`` key);
[schema_types][spendrules.schema.schema_types] lists the names
(``spendrules schema --list``). A name exported by two public modules for two
different types is prefixed with the module (``budget.Basis``,
``payment_terms.Basis``).

Examples:
    >>> from spendrules.results import Reason
    >>> schema = json_schema(Reason)
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> schema["required"], schema["additionalProperties"]
    (['code', 'message'], False)
    >>> schema["properties"]["severity"]
    {'$ref': '#/$defs/Severity'}
    >>> schema["$defs"]["Severity"]["enum"]
    ['info', 'warning', 'error']
    >>> schema_types()["PaymentSchedule"]
    <class 'spendrules._terms.schedule.PaymentSchedule'>

References:
    JSON Schema draft 2020-12, https://json-schema.org/draft/2020-12/json-schema-core
    and https://json-schema.org/draft/2020-12/json-schema-validation.
"""

from __future__ import annotations

import copy
import importlib
import types
import typing
from collections import Counter
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from spendrules.errors import _shown
from spendrules.serialization import _DECIMAL_PATTERN, _FRACTION_PATTERN, TAG

__all__ = ["DIALECT", "json_schema", "schema_types"]

#: The ``$schema`` of every schema [json_schema][spendrules.schema.json_schema] returns.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The public modules whose attrs classes and enums have a schema, by short name.
_MODULES = (
    "money",
    "calendars",
    "results",
    "payment_terms",
    "savings",
    "inventory",
    "budget",
    "interop",
    "policy",
    "kpis",
    "scorecard",
)

#: The one date form [from_json][spendrules.serialization.from_json] reads.
_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_PAIRS = tuple[tuple[str, str], ...]

#: A ``str`` field: a JSON string, or a number or boolean that from_json reads as its text.
_TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"]}


def _pairs_schema() -> dict[str, Any]:
    """``(name, value)`` pairs: an object of strings, or an array of two-string arrays."""
    pair = {
        "type": "array",
        "prefixItems": [dict(_TEXT), dict(_TEXT)],
        "items": False,
        "minItems": 2,
    }
    return {
        "anyOf": [
            {"type": "object", "additionalProperties": dict(_TEXT)},
            {"type": "array", "items": pair},
        ]
    }


_SCALARS: dict[object, dict[str, Any]] = {
    str: _TEXT,
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    Decimal: {"anyOf": [{"type": "string", "pattern": _DECIMAL_PATTERN}, {"type": "number"}]},
    Fraction: {"anyOf": [{"type": "string", "pattern": _FRACTION_PATTERN}, {"type": "integer"}]},
    date: {"type": "string", "format": "date", "pattern": _DATE_PATTERN},
}


def _has_schema(obj: object) -> bool:
    return isinstance(obj, type) and (attrs.has(obj) or issubclass(obj, Enum))


def schema_types() -> dict[str, type]:
    """Return every type with a schema, by its public name, sorted by name.

    These are the attrs classes and enums in the ``__all__`` of
    ``spendrules.money``, ``calendars``, ``results``, ``payment_terms``,
    ``savings``, ``inventory``, ``budget`` and ``interop``. A name that two
    modules export for two different types is prefixed with each module's
    short name (``budget.Basis``).

    Examples:
        >>> names = schema_types()
        >>> "SpendRequest" in names, "Basis" in names, "budget.Basis" in names
        (True, False, True)
    """
    found: list[tuple[str, str, type]] = []
    for short in _MODULES:
        module = importlib.import_module(f"spendrules.{short}")
        found += [
            (short, name, obj)
            for name in module.__all__
            if _has_schema(obj := getattr(module, name))
        ]
    distinct = {(name, obj) for _short, name, obj in found}
    clashes = Counter(name for name, _obj in distinct)
    named: dict[str, type] = {}
    for short, name, obj in found:
        key = f"{short}.{name}" if clashes[name] > 1 else name
        named.setdefault(key, obj)
    return dict(sorted(named.items()))


def _tagged_members(tp: Any) -> tuple[tuple[type, ...], bool] | None:
    """The attrs classes of a union of two or more, and whether it allows None."""
    args = typing.get_args(tp)
    members = tuple(arg for arg in args if arg is not type(None))
    if len(members) < 2 or not all(attrs.has(arg) for arg in members):
        return None
    return members, len(members) < len(args)


class _Builder:
    """Builds one schema: the root type inline, every other class in ``$defs``."""

    def __init__(self, root: type) -> None:
        self.root = root
        self.public = {obj: name for name, obj in schema_types().items()}
        self.names: dict[tuple[type, bool], str] = {}
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type, *, tagged: bool = False) -> dict[str, Any]:
        if cls is self.root and not tagged:
            return {"$ref": "#"}
        key = (cls, tagged)
        if key not in self.names:
            name = self.public.get(cls, cls.__qualname__)
            if tagged:
                name = f"{name}.tagged"
            if name in self.defs:  # a private class named like another one
                name = f"{cls.__module__}.{name}"
            self.names[key] = name
            self.defs[name] = {}  # reserved, so that a cycle refers to it
            self.defs[name] = self.definition(cls, tagged=tagged)
        return {"$ref": f"#/$defs/{self.names[key]}"}

    def definition(self, cls: type, *, tagged: bool = False) -> dict[str, Any]:
        schema: dict[str, Any] = {"title": cls.__name__}
        doc = (cls.__doc__ or "").strip()
        if doc:
            schema["description"] = doc.split("\n\n", 1)[0].replace("\n", " ")
        if issubclass(cls, Enum):
            schema["enum"] = [member.value for member in cls]
            return schema
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tagged:
            properties[TAG] = {"const": cls.__name__}
            required.append(TAG)
        for field in attrs.fields(typing.cast("type[attrs.AttrsInstance]", cls)):
            properties[field.name] = self.annotation(hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema.update(
            type="object", properties=properties, required=required, additionalProperties=False
        )
        return schema

    def annotation(self, tp: Any) -> dict[str, Any]:
        if tp in _SCALARS:
            return copy.deepcopy(_SCALARS[tp])
        if tp == _PAIRS:
            return _pairs_schema()
        if _has_schema(tp):
            return self.ref(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            tagged = _tagged_members(tp)
            if tagged is not None:
                members, optional = tagged
                one_of = [self.ref(cls, tagged=True) for cls in members]
                return {"oneOf": one_of + ([{"type": "null"}] if optional else [])}
            return {
                "anyOf": [
                    {"type": "null"} if arg is type(None) else self.annotation(arg) for arg in args
                ]
            }
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.annotation(args[0])}
        if origin is frozenset:
            return {"type": "array", "items": self.annotation(args[0]), "uniqueItems": True}
        raise TypeError(f"no JSON Schema for the annotation {_shown(tp)}")


def json_schema(tp: type) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the JSON form of ``tp``.

    Args:
        tp: an attrs class or an enum, such as
            [PaymentSchedule][spendrules.payment_terms.PaymentSchedule] or
            [Stage][spendrules.budget.Stage] (see [schema_types][spendrules.schema.schema_types]).

    Returns:
        A new dict (``json.dumps`` writes it as is): ``$schema``, the schema of
        ``tp`` itself, and ``$defs`` for every other class and enum it uses.

    Raises:
        TypeError: ``tp`` is not an attrs class or an enum, or one of its fields
            has an annotation with no JSON form.

    Examples:
        >>> from spendrules.budget import Stage
        >>> json_schema(Stage)["enum"]
        ['requisition', 'order', 'actual']
        >>> json_schema(Decimal)
        Traceback (most recent call last):
        ...
        TypeError: tp must be an attrs class or an enum: <class 'decimal.Decimal'>
    """
    if not _has_schema(tp):
        raise TypeError(f"tp must be an attrs class or an enum: {_shown(tp)}")
    builder = _Builder(tp)
    body = builder.definition(tp)
    schema: dict[str, Any] = {"$schema": DIALECT, **body}
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema
