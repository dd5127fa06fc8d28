"""Batch input and output for the rule commands (private).

Every rule command reads one item given by flags, or many records with
``--input PATH`` (``-`` reads standard input):

* **JSON lines**: one JSON object per line; numbers are read exactly
  (``0.1`` is ``Decimal("0.1")``), blank lines are skipped.
* **CSV**: a header row, then one record per row. A dotted header nests
  (``demand.mean`` is ``{"demand": {"mean": ...}}``), an empty cell is left out
  (the field's default applies), a cell that starts with ``[`` or ``{`` is read
  as JSON (a list or an object), and every other cell is text: decimals and
  dates read exactly from it, integers from ``"3"``, booleans from ``"true"``.

The format follows the file's extension (``.csv`` is CSV, anything else JSON
lines) unless ``--input-format`` says. Records are read, computed and written
one at a time (a batch of any size streams), in input order, one output record
per input record carrying the input's id column (``--id-column``, default
``id``) and its line number.

Output (``--output PATH``, default standard output; the format follows the
extension, else ``--output-format``, else ``text``, or ``jsonl`` with ``--json``):

* ``jsonl``: ``{"line": 3, "id": "A-1", "ok": true, "result": {...}}`` per
  record, or ``{"line": 4, "id": "A-2", "ok": false, "error": {...}}``;
* ``csv``: the columns ``line``, ``id``, ``ok``, the command's result columns,
  then ``error_field``, ``error_constraint``, ``error_value``, ``error_message``;
* ``text``: each result's explanation, one block per record.

A bad record stops the command with status 2 and a message naming its line,
field, constraint and value; the records before it are already written. With
``--keep-going`` it becomes an error record and the rest are computed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import IO, Any, Final, TextIO

import attrs

from spendrules.cli._common import load_json
from spendrules.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    JSONInputError,
    ParseError,
    SpendRulesError,
)
from spendrules.serialization import to_json, unstructure

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_DECISION",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_STATUS_HELP",
    "RECORD_ERRORS",
    "BatchRule",
    "Grouped",
    "RecordError",
    "Row",
    "Writer",
    "add_batch_arguments",
    "exit_status",
    "failure_of",
    "open_output",
    "output_format",
    "read_records",
    "run_batch",
    "write_records",
]

#: Every record computed (and every decision lets the spend go ahead).
EXIT_OK: Final = 0
#: Every record computed; at least one decision is blocked or needs approval.
EXIT_DECISION: Final = 1
#: Bad input: a usage error, or (without ``--keep-going``) the first bad record.
EXIT_BAD_INPUT: Final = 2
#: ``--keep-going``: at least one record failed (its error record was written).
EXIT_SOME_FAILED: Final = 3

#: The exit statuses, as every rule command's ``--help`` prints them.
EXIT_STATUS_HELP: Final = """\
exit status:
  0  every record computed (and every decision lets the spend go ahead)
  1  every record computed; at least one decision is blocked or needs approval
  2  bad input: a usage error, or the first bad record without --keep-going
     (the records before it are written; the message names line, field and value)
  3  --keep-going: at least one record failed; its error record was written and
     the other records computed"""

#: What one bad record raises: spendrules' own errors and the standard library's
#: for bad values (a number too large for the working precision is an ArithmeticError).
RECORD_ERRORS: Final = (SpendRulesError, ValueError, TypeError, ArithmeticError)

_INPUT_FORMATS: Final = ("jsonl", "csv")
_OUTPUT_FORMATS: Final = ("text", "jsonl", "csv")
_ERROR_COLUMNS: Final = ("error_field", "error_constraint", "error_value", "error_message")


#: One record as read: its line, its id, and the record or the error reading it.
Row = tuple[int, object, "dict[str, Any] | Exception"]
#: One record made of rows: its first line, id, record (or error) and the lines of its rows.
Grouped = tuple[int, object, "dict[str, Any] | Exception", Sequence[int]]


@attrs.frozen
class BatchRule:
    """What one command computes for one record.

    Attributes:
        convert: Builds the rule's input from one record (a dict read from JSON
            or CSV; ``cells`` is True for CSV, whose values are text).
        compute: The rule: the input to its result.
        row: The result's cells for CSV output, in ``columns`` order.
        columns: The CSV result columns.
        fields: The record keys the input type reads; an id column among them
            is kept in the record, any other id column is taken out before ``convert``.
        held: True when a result is a decision that does not let the spend go
            ahead (blocked, needs approval): the command then exits 1.
        group: For CSV input whose records span several rows (one request of
            many lines): turns the rows ``(line, id, record)`` into records
            ``(line, id, record, row lines)``; ``None``: one row, one record.
        locate: The line an error record names: from the failure, the record's
            line and its row lines (default: the record's line).
    """

    convert: Callable[[dict[str, Any], bool], Any]
    compute: Callable[[Any], Any]
    row: Callable[[Any], Sequence[Any]]
    columns: tuple[str, ...]
    fields: frozenset[str] = frozenset()
    held: Callable[[Any], bool] = attrs.field(default=lambda _result: False)
    group: Callable[[Iterator[Row]], Iterator[Grouped]] | None = None
    locate: Callable[[Mapping[str, Any], int, Sequence[int]], int] = attrs.field(
        default=lambda _failure, line, _lines: line
    )


class RecordError(SpendRulesError, ValueError):
    """One record of a batch is bad: its line, id, and the field-level failure."""

    def __init__(self, line: int, ident: object, failure: Mapping[str, Any]) -> None:
        where = f"line {line}" + ("" if ident is None else f" (id {ident!r})")
        message = str(failure["message"])
        own = f"line {line} "  # a reader's error that names the line already
        self.message = (
            where + message[len(own) - 1 :] if message.startswith(own) else f"{where}: {message}"
        )
        super().__init__(self.message)
        self.args = (line, ident, dict(failure))
        self.line = line
        self.ident = ident
        self.failure = dict(failure)

    def __str__(self) -> str:
        return self.message

    def as_json(self) -> dict[str, Any]:
        """The error record: line, id and the failure's field, constraint, value and message."""
        return {"line": self.line, "id": self.ident, **self.failure}


def add_batch_arguments(parser: argparse.ArgumentParser, *, what: str) -> Any:
    """Add the batch flags (``--input`` ... ``--keep-going``) to a command's parser.

    Args:
        parser: The command's parser; its epilog becomes the exit statuses.
        what: What one input record is, for the help text (e.g. ``"StockItem"``).

    Returns:
        The argument group, for a command's own batch flags.
    """
    parser.epilog = EXIT_STATUS_HELP
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    if parser.description and "\n" not in parser.description:
        # shown as written from now on: wrap a one-paragraph description as argparse would
        parser.description = textwrap.fill(parser.description, width=79)
    group = parser.add_argument_group("batch (many records)")
    group.add_argument(
        "--input",
        metavar="PATH",
        help=f"records, one {what} each: JSON lines or CSV ('-' reads standard input)",
    )
    group.add_argument(
        "--input-format",
        choices=_INPUT_FORMATS,
        help="default: csv for a .csv file, else jsonl",
    )
    group.add_argument("--output", metavar="PATH", help="write here (default: standard output)")
    group.add_argument(
        "--output-format",
        choices=_OUTPUT_FORMATS,
        help="default: csv for a .csv file, jsonl for .jsonl/.json or with --json, else text",
    )
    group.add_argument(
        "--id-column",
        default="id",
        metavar="NAME",
        help="the input key or column each output record carries as its id (default: id)",
    )
    group.add_argument(
        "--keep-going",
        action="store_true",
        help="write an error record for a bad record and compute the rest (exit status 3)",
    )
    return group


def input_format(args: argparse.Namespace) -> str:
    """The format of ``--input``: ``--input-format``, else by extension."""
    if args.input_format is not None:
        return str(args.input_format)
    return "csv" if str(args.input).lower().endswith(".csv") else "jsonl"


def output_format(args: argparse.Namespace) -> str:
    """The format of the output: ``--output-format``, else by extension, else text or jsonl."""
    if args.output_format is not None:
        return str(args.output_format)
    target = (args.output or "").lower()
    if target.endswith(".csv"):
        return "csv"
    if target.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    return "jsonl" if getattr(args, "json", False) else "text"


# -- reading ----------------------------------------------------------------------------------


def _open_text(source: str) -> tuple[IO[str], Callable[[], object]]:
    """A text stream of ``source`` (``-``: standard input) decoding UTF-8 strictly, and its closer."""
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream without bytes underneath (tests, notebooks)
            return sys.stdin, lambda: None
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        return text, text.detach  # standard input stays open
    handle = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the caller
    return handle, handle.close


def _decode_error(source: str, exc: UnicodeDecodeError) -> InvalidInputError:
    name = "standard input" if source == "-" else source
    return InvalidInputError(name, exc.object[exc.start : exc.start + 8], "UTF-8 text")


def read_records(
    source: str, form: str, id_column: str, fields: frozenset[str]
) -> Iterator[tuple[int, object, dict[str, Any] | Exception]]:
    """Yield ``(line, id, record or the error reading it)`` for every record of ``source``.

    A record that cannot be read (bad JSON, a bad cell) is yielded as its error,
    so that ``--keep-going`` can go on; text that is not UTF-8 stops the batch.
    """
    stream, close = _open_text(source)
    try:
        rows = _csv_records(stream) if form == "csv" else _json_records(stream)
        for line, record in rows:
            if isinstance(record, Exception):
                yield line, None, record
                continue
            ident = record.get(id_column)
            if id_column not in fields:
                record.pop(id_column, None)
            yield line, ident, record
    except UnicodeDecodeError as exc:
        raise _decode_error(source, exc) from None
    finally:
        close()


def _json_records(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any] | Exception]]:
    for line, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            data = load_json(text, f"line {line}")
        except InvalidInputError as exc:
            yield line, exc
            continue
        if not isinstance(data, dict):
            yield line, InvalidInputError(f"line {line}", text[:40], "a JSON object")
            continue
        yield line, data


