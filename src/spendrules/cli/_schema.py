"""The ``spendrules schema`` subcommand (private)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from spendrules.errors import InvalidInputError
from spendrules.schema import json_schema, schema_types

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add ``spendrules schema`` to the ``commands`` subparsers."""
    parser = commands.add_parser(
        "schema",
        help="print the JSON Schema of an input or result type",
        description=(
            "Print the JSON Schema (draft 2020-12) of the JSON that spendrules reads and "
            "writes for TYPE (e.g. PaymentSchedule, SpendRequest), or list the type names."
        ),
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("type", nargs="?", metavar="TYPE", help="a type name, as --list prints it")
    which.add_argument("--list", action="store_true", help="list the type names, one per line")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    types = schema_types()
    if args.list:
        print("\n".join(types))
        return 0
    if args.type not in types:
        raise InvalidInputError(
            "TYPE", args.type, "a type name listed by 'spendrules schema --list'"
        )
    print(json.dumps(json_schema(types[args.type]), indent=2, ensure_ascii=False))
    return 0
