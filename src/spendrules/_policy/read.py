"""Read a policy file: TOML through ``tomllib``, then strict structuring (private).

Numbers are read exactly (``parse_float=Decimal``: a TOML float's text becomes the
Decimal). The structuring converter is [`spendrules.serialization.make_converter`][spendrules.serialization.make_converter]
with hooks for TOML's own types: numbers only from TOML numbers (never a quoted
string), dates only from TOML dates (never a quoted date or a date-time), strings
only from TOML strings, arrays only from arrays, payment terms from trade notation,
service levels and KPIs from tables keyed by item class and KPI name. Every problem
is a [`PolicyFileError`][spendrules.errors.PolicyFileError] naming the key path and line.
"""

from __future__ import annotations

import ast
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from spendrules._policy.canonical import NONE, SECTIONS
from spendrules._policy.model import (
    AgreedPolicy,
    InventoryPolicy,
    KpiTarget,
    PaymentTermsPolicy,
    PolicyHeader,
    ServiceLevel,
    SignOff,
    SignOffStatus,
)
from spendrules._policy.reference import SOURCE, PolicyReference
from spendrules._policy.toml_lines import Steps, key_lines, line_of
from spendrules._policy.toml_write import key_text
from spendrules.budget import ApprovalMatrix, ControlPolicy
from spendrules.errors import InvalidInputError, PolicyFileError, SpendRulesError
from spendrules.payment_terms import PaymentTerms, parse_terms
from spendrules.savings import SavingsPolicy
from spendrules.serialization import _errors, _shown_value, make_converter
from spendrules.serialization import _WrongTypeError as _wrong_type

__all__ = ["key_path", "load", "loads", "with_sources"]

T = TypeVar("T")

#: The top-level keys of a policy file, in file order.
TOP_LEVEL = ("policy", "sign_off", *SECTIONS)

#: What each family section holds.
_SECTION_TYPES: dict[str, Any] = {
    "payment_terms": PaymentTermsPolicy,
    "savings": SavingsPolicy,
    "budget": ControlPolicy,
    "approvals": ApprovalMatrix,
    "inventory": InventoryPolicy,
    "kpis": tuple[KpiTarget, ...],
}


def key_path(steps: Steps) -> str:
    """A key path as TOML writes keys: ``budget.order.rules[0].usage``, ``kpis."on time"``.

    Examples:
        >>> key_path(("budget", "order", "rules", 0, "usage")), key_path(("kpis", "on time"))
        ('budget.order.rules[0].usage', 'kpis."on time"')
    """
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else ("." if out else "") + key_text(step)
    return out


def _wrong(value: object, constraint: str) -> InvalidInputError:
    return InvalidInputError("value", value, constraint)


_NUMBER = "a number, unquoted (0.95, 100000)"


