"""Tests of spendrules.errors, spendrules.results, spendrules.serialization and the CLI."""

from __future__ import annotations

import enum
import io
import json
import pickle
import subprocess
import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest

import spendrules
from spendrules import cli, errors
from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_fraction,
    check_int,
    check_non_negative,
    check_positive,
    check_ratio,
    currency_validator,
    date_validator,
    decimal_validator,
    non_negative_validator,
)
from spendrules.calendars import HolidayCalendar, Roll, WeekendCalendar
from spendrules.cli._common import date_arg, decimal_arg, emit, load_json, read_input, sample_text
from spendrules.results import Explained, Reason, Severity
from spendrules.serialization import from_json, make_converter, structure, to_json, unstructure

# errors ---------------------------------------------------------------------

ERRORS = [
    errors.SpendRulesError("plain"),
    errors.InvalidInputError("lines[2].amount", Decimal("-1.00"), ">= 0"),
    errors.UnknownCurrencyError("currency", "XYZ"),
    errors.CurrencyMismatchError("budget.currency", "EUR", "USD"),
    errors.ParseError("2/10 nett 30", 5, "'net'"),
    errors.ParseError("x" * 200, 199, "end of text"),
    errors.ParseError("net", 3, "a number of days"),
    errors.AmbiguousTermsError("N10 prox", 0, "a dialect"),
    errors.JSONInputError("Budget", ("bad @ $.amount", "missing @ $.key")),
    errors.MissingExtraError("holidays", "country_calendar"),
]


@pytest.mark.parametrize(
    "err", ERRORS, ids=[f"{type(e).__name__}-{i}" for i, e in enumerate(ERRORS)]
)
def test_errors_pickle_with_identical_text(err: Exception) -> None:
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert str(again) == str(err)
    assert again.args == err.args
    assert isinstance(err, errors.SpendRulesError)


def test_error_messages_name_field_constraint_and_value() -> None:
    assert str(ERRORS[1]) == "lines[2].amount must be >= 0: Decimal('-1.00')"
    assert str(ERRORS[4]) == (
        "cannot parse '2/10 nett 30' at position 5: expected 'net', found 'nett 30'"
    )
    assert "..." in str(ERRORS[5])
    assert str(ERRORS[6]).endswith("found end of text")
    assert str(ERRORS[8]) == "invalid Budget: bad @ $.amount; missing @ $.key"
    assert isinstance(ERRORS[1], ValueError)
    assert isinstance(ERRORS[2], errors.InvalidInputError)
    assert isinstance(ERRORS[9], ImportError)
    assert ERRORS[4].position == 5  # type: ignore[attr-defined]


# checks ---------------------------------------------------------------------


def test_checks_accept_canonical_values() -> None:
    assert check_decimal(Decimal("1.10"), "x") == Decimal("1.10")
    assert check_non_negative(0, "x") == 0
    assert check_positive(Decimal("0.01"), "x") == Decimal("0.01")
    assert check_fraction(Decimal(1), "x") == 1
    assert check_fraction(Decimal(5), "x", low=Decimal(0), high=Decimal(10)) == 5
    assert check_ratio(Fraction(1, 3), "x") == Fraction(1, 3)
    assert check_ratio(Decimal("0.5"), "x") == Fraction(1, 2)
    assert check_int(3, "x", minimum=0) == 3
    assert check_int(-3, "x") == -3
    assert check_date(date(2026, 1, 1), "x") == date(2026, 1, 1)
    assert check_currency("EUR", "x") == "EUR"


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: check_non_negative(-1, "qty"), errors.InvalidInputError, "qty must be >= 0: -1"),
        (lambda: check_positive(0, "qty"), errors.InvalidInputError, "qty must be > 0: 0"),
        (
            lambda: check_fraction(Decimal(-1), "r", high=Decimal(5)),
            errors.InvalidInputError,
            "between -?0 and 5: ",
        ),
        (lambda: check_ratio(Fraction(-1, 2), "w"), errors.InvalidInputError, "w must be >= 0"),
        (lambda: check_int(True, "n"), TypeError, "n must be an int, not bool"),
        (lambda: check_int(-1, "n", minimum=0), errors.InvalidInputError, "n must be >= 0: -1"),
        (lambda: check_decimal(Decimal("sNaN"), "a"), errors.InvalidInputError, "finite"),
        (lambda: check_decimal(None, "a"), TypeError, "a must be a Decimal or int, not NoneType"),
        (lambda: check_currency(None, "ccy"), TypeError, "ccy must be an ISO 4217 code str"),
    ],
)
def test_checks_refuse(call: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]


