"""Tests of spendrules.serialization against untrusted JSON, and of its one shared converter.

The refusal rows reproduce the classes of input that escaped as ``AttributeError``,
``RecursionError``, ``ValueError`` or ``UnicodeDecodeError`` in the fuzzing report of
issue 12 ("Untrusted input, the JSON contract for apps"); the round-trip tests in
``test_foundation.py`` and ``test_contract.py`` cover well-formed JSON.
"""

from __future__ import annotations

import json
import pickle
import sys
import threading
import time
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest

from spendrules import serialization
from spendrules.budget import Budget, Hierarchy, LedgerEntry, SpendLine, SpendRequest
from spendrules.calendars import HolidayCalendar
from spendrules.errors import CurrencyMismatchError, InvalidInputError, JSONInputError, ParseError
from spendrules.payment_terms import PaymentSchedule, parse_terms, schedule
from spendrules.results import Reason
from spendrules.serialization import MAX_JSON_DEPTH, from_json, structure, to_json, unstructure

PLAN = schedule(
    parse_terms("3/10, 2/30, net 60"),
    invoice_date=date(2026, 3, 2),
    amount=Decimal("1000.00"),
    currency="EUR",
)
PLAN_DATA: dict[str, Any] = json.loads(to_json(PLAN))
REASON = Reason.of("DEMO.CODE", "A sentence.", amount=Decimal("1.10"))
LIMIT = sys.get_int_max_str_digits()  # Python's int->str limit (4300 unless configured)
LONG = "9" * 5000


def _problem(text: str | bytes, tp: type[Any]) -> str:
    with pytest.raises(JSONInputError) as info:
        from_json(text, tp)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    return str(info.value)


# top level and members that are not objects --------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"x"', "expected a JSON object, not str: 'x' @ $"),
        ("[]", "expected a JSON object, not list: [] @ $"),
        ("1", "expected a JSON object, not int: 1 @ $"),
        ("null", "expected a JSON object, not NoneType: None @ $"),
        ("true", "expected a JSON object, not bool: True @ $"),
        ("1.5", "expected a JSON object, not Decimal: Decimal('1.5') @ $"),
    ],
    ids=[
        "issue12-string",
        "issue12-array",
        "issue12-number",
        "issue12-null",
        "boolean",
        "decimal",
    ],
)
@pytest.mark.parametrize("tp", [Reason, PaymentSchedule], ids=lambda tp: tp.__name__)
def test_top_level_that_is_not_an_object_is_refused(text: str, problem: str, tp: type[Any]) -> None:
    assert _problem(text, tp) == f"invalid {tp.__name__}: {problem}"


@pytest.mark.parametrize(
    ("patch", "problem"),
    [
        ({"terms": "x"}, "expected a JSON object, not str: 'x' @ $.terms"),
        ({"terms": []}, "expected a JSON object, not list: [] @ $.terms"),
        ({"lines": [7]}, "expected a JSON object, not int: 7 @ $.lines[0]"),
    ],
    ids=["string-for-terms", "array-for-terms", "number-for-a-line"],
)
def test_members_that_are_not_objects_are_refused_by_path(
    patch: dict[str, object], problem: str
) -> None:
    assert problem in _problem(json.dumps({**PLAN_DATA, **patch}), PaymentSchedule)


def test_a_long_value_in_place_of_an_object_is_shortened() -> None:
    problem = _problem(json.dumps(["y" * 100_000]), Reason)
    assert problem.startswith("invalid Reason: expected a JSON object, not list: ['yyy")
    assert problem.endswith("yyy'] @ $")
    assert "..." in problem
    assert len(problem) < 150


def test_a_huge_integer_in_place_of_an_object_is_shown_by_its_size() -> None:
    with pytest.raises(JSONInputError, match=r"not int: <an integer of 3322 bits> @ \$$"):
        structure(10**1000, Reason)


@pytest.mark.parametrize(
    ("text", "path", "constraint"),
    [
        ('"1E+9999999999999999999999"', "$", "a decimal number"),
        ("1E+9999999999999999999999", "$", "a number with an exponent Decimal can hold"),
        (
            '[true, "x", 1.5, -1E-9999999999999999999999]',
            "$[3]",
            "a number with an exponent Decimal can hold",
        ),
    ],
    ids=["string", "number", "number-in-an-array"],
)
def test_a_decimal_exponent_past_what_decimal_holds_is_an_input_error(
    text: str, path: str, constraint: str
) -> None:
    """It escaped as ``decimal.InvalidOperation`` (issue 12)."""
    with pytest.raises(JSONInputError) as caught:
        from_json(text, Decimal)
    (error,) = caught.value.errors
    assert (error["path"], error["constraint"]) == (path, constraint)
    assert str(error["value"]).lstrip("-").startswith("1E")


