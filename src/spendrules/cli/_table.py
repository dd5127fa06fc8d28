"""CSV batches in the frames layout, with or without the frames extra (private).

``spendrules stock`` and ``spendrules savings`` read a CSV in the layout of
``frames.review_stock`` and ``frames.classify_savings``: one flat column per
input, named as the frames function names it. A cell is text: a number column
reads a plain decimal (``12.50``, ``-3``) exactly, a date column ``YYYY-MM-DD``,
a yes/no column ``true`` or ``false`` (any case); an empty cell is null (the
input's default). A column outside the layout is a bad record naming it.

The CSV result columns are the frames function's output columns: money as exact
decimal text at the currency's minor units (``11191.05``, ``1000`` for JPY),
quantities, rates and z-values as exact decimals without trailing zeros
(``15``, ``1.64485362695147``), yes/no as ``true``/``false``, categories by value.

Two paths write the same bytes:

* **scalar**: each record becomes the rule's input (the numpy-free row
  mapping the frames function uses for its own fallback rows), the scalar rule
  computes it, and the result's columns are formatted here;
* **frames** (CSV in, CSV out, with numpy and narwhals installed and a frame
  library: polars, else pyarrow, else pandas): records are read in chunks of
  `CHUNK` rows into a frame whose every column is text (nothing is inferred as
  a float), dates and flags are parsed in whole columns, and the frames function
  computes the chunk; its output cells are formatted with the same functions. A
  chunk with any record the frames function does not compute cleanly (a bad
  cell, an unknown column, a refused row) is redone record by record on the
  scalar path, so every bad record becomes the same error record (or, without
  ``--keep-going``, the same error) as without the extra. A frames function may
  also name the records it did not compute cleanly (``None`` in place of their
  cells): only those are redone on the scalar path; a record that is not plain
  text cells of the layout (a JSON cell, an unknown column, a row that did not
  read) is always left out of the frame and done so. When the input stops being
  readable (text that is not UTF-8), the records read before it are written
  first, as on the scalar path.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from spendrules._decimal import PLAIN_NUMBER
from spendrules.cli._batch import (
    BatchRule,
    Writer,
    exit_status,
    input_format,
    open_output,
    output_format,
    read_records,
    write_records,
)
from spendrules.errors import InvalidInputError
from spendrules.money import minor_units

__all__ = [
    "CHUNK",
    "Layout",
    "bool_text",
    "column_list",
    "frames_backend",
    "is_policy_file",
    "money_text",
    "number_text",
    "places_of",
    "policy_section",
    "run_table",
    "text_of",
    "typed_values",
]

#: Records per frames call (a chunk is read, computed and written before the next is read).
CHUNK: Final = 50_000
#: Set to False to force the scalar path (tests and the benchmark compare the two).
USE_FRAMES = True
#: A plain decimal, as the frames functions read text numbers.
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_BACKENDS: Final = ("polars", "pyarrow", "pandas")


@attrs.frozen
class Layout:
    """The columns of one command's CSV records: which hold numbers, dates and yes/no."""

    columns: tuple[str, ...]
    numbers: frozenset[str]
    dates: frozenset[str]
    flags: frozenset[str]
    #: The frames path's text for a cell a record leaves out (the command's default), by column.
    defaults: Mapping[str, str] = attrs.field(factory=dict)


def typed_values(record: Mapping[str, Any], layout: Layout) -> dict[str, Any]:
    """The cells of a CSV record as the rule takes them (see the module notes).

    Raises:
        InvalidInputError: a column outside the layout, or a number, date or
            yes/no cell that is not one.
    """
    values: dict[str, Any] = {}
    for name, cell in record.items():
        if name not in layout.columns:
            raise InvalidInputError(name, cell, "a column of the documented layout (see --help)")
        if not isinstance(cell, str):
            raise InvalidInputError(name, cell, "one plain cell (not JSON, not a dotted column)")
        values[name] = _typed(name, cell, layout)
    return values