@attrs.frozen
class _Checked:
    amount: Decimal = attrs.field(validator=decimal_validator)
    qty: Decimal = attrs.field(validator=non_negative_validator)
    day: date = attrs.field(validator=date_validator)
    currency: str = attrs.field(validator=currency_validator)


def test_attrs_validators_name_the_field() -> None:
    _Checked(Decimal(1), Decimal(0), date(2026, 1, 1), "USD")
    with pytest.raises(TypeError, match="amount"):
        _Checked(1.0, Decimal(0), date(2026, 1, 1), "USD")  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidInputError, match="qty must be >= 0"):
        _Checked(Decimal(1), Decimal(-1), date(2026, 1, 1), "USD")
    with pytest.raises(TypeError, match="day"):
        _Checked(Decimal(1), Decimal(0), "2026-01-01", "USD")  # type: ignore[arg-type]
    with pytest.raises(errors.UnknownCurrencyError, match="currency"):
        _Checked(Decimal(1), Decimal(0), date(2026, 1, 1), "usd")


# results --------------------------------------------------------------------


class _Colour(enum.Enum):
    RED = "red"


@attrs.frozen
class _Result(Explained):
    amount: Decimal
    due: date
    colour: _Colour
    note: str | None
    items: tuple[int, ...]
    rule: str = "demo.result@1"
    reasons: tuple[Reason, ...] = ()


@attrs.frozen
class _Detailed(Explained):
    rule: str = "demo.detail@1"
    reasons: tuple[Reason, ...] = ()

    def _detail_lines(self) -> list[str]:
        return ["  line 1: <b>10.00</b>"]


def test_reason_of_and_facts() -> None:
    reason = Reason.of(
        "DEMO.OVER",
        "Used 120.00 of 100.00.",
        severity=Severity.WARNING,
        used=Decimal("120.00"),
        day=date(2026, 3, 1),
        roll=Roll.FOLLOWING,
    )
    assert reason.facts == (("used", "120.00"), ("day", "2026-03-01"), ("roll", "following"))
    assert reason.fact("day") == "2026-03-01"
    with pytest.raises(KeyError):
        reason.fact("missing")
    assert str(reason) == "[warning] DEMO.OVER: Used 120.00 of 100.00."
    assert Reason("DEMO.X", "m", "error").severity is Severity.ERROR  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["lower.case", "NODOT", "A.", ".B", 7, "A.b"])
def test_reason_codes_are_upper_dotted(code: object) -> None:
    with pytest.raises(errors.InvalidInputError, match="code"):
        Reason(code, "m")  # type: ignore[arg-type]


def test_explain_and_html() -> None:
    reason = Reason.of("DEMO.OVER", "Over <budget> & more.", severity=Severity.ERROR)
    result = _Result(
        Decimal("1.10"), date(2026, 3, 1), _Colour.RED, None, (1, 2), reasons=(reason,)
    )
    text = result.explain()
    assert text.splitlines() == [
        "_Result (demo.result@1)",
        "  amount: 1.10",
        "  due: 2026-03-01",
        "  colour: red",
        "  note: None",
        "Reasons:",
        "  - [error] DEMO.OVER: Over <budget> & more.",
    ]
    page = result._repr_html_()
    assert "Over &lt;budget&gt; &amp; more." in page
    assert "<budget>" not in page
    assert "<th>amount</th><td>1.10</td>" in page
    bare = _Detailed()
    assert bare.explain() == "_Detailed (demo.detail@1)\n  line 1: <b>10.00</b>"
    assert "&lt;b&gt;10.00&lt;/b&gt;" in bare._repr_html_()
    assert "<table>" not in bare._repr_html_()


# serialization ----------------------------------------------------------------


@attrs.frozen
class _Net:
    days: int


@attrs.frozen
class _Eom:
    months: int


@attrs.frozen
class _Doc:
    amount: Decimal
    share: Fraction
    day: date
    roll: Roll
    rule: _Net | _Eom
    maybe: _Net | _Eom | None = None


def test_json_round_trip_keeps_scale_and_tags_unions() -> None:
    doc = _Doc(Decimal("1.10"), Fraction(1, 3), date(2026, 3, 15), Roll.FOLLOWING, _Eom(2))
    data = unstructure(doc)
    assert data == {
        "amount": "1.10",
        "share": "1/3",
        "day": "2026-03-15",
        "roll": "following",
        "rule": {"type": "_Eom", "months": 2},
        "maybe": None,
    }
    assert from_json(to_json(doc), _Doc) == doc
    assert structure({**data, "maybe": {"type": "_Net", "days": 30}}, _Doc).maybe == _Net(30)
    assert from_json(to_json(doc, indent=2), _Doc) == doc