@attrs.frozen
class _Flagged:
    flag: bool
    count: int = 0
    label: str = ""


@pytest.mark.parametrize(
    ("data", "path", "constraint"),
    [
        ({"flag": "false"}, "$.flag", "true or false"),
        ({"flag": 0}, "$.flag", "true or false"),
        ({"flag": True, "count": Decimal("2.5")}, "$.count", "an integer"),
        ({"flag": True, "count": True}, "$.count", "an integer"),
        ({"flag": True, "label": None}, "$.label", "a string"),
    ],
    ids=["bool-from-text", "bool-from-0", "int-from-2.5", "int-from-true", "str-from-null"],
)
def test_scalars_are_read_without_silent_coercion(
    data: dict[str, object], path: str, constraint: str
) -> None:
    """``bool("false")`` is True and ``int(2.5)`` is 2: cattrs' default hooks coerced both."""
    with pytest.raises(JSONInputError) as caught:
        structure(data, _Flagged)
    (error,) = caught.value.errors
    assert (error["path"], error["constraint"]) == (path, constraint)


def test_scalars_read_the_spellings_the_schema_allows() -> None:
    data = {"flag": False, "count": Decimal("3E+1"), "label": Decimal("2.50")}
    assert structure(data, _Flagged) == _Flagged(False, 30, "2.50")


def test_indent_is_refused_outside_its_documented_range() -> None:
    assert to_json([1], indent=serialization.MAX_INDENT).startswith("[\n" + " " * 64 + "1")
    assert to_json([1], indent=0) == "[\n1\n]"
    with pytest.raises(InvalidInputError) as caught:
        to_json([1], indent=serialization.MAX_INDENT + 1)
    assert caught.value.field == "indent"
    with pytest.raises(TypeError, match=r"^indent must be an int, not str"):
        to_json([1], indent="\t")  # type: ignore[arg-type]


def test_objects_other_than_dicts_are_still_read() -> None:
    from types import MappingProxyType

    assert structure(MappingProxyType(unstructure(REASON)), Reason) == REASON


# nesting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[" * 100_000, "$" + "[0]" * MAX_JSON_DEPTH),
        ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "$" + "[0]" * MAX_JSON_DEPTH),
        ('{"a": ' * 5000, "$" + ".a" * MAX_JSON_DEPTH),
        (
            '{"code": "X.Y", "message": "[", "facts": [["a", 1], ["b", ' + "[" * 3000,
            "$.facts[1][1]" + "[0]" * (MAX_JSON_DEPTH - 3),
        ),
        (
            '{"code": "X.Y", "message": "\\\\", "facts": ' + "[" * 3000,
            "$.facts" + "[0]" * (MAX_JSON_DEPTH - 1),
        ),
        (
            '{"code": "X.Y", "message": "\\"[", "facts": ' + "[" * 3000,
            "$.facts" + "[0]" * (MAX_JSON_DEPTH - 1),
        ),
    ],
    ids=[
        "issue12-deep-arrays",
        "one-level-too-deep",
        "deep-objects",
        "deep-inside-a-field",
        "after-a-string-ending-in-a-backslash",
        "after-a-string-with-an-escaped-quote",
    ],
)
def test_nesting_deeper_than_the_limit_is_refused_before_parsing(text: str, path: str) -> None:
    problem = f"expected arrays and objects nested at most {MAX_JSON_DEPTH} deep @ {path}"
    assert _problem(text, Reason) == f"invalid Reason: {problem}"
    assert _problem(text.encode(), Reason) == f"invalid Reason: {problem}"


def test_wide_shallow_documents_are_read() -> None:
    reasons = tuple(Reason.of(f"DEMO.N{n}", "{[x]}", n=n) for n in range(MAX_JSON_DEPTH))
    text = to_json(reasons)
    assert text.count("[") + text.count("{") > 3 * MAX_JSON_DEPTH
    assert from_json(text, tuple[Reason, ...]) == reasons


