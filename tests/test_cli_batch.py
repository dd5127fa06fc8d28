"""The shared batch layer of the command line: reading JSON lines and CSV, error records, exit statuses.

A toy rule (a record ``{"amount": "1.10", "currency": "USD"}`` quantised to the currency's minor
unit by `spendrules.money.quantize`) exercises `spendrules.cli._batch` on its own; each
command's own batch tests live with the command.
"""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import pytest

from spendrules import cli
from spendrules.cli import _batch
from spendrules.cli._batch import (
    EXIT_BAD_INPUT,
    EXIT_DECISION,
    EXIT_OK,
    EXIT_SOME_FAILED,
    BatchRule,
    RecordError,
    add_batch_arguments,
    failure_of,
    input_format,
    output_format,
    read_records,
    run_batch,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError, JSONInputError, ParseError
from spendrules.money import quantize
from spendrules.payment_terms import parse_terms
from spendrules.results import Explained, Reason
from spendrules.serialization import structure, structure_cells


@attrs.frozen
class Line:
    """The toy rule's input."""

    amount: Decimal
    currency: str
    count: int = 1
    urgent: bool = False


@attrs.frozen
class Rounded(Explained):
    """The toy rule's result."""

    amount: Decimal
    currency: str
    held: bool
    rule: str = "toy.round@1"
    reasons: tuple[Reason, ...] = ()

    def _detail_lines(self) -> list[str]:
        return []


def _round(line: Line) -> Rounded:
    value = quantize(line.amount * line.count, line.currency)
    reason = Reason.of("TOY.ROUNDED", f"{line.amount} x {line.count} is {value} {line.currency}.")
    return Rounded(value, line.currency, line.urgent, reasons=(reason,))


RULE = BatchRule(
    convert=lambda record, cells: (structure_cells if cells else structure)(record, Line),
    compute=_round,
    row=lambda result: (result.amount, result.currency, result.held),
    columns=("amount", "currency", "held"),
    fields=frozenset({"amount", "currency", "count", "urgent"}),
    held=lambda result: result.held,
)


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="toy")
    parser.add_argument("--json", action="store_true")
    add_batch_arguments(parser, what="Line")
    return parser.parse_args(argv)


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _jsonl(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


# -- reading --------------------------------------------------------------------------------------


def test_json_lines_in_json_lines_out_carry_line_and_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(
        tmp_path,
        "in.jsonl",
        '{"id": "A", "amount": 1.005, "currency": "USD"}\n\n'
        '{"id": 7, "amount": "2.5", "currency": "JPY", "count": 3}\n',
    )
    assert run_batch(_args("--input", source, "--json"), RULE) == EXIT_OK
    records = _jsonl(capsys)
    # 1.005 read exactly (never through a float) rounds half-even to 1.00; 7.5 JPY to 8.
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [(1, "A", True), (3, 7, True)]
    assert [r["result"]["amount"] for r in records] == [
        str(quantize(Decimal("1.005"), "USD")),
        str(quantize(Decimal("7.5"), "JPY")),
    ]


def test_csv_in_csv_out_nests_dotted_headers_and_reads_text_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(
        tmp_path,
        "in.csv",
        "id,amount,currency,count,urgent\r\nA,1.125,EUR,2,TRUE\r\nB,0.5,USD,,\r\n",
    )
    status = run_batch(_args("--input", source, "--output-format", "csv"), RULE)
    assert status == EXIT_DECISION  # the first row is urgent: a held decision
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "line,id,ok,amount,currency,held,error_field,error_constraint,error_value,error_message"
    )
    assert lines[1] == f"2,A,true,{quantize(Decimal('2.250'), 'EUR')},EUR,true,,,,"
    assert lines[2] == f"3,B,true,{quantize(Decimal('0.5'), 'USD')},USD,false,,,,"


def test_csv_nesting_and_json_cells() -> None:
    paths = [["a"], ["b", "c"], ["b", "d"], ["e"]]
    header = ["a", "b.c", "b.d", "e"]
    got = _batch._nest(paths, header, ["1", "x", "", '[1, 2.5, {"k": "v"}]'], 2)
    assert got == {"a": "1", "b": {"c": "x"}, "e": [1, Decimal("2.5"), {"k": "v"}]}