def _decimal(value: object, _tp: object = Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _wrong(value, _NUMBER)
    if isinstance(value, int):
        return Decimal(value)
    if not value.is_finite():
        raise _wrong(value, "a finite number")
    return value


def _optional_decimal(value: object, _tp: object) -> Decimal | None:
    return None if value == NONE else _decimal(value)


def _is_optional_decimal(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (typing.Union, types.UnionType) and set(typing.get_args(tp)) == {
        Decimal,
        type(None),
    }


def _int(value: object, _tp: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(value, "a whole number, unquoted (12)")
    return value


def _string(value: object, tp: Any) -> Any:
    if not isinstance(value, str):
        raise _wrong(value, "a string, in quotes")
    return value if tp is str else tp(value)


def _date(value: object, _tp: object) -> date:
    if isinstance(value, datetime):
        raise _wrong(value, "a date without a time (2027-01-01)")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        raise _wrong(value, "a TOML date, unquoted (2027-01-01), not a string")
    raise _wrong(value, "a TOML date (2027-01-01)")


def _terms(value: object, _tp: object) -> PaymentTerms:
    if not isinstance(value, str):
        raise _wrong(value, "payment terms in trade notation, in quotes ('net 60')")
    try:
        return parse_terms(value)
    except (SpendRulesError, ValueError) as exc:
        raise _wrong(value, f"payment terms in trade notation ({exc})") from None


def _note(exc: Exception, key: str, tp: type) -> Exception:
    note = cattrs.IterableValidationNote(f"Structuring @ key {key!r}", key, tp)
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return exc


def _by_key(
    value: object, tp: Any, build: Callable[[str, object], T], item_type: type
) -> tuple[T, ...]:
    """Build one item per key of a TOML table, errors under the key (``kpis.otif.target``)."""
    if not isinstance(value, Mapping):
        raise _wrong(value, "a TOML table")
    items: list[T] = []
    errors: list[Exception] = []
    for key, item in value.items():
        try:
            items.append(build(key, item))
        except Exception as exc:  # collected and re-raised, as cattrs does
            errors.append(_note(exc, key, item_type))
    if errors:
        raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
    return tuple(items)


def _service_level(key: str, level: object) -> ServiceLevel:
    return ServiceLevel(key, _decimal(level))


def _kpi(key: str, fields: object) -> KpiTarget:
    if not isinstance(fields, Mapping):
        raise _wrong(fields, "a TOML table with definition, target and direction")
    if "name" in fields:
        raise ForbiddenExtraKeysError(None, KpiTarget, {"name"})
    kpi: KpiTarget = _CONVERTER.structure({"name": key, **fields}, KpiTarget)
    return kpi


def _tuple(value: object, tp: Any) -> Any:
    if tp == tuple[ServiceLevel, ...]:
        return _by_key(value, tp, _service_level, ServiceLevel)
    if tp == tuple[KpiTarget, ...]:
        return _by_key(value, tp, _kpi, KpiTarget)
    if not isinstance(value, list):
        raise _wrong(value, "an array ([...])")
    return _CONVERTER._structure_tuple(value, tp)  # cattrs' own, once checked


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _has_source(tp: Any) -> bool:
    return attrs.has(tp) and any(field.metadata.get(SOURCE) for field in attrs.fields(tp))


def _without_source(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Section objects from a table: their ``source`` is set by `loads`, never a key of the file."""

    def factory(cl: Any) -> Callable[[Any, Any], Any]:
        omitted: dict[str, Any] = {
            f.name: override(omit=True) for f in attrs.fields(cl) if f.metadata.get(SOURCE)
        }
        from_mapping = make_dict_structure_fn(
            cl, converter, _cattrs_forbid_extra_keys=True, **omitted
        )

        def structure(value: Any, tp: Any) -> Any:
            if not isinstance(value, Mapping):
                raise _wrong_type(
                    f"expected a JSON object, not {type(value).__name__}", "a JSON object"
                )
            return from_mapping(value, tp)

        return structure

    return factory


def _converter() -> cattrs.Converter:
    converter = make_converter()
    converter.register_structure_hook_factory(_has_source, _without_source(converter))
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(int, _int)
    converter.register_structure_hook(str, _string)
    converter.register_structure_hook(date, _date)
    converter.register_structure_hook(PaymentTerms, _terms)
    converter.register_structure_hook_func(_is_optional_decimal, _optional_decimal)
    converter.register_structure_hook_func(_is_tuple, _tuple)
    return converter


_CONVERTER = _converter()

#: JSONPath steps as [`spendrules.serialization`][spendrules.serialization] writes them: ``.name``, ``[2]``, ``['a b']``.
_STEP = re.compile(r"\.([^.\[\]]+)|\[([0-9]+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]")


def _steps_of(path: str) -> Steps:
    steps: list[str | int] = []
    at = 1  # after "$"
    while (match := _STEP.match(path, at)) is not None:
        name, index, quoted = match.groups()
        steps.append(
            name if name is not None else int(index) if index else ast.literal_eval(quoted)
        )
        at = match.end()
    return tuple(steps)


def _constraint(text: str) -> str:
    if text.startswith("a field of "):
        return f"a known key ({text})"
    return text.replace("a JSON object", "a TOML table")


class _Reader:
    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.source = source

    def error(self, steps: Steps, value: object, constraint: str) -> PolicyFileError:
        line = line_of(key_lines(self.text), steps)
        return PolicyFileError(key_path(steps), value, constraint, line, source=self.source)

    def build(self, data: object, tp: Any, steps: Steps) -> Any:
        try:
            return _CONVERTER.structure(data, tp)
        except (cattrs.BaseValidationError, SpendRulesError, TypeError, ValueError) as exc:
            entry = _errors(exc, tp, data)[0]
            where = (*steps, *_steps_of(str(entry["path"])))
            raise self.error(where, entry["value"], _constraint(str(entry["constraint"]))) from None

    def savings(self, data: object) -> SavingsPolicy:
        if not (isinstance(data, Mapping) and "preset" in data):
            policy: SavingsPolicy = self.build(data, SavingsPolicy, ("savings",))
            return policy
        name = data["preset"]
        for key in data:
            if key != "preset":
                raise self.error(
                    ("savings", key),
                    _shown_value(data[key]),
                    "absent when preset is set (a preset fixes every field)",
                )
        if not isinstance(name, str):
            raise self.error(("savings", "preset"), _shown_value(name), "a preset name, in quotes")
        try:
            return SavingsPolicy.preset(name)
        except InvalidInputError as exc:
            raise self.error(("savings", "preset"), name, exc.constraint) from None

    def sign_offs(self, data: object) -> tuple[SignOff, ...]:
        if isinstance(data, Mapping):
            raise self.error(
                ("sign_off",), None, "an array of tables ([[sign_off]], not [sign_off])"
            )
        sign_offs: tuple[SignOff, ...] = self.build(data, tuple[SignOff, ...], ("sign_off",))
        seen: dict[tuple[str, str], int] = {}
        for index, sign_off in enumerate(sign_offs):
            first = seen.setdefault((sign_off.role, sign_off.by), index)
            if first != index:
                raise self.error(
                    ("sign_off", index, "by"),
                    sign_off.by,
                    f"someone who has not signed as {sign_off.role} already (sign_off[{first}])",
                )
        return sign_offs

    def policy(self, data: dict[str, Any]) -> AgreedPolicy:
        for key in data:
            if key not in TOP_LEVEL:
                raise self.error((key,), key, f"a known section (one of {', '.join(TOP_LEVEL)})")
        if "policy" not in data:
            raise self.error(
                ("policy",),
                None,
                "present ([policy] with name, version, effective_from, reference_currency)",
            )
        sections: dict[str, Any] = {}
        for name in SECTIONS:
            if name not in data:
                continue
            if name == "savings":
                sections[name] = self.savings(data[name])
            else:
                sections[name] = self.build(data[name], _SECTION_TYPES[name], (name,))
        return AgreedPolicy(
            self.build(data["policy"], PolicyHeader, ("policy",)),
            self.sign_offs(data.get("sign_off", [])),
            **sections,
        )


_POSITION = re.compile(r"\(at line ([0-9]+), column ([0-9]+)\)$|\(at end of document\)$")


def _syntax_error(text: str, exc: tomllib.TOMLDecodeError, source: str | None) -> PolicyFileError:
    message = str(exc)
    match = _POSITION.search(message)
    lines = text.split("\n")
    if match is not None and match.group(1) is not None:
        line, column = int(match.group(1)), int(match.group(2))
    else:
        line, column = len(lines), len(lines[-1]) + 1
    reason = message[: match.start()].strip() if match else message
    return PolicyFileError(
        "", lines[line - 1].strip(), f"valid TOML ({reason})", line, column=column, source=source
    )


def loads(text: str, *, source: str | None = None) -> AgreedPolicy:
    """Read a policy from TOML text (see [`spendrules.policy.loads`][spendrules.policy.loads])."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if source is not None and not isinstance(source, str):
        raise TypeError(f"source must be a str or None, not {type(source).__name__}")
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(text, exc, source) from None
    return with_sources(_Reader(text, source).policy(data))


def with_sources(policy: AgreedPolicy) -> AgreedPolicy:
    """``policy`` with each section (and the reserve table) citing it: name, version,
    fingerprint, agreement, and the section's name (``ControlPolicy.source``, ...)."""
    agreement = policy.agreement()
    waiting = tuple(
        role.role for role in agreement.roles if role.status is not SignOffStatus.CURRENT
    )

    def cite(section: str) -> PolicyReference:
        header = policy.header
        return PolicyReference(
            header.name, header.version, agreement.fingerprint, section, agreement.agreed, waiting
        )

    sections: dict[str, Any] = {}
    for name in SECTIONS:
        section = getattr(policy, name)
        if section is None or name == "kpis":
            continue
        sections[name] = attrs.evolve(section, source=cite(name))
    inventory = sections.get("inventory")
    if inventory is not None and inventory.reserve is not None:
        reserve = attrs.evolve(inventory.reserve, source=cite("inventory"))
        sections["inventory"] = attrs.evolve(inventory, reserve=reserve)
    return attrs.evolve(policy, **sections)


def load(path: str | os.PathLike[str]) -> AgreedPolicy:
    """Read a policy file (see [`spendrules.policy.load`][spendrules.policy.load])."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    name = os.fspath(path)
    with open(name, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PolicyFileError(
            "",
            data[exc.start : exc.start + 8],
            f"UTF-8 text (bad byte at offset {exc.start})",
            line,
            source=name,
        ) from None
    return loads(text, source=name)