def test_nesting_up_to_the_limit_reaches_the_type_check() -> None:
    text = (
        "[" * (MAX_JSON_DEPTH - 1) + "[], []" + "]" * (MAX_JSON_DEPTH - 1)
    )  # more brackets than the limit
    assert _problem(text, Reason).startswith("invalid Reason: expected a JSON object, not list:")


@pytest.mark.parametrize(
    "message",
    ["[" * 5000, '\\"' + "{" * 5000, "\\\\" + "[" * 5000],
    ids=["brackets", "after-an-escaped-quote", "after-an-escaped-backslash"],
)
def test_brackets_inside_strings_are_not_nesting(message: str) -> None:
    text = '{"code": "DEMO.CODE", "message": "' + message + '"}'
    assert from_json(text, Reason) == Reason("DEMO.CODE", json.loads(f'"{message}"'))


# integers over Python's digit limit --------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"code": ' + LONG + "}", "$.code"),
        (
            '{"message": 1.' + LONG + ', "code": true, "facts": [["a", 12], ["b", -' + LONG + "]]}",
            "$.facts[1][1]",
        ),
    ],
    ids=["issue12-5000-digit-integer", "negative-after-a-long-decimal"],
)
def test_integers_over_the_digit_limit_are_refused_by_path(text: str, path: str) -> None:
    problem = f"expected an integer of at most {LIMIT} digits @ {path}"
    assert _problem(text, Reason) == f"invalid Reason: {problem}"


def test_long_decimals_have_no_digit_limit() -> None:
    text = '{"code": "DEMO.CODE", "message": "x", "facts": [["a", 1.' + LONG + "]]}"
    assert from_json(text, Reason).facts == (("a", "1." + LONG),)


# bytes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b'{"code": "\xff"}',
            "expected UTF-8 text, found byte 0xff at position 10 (invalid start byte) @ $",
        ),
        (
            b'\xef\xbb\xbf{"code": "\xc3("}',
            "expected UTF-8 text, found byte 0xc3 at position 13 (invalid continuation byte) @ $",
        ),
        (
            b"\xff\xfe\x00",
            "expected UTF-16-LE text, found byte 0x00 at position 2 (truncated data) @ $",
        ),
    ],
    ids=["issue12-invalid-utf8", "invalid-utf8-after-a-bom", "truncated-utf16"],
)
def test_bytes_that_do_not_decode_are_refused(data: bytes, problem: str) -> None:
    assert _problem(data, Reason) == f"invalid Reason: {problem}"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32-be"])
def test_bytes_are_decoded_as_json_loads_decodes_them(encoding: str) -> None:
    data = to_json(Reason.of("DEMO.CODE", "Prix réduit € 5.", amount=Decimal("5"))).encode(encoding)
    assert from_json(data, Reason) == from_json(bytearray(data), Reason)
    assert from_json(data, Reason).message == "Prix réduit € 5."


def test_json_text_keeps_non_ascii_characters_as_they_are() -> None:
    reason = Reason.of("DEMO.CODE", "Prix réduit: 5 €.", note="ß")
    expected = '{"code": "DEMO.CODE", "message": "Prix réduit: 5 €.", "severity": "info", "facts": {"note": "ß"}}'
    assert to_json(reason) == expected
    assert to_json(reason, indent=1) == (
        '{\n "code": "DEMO.CODE",\n "message": "Prix réduit: 5 €.",\n "severity": "info",\n'
        ' "facts": {\n  "note": "ß"\n }\n}'
    )


def test_text_that_is_neither_str_nor_bytes_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="must be str, bytes or bytearray, not NoneType"):
        from_json(None, Reason)  # type: ignore[arg-type]


# locating a problem in the text ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target", "path"),
    [
        ('{"lines": [{"amount": 1}, {"amount": 22}]}', "22", "$.lines[1].amount"),
        ("[[1], [2, 3]]", "3", "$[1][1]"),
        ('{"a": [1], "b": 2}', "2", "$.b"),
        ('{"a b": {"c": 7}}', "7", "$['a b'].c"),
        ('{"a": "x,\\"]", "b": [3]}', "3", "$.b[0]"),
        ("], 7", "7", "$"),
        ("[1, 2]", "3", "$"),
        ("[{}, 5]", "5", "$[1]"),
    ],
    ids=[
        "doc",
        "after-a-nested-array",
        "after-an-array-member",
        "key-not-an-identifier",
        "escaped-quote-and-comma",
        "malformed",
        "not-found",
        "after-an-empty-object",
    ],
)
def test_path_to_names_the_value(text: str, target: str, path: str) -> None:
    assert serialization._path_to(text, lambda lexeme, _depth: lexeme == target) == path