@pytest.mark.parametrize(
    ("header", "row", "field", "constraint"),
    [
        ("a,b", "1", "line 2", "as many cells as the header's 2 columns"),
        ("a,a.b", "1,2", "column a.b", "not also a plain column"),
        ("a.b,a", "1,2", "column a", "not also a dotted column's parent"),
        ("a", '"[1,"', "column a", "valid JSON"),
    ],
)
def test_csv_record_errors_name_line_or_column(
    tmp_path: Path, header: str, row: str, field: str, constraint: str
) -> None:
    source = _write(tmp_path, "in.csv", f"{header}\n{row}\n")
    ((line, ident, record),) = read_records(source, "csv", "id", frozenset())
    assert (line, ident) == (2, None)
    assert isinstance(record, InvalidInputError)
    assert record.field == field
    assert record.constraint.startswith(constraint)


@pytest.mark.parametrize("header", ["a,a", "a,", " ,b"], ids=["duplicate", "empty-last", "blank"])
def test_csv_header_must_name_distinct_columns(tmp_path: Path, header: str) -> None:
    source = _write(tmp_path, "in.csv", f"{header}\n1,2\n")
    with pytest.raises(InvalidInputError, match="distinct, non-empty column names"):
        list(read_records(source, "csv", "id", frozenset()))


def test_csv_empty_file_and_blank_rows_yield_nothing(tmp_path: Path) -> None:
    assert list(read_records(_write(tmp_path, "e.csv", ""), "csv", "id", frozenset())) == []
    blank = _write(tmp_path, "b.csv", "a,b\n,\n")
    assert list(read_records(blank, "csv", "id", frozenset())) == []


def test_csv_malformed_rows_are_record_errors_and_the_reader_goes_on(tmp_path: Path) -> None:
    # strict CSV: a quote inside an unquoted cell is an error on that row only
    source = _write(tmp_path, "bad.csv", 'a\n"x"y\n2\n')
    records = list(read_records(source, "csv", "id", frozenset()))
    assert isinstance(records[0][2], InvalidInputError)
    assert records[0][2].constraint.startswith("a CSV row")
    assert records[1][2] == {"a": "2"}
    header = _write(tmp_path, "badhead.csv", '"a"b\n1\n')
    with pytest.raises(InvalidInputError, match="CSV header"):
        list(read_records(header, "csv", "id", frozenset()))


def test_json_lines_bad_json_and_non_objects_are_record_errors(tmp_path: Path) -> None:
    source = _write(tmp_path, "in.jsonl", '{"a": 1\n[1, 2]\n{"a": 2}\n')
    records = list(read_records(source, "jsonl", "id", frozenset()))
    assert [type(r[2]).__name__ for r in records] == [
        "InvalidInputError",
        "InvalidInputError",
        "dict",
    ]
    assert records[0][2].field == "line 1"  # type: ignore[union-attr]
    assert records[1][2].constraint == "a JSON object"  # type: ignore[union-attr]


def test_the_id_column_is_kept_when_the_input_type_reads_it(tmp_path: Path) -> None:
    source = _write(tmp_path, "in.jsonl", '{"currency": "USD", "amount": "1"}\n')
    ((_, ident, record),) = read_records(source, "jsonl", "currency", frozenset({"currency"}))
    assert ident == "USD"
    assert record == {"currency": "USD", "amount": "1"}
    ((_, ident, record),) = read_records(source, "jsonl", "currency", frozenset())
    assert record == {"amount": "1"}