def _typed(name: str, cell: str, layout: Layout) -> Any:
    if name in layout.numbers:
        if PLAIN_NUMBER.fullmatch(cell):
            return Decimal(cell)
        raise InvalidInputError(
            name, cell, "a plain decimal number (12.50, -3: no exponent, no thousands separator)"
        )
    if name in layout.dates:
        if _DATE.fullmatch(cell):
            try:
                return date.fromisoformat(cell)
            except ValueError:
                pass
        raise InvalidInputError(name, cell, "a date YYYY-MM-DD")
    if name in layout.flags:
        text = cell.lower()
        if text in ("true", "false"):
            return text == "true"
        raise InvalidInputError(name, cell, "true or false")
    return cell


def column_list(names: Sequence[str]) -> str:
    """``names`` comma-separated, wrapped for ``--help`` at 4 spaces of indent.

    Examples:
        >>> print(column_list(["line", "id", "ok"]))
            line, id, ok
    """
    return textwrap.fill(
        ", ".join(names), width=88, initial_indent="    ", subsequent_indent="    "
    )


# -- cells ------------------------------------------------------------------------------------

_ZERO: Final = Decimal(0)


def money_text(value: Decimal | None, places: int) -> str:
    """An amount as exact decimal text at ``places`` (empty for ``None``).

    Examples:
        >>> money_text(Decimal("1000.00"), 0), money_text(Decimal("-0.0"), 2), money_text(None, 2)
        ('1000', '0.00', '')
    """
    if value is None:
        return ""
    return format(value if value else _ZERO, f".{places}f")


def number_text(value: Decimal | None) -> str:
    """A quantity, rate or z-value as exact decimal text without trailing zeros.

    Examples:
        >>> number_text(Decimal("15.000000")), number_text(Decimal("1E+2")), number_text(Decimal("-0.50"))
        ('15', '100', '-0.5')
        >>> number_text(Decimal("-0.000")), number_text(None)
        ('0', '')
    """
    if value is None:
        return ""
    if not value:
        return "0"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def text_of(value: object) -> str:
    """A text cell: empty for null (``None``, or pandas' float NaN in a text column).

    Examples:
        >>> text_of("cycle"), text_of(None), text_of(float("nan"))
        ('cycle', '', '')
    """
    if value is None or isinstance(value, float):
        return ""
    return str(value)


def bool_text(value: object) -> str:
    """``true``, ``false``, or empty for null (``None``, or pandas' float NaN)."""
    if value is None or isinstance(value, float):
        return ""
    return "true" if value else "false"


_PLACES: dict[str, int] = {}


def places_of(currency: str) -> int:
    """The minor units of ``currency`` (cached: a batch has few currencies)."""
    places = _PLACES.get(currency)
    if places is None:
        places = _PLACES[currency] = minor_units(currency)
    return places


# -- the policy file --------------------------------------------------------------------------


def policy_section(path: str, section: str) -> Any:
    """The ``[section]`` of the agreed policy file at ``path``.

    Raises:
        InvalidInputError: the file has no such section.
    """
    from spendrules.policy import load  # noqa: PLC0415 - only with --policy FILE

    found = getattr(load(path), section)
    if found is None:
        raise InvalidInputError(
            f"--policy {path}", None, f"a policy file with a [{section}] section"
        )
    return found


def is_policy_file(value: str) -> bool:
    """True when ``--policy`` names a file: it exists or ends in ``.toml``."""
    return value.lower().endswith(".toml") or os.path.isfile(value)


# -- the batch --------------------------------------------------------------------------------

#: Computes a chunk (a frame of text columns, in the backend's native kind) to its rows of
#: output cells (None for a row to redo on the scalar path), or returns None when some
#: row is not computed cleanly (the whole chunk is redone).
FrameCall = Callable[[Any, Any], "Sequence[tuple[Any, ...] | None] | None"]


def frames_backend() -> Any:
    """The narwhals module and the frame library the frames path uses, or ``None``."""
    try:
        import narwhals.stable.v2 as nw  # noqa: PLC0415 - the optional extra
        import numpy  # noqa: F401, PLC0415 - idem
    except ImportError:
        return None
    for name in _BACKENDS:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return nw, name
    return None