# one converter per process ---------------------------------------------------------


class _CountingBuilds:
    def __init__(self, pause: float = 0.0) -> None:
        self.builds = 0
        self.pause = pause
        self._make = serialization.make_converter

    def __call__(self) -> cattrs.Converter:
        self.builds += 1
        time.sleep(self.pause)
        return self._make()


def test_the_json_functions_build_one_converter_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builder = _CountingBuilds()
    monkeypatch.setattr(serialization, "make_converter", builder)
    monkeypatch.setattr(serialization, "_SHARED", serialization._SharedConverter())
    for _ in range(3):
        assert from_json(to_json(PLAN), PaymentSchedule) == PLAN
        assert structure(unstructure(REASON), Reason) == REASON
        with pytest.raises(JSONInputError):
            from_json("[]", Reason)
    assert builder.builds == 1
    assert serialization._SHARED.get() is not cattrs.global_converter


def test_threads_asking_at_once_share_the_first_build(monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _CountingBuilds(pause=0.05)  # long enough for every thread to arrive while it builds
    monkeypatch.setattr(serialization, "make_converter", builder)
    shared = serialization._SharedConverter()
    start = threading.Barrier(8)
    got: list[cattrs.Converter] = []

    def ask() -> None:
        start.wait()
        got.append(shared.get())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builder.builds == 1
    assert len(got) == 8
    assert all(converter is got[0] for converter in got)


def test_a_thread_that_waited_for_the_lock_uses_the_converter_built_meanwhile() -> None:
    shared = serialization._SharedConverter()
    built_meanwhile = cattrs.Converter()

    class _OtherThreadWins:
        """A lock whose holder finished the build just before this thread got it."""

        def __enter__(self) -> None:
            shared._converter = built_meanwhile

        def __exit__(self, *exc: object) -> None:
            return None

    shared._lock = _OtherThreadWins()  # type: ignore[assignment]
    assert shared.get() is built_meanwhile


def test_threads_sharing_a_fresh_converter_read_and_write_as_one_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """cattrs generates each type's hook on first use; threads racing for it must agree."""
    objects: list[tuple[object, type[Any]]] = [
        (PLAN, PaymentSchedule),
        (REASON, Reason),
        (
            HolidayCalendar(frozenset({date(2026, 12, 25)}), valid_from=date(2026, 1, 1)),
            HolidayCalendar,
        ),
        (
            schedule(
                parse_terms("30% advance, 70% net 30"),
                invoice_date=date(2026, 1, 31),
                amount=Decimal("99.99"),
                currency="USD",
            ),
            PaymentSchedule,
        ),
    ]
    alone = [to_json(obj) for obj, _ in objects]  # the process's converter, hooks already warm
    monkeypatch.setattr(serialization, "_SHARED", serialization._SharedConverter())
    start = threading.Barrier(8)
    failures: list[str] = []

    def work(offset: int) -> None:
        start.wait()
        for step in range(len(objects) * 5):
            index = (offset + step) % len(objects)
            obj, tp = objects[index]
            text = to_json(obj)
            if text != alone[index] or from_json(text, tp) != obj:
                failures.append(f"thread {offset}: {tp.__name__}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# errors as data ----------------------------------------------------------------------
#
# Issue 12, "Errors as data": an app puts each error next to its form field, so every
# problem is also a {path, field, constraint, value} dict whose path reaches the field
# (``$.lines[0].currency``, where the message stops at ``$.lines[0]``).

REQUEST_DATA: dict[str, Any] = {
    "reference": "PO-1",
    "date": "2026-06-15",
    "lines": [
        {"account": "6100", "amount": "100.00", "currency": "EUR"},
        {"account": "6100", "amount": "50.00", "currency": "EUR"},
    ],
}
BUDGET_DATA: dict[str, Any] = {
    "account": "6100",
    "amount": "1000.00",
    "currency": "EUR",
    "valid_from": "2026-01-01",
    "valid_to": "2026-12-31",
}
REASON_DATA: dict[str, Any] = {"code": "DEMO.CODE", "message": "A sentence."}


def _with(data: dict[str, Any], *path: str | int, value: object = ..., drop: bool = False) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced (or dropped)."""
    copy = json.loads(json.dumps(data))
    *parents, last = path
    target = copy
    for step in parents:
        target = target[step]
    if drop:
        del target[last]
    else:
        target[last] = value
    return copy


def _entry(path: str, field: str | None, constraint: str, value: object) -> dict[str, object]:
    return {"path": path, "field": field, "constraint": constraint, "value": value}


def _errors(data: object, tp: type[Any]) -> tuple[dict[str, object], ...]:
    with pytest.raises(JSONInputError) as info:
        structure(data, tp)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert again.errors == info.value.errors
    assert len(info.value.errors) >= len(info.value.problems)
    return info.value.errors


@pytest.mark.parametrize(
    ("data", "tp", "expected"),
    [
        pytest.param(
            _with(REASON_DATA, "code", drop=True),
            Reason,
            [_entry("$.code", "code", "present", None)],
            id="missing-field",
        ),
        pytest.param(
            _with(REQUEST_DATA, "lines", 1, "amount", drop=True),
            SpendRequest,
            [_entry("$.lines[1].amount", "amount", "present", None)],
            id="missing-field-in-a-list-element",
        ),
        pytest.param(
            _with(BUDGET_DATA, "valid_from", value=20260101),
            Budget,
            [_entry("$.valid_from", "valid_from", "an ISO 8601 date (YYYY-MM-DD)", 20260101)],
            id="wrong-type-date",
        ),
        pytest.param(
            _with(BUDGET_DATA, "amount", value=True),
            Budget,
            [_entry("$.amount", "amount", "a decimal number", True)],
            id="wrong-type-amount",
        ),
        pytest.param(
            _with(BUDGET_DATA, "amount", value="abc"),
            Budget,
            [_entry("$.amount", "amount", "a decimal number", "abc")],
            id="not-a-decimal",
        ),
        pytest.param(
            _with(REASON_DATA, "severity", value="fatal"),
            Reason,
            [_entry("$.severity", "severity", "one of ['info', 'warning', 'error']", "fatal")],
            id="enum-value-not-listed",
        ),
        pytest.param(
            {**REASON_DATA, "size": [1, 2], "colour": "red"},
            Reason,
            [
                _entry("$.colour", "colour", "a field of Reason", "red"),
                _entry("$.size", "size", "a field of Reason", [1, 2]),
            ],
            id="extra-keys",
        ),
        pytest.param(
            _with(REQUEST_DATA, "lines", 0, "colour", value="red"),
            SpendRequest,
            [_entry("$.lines[0].colour", "colour", "a field of SpendLine", "red")],
            id="extra-key-in-a-list-element",
        ),
        pytest.param(
            _with(REASON_DATA, "code", value="lower.case"),
            Reason,
            [
                _entry(
                    "$.code", "code", "an upper-case dotted code like 'BUDGET.OVER'", "lower.case"
                )
            ],
            id="validator-refusal",
        ),
        pytest.param(
            _with(BUDGET_DATA, "amount", value="-5"),
            Budget,
            [_entry("$.amount", "amount", ">= 0", "-5")],
            id="converter-refusal-shows-the-json-value",
        ),
        pytest.param(
            _with(REQUEST_DATA, "lines", 0, "currency", value="XYZ"),
            SpendRequest,
            [_entry("$.lines[0].currency", "currency", "an active ISO 4217 currency code", "XYZ")],
            id="issue12-validator-refusal-in-a-list-element",
        ),
        pytest.param(
            _with(REQUEST_DATA, "lines", 1, "dimensions", value={"": "CC-110"}),
            SpendRequest,
            [_entry("$.lines[1].dimensions", "dimensions", "a non-empty name", "")],
            id="refusal-inside-a-field-shows-the-value-refused",
        ),
        pytest.param(
            _with(REQUEST_DATA, "lines", 1, value=7),
            SpendRequest,
            [_entry("$.lines[1]", "lines", "a JSON object", 7)],
            id="list-element-not-an-object",
        ),
        pytest.param(
            _with(PLAN_DATA, "lines", 0, "amount", value=1.5),
            PaymentSchedule,
            [_entry("$.lines[0].amount", "amount", "a decimal number", 1.5)],
            id="list-element-field-of-wrong-type",
        ),
        pytest.param(
            _with(REASON_DATA, "facts", value=[["a", "1"], ["b"]]),
            Reason,
            [_entry("$.facts[1]", "facts", "a [name, value] pair", ["b"])],
            id="pair-list-element-not-a-pair",
        ),
        pytest.param(
            _with(REASON_DATA, "facts", value="a=1"),
            Reason,
            [
                _entry(
                    "$.facts",
                    "facts",
                    "an object of names and values (or a list of [name, value] pairs)",
                    "a=1",
                )
            ],
            id="pairs-neither-object-nor-list",
        ),
        pytest.param(
            [REASON_DATA, {"message": "x", "code": "BAD"}, 3],
            tuple[Reason, ...],
            [
                _entry("$[1].code", "code", "an upper-case dotted code like 'BUDGET.OVER'", "BAD"),
                _entry("$[2]", None, "a JSON object", 3),
            ],
            id="top-level-array",
        ),
        pytest.param(
            "x",
            Reason,
            [_entry("$", None, "a JSON object", "x")],
            id="top-level-not-an-object",
        ),
    ],
)
def test_each_problem_is_data_with_the_path_down_to_the_field(
    data: object, tp: type[Any], expected: list[dict[str, object]]
) -> None:
    assert _errors(data, tp) == tuple(expected)


def test_the_message_keeps_its_text_while_errors_reach_the_field() -> None:
    with pytest.raises(JSONInputError) as info:
        structure(_with(REQUEST_DATA, "lines", 0, "currency", value="XYZ"), SpendRequest)
    assert info.value.problems == (
        "currency must be an active ISO 4217 currency code: 'XYZ' @ $.lines[0]",
    )
    assert info.value.errors[0]["path"] == "$.lines[0].currency"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[" * (MAX_JSON_DEPTH + 1),
            _entry(
                "$" + "[0]" * MAX_JSON_DEPTH,
                None,
                f"arrays and objects nested at most {MAX_JSON_DEPTH} deep",
                None,
            ),
        ),
        (
            '{"code": "X.Y", "facts": {"n": ' + LONG + "}}",
            _entry(
                "$.facts.n",
                "n",
                f"an integer of at most {LIMIT} digits",
                "<an integer of 5000 digits>",
            ),
        ),
        ('{"code": ', _entry("$", None, "valid JSON", None)),
        (b'{"code": "\xff"}', _entry("$", None, "UTF-8 text", None)),
    ],
    ids=["too-deep", "integer-too-long", "not-json", "not-utf8"],
)
def test_text_that_cannot_be_read_is_one_problem_as_data(
    text: str | bytes, expected: dict[str, object]
) -> None:
    with pytest.raises(JSONInputError) as info:
        from_json(text, Reason)
    assert info.value.errors == (expected,)
    assert info.value.problems[0].endswith(f" @ {expected['path']}")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("y" * 200, "y" * 200),
        ("y" * 201, "y" * 200 + "..."),
        (10**1000, "<an integer of 3322 bits>"),
        (Decimal("1." + "0" * 300), "Decimal('1." + "0" * 17 + "..." + "0" * 27 + "')"),
        ([1] * 199, [1] * 199),
        ([1] * 300, "[1, 1, 1, 1, 1, 1, ...]"),
        ({"k": "v" * 300}, "{'k': '" + "v" * 27 + "..." + "v" * 28 + "'}"),
        ([[["deep"]]], [[["deep"]]]),
        ({"n": [10**5000]}, "{'n': [<an integer of 16610 bits>]}"),
        (None, None),
    ],
    ids=[
        "string-at-the-limit",
        "long-string",
        "huge-integer",
        "long-decimal",
        "list-at-the-limit",
        "long-list",
        "object-with-a-long-string",
        "nested",
        "null",
        "huge-integer-inside",
    ],
)
def test_values_in_errors_are_shortened_when_huge(value: object, shown: object) -> None:
    assert _errors({**REASON_DATA, "colour": value}, Reason)[0]["value"] == shown


def test_errors_travel_to_an_app_as_json() -> None:
    text = json.dumps(_with(BUDGET_DATA, "amount", value="@")).replace('"@"', "-1.50")
    with pytest.raises(JSONInputError) as info:
        from_json(text, Budget)
    assert info.value.errors == (_entry("$.amount", "amount", ">= 0", Decimal("-1.50")),)
    assert json.loads(to_json(info.value.errors)) == [
        {"path": "$.amount", "field": "amount", "constraint": ">= 0", "value": "-1.50"}
    ]


def test_errors_default_to_none_for_existing_constructions() -> None:
    err = JSONInputError("Budget", ("bad @ $.amount",))
    assert err.errors == ()
    assert str(pickle.loads(pickle.dumps(err))) == "invalid Budget: bad @ $.amount"


# objects whose constructor names the field at fault ------------------------------------


@attrs.frozen
class _Part:
    amount: Decimal


@attrs.frozen
class _Order:
    """Refuses itself naming a field, as spendrules' constructors do."""

    parts: tuple[_Part, ...]
    note: str = ""
    kind: _Part | Reason | None = None

    def __attrs_post_init__(self) -> None:
        problems: dict[str, Exception] = {
            "nested": InvalidInputError("parts[1].amount", Decimal(0), "> 0"),
            "quoted": InvalidInputError("note['x']", "x", "unquoted"),
            "default": InvalidInputError("kind", None, "given"),
            "unknown": InvalidInputError("total", 3, "<= 2"),
            "bracket": InvalidInputError("[0]", 3, "named"),
            "currency": CurrencyMismatchError("note", "EUR", "USD"),
            "typed": TypeError("note must be a str, not int: 5"),
            "plain": ValueError("no field named"),
            "parse": ParseError("x", 0, "y"),
        }
        if self.note in problems:
            raise problems[self.note]


ORDER: dict[str, Any] = {"parts": [{"amount": "1"}, {"amount": "0"}]}


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("nested", _entry("$.parts[1].amount", "amount", "> 0", "0")),
        ("quoted", _entry("$.note.x", "x", "unquoted", "x")),
        ("default", _entry("$.kind", "kind", "given", None)),
        ("unknown", _entry("$", None, "<= 2", {**ORDER, "note": "unknown"})),
        ("bracket", _entry("$", None, "named", {**ORDER, "note": "bracket"})),
        ("currency", _entry("$.note", "note", "'EUR' to match", "currency")),
        ("typed", _entry("$.note", "note", "a str", "typed")),
        ("plain", _entry("$", None, "valid (no field named)", {**ORDER, "note": "plain"})),
        (
            "parse",
            _entry(
                "$",
                None,
                "valid (cannot parse 'x' at position 0: expected y, found 'x')",
                {**ORDER, "note": "parse"},
            ),
        ),
    ],
    ids=lambda item: item if isinstance(item, str) else "",
)
def test_a_constructor_refusal_is_pushed_down_to_the_field_it_names(
    note: str, expected: dict[str, object]
) -> None:
    assert _errors({**ORDER, "note": note}, _Order) == (expected,)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            {"amount": "1"},
            _entry(
                "$.kind",
                "kind",
                "an object with a 'type' key naming one of ['Reason', '_Part']",
                {"amount": "1"},
            ),
        ),
        (
            {"type": "Budget", "amount": "1"},
            _entry("$.kind.type", "type", "one of ['Reason', '_Part']", "Budget"),
        ),
        (
            {"type": "_Part", "amount": "x"},
            _entry("$.kind.amount", "amount", "a decimal number", "x"),
        ),
    ],
    ids=["no-type-tag", "unknown-type-tag", "field-of-a-tagged-member"],
)
def test_tagged_union_problems_are_data(kind: object, expected: dict[str, object]) -> None:
    assert _errors({**ORDER, "kind": kind}, _Order) == (expected,)


