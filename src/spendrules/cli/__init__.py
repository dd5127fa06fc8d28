"""The ``spendrules`` command line (also ``python -m spendrules``).

``spendrules demo`` runs every rule family on bundled sample data and prints
the explained results (``spendrules demo TOPIC`` one family); each family adds
its own subcommands, one private module per family in this package. Every rule
command computes one item given by flags, or a batch of records (``--input``:
JSON lines or CSV, from a file or standard input; ``--output``: JSON lines, CSV
or text), one output record per input record, in order, carrying the input's id
(see ``spendrules.cli._batch``). Every subcommand takes ``--json`` for
machine-readable output.

Exit statuses: 0 every record computed (and every decision lets the spend go
ahead); 1 a decision is blocked or needs approval; 2 bad input; 3 with
``--keep-going``, some records failed (their error records were written). Bad
input is one line on standard error (one JSON object when JSON output was
asked), never a traceback: the errors caught are spendrules' own,
``ValueError``/``TypeError`` (which include JSON and Unicode decoding errors),
``OSError`` (a missing file, a directory) and ``ArithmeticError`` (a number too
large for the working precision). A reader that closes the pipe early ends the
command quietly.
"""

from __future__ import annotations

import argparse
import decimal
import importlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import NoReturn

from spendrules import __version__
from spendrules.calendars import Roll, WeekendCalendar, roll
from spendrules.errors import SpendRulesError
from spendrules.money import allocate

__all__ = ["build_parser", "main"]

#: The private modules that add a family's subcommands (``register``) and demo (``demo``).
_FAMILIES: tuple[str, ...] = (
    "spendrules.cli._budget",
    "spendrules.cli._payment_terms",
    "spendrules.cli._savings",
    "spendrules.cli._inventory",
    "spendrules.cli._interop",
    "spendrules.cli._policy",
)

#: The private modules that add a subcommand (``register``) but no demo.
_COMMANDS: tuple[str, ...] = ("spendrules.cli._schema", "spendrules.cli._scorecard")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _foundation_demo() -> str:
    parts = allocate(Decimal("1000.00"), [1, 1, 1], "USD")
    due = date(2026, 5, 30)
    lines = [
        "Money: 1000.00 USD in three equal installments -> "
        + ", ".join(str(p) for p in parts)
        + f" (sum {sum(parts)}; the first part takes the left-over cent).",
        f"Calendars: {due} is a Saturday; FOLLOWING gives "
        f"{roll(due, WeekendCalendar(), Roll.FOLLOWING)}, MODIFIED_FOLLOWING gives "
        f"{roll(due, WeekendCalendar(), Roll.MODIFIED_FOLLOWING)} (it stays in May).",
    ]
    return "\n".join(lines)


#: ``spendrules demo TOPIC``: the family modules whose demos each topic shows.
_TOPICS: dict[str, tuple[str, ...]] = {
    "payment-terms": ("spendrules.cli._payment_terms",),
    "savings": ("spendrules.cli._savings",),
    "inventory": ("spendrules.cli._inventory",),
    "budget": ("spendrules.cli._budget",),
    "interop": ("spendrules.cli._interop",),
    "policy": ("spendrules.cli._policy",),
    "scorecard": (),
}


def _run_demo(args: argparse.Namespace) -> int:
    topic = args.topic
    sections = [] if topic is not None else [("Foundation", _foundation_demo())]
    for name in _FAMILIES if topic is None else _TOPICS[topic]:
        module = importlib.import_module(name)
        sections.append((module.TITLE, module.demo()))
    for title, text in sections:
        print(f"== {title} ==")
        print(text)
        print()
    if topic in (None, "scorecard"):
        # Last: the scorecard of the sample data, written to a file whose path is printed.
        print("== Scorecard ==")
        print(importlib.import_module("spendrules.cli._scorecard").demo_report(args.out_dir))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every family's subcommands."""
    parser = _Parser(
        prog="spendrules",
        description="The rules finance and procurement agree on, explained.",
    )
    parser.add_argument("--version", action="version", version=f"spendrules {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    demo = commands.add_parser(
        "demo",
        help="run every rule family (or one TOPIC) on bundled sample data",
        description=(
            "Run every rule family on bundled sample data and end with the scorecard written to "
            "a file, or only one TOPIC."
        ),
    )
    demo.add_argument(
        "topic",
        nargs="?",
        choices=sorted(_TOPICS),
        metavar="TOPIC",
        help="one family only: " + ", ".join(sorted(_TOPICS)),
    )
    demo.add_argument(
        "--out-dir",
        metavar="DIR",
        help="where the demo writes scorecard.html (default: spendrules-demo in the temp dir)",
    )
    demo.set_defaults(func=_run_demo)
    for name in (*_FAMILIES, *_COMMANDS):
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input).

    A reader that closes the pipe early (``spendrules demo | head``) ends the run quietly,
    with status 0: what was printed is what the reader asked for.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    try:
        status: int = args.func(args)
    except BrokenPipeError:
        # Point standard output at /dev/null so that the interpreter's last flush is quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except decimal.DecimalException as exc:
        # decimal's own signals print as "[<class 'decimal.Overflow'>]": say what happened.
        message = (
            f"a number is too large or too small to compute with (decimal {type(exc).__name__})"
        )
        _fail(args, message, None)
        return 2
    except (SpendRulesError, ValueError, TypeError, OSError, ArithmeticError) as exc:
        lines = [line for line in str(exc).splitlines() if line.strip()]
        _fail(args, lines[0] if lines else type(exc).__name__, exc)
        return 2
    return status


def _fail(args: argparse.Namespace, message: str, exc: BaseException | None) -> None:
    """Say what was wrong on standard error: one line, or one JSON object for JSON output."""
    if not _json_output(args):
        print(f"spendrules: error: {message}", file=sys.stderr)
        return
    from spendrules.cli._batch import RecordError, failure_of  # noqa: PLC0415 - only on failure

    if isinstance(exc, RecordError):
        error = exc.as_json()
    elif exc is None:
        error = {"field": "input", "constraint": "", "value": None, "message": message}
    else:
        error = failure_of(exc)
    print(json.dumps({"ok": False, "error": error}, ensure_ascii=False), file=sys.stderr)


def _json_output(args: argparse.Namespace) -> bool:
    """True when the command was asked for JSON output (``--json`` or ``--output-format jsonl``)."""
    if getattr(args, "json", False):
        return True
    form = getattr(args, "output_format", None)
    output = getattr(args, "output", None) or ""
    return form == "jsonl" or (form is None and output.lower().endswith((".jsonl", ".json")))