def test_text_that_is_not_utf8_stops_the_batch_naming_the_source(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("a\nd\xe9j\xe0\n".encode("latin-1"))
    with pytest.raises(InvalidInputError, match="UTF-8 text") as info:
        list(read_records(str(path), "csv", "id", frozenset()))
    assert info.value.field == str(path)


def test_standard_input_bytes_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO(b'\xef\xbb\xbf{"amount": "1", "currency": "USD"}\n')
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(raw, encoding="utf-8"))
    assert [r[2] for r in read_records("-", "jsonl", "id", frozenset())] == [
        {"amount": "1", "currency": "USD"}
    ]
    assert not raw.closed  # standard input is left open
    monkeypatch.setattr("sys.stdin", io.StringIO("amount,currency\n2,EUR\n"))
    assert [r[2] for r in read_records("-", "csv", "id", frozenset())] == [
        {"amount": "2", "currency": "EUR"}
    ]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"a\n\xff\n"), encoding="utf-8"))
    with pytest.raises(InvalidInputError, match="standard input"):
        list(read_records("-", "csv", "id", frozenset()))


# -- formats --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("--input", "x.CSV"), "csv"),
        (("--input", "x.jsonl"), "jsonl"),
        (("--input", "-"), "jsonl"),
        (("--input", "x.csv", "--input-format", "jsonl"), "jsonl"),
    ],
)
def test_input_format(argv: tuple[str, ...], expected: str) -> None:
    assert input_format(_args(*argv)) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ((), "text"),
        (("--json",), "jsonl"),
        (("--output", "o.csv"), "csv"),
        (("--output", "o.ndjson"), "jsonl"),
        (("--output", "o.txt"), "text"),
        (("--output", "o.csv", "--output-format", "text"), "text"),
    ],
)
def test_output_format(argv: tuple[str, ...], expected: str) -> None:
    assert output_format(_args(*argv)) == expected


# -- failures and exit statuses -------------------------------------------------------------------

BAD = (
    '{"id": "ok1", "amount": "1.5", "currency": "USD"}\n'
    '{"id": "bad", "amount": "x", "currency": "USD"}\n'
    '{"id": "ok2", "amount": "2", "currency": "EUR"}\n'
)


def test_keep_going_writes_an_error_record_and_computes_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "in.jsonl", BAD)
    status = run_batch(_args("--input", source, "--json", "--keep-going"), RULE)
    assert status == EXIT_SOME_FAILED
    records = _jsonl(capsys)
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [
        (1, "ok1", True),
        (2, "bad", False),
        (3, "ok2", True),
    ]
    error = records[1]["error"]
    assert error["field"] == "$.amount"
    assert error["value"] == "x"
    assert "decimal" in error["constraint"]
    assert error["message"]


def test_keep_going_in_csv_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "in.jsonl", BAD)
    out = tmp_path / "out.csv"
    status = run_batch(_args("--input", source, "--output", str(out), "--keep-going"), RULE)
    assert status == EXIT_SOME_FAILED
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[2].startswith("2,bad,false,,,,$.amount,")
    assert run_batch(_args("--input", source, "--keep-going"), RULE) == EXIT_SOME_FAILED
    text = capsys.readouterr().out
    assert "error: line 2 (id 'bad'): " in text
    assert "1.5 x 1 is 1.50 USD." in text


def test_without_keep_going_the_first_bad_record_stops_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "in.jsonl", BAD)
    with pytest.raises(RecordError) as info:
        run_batch(_args("--input", source, "--json"), RULE)
    assert (info.value.line, info.value.ident) == (2, "bad")
    assert str(info.value).startswith("line 2 (id 'bad'): ")
    assert [r["id"] for r in _jsonl(capsys)] == ["ok1"]  # the records before it are written
    assert info.value.as_json()["field"] == "$.amount"


def test_a_held_decision_and_a_failure_exit_3(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        "in.jsonl",
        '{"amount": "1", "currency": "USD", "urgent": true}\n{"amount": "1", "currency": "XXX1"}\n',
    )
    assert run_batch(_args("--input", source, "--keep-going", "--json"), RULE) == EXIT_SOME_FAILED


