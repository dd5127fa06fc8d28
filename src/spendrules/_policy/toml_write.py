"""A small TOML writer for policy data: tables, arrays of tables, scalars (private).

Writes what `spendrules._policy.canonical.policy_data` holds: dicts (tables),
lists of dicts (arrays of tables), lists of scalars (inline arrays), and ``str``,
``bool``, ``int``, ``Decimal`` and ``date`` values. Decimals are written as their
text (``0.95``, ``1E+3``, ``100``), so ``tomllib`` with ``parse_float=Decimal`` reads
back the same number.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["dumps", "key_text", "value_text"]

_BARE = re.compile(r"[A-Za-z0-9_-]+", re.ASCII)
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def key_text(key: str) -> str:
    """A key as TOML writes it: bare when it can be, else a quoted string.

    Examples:
        >>> key_text("cost_of_capital"), key_text("on-time delivery")
        ('cost_of_capital', '"on-time delivery"')
    """
    return key if _BARE.fullmatch(key) else _string(key)


def value_text(value: object) -> str:
    """A value as TOML writes it inline.

    Examples:
        >>> value_text(Decimal("0.95")), value_text(date(2027, 1, 1)), value_text(["a", True])
        ('0.95', '2027-01-01', '["a", true]')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{key_text(k)} = {value_text(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"value must be TOML data, not {type(value).__name__}: {value!r}")


def _is_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(lines: list[str], path: tuple[str, ...], data: dict[str, Any]) -> None:
    for key, value in data.items():
        if not isinstance(value, dict) and not _is_tables(value):
            lines.append(f"{key_text(key)} = {value_text(value)}")
    for key, value in data.items():
        if isinstance(value, dict):
            header = ".".join(key_text(part) for part in (*path, key))
            lines += ["", f"[{header}]"]
            _table(lines, (*path, key), value)
    for key, value in data.items():
        if _is_tables(value):
            header = ".".join(key_text(part) for part in (*path, key))
            for item in value:
                lines += ["", f"[[{header}]]"]
                _table(lines, (*path, key), item)


def dumps(data: dict[str, Any], *, order: tuple[str, ...] = ()) -> str:
    """Return ``data`` as TOML text; top-level keys in ``order`` come first, in that order.

    Examples:
        >>> print(dumps({"policy": {"name": "x"}, "sign_off": [{"role": "finance"}]}))
        [policy]
        name = "x"
        <BLANKLINE>
        [[sign_off]]
        role = "finance"
        <BLANKLINE>
    """
    lines: list[str] = []
    ranked = sorted(data, key=lambda key: order.index(key) if key in order else len(order))
    for key in ranked:
        _table(lines, (), {key: data[key]})
    return "\n".join(lines).lstrip("\n") + "\n"