def test_json_numbers_are_read_exactly() -> None:
    text = '{"amount": 0.1, "share": 2, "day": "2026-03-15", "roll": "following", "rule": {"type": "_Net", "days": 30}}'
    doc = from_json(text, _Doc)
    assert doc.amount == Decimal("0.1")
    assert doc.share == 2
    assert structure({**unstructure(doc), "amount": 3}, _Doc).amount == Decimal(3)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"amount": "abc"}, "@ $.amount"),
        ({"amount": "NaN"}, "finite"),
        ({"amount": 1.5}, "not float"),
        ({"amount": True}, "not bool"),
        ({"amount": None}, "@ $.amount"),
        ({"share": "x/y"}, "fraction"),
        ({"share": 0.5}, "fraction string"),
        ({"day": "2026-13-01"}, "ISO 8601 date"),
        ({"day": 20260101}, "date string"),
        ({"roll": "sideways"}, "@ $.roll"),
        ({"rule": {"type": "_Weekly", "days": 1}}, "must be one of"),
        ({"rule": {"days": 1}}, "'type' key"),
        ({"rule": {"type": "_Net", "days": 1, "extra": 2}}, "extra fields found (extra)"),
        ({"colour": "red"}, "extra fields found (colour) @ $"),
    ],
)
def test_bad_json_names_the_path(patch: dict[str, object], message: str) -> None:
    base = unstructure(_Doc(Decimal(1), Fraction(1), date(2026, 1, 1), Roll.FOLLOWING, _Net(1)))
    with pytest.raises(errors.JSONInputError) as info:
        structure({**base, **patch}, _Doc)
    assert message in str(info.value)
    assert str(info.value).startswith("invalid _Doc: ")


@pytest.mark.parametrize(
    "text", ["20260315", "2026-W11-7", "2026-074", "2026-03-15T00:00", "+2026-03-15"]
)
def test_only_extended_calendar_dates_are_read(text: str) -> None:
    with pytest.raises(errors.JSONInputError, match=r"ISO 8601 date \(YYYY-MM-DD\)"):
        structure(text, date)
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        date_arg(text)


def test_structure_reports_non_attrs_failures() -> None:
    with pytest.raises(errors.JSONInputError, match=r"not float: 1.5 @ \$"):
        structure(1.5, Decimal)


def test_from_json_refuses_malformed_text() -> None:
    with pytest.raises(
        errors.JSONInputError, match=r"not valid JSON \(Expecting value, line 1 column 1\)"
    ):
        from_json("nope", _Doc)


def test_converters_are_fresh_and_private() -> None:
    import cattrs

    first = make_converter()
    assert first is not make_converter()
    assert first is not cattrs.global_converter
    with pytest.raises(Exception):  # noqa: B017 - the global converter knows no Decimal
        cattrs.global_converter.structure("1", Decimal)


def test_calendars_serialise() -> None:
    cal = HolidayCalendar(frozenset({date(2026, 12, 25)}), valid_from=date(2026, 1, 1))
    assert from_json(to_json(cal), HolidayCalendar) == cal
    assert from_json(to_json(WeekendCalendar()), WeekendCalendar) == WeekendCalendar()
    worked = HolidayCalendar(frozenset(), workdays=frozenset({date(2026, 1, 4)}))
    assert unstructure(worked)["workdays"] == ["2026-01-04"]
    assert from_json(to_json(worked), HolidayCalendar) == worked


# CLI ------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"spendrules {spendrules.__version__}"