@attrs.frozen
class _Counted:
    count: int
    totals: dict[str, int] = attrs.Factory(dict)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"count": "many"}, _entry("$.count", "count", "an integer", "many")),
        (
            {"count": [10**5000]},
            _entry("$.count", "count", "an integer", "[<an integer of 16610 bits>]"),
        ),
        (
            {"count": 1, "totals": {"a b": "x"}},
            _entry("$.totals['a b']", "a b", "an integer", "x"),
        ),
    ],
    ids=["cattrs-type-check", "huge-integer-in-a-list", "mapping-value"],
)
def test_problems_cattrs_finds_are_data(data: object, expected: dict[str, object]) -> None:
    assert _errors(data, _Counted) == (expected,)


def test_problems_without_a_place_stay_at_their_container() -> None:
    inner = ValueError("whole list")
    outer = cattrs.IterableValidationError("While structuring", [inner], tuple[int, ...])
    other = RuntimeError("no hook")
    assert serialization._errors(outer, tuple[int, ...], [1]) == (
        _entry("$", None, "of type tuple[int, ...]", [1]),
    )
    assert serialization._errors(other, None, 5) == (_entry("$", None, "valid (no hook)", 5),)


# dimensions and facts as JSON objects ---------------------------------------------------

LINE = SpendLine("6100", Decimal("250.00"), "EUR", {"project": "P-1", "cost_center": "CC-110"})