def run_table(
    args: argparse.Namespace, rule: BatchRule, layout: Layout, call: FrameCall | None
) -> int | None:
    """Run a CSV-to-CSV batch through the frames path; ``None`` when that path does not apply.

    Raises:
        RecordError: the first bad record, without ``--keep-going``.
    """
    if call is None or not USE_FRAMES:
        return None
    if input_format(args) != "csv" or output_format(args) != "csv":
        return None
    backend = frames_backend()
    if backend is None:
        return None
    failed = False
    with open_output(args.output) as stream:
        writer = Writer(stream, "csv", rule.columns)
        for chunk in _chunks(read_records(args.input, "csv", args.id_column, rule.fields)):
            rows = _frame_rows(chunk, layout, backend, call)
            if rows is None:
                failed = _scalar(chunk, rule, writer, keep_going=args.keep_going) or failed
                continue
            for record, cells in zip(chunk, rows, strict=True):
                if cells is None:
                    failed = _scalar((record,), rule, writer, keep_going=args.keep_going) or failed
                else:
                    writer.result(record[0], record[1], cells, _same)
    return exit_status(failed=failed, held=False)


def _same(cells: Any) -> Any:
    return cells


def _chunks(records: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    try:
        for record in records:
            chunk.append(record)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
    except InvalidInputError:  # the input stops being readable: what came before is written
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def _scalar(chunk: Sequence[Any], rule: BatchRule, writer: Writer, *, keep_going: bool) -> bool:
    """Compute ``chunk`` record by record, as ``run_batch`` does; True when one failed."""
    records = ((line, ident, record, (line,)) for line, ident, record in chunk)
    failed, _held = write_records(records, rule, writer, cells=True, keep_going=keep_going)
    return failed


def _plain(record: Any, known: tuple[str, ...]) -> bool:
    """True for a record of plain text cells in the layout's columns (see the module notes)."""
    if isinstance(record, Exception):
        return False
    return all(type(cell) is str and name in known for name, cell in record.items())


def _frame_rows(
    chunk: Sequence[Any], layout: Layout, backend: Any, call: FrameCall
) -> Sequence[tuple[Any, ...] | None] | None:
    """The output cells of ``chunk`` through the frames function, or None (see the module notes)."""
    known = layout.columns
    places = [at for at, (_line, _ident, record) in enumerate(chunk) if _plain(record, known)]
    size = len(places)
    columns: dict[str, list[str | None]] = {
        name: [text] * size for name, text in layout.defaults.items()
    }
    for at, position in enumerate(places):
        for name, cell in chunk[position][2].items():
            column = columns.get(name)
            if column is None:
                column = columns[name] = [None] * size
            column[at] = cell
    if not columns or not size:  # nothing to compute in a frame: the scalar path says why
        return None
    nw, name = backend
    try:
        frame = nw.from_dict(columns, {key: nw.String() for key in columns}, backend=name)
        frame = _parsed(frame, layout, nw, name)
        if frame is None:
            return None
        rows = call(frame, nw)
    except Exception:  # a frame library's own error on an odd cell too: the scalar path decides
        return None
    if rows is None or size == len(chunk):
        return rows
    cells: list[tuple[Any, ...] | None] = [None] * len(chunk)
    for position, row in zip(places, rows, strict=True):
        cells[position] = row
    return cells


def _parsed(frame: Any, layout: Layout, nw: Any, backend: str) -> Any:
    """``frame`` with its date and yes/no columns parsed, or None when a cell is not one.

    pandas has no date type: its dates are midnight datetimes, which the frames
    functions read as dates.
    """
    changes = []
    checks = []
    for name in frame.columns:
        text = nw.col(name)
        if name in layout.dates:
            checks.append((~text.str.contains(_DATE_PATTERN) & ~text.is_null()).any())
            if backend == "pandas":
                changes.append(text.str.to_datetime("%Y-%m-%d"))
            else:
                changes.append(text.str.to_date("%Y-%m-%d"))
        elif name in layout.flags:
            lower = text.str.to_lowercase()
            checks.append((~lower.is_in(["true", "false"]) & ~text.is_null()).any())
            changes.append(nw.when(~text.is_null()).then(lower == "true"))  # null stays null
    if not changes:
        return frame
    if any(frame.select(*checks).row(0)):
        return None
    return frame.with_columns(*changes)