def test_demo_runs_every_family(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "== Foundation ==" in out
    assert "333.34, 333.33, 333.33 (sum 1000.00" in out
    for name in cli._FAMILIES:
        module = __import__(name, fromlist=["TITLE"])
        assert f"== {module.TITLE} ==" in out


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "usage: spendrules" in capsys.readouterr().out


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["no-such-command"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("spendrules: error: ")


def _raises(exc: BaseException) -> Any:
    def func(_args: object) -> int:
        raise exc

    return func


def test_rule_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import decimal

    parser_args = cli.build_parser().parse_args(["demo"])
    for func, expected in (
        (_raises(errors.InvalidInputError("amount", -1, ">= 0")), "amount must be >= 0: -1"),
        (_raises(ValueError()), "ValueError"),
        (_raises(ValueError("\n\nsecond line\nthird")), "second line"),
        (
            _raises(decimal.Overflow([decimal.Overflow])),
            "a number is too large or too small to compute with (decimal Overflow)",
        ),
        (_raises(ZeroDivisionError("division by zero")), "division by zero"),
    ):
        parser_args.func = func
        original = cli.build_parser
        try:
            cli.build_parser = lambda: _FixedParser(parser_args)  # type: ignore[assignment,return-value]
            assert cli.main([]) == 2
        finally:
            cli.build_parser = original
        err = capsys.readouterr().err
        assert err == f"spendrules: error: {expected}\n"


class _FixedParser:
    def __init__(self, args: object) -> None:
        self.args = args

    def parse_args(self, _argv: object) -> object:
        return self.args


def test_module_entry_point(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import runpy

    monkeypatch.setattr(sys, "argv", ["spendrules", "demo"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("spendrules", run_name="__main__", alter_sys=False)
    assert info.value.code == 0
    assert "== Foundation ==" in capsys.readouterr().out


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spendrules", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"spendrules {spendrules.__version__}"


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (["budget-check"], "input"),
        (["stock", "--as-of", "2026-01-01", "--input"], "line 1"),
        (["terms-convert", "--from", "odoo"], "input"),
    ],
    ids=["budget-check", "stock", "terms-convert"],
)
def test_cli_refuses_json_nested_too_deep_in_one_line(
    command: list[str], field: str, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """issue 12: 5,000 nested arrays used to end in a RecursionError traceback."""
    import pathlib

    from spendrules.cli import main
    from spendrules.serialization import MAX_JSON_DEPTH

    path = pathlib.Path(str(tmp_path)) / "deep.json"
    path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"spendrules: error: {field} must be JSON nested at most {MAX_JSON_DEPTH} arrays or "
        f"objects deep: '{'[' * 40}'"
    )


def test_cli_helpers(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "in.json"
    path.write_text('{"a": 1.10}', encoding="utf-8")
    assert load_json(read_input(str(path)), "input") == {"a": Decimal("1.10")}
    monkeypatch.setattr(sys, "stdin", io.StringIO("[1]"))
    assert read_input("-") == "[1]"
    with pytest.raises(errors.InvalidInputError, match="valid JSON"):
        load_json("{", "input")
    assert decimal_arg("1.10") == Decimal("1.10")
    assert date_arg("2026-03-15") == date(2026, 3, 15)
    for bad in ("x", "NaN"):
        with pytest.raises(argparse.ArgumentTypeError):
            decimal_arg(bad)
    with pytest.raises(argparse.ArgumentTypeError):
        date_arg("15/03/2026")
    emit(_Detailed(), as_json=False)
    emit(Reason.of("DEMO.X", "m"), as_json=True)
    out = capsys.readouterr().out
    assert out.startswith("_Detailed (demo.detail@1)")
    assert json.loads(out[out.index("{") :])["code"] == "DEMO.X"
    with pytest.raises(FileNotFoundError):
        sample_text("no-such-sample.json")


def _echo_family(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plug in a family whose subcommand reads JSON from a file or '-' and prints it."""
    import types

    family = types.ModuleType("spendrules_echo_family")
    family.TITLE = "Echo"  # type: ignore[attr-defined]
    family.demo = lambda: "echo"  # type: ignore[attr-defined]

    def run(args: Any) -> int:
        data = load_json(read_input(args.input), "input")
        sys.stdout.write(json.dumps(data, default=str) + "\n")
        return 0

    def register(commands: Any) -> None:
        sub = commands.add_parser("echo")
        sub.add_argument("input")
        sub.set_defaults(func=run)

    family.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "spendrules_echo_family", family)
    monkeypatch.setattr(cli, "_FAMILIES", ("spendrules_echo_family",))


class _BytesStdin:
    """Standard input as the console gives it: text over a byte buffer."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    ("source", "stdin", "message"),
    [
        ("missing.json", b"", r"No such file or directory: '.*missing\.json'"),
        (".", b"", r"Is a directory: '\.'"),
        (
            "latin1.json",
            b"",
            r"latin1\.json must be UTF-8 text \(bad byte at offset 10\): b'\\xe9\"}'",
        ),
        ("-", b"", r"input must be valid JSON \(Expecting value at line 1\): ''"),
        ("-", b'{"a": "\xff"}', r"standard input must be UTF-8 text \(bad byte at offset 7\)"),
        ("-", b"{", r"input must be valid JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line(  # noqa: PLR0917 - parametrised arguments and fixtures
    source: str,
    stdin: bytes,
    message: str,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import re

    (tmp_path / "latin1.json").write_bytes('{"a": "caf\u00e9"}'.encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", _BytesStdin(stdin))
    _echo_family(monkeypatch)
    assert cli.main(["echo", source]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert re.fullmatch("spendrules: error: .*" + message + ".*\n", captured.err)


def test_utf8_input_with_a_byte_order_mark_is_read(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"a": "caf\xc3\xa9"}')
    _echo_family(monkeypatch)
    assert cli.main(["echo", str(tmp_path / "bom.json")]) == 0
    monkeypatch.setattr(sys, "stdin", _BytesStdin(b'\xef\xbb\xbf{"a": 1.10}'))
    assert cli.main(["echo", "-"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO('\ufeff{"a": 2}'))
    assert cli.main(["echo", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        '{"a": "caf\\u00e9"}',  # json.dumps escapes non-ASCII
        '{"a": "1.10"}',
        '{"a": 2}',
    ]


def test_families_plug_into_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import types

    family = types.ModuleType("spendrules_fake_family")
    family.TITLE = "Fake family"  # type: ignore[attr-defined]
    family.demo = lambda: "fake demo output"  # type: ignore[attr-defined]

    def register(commands: Any) -> None:
        sub = commands.add_parser("fake", help="a fake family")
        sub.set_defaults(func=lambda _args: 0)

    family.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "spendrules_fake_family", family)
    monkeypatch.setattr(cli, "_FAMILIES", ("spendrules_fake_family",))
    assert cli.main(["fake"]) == 0
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "== Fake family ==\nfake demo output" in out


@pytest.mark.parametrize(
    "value",
    [
        Decimal("1E+101"),
        Decimal("-1E+999999"),
        Decimal("1E-1001"),
        Decimal("0E-999999999"),
        10**101,
    ],
    ids=["10**101", "-10**999999", "1001 places", "zero with a huge exponent", "int 10**101"],
)
def test_numbers_outside_the_accepted_range_are_refused_by_name(value: object) -> None:
    with pytest.raises(errors.InvalidInputError) as caught:
        check_decimal(value, "cost_of_capital")
    assert caught.value.field == "cost_of_capital"
    assert "below 10**101 in magnitude with at most 1000 decimal places" in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [Decimal("9.99E+100"), Decimal("-9.99E+100"), Decimal("1E-1000"), 10**101 - 1],
    ids=["just below 10**101", "just above -10**101", "1000 places", "int 10**101 - 1"],
)
def test_numbers_at_the_edge_of_the_range_are_accepted(value: Decimal | int) -> None:
    assert check_decimal(value, "amount") == value


def test_a_huge_rate_is_an_input_error_not_an_arithmetic_trap() -> None:
    from spendrules.payment_terms import parse_terms, should_take_discount

    with pytest.raises(errors.InvalidInputError, match=r"^cost_of_capital must be"):
        should_take_discount(parse_terms("2/10 net 30"), cost_of_capital=Decimal("1E+999999"))


def test_an_integer_too_long_to_print_is_shown_by_its_size() -> None:
    error = errors.InvalidInputError("days", 10**5000, ">= 0")
    assert str(error) == f"days must be >= 0: <an integer of {(10**5000).bit_length()} bits>"
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


# the suite's hypothesis profiles (tests/conftest.py) -----------------------------


def test_the_active_hypothesis_profile_has_no_deadline() -> None:
    from hypothesis import HealthCheck, settings

    name = settings.get_current_profile_name()
    assert name in {"local", "ci"}
    assert settings().deadline is None
    if name == "local":
        assert {
            HealthCheck.too_slow,
            HealthCheck.large_base_example,
            HealthCheck.data_too_large,
        } <= set(settings().suppress_health_check)


@pytest.mark.parametrize(
    ("ci", "expected"),
    [
        (None, "local None False data_too_large,large_base_example,too_slow"),
        ("true", "ci None True too_slow"),
    ],
    ids=["busy-laptop", "CI=true"],
)
def test_conftest_picks_a_profile_without_deadline(ci: str | None, expected: str) -> None:
    """The README's ``pip install ".[test]" && python -m pytest`` runs with no CI variable set."""
    import pathlib

    probe = (
        "import conftest\n"
        "from hypothesis import settings\n"
        "s = settings()\n"
        "checks = ','.join(sorted(c.name for c in s.suppress_health_check))\n"
        "print(settings.get_current_profile_name(), s.deadline, s.derandomize, checks)\n"
    )
    env = {"PATH": "/usr/bin:/bin"}  # no CI, GITHUB_ACTIONS, TF_BUILD... unless asked
    if ci is not None:
        env["CI"] = ci
    done = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", probe],
        cwd=pathlib.Path(__file__).parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == expected
