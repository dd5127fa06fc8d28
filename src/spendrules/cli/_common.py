"""Helpers shared by the ``spendrules`` subcommands (private)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from spendrules.errors import InvalidInputError
from spendrules.serialization import MAX_JSON_DEPTH, _too_deep, parse_iso_date, to_json

__all__ = ["date_arg", "decimal_arg", "emit", "read_input", "sample_text"]


def read_input(source: str) -> str:
    """Return the text of ``source``: a file path, or ``-`` for standard input.

    The bytes must be UTF-8 (a leading byte-order mark is dropped); anything
    else raises [`InvalidInputError`][spendrules.errors.InvalidInputError] naming the source and the offset of
    the first bad byte, instead of a decoding traceback or replacement characters.
    A missing file or a directory raises the ``OSError`` that names the path.
    """
    if source == "-":
        name = "standard input"
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream without bytes underneath (tests, notebooks)
            return sys.stdin.read().removeprefix("\ufeff")
        data: bytes = stream.read()
    else:
        name = source
        with open(source, "rb") as handle:
            data = handle.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            name, data[exc.start : exc.start + 8], f"UTF-8 text (bad byte at offset {exc.start})"
        ) from None


def sample_text(name: str) -> str:
    """Return the bundled sample file ``spendrules/data/<name>``."""
    return resources.files("spendrules").joinpath("data", name).read_text(encoding="utf-8")


def emit(result: Any, *, as_json: bool) -> None:
    """Print ``result`` as JSON or as its ``explain()`` text."""
    print(to_json(result, indent=2) if as_json else result.explain())


def decimal_arg(text: str) -> Decimal:
    """argparse type: an exact decimal number (never through float)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a decimal number: {text!r}") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def date_arg(text: str) -> date:
    """argparse type: an ISO 8601 date ``YYYY-MM-DD`` (no other ISO 8601 form)."""
    try:
        return parse_iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date (YYYY-MM-DD): {text!r}") from None


def load_json(text: str, field: str) -> Any:
    """Parse JSON text with exact decimals, or raise InvalidInputError naming ``field``.

    Arrays and objects nested deeper than
    `MAX_JSON_DEPTH` are refused before parsing
    (the parser would otherwise exhaust the interpreter's stack).
    """
    if _too_deep(text):
        raise InvalidInputError(
            field, text[:40], f"JSON nested at most {MAX_JSON_DEPTH} arrays or objects deep"
        )
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            field, text[:40], f"valid JSON ({exc.msg} at line {exc.lineno})"
        ) from None