def _csv_records(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any] | Exception]]:
    reader = csv.reader(stream, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InvalidInputError("CSV header", None, f"a CSV row ({exc})") from None
    if len(set(header)) != len(header) or not all(name.strip() for name in header):
        raise InvalidInputError("CSV header", header, "distinct, non-empty column names")
    paths = [name.strip().split(".") for name in header]
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, InvalidInputError(f"line {start}", None, f"a CSV row ({exc})")
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        yield line, _nest(paths, header, cells, line)


def _nest(
    paths: list[list[str]], header: list[str], cells: list[str], line: int
) -> dict[str, Any] | Exception:
    if len(cells) != len(header):
        return InvalidInputError(
            f"line {line}", len(cells), f"as many cells as the header's {len(header)} columns"
        )
    record: dict[str, Any] = {}
    for path, name, cell in zip(paths, header, cells, strict=True):
        if cell == "":
            continue
        value: Any = cell
        if cell[0] in "[{":
            try:
                value = load_json(cell, f"column {name}")
            except InvalidInputError as exc:
                return exc
        node = record
        for step in path[:-1]:
            child = node.setdefault(step, {})
            if not isinstance(child, dict):
                return InvalidInputError(f"column {name}", cell, "not also a plain column")
            node = child
        if isinstance(node.get(path[-1]), dict):
            return InvalidInputError(f"column {name}", cell, "not also a dotted column's parent")
        node[path[-1]] = value
    return record


# -- failures ---------------------------------------------------------------------------------


def _shown(value: object) -> object:
    """A value as an error record shows it: JSON-ready, long text cut."""
    if value is None or isinstance(value, bool | int | str):
        return value if not isinstance(value, str) or len(value) <= 200 else value[:200] + "..."
    if isinstance(value, Decimal | date | Enum):
        return unstructure(value)
    return _shown(repr(value))


def failure_of(exc: BaseException) -> dict[str, Any]:
    """The field-level failure of ``exc``: field, constraint, value and message.

    A [`JSONInputError`][spendrules.errors.JSONInputError] names its first bad path
    (every problem is in ``problems``); a terms parse error names the position.
    """
    message = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    failure: dict[str, Any] = {"field": "input", "constraint": "", "value": None}
    if isinstance(exc, InvalidInputError):
        failure = {"field": exc.field, "constraint": exc.constraint, "value": _shown(exc.value)}
    elif isinstance(exc, JSONInputError) and exc.errors:
        first = exc.errors[0]
        failure = {
            "field": first.get("path", "input"),
            "constraint": first.get("constraint", ""),
            "value": _shown(first.get("value")),
            "problems": list(exc.problems),
        }
    elif isinstance(exc, ParseError):
        failure = {
            "field": "terms",
            "constraint": exc.expected,
            "value": _shown(exc.text),
            "position": exc.position,
        }
    elif isinstance(exc, CurrencyMismatchError):
        failure = {"field": exc.field, "constraint": exc.expected, "value": exc.actual}
    return {**failure, "message": message}


# -- writing ----------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal | int):
        return str(value)
    if isinstance(value, date | Enum):
        return str(unstructure(value))
    return json.dumps(unstructure(value), ensure_ascii=False, separators=(",", ":"))


class Writer:
    """Writes result and error records in one of the output formats."""

    def __init__(self, stream: TextIO, form: str, columns: tuple[str, ...]) -> None:
        self.stream = stream
        self.form = form
        self.width = len(columns)
        self.blocks = 0
        self.csv: Any = None
        if form == "csv":
            self.csv = csv.writer(stream, lineterminator="\n")
            self.csv.writerow(("line", "id", "ok", *columns, *_ERROR_COLUMNS))

    def result(self, line: int, ident: object, result: Any, cells: Callable[[Any], Any]) -> None:
        if self.form == "jsonl":
            record = {"line": line, "id": _shown(ident), "ok": True, "result": result}
            self.stream.write(to_json(record) + "\n")
        elif self.form == "csv":
            row = [line, _cell(ident), "true", *(_cell(v) for v in cells(result))]
            self.csv.writerow([*row, "", "", "", ""])
        else:
            self._block(result.explain())

    def failure(self, error: RecordError) -> None:
        if self.form == "jsonl":
            record = {"line": error.line, "id": _shown(error.ident), "ok": False}
            record["error"] = error.failure
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.form == "csv":
            failure = error.failure
            row = [error.line, _cell(error.ident), "false", *([""] * self.width)]
            row += [_cell(failure[key]) for key in ("field", "constraint", "value", "message")]
            self.csv.writerow(row)
        else:
            self._block(f"error: {error}")

    def _block(self, text: str) -> None:
        if self.blocks:
            self.stream.write("\n")
        self.blocks += 1
        self.stream.write(text + "\n")


@contextlib.contextmanager
def open_output(target: str | None) -> Iterator[TextIO]:
    """Standard output, or the file ``target`` (records are written as they are computed)."""
    if target is None or target == "-":
        yield sys.stdout
        return
    with open(target, "w", encoding="utf-8", newline="") as handle:
        yield handle


def write_records(
    records: Iterable[Grouped], rule: BatchRule, writer: Writer, *, cells: bool, keep_going: bool
) -> tuple[bool, bool]:
    """Compute and write every record; return (some record failed, some decision held).

    Raises:
        RecordError: the first bad record, unless ``keep_going``.
    """
    failed = held = False
    for line, ident, record, lines in records:
        try:
            if isinstance(record, Exception):
                raise record
            result = rule.compute(rule.convert(record, cells))
        except RECORD_ERRORS as exc:
            failure = failure_of(exc)
            error = RecordError(rule.locate(failure, line, lines), ident, failure)
            if not keep_going:
                raise error from None
            writer.failure(error)
            failed = True
            continue
        writer.result(line, ident, result, rule.row)
        held = held or rule.held(result)
    return failed, held


def exit_status(*, failed: bool, held: bool) -> int:
    """The exit status of a batch: 3 when a record failed, else 1 when a decision is held, else 0."""
    if failed:
        return EXIT_SOME_FAILED
    return EXIT_DECISION if held else EXIT_OK


def run_batch(args: argparse.Namespace, rule: BatchRule) -> int:
    """Read every record of ``args.input``, compute it, write it; return the exit status.

    Raises:
        RecordError: the first bad record, without ``--keep-going``.
    """
    form = input_format(args)
    cells = form == "csv"
    rows = read_records(args.input, form, args.id_column, rule.fields)
    if cells and rule.group is not None:
        records = rule.group(rows)
    else:
        records = ((line, ident, record, (line,)) for line, ident, record in rows)
    with open_output(args.output) as stream:
        writer = Writer(stream, output_format(args), rule.columns)
        failed, held = write_records(records, rule, writer, cells=cells, keep_going=args.keep_going)
    return exit_status(failed=failed, held=held)