class Colour(Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("exc", "field", "constraint", "value"),
    [
        (InvalidInputError("amount", Decimal("-1"), "at least 0"), "amount", "at least 0", "-1"),
        (
            InvalidInputError("when", date(2026, 1, 2), "a weekday"),
            "when",
            "a weekday",
            "2026-01-02",
        ),
        (InvalidInputError("c", Colour.RED, "blue"), "c", "blue", "red"),
        (InvalidInputError("t", "x" * 300, "short"), "t", "short", "x" * 200 + "..."),
        (InvalidInputError("o", object, "data"), "o", "data", "<class 'object'>"),
        (CurrencyMismatchError("currency", "USD", "EUR"), "currency", "USD", "EUR"),
        (ValueError("bad"), "input", "", None),
        (JSONInputError("Line", ("p",), ()), "input", "", None),
    ],
)
def test_failure_of_names_field_constraint_and_value(
    exc: Exception, field: str, constraint: str, value: object
) -> None:
    failure = failure_of(exc)
    assert (failure["field"], failure["constraint"], failure["value"]) == (field, constraint, value)
    assert failure["message"]


def test_failure_of_a_terms_parse_error_names_the_position() -> None:
    with pytest.raises(ParseError) as info:
        parse_terms("2/10 net")
    failure = failure_of(info.value)
    assert failure["field"] == "terms"
    assert failure["position"] == info.value.position
    assert failure["constraint"] == info.value.expected


def test_failure_of_an_exception_without_a_message_uses_its_type() -> None:
    assert failure_of(ValueError())["message"] == "ValueError"


def test_cells_of_other_values_are_compact_json() -> None:
    assert _batch._cell({"a": Decimal("1.0")}) == '{"a":"1.0"}'
    assert _batch._cell(date(2026, 1, 2)) == "2026-01-02"
    assert _batch._cell(None) == ""


# -- main: errors as JSON on standard error ---------------------------------------------------------


def test_main_prints_one_json_error_when_json_output_was_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        cli.main(["stock", "--as-of", "2026-01-01", "--on-hand", "x"])
    assert usage.value.code == EXIT_BAD_INPUT
    assert "not a decimal number" in capsys.readouterr().err
    missing = str(tmp_path / "missing.json")
    assert cli.main(["budget-check", missing, "--json"]) == EXIT_BAD_INPUT
    error = json.loads(capsys.readouterr().err)
    assert error["ok"] is False
    assert "missing.json" in error["error"]["message"]
    assert cli.main(["budget-check", missing]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err.startswith("spendrules: error: ")


def test_main_json_error_of_a_record_error_and_of_a_decimal_signal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(json=True)
    cli._fail(args, "line 2: bad", RecordError(2, "x", failure_of(ValueError("bad"))))
    assert json.loads(capsys.readouterr().err)["error"]["line"] == 2
    cli._fail(args, "too large", None)
    assert json.loads(capsys.readouterr().err)["error"]["message"] == "too large"
    jsonl = argparse.Namespace(json=False, output_format=None, output="out.JSONL")
    assert cli._json_output(jsonl) is True
    assert cli._json_output(argparse.Namespace(output_format="csv", output=None)) is False


def test_structure_cells_reads_integers_and_booleans_from_text() -> None:
    assert structure_cells({"amount": "1.10", "currency": "USD", "count": "-2"}, Line) == Line(
        Decimal("1.10"), "USD", -2
    )
    assert structure_cells({"amount": 1, "currency": "USD", "urgent": True}, Line).urgent is True
    with pytest.raises(JSONInputError, match="true or false"):
        structure_cells({"amount": "1", "currency": "USD", "urgent": "yes"}, Line)
    with pytest.raises(JSONInputError, match="an integer"):
        structure_cells({"amount": "1", "currency": "USD", "count": "1e3"}, Line)
    with pytest.raises(TypeError, match="tp must be a type"):
        structure_cells({}, "Line")  # type: ignore[arg-type]


def test_a_record_that_cannot_be_read_is_an_error_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "in.jsonl", '{"amount": \n{"amount": "1", "currency": "USD"}\n')
    status = run_batch(_args("--input", source, "--json", "--keep-going"), RULE)
    assert status == EXIT_SOME_FAILED
    records = _jsonl(capsys)
    assert (records[0]["ok"], records[0]["error"]["field"]) == (False, "line 1")
    assert records[1]["ok"] is True