@pytest.mark.parametrize(
    ("obj", "tp", "key", "written"),
    [
        (LINE, SpendLine, "dimensions", {"cost_center": "CC-110", "project": "P-1"}),
        (
            LedgerEntry("6100", "actual", Decimal(5), "EUR", date(2026, 5, 1), {"cc": "CC-1"}),
            LedgerEntry,
            "dimensions",
            {"cc": "CC-1"},
        ),
        (
            Budget(
                "6100",
                Decimal(1000),
                "EUR",
                date(2026, 1, 1),
                date(2026, 12, 31),
                {"project": "P-1", "cost_center": "CC-100"},
            ),
            Budget,
            "dimensions",
            {"cost_center": "CC-100", "project": "P-1"},
        ),
        (
            Reason.of("DEMO.CODE", "A sentence.", zeta="1", alpha=Decimal("2.50")),
            Reason,
            "facts",
            {"zeta": "1", "alpha": "2.50"},
        ),
        (Hierarchy("cc", {"CC-11": "CC-10"}), Hierarchy, "parents", {"CC-11": "CC-10"}),
    ],
    ids=[
        "spend-line",
        "ledger-entry",
        "budget-sorted-by-name",
        "reason-in-its-own-order",
        "hierarchy",
    ],
)
def test_pairs_are_written_as_an_object_in_the_types_order(
    obj: object, tp: type[Any], key: str, written: dict[str, str]
) -> None:
    data = json.loads(to_json(obj))
    assert data[key] == written
    assert list(data[key]) == list(written)
    assert from_json(to_json(obj), tp) == obj


