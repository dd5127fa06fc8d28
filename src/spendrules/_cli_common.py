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
from spendrules.serialization import to_json

__all__ = ["date_arg", "decimal_arg", "emit", "read_input", "sample_text"]


def read_input(source: str) -> str:
    """Return the text of ``source``: a file path, or ``-`` for standard input."""
    if source == "-":
        return sys.stdin.read()
    with open(source, encoding="utf-8") as handle:
        return handle.read()


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
    """argparse type: an ISO 8601 date ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date (YYYY-MM-DD): {text!r}") from None


def load_json(text: str, field: str) -> Any:
    """Parse JSON text with exact decimals, or raise InvalidInputError naming ``field``."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            field, text[:40], f"valid JSON ({exc.msg} at line {exc.lineno})"
        ) from None