@pytest.mark.parametrize(
    ("dimensions", "expected"),
    [
        (
            {"project": "P-1", "cost_center": "CC-110"},
            (("cost_center", "CC-110"), ("project", "P-1")),
        ),
        (
            [["project", "P-1"], ["cost_center", "CC-110"]],
            (("cost_center", "CC-110"), ("project", "P-1")),
        ),
        ({}, ()),
        ([], ()),
    ],
    ids=["issue12-object", "pair-list", "empty-object", "empty-list"],
)
def test_dimensions_are_read_from_an_object_or_a_pair_list(
    dimensions: object, expected: tuple[tuple[str, str], ...]
) -> None:
    data = _with(REQUEST_DATA, "lines", 0, "dimensions", value=dimensions)
    assert structure(data, SpendRequest).lines[0].dimensions == expected


@pytest.mark.parametrize(
    "facts",
    [{"zeta": "1", "alpha": "2"}, [["zeta", "1"], ["alpha", "2"]]],
    ids=["object", "pair-list"],
)
def test_facts_are_read_from_an_object_or_a_pair_list_in_their_order(facts: object) -> None:
    reason = structure({**REASON_DATA, "facts": facts}, Reason)
    assert reason.facts == (("zeta", "1"), ("alpha", "2"))


def test_facts_that_repeat_a_name_are_written_as_the_pair_list_they_are() -> None:
    reason = Reason("DEMO.CODE", "A sentence.", facts=(("a", "1"), ("a", "2")))
    assert json.loads(to_json(reason))["facts"] == [["a", "1"], ["a", "2"]]
    assert from_json(to_json(reason), Reason) == reason


def test_the_budget_sample_reads_the_same_with_objects() -> None:
    from spendrules.cli._common import sample_text

    sample = json.loads(sample_text("budget_sample.json"))
    request = sample["request"]
    as_objects = _with(
        request,
        "lines",
        value=[{**line, "dimensions": dict(line["dimensions"])} for line in request["lines"]],
    )
    assert structure(as_objects, SpendRequest) == structure(request, SpendRequest)


def test_structure_refuses_a_decimal_that_is_not_finite() -> None:
    # structure() from Python objects (not JSON text) may meet a Decimal NaN or infinity.
    from spendrules.errors import JSONInputError
    from spendrules.serialization import structure

    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(JSONInputError, match="must be a finite number"):
            structure(value, Decimal)
    assert structure(Decimal("1.50"), Decimal) == Decimal("1.50")
